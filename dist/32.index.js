export const id = 32;
export const ids = [32];
export const modules = {

/***/ 41032:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createPooledGenerator: () => (/* binding */ createPooledGenerator),
/* harmony export */   poolServers: () => (/* binding */ poolServers)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53388);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51870);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31484);




/** Consecutive failures after which a server is taken out. */
const STRIKES = 2;
const FIRST_COOL_DOWN_MS = 2000;
const MAX_COOL_DOWN_MS = 60_000;
/** A path every server of the type answers cheaply; any answer below 500 means it is up. */
const HEALTH_PATHS = { comfyui: 'queue', automatic1111: 'sdapi/v1/sd-models' };
/** The servers of a `urls:` list, checked: each a URL, each a positive concurrency. */
function poolServers(setup, defaultConcurrency) {
    const raw = setup.config.urls;
    if (raw === undefined)
        return undefined;
    const problem = (message) => new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz({
        file: setup.name,
        message: `generator "${setup.name}": ${message}`,
        hint: 'urls: [{ url: http://gpu-1:8188, concurrency: 2 }, { url: http://gpu-2:8188 }]',
    });
    if (!Array.isArray(raw) || raw.length === 0)
        throw problem('urls must be a non-empty list of servers');
    if (setup.config.url !== undefined || setup.config.baseUrl !== undefined)
        throw problem('set either baseUrl or urls, not both');
    return raw.map((entry, i) => {
        const item = (typeof entry === 'string' ? { url: entry } : entry);
        if (typeof item?.url !== 'string' || !/^https?:\/\//.test(item.url))
            throw problem(`urls[${i}] needs url: an http(s) address`);
        const concurrency = item.concurrency ?? defaultConcurrency;
        if (!Number.isInteger(concurrency) || concurrency < 1)
            throw problem(`urls[${i}].concurrency must be a whole number of at least 1`);
        return { url: item.url, concurrency };
    });
}
function createPooledGenerator(setup, factory, servers) {
    const { urls: _urls, ...rest } = setup.config;
    const members = servers.map((server) => ({
        server,
        generator: factory({
            ...setup,
            config: { ...rest, baseUrl: server.url, concurrency: server.concurrency },
        }),
        active: 0,
        strikes: 0,
        out: false,
        checkAt: 0,
        coolDownMs: FIRST_COOL_DOWN_MS,
        served: 0,
    }));
    const first = members[0];
    const type = first.generator.type;
    const limits = {
        ...first.generator.limits(),
        concurrency: servers.reduce((n, s) => n + s.concurrency, 0),
    };
    const pool = new Pool(members, HEALTH_PATHS[type] ?? '');
    return {
        type,
        identity: () => first.generator.identity(),
        limits: () => limits,
        async preflight(jobs, ctx) {
            // A server that cannot run the batch is out; only when none can does the batch stop.
            const failures = await Promise.all(members.map((m) => (m.generator.preflight?.(jobs, ctx) ?? Promise.resolve()).then(() => undefined, (error) => {
                pool.takeOut(m);
                return `${m.server.url}: ${error instanceof Error ? error.message : String(error)}`;
            })));
            const failed = failures.filter((f) => f !== undefined);
            if (failed.length === members.length)
                throw new Error((0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(failed.join('\n')));
        },
        async generate(job, ctx) {
            const member = await pool.lease(ctx.signal);
            try {
                const result = await member.generator.generate(job, ctx);
                pool.release(member, true);
                return {
                    ...result,
                    facts: { ...result.facts, extra: { ...result.facts.extra, server: member.server.url } },
                };
            }
            catch (error) {
                // Only the server's own trouble counts against it; a bad job or a cancel does not.
                const serverTrouble = !(error instanceof _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V) || error.kind === 'transient' || error.kind === 'timeout';
                pool.release(member, !serverTrouble || ctx.signal.aborted);
                throw error;
            }
        },
    };
}
class Pool {
    members;
    healthPath;
    waiters = [];
    timer;
    constructor(members, healthPath) {
        this.members = members;
        this.healthPath = healthPath;
    }
    /** The least busy, least failing server with a free slot; waits while all are busy. */
    lease(signal) {
        const free = this.pick();
        if (free)
            return Promise.resolve(this.take(free));
        if (this.members.every((m) => m.out))
            return Promise.reject(this.allOut());
        return new Promise((resolve, reject) => {
            const waiter = {
                resolve: (m) => {
                    signal.removeEventListener('abort', onAbort);
                    resolve(m);
                },
                reject,
            };
            const onAbort = () => {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                reject(signal.reason);
            };
            signal.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(waiter);
        });
    }
    release(member, ok) {
        member.active--;
        if (ok) {
            member.strikes = 0;
            member.served++;
        }
        else if (++member.strikes >= STRIKES && !member.out)
            this.takeOut(member);
        this.dispatch();
    }
    takeOut(member) {
        member.out = true;
        member.checkAt = Date.now() + member.coolDownMs;
        member.coolDownMs = Math.min(MAX_COOL_DOWN_MS, member.coolDownMs * 2);
        this.schedule();
        // Jobs waiting only for servers that are now all out should fail over to a retry, not hang.
        if (this.members.every((m) => m.out))
            for (const w of this.waiters.splice(0))
                w.reject(this.allOut());
    }
    allOut() {
        const next = Math.max(0, Math.min(...this.members.map((m) => m.checkAt)) - Date.now());
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`every server of the pool is out (failing); the next health check is in ${Math.ceil(next / 1000)} s`, 'transient', { retryAfterMs: next });
    }
    pick() {
        let best;
        for (const m of this.members) {
            if (m.out || m.active >= m.server.concurrency)
                continue;
            const load = m.active / m.server.concurrency;
            const bestLoad = best ? best.active / best.server.concurrency : Number.POSITIVE_INFINITY;
            if (!best || m.strikes < best.strikes || (m.strikes === best.strikes && load < bestLoad))
                best = m;
        }
        return best;
    }
    take(member) {
        member.active++;
        return member;
    }
    dispatch() {
        while (this.waiters.length) {
            const free = this.pick();
            if (!free)
                return;
            this.waiters.shift().resolve(this.take(free));
        }
    }
    /** One timer for the next due health check. */
    schedule() {
        clearTimeout(this.timer);
        const due = this.members.filter((m) => m.out).map((m) => m.checkAt);
        if (!due.length)
            return;
        this.timer = setTimeout(() => void this.checkDue(), Math.max(0, Math.min(...due) - Date.now()));
        this.timer.unref?.();
    }
    async checkDue() {
        const now = Date.now();
        await Promise.all(this.members
            .filter((m) => m.out && m.checkAt <= now)
            .map(async (m) => {
            if (await this.healthy(m.server.url)) {
                m.out = false;
                m.strikes = STRIKES - 1; // one more failure and it is out again
                m.coolDownMs = FIRST_COOL_DOWN_MS;
            }
            else {
                m.checkAt = Date.now() + m.coolDownMs;
                m.coolDownMs = Math.min(MAX_COOL_DOWN_MS, m.coolDownMs * 2);
            }
        }));
        this.dispatch();
        this.schedule();
    }
    async healthy(url) {
        try {
            const response = await fetch((0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .endpoint */ .sR)(url, this.healthPath), { signal: AbortSignal.timeout(5000) });
            await response.body?.cancel();
            return response.status < 500;
        }
        catch {
            return false;
        }
    }
}


/***/ })

};
