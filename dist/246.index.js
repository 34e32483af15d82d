export const id = 246;
export const ids = [246,865];
export const modules = {

/***/ 56246:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BFL_VERSION: () => (/* binding */ BFL_VERSION),
/* harmony export */   bflSize: () => (/* binding */ bflSize),
/* harmony export */   createBflGenerator: () => (/* binding */ createBflGenerator)
/* harmony export */ });
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51870);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76104);
/* harmony import */ var _remote_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(49990);
/* harmony import */ var _sizes_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3116);








/**
 * Black Forest Labs' FLUX API (https://docs.bfl.ai): `POST {baseUrl}/v1/{model}` with the key in
 * `x-key` answers `{id, polling_url}`; the polling URL is read until `Ready`, and `result.sample`
 * (a signed URL, valid about 10 minutes) is downloaded without the key. The seed is sent and the one
 * BFL reports (`result.seed`) recorded. BFL documents no cancel call: an aborted job's task runs out.
 */
const BFL_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.bfl.ai';
/** Regional polling hosts (api.eu1.bfl.ai…) may carry the key; nothing else may. */
const BFL_HOSTS = '.bfl.ai';
const MODERATED = new Set(['Request Moderated', 'Content Moderated']);
const FAILED = new Set(['Error', 'Failed', 'Task not found']);
/** Models that take `aspect_ratio` instead of width/height. */
const RATIO_MODELS = /^flux-(kontext|pro-1\.1-ultra)/;
const KONTEXT_RATIOS = ['21:9', '16:9', '3:2', '4:3', '1:1', '3:4', '2:3', '9:16', '9:21'];
/** FLUX.1 endpoints: sides 256..1440 in steps of 32. FLUX.2: steps of 16, up to 4 megapixels. */
const FLUX1 = { step: 32, min: 256, max: 1440, maxPixels: 1440 * 1440 };
const FLUX2 = { step: 16, min: 64, max: 4096, maxPixels: 4_000_000 };
/** A size the model takes with the asset's aspect ratio, as close to its pixel count as allowed. */
function bflSize(model, width, height) {
    const rule = model.startsWith('flux-2') ? FLUX2 : FLUX1;
    const scale = Math.min(1, rule.max / Math.max(width, height), Math.sqrt(rule.maxPixels / (width * height)));
    const snap = (side) => Math.min(rule.max, Math.max(rule.min, Math.round((side * scale) / rule.step) * rule.step));
    return { width: snap(width), height: snap(height) };
}
function createBflGenerator(setup) {
    const { config, env } = setup;
    const model = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'model') ?? 'flux-pro-1.1';
    const baseUrl = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'baseUrl') ?? DEFAULT_BASE_URL;
    const apiKeyEnv = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'apiKeyEnv') ?? 'BFL_API_KEY';
    const safetyTolerance = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .numberOption */ .jZ)(config, 'safetyTolerance');
    const promptUpsampling = typeof config.promptUpsampling === 'boolean' ? config.promptUpsampling : undefined;
    const pollMs = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .numberOption */ .jZ)(config, 'pollIntervalMs') ?? 500;
    // BFL allows 24 tasks in flight per key (6 for flux-kontext-max); a task is in flight until Ready.
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_2__/* .limitsFrom */ .D)(config, { concurrency: 4, timeoutMs: 300_000, retries: 4 });
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .withSettings */ .GY)({ type: 'bfl', model, endpointClass: 'bfl', version: BFL_VERSION }, { safetyTolerance, promptUpsampling });
    const submitUrl = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .endpoint */ .sR)(baseUrl, `v1/${encodeURIComponent(model)}`);
    const bodyFor = (job) => {
        const { request: req } = job;
        if (Object.keys(req.params).length)
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`asset "${job.asset}": the bfl back end takes no params (got ${Object.keys(req.params).join(', ')})`, 'permanent');
        const body = {
            prompt: req.negativePrompt ? `${req.prompt}\n\nAvoid: ${req.negativePrompt}` : req.prompt,
            seed: req.seed,
            // FLUX encodes jpeg and png; webp and avif are transcoded from png.
            output_format: req.format === 'jpeg' ? 'jpeg' : 'png',
        };
        if (RATIO_MODELS.test(model))
            body.aspect_ratio = (0,_sizes_js__WEBPACK_IMPORTED_MODULE_7__/* .nearestRatio */ .U)(req.width, req.height, KONTEXT_RATIOS);
        else
            Object.assign(body, bflSize(model, req.width, req.height));
        if (safetyTolerance !== undefined)
            body.safety_tolerance = safetyTolerance;
        if (promptUpsampling !== undefined)
            body.prompt_upsampling = promptUpsampling;
        return body;
    };
    const key = () => {
        const value = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .readSecret */ .n5)(env, apiKeyEnv);
        if (!value)
            throw (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .missingKey */ .aV)('bfl', apiKeyEnv);
        return value;
    };
    const submit = async (body, signal) => {
        const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .request */ .Em)('bfl', submitUrl, {
            method: 'POST',
            headers: { 'x-key': key(), 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
            signal,
        });
        if (!response.ok)
            throw await bflError(response, apiKeyEnv);
        const answer = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)(await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .bodyText */ .G3)(response, 64_000));
        if (typeof answer?.id !== 'string')
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V('bfl answered the submit without a task id', 'transient');
        const pollingUrl = typeof answer.polling_url === 'string'
            ? answer.polling_url
            : `${(0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .endpoint */ .sR)(baseUrl, 'v1/get_result')}?id=${encodeURIComponent(answer.id)}`;
        if (!(0,_remote_js__WEBPACK_IMPORTED_MODULE_6__/* .mayCarryKey */ .YZ)(pollingUrl, baseUrl, BFL_HOSTS))
            throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`bfl returned a polling_url outside ${baseUrl} and *.bfl.ai; not sending the key there`, 'permanent');
        return { id: answer.id, pollingUrl };
    };
    const poll = async (pollingUrl, signal) => {
        for (;;) {
            await (0,_remote_js__WEBPACK_IMPORTED_MODULE_6__/* .pause */ .v7)(pollMs, signal);
            const answer = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_6__/* .pollPatiently */ .sk)(async () => {
                const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .request */ .Em)('bfl', pollingUrl, {
                    headers: { 'x-key': key(), accept: 'application/json' },
                    signal,
                });
                if (!response.ok)
                    throw await bflError(response, apiKeyEnv);
                const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)(await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .bodyText */ .G3)(response, 64_000));
                if (typeof body?.status !== 'string')
                    throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V('bfl polling answered without a status', 'transient');
                return body;
            }, signal, pollMs);
            const status = answer.status;
            if (status === 'Ready' || MODERATED.has(status) || FAILED.has(status))
                return answer;
        }
    };
    return {
        type: 'bfl',
        identity: () => identity,
        limits: () => limits,
        async generate(job, ctx) {
            const body = bodyFor(job);
            const task = await submit(body, ctx.signal);
            const answer = await poll(task.pollingUrl, ctx.signal);
            const status = answer.status;
            const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(typeof answer.error === 'string' ? `: ${answer.error}` : '');
            if (MODERATED.has(status))
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`bfl moderated task ${task.id} (${status})${detail}`, 'policy');
            if (FAILED.has(status))
                // Nothing was made; a new task may well succeed (and costs nothing extra).
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`bfl task ${task.id} ended "${status}"${detail}`, 'transient');
            const sample = answer.result?.sample;
            if (typeof sample !== 'string')
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`bfl task ${task.id} is Ready without a sample`, 'transient');
            const bytes = await (0,_remote_js__WEBPACK_IMPORTED_MODULE_6__/* .downloadResult */ .QL)('bfl', sample, ctx.signal, (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .jobByteCap */ .CD)(job));
            const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_4__.conformImage)('bfl', bytes, job);
            const seed = typeof answer.result?.seed === 'number' ? answer.result.seed : undefined;
            return {
                bytes: conformed.bytes,
                mediaType: conformed.mediaType,
                facts: {
                    seed: seed ?? job.request.seed,
                    model,
                    reproducible: seed === job.request.seed,
                    extra: {
                        taskId: task.id,
                        ...(body.aspect_ratio
                            ? { aspectRatio: body.aspect_ratio }
                            : { size: `${body.width}x${body.height}` }),
                        ...(conformed.native ? { native: conformed.native } : {}),
                    },
                },
            };
        },
    };
}
/** BFL errors: FastAPI `{detail}` (422 lists the fields), 402 credits, 429 too many active tasks. */
async function bflError(response, apiKeyEnv) {
    const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .bodyText */ .G3)(response);
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)(text);
    const raw = body?.detail ?? body?.message;
    const detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(typeof raw === 'string' ? raw : raw !== undefined ? JSON.stringify(raw) : text.slice(0, 500));
    const status = response.status;
    if (status === 401 || status === 403)
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`bfl rejected the key in ${apiKeyEnv} (${status}): ${detail}`, 'permanent', {
            status,
        });
    if (status === 402)
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`bfl needs credits (402): ${detail}`, 'permanent', { status });
    const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .statusError */ .$C)('bfl', status, detail, response.headers);
    if (status === 429 && error.options.retryAfterMs === undefined && typeof body?.retry_after === 'number')
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(error.message, 'transient', { status, retryAfterMs: body.retry_after * 1000 });
    return error;
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
