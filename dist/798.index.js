export const id = 798;
export const ids = [798,865];
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

/***/ 33798:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OPENAI_VERSION: () => (/* binding */ OPENAI_VERSION),
/* harmony export */   createOpenAIGenerator: () => (/* binding */ createOpenAIGenerator),
/* harmony export */   familyOf: () => (/* binding */ familyOf),
/* harmony export */   mapSdkError: () => (/* binding */ mapSdkError),
/* harmony export */   openaiSize: () => (/* binding */ openaiSize)
/* harmony export */ });
/* harmony import */ var openai__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(93674);
/* harmony import */ var _clients_openai_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(39684);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51870);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(76104);








/**
 * OpenAI Images (and Azure OpenAI / compatible servers via `baseUrl`) through the official SDK.
 * The SDK's own retries are switched off (maxRetries: 0): the one caller retries, so a job is never
 * retried 3 × N times. OpenAI takes no seed: results are stored samples, `reproducible: false`.
 */
const OPENAI_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const FAMILIES = ['gpt-image', 'gpt-image-2', 'dall-e-3', 'dall-e-2'];
const FIXED_SIZES = {
    'gpt-image': [
        [1024, 1024],
        [1536, 1024],
        [1024, 1536],
    ],
    'dall-e-3': [
        [1024, 1024],
        [1792, 1024],
        [1024, 1792],
    ],
    'dall-e-2': [
        [256, 256],
        [512, 512],
        [1024, 1024],
    ],
};
const QUALITIES = {
    'gpt-image': ['auto', 'low', 'medium', 'high'],
    'gpt-image-2': ['auto', 'low', 'medium', 'high'],
    'dall-e-3': ['standard', 'hd'],
    'dall-e-2': ['standard'],
};
const PROMPT_LIMITS = {
    'gpt-image': 32_000,
    'gpt-image-2': 32_000,
    'dall-e-3': 4_000,
    'dall-e-2': 1_000,
};
/** gpt-image-2 takes any WxH with both sides divisible by 16, ratio within 1:3..3:1, up to 3840x2160. */
const GPT_IMAGE_2 = { step: 16, maxEdge: 3840, maxPixels: 3840 * 2160, maxRatio: 3 };
/** How far a fixed size's aspect ratio may be from the requested one and still be cover-resized. */
const RATIO_TOLERANCE = 0.02;
/** Per-asset params: manifest name → accepted API-name aliases. */
const PARAMS = {
    quality: [],
    background: [],
    outputCompression: ['output_compression'],
    style: [],
    moderation: [],
};
function familyOf(model, configured) {
    if (configured) {
        const family = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .oneOf */ .yL)('openai family', configured, FAMILIES);
        if (family)
            return family;
    }
    if (model.startsWith('dall-e-2'))
        return 'dall-e-2';
    if (model.startsWith('dall-e-3'))
        return 'dall-e-3';
    if (model.startsWith('gpt-image-2'))
        return 'gpt-image-2';
    return 'gpt-image';
}
/**
 * The size to ask for: the requested one when the model makes it, else the smallest size the model
 * makes with the same aspect ratio that is at least as large (the result is downscaled). Otherwise a
 * permanent error that lists what the model can make.
 */
