/** Step `previews`: small before/after/diff images of every asset, for the comment. */
import path from 'node:path';
import * as core from '@actions/core';
import type { ReportData } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { readLockfile } from '../../lockfile/lockfile.js';
import { openWorkspace } from '../../store/workspace.js';
import { listBranch } from '../branch.js';
import { ACTION_FILES } from '../constants.js';
import { blobPath } from '../handoff.js';
import { makePreviews } from '../previews.js';
import { loadSettings } from '../settings.js';
import { EXIT, gitHub, readOptional, skip } from './shared.js';

export async function previewsStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  if (!report) return skip('no report: the pipeline did not get to QA');
  const before = await readLockfile(path.join(settings.runDir, ACTION_FILES.lockfileBefore));
  const workspace = openWorkspace(settings.stateDir);
  const client =
    settings.storeBranch && !settings.event.pullRequest?.fork ? gitHub(settings, env, false) : undefined;
  let remote: Map<string, string> | undefined;
  const set = await makePreviews({
    runDir: settings.runDir,
    report,
    before,
    blobs: workspace.blobs,
    fetchOld: client
      ? async (sha) => {
          remote ??= (await listBranch(client, settings.storeBranch)).files;
          const gitSha = remote.get(blobPath(sha));
          return gitSha ? client.readBlob(gitSha) : undefined;
        }
      : undefined,
    warn: (m) => core.warning(m),
  });
  core.info(`previews: ${set.items.length} assets${set.omitted ? ` (${set.omitted} more not shown)` : ''}`);
  return EXIT.ok;
}
