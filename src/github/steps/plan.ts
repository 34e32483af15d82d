/** Step `plan`: the mode, the folders and the cache key for the steps after it; layer 1 itself. */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { plan } from '../../commands/index.js';
import { sha256Hex } from '../../core/canonical.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { EMPTY_LOCKFILE } from '../../lockfile/lockfile.js';
import { workspacePath } from '../../report/annotations.js';
import { TEMP_PREFIX } from '../../store/atomic.js';
import { statePaths } from '../../store/workspace.js';
import { runtimesWanted } from '../../validators/gates/index.js';
import {
  ACTION_FILES,
  CACHE_VERSION,
  Inputs,
  inputEnv,
  Outputs,
  PlanOutputs,
  SETUP_MODE,
} from '../constants.js';
import { mlRuntimeCache } from '../runtimes.js';
import { type ActionSettings, readSettings, saveSettings } from '../settings.js';
import { setupStep } from './setup.js';
import { applySecrets, callCommand, EXIT } from './shared.js';

export async function planStep(env: NodeJS.ProcessEnv): Promise<number> {
  if (env[inputEnv(Inputs.Mode)] === SETUP_MODE) return setupStep(env);
  const settings = readSettings(env);
  await mkdir(settings.runDir, { recursive: true });
  const context = await saveSettings(settings);
  core.setOutput(PlanOutputs.Context, context);
  core.setOutput(PlanOutputs.Mode, settings.mode);
  core.setOutput(PlanOutputs.Cache, String(settings.cache && settings.mode !== 'comment'));
  core.setOutput(Outputs.RunDir, settings.runDir);
  core.info(`mode: ${settings.mode}${describeMode(settings)}`);
  if (settings.mode === 'comment') return EXIT.ok;
  await clearRunFolder(settings.runDir);
  await recordBefore(settings);
  // `optimize:` may ask the chat model for a rewrite the lockfile does not hold yet.
  applySecrets(env);

  const outcome = await callCommand(settings, env, plan);
  if (outcome.code === EXIT.badInput) {
    // Why the manifest did not load, kept for the comment and the summary.
    await writeFile(
      path.join(settings.runDir, ACTION_FILES.problems),
      `${JSON.stringify(outcome.problems, null, 2)}\n`,
    );
  }
  if (outcome.code !== EXIT.ok) return outcome.code;
  const keys = outcome.result.result.jobs.map((j) => j.key).sort();
  const manifestId = sha256Hex(workspacePath(settings.manifest, env)).slice(0, 8);
  const prefix = `${settings.cacheKeyPrefix}-${CACHE_VERSION}-${manifestId}-`;
  core.setOutput(PlanOutputs.CacheKey, `${prefix}${sha256Hex(keys.join('\n')).slice(0, 32)}`);
  core.setOutput(PlanOutputs.CacheRestoreKeys, prefix);
  // Relative to the workspace when inside it: the cache version hashes this exact list.
  const paths = statePaths(settings.stateDir);
  core.setOutput(
    PlanOutputs.CachePaths,
    [
      ...[paths.blobs, paths.cache].map((p) => workspacePath(p, env)),
      // Temporary files of writes a kill cut short are never read: they must not travel.
      ...[paths.blobs, paths.cache].map((p) => `!${workspacePath(p, env)}/**/${TEMP_PREFIX}*`),
    ].join('\n'),
  );
  core.setOutput(Outputs.JobsTotal, keys.length);
  // Only the ML runtimes this manifest's gates load are installed (and cached under their own key).
  const runtimes = runtimesWanted(outcome.result.result);
  const runtimeCache = await mlRuntimeCache(runtimes, env);
  core.setOutput(PlanOutputs.MlRuntimes, runtimes.join(' '));
  core.setOutput(PlanOutputs.MlRuntimesKey, runtimeCache.key);
  core.setOutput(PlanOutputs.MlRuntimesPaths, runtimeCache.paths.join('\n'));
  return EXIT.ok;
}

function describeMode(s: ActionSettings): string {
  const pr = s.event.pullRequest;
  if (s.mode === 'pr' && pr)
    return ` — pull request #${pr.number}${pr.fork ? ' from a fork: read-only token, so no comment, previews branch or lockfile commit here; upload the run folder as an artifact and post from a workflow_run job' : ''}`;
  if (s.mode === 'deploy') return ` — push to ${s.event.defaultBranch}: deliver what genops.lock names`;
  if (s.mode === 'comment') return ' — post the comment of a pull request run from its artifact';
  return '';
}

/**
 * A self-hosted runner keeps its workspace: files of an earlier run must not pass for this run's
 * (a stale report.json after a failed layer, a stale problems.json after a fix). Only the files
 * GenOps writes are removed.
 */
async function clearRunFolder(runDir: string): Promise<void> {
  const ours = [...Object.values(RUN_FILES), ...Object.values(ACTION_FILES)].filter(
    (f) => f !== ACTION_FILES.context,
  );
  await Promise.all(ours.map((f) => rm(path.join(runDir, f), { recursive: true, force: true })));
}

/** What the lockfile said before this run (the "before" of every preview), and which pull request this is. */
async function recordBefore(settings: ActionSettings): Promise<void> {
  const before = path.join(settings.runDir, ACTION_FILES.lockfileBefore);
  await copyFile(settings.lockfile, before).catch(() =>
    writeFile(before, `${JSON.stringify(EMPTY_LOCKFILE)}\n`),
  );
  const pr = settings.event.pullRequest;
  if (pr) {
    await writeFile(
      path.join(settings.runDir, ACTION_FILES.pullRequest),
      `${JSON.stringify({ number: pr.number, headSha: pr.headSha }, null, 2)}\n`,
    );
  }
}