function openaiSize(model, family, width, height) {
    if (family === 'gpt-image-2') {
        const w = Math.ceil(width / GPT_IMAGE_2.step) * GPT_IMAGE_2.step;
        const h = Math.ceil(height / GPT_IMAGE_2.step) * GPT_IMAGE_2.step;
        const ratio = Math.max(w, h) / Math.min(w, h);
        if (Math.max(w, h) <= GPT_IMAGE_2.maxEdge &&
            w * h <= GPT_IMAGE_2.maxPixels &&
            ratio <= GPT_IMAGE_2.maxRatio)
            return `${w}x${h}`;
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai model "${model}" cannot make ${width}x${height}: sides must be at most ${GPT_IMAGE_2.maxEdge}, ` +
            `at most ${GPT_IMAGE_2.maxPixels} pixels and within 1:3..3:1 (sides are rounded up to multiples of 16)`, 'permanent');
    }
    const sizes = FIXED_SIZES[family];
    const wanted = Math.log(width / height);
    const fitting = sizes
        .filter(([w, h]) => Math.abs(Math.log(w / h) - wanted) <= RATIO_TOLERANCE && w >= width && h >= height)
        .sort((a, b) => a[0] * a[1] - b[0] * b[1]);
    const best = fitting[0];
    if (best)
        return `${best[0]}x${best[1]}`;
    const list = sizes.map(([w, h]) => `${w}x${h}`).join(', ');
    throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai model "${model}" cannot make ${width}x${height}: it makes ${list}; ` +
        'use one of those sizes, or a smaller size with the same aspect ratio (it is downscaled)', 'permanent');
}
function createOpenAIGenerator(setup) {
    const { config, env } = setup;
    const model = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'model') ?? 'gpt-image-1';
    const configuredFamily = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'family');
    const baseURL = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'baseUrl') ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
    const apiKeyEnv = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'apiKeyEnv') ?? 'OPENAI_API_KEY';
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_4__/* .limitsFrom */ .D)(config, { concurrency: 4, timeoutMs: 180_000, retries: 4 });
    const settings = {
        quality: (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'quality'),
        background: (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'background'),
        outputCompression: (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .numberOption */ .jZ)(config, 'outputCompression'),
        style: (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'style'),
        moderation: (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'moderation'),
    };
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .withSettings */ .GY)({
        type: 'openai',
        model,
        endpointClass: endpointClassOf(config.endpointClass, baseURL),
        version: OPENAI_VERSION,
    }, { ...settings, family: configuredFamily });
    let client;
    const sdkFor = (key) => {
        if (client?.key !== key) {
            client = {
                key,
                sdk: (0,_clients_openai_js__WEBPACK_IMPORTED_MODULE_1__/* .openAIClient */ .Q)({
                    apiKey: key,
                    baseUrl: baseURL,
                    // Our caller retries (with the rate limiter in front); retries in the SDK would multiply.
                    maxRetries: 0,
                    timeoutMs: limits.timeoutMs,
                    // Bodies are read by the SDK: capped at the job's image cap (withByteCap below).
                    fetch: _bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .cappedFetch */ .Ul,
                    env,
                }),
            };
        }
        return client.sdk;
    };
    const buildBody = (job) => {
        const family = familyOf(model, configuredFamily);
        const chosen = { ...settings, ...(0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .assetParams */ .vT)('openai', job, PARAMS) };
        const { request } = job;
        const prompt = request.negativePrompt
            ? `${request.prompt}\n\nAvoid: ${request.negativePrompt}`
            : request.prompt;
        if (prompt.length > PROMPT_LIMITS[family]) {
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`asset "${job.asset}": the prompt is ${prompt.length} characters; openai model "${model}" takes at most ${PROMPT_LIMITS[family]}`, 'permanent');
        }
        const body = {
            model,
            prompt,
            n: 1,
            size: openaiSize(model, family, request.width, request.height),
        };
        const quality = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .oneOf */ .yL)(`openai quality for ${model}:`, chosen.quality, QUALITIES[family]);
        if (quality)
            body.quality = quality;
        if (family === 'dall-e-2' || family === 'dall-e-3') {
            body.response_format = 'b64_json';
            for (const name of ['background', 'outputCompression', 'moderation']) {
                if (chosen[name] !== undefined)
                    throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai ${name} is only for GPT image models, not "${model}"`, 'permanent');
            }
            if (family === 'dall-e-3')
                body.style = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .oneOf */ .yL)('openai style', chosen.style, ['vivid', 'natural']);
            else if (chosen.style !== undefined)
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai style is only for dall-e-3, not "${model}"`, 'permanent');
            return body;
        }
        if (chosen.style !== undefined)
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai style is only for dall-e-3, not "${model}"`, 'permanent');
        // GPT image models encode png, jpeg and webp themselves; avif is transcoded from png.
        const outputFormat = request.format === 'avif' ? 'png' : request.format;
        body.output_format = outputFormat;
        const background = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .oneOf */ .yL)('openai background', chosen.background, [
            'auto',
            'transparent',
            'opaque',
        ]);
        if (background === 'transparent') {
            if (family === 'gpt-image-2')
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai model "${model}" cannot make transparent backgrounds`, 'permanent');
            if (request.format === 'jpeg')
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`asset "${job.asset}": a transparent background needs format png, webp or avif, not jpeg`, 'permanent');
        }
        if (background)
            body.background = background;
        const compression = chosen.outputCompression;
        if (compression !== undefined) {
            if (typeof compression !== 'number' ||
                !Number.isInteger(compression) ||
                compression < 0 ||
                compression > 100)
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai outputCompression must be an integer 0..100, not ${compression}`, 'permanent');
            if (outputFormat !== 'png')
                body.output_compression = compression;
        }
        const moderation = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .oneOf */ .yL)('openai moderation', chosen.moderation, ['auto', 'low']);
        if (moderation)
            body.moderation = moderation;
        return body;
    };
    return {
        type: 'openai',
        identity: () => identity,
        limits: () => limits,
        async generate(job, ctx) {
            // Size, quality and param problems fail this job only, before any request is paid for.
            const body = buildBody(job);
            const key = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .readSecret */ .n5)(env, apiKeyEnv);
            if (!key)
                throw (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .missingKey */ .aV)('openai', apiKeyEnv);
            const cap = (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .jobByteCap */ .CD)(job);
            let response;
            let headers;
            try {
                const answer = await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .withByteCap */ .fr)('openai', (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .base64BodyCap */ .Ew)(cap), () => sdkFor(key).images.generate(body, { signal: ctx.signal }).withResponse());
                response = answer.data;
                headers = answer.response.headers;
            }
            catch (error) {
                throw mapSdkError(error, apiKeyEnv, baseURL);
            }
            const image = response.data?.[0];
            let bytes;
            if (image?.b64_json)
                bytes = (0,_image_output_js__WEBPACK_IMPORTED_MODULE_6__.decodeBase64Image)('openai', image.b64_json);
            else if (image?.url)
                bytes = await download(image.url, cap, ctx.signal);
            else
                throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .badAnswer */ .k6)('openai returned no image in data[0]');
            const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_6__.conformImage)('openai', bytes, job);
            return {
                bytes: conformed.bytes,
                mediaType: conformed.mediaType,
                rateHints: (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .rateHints */ .Rd)(headers),
                facts: {
                    model,
                    revisedPrompt: image.revised_prompt ?? undefined,
                    reproducible: false,
                    extra: {
                        size: body.size,
                        ...(response.quality ? { quality: response.quality } : {}),
                        ...(response.background ? { background: response.background } : {}),
                        ...(response.usage ? { usage: response.usage } : {}),
                        ...(conformed.native ? { native: conformed.native } : {}),
                    },
                },
            };
        },
    };
}
function endpointClassOf(configured, baseURL) {
    if (typeof configured === 'string' && configured)
        return configured;
    if (baseURL === DEFAULT_BASE_URL)
        return 'openai';
    try {
        return new URL(baseURL).hostname.endsWith('.azure.com') ? 'azure' : 'openai-compatible';
    }
    catch {
        return 'openai-compatible';
    }
}
/** SDK errors → GenerationError. Refusals by the safety system are `policy` and never retried. */
function mapSdkError(error, apiKeyEnv, baseURL = DEFAULT_BASE_URL) {
    // Aborts are the caller's to classify: it knows whether the timeout or a cancel fired.
    if (error instanceof openai__WEBPACK_IMPORTED_MODULE_0__/* .APIUserAbortError */ .cH)
        return error;
    // Ours, raised inside the SDK's fetch or body read (a body past its cap), possibly wrapped.
    const own = (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .ownError */ .ld)(error);
    if (own)
        return own;
    if (error instanceof openai__WEBPACK_IMPORTED_MODULE_0__/* .APIConnectionTimeoutError */ .qA)
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V('openai request timed out', 'timeout', { cause: error });
    if (error instanceof openai__WEBPACK_IMPORTED_MODULE_0__/* .APIConnectionError */ .xX) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V((0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(`openai connection failed${cause}`), 'transient', { cause: error });
    }
    if (!(error instanceof openai__WEBPACK_IMPORTED_MODULE_0__/* .APIError */ .LG) || error.status === undefined)
        return error;
    const status = error.status;
    const code = error.code ?? undefined;
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(messageOf(error));
    const tag = code ? ` ${code}` : '';
    if (code === 'moderation_blocked' || code === 'content_policy_violation') {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai refused the prompt (${status}${tag}): ${detail}`, 'policy', {
            status,
        });
    }
    if (status === 401) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai rejected the key in ${apiKeyEnv} (401${tag}): ${detail}`, 'permanent', { status });
    }
    if (status === 429 && code === 'insufficient_quota') {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai quota exhausted (429${tag}): ${detail} — check billing`, 'permanent', {
            status,
        });
    }
    if (status === 404 &&
        !/\/v\d+\/?$/.test(new URL(baseURL).pathname) &&
        !baseURL.includes('openai.azure.com')) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai answered 404 at ${baseURL}: ${detail} — an OpenAI-compatible baseUrl usually ends in /v1 (try ${baseURL.replace(/\/+$/, '')}/v1)`, 'permanent', { status });
    }
    const shouldRetry = error.headers?.get('x-should-retry');
    const transient = shouldRetry === 'true' || (shouldRetry !== 'false' && (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .isTransientStatus */ .Dm)(status));
    const message = `openai answered ${status}${tag}: ${detail}`;
    const hints = (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .rateHints */ .Rd)(error.headers);
    return transient
        ? new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(message, 'transient', { status, retryAfterMs: hints.retryAfterMs, hints })
        : new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(message, 'permanent', { status });
}
function messageOf(error) {
    const body = error.error;
    return typeof body?.message === 'string' ? body.message : error.message;
}
/** dall-e-2 answers with a URL unless asked for base64; we ask, but a compatible server may not listen. */
async function download(url, cap, signal) {
    const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .request */ .Em)('openai', url, { signal });
    if (!response.ok)
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`openai image URL answered ${response.status}`, 'transient');
    return (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .readCapped */ .EF)('openai', response, cap);
}


/***/ })

};
