/**
 * Every name the action shares with action.yml, spelled once. A test holds action.yml to these lists:
 * an input or output added on one side only fails it.
 */

/** action.yml `inputs:` */
export const Inputs = {
  Manifest: 'manifest',
  Mode: 'mode',
  GithubToken: 'github-token',
  StateDir: 'state-dir',
  RunDir: 'run-dir',
  Lockfile: 'lockfile',
  Cache: 'cache',
  CacheKeyPrefix: 'cache-key-prefix',
  Comment: 'comment',
  CommentHeader: 'comment-header',
  Previews: 'previews',
  PreviewsBranch: 'previews-branch',
  PreviewsRetentionDays: 'previews-retention-days',
  CommitLockfile: 'commit-lockfile',
  CommitMessage: 'commit-message',
  StoreBranch: 'store-branch',
  AllowGenerateOnDeploy: 'allow-generate-on-deploy',
  AllowPullRequestTarget: 'allow-pull-request-target',
  FailOnGate: 'fail-on-gate',
  OpenaiApiKey: 'openai-api-key',
  StabilityApiKey: 'stability-api-key',
  ReplicateApiToken: 'replicate-api-token',
  GeminiApiKey: 'gemini-api-key',
  BflApiKey: 'bfl-api-key',
  AwsAccessKeyId: 'aws-access-key-id',
  AwsSecretAccessKey: 'aws-secret-access-key',
  AwsSessionToken: 'aws-session-token',
  AwsRegion: 'aws-region',
} as const;

/** action.yml `outputs:` */
export const Outputs = {
  Mode: 'mode',
  Gate: 'gate',
  CacheHit: 'cache-hit',
  JobsTotal: 'jobs-total',
  JobsGenerated: 'jobs-generated',
  JobsCached: 'jobs-cached',
  JobsFailed: 'jobs-failed',
  AssetsTotal: 'assets-total',
  AssetsNew: 'assets-new',
  AssetsChanged: 'assets-changed',
  AssetsFailed: 'assets-failed',
  AssetsJson: 'assets-json',
  ReportJson: 'report-json',
  ReportMarkdown: 'report-markdown',
  ReportHtml: 'report-html',
  GalleryUrl: 'gallery-url',
  RunDir: 'run-dir',
  Lockfile: 'lockfile',
  LockfileCommit: 'lockfile-commit',
  CommentId: 'comment-id',
  CommentUrl: 'comment-url',
  PreviewsCommit: 'previews-commit',
  CostEstimateUsd: 'cost-estimate-usd',
  CostUsd: 'cost-usd',
} as const;

/**
 * Outputs of the plan step that only action.yml reads (cache keys, routing); not action outputs.
 * `context` is the path of the resolved settings every later step reads.
 */
export const PlanOutputs = {
  Context: 'context',
  Mode: 'mode',
  /** `true`/`false`, normalised from the `cache` input for action.yml's conditions. */
  Cache: 'cache',
  CacheKey: 'cache-key',
  CacheRestoreKeys: 'cache-restore-keys',
  CachePaths: 'cache-paths',
  /** The ML runtimes the plan's gates load (`clip nsfw`), their cache key and folders. */
  MlRuntimes: 'ml-runtimes',
  MlRuntimesKey: 'ml-runtimes-key',
  MlRuntimesPaths: 'ml-runtimes-paths',
} as const;

/** The composite's node steps: `node dist/index.js <step>`. */
export const Steps = [
  'review',
  'plan',
  'candidates',
  'runtimes',
  'synthesize',
  'qa',
  'decide',
  'rerun',
  'deliver',
  'deploy',
  'report',
  'previews',
  'handoff',
  'lockfile',
  'comment',
  'gate',
] as const;
export type StepName = (typeof Steps)[number];

/**
 * Composite steps get no INPUT_* variables: action.yml maps each input to `GENOPS_<NAME>` explicitly,
 * and only on the steps that need it.
 */
export function inputEnv(input: string): string {
  return `GENOPS_${input.toUpperCase().replace(/-/g, '_')}`;
}

/** The one variable later steps get from the plan step: where the resolved settings are. */
export const CONTEXT_ENV = 'GENOPS_CONTEXT';

/** issue_comment: the plan step's pointer to the request the `review` step accepted. */
export const REVIEW_ENV = 'GENOPS_REVIEW';

/**
 * Secrets arrive as inputs under these names and are copied to the variable a back end reads only
 * when non-empty, so a key set in the job's `env:` is not blanked by an empty input.
 */
export const SECRET_INPUTS: Record<string, string> = {
  [Inputs.OpenaiApiKey]: 'OPENAI_API_KEY',
  [Inputs.StabilityApiKey]: 'STABILITY_API_KEY',
  [Inputs.ReplicateApiToken]: 'REPLICATE_API_TOKEN',
  [Inputs.GeminiApiKey]: 'GEMINI_API_KEY',
  [Inputs.BflApiKey]: 'BFL_API_KEY',
  [Inputs.AwsAccessKeyId]: 'AWS_ACCESS_KEY_ID',
  [Inputs.AwsSecretAccessKey]: 'AWS_SECRET_ACCESS_KEY',
  [Inputs.AwsSessionToken]: 'AWS_SESSION_TOKEN',
  [Inputs.AwsRegion]: 'AWS_REGION',
};

export const MODES = ['auto', 'pr', 'deploy', 'check', 'comment'] as const;
export type Mode = Exclude<(typeof MODES)[number], 'auto'>;
/** `mode: setup`: no pipeline; the action's own CLI is put on PATH as `genops` for the job's later steps. */
export const SETUP_MODE = 'setup';

/** Files the action adds to the run folder (beside plan.json … report.md). */
export const ACTION_FILES = {
  context: 'action-context.json',
  lockfileBefore: 'lockfile.before.json',
  previews: 'previews.json',
  previewsDir: 'previews',
  pullRequest: 'pull-request.json',
  problems: 'problems.json',
  lockfileCommit: 'lockfile-commit.json',
  /** issue_comment: what the `decide` step applied (or why not), for the lockfile commit and the reply. */
  review: 'review.json',
} as const;

/** Cache key schema: bump when the cached folder layout changes. */
export const CACHE_VERSION = 'v1';

/** GitHub refuses comment bodies over 65,536 characters; stay well below. */
export const COMMENT_BUDGET = 60_000;
