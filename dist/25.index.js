export const id = 25;
export const ids = [25];
export const modules = {

/***/ 15025:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ASPECT_RATIOS: () => (/* binding */ ASPECT_RATIOS),
/* harmony export */   STABILITY_VERSION: () => (/* binding */ STABILITY_VERSION),
/* harmony export */   STYLE_PRESETS: () => (/* binding */ STYLE_PRESETS),
/* harmony export */   createStabilityGenerator: () => (/* binding */ createStabilityGenerator),
/* harmony export */   nearestAspectRatio: () => (/* binding */ nearestAspectRatio)
/* harmony export */ });
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51870);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76104);





/**
 * Stability AI REST v2beta, `/v2beta/stable-image/generate/{core|ultra|sd3}`: multipart form in,
 * image bytes out. The seed is always sent explicitly and the one Stability reports back (`seed`
 * header) is recorded. Stability makes aspect ratios, not sizes: the nearest ratio is asked for and
 * the result cover-resized to the requested size.
 */
const STABILITY_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.stability.ai';
const ENDPOINTS = ['core', 'ultra', 'sd3'];
const ASPECT_RATIOS = ['21:9', '16:9', '3:2', '5:4', '1:1', '4:5', '2:3', '9:16', '9:21'];
const STYLE_PRESETS = [
    '3d-model',
    'analog-film',
    'anime',
    'cinematic',
    'comic-book',
    'digital-art',
    'enhance',
    'fantasy-art',
    'isometric',
    'line-art',
    'low-poly',
    'modeling-compound',
    'neon-punk',
    'origami',
    'photographic',
    'pixel-art',
    'tile-texture',
];
const MAX_SEED = 4294967294;
const RATE_LIMIT_PAUSE_MS = 60_000;
const PARAMS = { stylePreset: ['style_preset'] };
/** The allowed ratio nearest to width:height, measured on a log scale (so 2:1 and 1:2 are as far from 1:1). */
function nearestAspectRatio(width, height) {
    const wanted = Math.log(width / height);
    let best = '1:1';
    let distance = Number.POSITIVE_INFINITY;
    for (const ratio of ASPECT_RATIOS) {
        const [w, h] = ratio.split(':').map(Number);
        const d = Math.abs(Math.log(w / h) - wanted);
        if (d < distance) {
            best = ratio;
            distance = d;
        }
    }
    return best;
}
function createStabilityGenerator(setup) {
    const { config, env } = setup;
    const which = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .oneOf */ .yL)('stability endpoint', (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(config, 'endpoint') ?? 'core', ENDPOINTS) ?? 'core';
    const sd3Model = which === 'sd3' ? ((0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(config, 'model') ?? 'sd3.5-large') : undefined;
    const baseUrl = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(config, 'baseUrl') ?? DEFAULT_BASE_URL;
    const apiKeyEnv = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(config, 'apiKeyEnv') ?? 'STABILITY_API_KEY';
    const stylePreset = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(config, 'stylePreset');
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_1__/* .limitsFrom */ .D)(config, { concurrency: 4, timeoutMs: 120_000, retries: 4 });
    // 150 requests per 10 s per key is Stability's documented limit; stay under it by default.
    limits.requestsPerMinute ??= 600;
    const model = sd3Model ?? `stable-image-${which}`;
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .withSettings */ .GY)({ type: 'stability', model, endpointClass: 'stability', version: STABILITY_VERSION }, { stylePreset });
    const url = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .endpoint */ .sR)(baseUrl, `v2beta/stable-image/generate/${which}`);
    const buildForm = (job) => {
        const { request: req } = job;
        const params = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .assetParams */ .vT)('stability', job, PARAMS);
        const preset = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .oneOf */ .yL)('stability stylePreset', params.stylePreset ?? stylePreset, STYLE_PRESETS);
        if (preset && which === 'sd3')
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V('stability stylePreset is not available on the sd3 endpoint', 'permanent');
        if (!Number.isInteger(req.seed) || req.seed < 0 || req.seed > MAX_SEED)
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(`stability seed must be an integer 0..${MAX_SEED}, not ${req.seed}`, 'permanent');
        // Stability encodes png, jpeg and webp (sd3: png, jpeg); anything else is transcoded from png.
        const native = which === 'sd3' ? ['png', 'jpeg'] : ['png', 'jpeg', 'webp'];
        const outputFormat = native.includes(req.format) ? req.format : 'png';
        const aspectRatio = nearestAspectRatio(req.width, req.height);
        const form = new FormData();
        form.set('prompt', req.prompt);
        if (req.negativePrompt)
            form.set('negative_prompt', req.negativePrompt);
        form.set('aspect_ratio', aspectRatio);
        form.set('seed', String(req.seed));
        form.set('output_format', outputFormat);
        if (preset)
            form.set('style_preset', preset);
        if (sd3Model) {
            form.set('model', sd3Model);
            form.set('mode', 'text-to-image');
            if (req.cfgScale !== undefined) {
                if (req.cfgScale < 1 || req.cfgScale > 10)
                    throw new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(`stability sd3 cfg_scale must be 1..10, not ${req.cfgScale}`, 'permanent');
                form.set('cfg_scale', String(req.cfgScale));
            }
        }
        return { form, aspectRatio, outputFormat };
    };
    return {
        type: 'stability',
        identity: () => identity,
        limits: () => limits,
        async generate(job, ctx) {
            // Preset, seed and cfg problems fail this job only, before any request is paid for.
            const { form, aspectRatio } = buildForm(job);
            const key = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .readSecret */ .n5)(env, apiKeyEnv);
            if (!key)
                throw (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .missingKey */ .aV)('stability', apiKeyEnv);
            const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .request */ .Em)('stability', url, {
                method: 'POST',
                headers: { authorization: `Bearer ${key}`, accept: 'image/*' },
                body: form,
                signal: ctx.signal,
            });
            if (!response.ok)
                throw await stabilityError(response, apiKeyEnv);
            let bytes;
            let finishReason = response.headers.get('finish-reason') ?? undefined;
            let seedText = response.headers.get('seed') ?? undefined;
            if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
                // The JSON variant (accept: application/json) — some gateways answer with it regardless.
                const json = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .tryJson */ .MR)(await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .bodyText */ .G3)(response, Number.POSITIVE_INFINITY));
                finishReason = json?.finish_reason ?? finishReason;
                seedText = json?.seed !== undefined ? String(json.seed) : seedText;
                bytes = (0,_image_output_js__WEBPACK_IMPORTED_MODULE_3__/* .decodeBase64Image */ .v$)('stability', json?.image);
            }
            else {
                bytes = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .readBytes */ .io)('stability', response);
            }
            if (finishReason === 'CONTENT_FILTERED') {
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V('stability filtered the output (finish-reason CONTENT_FILTERED): the image was blurred by its safety system', 'policy', { status: response.status });
            }
            const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_3__/* .conformImage */ .Cv)('stability', bytes, job.request);
            const seed = seedText !== undefined && /^\d+$/.test(seedText) ? Number(seedText) : undefined;
            return {
                bytes: conformed.bytes,
                mediaType: conformed.mediaType,
                facts: {
                    seed,
                    model,
                    // Seed 0 asks Stability for a random one; core/ultra may also change behind their names.
                    reproducible: seed !== undefined && seed !== 0 && seed === job.request.seed,
                    extra: {
                        aspectRatio,
                        finishReason: finishReason ?? 'SUCCESS',
                        ...(response.headers.get('x-request-id')
                            ? { requestId: response.headers.get('x-request-id') }
                            : {}),
                        ...(conformed.native ? { native: conformed.native } : {}),
                    },
                },
            };
        },
    };
}
/** Stability errors: `{id, name, errors[]}`. 403 is content moderation (policy); 429 waits. */
async function stabilityError(response, apiKeyEnv) {
    const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .bodyText */ .G3)(response);
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .tryJson */ .MR)(text);
    const name = typeof body?.name === 'string' ? body.name : undefined;
    const errors = Array.isArray(body?.errors) ? body.errors.map(String).join('; ') : text;
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(name ? `${name}: ${errors}` : errors);
    const status = response.status;
    if (status === 403 || name === 'content_moderation') {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(`stability refused the prompt (${status}) ${detail}`, 'policy', { status });
    }
    if (status === 401) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(`stability rejected the key in ${apiKeyEnv} (401): ${detail}`, 'permanent', {
            status,
        });
    }
    if (status === 402) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(`stability needs credits (402): ${detail}`, 'permanent', { status });
    }
    const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .statusError */ .$C)('stability', status, detail, response.headers);
    if (status === 429 && error.options.retryAfterMs === undefined) {
        // No Retry-After documented: Stability's support pages describe a 60 s timeout after exceeding
        // the limit, and retrying sooner only earns another 429.
        return new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(error.message, 'transient', { status, retryAfterMs: RATE_LIMIT_PAUSE_MS });
    }
    return error;
}


/***/ })

};
