/**
 * The data that flows between the four layers. Each layer reads the previous layer's file from the
 * run folder and writes its own; these types are those files' shapes (docs/architecture.md).
 */
import type { DeliveryTargetConfig, PolicyConfig, PriceOverride, QaGateConfig, S3Target } from './config.js';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'avif';

export type EmbeddingKind = 'lora' | 'hypernetwork' | 'textual-inversion';

/** A LoRA, hypernetwork or textual-inversion embedding applied to a job. */
export interface EmbeddingRef {
  kind: EmbeddingKind;
  name: string;
  weight: number;
}

/** Everything a back end needs to make one image. Every field changes the output, so all are keyed. */
export interface GenerationRequest {
  prompt: string;
  negativePrompt: string;
  width: number;
  height: number;
  format: ImageFormat;
  /** uint32 in 0..4294967294, derived from (asset, combination, variant) unless pinned. */
  seed: number;
  steps?: number;
  cfgScale?: number;
  sampler?: string;
  scheduler?: string;
  embeddings: EmbeddingRef[];
  /** Back-end specific parameters passed through from the manifest (quality, style_preset, …). */
  params: Record<string, unknown>;
}

/** What identifies the model that answers a job: part of the job key. */
export interface BackendIdentity {
  /** Generator type, e.g. `procedural`, `openai`, `comfyui`. */
  type: string;
  model: string;
  /** A class of endpoint that changes outputs (e.g. `openai` vs `azure`), never a URL with a host:port. */
  endpointClass: string;
  /** sha256 of a workflow file (ComfyUI), when one shapes the output. */
  workflowHash?: string;
  /** The generator implementation's own version: bump it when its output for the same request changes. */
  version: string;
  /** Generator-config settings that change the output (OpenAI quality, Stability style preset, …). */
  settings?: Record<string, unknown>;
}

export interface Job {
  /** Content-addressed job key: sha256 of the canonical JSON of `{backend, request, variant}`. */
  key: string;
  /** The delivered asset this job is a candidate for. */
  asset: string;
  /** 0-based candidate index for best-of-N. */
  variant: number;
  /** Name of the generator configuration in the manifest. */
  generator: string;
  backend: BackendIdentity;
  request: GenerationRequest;
  /** Prompt-policy checks made at plan time; a failed one means no back end is ever called. */
  policy?: CheckResult[];
  /** Most bytes the back end may answer with (from the size and limits.maxPixels); not part of the key. */
  maxResponseBytes?: number;
  /** Set when `optimize` rewrote the prompt: `request.prompt` is the rewrite, this the original. */
  optimized?: PromptRewrite;
}

/** A prompt rewritten by the optimisation LLM, keyed by everything the rewrite depends on. */
export interface PromptRewrite {
  /** contentKey of {model, instructions, examples, prompt}: the cache and lockfile key. */
  key: string;
  model: string;
  original: string;
}

/** One back end's share of a cost estimate. */
export interface CostLine {
  generator: string;
  type: string;
  model: string;
  /** Jobs counted (cache misses). */
  jobs: number;
  usd: number;
  /** Jobs of a paid back end with no price row: the figure is a lower bound while this is above 0. */
  unpriced: number;
  /** Where the price came from: a URL of the built-in table, or `manifest prices`. */
  sources: string[];
}

/** What a set of jobs costs, per back end and in total, from the price table (src/plan/prices.ts). */
export interface CostEstimate {
  currency: 'USD';
  usd: number;
  jobs: number;
  unpriced: number;
  lines: CostLine[];
}

/** One deliverable image: a manifest asset, or one combination of its matrix. */
export interface PlannedAsset {
  id: string;
  /** The manifest asset it came from. */
  source: string;
  vars: Record<string, string>;
  /** Keys of its candidate jobs, in variant order. */
  jobs: string[];
  title: string;
  tags: string[];
  credit?: string;
  creator?: string;
  license?: string;
  qa: QaThresholds;
  /** The asset's quality-gate configuration, merged over the defaults. */
  gates: QaGateConfig;
  delivery: AssetDelivery;
}

export interface AssetDelivery {
  /** Extra web derivatives. */
  formats: ImageFormat[];
  widths: number[];
  /** Stable alias file name (without extension), defaults to the asset id. */
  alias?: string;
  /** C2PA signing of PNG and JPEG files, as the very last step (src/deployers/c2pa.ts C2paSignerSpec). */
  c2pa?: { certificate: string; privateKey?: string; privateKeyEnv?: string; timestampUrl?: string };
}

export interface QaThresholds {
  /** Offline no-reference aesthetic score, 0–10. */
  minAesthetic: number;
  maxBytes?: number;
  /** `required`: the image must carry an alpha channel; `forbidden`: it must not. */
  alpha: 'any' | 'required' | 'forbidden';
  colorSpace: 'srgb' | 'any';
  /** Pixel limit checked before a full decode (decompression bombs). */
  maxPixels: number;
  /** Below this standard deviation (0–255) of every channel, an image counts as blank. */
  minStdDev: number;
}

