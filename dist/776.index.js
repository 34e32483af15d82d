export const id = 776;
export const ids = [776];
export const modules = {

/***/ 58134:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ prepareImageBatch)
/* harmony export */ });
/**
 * Settings for a batch of image work, made once per process and only when a layer is about to
 * decode or encode (a no-op run never loads sharp). libvips keeps the results of its last 100
 * operations (up to 50 MB) in case they are asked for again; in a batch every input is a new
 * image, so that cache only holds memory: off, a 300-asset synthesis peaked 60 MB lower (measured
 * with /usr/bin/time, 1024² procedural images).
 */
let prepared;
function prepareImageBatch() {
    prepared ??= Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 42482)).then(({ default: sharp }) => {
        sharp.cache(false);
    });
    return prepared;
}


/***/ }),

/***/ 13656:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _: () => (/* binding */ useSharedStore)
});

;// CONCATENATED MODULE: ./build/action-package/src/store/tiered-blob-store.js
/**
 * A local store in front of a shared one (S3): reads come from the local copy when it has one and
 * are copied down otherwise; writes go to both, the shared store first, so a blob the lockfile names
 * is never only on this machine.
 */
class TieredBlobStore {
    local;
    shared;
    constructor(local, shared) {
        this.local = local;
        this.shared = shared;
    }
    get location() {
        return `${this.local.location} + ${this.shared.location}`;
    }
    async has(sha256) {
        return (await this.local.has(sha256)) || this.shared.has(sha256);
    }
    async get(sha256) {
        if (await this.local.has(sha256)) {
            try {
                return await this.local.get(sha256);
            }
            catch {
                // A damaged local copy: the shared store has the true bytes.
            }
        }
        const bytes = await this.shared.get(sha256);
        await this.local.put(bytes);
        return bytes;
    }
    /**
     * The local copy decides when it is whole; a damaged one is quarantined (by the local store) and
     * fetched again from the shared store, which is the copy the lockfile relies on.
     */
    async verify(sha256, options) {
        const local = await this.local.verify(sha256, options);
        if (local.status === 'ok')
            return local;
        const shared = await this.shared.verify(sha256);
        if (shared.status !== 'ok')
            return local.status === 'corrupt' ? local : shared;
        if (local.status === 'missing')
            return shared;
        if (local.status !== 'corrupt')
            return local;
        await this.local.put(await this.shared.get(sha256));
        return { ...local, status: 'repaired', from: this.shared.location };
    }
    async put(bytes) {
        const sha = await this.shared.put(bytes);
        await this.local.put(bytes);
        return sha;
    }
}

;// CONCATENATED MODULE: ./build/action-package/src/layers/store.js

/**
 * Puts the manifest's shared store (S3) behind the local one, once per context. Layers call it
 * after reading plan.json, which carries the store configuration. The AWS SDK loads only here.
 */
async function useSharedStore(ctx, plan) {
    if (!plan.store || ctx.workspace.blobs instanceof TieredBlobStore)
        return;
    const { S3BlobStore } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(143)]).then(__webpack_require__.bind(__webpack_require__, 15143));
    ctx.workspace.blobs = new TieredBlobStore(ctx.workspace.blobs, S3BlobStore.fromTarget(plan.store, { env: ctx.env }));
}


/***/ }),

/***/ 87776:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  synthesizeLayer: () => (/* binding */ synthesizeLayer)
});

