export const id = 119;
export const ids = [119];
export const modules = {

/***/ 39684:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ openAIClient)
/* harmony export */ });
/* harmony import */ var openai__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(93674);
/**
 * The one place an OpenAI SDK client is built, for the image back end and for the gates that call
 * OpenAI (moderation, the vision judge). Callers choose the retries: the image back end retries in
 * its own caller, so its SDK client must not retry too.
 */

function openAIClient(options) {
    return new openai__WEBPACK_IMPORTED_MODULE_0__/* ["default"] */ .Ay({
        apiKey: options.apiKey,
        baseURL: options.baseUrl,
        maxRetries: options.maxRetries,
        timeout: options.timeoutMs,
        fetch: options.fetch,
        organization: options.env.OPENAI_ORG_ID ?? null,
        project: options.env.OPENAI_PROJECT_ID ?? null,
    });
}


/***/ }),

/***/ 84119:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resolveRewrites: () => (/* binding */ resolveRewrites)
/* harmony export */ });
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78474);
/* harmony import */ var p_queue__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(19052);
/* harmony import */ var _clients_openai_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(39684);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53388);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51870);
/* harmony import */ var _lockfile_lockfile_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(19920);
/* harmony import */ var _manifest_locate_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(98975);
/* harmony import */ var _plan_optimize_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(37480);
/* harmony import */ var _store_json_index_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(90087);
/**
 * Prompt optimisation, the I/O half: each rewrite the planner wants is taken from genops.lock, else
 * from the state folder's cache, else asked of the chat model once and cached at once. So a rerun,
 * or CI with the lockfile, never calls the model, and a rewrite changes only when its inputs do.
 */









/** Rewrites at once: a batch of assets should not wait on one call at a time, nor flood the API. */
const CONCURRENCY = 4;
const TIMEOUT_MS = 60_000;
/**
 * The SDK's retries (429, 5xx, connection errors, honouring Retry-After) are the only retries here:
 * nothing else retries a rewrite, so they do not stack.
 */
const SDK_RETRIES = 2;
/** Every wanted rewrite by key. Throws (naming the asset's prompt) when one cannot be had. */
async function resolveRewrites(ctx, wanted, options = {}) {
    const found = new Map();
    if (!wanted.length)
        return found;
    const lock = await (0,_lockfile_lockfile_js__WEBPACK_IMPORTED_MODULE_4__/* .readLockfile */ .GQ)(ctx.lockfilePath);
    for (const asset of Object.values(lock.assets)) {
        if (asset.optimization)
            found.set(asset.optimization.key, asset.prompt);
    }
    const fromLock = wanted.filter((w) => found.has(w.key)).length;
    const cache = new _store_json_index_js__WEBPACK_IMPORTED_MODULE_7__/* .JsonIndex */ .Z(ctx.workspace.paths.prompts);
    let fromCache = 0;
    const missing = [];
    for (const request of wanted) {
        if (found.has(request.key))
            continue;
        const hit = await cache.get(request.key);
        if (hit?.key === request.key) {
            found.set(request.key, hit.rewritten);
            fromCache++;
        }
        else
            missing.push(request);
    }
    if (missing.length)
        await askAll(ctx, missing, cache, found, options);
    const models = [...new Set(missing.map((m) => m.model))].join(', ');
    ctx.log.info(`optimize: ${wanted.length} prompt(s): ${fromLock} from the lockfile, ${fromCache} cached, ${missing.length} rewritten${models ? ` by ${models}` : ''}`);
    return found;
}
async function askAll(ctx, missing, cache, found, options) {
    const queue = new p_queue__WEBPACK_IMPORTED_MODULE_8__/* ["default"] */ .Ay({ concurrency: CONCURRENCY });
    // One signal for the batch: the SDK leaves a listener on the signal of every request it made.
    const batch = new AbortController();
    (0,node_events__WEBPACK_IMPORTED_MODULE_0__.setMaxListeners)(0, batch.signal);
    const abort = () => batch.abort();
    ctx.signal.addEventListener('abort', abort, { once: true });
    try {
        await Promise.all(missing.map((request) => queue.add(() => askOne(request, batch.signal))));
    }
    finally {
        ctx.signal.removeEventListener('abort', abort);
    }
    async function askOne(request, signal) {
        if (signal.aborted)
            throw new Error('interrupted before every prompt was rewritten');
        const rewritten = await ask(ctx, request, signal, options);
        // Cached as soon as it is made: an interrupted plan pays for no rewrite twice.
        await cache.set(request.key, {
            key: request.key,
            model: request.model,
            original: request.prompt,
            rewritten,
            createdAt: new Date().toISOString(),
        });
        found.set(request.key, rewritten);
    }
}
/** One chat completion; a refusal, an empty answer or an API error is an error naming the prompt. */
async function ask(ctx, request, signal, options) {
    const apiKey = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .readSecret */ .n5)(ctx.env, request.apiKeyEnv);
    if (!apiKey) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz({
            file: ctx.manifestPath,
            ...options.locate?.(request.at),
            path: (0,_manifest_locate_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPath */ .jV)(request.at),
            message: `prompt optimisation needs ${request.apiKeyEnv}, which is not set, and genops.lock has no rewrite of "${clip(request.prompt)}"`,
            hint: `set ${request.apiKeyEnv} (or optimize.apiKeyEnv), commit genops.lock from a run that had it, or set optimize.enabled: false`,
        });
    }
    const client = (0,_clients_openai_js__WEBPACK_IMPORTED_MODULE_1__/* .openAIClient */ .Q)({
        apiKey,
        baseUrl: request.baseUrl,
        maxRetries: SDK_RETRIES,
        timeoutMs: TIMEOUT_MS,
        fetch: options.fetch,
        env: ctx.env,
    });
    try {
        const reply = await client.chat.completions.create({ model: request.model, messages: (0,_plan_optimize_js__WEBPACK_IMPORTED_MODULE_6__/* .rewriteMessages */ .fG)(request) }, { signal });
        const message = reply.choices[0]?.message;
        if (message?.refusal)
            throw new Error(`the model refused: ${message.refusal}`);
        return (0,_plan_optimize_js__WEBPACK_IMPORTED_MODULE_6__/* .parseRewrite */ .Oo)(message?.content);
    }
    catch (error) {
        const why = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(error instanceof Error ? error.message : String(error));
        throw new Error(`optimize: rewriting "${clip(request.prompt)}" with ${request.model} failed: ${why}`);
    }
}
function clip(text) {
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}


/***/ })

};
