export const id = 413;
export const ids = [413,865];
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

/***/ 49990:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QL: () => (/* binding */ downloadResult),
/* harmony export */   YZ: () => (/* binding */ mayCarryKey),
/* harmony export */   sk: () => (/* binding */ pollPatiently),
/* harmony export */   v7: () => (/* binding */ pause)
/* harmony export */ });
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37865);




/**
 * What the hosted back ends that answer "come back later" share (Replicate, Black Forest Labs): a
 * wait between polls that ends at once on abort, a check that a URL the provider hands back may
 * carry our key, and the download of a result file (which never carries it).
 */
/** Waits `ms`, or less if the signal fires (then throws its reason, as fetch would). */
function pause(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(signal.reason);
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', onAbort, { once: true });
        function done() {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }
        function onAbort() {
            clearTimeout(timer);
            reject(signal.reason);
        }
    });
}
/**
 * Whether `url` is on the same origin as `base` (or, with `trustedSuffix`, on a host ending in it).
 * A key is only ever sent to such URLs: a provider's answer is data, and a URL in it must not be
 * able to collect the key.
 */
function mayCarryKey(url, base, trustedSuffix) {
    try {
        const target = new URL(url);
        const origin = new URL(base);
        if (target.origin === origin.origin)
            return true;
        return Boolean(trustedSuffix && target.protocol === 'https:' && target.hostname.endsWith(trustedSuffix));
    }
    catch {
        return false;
    }
}
/** Poll failures in a row tolerated within one attempt: giving up would pay for the task again. */
const POLL_TRIES = 5;
/**
 * One poll (or status read) of a task already paid for. A transient failure — connection reset,
 * 5xx, 429, a garbled body — is read again after a short wait instead of failing the attempt, which
 * would submit (and pay for) the task a second time. Permanent failures and aborts pass at once.
 */
async function pollPatiently(read, signal, waitMs) {
    for (let attempt = 1;; attempt++) {
        try {
            return await read();
        }
        catch (error) {
            const transient = error instanceof _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V && error.kind === 'transient';
            if (!transient || signal.aborted || attempt >= POLL_TRIES)
                throw error;
            await pause(Math.max(waitMs, error.options.retryAfterMs ?? 0, 100 * attempt), signal);
        }
    }
}
/** Download tries within one attempt: the image is paid for, so a blip must not cost a new one. */
const DOWNLOAD_TRIES = 3;
/**
 * Downloads a result file the provider pointed at (a signed or CDN URL, or a `data:` URI), with no
 * credentials. Result URLs expire (Replicate: 1 hour, BFL: 10 minutes), so this happens at once,
 * and a failed download is tried again here before the attempt (and the paid image) is given up.
 */
async function downloadResult(backend, url, signal, cap) {
    if (url.startsWith('data:'))
        return (0,_image_output_js__WEBPACK_IMPORTED_MODULE_3__.decodeBase64Image)(backend, url);
    if (!/^https?:\/\//i.test(url))
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(`${backend} returned a result that is not a URL`, 'transient');
    for (let attempt = 1;; attempt++) {
        try {
            const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .request */ .Em)(backend, url, { signal });
            if (!response.ok) {
                const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .statusError */ .$C)(`${backend} result download`, response.status, await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .bodyText */ .G3)(response, 300));
                // 404/403 on a signed URL means expired or not yet there: a new attempt makes a new file.
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_1__/* .GenerationError */ .V(error.message, 'transient', { status: response.status });
            }
            return await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_0__/* .readCapped */ .EF)(backend, response, cap);
        }
        catch (error) {
            if (signal.aborted || attempt >= DOWNLOAD_TRIES)
                throw error;
            await pause(250 * attempt, signal);
        }
    }
}


/***/ }),

/***/ 47413:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   REPLICATE_ASPECT_RATIOS: () => (/* binding */ REPLICATE_ASPECT_RATIOS),
/* harmony export */   REPLICATE_VERSION: () => (/* binding */ REPLICATE_VERSION),
/* harmony export */   createReplicateGenerator: () => (/* binding */ createReplicateGenerator),
/* harmony export */   parseModelRef: () => (/* binding */ parseModelRef),
/* harmony export */   seedFromLogs: () => (/* binding */ seedFromLogs)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53388);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51870);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(76104);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(49990);
/* harmony import */ var _sizes_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3116);