// EXTERNAL MODULE: ./build/action-package/src/core/errors.js
var errors = __webpack_require__(53388);
// EXTERNAL MODULE: ./build/action-package/src/core/secrets.js
var secrets = __webpack_require__(51870);
;// CONCATENATED MODULE: ./build/action-package/src/generators/adaptive-limit.js
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
/** Slowest learned pace: one request a minute (a provider that says nothing still gets every job). */
const MIN_RATE = 1 / 60;
/** Above the pace that met the last 429, each success adds this share of it (a gentle probe). */
const PROBE_STEP = 0.003;
/** Below that pace, each success closes this share of the gap (quick recovery). */
const RECOVERY_STEP = 0.25;
/** After a 429 without hints, pace at this share of what the provider accepted. */
const DECREASE = 0.85;
const DEFAULT_MAX_HOLD_MS = 120_000;
class AdaptiveLimiter {
    stats = { requests: 0, rateLimited: 0, waitedMs: 0 };
    maxConcurrency;
    declaredRate;
    maxHoldMs;
    /** Learned bounds: undefined until the provider first pushes back. */
    concurrency;
    rate;
    headerRate;
    /** The pace at which the last 429 came: recovery aims here, probing goes past it. */
    ceiling;
    active = 0;
    nextStartAt = 0;
    heldUntil = 0;
    lastDecreaseAt = Number.NEGATIVE_INFINITY;
    /** Start times (ms) of the last second's requests that were not answered with a 429. */
    recentStarts = [];
    waiters = [];
    timer;
    /** Since when a waiter has been held back by a hold or the learned pace. */
    blockedSince;
    constructor(settings) {
        this.maxConcurrency = Math.max(1, settings.concurrency);
        this.concurrency = this.maxConcurrency;
        this.declaredRate = settings.requestsPerMinute ? settings.requestsPerMinute / 60 : undefined;
        this.maxHoldMs = settings.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
    }
    /** Current bounds, for tests and logs. */
    get current() {
        return {
            concurrency: Math.floor(this.concurrency),
            ratePerSecond: this.effectiveRate(),
            heldForMs: Math.max(0, this.heldUntil - Date.now()),
        };
    }
    /** Waits for a slot. Higher priority first (retries go ahead of first attempts), then in order. */
    acquire(priority, signal) {
        if (signal.aborted)
            return Promise.reject(signal.reason);
        return new Promise((grant, reject) => {
            const waiter = {
                priority,
                grant,
                reject,
                signal,
                onAbort: () => {
                    const at = this.waiters.indexOf(waiter);
                    if (at >= 0)
                        this.waiters.splice(at, 1);
                    reject(signal.reason);
                    this.pump();
                },
            };
            signal.addEventListener('abort', waiter.onAbort, { once: true });
            // Stable: after every waiter of the same or higher priority.
            let at = this.waiters.length;
            while (at > 0 && this.waiters[at - 1].priority < priority)
                at--;
            this.waiters.splice(at, 0, waiter);
            this.pump();
        });
    }
    /** Holds the queue for `ms` (extending, never shortening, a hold in force). */
    hold(ms) {
        const until = Date.now() + Math.min(ms, this.maxHoldMs);
        if (until <= this.heldUntil)
            return;
        this.heldUntil = until;
        this.pump();
    }
    effectiveRate() {
        const rates = [this.rate, this.headerRate, this.declaredRate].filter((r) => r !== undefined);
        return rates.length ? Math.min(...rates) : undefined;
    }
    /** Whether the pace in force is tighter than the declared one (so waiting for it is the provider's doing). */
    learnedPaceBinds() {
        const rate = this.effectiveRate();
        return rate !== undefined && rate !== this.declaredRate;
    }
    pump() {
        clearTimeout(this.timer);
        this.timer = undefined;
        while (this.waiters.length && this.active < Math.floor(this.concurrency)) {
            const now = Date.now();
            const heldFor = this.heldUntil - now;
            const pacedFor = this.nextStartAt - now;
            const wait = Math.max(heldFor, pacedFor);
            if (wait > 0) {
                if (heldFor > 0 || this.learnedPaceBinds())
                    this.blockedSince ??= now;
                this.timer = setTimeout(() => this.pump(), wait);
                this.timer.unref?.();
                return;
            }
            this.start(this.waiters.shift(), now);
        }
        if (!this.waiters.length)
            this.unblock(Date.now());
    }
    unblock(now) {
        if (this.blockedSince === undefined)
            return;
        this.stats.waitedMs += now - this.blockedSince;
        this.blockedSince = undefined;
    }
    start(waiter, now) {
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
                if (finished)
                    return;
                finished = true;
                this.active--;
                this.learn(now, outcome, hints);
                this.pump();
            },
        });
    }
    learn(startedAt, outcome, hints = {}) {
        if (hints.limitPerMinute && hints.limitPerMinute > 0) {
            this.headerRate = hints.limitPerMinute / 60;
            if (this.declaredRate)
                this.headerRate = Math.min(this.headerRate, this.declaredRate);
        }
        if (hints.remaining === 0 && hints.resetMs !== undefined)
            this.hold(hints.resetMs);
        if (outcome === 'rate-limited') {
            this.stats.rateLimited++;
            const at = this.recentStarts.indexOf(startedAt);
            if (at >= 0)
                this.recentStarts.splice(at, 1);
            if (startedAt < this.lastDecreaseAt)
                return;
            if (hints.retryAfterMs !== undefined) {
                // The provider said when: wait that long, with fewer in flight so the end of the hold is
                // not one burst; the pace is its to set.
                this.hold(hints.retryAfterMs);
                this.halveConcurrency();
            }
            else
                this.decrease();
            return;
        }
        if (outcome === 'ok')
            this.increase();
    }
    /** Requests per second the provider accepted over the last second. */
    acceptedRate(now) {
        while (this.recentStarts.length && this.recentStarts[0] <= now - 1000)
            this.recentStarts.shift();
        return this.recentStarts.length;
    }
    decrease() {
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
    halveConcurrency() {
        this.concurrency = Math.max(1, this.concurrency / 2);
        this.lastDecreaseAt = Date.now();
    }
    increase() {
        this.concurrency = Math.min(this.maxConcurrency, this.concurrency + 1 / this.concurrency);
        if (this.rate === undefined || this.ceiling === undefined)
            return;
        const gap = this.ceiling - this.rate;
        this.rate += gap > this.ceiling * 0.02 ? gap * RECOVERY_STEP : this.ceiling * PROBE_STEP;
        // Past the declared cap learning means nothing; far past the ceiling the provider has lifted it.
        if (this.declaredRate && this.rate >= this.declaredRate)
            this.rate = undefined;
        else if (this.rate > this.ceiling * 2)
            this.ceiling = this.rate;
    }
    /** Fails every waiting request with `reason` (a bad key: nothing queued should be sent). */
    rejectAll(reason) {
        for (const waiter of this.waiters.splice(0)) {
            waiter.signal.removeEventListener('abort', waiter.onAbort);
            waiter.reject(reason);
        }
        this.unblock(Date.now());
        clearTimeout(this.timer);
    }
}

