export const id = 937;
export const ids = [937,865];
export const modules = {

/***/ 35937:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AUTOMATIC1111_VERSION: () => (/* binding */ AUTOMATIC1111_VERSION),
/* harmony export */   a1111Prompt: () => (/* binding */ a1111Prompt),
/* harmony export */   createAutomatic1111Generator: () => (/* binding */ createAutomatic1111Generator),
/* harmony export */   parseInfo: () => (/* binding */ parseInfo)
/* harmony export */ });
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51870);
/* harmony import */ var _bounded_body_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89520);
/* harmony import */ var _generator_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(715);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31484);
/* harmony import */ var _image_output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37865);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76104);






/**
 * AUTOMATIC1111 / Forge `POST /sdapi/v1/txt2img`. LoRAs and hypernetworks travel in the prompt as
 * `<lora:name:weight>` / `<hypernet:name:weight>` (that is how the web UI's extra networks work),
 * the checkpoint as `override_settings.sd_model_checkpoint`. The actual seed and model hash come back
 * in `info`, a JSON *string*.
 */
const AUTOMATIC1111_VERSION = '1';
const PARAMS = {
    clipSkip: ['clip_skip'],
    restoreFaces: ['restore_faces'],
    tiling: [],
    denoisingStrength: ['denoising_strength'],
    enableHr: ['enable_hr'],
    hrScale: ['hr_scale'],
    hrUpscaler: ['hr_upscaler'],
    vae: ['sd_vae'],
};
/** The prompt with extra-network tags: LoRAs, hypernetworks, then textual inversions by name. */
function a1111Prompt(prompt, embeddings) {
    const tags = embeddings.map((e) => {
        if (e.kind === 'lora')
            return `<lora:${e.name}:${e.weight}>`;
        if (e.kind === 'hypernetwork')
            return `<hypernet:${e.name}:${e.weight}>`;
        return e.weight === 1 ? e.name : `(${e.name}:${e.weight})`;
    });
    return [prompt, ...tags].filter(Boolean).join(' ');
}
function createAutomatic1111Generator(setup) {
    const { config, env } = setup;
    const baseUrl = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .serverUrl */ .Vd)(config) ?? 'http://127.0.0.1:7860';
    const checkpoint = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'checkpoint');
    const authEnv = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(config, 'apiKeyEnv');
    // One GPU serves one image at a time; more concurrency only queues inside the server.
    const limits = (0,_generator_js__WEBPACK_IMPORTED_MODULE_2__/* .limitsFrom */ .D)(config, { concurrency: 1, timeoutMs: 600_000, retries: 2 });
    const identity = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .withSettings */ .GY)({
        type: 'automatic1111',
        // Without a configured checkpoint the server's current one answers: name it so, not a guess.
        model: checkpoint ?? 'server-default',
        endpointClass: 'automatic1111',
        version: AUTOMATIC1111_VERSION,
    }, {});
    const headers = () => {
        const out = { 'content-type': 'application/json' };
        if (authEnv) {
            const credentials = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .readSecret */ .n5)(env, authEnv);
            if (!credentials)
                throw (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .missingKey */ .aV)('automatic1111', authEnv);
            out.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
        }
        return out;
    };
    const buildBody = (job) => {
        const { request: req } = job;
        const params = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .assetParams */ .vT)('automatic1111', job, PARAMS);
        const override = {};
        if (checkpoint)
            override.sd_model_checkpoint = checkpoint;
        if (params.vae !== undefined)
            override.sd_vae = params.vae;
        if (params.clipSkip !== undefined)
            override.CLIP_stop_at_last_layers = params.clipSkip;
        const body = {
            prompt: a1111Prompt(req.prompt, req.embeddings),
            negative_prompt: req.negativePrompt,
            seed: req.seed,
            subseed: -1,
            subseed_strength: 0,
            width: req.width,
            height: req.height,
            batch_size: 1,
            n_iter: 1,
            steps: req.steps,
            cfg_scale: req.cfgScale,
            sampler_name: req.sampler,
            scheduler: req.scheduler,
            restore_faces: params.restoreFaces,
            tiling: params.tiling,
            enable_hr: params.enableHr,
            hr_scale: params.hrScale,
            hr_upscaler: params.hrUpscaler,
            denoising_strength: params.denoisingStrength,
            override_settings: override,
            override_settings_restore_afterwards: true,
            send_images: true,
            save_images: false,
        };
        return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    };
    const getJson = async (path, signal) => {
        const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .request */ .Em)('automatic1111', (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .endpoint */ .sR)(baseUrl, path), { headers: headers(), signal });
        if (response.status === 404)
            return undefined; // an older or trimmed server: skip that check
        if (!response.ok)
            throw await a1111Error(response, authEnv);
        return (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)((await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .readCapped */ .EF)('automatic1111', response, _bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_INFO_BYTES */ .Cd)).toString('utf8'));
    };
    return {
        type: 'automatic1111',
        identity: () => identity,
        limits: () => limits,
        /** Checks the checkpoint, LoRA and hypernetwork names against the server before the batch. */
        async preflight(jobs, ctx) {
            // Only server-wide problems stop the batch; a job with bad params fails on its own in generate.
            const problems = [];
            if (checkpoint) {
                const models = (await getJson('sdapi/v1/sd-models', ctx.signal));
                if (Array.isArray(models)) {
                    const names = models.flatMap((m) => [
                        m.title,
                        m.model_name,
                        m.filename?.split(/[\\/]/).pop(),
                        m.hash,
                    ]);
                    if (!names.includes(checkpoint))
                        problems.push(missing('checkpoint', [checkpoint], models.map((m) => m.title ?? m.model_name ?? '')));
                }
            }
            for (const [kind, path] of [
                ['lora', 'sdapi/v1/loras'],
                ['hypernetwork', 'sdapi/v1/hypernetworks'],
            ]) {
                const wanted = new Set(jobs.flatMap((j) => j.request.embeddings.filter((e) => e.kind === kind).map((e) => e.name)));
                if (!wanted.size)
                    continue;
                const listed = (await getJson(path, ctx.signal));
                if (!Array.isArray(listed))
                    continue;
                const names = new Set(listed.flatMap((l) => [l.name, l.alias]).filter(Boolean));
                const absent = [...wanted].filter((n) => !names.has(n));
                if (absent.length)
                    problems.push(missing(kind, absent, listed.map((l) => l.name ?? '')));
            }
            if (problems.length)
                throw new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(problems.join('\n'), 'permanent');
        },
        async generate(job, ctx) {
            const body = buildBody(job);
            const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .request */ .Em)('automatic1111', (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .endpoint */ .sR)(baseUrl, 'sdapi/v1/txt2img'), {
                method: 'POST',
                headers: headers(),
                body: JSON.stringify(body),
                signal: ctx.signal,
            });
            if (!response.ok)
                throw await a1111Error(response, authEnv);
            const json = (await (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .readCappedJson */ ._x)('automatic1111', response, (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .jobByteCap */ .CD)(job)));
            if (!json || typeof json !== 'object')
                throw (0,_bounded_body_js__WEBPACK_IMPORTED_MODULE_1__/* .badAnswer */ .k6)('automatic1111 answered 200 with no JSON object');
            const bytes = (0,_image_output_js__WEBPACK_IMPORTED_MODULE_4__.decodeBase64Image)('automatic1111', json.images?.[0]);
            const info = parseInfo(json.info);
            const conformed = await (0,_image_output_js__WEBPACK_IMPORTED_MODULE_4__.conformImage)('automatic1111', bytes, job);
            return {
                bytes: conformed.bytes,
                mediaType: conformed.mediaType,
                facts: {
                    seed: typeof info?.seed === 'number' ? info.seed : undefined,
                    model: info?.sd_model_name ?? checkpoint,
                    modelHash: info?.sd_model_hash ?? undefined,
                    // GPU noise differs across vendors (randn_source), so "reproducible" means on this server.
                    reproducible: info?.seed === job.request.seed,
                    extra: {
                        ...(info?.sd_vae_name ? { vae: info.sd_vae_name } : {}),
                        ...(info?.sd_vae_hash ? { vaeHash: info.sd_vae_hash } : {}),
                        ...(info?.sampler_name ? { sampler: info.sampler_name } : {}),
                        ...(info?.version ? { serverVersion: info.version } : {}),
                        ...(info ? {} : { info: 'unparsed' }),
                        ...(conformed.native ? { native: conformed.native } : {}),
                    },
                },
            };
        },
    };
}
/** `info` is a JSON string made by json.dumps; a fork that sends an object is accepted too. */
function parseInfo(info) {
    if (info && typeof info === 'object')
        return info;
    if (typeof info !== 'string')
        return undefined;
    const parsed = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)(info);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
}
function missing(kind, names, available) {
    const shown = available.filter(Boolean).slice(0, 20);
    const more = available.length > shown.length ? `, … (${available.length} in all)` : '';
    return `automatic1111: ${kind} ${names.map((n) => `"${n}"`).join(', ')} not on the server; available: ${shown.join(', ') || 'none'}${more}`;
}
/** FastAPI 422 `{detail: [{loc, msg, type}]}` → the fields and messages; 4xx permanent, 5xx transient. */
async function a1111Error(response, authEnv) {
    const text = await (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .bodyText */ .G3)(response);
    const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .tryJson */ .MR)(text);
    let detail = text;
    if (Array.isArray(body?.detail)) {
        detail = body.detail
            .map((d) => `${(d.loc ?? []).join('.')}: ${d.msg ?? ''}`)
            .join('; ');
    }
    else if (typeof body?.detail === 'string') {
        detail = [body.error, body.detail, body.errors].filter((x) => typeof x === 'string' && x).join(': ');
    }
    detail = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(detail);
    if (response.status === 401) {
        return new _generator_js__WEBPACK_IMPORTED_MODULE_2__/* .GenerationError */ .V(`automatic1111 refused the credentials${authEnv ? ` in ${authEnv}` : ' (set apiKeyEnv to a variable holding user:password)'} (401): ${detail}`, 'permanent', { status: 401 });
    }
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .statusError */ .$C)('automatic1111', response.status, detail, response.headers);
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


/***/ })

};
