/** Step `gate`, the last: fails the job when the manifest was bad or a gate failed, with one line saying why. */
import path from 'node:path';
import * as core from '@actions/core';
import type { InputProblem } from '../../core/errors.js';
import type { ReportData } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { ACTION_FILES, Inputs } from '../constants.js';
import type { LockfileCommitResult } from '../lockfile-commit.js';
import { loadSettings } from '../settings.js';
import { gateReason } from '../summary.js';
import { EXIT, readOptional } from './shared.js';

export async function gateStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (settings.mode === 'comment') return EXIT.ok;
  const problems = await readOptional<InputProblem[]>(path.join(settings.runDir, ACTION_FILES.problems));
  if (problems?.length) {
    core.setFailed(`GenOps: the manifest has ${problems.length} problem(s); see the annotations`);
    return EXIT.badInput;
  }
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  if (!report) {
    core.setFailed('GenOps: no report was written; an earlier step failed');
    return EXIT.failed;
  }
  if (report.gate === 'pass') {
    const lockfile = await readOptional<LockfileCommitResult>(
      path.join(settings.runDir, ACTION_FILES.lockfileCommit),
    );
    if (lockfile?.action === 'stale') {
      // The merge deploys what genops.lock names: a branch whose lockfile lags its manifest must not pass.
      core.setFailed(
        `GenOps: genops.lock is out of date on this branch (${lockfile.reason}). Fix: run \`genops run\` and commit genops.lock, apply the patch in the PR comment, or set github-token to a token whose commits start workflows.`,
      );
      return EXIT.failed;
    }
    core.info(`GenOps gate passed: ${report.assets.length} assets`);
    return EXIT.ok;
  }
  if (!settings.failOnGate) {
    core.warning(`${gateReason(report)} (${Inputs.FailOnGate} is false)`);
    return EXIT.ok;
  }
  core.setFailed(gateReason(report));
  return EXIT.failed;
}
