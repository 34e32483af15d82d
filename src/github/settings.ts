import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { defaultLockfile } from '../lockfile/lockfile.js';
import { writeJsonAtomic } from '../store/atomic.js';
import { defaultRunDir, defaultStateDir } from '../store/workspace.js';
import {
  ACTION_FILES,
  CONTEXT_ENV,
  Inputs,
  inputEnv,
  MODES,
  type Mode,
  REVIEW_ENV,
  SETUP_MODE,
} from './constants.js';
import { detectMode, type RunEvent, readEvent } from './event.js';
import type { ReviewRequest } from './review.js';

/** Defaults of the non-secret inputs; action.yml states the same values (a test compares them). */
export const DEFAULTS = {
  [Inputs.Manifest]: 'genops.yaml',
  [Inputs.Mode]: 'auto',
  [Inputs.StateDir]: '',
  [Inputs.RunDir]: '',
  [Inputs.Lockfile]: '',
  [Inputs.Cache]: 'true',
  [Inputs.CacheKeyPrefix]: 'genops',
  [Inputs.Comment]: 'true',
  [Inputs.CommentHeader]: 'genops',
  [Inputs.Previews]: 'branch',
  [Inputs.PreviewsBranch]: 'genops-previews',
  [Inputs.PreviewsRetentionDays]: '30',
  [Inputs.CommitLockfile]: 'auto',
  [Inputs.CommitMessage]: 'genops: update genops.lock',
  [Inputs.StoreBranch]: 'genops-store',
  [Inputs.AllowGenerateOnDeploy]: 'false',
  [Inputs.AllowPullRequestTarget]: 'false',
  [Inputs.FailOnGate]: 'true',
} as const;

/**
 * Everything the action decided from its inputs and the event, resolved once by the plan step and
 * read by every later step from the run folder. Holds no secret: the token and API keys travel
 * only in the `env:` of the steps that use them.
 */
export interface ActionSettings {
  mode: Mode;
  /** Absolute paths. */
  manifest: string;
  stateDir: string;
  runDir: string;
  lockfile: string;
  cache: boolean;
  cacheKeyPrefix: string;
  comment: boolean;
  commentHeader: string;
  previews: 'branch' | 'none';
  previewsBranch: string;
  previewsRetentionDays: number;
  /**
   * `auto`: commit genops.lock only with a token whose commits start workflows (not the default
   * GITHUB_TOKEN, whose commit would leave required checks unreported); else `never`'s behaviour.
   * `always`: commit with any token. `never`: leave genops.lock to the author entirely.
   */
  commitLockfile: 'auto' | 'always' | 'never';
  /** The github-token input is not the job's GITHUB_TOKEN: its commits start workflows. */
  tokenStartsWorkflows: boolean;
  commitMessage: string;
  /** Branch holding reviewed blobs for the merge run; '' when the manifest's own store is used. */
  storeBranch: string;
  allowGenerateOnDeploy: boolean;
  failOnGate: boolean;
  event: RunEvent;
  /** issue_comment: the `/genops` command the `review` step accepted; its pull request is `event.pullRequest`. */
  review?: ReviewRequest;
}

