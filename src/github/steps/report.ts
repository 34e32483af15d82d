/** Step `report`: the action's outputs, the job summary, and failed assets as annotations on the manifest. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { InputProblem } from '../../core/errors.js';
import type { DeliveryResult, Plan, ReportData, Synthesis } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { loadManifest } from '../../manifest/load.js';
import { formatAnnotation, workspacePath } from '../../report/annotations.js';
import { countChanges } from '../comment.js';
import { ACTION_FILES, Outputs } from '../constants.js';
import { type ActionSettings, loadSettings } from '../settings.js';
import { renderJobSummary } from '../summary.js';
import { EXIT, readOptional } from './shared.js';

interface RunFolder {
  report?: ReportData;
  problems?: InputProblem[];
  synthesis?: Synthesis;
  delivery?: DeliveryResult;
}

export async function reportStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const file = (name: string) => path.join(settings.runDir, name);
  const run: RunFolder = {
    report: await readOptional<ReportData>(file(RUN_FILES.reportJson)),
    problems: await readOptional<InputProblem[]>(file(ACTION_FILES.problems)),
    synthesis: await readOptional<Synthesis>(file(RUN_FILES.synthesis)),
    delivery: await readOptional<DeliveryResult>(file(RUN_FILES.delivery)),
  };
  for (const [name, value] of outputs(settings, run)) core.setOutput(name, value);

  const { report, synthesis, delivery, problems } = run;
  const facts: [string, string][] = [['mode', settings.mode]];
  if (synthesis)
    facts.push([
      'synthesis',
      `${synthesis.counts.generated} generated, ${synthesis.counts.cached} from cache or store, ${synthesis.counts.failed} failed`,
    ]);
  if (delivery?.assetsJson) facts.push(['assets.json', workspacePath(delivery.assetsJson, env)]);
  const markdown = report
    ? await readFile(file(RUN_FILES.reportMd), 'utf8').catch(() => undefined)
    : undefined;
  await core.summary.addRaw(renderJobSummary({ reportMarkdown: markdown, report, problems, facts })).write();
  if (report) await annotateFailedAssets(settings, report, env);
  return EXIT.ok;
}

function outputs(settings: ActionSettings, run: RunFolder): [string, string | number][] {
  const { report, problems, synthesis, delivery } = run;
  const c = report ? countChanges(report) : undefined;
  return [
    [Outputs.Mode, settings.mode],
    [Outputs.Gate, problems ? 'fail' : (report?.gate ?? 'fail')],
    [Outputs.JobsTotal, synthesis?.counts.jobs ?? 0],
    [Outputs.JobsGenerated, synthesis?.counts.generated ?? 0],
    [Outputs.JobsCached, synthesis?.counts.cached ?? 0],
    [Outputs.JobsFailed, synthesis?.counts.failed ?? 0],
    [Outputs.AssetsTotal, report?.assets.length ?? 0],
    [Outputs.AssetsNew, c?.new ?? 0],
    [Outputs.AssetsChanged, (c?.new ?? 0) + (c?.changed ?? 0)],
    [Outputs.AssetsFailed, c?.failed ?? 0],
    [Outputs.AssetsJson, delivery?.assetsJson ?? ''],
    [Outputs.ReportJson, report ? path.join(settings.runDir, RUN_FILES.reportJson) : ''],
    [Outputs.ReportMarkdown, report ? path.join(settings.runDir, RUN_FILES.reportMd) : ''],
    [Outputs.ReportHtml, report ? path.join(settings.runDir, RUN_FILES.reportHtml) : ''],
    [Outputs.RunDir, settings.runDir],
    [Outputs.Lockfile, settings.lockfile],
    [Outputs.CostEstimateUsd, report?.cost?.estimate.usd ?? 0],
    [Outputs.CostUsd, report?.cost?.spent?.usd ?? 0],
  ];
}

/** A failed asset as an error on its entry in the manifest. */
async function annotateFailedAssets(s: ActionSettings, report: ReportData, env: NodeJS.ProcessEnv) {
  const failed = report.assets.filter((a) => a.verdict === 'fail');
  if (!failed.length) return;
  const plan = await readOptional<Plan>(path.join(s.runDir, RUN_FILES.plan));
  let loaded: Awaited<ReturnType<typeof loadManifest>> | undefined;
  try {
    loaded = await loadManifest(s.manifest);
  } catch {
    loaded = undefined;
  }
  for (const a of failed) {
    const source = plan?.assets.find((p) => p.id === a.id)?.source ?? a.id;
    const index = loaded?.manifest.assets.findIndex((m) => m.id === source) ?? -1;
    const at = loaded && index >= 0 ? loaded.locator.locate(['assets', index]) : undefined;
    process.stdout.write(
      formatAnnotation({
        level: 'error',
        file: workspacePath(s.manifest, env),
        line: at?.line,
        col: at?.column,
        title: `genops: ${a.id} failed QA`,
        message: a.reasons.join('; ') || 'no candidate passed QA',
      }),
    );
  }
}