// EXTERNAL MODULE: ./build/action-package/src/generators/bounded-body.js
var bounded_body = __webpack_require__(89520);
// EXTERNAL MODULE: ./build/action-package/src/generators/generator.js
var generators_generator = __webpack_require__(715);
;// CONCATENATED MODULE: ./build/action-package/src/generators/caller.js





/** Longest a Retry-After may hold the queue; a server asking for more gets a plain backoff. */
const MAX_HOLD_MS = 120_000;
/** Longest one job may take, all attempts and waits included, unless the config says otherwise. */
const DEFAULT_BUDGET_MS = 15 * 60_000;
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
function createCaller(generator, options = {}) {
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
    let stopMessage;
    const stop = (error) => {
        if (stopped.signal.aborted)
            return;
        stopMessage = error.message;
        const reason = new generators_generator/* GenerationError */.V(`not sent: ${generator.type} refused the credentials on an earlier job (${error.options.status}); fix the key and rerun`, 'permanent', { status: error.options.status });
        stopped.abort(reason);
        limiter.rejectAll(reason);
    };
    return {
        stats: () => ({ ...limiter.stats }),
        stoppedBy: () => stopMessage,
        async call(job, signal) {
            const started = performance.now();
            if (signal.aborted)
                return { failure: toFailure(cancelled(), 0), attempts: 0, durationMs: 0 };
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
const cancelled = () => new generators_generator/* GenerationError */.V('cancelled before completion', 'cancelled');
/** One job's attempts: queue, send, learn, wait, until it has an image or a reason why not. */
class JobRun {
    job;
    generator;
    limiter;
    signal;
    stopped;
    settings;
    attempts = 0;
    lastStatus;
    inFlight = false;
    badAnswers = new bounded_body/* BadAnswers */.R1();
    /** Ends queued attempts and backoff waits — never an attempt in flight (its result is kept). */
    stopWaiting = new AbortController();
    /** Aborts attempts in flight once the grace period after a cancel has passed. */
    hardStop = new AbortController();
    graceTimer;
    /** performance.now() past which no new attempt starts; set when the first attempt starts. */
    deadline = Number.POSITIVE_INFINITY;
    constructor(job, generator, limiter, signal, stopped, settings) {
        this.job = job;
        this.generator = generator;
        this.limiter = limiter;
        this.signal = signal;
        this.stopped = stopped;
        this.settings = settings;
    }
    async execute(stop) {
        const unsubscribe = onAbort(this.signal, () => {
            if (!this.inFlight)
                this.stopWaiting.abort(cancelled());
            this.graceTimer = setTimeout(() => this.hardStop.abort(cancelled()), this.settings.graceMs);
        });
        try {
            return { result: await this.loop(stop), attempts: this.attempts };
        }
        catch (error) {
            const notSent = this.stopped.aborted && error === this.stopped.reason;
            // A retryable failure after a cancel would have been retried: it is the cancel that ended it.
            const ended = this.signal.aborted && error instanceof generators_generator/* GenerationError */.V && isRetryable(error)
                ? new generators_generator/* GenerationError */.V(`cancelled after: ${error.message}`, 'cancelled', error.options)
                : error;
            return {
                failure: toFailure(ended, this.attempts, this.lastStatus),
                attempts: this.attempts,
                ...(notSent ? { notSent } : {}),
            };
        }
        finally {
            unsubscribe();
            clearTimeout(this.graceTimer);
        }
    }
    async loop(stop) {
        let failures = 0;
        for (;;) {
            const waitSignal = AbortSignal.any([this.stopWaiting.signal, this.stopped]);
            // Retries go ahead of first attempts: a job that already waited should not queue behind all.
            const permit = await this.limiter.acquire(this.attempts > 0 ? 1 : 0, waitSignal);
            // A long batch queues jobs for a long time: the budget counts from the job's first request.
            if (this.attempts === 0)
                this.deadline = performance.now() + this.settings.budgetMs;
            let error;
            try {
                const result = await this.attempt();
                permit.done('ok', result.rateHints);
                return result;
            }
            catch (thrown) {
                if (!(thrown instanceof generators_generator/* GenerationError */.V)) {
                    permit.done('failed');
                    throw thrown;
                }
                error = thrown;
                // Stop before the slot frees, so no queued job is sent with the same bad key.
                if (isBadCredentials(error))
                    stop(error);
                permit.done(isRateLimit(error) ? 'rate-limited' : 'failed', hintsOf(error));
            }
            this.lastStatus = error.options.status ?? this.lastStatus;
            if (this.signal.aborted || !isRetryable(error))
                throw error;
            if (performance.now() >= this.deadline)
                throw outOfBudget(error, this.attempts);
            if (isRateLimit(error))
                continue; // the limiter holds and paces; the job queues again
            if (++failures > this.settings.retries)
                throw error;
            await sleep(this.backoff(failures, error), this.stopWaiting.signal);
        }
    }
    /** Jittered exponential backoff (×1–2), at least what the server asked, never past the budget. */
    backoff(failures, error) {
        const { minDelayMs, maxDelayMs } = this.settings;
        const base = Math.min(maxDelayMs, minDelayMs * 2 ** (failures - 1)) * (1 + Math.random());
        const asked = Math.min(error.options.retryAfterMs ?? 0, MAX_HOLD_MS);
        return Math.max(0, Math.min(Math.max(base, asked), this.deadline - performance.now()));
    }
    async attempt() {
        if (this.signal.aborted)
            throw cancelled();
        this.inFlight = true;
        this.attempts++;
        const { timeoutMs } = this.settings;
        const timeout = AbortSignal.timeout(timeoutMs);
        const attemptSignal = AbortSignal.any([timeout, this.hardStop.signal]);
        try {
            // A generator that ignores its signal still releases the slot when the signal fires.
            return await untilAborted(this.generator.generate(this.job, { signal: attemptSignal }), attemptSignal);
        }
        catch (error) {
            throw this.badAnswers.note(classify(error, this.hardStop.signal, timeout, timeoutMs), this.attempts);
        }
        finally {
            this.inFlight = false;
        }
    }
}
/** A provider's "slow down": 429, or 503 with a Retry-After (the same message from some gateways). */
function isRateLimit(error) {
    const { status, retryAfterMs } = error.options;
    return error.kind === 'transient' && (status === 429 || (status === 503 && retryAfterMs !== undefined));
}
function hintsOf(error) {
    const { hints, retryAfterMs } = error.options;
    if (hints)
        return hints;
    return retryAfterMs !== undefined ? { retryAfterMs } : undefined;
}
/** 401/403 that is not a content refusal: the key is wrong, every other job would be refused too. */
function isBadCredentials(error) {
    return error.kind === 'permanent' && (error.options.status === 401 || error.options.status === 403);
}
function outOfBudget(error, attempts) {
    return new generators_generator/* GenerationError */.V(`${error.message} (gave up after ${attempts} attempts: the job's time budget is spent; raise budgetSeconds)`, error.kind, error.options);
}
/**
 * One 'abort' listener per run signal, whatever the number of jobs: thousands of calls sharing the
 * layer's signal would otherwise each add one (and trip Node's listener-leak warning).
 */
const abortHandlers = new WeakMap();
function onAbort(signal, handler) {
    let handlers = abortHandlers.get(signal);
    if (!handlers) {
        const set = new Set();
        handlers = set;
        abortHandlers.set(signal, set);
        signal.addEventListener('abort', () => {
            for (const h of [...set])
                h();
        }, { once: true });
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
}
function isRetryable(error) {
    return error.kind === 'transient' || error.kind === 'timeout';
}
function classify(error, hardStop, timeout, timeoutMs) {
    if (error instanceof generators_generator/* GenerationError */.V)
        return error;
    if (hardStop.aborted)
        return new generators_generator/* GenerationError */.V('cancelled while in flight', 'cancelled');
    if (timeout.aborted)
        return new generators_generator/* GenerationError */.V(`timed out after ${timeoutMs} ms`, 'timeout', { cause: error });
    // Anything else (connection reset, DNS, a malformed body) is worth another try.
    return new generators_generator/* GenerationError */.V((0,secrets/* redact */.E$)((0,errors/* errorMessage */.gJ)(error)), 'transient', { cause: error });
}
function toFailure(error, attempts, status) {
    if (error instanceof generators_generator/* GenerationError */.V) {
        return {
            kind: error.kind,
            message: (0,secrets/* redact */.E$)(error.message),
            attempts,
            status: error.options.status ?? status,
        };
    }
    if (error instanceof Error && error.name === 'AbortError')
        return { kind: 'cancelled', message: 'cancelled before completion', attempts, status };
    return { kind: 'permanent', message: (0,secrets/* redact */.E$)((0,errors/* errorMessage */.gJ)(error)), attempts, status };
}
function untilAborted(work, signal) {
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal.aborted)
            return resolve();
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
        }
    });
}

