import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import { errorMessage } from '../core/errors.js';
import type { Job, JobFailure } from '../core/model.js';
import { redact } from '../core/secrets.js';
import { BadAnswers } from './bounded-body.js';
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
  /** First retry delay; doubles per attempt with jitter (×1–2). Tests shrink it. */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * After cancellation, how long an attempt already in flight may still finish (its result is kept:
   * a paid-for image is not thrown away). Then it is aborted. Default 5 s.
   */
  cancelGraceMs?: number;
}

/** Longest a Retry-After may hold the queue; a server asking for more gets a plain backoff. */
const MAX_HOLD_MS = 120_000;

/**
 * One queue per back end: every attempt (not just every job) passes the rate limiter, so retries
 * count against requests-per-minute like the provider counts them. Waiting for a retry happens
 * outside the queue, so a backing-off job never holds a concurrency slot.
 *
 * Retry-After: the failed job waits at least that long before its next attempt; a 429 or 503 that
 * carries one also pauses the whole queue until then (the provider's limit is per key, so the other
 * jobs would only earn 429s too).
 *
 * Cancellation: queued attempts and backoff waits end at once with `cancelled`; no new attempt
 * starts; attempts in flight get `cancelGraceMs` to finish and keep their result.
 */
export function createCaller(generator: Generator, options: CallerOptions = {}): JobCaller {
  const limits = generator.limits();
  const queue = new PQueue({ concurrency: limits.concurrency, ...rateWindow(limits.requestsPerMinute) });
  const graceMs = options.cancelGraceMs ?? 5000;
  let heldUntil = 0;
  let holdTimer: NodeJS.Timeout | undefined;

  /** Pauses the queue until `ms` from now (extending, never shortening, a hold in force). */
  const hold = (ms: number) => {
    const until = Date.now() + Math.min(ms, MAX_HOLD_MS);
    if (until <= heldUntil) return;
    heldUntil = until;
    queue.pause();
    clearTimeout(holdTimer);
    holdTimer = setTimeout(() => {
      heldUntil = 0;
      queue.start();
    }, until - Date.now());
  };

  return {
    async call(job, signal) {
      const started = performance.now();
      let attempts = 0;
      let lastStatus: number | undefined;
      let inFlight = false;
      const badAnswers = new BadAnswers();
      // Ends queued attempts and backoff waits — but never an attempt in flight (p-retry would drop
      // its result if this fired while it ran).
      const stopWaiting = new AbortController();
      // Aborts attempts in flight once the grace period after a cancel has passed.
      const hardStop = new AbortController();
      let graceTimer: NodeJS.Timeout | undefined;
      const cancelled = () => new GenerationError('cancelled before completion', 'cancelled');
      const onCancel = () => {
        if (!inFlight) stopWaiting.abort(cancelled());
        graceTimer = setTimeout(() => hardStop.abort(cancelled()), graceMs);
      };
      if (signal.aborted) return { failure: toFailure(cancelled(), 0), attempts: 0, durationMs: 0 };
      const unsubscribe = onAbort(signal, onCancel);

      const attempt = async (): Promise<GenerationResult> => {
        if (signal.aborted) throw new AbortError(cancelled());
        inFlight = true;
        attempts++;
        const timeout = AbortSignal.timeout(limits.timeoutMs);
        const attemptSignal = AbortSignal.any([timeout, hardStop.signal]);
        try {
          // A generator that ignores its signal still releases the slot when the signal fires.
          return await untilAborted(generator.generate(job, { signal: attemptSignal }), attemptSignal);
        } catch (error) {
          throw badAnswers.note(classify(error, hardStop.signal, timeout, limits.timeoutMs), attempts);
        } finally {
          inFlight = false;
        }
      };

      try {
        // Retries go ahead of first attempts: a job that already waited out its backoff should not
        // queue again behind every job not yet started.
        const result = await pRetry(
          (n) => queue.add(attempt, { signal: stopWaiting.signal, priority: n > 1 ? 1 : 0 }),
          {
            retries: limits.retries,
            minTimeout: options.minRetryDelayMs ?? 500,
            maxTimeout: options.maxRetryDelayMs ?? 30_000,
            factor: 2,
            randomize: true,
            signal: stopWaiting.signal,
            shouldRetry: ({ error }) =>
              !signal.aborted && error instanceof GenerationError && isRetryable(error),
            onFailedAttempt: async ({ error }) => {
              if (!(error instanceof GenerationError)) return;
              lastStatus = error.options.status ?? lastStatus;
              const wait = error.options.retryAfterMs;
              if (!isRetryable(error) || !wait || wait <= 0 || signal.aborted) return;
              // The provider said how long to wait: honour it, then our jittered backoff follows.
              if (error.options.status === 429 || error.options.status === 503) hold(wait);
              await sleep(Math.min(wait, MAX_HOLD_MS), stopWaiting.signal);
            },
          },
        );
        return { result, attempts, durationMs: performance.now() - started };
      } catch (error) {
        // A retryable failure after a cancel would have been retried: it is the cancel that ended it.
        const ended =
          signal.aborted && error instanceof GenerationError && isRetryable(error)
            ? new GenerationError(`cancelled after: ${error.message}`, 'cancelled', error.options)
            : error;
        return {
          failure: toFailure(ended, attempts, lastStatus),
          attempts,
          durationMs: performance.now() - started,
        };
      } finally {
        unsubscribe();
        clearTimeout(graceTimer);
      }
    },
  };
}

/**
 * One 'abort' listener per run signal, whatever the number of jobs: thousands of calls sharing the
 * layer's signal would otherwise each add one (and trip Node's listener-leak warning).
 */
const abortHandlers = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, handler: () => void): () => void {
  let handlers = abortHandlers.get(signal);
  if (!handlers) {
    const set = new Set<() => void>();
    handlers = set;
    abortHandlers.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const h of [...set]) h();
      },
      { once: true },
    );
  }
  handlers.add(handler);
  return () => handlers.delete(handler);
}

/**
 * p-queue settings for a requests-per-minute limit: a sliding window of about one second holding
 * `cap` starts, so bursts stay at the provider's pace and the average is exactly the limit.
 */
export function rateWindow(requestsPerMinute: number | undefined): {
  interval?: number;
  intervalCap?: number;
  strict?: boolean;
} {
  if (!requestsPerMinute) return {};
  const cap = Math.max(1, Math.floor(requestsPerMinute / 60));
  return { interval: Math.ceil((60_000 * cap) / requestsPerMinute), intervalCap: cap, strict: true };
}

function isRetryable(error: GenerationError): boolean {
  return error.kind === 'transient' || error.kind === 'timeout';
}

function classify(error: unknown, hardStop: AbortSignal, timeout: AbortSignal, timeoutMs: number): unknown {
  if (error instanceof GenerationError) return error;
  if (hardStop.aborted) return new AbortError(new GenerationError('cancelled while in flight', 'cancelled'));
  if (timeout.aborted)
    return new GenerationError(`timed out after ${timeoutMs} ms`, 'timeout', { cause: error });
  // Anything else (connection reset, DNS, a malformed body) is worth another try.
  return new GenerationError(redact(errorMessage(error)), 'transient', { cause: error });
}

function toFailure(error: unknown, attempts: number, status?: number): JobFailure {
  if (error instanceof GenerationError) {
    return {
      kind: error.kind,
      message: redact(error.message),
      attempts,
      status: error.options.status ?? status,
    };
  }
  if (error instanceof Error && error.name === 'AbortError')
    return { kind: 'cancelled', message: 'cancelled before completion', attempts, status };
  return { kind: 'permanent', message: redact(errorMessage(error)), attempts, status };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
