/** Step `handoff`: without a shared S3 store, the approved bytes go to the store branch for the merge run. */
import path from 'node:path';
import * as core from '@actions/core';
import type { ReportData, Synthesis } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { readLockfile } from '../../lockfile/lockfile.js';
import { openWorkspace } from '../../store/workspace.js';
import { Inputs } from '../constants.js';
import { publishHandoff } from '../handoff.js';
import { loadSettings } from '../settings.js';
import { EXIT, gitHub, readJson, readOptional, skip } from './shared.js';

export async function handoffStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (!settings.storeBranch)
    return skip(`${Inputs.StoreBranch} is empty: the manifest's store carries images`);
  if (settings.event.pullRequest?.fork) return skip('fork pull request: the token cannot write');
  // A failed gate hands its candidates over too: a reviewer's `/genops approve` or pick is then
  // applied to the very images the comment showed (the merge run still reads only what genops.lock names).
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  if (!report) return skip('no report: the pipeline did not get to QA');
  const synthesis = await readJson<Synthesis>(path.join(settings.runDir, RUN_FILES.synthesis));
  const client = gitHub(settings, env, true);
  const pr = settings.event.pullRequest;
  const result = await publishHandoff(
    client,
    settings.storeBranch,
    openWorkspace(settings.stateDir),
    synthesis,
    await readLockfile(settings.lockfile),
    `genops store: reviewed images${pr ? ` of #${pr.number}` : ''}`,
  );
  core.info(
    `store branch ${settings.storeBranch}: ${result.uploaded} files added, ${result.present} images already there`,
  );
  return EXIT.ok;
}
