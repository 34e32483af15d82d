/**
 * The pace of one back end's queue, learned from what the provider answers (issue 14).
 *
 * Nobody has to declare a provider's limit for every job to arrive. The limiter admits one request
 * at a time under three bounds: a concurrency limit, a pace (requests per second) and a hold (the
 * provider said "not before T"). It learns all three:
 *
 * - Hints: `retry-after`/`retry-after-ms`/Google `RetryInfo` hold the queue; `x-ratelimit-remaining-
 *   requests: 0` holds it until `x-ratelimit-reset-requests`; `x-ratelimit-limit-requests` (per
 *   minute) caps the pace.
 * - A 429 with a Retry-After holds the queue that long and halves concurrency (so the hold does not
 *   end in one burst). A 429 without hints is additive increase, multiplicative decrease: the pace
 *   drops to a fraction of what the provider accepted in the last second and concurrency halves; each
 *   success brings both back up, quickly up to the pace that last met a 429, then slowly beyond it
 *   to find out whether the limit has risen. One burst of 429s is one decrease: a 429 for a request
 *   that started before the last decrease says nothing new.
 * - A declared `concurrency` and `requestsPerMinute` stay caps: learning only ever goes below them.
 */

/** What one response said about the provider's limits. */
export interface RateHints {
  /** Wait this long before the next request (retry-after, retry-after-ms, RetryInfo). */
  retryAfterMs?: number;
  /** Requests left in the provider's current window, and how long until it resets. */
  remaining?: number;
  resetMs?: number;
  /** The provider's request limit per minute (`x-ratelimit-limit-requests`). */
  limitPerMinute?: number;
}

export interface LimiterSettings {
  /** Most requests in flight: the declared concurrency (or the back end's default). */
  concurrency: number;
  /** Declared requests per minute: a cap the learned pace never exceeds. */
  requestsPerMinute?: number;
  /** Longest a single hint may hold the queue. */
  maxHoldMs?: number;
}

/** What the run met from this provider's limits. */
export interface RateStats {
  /** Requests sent (every attempt). */
  requests: number;
  /** Answers that were 429 (or 503 with a Retry-After: the same message). */
  rateLimited: number;
  /** Wall time the queue was held back by holds and learned pacing (never by declared caps). */
  waitedMs: number;
}

export type AttemptOutcome = 'ok' | 'rate-limited' | 'failed';

/** A slot to send one request; `done` must be called exactly once when its answer is in. */
export interface Permit {
  done(outcome: AttemptOutcome, hints?: RateHints): void;
}