/**
 * Replicate predictions (https://replicate.com/docs/reference/http). `model: owner/name` runs an
 * official model (`POST /models/{owner}/{name}/predictions`); `owner/name:<version>` or a bare
 * version id pins one version (`POST /predictions` with `version`). The request asks to wait
 * (`Prefer: wait`); a prediction still running when the server lets go is polled at `urls.get`.
 * Output files are downloaded at once (Replicate deletes them after an hour). On abort the
 * prediction is cancelled, so a timed-out or interrupted job stops costing money.
 *
 * Inputs are model-specific: `prompt`, `seed`, the size (as `aspect_ratio`, or `width`/`height`,
 * per `sizeInput`), `output_format` and `negative_prompt` are filled in; `input:` in the generator
 * config and an asset's `params` are passed through as they are.
 */
const REPLICATE_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.replicate.com/v1';
/** Longest `Prefer: wait` Replicate honours, in seconds. */
const MAX_WAIT_SECONDS = 60;
/** Replicate's documented limit for creating predictions. */
const CREATE_REQUESTS_PER_MINUTE = 600;
const VERSION_ID = /^[0-9a-f]{64}$/;
const MODEL_NAME = /^[\w.-]+\/[\w.-]+$/;
/** FLUX's `aspect_ratio` values on Replicate (flux-schnell, flux-dev, flux-1.1-pro). */
const REPLICATE_ASPECT_RATIOS = [
    '21:9',
    '16:9',
    '3:2',
    '4:3',
    '5:4',
    '1:1',
    '4:5',
    '3:4',
    '2:3',
    '9:16',
    '9:21',
];
const SIZE_INPUTS = ['aspect_ratio', 'width_height', 'none'];
/** Terminal states: https://replicate.com/docs/topics/predictions/lifecycle */
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);
function parseModelRef(model, version) {
    if (VERSION_ID.test(model))
        return { version: model };
    const [name, pinned] = model.split(':', 2);
    if (!name || !MODEL_NAME.test(name))
        return undefined;
    const chosen = pinned ?? version;
    if (chosen !== undefined && !VERSION_ID.test(chosen))
        return undefined;
    return { name, version: chosen };
}
function createReplicateGenerator(setup) {
    const { config, env, name } = setup;
    const modelText = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(config, 'model');
    const ref = modelText ? parseModelRef(modelText, (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(config, 'version')) : undefined;
    if (!ref) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz({
            file: name,
            path: `generators.${name}.model`,
            message: `replicate model ${JSON.stringify(modelText ?? '')} is not "owner/name", "owner/name:<version id>" or a 64-character version id`,
            hint: 'e.g. model: black-forest-labs/flux-schnell',
        });
    }
    const baseUrl = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(config, 'baseUrl') ?? DEFAULT_BASE_URL;
    const apiKeyEnv = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(config, 'apiKeyEnv') ?? 'REPLICATE_API_TOKEN';
    const sizeInput = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .oneOf */ .yL)('replicate sizeInput', (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .stringOption */ .Pp)(config, 'sizeInput') ?? 'aspect_ratio', SIZE_INPUTS);
    const input = isRecord(config.input) ? config.input : {};
    const pollMs = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .numberOption */ .jZ)(config, 'pollIntervalMs') ?? 1000;
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_3__/* .limitsFrom */ .D)(config, { concurrency: 4, timeoutMs: 300_000, retries: 4 });
    // The create request must come back (with an id to cancel) well before the job's timeout.
    const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.floor(limits.timeoutMs / 2000)), Math.max(1, (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .numberOption */ .jZ)(config, 'waitSeconds') ?? MAX_WAIT_SECONDS));
    limits.requestsPerMinute ??= CREATE_REQUESTS_PER_MINUTE;
    const model = ref.name ? (ref.version ? `${ref.name}:${ref.version}` : ref.name) : ref.version;
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .withSettings */ .GY)({ type: 'replicate', model, endpointClass: 'replicate', version: REPLICATE_VERSION }, { input: Object.keys(input).length ? input : undefined, sizeInput });
    const createUrl = ref.version
        ? (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .endpoint */ .sR)(baseUrl, 'predictions')
        : (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .endpoint */ .sR)(baseUrl, `models/${ref.name}/predictions`);
    const inputFor = (job) => {
        const { request: req } = job;
        const out = { prompt: req.prompt, seed: req.seed };
        if (req.negativePrompt)
            out.negative_prompt = req.negativePrompt;
        if (sizeInput === 'aspect_ratio')
            out.aspect_ratio = (0,_sizes_js__WEBPACK_IMPORTED_MODULE_8__/* .nearestRatio */ .U)(req.width, req.height, REPLICATE_ASPECT_RATIOS);
        if (sizeInput === 'width_height')
            Object.assign(out, { width: req.width, height: req.height });
        // FLUX on Replicate encodes webp, jpg and png; avif is transcoded from png.
        out.output_format = req.format === 'jpeg' ? 'jpg' : req.format === 'avif' ? 'png' : req.format;
        return { ...out, ...input, ...req.params };
    };
    const auth = () => {
        const token = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .readSecret */ .n5)(env, apiKeyEnv);
        if (!token)
            throw (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .missingKey */ .aV)('replicate', apiKeyEnv);
        return { authorization: `Bearer ${token}` };
    };
    /** urls.get / urls.cancel when they are on the API's origin, else the documented path under baseUrl. */
    const predictionUrl = (p, which) => {
        const given = p.urls?.[which];
        if (given && (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .mayCarryKey */ .YZ)(given, baseUrl))
            return given;
        const id = encodeURIComponent(String(p.id));
        return (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .endpoint */ .sR)(baseUrl, which === 'get' ? `predictions/${id}` : `predictions/${id}/cancel`);
    };
    const create = async (input, signal) => {
        const body = { input };
        if (ref.version)
            body.version = ref.version;
        const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .request */ .Em)('replicate', createUrl, {
            method: 'POST',
            headers: {
                ...auth(),
                'content-type': 'application/json',
                prefer: `wait=${waitSeconds}`,
                // If we vanish (kill -9), Replicate stops the prediction itself instead of billing it to the end.
                'cancel-after': `${Math.max(5, Math.ceil(limits.timeoutMs / 1000))}s`,
            },
            body: JSON.stringify(body),
            signal,
        });
        if (!response.ok)
            throw await replicateError(response, apiKeyEnv);
        return predictionOf((await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .readCapped */ .EF)('replicate', response, _bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_INFO_BYTES */ .Cd)).toString('utf8'));
    };
    const poll = async (first, signal) => {
        let current = first;
        while (!TERMINAL.has(String(current.status))) {
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .pause */ .v7)(pollMs, signal);
            const url = predictionUrl(current, 'get');
            current = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .pollPatiently */ .sk)(async () => {
                const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .request */ .Em)('replicate', url, { headers: auth(), signal });
                if (!response.ok)
                    throw await replicateError(response, apiKeyEnv);
                return predictionOf((await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .readCapped */ .EF)('replicate', response, _bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_INFO_BYTES */ .Cd)).toString('utf8'));
            }, signal, pollMs);
        }
        return current;
    };
    /** Best effort, after an abort: stop the prediction so it is not billed to the end. */
    const cancel = async (p) => {
        try {
            await fetch(predictionUrl(p, 'cancel'), {
                method: 'POST',
                headers: auth(),
                signal: AbortSignal.timeout(5000),
            });
        }
        catch {
            // The server may be why we gave up; Cancel-After stops it anyway.
        }
    };
    return {
        type: 'replicate',
        identity: () => identity,
        limits: () => limits,
        async generate(job, ctx) {
            let prediction;
            const input = inputFor(job);
            try {
                prediction = await create(input, ctx.signal);
                const done = await poll(prediction, ctx.signal);
                const url = outputUrl(done);
                const bytes = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_7__/* .downloadResult */ .QL)('replicate', url, ctx.signal, (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_2__/* .jobByteCap */ .CD)(job));
                const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_5__.conformImage)('replicate', bytes, job);
                const loggedSeed = seedFromLogs(done.logs);
                const usedModel = done.model && done.version ? `${done.model}:${done.version}` : model;
                return {
                    bytes: conformed.bytes,
                    mediaType: conformed.mediaType,
                    facts: {
                        seed: loggedSeed ?? job.request.seed,
                        model: usedModel,
                        // Only a pinned version is the same code and weights next time.
                        reproducible: Boolean(ref.version) && (loggedSeed ?? job.request.seed) === job.request.seed,
                        extra: {
                            predictionId: done.id,
                            // What the price of a run depends on besides the model (the cost estimate reads it).
                            ...(input.aspect_ratio ? { aspectRatio: input.aspect_ratio } : {}),
                            ...(input.width ? { size: `${input.width}x${input.height}` } : {}),
                            ...(done.version ? { version: done.version } : {}),
                            ...(done.metrics?.predict_time !== undefined ? { predictTime: done.metrics.predict_time } : {}),
                            ...(conformed.native ? { native: conformed.native } : {}),
                        },
                    },
                };
            }
            catch (error) {
                if (prediction?.id && ctx.signal.aborted && !TERMINAL.has(String(prediction.status)))
                    void cancel(prediction);
                throw error;
            }
        },
    };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function predictionOf(text) {
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .tryJson */ .MR)(text);
    if (!isRecord(body) || typeof body.id !== 'string' || typeof body.status !== 'string') {
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V('replicate answered with something that is not a prediction', 'transient');
    }
    return body;
}
/** A finished prediction's first output file, or the reason there is none. */
function outputUrl(p) {
    if (p.status === 'succeeded') {
        const output = Array.isArray(p.output) ? p.output[0] : p.output;
        if (typeof output === 'string' && output)
            return output;
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`replicate prediction ${p.id} succeeded without an output file`, 'permanent');
    }
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(typeof p.error === 'string' ? p.error : JSON.stringify(p.error ?? null));
    if (p.status === 'failed') {
        // NSFW checkers (FLUX, SDXL) fail the prediction; Replicate tags sensitive content E005.
        if (/nsfw|\bE005\b|flagged as sensitive|safety/i.test(detail))
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`replicate refused the prompt or output: ${detail}`, 'policy');
        throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`replicate prediction ${p.id} failed: ${detail}`, 'permanent');
    }
    // canceled by someone else, or aborted before it started (deadline): nothing was made; try again.
    throw new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`replicate prediction ${p.id} ended ${p.status}`, 'transient');
}
/** Many image models log the seed they used ("Using seed: 42"); the API has no field for it. */
function seedFromLogs(logs) {
    const match = logs ? /seed[^\d\n]{0,12}(\d{1,20})/i.exec(logs) : null;
    if (!match)
        return undefined;
    const seed = Number(match[1]);
    return Number.isSafeInteger(seed) ? seed : undefined;
}
/** Replicate errors are problem details: `{title, detail, status}`. */
async function replicateError(response, apiKeyEnv) {
    const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .bodyText */ .G3)(response);
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .tryJson */ .MR)(text);
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(isRecord(body) ? [body.title, body.detail].filter((x) => typeof x === 'string').join(': ') : text);
    const status = response.status;
    if (status === 401 || status === 403) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`replicate rejected the token in ${apiKeyEnv} (${status}): ${detail}`, 'permanent', {
            status,
        });
    }
    if (status === 402)
        return new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(`replicate needs credit (402): ${detail}`, 'permanent', { status });
    const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .statusError */ .$C)('replicate', status, detail, response.headers);
    if (status === 429 && error.options.retryAfterMs === undefined) {
        // "Request was throttled. Your rate limit resets in ~30s."
        const seconds = /resets in ~?(\d+)\s*s/i.exec(detail)?.[1];
        if (seconds)
            return new _generator_js__WEBPACK_IMPORTED_MODULE_3__/* .GenerationError */ .V(error.message, 'transient', {
                status,
                retryAfterMs: Number(seconds) * 1000,
            });
    }
    return error;
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
