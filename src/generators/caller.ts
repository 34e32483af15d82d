import { errorMessage } from '../core/errors.js';
import type { Job, JobFailure } from '../core/model.js';
import { redact } from '../core/secrets.js';
import { AdaptiveLimiter, type RateHints, type RateStats } from './adaptive-limit.js';
import { BadAnswers } from './bounded-body.js';
import { GenerationError, type GenerationResult, type Generator } from './generator.js';

export interface CallOutcome {
  result?: GenerationResult;
  failure?: JobFailure;
  attempts: number;
  durationMs: number;
  /**
   * Never sent: an earlier job of this back end was refused its credentials (401/403), so this one
   * would have been too. The caller says so once; the layer need not repeat it per job.
   */
  notSent?: boolean;
}

/** Calls one back end for many jobs: concurrency and request-rate limits, retries, timeouts. */
export interface JobCaller {
  call(job: Job, signal: AbortSignal): Promise<CallOutcome>;
  /** What this back end's limits cost the run so far: requests, 429s, time held back. */
  stats?(): RateStats;
  /** Set once a 401/403 stopped this back end: the one message for all its unsent jobs. */
  stoppedBy?(): string | undefined;
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
/** Longest one job may take, all attempts and waits included, unless the config says otherwise. */
export const DEFAULT_BUDGET_MS = 15 * 60_000;

/**
 * One queue per back end (`AdaptiveLimiter`): every attempt (not just every job) passes it, so
 * retries count against the pace like the provider counts them. Waiting for a retry happens outside
 * the queue, so a backing-off job never holds a concurrency slot.
 *
 * Rate limits are waited out, not counted: a 429 teaches the limiter (hold on Retry-After, slower
 * pace and fewer in flight without one) and the job queues again ahead of first attempts, for as
 * long as its time budget lasts. Other transient failures (5xx, timeouts, resets) are retried
 * `retries` times with jittered backoff, inside the same budget. A 401/403 that is not a content
 * refusal stops the back end: nothing queued is sent, each job says so without a request.
 *
 * Cancellation: queued attempts and backoff waits end at once with `cancelled`; no new attempt
 * starts; attempts in flight get `cancelGraceMs` to finish and keep their result.
 */
export function createCaller(generator: Generator, options: CallerOptions = {}): JobCaller {
  const limits = generator.limits();
  const limiter = new AdaptiveLimiter({
    concurrency: limits.concurrency,
    requestsPerMinute: limits.requestsPerMinute,
    maxHoldMs: MAX_HOLD_MS,
  });
  const graceMs = options.cancelGraceMs ?? 5000;
  const budgetMs = limits.budgetMs ?? DEFAULT_BUDGET_MS;
  // Aborted with the credentials error: every queued and later job ends without a request.
  const stopped = new AbortController();
  let stopMessage: string | undefined;
  const stop = (error: GenerationError) => {
    if (stopped.signal.aborted) return;
    stopMessage = error.message;
    const reason = new GenerationError(
      `not sent: ${generator.type} refused the credentials on an earlier job (${error.options.status}); fix the key and rerun`,
      'permanent',
      { status: error.options.status },
    );
    stopped.abort(reason);
    limiter.rejectAll(reason);
  };

  return {
    stats: () => ({ ...limiter.stats }),
    stoppedBy: () => stopMessage,
    async call(job, signal) {
      const started = performance.now();
      if (signal.aborted) return { failure: toFailure(cancelled(), 0), attempts: 0, durationMs: 0 };
      if (stopped.signal.aborted)
        return { failure: toFailure(stopped.signal.reason, 0), attempts: 0, durationMs: 0, notSent: true };
      const run = new JobRun(job, generator, limiter, signal, stopped.signal, {
        graceMs,
        budgetMs,
        timeoutMs: limits.timeoutMs,
        retries: limits.retries,
        minDelayMs: options.minRetryDelayMs ?? 500,
        maxDelayMs: options.maxRetryDelayMs ?? 30_000,
      });
      const outcome = await run.execute(stop);
      return { ...outcome, durationMs: performance.now() - started };
    },
  };
}

const cancelled = () => new GenerationError('cancelled before completion', 'cancelled');

interface JobRunSettings {
  graceMs: number;
  /** From the first attempt: how long the job may keep trying (queueing before it is not counted). */
  budgetMs: number;
  timeoutMs: number;
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/** One job's attempts: queue, send, learn, wait, until it has an image or a reason why not. */
class JobRun {
  private attempts = 0;
  private lastStatus?: number;
  private inFlight = false;
  private readonly badAnswers = new BadAnswers();
  /** Ends queued attempts and backoff waits — never an attempt in flight (its result is kept). */
  private readonly stopWaiting = new AbortController();
  /** Aborts attempts in flight once the grace period after a cancel has passed. */
  private readonly hardStop = new AbortController();
  private graceTimer?: NodeJS.Timeout;
  /** performance.now() past which no new attempt starts; set when the first attempt starts. */
  private deadline = Number.POSITIVE_INFINITY;

  constructor(
    private readonly job: Job,
    private readonly generator: Generator,
    private readonly limiter: AdaptiveLimiter,
    private readonly signal: AbortSignal,
    private readonly stopped: AbortSignal,
    private readonly settings: JobRunSettings,
  ) {}

