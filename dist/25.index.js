export const id = 25;
export const ids = [25,865];
export const modules = {

/***/ 37865:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   conformImage: () => (/* binding */ conformImage),
/* harmony export */   decodeBase64Image: () => (/* binding */ decodeBase64Image),
/* harmony export */   encodeGenerated: () => (/* binding */ encodeGenerated),
/* harmony export */   isComplete: () => (/* binding */ isComplete),
/* harmony export */   sniffFormat: () => (/* binding */ sniffFormat)
/* harmony export */ });
/* harmony import */ var sharp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42482);
/* harmony import */ var _core_formats_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54583);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(715);




function sniffFormat(bytes) {
    if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a)
        return 'png';
    if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
        return 'jpeg';
    if (bytes.length >= 12 &&
        bytes.toString('latin1', 0, 4) === 'RIFF' &&
        bytes.toString('latin1', 8, 12) === 'WEBP')
        return 'webp';
    if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
        const brand = bytes.toString('latin1', 8, 12);
        if (brand === 'avif' || brand === 'avis')
            return 'avif';
    }
    return undefined;
}
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/**
 * A structural completeness check that costs no decode: PNG must end with IEND, JPEG with an EOI
 * marker, WebP must be as long as its RIFF header says. sharp's `metadata()` reads only headers and
 * would happily accept a file cut in half.
 */
function isComplete(bytes, format) {
    switch (format) {
        case 'png':
            return (bytes.length > PNG_IEND.length && bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND));
        case 'jpeg': {
            // Some encoders pad after EOI; look for it near the end.
            const tail = bytes.subarray(Math.max(0, bytes.length - 64));
            for (let i = tail.length - 2; i >= 0; i--)
                if (tail[i] === 0xff && tail[i + 1] === 0xd9)
                    return true;
            return false;
        }
        case 'webp':
            return bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= bytes.length;
        case 'avif':
            return true;
    }
}
/**
 * Checks the bytes and makes them match the request's size and format. An image that declares more
 * pixels than the job's cap was made for is not decoded: a few kilobytes can declare gigabytes.
 */
async function conformImage(backend, bytes, job) {
    const { request } = job;
    const format = sniffFormat(bytes);
    if (!format) {
        const start = bytes
            .subarray(0, 16)
            .toString('latin1')
            .replace(/[^\x20-\x7e]/g, '.');
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned ${bytes.length} bytes that are not a PNG, JPEG, WebP or AVIF image (starts "${start}")`);
    }
    if (!isComplete(bytes, format)) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned a truncated ${format.toUpperCase()} (${bytes.length} bytes)`);
    }
    let meta;
    try {
        meta = await (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(bytes).metadata();
    }
    catch (error) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned an unreadable ${format} image`, error);
    }
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    const allowed = (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .jobPixelCap */ .K4)(job);
    if (width * height > allowed) {
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`${backend} returned a ${format} image of ${width}x${height} = ${width * height} pixels, more than the ${allowed} this request allows; not decoded`, 'permanent');
    }
    if (width === request.width && height === request.height && format === request.format) {
        return { bytes, mediaType: _core_formats_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .q[format] };
    }
    let image = (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(bytes, { failOn: 'truncated', limitInputPixels: allowed });
    if (width !== request.width || height !== request.height) {
        image = image.resize(request.width, request.height, { fit: 'cover', position: 'centre' });
    }
    try {
        return {
            bytes: await encodeGenerated(image, request.format),
            mediaType: _core_formats_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .q[request.format],
            native: { format, width, height },
        };
    }
    catch (error) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned a ${format} image that does not decode`, error);
    }
}
/** One set of encoder settings for every back end's output, so formats look alike across them. */
function encodeGenerated(image, format) {
    switch (format) {
        case 'png':
            return image.png({ compressionLevel: 6 }).toBuffer();
        case 'jpeg':
            return image.jpeg({ quality: 88, mozjpeg: true }).toBuffer();
        case 'webp':
            return image.webp({ quality: 86 }).toBuffer();
        case 'avif':
            return image.avif({ quality: 60, effort: 2 }).toBuffer();
    }
}
/** Decodes base64 image data, tolerating a `data:` prefix some servers add. */
function decodeBase64Image(backend, data) {
    if (typeof data !== 'string' || data.length === 0) {
        throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .badAnswer */ .k6)(`${backend} returned no image data`);
    }
    const comma = data.startsWith('data:') ? data.indexOf(',') : -1;
    return Buffer.from(comma >= 0 ? data.slice(comma + 1) : data, 'base64');
}


/***/ }),

/***/ 3116:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ nearestRatio)
/* harmony export */ });
/**
 * Sizes for back ends that take an aspect ratio (and a size tier) instead of pixels: the nearest
 * ratio they offer is asked for, and the result is cover-resized to the exact size afterwards.
 */
