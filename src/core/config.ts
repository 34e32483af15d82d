/**
 * What the manifest configures and later layers read back from plan.json: delivery targets, the
 * shared store, the policy and each asset's quality gates. Plain data, validated by
 * schemas/manifest.schema.json (see that file for every field's meaning).
 */

/** Perceptual hash used for near-duplicate checks. */
export type HashAlgorithm = 'phash' | 'dhash';

/** Scores best-of-N weighs. */
export type ScoreMetric = 'aesthetic' | 'clip' | 'judge';

export type SelectionWeights = Partial<Record<ScoreMetric, number>>;

/** Prompt rules: words or `/regex/flags`; a block match fails the job before any back end is called. */
export interface PromptRules {
  block?: string[];
  allow?: string[];
}

/** Where an OpenAI-compatible service is and which environment variable holds its key. */
export interface OpenAIEndpoint {
  /** Environment variable holding the key; default OPENAI_API_KEY. */
  apiKeyEnv?: string;
  /** Another OpenAI-compatible endpoint, e.g. a proxy or the tests' loopback peer. */
  baseUrl?: string;
}

/**
 * `optimize`: an LLM (OpenAI-compatible chat completions) rewrites the resolved prompt before job
 * keys are made. A rewrite is keyed by its inputs (model, instructions, examples, the prompt) and
 * kept in the state folder and the lockfile, so it changes only when they change.
 */
export interface OptimizeConfig extends OpenAIEndpoint {
  /** Default true when the block is present; `false` on an asset turns the defaults' block off. */
  enabled?: boolean;
  /** Chat model; default DEFAULT_OPTIMIZE_MODEL (src/plan/optimize.ts). */
  model?: string;
  /** What the rewrite should do; default DEFAULT_OPTIMIZE_INSTRUCTIONS. */
  instructions?: string;
  /** Worked examples shown to the model before the prompt, in order. */
  examples?: { prompt: string; rewritten: string }[];
}

/** `prices:` one row of the manifest's own prices, searched before the built-in table. */
export interface PriceOverride {
  /** Generator type, e.g. `openai`, `replicate`. */
  type: string;
  model: string;
  /** `WxH`; unset: any size. */
  size?: string;
  /** Back-end quality setting; unset: any quality. */
  quality?: string;
  /** US dollars per image. */
  usd: number;
}

/** `qa.clip`: CLIPScore and the LAION aesthetic head from a model folder the user supplies. */
export interface ClipConfig {
  /** Model folder, relative to the manifest's folder or absolute. */
  model?: string;
  /** CLIPScore (0–2.5) below which the image fails (a gate). Unset: reported, not gated. */
  minScore?: number;
  /** Text put before the prompt; default "A photo depicts ". */
  prefix?: string;
}

/** `qa.judge`: a vision model scores the image against a rubric. */
export interface JudgeConfig extends OpenAIEndpoint {
  enabled?: boolean;
  model?: string;
  /** Criteria, one per item (or one text). Default DEFAULT_RUBRIC (src/validators/judge.ts). */
  rubric?: string | string[];
  /** Score (0–10) below which the image fails (a gate). Unset: the score only ranks candidates. */
  minScore?: number;
  /** Image detail the model sees: `low` (default, cheap: 512 px) or `high`/`auto`. */
  detail?: 'low' | 'high' | 'auto';
}

/** `qa.similarity`: near-duplicates and the comparison with the last approved version. */
export interface SimilarityConfig {
  hash?: HashAlgorithm;
  maxDistance?: number;
  acrossAssets?: 'info' | 'gate';
  unchangedSsim?: number;
  unchangedLocalSsim?: number;
}

/**
 * Checks a reviewer may approve when they fail (`qa.overridable`, `genops approve`): soft quality
 * gates only. Policy checks (prompt rules, NSFW, moderation) and what delivery needs (decode, pixel
 * limit, format) can never be overridden.
 */
export const OVERRIDABLE_CHECKS = [
  'aesthetic.score',
  'aesthetic.laion',
  'clip.score',
  'judge.score',
  'similarity.duplicate',
  'technical.alpha',
  'technical.blank',
  'technical.bytes',
  'technical.colorSpace',
  'technical.dimensions',
] as const;

export type OverridableCheck = (typeof OVERRIDABLE_CHECKS)[number];

/** The gate fields of `qa` (defaults or per asset), next to the technical thresholds. */
export interface QaGateConfig extends PromptRules {
  clip?: ClipConfig;
  judge?: JudgeConfig;
  weights?: SelectionWeights;
  similarity?: SimilarityConfig;
  /** Failed checks a reviewer may approve (`genops approve`), from OVERRIDABLE_CHECKS. */
  overridable?: OverridableCheck[];
}

/** `policy.moderation`: OpenAI's moderation endpoint on the prompt and the image. */
export interface ModerationConfig extends OpenAIEndpoint {
  enabled?: boolean;
  model?: string;
  /** Fail when a category's score reaches this, even if the service did not flag it. */
  thresholds?: Record<string, number>;
  onError?: 'fail' | 'skip';
}

export type NsfwClass = 'Porn' | 'Hentai' | 'Sexy';

/** `policy`: rules for every asset. */
export interface PolicyConfig extends PromptRules {
  nsfw?: { enabled?: boolean; thresholds?: Partial<Record<NsfwClass, number>> };
  moderation?: ModerationConfig;
}

export type DeliveryTargetConfig = LocalTarget | S3Target;

export interface LocalTarget {
  type: 'local';
  dir?: string;
  baseUrl?: string;
}

export interface S3Target {
  type: 's3';
  bucket: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  publicBaseUrl?: string;
  accessKeyIdEnv?: string;
  secretAccessKeyEnv?: string;
  /** Environment variable holding a session token, for temporary credentials named by *Env. */
  sessionTokenEnv?: string;
  concurrency?: number;
}