  async execute(stop: (error: GenerationError) => void): Promise<Omit<CallOutcome, 'durationMs'>> {
    const unsubscribe = onAbort(this.signal, () => {
      if (!this.inFlight) this.stopWaiting.abort(cancelled());
      this.graceTimer = setTimeout(() => this.hardStop.abort(cancelled()), this.settings.graceMs);
    });
    try {
      return { result: await this.loop(stop), attempts: this.attempts };
    } catch (error) {
      const notSent = this.stopped.aborted && error === this.stopped.reason;
      // A retryable failure after a cancel would have been retried: it is the cancel that ended it.
      const ended =
        this.signal.aborted && error instanceof GenerationError && isRetryable(error)
          ? new GenerationError(`cancelled after: ${error.message}`, 'cancelled', error.options)
          : error;
      return {
        failure: toFailure(ended, this.attempts, this.lastStatus),
        attempts: this.attempts,
        ...(notSent ? { notSent } : {}),
      };
    } finally {
      unsubscribe();
      clearTimeout(this.graceTimer);
    }
  }

  private async loop(stop: (error: GenerationError) => void): Promise<GenerationResult> {
    let failures = 0;
    for (;;) {
      const waitSignal = AbortSignal.any([this.stopWaiting.signal, this.stopped]);
      // Retries go ahead of first attempts: a job that already waited should not queue behind all.
      const permit = await this.limiter.acquire(this.attempts > 0 ? 1 : 0, waitSignal);
      // A long batch queues jobs for a long time: the budget counts from the job's first request.
      if (this.attempts === 0) this.deadline = performance.now() + this.settings.budgetMs;
      let error: GenerationError;
      try {
        const result = await this.attempt();
        permit.done('ok', result.rateHints);
        return result;
      } catch (thrown) {
        if (!(thrown instanceof GenerationError)) {
          permit.done('failed');
          throw thrown;
        }
        error = thrown;
        // Stop before the slot frees, so no queued job is sent with the same bad key.
        if (isBadCredentials(error)) stop(error);
        permit.done(isRateLimit(error) ? 'rate-limited' : 'failed', hintsOf(error));
      }
      this.lastStatus = error.options.status ?? this.lastStatus;
      if (this.signal.aborted || !isRetryable(error)) throw error;
      if (performance.now() >= this.deadline) throw outOfBudget(error, this.attempts);
      if (isRateLimit(error)) continue; // the limiter holds and paces; the job queues again
      if (++failures > this.settings.retries) throw error;
      await sleep(this.backoff(failures, error), this.stopWaiting.signal);
    }
  }

  /** Jittered exponential backoff (×1–2), at least what the server asked, never past the budget. */
  private backoff(failures: number, error: GenerationError): number {
    const { minDelayMs, maxDelayMs } = this.settings;
    const base = Math.min(maxDelayMs, minDelayMs * 2 ** (failures - 1)) * (1 + Math.random());
    const asked = Math.min(error.options.retryAfterMs ?? 0, MAX_HOLD_MS);
    return Math.max(0, Math.min(Math.max(base, asked), this.deadline - performance.now()));
  }

  private async attempt(): Promise<GenerationResult> {
    if (this.signal.aborted) throw cancelled();
    this.inFlight = true;
    this.attempts++;
    const { timeoutMs } = this.settings;
    const timeout = AbortSignal.timeout(timeoutMs);
    const attemptSignal = AbortSignal.any([timeout, this.hardStop.signal]);
    try {
      // A generator that ignores its signal still releases the slot when the signal fires.
      return await untilAborted(this.generator.generate(this.job, { signal: attemptSignal }), attemptSignal);
    } catch (error) {
      throw this.badAnswers.note(classify(error, this.hardStop.signal, timeout, timeoutMs), this.attempts);
    } finally {
      this.inFlight = false;
    }
  }
}

/** A provider's "slow down": 429, or 503 with a Retry-After (the same message from some gateways). */
function isRateLimit(error: GenerationError): boolean {
  const { status, retryAfterMs } = error.options;
  return error.kind === 'transient' && (status === 429 || (status === 503 && retryAfterMs !== undefined));
}

function hintsOf(error: GenerationError): RateHints | undefined {
  const { hints, retryAfterMs } = error.options;
  if (hints) return hints;
  return retryAfterMs !== undefined ? { retryAfterMs } : undefined;
}

/** 401/403 that is not a content refusal: the key is wrong, every other job would be refused too. */
function isBadCredentials(error: GenerationError): boolean {
  return error.kind === 'permanent' && (error.options.status === 401 || error.options.status === 403);
}

function outOfBudget(error: GenerationError, attempts: number): GenerationError {
  return new GenerationError(
    `${error.message} (gave up after ${attempts} attempts: the job's time budget is spent; raise budgetSeconds)`,
    error.kind,
    error.options,
  );
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

function isRetryable(error: GenerationError): boolean {
  return error.kind === 'transient' || error.kind === 'timeout';
}

function classify(error: unknown, hardStop: AbortSignal, timeout: AbortSignal, timeoutMs: number): unknown {
  if (error instanceof GenerationError) return error;
  if (hardStop.aborted) return new GenerationError('cancelled while in flight', 'cancelled');
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