// EXTERNAL MODULE: ./build/action-package/src/generators/index.js
var generators = __webpack_require__(27990);
// EXTERNAL MODULE: ./build/action-package/src/plan/prices.js
var prices = __webpack_require__(62297);
// EXTERNAL MODULE: ./build/action-package/src/plan/shards.js
var shards = __webpack_require__(38214);
// EXTERNAL MODULE: ./build/action-package/src/report/cost.js
var report_cost = __webpack_require__(10249);
// EXTERNAL MODULE: ./build/action-package/src/store/sweep.js
var sweep = __webpack_require__(98385);
// EXTERNAL MODULE: ./build/action-package/src/store/workspace.js
var workspace = __webpack_require__(16032);
// EXTERNAL MODULE: ./build/action-package/src/layers/context.js
var context = __webpack_require__(71241);
// EXTERNAL MODULE: ./build/action-package/src/layers/image-runtime.js
var image_runtime = __webpack_require__(58134);
// EXTERNAL MODULE: ./build/action-package/src/layers/run-folder.js
var run_folder = __webpack_require__(27496);
// EXTERNAL MODULE: ./build/action-package/src/layers/store.js + 1 modules
var store = __webpack_require__(13656);
;// CONCATENATED MODULE: ./build/action-package/src/layers/synthesize.js












