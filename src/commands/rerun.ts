/**
 * `genops run` where nothing changed since its last complete run (src/layers/fingerprint.ts): the
 * same lines, result and exit status, with nothing parsed, decoded, hashed or written. Light on
 * purpose: the CLI calls it before it loads the commands and their layers.
 */
import { readFile } from 'node:fs/promises';
import type { ReportData } from '../core/model.js';
import { createContext } from '../layers/context.js';
import { type RunFingerprint, unchangedRun } from '../layers/fingerprint.js';
import { runPath } from '../layers/run-folder.js';
import type { CommandResult, RunCommandOptions } from './index.js';

/**
 * The outcome of the last complete run when this one would repeat it, else undefined (run it). Its
 * result is the report (report.json) when `report` asks for it (`--json`), else the run's summary.
 */
export async function unchangedSinceLastRun(
  options: RunCommandOptions,
  { report }: { report: boolean },
): Promise<CommandResult<ReportData | RunFingerprint['summary']> | undefined> {
  const ctx = createContext(options);
  const last = unchangedRun(ctx, options.mode ?? 'publish');
  if (!last) return undefined;
  const { assets, jobs, gate } = last.summary;
  ctx.log.info(
    `nothing changed since the complete run of ${last.recordedAt} (${assets} assets, ${jobs} jobs): nothing to do`,
  );
  ctx.log.info(`report: ${ctx.runDir}/report.md, gallery ${ctx.runDir}/report.html — gate ${gate}`);
  const result = report
    ? (JSON.parse(await readFile(runPath(ctx.runDir, 'reportJson'), 'utf8')) as ReportData)
    : last.summary;
  return { result, gateFailed: gate !== 'pass', interrupted: false, incomplete: false };
}
