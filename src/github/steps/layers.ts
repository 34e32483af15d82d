/** Steps `synthesize`, `qa`, `deliver`, `deploy`: the layers, as the CLI runs them, on this run's folders. */
import path from 'node:path';
import * as core from '@actions/core';
import { type CommandOptions, type CommandResult, deliver, qa, synthesize } from '../../commands/index.js';
import type { Plan } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { readLockfile } from '../../lockfile/lockfile.js';
import { openWorkspace } from '../../store/workspace.js';
import { Inputs } from '../constants.js';
import { hydrateFromBranch } from '../handoff.js';
import { type ActionSettings, loadSettings } from '../settings.js';
import {
  applySecrets,
  callCommand,
  EXIT,
  gitHub,
  readJson,
  readOptional,
  type Step,
  skip,
} from './shared.js';

/**
 * A failed gate does not fail a layer step, so QA, the report and the comment still run; the last
 * step (`gate`) fails the job with one line saying why. Bad input (2) fails the step.
 */
const passGate = (code: number) => (code === EXIT.failed ? EXIT.ok : code);

/** A layer step: the command on this run's folders, with the secret inputs in the environment. */
function layerStep(command: (options: CommandOptions) => Promise<CommandResult<unknown>>): Step {
  return async (env) => {
    const settings = await loadSettings(env);
    applySecrets(env);
    return passGate((await callCommand(settings, env, command)).code);
  };
}

export const synthesizeStep = layerStep(synthesize);
export const qaStep = layerStep(qa);

/**
 * Only deploy publishes to remote targets: a review run stores what it approved and writes
 * genops.lock with the final URLs, but must not change what users get before the merge. A local
 * folder target is the runner's own workspace, so a review run may fill it.
 */
export async function deliverStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  applySecrets(env);
  const mode = settings.mode !== 'deploy' && (await remoteTargets(settings)).length ? 'stage' : 'publish';
  return passGate((await callCommand(settings, env, (o) => deliver({ ...o, mode }))).code);
}

/** Delivery targets of the plan other than a local folder (S3, …). */
async function remoteTargets(s: ActionSettings): Promise<string[]> {
  const plan = await readOptional<Plan>(path.join(s.runDir, RUN_FILES.plan));
  return (plan?.targets ?? []).filter((t) => t.type !== 'local').map((t) => t.type);
}

/** Push to the default branch: deliver exactly what genops.lock names, generating nothing. */
export async function deployStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  applySecrets(env);
  if (settings.storeBranch) await hydrateStore(settings, env);
  const outcome = await callCommand(settings, env, (o) =>
    deliver({ ...o, mode: 'locked', allowGenerate: settings.allowGenerateOnDeploy }),
  );
  const code = outcome.code === EXIT.ok && outcome.result.gateFailed ? EXIT.failed : outcome.code;
  if (code === EXIT.ok) core.info('deploy: the reviewed assets are live, nothing generated');
  return passGate(code);
}

/**
 * A review command's run (issue_comment) sees only the default branch's cache: the candidates the
 * reviewer looked at come from the store branch the pull request run handed them to, so a pick
 * ships the very image that was seen, not a new one. Its own step: synthesize never holds the token.
 */
export async function candidatesStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (!settings.review) return skip('not a review command');
  if (!settings.storeBranch)
    return skip(`${Inputs.StoreBranch} is empty: the manifest's store carries images`);
  await hydrateStore(settings, env);
  return EXIT.ok;
}

/** No shared S3 store: the pull-request run handed its approved bytes over on the store branch. */
async function hydrateStore(settings: ActionSettings, env: NodeJS.ProcessEnv): Promise<void> {
  const plan = await readJson<Plan>(path.join(settings.runDir, RUN_FILES.plan));
  const lock = await readLockfile(settings.lockfile);
  const got = await hydrateFromBranch(
    gitHub(settings, env, true),
    settings.storeBranch,
    openWorkspace(settings.stateDir),
    lock,
    plan,
  );
  core.info(
    `store branch ${settings.storeBranch}: fetched ${got.blobs} images and ${got.records} cache records${got.missing.length ? `; ${got.missing.length} locked files are not there` : ''}`,
  );
}