interface Waiter {
  priority: number;
  grant: (permit: Permit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

/** Slowest learned pace: one request a minute (a provider that says nothing still gets every job). */
const MIN_RATE = 1 / 60;
/** Above the pace that met the last 429, each success adds this share of it (a gentle probe). */
const PROBE_STEP = 0.003;
/** Below that pace, each success closes this share of the gap (quick recovery). */
const RECOVERY_STEP = 0.25;
/** After a 429 without hints, pace at this share of what the provider accepted. */
const DECREASE = 0.85;
const DEFAULT_MAX_HOLD_MS = 120_000;

export class AdaptiveLimiter {
  readonly stats: RateStats = { requests: 0, rateLimited: 0, waitedMs: 0 };
  private readonly maxConcurrency: number;
  private readonly declaredRate?: number;
  private readonly maxHoldMs: number;
  /** Learned bounds: undefined until the provider first pushes back. */
  private concurrency: number;
  private rate?: number;
  private headerRate?: number;
  /** The pace at which the last 429 came: recovery aims here, probing goes past it. */
  private ceiling?: number;
  private active = 0;
  private nextStartAt = 0;
  private heldUntil = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** Start times (ms) of the last second's requests that were not answered with a 429. */
  private recentStarts: number[] = [];
  private readonly waiters: Waiter[] = [];
  private timer?: NodeJS.Timeout;
  /** Since when a waiter has been held back by a hold or the learned pace. */
  private blockedSince?: number;

  constructor(settings: LimiterSettings) {
    this.maxConcurrency = Math.max(1, settings.concurrency);
    this.concurrency = this.maxConcurrency;
    this.declaredRate = settings.requestsPerMinute ? settings.requestsPerMinute / 60 : undefined;
    this.maxHoldMs = settings.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
  }

  /** Current bounds, for tests and logs. */
  get current(): { concurrency: number; ratePerSecond?: number; heldForMs: number } {
    return {
      concurrency: Math.floor(this.concurrency),
      ratePerSecond: this.effectiveRate(),
      heldForMs: Math.max(0, this.heldUntil - Date.now()),
    };
  }

  /** Waits for a slot. Higher priority first (retries go ahead of first attempts), then in order. */
  acquire(priority: number, signal: AbortSignal): Promise<Permit> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((grant, reject) => {
      const waiter: Waiter = {
        priority,
        grant,
        reject,
        signal,
        onAbort: () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(signal.reason);
          this.pump();
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      // Stable: after every waiter of the same or higher priority.
      let at = this.waiters.length;
      while (at > 0 && (this.waiters[at - 1] as Waiter).priority < priority) at--;
      this.waiters.splice(at, 0, waiter);
      this.pump();
    });
  }

  /** Holds the queue for `ms` (extending, never shortening, a hold in force). */
  hold(ms: number): void {
    const until = Date.now() + Math.min(ms, this.maxHoldMs);
    if (until <= this.heldUntil) return;
    this.heldUntil = until;
    this.pump();
  }

  private effectiveRate(): number | undefined {
    const rates = [this.rate, this.headerRate, this.declaredRate].filter((r): r is number => r !== undefined);
    return rates.length ? Math.min(...rates) : undefined;
  }

  /** Whether the pace in force is tighter than the declared one (so waiting for it is the provider's doing). */
  private learnedPaceBinds(): boolean {
    const rate = this.effectiveRate();
    return rate !== undefined && rate !== this.declaredRate;
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiters.length && this.active < Math.floor(this.concurrency)) {
      const now = Date.now();
      const heldFor = this.heldUntil - now;
      const pacedFor = this.nextStartAt - now;
      const wait = Math.max(heldFor, pacedFor);
      if (wait > 0) {
        if (heldFor > 0 || this.learnedPaceBinds()) this.blockedSince ??= now;
        this.timer = setTimeout(() => this.pump(), wait);
        this.timer.unref?.();
        return;
      }
      this.start(this.waiters.shift() as Waiter, now);
    }
    if (!this.waiters.length) this.unblock(Date.now());
  }

  private unblock(now: number): void {
    if (this.blockedSince === undefined) return;
    this.stats.waitedMs += now - this.blockedSince;
    this.blockedSince = undefined;
  }

  private start(waiter: Waiter, now: number): void {
    waiter.signal.removeEventListener('abort', waiter.onAbort);
    this.unblock(now);
    this.active++;
    this.stats.requests++;
    const rate = this.effectiveRate();
    this.nextStartAt = rate ? now + 1000 / rate : now;
    this.recentStarts.push(now);
    let finished = false;
    waiter.grant({
      done: (outcome, hints) => {
        if (finished) return;
        finished = true;
        this.active--;
        this.learn(now, outcome, hints);
        this.pump();
      },
    });
  }

  private learn(startedAt: number, outcome: AttemptOutcome, hints: RateHints = {}): void {
    if (hints.limitPerMinute && hints.limitPerMinute > 0) {
      this.headerRate = hints.limitPerMinute / 60;
      if (this.declaredRate) this.headerRate = Math.min(this.headerRate, this.declaredRate);
    }
    if (hints.remaining === 0 && hints.resetMs !== undefined) this.hold(hints.resetMs);
    if (outcome === 'rate-limited') {
      this.stats.rateLimited++;
      const at = this.recentStarts.indexOf(startedAt);
      if (at >= 0) this.recentStarts.splice(at, 1);
      if (startedAt < this.lastDecreaseAt) return;
      if (hints.retryAfterMs !== undefined) {
        // The provider said when: wait that long, with fewer in flight so the end of the hold is
        // not one burst; the pace is its to set.
        this.hold(hints.retryAfterMs);
        this.halveConcurrency();
      } else this.decrease();
      return;
    }
    if (outcome === 'ok') this.increase();
  }

  /** Requests per second the provider accepted over the last second. */
  private acceptedRate(now: number): number {
    while (this.recentStarts.length && (this.recentStarts[0] as number) <= now - 1000)
      this.recentStarts.shift();
    return this.recentStarts.length;
  }

  private decrease(): void {
    const now = Date.now();
    const accepted = this.acceptedRate(now);
    const before = this.effectiveRate();
    // What the provider accepted over the last second is the best estimate of its limit: aim there
    // and pace a little below it; never cut below half the pace in force (a burst that filled the
    // provider's window makes the last second look emptier than the limit is). Nothing accepted
    // means far over: halve (or one a second when no pace was known).
    // The next probe aims at what got through when that is most of the pace in force; a last
    // second much emptier than the pace is the tail of a burst, and says little about the limit.
    const credible = before === undefined || accepted >= 0.8 * before;
    this.ceiling = accepted > 0 ? (credible ? accepted : Math.max(accepted, before)) : (before ?? 1);
    const cut = accepted > 0 ? accepted * DECREASE : (before ?? 1) * 0.5;
    this.rate = Math.max(MIN_RATE, cut, (before ?? 0) * 0.5);
    this.halveConcurrency();
    this.nextStartAt = Math.max(this.nextStartAt, now + 1000 / this.rate);
  }

  private halveConcurrency(): void {
    this.concurrency = Math.max(1, this.concurrency / 2);
    this.lastDecreaseAt = Date.now();
  }

  private increase(): void {
    this.concurrency = Math.min(this.maxConcurrency, this.concurrency + 1 / this.concurrency);
    if (this.rate === undefined || this.ceiling === undefined) return;
    const gap = this.ceiling - this.rate;
    this.rate += gap > this.ceiling * 0.02 ? gap * RECOVERY_STEP : this.ceiling * PROBE_STEP;
    // Past the declared cap learning means nothing; far past the ceiling the provider has lifted it.
    if (this.declaredRate && this.rate >= this.declaredRate) this.rate = undefined;
    else if (this.rate > this.ceiling * 2) this.ceiling = this.rate;
  }

  /** Fails every waiting request with `reason` (a bad key: nothing queued should be sent). */
  rejectAll(reason: unknown): void {
    for (const waiter of this.waiters.splice(0)) {
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.reject(reason);
    }
    this.unblock(Date.now());
    clearTimeout(this.timer);
  }
}