/**
 * Layer 2: plan.json → synthesis.json. Cached jobs cost nothing; the rest go to their back ends in
 * parallel under each back end's limits. A blob is stored before its cache record, so a crash at
 * any point leaves either a complete entry or none. Ctrl-C stops new calls, keeps finished ones.
 */
async function synthesizeLayer(ctx, build) {
    const stop = (0,run_folder/* startTimer */.Ip)();
    const planned = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'plan');
    await (0,store/* useSharedStore */._)(ctx, planned);
    const swept = await (0,sweep/* sweepStaleTemps */.R)(ctx.workspace.paths);
    if (swept)
        ctx.log.info(`store: removed ${swept} temporary file(s) left by killed runs`);
    const plan = ctx.shard ? onlyShard(ctx, planned, ctx.shard) : planned;
    const entries = {};
    const pending = [];
    await Promise.all(plan.jobs.map(async (job) => {
        const blocked = job.policy?.filter((c) => !c.passed);
        if (blocked?.length) {
            // Stopped by the prompt policy at plan time: no back end is called, nothing is paid.
            const message = blocked.map((c) => c.reason ?? c.id).join('; ');
            entries[job.key] = {
                key: job.key,
                status: 'failed',
                failure: { kind: 'policy', message, attempts: 0 },
                attempts: 0,
                durationMs: 0,
            };
            return;
        }
        const t0 = performance.now();
        const hit = await (0,workspace/* lookupCached */.lu)(ctx.workspace, job.key, (problem) => ctx.log.warn(`cache: job ${job.asset}#${job.variant}: ${problem}`));
        if (hit)
            entries[job.key] = fromCache(hit, performance.now() - t0);
        else {
            const refused = ctx.retryRefused ? undefined : await ctx.workspace.refused.get(job.key);
            if (refused)
                entries[job.key] = refusedBefore(refused);
            else
                pending.push(job);
        }
    }));
    const blockedCount = Object.keys(entries).length - plan.jobs.filter((j) => entries[j.key]?.status === 'cached').length;
    ctx.log.info(`synthesize: ${plan.jobs.length - pending.length - blockedCount} cached, ${blockedCount} blocked by policy, ${pending.length} to generate`);
    const held = budget(ctx, plan, pending);
    let rateLimits = {};
    if (held.stopped)
        stopAll(pending, entries, held);
    else if (pending.length) {
        await (0,image_runtime/* prepareImageBatch */.x)();
        rateLimits = await generateAll(ctx, plan, pending, entries, build);
    }
    const made = plan.jobs.filter((job) => entries[job.key]?.status === 'generated');
    const spent = (0,prices/* estimateCost */.a3)(made.map((job) => (0,prices/* asMade */.gN)(job, entries[job.key]?.facts)), plan.prices);
    const cost = { ...held, spent };
    const ordered = Object.fromEntries(plan.jobs.map((job) => [job.key, entries[job.key]]));
    const values = Object.values(ordered);
    const synthesis = {
        schema: 'genops/synthesis@1',
        manifestHash: plan.manifestHash,
        entries: ordered,
        counts: {
            jobs: values.length,
            generated: values.filter((e) => e.status === 'generated').length,
            cached: values.filter((e) => e.status === 'cached').length,
            failed: values.filter((e) => e.status === 'failed').length,
        },
        cost,
        timings: stop(),
        ...(Object.keys(rateLimits).length ? { rateLimits } : {}),
    };
    await (0,run_folder/* writeRunFile */.XY)(ctx.runDir, 'synthesis', synthesis);
    const { generated, cached, failed } = synthesis.counts;
    ctx.log.info(`synthesize: ${generated} generated, ${cached} cached, ${failed} failed (${synthesis.timings.durationMs} ms)`);
    const notStarted = values.filter((e) => e.failure?.kind === 'cancelled' && e.attempts === 0).length;
    if (notStarted)
        ctx.log.warn(`synthesize: interrupted; ${notStarted} job(s) not started: rerun to make them`);
    return synthesis;
}
async function generateAll(ctx, plan, pending, entries, build = (name, config) => (0,generators/* createGenerator */.oW)({ name, config, baseDir: (0,context/* baseDirOf */.Gz)(ctx), env: ctx.env })) {
    const byGenerator = new Map();
    for (const job of pending) {
        const jobs = byGenerator.get(job.generator);
        if (jobs)
            jobs.push(job);
        else
            byGenerator.set(job.generator, [job]);
    }
    const callers = new Map();
    let done = 0;
    const tick = () => ctx.log.progress('generating', ++done, pending.length);
    const fail = (job, message, kind) => {
        const failure = { kind, message, attempts: 0 };
        entries[job.key] = { key: job.key, status: 'failed', failure, attempts: 0, durationMs: 0 };
        tick();
    };
    for (const [name, jobs] of byGenerator) {
        try {
            const generator = await build(name, plan.generators[name]);
            await generator.preflight?.(jobs, { signal: ctx.signal });
            callers.set(name, createCaller(generator));
        }
        catch (error) {
            ctx.log.error(`generator "${name}": ${(0,errors/* errorMessage */.gJ)(error)}`);
            for (const job of jobs)
                fail(job, `generator "${name}" unavailable: ${(0,errors/* errorMessage */.gJ)(error)}`, 'permanent');
        }
    }
    await Promise.all(pending.map(async (job) => {
        const caller = callers.get(job.generator);
        if (!caller)
            return;
        const outcome = await caller.call(job, ctx.signal);
        entries[job.key] = await settle(ctx, job, outcome, caller);
        tick();
    }));
    return summarizeCallers(ctx, callers, pending, entries);
}
/** One job's outcome → its entry: the image stored (blob before record), or the failure said once. */
async function settle(ctx, job, outcome, caller) {
    const base = { key: job.key, attempts: outcome.attempts, durationMs: Math.round(outcome.durationMs) };
    if (!outcome.result) {
        const failure = outcome.failure;
        if (failure?.kind === 'policy' && outcome.attempts > 0)
            await rememberRefusal(ctx, job, failure);
        // After a bad key the back end is stopped: one message for all its jobs (summarizeCallers).
        const badKey = caller.stoppedBy?.() && (failure?.status === 401 || failure?.status === 403);
        // Jobs an interrupt kept from starting are counted once at the end, not a line each.
        const notStarted = failure?.kind === 'cancelled' && outcome.attempts === 0;
        if (!outcome.notSent && !badKey && !notStarted)
            ctx.log.warn(`job ${job.asset}#${job.variant} failed (${failure?.kind}): ${failure?.message}`);
        return { ...base, status: 'failed', failure };
    }
    try {
        const blob = await ctx.workspace.blobs.put(outcome.result.bytes);
        const record = {
            key: job.key,
            blob,
            mediaType: outcome.result.mediaType,
            bytes: outcome.result.bytes.length,
            facts: outcome.result.facts,
            createdAt: new Date().toISOString(),
        };
        await ctx.workspace.jobs.set(job.key, record);
        return {
            ...base,
            status: 'generated',
            blob,
            mediaType: record.mediaType,
            bytes: record.bytes,
            facts: record.facts,
        };
    }
    catch (error) {
        ctx.log.warn(`job ${job.asset}#${job.variant}: storing the image failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return {
            ...base,
            status: 'failed',
            failure: {
                kind: 'permanent',
                message: `storing the image failed: ${(0,errors/* errorMessage */.gJ)(error)}`,
                attempts: outcome.attempts,
            },
        };
    }
}
/** Per generator: one line for a bad key, one for the 429s met; the figures for synthesis.json. */
function summarizeCallers(ctx, callers, pending, entries) {
    const rateLimits = {};
    for (const [name, caller] of callers) {
        const stoppedBy = caller.stoppedBy?.();
        if (stoppedBy) {
            const failed = pending.filter((j) => j.generator === name && entries[j.key]?.status === 'failed');
            ctx.log.error(`generator "${name}": ${stoppedBy} — stopped; ${failed.length} job(s) not generated. Fix the key and rerun.`);
        }
        const stats = caller.stats?.();
        if (!stats)
            continue;
        rateLimits[name] = { ...stats, waitedMs: Math.round(stats.waitedMs) };
        if (stats.rateLimited)
            ctx.log.info(`generator "${name}": ${stats.rateLimited} of ${stats.requests} requests answered 429; waited ${Math.round(stats.waitedMs)} ms for them`);
    }
    return rateLimits;
}
async function rememberRefusal(ctx, job, failure) {
    const entry = {
        key: job.key,
        generator: job.generator,
        message: failure.message,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        refusedAt: new Date().toISOString(),
    };
    try {
        await ctx.workspace.refused.set(job.key, entry);
    }
    catch (error) {
        // Remembering saves money next time; failing to is no reason to fail this run.
        ctx.log.warn(`could not remember the refusal of ${job.asset}#${job.variant}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** A job whose prompt the provider refused on an earlier run: not sent again, unless asked. */
function refusedBefore(refused) {
    const message = `refused by generator "${refused.generator}" on ${refused.refusedAt}: ${refused.message} (not sent again; change the prompt, or rerun with --retry-refused)`;
    return {
        key: refused.key,
        status: 'failed',
        failure: { kind: 'policy', message, attempts: 0, ...(refused.status ? { status: refused.status } : {}) },
        attempts: 0,
        durationMs: 0,
    };
}
/**
 * The estimate of what this run is about to pay for (the cache misses), held to
 * `limits.maxCostUsd`: above it, or with a paid job no price row knows, nothing is generated.
 */
function budget(ctx, plan, pending) {
    const estimate = (0,prices/* estimateCost */.a3)(pending, plan.prices);
    const limitUsd = plan.maxCostUsd;
    const over = limitUsd !== undefined && (estimate.usd > limitUsd || estimate.unpriced > 0);
    if (!over) {
        if (pending.length)
            ctx.log.info(`synthesize: estimated cost ${(0,report_cost/* describeCost */.P)(estimate)}`);
        return { estimate, limitUsd, stopped: false };
    }
    ctx.log.error(`synthesize: estimated cost ${(0,report_cost/* describeCost */.P)(estimate)} exceeds limits.maxCostUsd ${(0,report_cost/* formatUsd */.U)(limitUsd)}${estimate.unpriced ? ' (a job with no price cannot be held to a limit: add it under prices:)' : ''}; nothing was generated`);
    return { estimate, limitUsd, stopped: true };
}
/** Over budget: every job that would have been paid for fails as `budget`, none is started. */
function stopAll(pending, entries, cost) {
    const message = `not generated: the run's estimated cost ${(0,report_cost/* formatUsd */.U)(cost.estimate.usd)}${cost.estimate.unpriced ? ` (+${cost.estimate.unpriced} unpriced jobs)` : ''} exceeds limits.maxCostUsd ${(0,report_cost/* formatUsd */.U)(cost.limitUsd ?? 0)}`;
    for (const job of pending) {
        const failure = { kind: 'budget', message, attempts: 0 };
        entries[job.key] = { key: job.key, status: 'failed', failure, attempts: 0, durationMs: 0 };
    }
}
function fromCache(hit, durationMs) {
    return {
        key: hit.key,
        status: 'cached',
        blob: hit.blob,
        mediaType: hit.mediaType,
        bytes: hit.bytes,
        facts: hit.facts,
        attempts: 0,
        durationMs: Math.round(durationMs * 10) / 10,
    };
}
/** The plan narrowed to one shard's jobs: the assignment plan.json recorded, or the same rule anew. */
function onlyShard(ctx, plan, shard) {
    const recorded = plan.shards?.count === shard.count ? plan.shards.assignment : undefined;
    const assignment = recorded ??
        (0,shards/* assignShards */.fp)(plan.jobs.map((j) => j.key), shard.count);
    const jobs = plan.jobs.filter((job) => assignment[job.key] === shard.index);
    ctx.log.info(`synthesize: shard ${shard.index}/${shard.count}: ${jobs.length} of ${plan.jobs.length} jobs`);
    return { ...plan, jobs };
}


/***/ }),

/***/ 98385:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ sweepStaleTemps)
/* harmony export */ });
/* unused harmony export STALE_TEMP_MS */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _atomic_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41848);



