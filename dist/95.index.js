export const id = 95;
export const ids = [95,865];
export const modules = {

/***/ 12095:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GOOGLE_VERSION: () => (/* binding */ GOOGLE_VERSION),
/* harmony export */   createGoogleGenerator: () => (/* binding */ createGoogleGenerator),
/* harmony export */   durationMs: () => (/* binding */ durationMs),
/* harmony export */   imageSizeFor: () => (/* binding */ imageSizeFor)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53388);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51870);
/* harmony import */ var _manifest_load_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(24401);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(76104);
/* harmony import */ var _sizes_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3116);









/**
 * Google's Gemini API image models ("Nano Banana": gemini-2.5-flash-image, gemini-3-pro-image,
 * gemini-3.1-flash-image…) through `POST /v1beta/models/{model}:generateContent` with
 * `responseModalities: ["IMAGE"]`. Size is asked for as `imageConfig.aspectRatio` (nearest offered)
 * and `imageSize` (smallest tier that covers the long edge), then cover-resized to the exact size.
 *
 * Plain HTTP, not @google/genai: the request is one JSON POST, and the SDK brings its own retry
 * layer that would stack on the caller's. Imagen (`:predict`) is refused: Google shut every Imagen
 * model down in the Gemini API on 17 August 2026.
 */