export interface Plan {
  schema: 'genops/plan@1';
  manifest: string;
  /** sha256 of the manifest bytes: later layers refuse a run folder made from another manifest. */
  manifestHash: string;
  generators: Record<string, GeneratorConfig>;
  policy?: PolicyConfig;
  /** The shared blob store (S3) that lets a merge run deploy what a pull-request run stored. */
  store?: S3Target;
  targets: DeliveryTargetConfig[];
  assets: PlannedAsset[];
  jobs: Job[];
  /** The cost of the jobs with no cached image when the plan was made (an upper bound in CI before the cache is restored). */
  cost?: CostEstimate;
  /** `limits.maxCostUsd`: synthesis stops before the first paid request when its estimate is above. */
  maxCostUsd?: number;
  /** The manifest's `prices:` rows, searched before the built-in table. */
  prices?: PriceOverride[];
  /** With `plan --shards N`: which of N synthesis runs makes each job (by key; see plan/shards.ts). */
  shards?: { count: number; assignment: Record<string, number> };
  timings: LayerTimings;
}

/** A generator configuration from the manifest, with secrets named by environment variable only. */
export interface GeneratorConfig {
  type: string;
  [option: string]: unknown;
}

export interface LayerTimings {
  startedAt: string;
  durationMs: number;
}

/** `budget`: not started because the run's cost estimate is above `limits.maxCostUsd`. */
export type JobFailureKind = 'policy' | 'permanent' | 'transient' | 'timeout' | 'cancelled' | 'budget';

export interface JobFailure {
  kind: JobFailureKind;
  message: string;
  attempts: number;
  status?: number;
}

/** Facts a back end reported about one image. */
export interface GenerationFacts {
  /** The seed the back end says it used, if it reports one. */
  seed?: number;
  revisedPrompt?: string;
  model?: string;
  modelHash?: string;
  /** OpenAI takes no seed: a cached result is a stored sample, not a reproducible render. */
  reproducible: boolean;
  extra?: Record<string, unknown>;
}

export interface SynthesisEntry {
  key: string;
  status: 'generated' | 'cached' | 'failed';
  /** sha256 of the image bytes in the blob store. */
  blob?: string;
  mediaType?: string;
  bytes?: number;
  facts?: GenerationFacts;
  failure?: JobFailure;
  attempts: number;
  durationMs: number;
}

export interface Synthesis {
  schema: 'genops/synthesis@1';
  manifestHash: string;
  entries: Record<string, SynthesisEntry>;
  counts: { jobs: number; generated: number; cached: number; failed: number };
  cost?: SynthesisCost;
  timings: LayerTimings;
  /** Per generator that was called: requests sent, 429s met, time the queue waited for them. */
  rateLimits?: Record<string, { requests: number; rateLimited: number; waitedMs: number }>;
}

/** Synthesis's money: the estimate of what it was about to generate, and the price of what it generated. */
export interface SynthesisCost {
  estimate: CostEstimate;
  spent: CostEstimate;
  limitUsd?: number;
  /** The estimate was above the limit (or unpriced under a limit): nothing was generated. */
  stopped: boolean;
}

export interface CheckResult {
  /** e.g. `technical.dimensions`, `aesthetic.score`, `policy.prompt`. */
  id: string;
  passed: boolean;
  /** The measured value, printable. */
  value?: string | number | boolean;
  /** The threshold it was held to. */
  threshold?: string | number | boolean;
  reason?: string;
  /** Policy failures are never outweighed by scores. */
  severity: 'gate' | 'policy' | 'info';
  /** A failed overridable gate a reviewer approved (genops.decisions.json): it counts as passed. */
  approvedBy?: DecisionBy;
}

/** Who made a human review decision, when, and where (a PR comment's URL). */
export interface DecisionBy {
  by: string;
  at: string;
  source?: string;
}

/** The human decisions that shaped an asset's outcome (src/lockfile/decisions.ts). */
export interface HumanChoice {
  /** The applied pick, counted from 1 like the gallery; `bestVariant` is what the scores chose. */
  pick?: DecisionBy & { variant: number; bestVariant?: number };
  /** Overridable gates a reviewer approved, applied to this asset's candidates. */
  approved?: (DecisionBy & { gate: string })[];
  /** The seed offset asked for by a reroll. */
  reroll?: DecisionBy & { offset: number };
  /** Decisions recorded but not applied, each saying why and what to do. */
  notes?: string[];
}

export interface JobQa {
  key: string;
  asset: string;
  variant: number;
  blob?: string;
  checks: CheckResult[];
  scores: Record<string, number>;
  verdict: 'pass' | 'fail';
}