/**
 * A `.tmp-*` file this old belongs to no live writer: an atomic write holds its temporary file only
 * while it writes and flushes one file, seconds at most. A younger one is removed only when its name
 * shows a writer on this host that is no longer running; otherwise it may be another run's, in
 * flight on the same state folder (or one from another machine sharing it), and is left alone.
 */
const STALE_TEMP_MS = 10 * 60 * 1000;
/**
 * Removes the temporary files that killed writers left in the blob store and the caches (a kill -9
 * between write and rename): they are never read, but they take space and would travel with the
 * CI cache. Returns how many were removed.
 */
async function sweepStaleTemps(paths, now = Date.now()) {
    let removed = 0;
    for (const dir of [paths.blobs, paths.cache]) {
        const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { recursive: true, withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            if (!entry.isFile() || !entry.name.startsWith(_atomic_js__WEBPACK_IMPORTED_MODULE_2__/* .TEMP_PREFIX */ .MX))
                continue;
            const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(entry.parentPath, entry.name);
            const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(file).catch(() => undefined);
            if (!info || (now - info.mtimeMs < STALE_TEMP_MS && writerMayLive(entry.name)))
                continue;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(file, { force: true });
            removed++;
        }
    }
    return removed;
}
const [HOST] = _atomic_js__WEBPACK_IMPORTED_MODULE_2__/* .TEMP_WRITER */ .D.split('.');
function writerMayLive(name) {
    const writer = /-([0-9a-f]{8})\.(\d+)-[0-9a-f]{12}$/.exec(name);
    if (!writer || writer[1] !== HOST)
        return true;
    try {
        process.kill(Number(writer[2]), 0);
        return true;
    }
    catch (error) {
        return error.code !== 'ESRCH';
    }
}


/***/ })

};