/** Reads and validates the inputs (as `GENOPS_*` variables) and the event. Throws UsageError. */
export function readSettings(env: NodeJS.ProcessEnv): ActionSettings {
  const input = (name: keyof typeof DEFAULTS): string => (env[inputEnv(name)] ?? '').trim() || DEFAULTS[name];
  const event = readEvent(env);
  const workspace = event.workspace;

  if (
    event.name === 'pull_request_target' &&
    !bool(Inputs.AllowPullRequestTarget, input(Inputs.AllowPullRequestTarget))
  )
    throw new UsageError(PULL_REQUEST_TARGET_REFUSED);

  const modeInput = input(Inputs.Mode);
  if (!(MODES as readonly string[]).includes(modeInput))
    throw new UsageError(
      `input ${Inputs.Mode}: "${modeInput}" is not one of ${[...MODES, SETUP_MODE].join(', ')}`,
    );
  const review = readReviewRequest(env, event);
  const mode = review ? 'pr' : modeInput === 'auto' ? detectMode(event) : (modeInput as Mode);

  const manifest = path.resolve(workspace, input(Inputs.Manifest));
  const stateDir = path.resolve(workspace, input(Inputs.StateDir) || defaultStateDir(manifest));
  const runDir = path.resolve(workspace, input(Inputs.RunDir) || defaultRunDir(manifest));
  const lockfile = path.resolve(workspace, input(Inputs.Lockfile) || defaultLockfile(manifest));

  const previews = input(Inputs.Previews);
  if (previews !== 'branch' && previews !== 'none')
    throw new UsageError(`input ${Inputs.Previews}: "${previews}" is not one of branch, none`);

  return {
    mode,
    manifest,
    stateDir,
    runDir,
    lockfile,
    cache: bool(Inputs.Cache, input(Inputs.Cache)),
    cacheKeyPrefix: cacheKeyPart(input(Inputs.CacheKeyPrefix)),
    comment: bool(Inputs.Comment, input(Inputs.Comment)),
    commentHeader: input(Inputs.CommentHeader),
    previews,
    previewsBranch: branchName(Inputs.PreviewsBranch, input(Inputs.PreviewsBranch)),
    previewsRetentionDays: positive(Inputs.PreviewsRetentionDays, input(Inputs.PreviewsRetentionDays)),
    commitLockfile: commitPolicy(input(Inputs.CommitLockfile)),
    tokenStartsWorkflows: env.GENOPS_TOKEN_IS_DEFAULT === 'false',
    commitMessage: input(Inputs.CommitMessage),
    storeBranch:
      (env[inputEnv(Inputs.StoreBranch)] ?? DEFAULTS[Inputs.StoreBranch]).trim() === ''
        ? ''
        : branchName(Inputs.StoreBranch, input(Inputs.StoreBranch)),
    allowGenerateOnDeploy: bool(Inputs.AllowGenerateOnDeploy, input(Inputs.AllowGenerateOnDeploy)),
    failOnGate: bool(Inputs.FailOnGate, input(Inputs.FailOnGate)),
    event,
    review,
  };
}

/**
 * issue_comment: the request the `review` step verified (`GENOPS_REVIEW`), whose pull request the
 * run reviews as if it were a pull_request run on that head. Without one an issue_comment run stops.
 */
function readReviewRequest(env: NodeJS.ProcessEnv, event: RunEvent): ReviewRequest | undefined {
  if (event.name !== 'issue_comment') return undefined;
  const file = env[REVIEW_ENV];
  if (!file)
    throw new UsageError(
      `an issue_comment run needs the review step's request (${REVIEW_ENV}); run the action with mode: auto`,
    );
  const review = JSON.parse(readFileSync(file, 'utf8')) as ReviewRequest;
  event.pullRequest = { ...review.pullRequest, baseRepo: `${event.owner}/${event.repo}`, fork: false };
  return review;
}

/**
 * `pull_request_target` runs with the base repository's secrets and a write token on any pull
 * request, a fork's included — and GenOps reads the manifest from the checkout, where a fork could
 * point a generator's baseUrl at its own host and receive the API key with the first request.
 */
const PULL_REQUEST_TARGET_REFUSED = `refusing to run on pull_request_target: that event gives a fork's pull request this repository's secrets and a write token, and a fork's manifest can point a generator's baseUrl at any host, which then receives the API key. Use pull_request (with the workflow_run comment job for forks, see examples/workflows), or, if this workflow never checks out the pull request's head, set ${Inputs.AllowPullRequestTarget}: true`;

function bool(name: string, value: string): boolean {
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new UsageError(`input ${name}: "${value}" is not a boolean (true or false)`);
}

function commitPolicy(value: string): ActionSettings['commitLockfile'] {
  if (/^auto$/i.test(value)) return 'auto';
  return bool(Inputs.CommitLockfile, value) ? 'always' : 'never';
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`input ${name}: "${value}" is not a whole number ≥ 1`);
  return n;
}

function branchName(name: string, value: string): string {
  if (!/^[A-Za-z0-9._/-]+$/.test(value) || value.includes('..') || value.startsWith('/'))
    throw new UsageError(`input ${name}: "${value}" is not a usable branch name`);
  return value;
}

/** Cache keys may not contain commas (the cache service splits on them). */
function cacheKeyPart(value: string): string {
  if (/[,\s]/.test(value))
    throw new UsageError(`input ${Inputs.CacheKeyPrefix}: "${value}" may not contain commas or spaces`);
  return value;
}

export function contextPath(runDir: string): string {
  return path.join(runDir, ACTION_FILES.context);
}

export async function saveSettings(settings: ActionSettings): Promise<string> {
  const file = contextPath(settings.runDir);
  await writeJsonAtomic(file, settings);
  return file;
}

/** Later steps: the settings the plan step resolved. */
export async function loadSettings(env: NodeJS.ProcessEnv): Promise<ActionSettings> {
  const file = env[CONTEXT_ENV];
  if (!file) throw new UsageError(`${CONTEXT_ENV} is not set: the plan step must run first`);
  return JSON.parse(await readFile(file, 'utf8')) as ActionSettings;
}