export interface AssetQa {
  id: string;
  /** The job key chosen to ship, if any candidate passed. */
  chosen?: string;
  verdict: 'pass' | 'fail';
  reasons: string[];
  /** Change against the previous approved version in the lockfile. */
  change: 'new' | 'changed' | 'unchanged';
  /** Blob of the last approved version in the lockfile before this run, when there is one. */
  previous?: string;
  /** Structural similarity to the previous version (shrunk, grey), when both could be compared. */
  ssim?: number;
  /** Run-folder path of an image highlighting what changed, for `changed` assets. */
  diff?: string;
  /** Reviewers' picks, approvals and rerolls, applied or not. */
  human?: HumanChoice;
}

export interface QaReport {
  schema: 'genops/qa@1';
  manifestHash: string;
  jobs: Record<string, JobQa>;
  assets: AssetQa[];
  counts: { assets: number; passed: number; failed: number };
  timings: LayerTimings;
}

/** One file written for an asset by delivery. */
export interface DeliveredFile {
  format: ImageFormat;
  width: number;
  height: number;
  /** sha256 of the delivered bytes (which carry provenance metadata). */
  sha256: string;
  bytes: number;
  /** Path relative to the target's root, content-hashed. */
  path: string;
  url?: string;
}

/**
 * `publish` (default): derive, store, upload, write assets.json and the lockfile.
 * `stage`: derive and store, write the lockfile with the URLs a publish will give, upload nothing
 * (pull requests: review first). `locked`: upload exactly the files the lockfile names, from the
 * store, without generating or re-encoding anything (the merge run, or a rollback with `ref`).
 */
export type DeliverMode = 'publish' | 'stage' | 'locked';

export interface DeliveryResult {
  schema: 'genops/delivery@1';
  mode: DeliverMode;
  written: number;
  unchanged: number;
  delivered: string[];
  kept: string[];
  removed: string[];
  failed: { id: string; reason: string }[];
  lockfile: string;
  assetsJson?: string;
  timings: LayerTimings;
}

/** One row per asset: what a reviewer needs to decide, failures first. */
export interface AssetRow {
  id: string;
  title: string;
  verdict: 'pass' | 'fail' | 'pending';
  change: AssetQa['change'] | 'unknown';
  chosenVariant?: number;
  variants: number;
  generator: string;
  model: string;
  prompt: string;
  /** The prompt before `optimize` rewrote it into `prompt`. */
  originalPrompt?: string;
  scores: Record<string, number>;
  reasons: string[];
  checks: CheckResult[];
  blob?: string;
  reproducible: boolean;
  /** SSIM against the last approved version, when the two were compared. */
  ssim?: number;
  /** The diff image of a changed asset, relative to the run folder. */
  diff?: string;
  /** Reviewers' picks, approvals and rerolls, applied or not. */
  human?: HumanChoice;
}

export interface LayerMetrics {
  durationMs: number;
  [measure: string]: number;
}

/** report.json: the report every renderer (JSON, Markdown, HTML, PR comment) draws from. */
export interface ReportData {
  schema: 'genops/report@1';
  manifest: string;
  gate: 'pass' | 'fail' | 'incomplete';
  layers: {
    plan?: LayerMetrics;
    synthesize?: LayerMetrics;
    qa?: LayerMetrics;
    deliver?: LayerMetrics;
  };
  /** The cost estimate and what was spent, when the plan (and synthesis) carried them. */
  cost?: ReportCost;
  assets: AssetRow[];
}

export interface ReportCost {
  /** Synthesis's estimate when it ran, else the plan's. */
  estimate: CostEstimate;
  spent?: CostEstimate;
  limitUsd?: number;
  stopped: boolean;
}

export interface LockedAsset {
  id: string;
  blob: string;
  key: string;
  prompt: string;
  /** With `optimize`: the prompt before the rewrite, and the rewrite's key (reruns reuse it, no LLM call). */
  originalPrompt?: string;
  optimization?: { key: string; model: string };
  negativePrompt: string;
  backend: string;
  model: string;
  seed: number;
  reportedSeed?: number;
  reproducible: boolean;
  width: number;
  height: number;
  format: ImageFormat;
  scores: Record<string, number>;
  /** When the chosen image was made; kept while the blob stays the same, so provenance never churns. */
  createdAt?: string;
  /** Stable name (short cache lifetime) that points at the primary file, e.g. `hero/city`. */
  alias?: string;
  files: DeliveredFile[];
  /** The human decisions behind this version (pick, approvals, reroll), so the lockfile's history shows them. */
  decision?: Omit<HumanChoice, 'notes'>;
}

export interface Lockfile {
  lockfileVersion: 1;
  /** Stable order by id, so git diffs read well. */
  assets: Record<string, LockedAsset>;
}