const GOOGLE_VERSION = '1';
const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
const DEFAULT_MODEL = 'gemini-3.1-flash-image';
/** The SDK's order: GOOGLE_API_KEY wins over GEMINI_API_KEY when both are set. */
const KEY_ENVS = ['GOOGLE_API_KEY', 'GEMINI_API_KEY'];
const RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
/** gemini-3.1-flash-image adds the extreme ratios. */
const WIDE_RATIOS = [...RATIOS, '1:4', '4:1', '1:8', '8:1'];
const IMAGE_SIZES = ['1K', '2K', '4K'];
/** Long edge of each tier, about (Google: "~1024 / ~2048 / ~4096 pixels on the longest edge"). */
const TIER_EDGE = { '1K': 1024, '2K': 2048, '4K': 4096 };
/** Finishes and prompt blocks that mean the safety system said no: not worth another try. */
const POLICY_FINISHES = new Set([
    'SAFETY',
    'IMAGE_SAFETY',
    'PROHIBITED_CONTENT',
    'IMAGE_PROHIBITED_CONTENT',
    'BLOCKLIST',
    'SPII',
    'RECITATION',
    'IMAGE_RECITATION',
]);
/** Whether the model takes `imageSize` (the 2.5 flash image model makes 1K only). */
function takesImageSize(model) {
    return !model.startsWith('gemini-2.');
}
/** The smallest tier whose long edge covers the asset's long edge (the largest if none does). */
function imageSizeFor(width, height) {
    const edge = Math.max(width, height);
    return IMAGE_SIZES.find((size) => TIER_EDGE[size] >= edge) ?? '4K';
}
function createGoogleGenerator(setup) {
    const { config, env, name } = setup;
    const model = ((0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'model') ?? DEFAULT_MODEL).replace(/^models\//, '');
    if (!model.startsWith('gemini-')) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz({
            file: name,
            path: `generators.${name}.model`,
            message: model.startsWith('imagen-')
                ? `"${model}": ${_manifest_load_js__WEBPACK_IMPORTED_MODULE_2__/* .IMAGEN_WITHDRAWN */ .nq}`
                : `"${model}" is not a Gemini image model`,
            hint: 'e.g. model: gemini-3.1-flash-image',
        });
    }
    const baseUrl = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'baseUrl') ?? DEFAULT_BASE_URL;
    const keyEnvs = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'apiKeyEnv')
        ? [(0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'apiKeyEnv')]
        : KEY_ENVS;
    const imageSize = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .oneOf */ .yL)('google imageSize', (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(config, 'imageSize'), IMAGE_SIZES);
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_4__/* .limitsFrom */ .D)(config, { concurrency: 4, timeoutMs: 180_000, retries: 4 });
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .withSettings */ .GY)({ type: 'google', model, endpointClass: 'gemini-api', version: GOOGLE_VERSION }, { imageSize });
    const url = (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .endpoint */ .sR)(baseUrl, `v1beta/models/${encodeURIComponent(model)}:generateContent`);
    const bodyFor = (job) => {
        const { request: req } = job;
        if (Object.keys(req.params).length)
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`asset "${job.asset}": the google back end takes no params (got ${Object.keys(req.params).join(', ')})`, 'permanent');
        const text = req.negativePrompt ? `${req.prompt}\n\nAvoid: ${req.negativePrompt}` : req.prompt;
        const ratios = model.startsWith('gemini-3.1-flash-image') ? WIDE_RATIOS : RATIOS;
        const aspectRatio = (0,_sizes_js__WEBPACK_IMPORTED_MODULE_8__/* .nearestRatio */ .U)(req.width, req.height, ratios);
        const size = takesImageSize(model) ? (imageSize ?? imageSizeFor(req.width, req.height)) : undefined;
        return {
            aspectRatio,
            size,
            body: {
                contents: [{ role: 'user', parts: [{ text }] }],
                generationConfig: {
                    responseModalities: ['IMAGE'],
                    // Gemini takes an int32 seed; it makes sampling repeatable where the model allows it.
                    seed: req.seed % 2 ** 31,
                    imageConfig: { aspectRatio, ...(size ? { imageSize: size } : {}) },
                },
            },
        };
    };
    const keyOf = () => {
        for (const envName of keyEnvs) {
            const key = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .readSecret */ .n5)(env, envName);
            if (key)
                return key;
        }
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`google: environment variable ${keyEnvs.join(' or ')} is not set; export it (or set apiKeyEnv in the generator config)`, 'permanent');
    };
    return {
        type: 'google',
        identity: () => identity,
        limits: () => limits,
        async generate(job, ctx) {
            const { body, aspectRatio, size } = bodyFor(job);
            const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .request */ .Em)('google', url, {
                method: 'POST',
                headers: { 'x-goog-api-key': keyOf(), 'content-type': 'application/json' },
                body: JSON.stringify(body),
                signal: ctx.signal,
            });
            if (!response.ok)
                throw await googleError(response, keyEnvs.join(' or '));
            const answer = (await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .readCappedJson */ ._x)('google', response, (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_3__/* .jobByteCap */ .CD)(job)));
            if (!answer || typeof answer !== 'object')
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V('google answered with something that is not JSON', 'transient');
            const bytes = (0,_image_output_js__WEBPACK_IMPORTED_MODULE_6__.decodeBase64Image)('google', imageData(answer));
            const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_6__.conformImage)('google', bytes, job);
            return {
                bytes: conformed.bytes,
                mediaType: conformed.mediaType,
                facts: {
                    // Gemini does not report a seed; the one sent is recorded, without a promise of a replay.
                    seed: body.generationConfig.seed,
                    model: answer.modelVersion ?? model,
                    reproducible: false,
                    extra: {
                        aspectRatio,
                        ...(size ? { imageSize: size } : {}),
                        ...(answer.responseId ? { responseId: answer.responseId } : {}),
                        ...(answer.usageMetadata ? { usage: answer.usageMetadata } : {}),
                        ...(conformed.native ? { native: conformed.native } : {}),
                    },
                },
            };
        },
    };
}
/** The first image part's base64 data, or why there is none (policy blocks are never retried). */
function imageData(answer) {
    const block = answer.promptFeedback?.blockReason;
    if (block) {
        const why = answer.promptFeedback?.blockReasonMessage;
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`google blocked the prompt (${block})${why ? `: ${why}` : ''}`, 'policy');
    }
    const candidate = answer.candidates?.[0];
    const finish = candidate?.finishReason;
    if (finish && POLICY_FINISHES.has(finish)) {
        const why = candidate?.finishMessage;
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`google withheld the image (finishReason ${finish})${why ? `: ${why}` : ''}`, 'policy');
    }
    const parts = candidate?.content?.parts ?? [];
    const image = parts.find((p) => !p.thought && p.inlineData?.data && p.inlineData.mimeType?.startsWith('image/'));
    if (image?.inlineData?.data)
        return image.inlineData.data;
    const said = parts
        .map((p) => p.text)
        .filter(Boolean)
        .join(' ')
        .slice(0, 300);
    // NO_IMAGE, IMAGE_OTHER, or a text-only answer: the model may well draw it on another try.
    throw new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`google returned no image (finishReason ${finish ?? 'none'})${said ? `: ${(0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(said)}` : ''}`, 'transient');
}
/** google.rpc errors: a wrong key is 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID. */
async function googleError(response, keyEnv) {
    const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .bodyText */ .G3)(response);
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .tryJson */ .MR)(text)?.error;
    const status = response.status;
    const details = Array.isArray(body?.details) ? body.details : [];
    const reason = details.find((d) => d?.['@type']?.endsWith('google.rpc.ErrorInfo'))?.reason;
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)([body?.status, body?.message].filter((x) => typeof x === 'string').join(': ') || text.slice(0, 500));
    if (reason === 'API_KEY_INVALID' ||
        status === 401 ||
        (status === 403 && body?.status === 'PERMISSION_DENIED')) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(`google rejected the key in ${keyEnv} (${status} ${reason ?? body?.status ?? ''}): ${detail}`, 'permanent', {
            status,
        });
    }
    const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .statusError */ .$C)('google', status, detail, response.headers);
    const delay = details.find((d) => d?.['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
    const delayMs = delay ? durationMs(delay) : undefined;
    if (error.kind === 'transient' && delayMs !== undefined)
        return new _generator_js__WEBPACK_IMPORTED_MODULE_4__/* .GenerationError */ .V(error.message, 'transient', { status, retryAfterMs: delayMs });
    return error;
}
/** A protobuf Duration in JSON ("34s", "1.5s") in milliseconds. */
function durationMs(text) {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(text.trim());
    return match ? Math.round(Number(match[1]) * 1000) : undefined;
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


/***/ })

};
