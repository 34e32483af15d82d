import { readFile } from 'node:fs/promises';
import type { DeliveryResult, QaReport, ReportData, Synthesis } from '../core/model.js';
import { renderMarkdown } from '../report/markdown.js';
import { summarize } from '../report/summary.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { LayerContext } from './context.js';
import { readRunFile, runPath, writeRunFile } from './run-folder.js';

/** Writes report.json and report.md from whatever layers have run so far. */
export async function reportLayer(ctx: LayerContext): Promise<ReportData> {
  const plan = await readRunFile(ctx.runDir, 'plan');
  const synthesis = await optional<Synthesis>(() => readRunFile(ctx.runDir, 'synthesis'));
  const qa = await optional<QaReport>(() => readRunFile(ctx.runDir, 'qa'));
  const delivery = await optional<DeliveryResult>(async () =>
    JSON.parse(await readFile(runPath(ctx.runDir, 'delivery'), 'utf8')),
  );
  const report = summarize({ plan, synthesis, qa, delivery });
  await writeRunFile(ctx.runDir, 'reportJson', report);
  await writeFileAtomic(runPath(ctx.runDir, 'reportMd'), renderMarkdown(report));
  return report;
}

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
