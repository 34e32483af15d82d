import type {
  BackendIdentity,
  GenerationFacts,
  GeneratorConfig,
  Job,
  JobFailureKind,
} from '../core/model.js';
import type { RateHints } from './adaptive-limit.js';

/** The bytes a back end returned for one job, and what it told us about them. */
export interface GenerationResult {
  bytes: Buffer;
  mediaType: string;
  facts: GenerationFacts;
  /** What the response's headers said about the provider's limits (the caller learns from them). */
  rateHints?: RateHints;
}

export interface GenerateContext {
  /** Aborted on timeout or on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}

/** Limits the one caller applies to a back end (issue: rate-aware caller). */
export interface CallLimits {
  concurrency: number;
  /** Requests per minute; undefined = unlimited. */
  requestsPerMinute?: number;
  timeoutMs: number;
  /** Retries of failures other than rate limits (a 429 is waited out, not counted). */
  retries: number;
  /** Longest one job may keep trying, from its first request; undefined = the caller's default. */
  budgetMs?: number;
}

/**
 * One back end. Implementations are I/O only: they turn a planned job into bytes.
 * Limits, retries and caching live in the synthesize layer, never here.
 */
export interface Generator {
  readonly type: string;
  /** Identity that goes into every job key of this configuration: model changes regenerate. */
  identity(): BackendIdentity;
  limits(): CallLimits;
  /** Checks before a batch is paid for (e.g. ComfyUI checkpoint names against /object_info). */
  preflight?(jobs: Job[], ctx: GenerateContext): Promise<void>;
  generate(job: Job, ctx: GenerateContext): Promise<GenerationResult>;
}

/** Everything a generator needs from its surroundings: config, the manifest's folder, environment. */
export interface GeneratorSetup {
  name: string;
  config: GeneratorConfig;
  /** Folder of the manifest, for files the config names (ComfyUI workflows). */
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

export type GeneratorFactory = (setup: GeneratorSetup) => Generator;

/**
 * A failure a back end reported. `kind` decides what the caller does: `transient` is retried
 * (honouring retryAfterMs), `policy` and `permanent` are not.
 */
export class GenerationError extends Error {
  override name = 'GenerationError';
  constructor(
    message: string,
    readonly kind: JobFailureKind,
    readonly options: {
      status?: number;
      retryAfterMs?: number;
      hints?: RateHints;
      cause?: unknown;
      /** The back end said it succeeded but sent no whole image: retried once only (bounded-body.ts). */
      badAnswer?: boolean;
    } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

/** Limits from a generator config's `concurrency`, `requestsPerMinute`, `timeoutSeconds`, `retries`. */
export function limitsFrom(
  config: GeneratorConfig,
  defaults: Omit<CallLimits, 'requestsPerMinute'>,
): CallLimits {
  const num = (key: string) => (typeof config[key] === 'number' ? (config[key] as number) : undefined);
  const timeoutSeconds = num('timeoutSeconds');
  const budgetSeconds = num('budgetSeconds');
  return {
    concurrency: num('concurrency') ?? defaults.concurrency,
    requestsPerMinute: num('requestsPerMinute'),
    timeoutMs: timeoutSeconds !== undefined ? timeoutSeconds * 1000 : defaults.timeoutMs,
    retries: num('retries') ?? defaults.retries,
    ...(budgetSeconds !== undefined ? { budgetMs: budgetSeconds * 1000 } : {}),
  };
}
