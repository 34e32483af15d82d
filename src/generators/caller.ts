import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import { errorMessage } from '../core/errors.js';
import type { Job, JobFailure } from '../core/model.js';
import { GenerationError, type GenerationResult, type Generator } from './generator.js';

export interface CallOutcome {
  result?: GenerationResult;
  failure?: JobFailure;
  attempts: number;
  durationMs: number;
}

/** Calls one back end for many jobs: concurrency and request-rate limits, retries, timeouts. */
export interface JobCaller {
  call(job: Job, signal: AbortSignal): Promise<CallOutcome>;
}

export interface CallerOptions {
  /** First retry delay; doubles per attempt with jitter. Tests shrink it. */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * One queue per back end: every attempt (not just every job) passes the rate limiter, so retries
 * count against requests-per-minute like the provider counts them. Waiting for a retry happens
 * outside the queue, so a backing-off job never holds a concurrency slot.
 */
export function createCaller(generator: Generator, options: CallerOptions = {}): JobCaller {
  const limits = generator.limits();
  const queue = new PQueue({ concurrency: limits.concurrency, ...rateWindow(limits.requestsPerMinute) });

  return {
    async call(job, signal) {
      const started = performance.now();
      let attempts = 0;
      let lastStatus: number | undefined;
      try {
        const result = await pRetry(
          async () => {
            if (signal.aborted) throw new AbortError('cancelled');
            return queue.add(async () => {
              attempts++;
              const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(limits.timeoutMs)]);
              try {
                return await generator.generate(job, { signal: attemptSignal });
              } catch (error) {
                throw classify(error, attemptSignal, limits.timeoutMs);
              }
            }) as Promise<GenerationResult>;
          },
          {
            retries: limits.retries,
            minTimeout: options.minRetryDelayMs ?? 500,
            maxTimeout: options.maxRetryDelayMs ?? 30_000,
            factor: 2,
            randomize: true,
            shouldRetry: ({ error }) =>
              !signal.aborted && error instanceof GenerationError && isRetryable(error),
            onFailedAttempt: async ({ error }) => {
              if (error instanceof GenerationError) {
                lastStatus = error.options.status;
                // The provider said how long to wait: honour it on top of our own backoff.
                const wait = error.options.retryAfterMs;
                if (wait && wait > 0 && isRetryable(error)) await sleep(Math.min(wait, 120_000), signal);
              }
            },
          },
        );
        return { result, attempts, durationMs: performance.now() - started };
      } catch (error) {
        const failure = toFailure(error, signal, attempts, lastStatus);
        return { failure, attempts, durationMs: performance.now() - started };
      }
    },
  };
}

function rateWindow(requestsPerMinute: number | undefined): {
  interval?: number;
  intervalCap?: number;
  strict?: boolean;
} {
  if (!requestsPerMinute) return {};
  // A one-second sliding window when the rate allows, so bursts never exceed the provider's pace.
  if (requestsPerMinute >= 60)
    return { interval: 1000, intervalCap: Math.floor(requestsPerMinute / 60), strict: true };
  return { interval: Math.ceil(60_000 / requestsPerMinute), intervalCap: 1, strict: true };
}

function isRetryable(error: GenerationError): boolean {
  return error.kind === 'transient' || error.kind === 'timeout';
}

function classify(error: unknown, attemptSignal: AbortSignal, timeoutMs: number): unknown {
  if (error instanceof GenerationError) return error;
  if (attemptSignal.aborted)
    return new GenerationError(`timed out after ${timeoutMs} ms`, 'timeout', { cause: error });
  // Anything else (connection reset, DNS, a malformed body) is worth another try.
  return new GenerationError(errorMessage(error), 'transient', { cause: error });
}

function toFailure(error: unknown, signal: AbortSignal, attempts: number, status?: number): JobFailure {
  if (signal.aborted && !(error instanceof GenerationError)) {
    return { kind: 'cancelled', message: 'cancelled before completion', attempts, status };
  }
  if (error instanceof GenerationError) {
    return { kind: error.kind, message: error.message, attempts, status: error.options.status ?? status };
  }
  return { kind: 'permanent', message: errorMessage(error), attempts, status };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