/** The ratio from `ratios` ("w:h") nearest to width:height, on a log scale (2:1 and 1:2 are as far from 1:1). */
function nearestRatio(width, height, ratios) {
    const wanted = Math.log(width / height);
    let best = ratios[0];
    let distance = Number.POSITIVE_INFINITY;
    for (const ratio of ratios) {
        const [w, h] = ratio.split(':').map(Number);
        const d = Math.abs(Math.log(w / h) - wanted);
        if (d < distance) {
            best = ratio;
            distance = d;
        }
    }
    return best;
}


/***/ }),

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
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76104);
/* harmony import */ var _sizes_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3116);







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
    return (0,_sizes_js__WEBPACK_IMPORTED_MODULE_6__/* .nearestRatio */ .U)(width, height, ASPECT_RATIOS);
}
function createStabilityGenerator(setup) {
    const { config, env } = setup;
    const which = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .oneOf */ .yL)('stability endpoint', (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'endpoint') ?? 'core', ENDPOINTS) ?? 'core';
    const sd3Model = which === 'sd3' ? ((0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'model') ?? 'sd3.5-large') : undefined;
    const baseUrl = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'baseUrl') ?? DEFAULT_BASE_URL;
    const apiKeyEnv = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'apiKeyEnv') ?? 'STABILITY_API_KEY';
    const stylePreset = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'stylePreset');
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_2__/* .limitsFrom */ .D)(config, { concurrency: 4, timeoutMs: 120_000, retries: 4 });
    // 150 requests per 10 s per key is Stability's documented limit; stay under it by default.
    limits.requestsPerMinute ??= 600;
    const model = sd3Model ?? `stable-image-${which}`;
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .withSettings */ .GY)({ type: 'stability', model, endpointClass: 'stability', version: STABILITY_VERSION }, { stylePreset });
    const url = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .endpoint */ .sR)(baseUrl, `v2beta/stable-image/generate/${which}`);
    const buildForm = (job) => {
        const { request: req } = job;
        const params = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .assetParams */ .vT)('stability', job, PARAMS);
        const preset = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .oneOf */ .yL)('stability stylePreset', params.stylePreset ?? stylePreset, STYLE_PRESETS);
        if (preset && which === 'sd3')
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V('stability stylePreset is not available on the sd3 endpoint', 'permanent');
        if (!Number.isInteger(req.seed) || req.seed < 0 || req.seed > MAX_SEED)
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`stability seed must be an integer 0..${MAX_SEED}, not ${req.seed}`, 'permanent');
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
                    throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`stability sd3 cfg_scale must be 1..10, not ${req.cfgScale}`, 'permanent');
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
                throw (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .missingKey */ .aV)('stability', apiKeyEnv);
            const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .request */ .Em)('stability', url, {
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
                const json = (await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .readCappedJson */ ._x)('stability', response, (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .jobByteCap */ .CD)(job)));
                finishReason = json?.finish_reason ?? finishReason;
                seedText = json?.seed !== undefined ? String(json.seed) : seedText;
                bytes = (0,_image_output_js__WEBPACK_IMPORTED_MODULE_4__.decodeBase64Image)('stability', json?.image);
            }
            else {
                bytes = await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .readCapped */ .EF)('stability', response, (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .jobByteCap */ .CD)(job));
            }
            if (finishReason === 'CONTENT_FILTERED') {
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V('stability filtered the output (finish-reason CONTENT_FILTERED): the image was blurred by its safety system', 'policy', { status: response.status });
            }
            const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_4__.conformImage)('stability', bytes, job);
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
    const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .bodyText */ .G3)(response);
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)(text);
    const name = typeof body?.name === 'string' ? body.name : undefined;
    const errors = Array.isArray(body?.errors) ? body.errors.map(String).join('; ') : text;
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(name ? `${name}: ${errors}` : errors);
    const status = response.status;
    if (status === 403 || name === 'content_moderation') {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`stability refused the prompt (${status}) ${detail}`, 'policy', { status });
    }
    if (status === 401) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`stability rejected the key in ${apiKeyEnv} (401): ${detail}`, 'permanent', {
            status,
        });
    }
    if (status === 402) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`stability needs credits (402): ${detail}`, 'permanent', { status });
    }
    const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .statusError */ .$C)('stability', status, detail, response.headers);
    if (status === 429 && error.options.retryAfterMs === undefined) {
        // No Retry-After documented: Stability's support pages describe a 60 s timeout after exceeding
        // the limit, and retrying sooner only earns another 429.
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(error.message, 'transient', { status, retryAfterMs: RATE_LIMIT_PAUSE_MS });
    }
    return error;
}


/***/ })

};
