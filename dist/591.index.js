export const id = 591;
export const ids = [591];
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

/***/ 82591:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   moderate: () => (/* binding */ moderate)
/* harmony export */ });
/* unused harmony exports DEFAULT_MODERATION_MODEL, verdictFromResults */
/* harmony import */ var _openai_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57061);

const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';
async function moderate(input, options = {}, env = process.env) {
    const model = options.model ?? DEFAULT_MODERATION_MODEL;
    let results;
    try {
        if (!input.text && !input.image)
            throw new Error('nothing to moderate: give text, an image or both');
        const client = (0,_openai_client_js__WEBPACK_IMPORTED_MODULE_0__/* .createOpenAI */ .ry)(options, env, 'moderation');
        const parts = [];
        if (input.text)
            parts.push({ type: 'text', text: input.text });
        if (input.image)
            parts.push({ type: 'image_url', image_url: { url: await (0,_openai_client_js__WEBPACK_IMPORTED_MODULE_0__/* .imageDataUrl */ .zW)(input.image) } });
        const response = await client.moderations.create({ model, input: parts });
        results = response.results;
        if (!Array.isArray(results) || results.length === 0)
            throw new Error('the response holds no results');
    }
    catch (error) {
        const skip = options.onError === 'skip';
        return {
            id: 'policy.moderation',
            passed: skip,
            value: 'not run',
            threshold: 'not flagged',
            reason: `moderation (${model}) did not answer: ${(0,_openai_client_js__WEBPACK_IMPORTED_MODULE_0__/* .safeMessage */ .N5)(error)}${skip ? ' — skipped (onError: skip)' : ''}`,
            severity: skip ? 'info' : 'policy',
        };
    }
    return verdictFromResults(results, options.thresholds ?? {}, model);
}
/** The check for a moderation response: pure, so the verdict rules are testable without a server. */
function verdictFromResults(results, thresholds, model = DEFAULT_MODERATION_MODEL) {
    const hits = new Map();
    let top = { category: '', score: 0 };
    for (const r of results) {
        for (const [category, score] of Object.entries(r.category_scores ?? {})) {
            if (score > top.score)
                top = { category, score };
            const inputs = r.category_applied_input_types?.[category] ?? [];
            const limit = thresholds[category];
            const flaggedHere = r.categories?.[category] === true;
            if (flaggedHere || (limit !== undefined && score >= limit)) {
                const by = flaggedHere ? 'flagged' : `score ≥ ${limit}`;
                const prev = hits.get(category);
                if (!prev || score > prev.score)
                    hits.set(category, { score, by, inputs });
            }
        }
        // A result flagged with no category marked still fails: trust the service's own verdict.
        if (r.flagged && !Object.values(r.categories ?? {}).some(Boolean) && !hits.has('(unspecified)')) {
            hits.set('(unspecified)', { score: 1, by: 'flagged', inputs: [] });
        }
    }
    const thresholdText = Object.keys(thresholds).length
        ? `not flagged; ${Object.entries(thresholds)
            .map(([c, t]) => `${c} < ${t}`)
            .join(', ')}`
        : 'not flagged';
    if (hits.size === 0) {
        return {
            id: 'policy.moderation',
            passed: true,
            value: top.category ? `highest ${top.category} ${top.score.toFixed(3)}` : 'no categories',
            threshold: thresholdText,
            reason: `${model}: nothing flagged`,
            severity: 'policy',
        };
    }
    const list = [...hits]
        .sort((a, b) => b[1].score - a[1].score)
        .map(([c, h]) => `${c} ${h.score.toFixed(3)} (${h.by}${h.inputs.length ? `, from ${h.inputs.join('+')}` : ''})`);
    return {
        id: 'policy.moderation',
        passed: false,
        value: list.join('; '),
        threshold: thresholdText,
        reason: `${model} flagged: ${list.join('; ')}`,
        severity: 'policy',
    };
}


/***/ }),

/***/ 57061:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N5: () => (/* binding */ safeMessage),
/* harmony export */   ry: () => (/* binding */ createOpenAI),
/* harmony export */   zW: () => (/* binding */ imageDataUrl)
/* harmony export */ });
/* unused harmony export MissingApiKeyError */
/* harmony import */ var sharp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42482);
/* harmony import */ var _clients_openai_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(39684);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51870);



/** OpenAI rejects images above 20 MB; stay well below after base64 growth (×4/3). */
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
class MissingApiKeyError extends Error {
    name = 'MissingApiKeyError';
}
function createOpenAI(conn, env = process.env, purpose = 'OpenAI') {
    const envName = conn.apiKeyEnv ?? 'OPENAI_API_KEY';
    const apiKey = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .readSecret */ .n5)(env, envName);
    if (!apiKey) {
        throw new MissingApiKeyError(`${purpose} is enabled but ${envName} is not set — set that environment variable, or disable ${purpose}`);
    }
    return (0,_clients_openai_js__WEBPACK_IMPORTED_MODULE_1__/* .openAIClient */ .Q)({
        apiKey,
        baseUrl: conn.baseUrl,
        maxRetries: conn.maxRetries ?? 2,
        timeoutMs: conn.timeoutMs ?? 60_000,
        fetch: conn.fetch,
        env,
    });
}
/**
 * A `data:` URL for the image. Raw pixels are encoded as JPEG (quality 90; PNG when there is an
 * alpha channel) — the shrunk decode is plenty for a classifier and keeps the request small.
 */
async function imageDataUrl(image) {
    let bytes;
    let mediaType;
    if ('bytes' in image) {
        ({ bytes, mediaType } = image);
    }
    else {
        const input = (0,sharp__WEBPACK_IMPORTED_MODULE_0__["default"])(image.data, {
            raw: { width: image.width, height: image.height, channels: image.channels },
        });
        if (image.channels === 4) {
            bytes = await input.png().toBuffer();
            mediaType = 'image/png';
        }
        else {
            bytes = await input.jpeg({ quality: 90 }).toBuffer();
            mediaType = 'image/jpeg';
        }
    }
    if (bytes.length > MAX_IMAGE_BYTES) {
        throw new Error(`image is ${(bytes.length / 1048576).toFixed(1)} MB; OpenAI takes at most 20 MB — pass the shrunk decode instead of the original`);
    }
    return `data:${mediaType};base64,${bytes.toString('base64')}`;
}
/** An error as text safe for a report: no secret survives. */
function safeMessage(error) {
    // The SDK's APIError message already starts with the HTTP status.
    return (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(error instanceof Error ? error.message : String(error));
}


/***/ })

};
