export const id = 972;
export const ids = [972];
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

/***/ 34972:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   judgeImage: () => (/* binding */ judgeImage)
/* harmony export */ });
/* unused harmony exports DEFAULT_JUDGE_MODEL, DEFAULT_RUBRIC, JudgeReplyError, judgeInstructions, parseJudgeReply */
/* harmony import */ var _openai_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57061);

const DEFAULT_JUDGE_MODEL = 'gpt-4.1-mini';
const DEFAULT_RUBRIC = [
    'Fidelity: the image shows what the prompt asks for, with nothing important missing or added.',
    'Craft: composition, lighting and colour are deliberate; no artefacts (warped hands, melted text, seams).',
    'Fitness: it would work as the asset it is meant to be, without retouching.',
];
const SYSTEM = [
    'You are an exacting art director reviewing one generated image against the brief it was made from.',
    'Score it from 0 (unusable) to 10 (ship as is) against the rubric. Be specific and brief in your reasons.',
    'Answer with JSON only, exactly: {"score": <number 0-10>, "reasons": ["<reason>", ...]}',
].join('\n');
const SCHEMA = {
    type: 'object',
    additionalProperties: false,
    required: ['score', 'reasons'],
    properties: {
        score: { type: 'number', description: '0 (unusable) to 10 (ship as is)' },
        reasons: { type: 'array', items: { type: 'string' } },
    },
};
class JudgeReplyError extends Error {
    name = 'JudgeReplyError';
}
/** The prompt text sent with the image: brief and rubric. Exported for tests and for reports. */
function judgeInstructions(prompt, rubric = DEFAULT_RUBRIC) {
    const items = (Array.isArray(rubric) ? rubric : [rubric]).map((r) => `- ${r.trim()}`).join('\n');
    return `Brief (the prompt the image was generated from):\n${prompt}\n\nRubric:\n${items}`;
}
/** Extracts {score, reasons} from a model's text reply; throws JudgeReplyError saying what is wrong. */
function parseJudgeReply(text) {
    if (!text?.trim())
        throw new JudgeReplyError('the judge replied with no text');
    const doc = extractJson(text);
    if (doc === undefined)
        throw new JudgeReplyError(`the judge's reply holds no JSON object: "${clip(text)}"`);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
        throw new JudgeReplyError(`the judge's JSON is not an object: "${clip(text)}"`);
    }
    const record = doc;
    const raw = record.score;
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : Number.NaN;
    if (!Number.isFinite(score))
        throw new JudgeReplyError(`the judge's JSON has no numeric "score": "${clip(text)}"`);
    if (score < 0 || score > 10)
        throw new JudgeReplyError(`the judge's score ${score} is outside 0–10`);
    const reasons = Array.isArray(record.reasons)
        ? record.reasons.filter((r) => typeof r === 'string' && r.trim() !== '')
        : typeof record.reasons === 'string'
            ? [record.reasons]
            : [];
    return { score, reasons };
}
function extractJson(text) {
    const candidates = [text.trim()];
    const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
    if (fenced?.[1])
        candidates.push(fenced[1].trim());
    // The outermost braces, for replies with prose around the object.
    const first = text.indexOf('{');
    const last = text.lastIndexOf('}');
    if (first >= 0 && last > first)
        candidates.push(text.slice(first, last + 1));
    for (const c of candidates) {
        try {
            return JSON.parse(c);
        }
        catch {
            // try the next reading
        }
    }
    return undefined;
}
function clip(text) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
/** Asks the judge about one image. Never throws: failures become the check's reason. */
async function judgeImage(image, prompt, config, env = process.env) {
    const model = config.model ?? DEFAULT_JUDGE_MODEL;
    const gated = config.minScore !== undefined;
    try {
        const client = (0,_openai_client_js__WEBPACK_IMPORTED_MODULE_0__/* .createOpenAI */ .ry)(config, env, 'the vision judge');
        const completion = await client.chat.completions.create({
            model,
            messages: [
                { role: 'system', content: SYSTEM },
                {
                    role: 'user',
                    content: [
                        { type: 'text', text: judgeInstructions(prompt, config.rubric) },
                        {
                            type: 'image_url',
                            image_url: { url: await (0,_openai_client_js__WEBPACK_IMPORTED_MODULE_0__/* .imageDataUrl */ .zW)(image), detail: config.detail ?? 'low' },
                        },
                    ],
                },
            ],
            response_format: {
                type: 'json_schema',
                json_schema: { name: 'image_review', strict: true, schema: SCHEMA },
            },
        });
        const message = completion.choices?.[0]?.message;
        if (message?.refusal)
            throw new JudgeReplyError(`the judge refused: ${message.refusal}`);
        const verdict = parseJudgeReply(message?.content);
        const passed = !gated || verdict.score >= config.minScore;
        const because = verdict.reasons.length ? `: ${verdict.reasons.join('; ')}` : '';
        return {
            score: verdict.score,
            reasons: verdict.reasons,
            check: {
                id: 'judge.score',
                passed,
                value: verdict.score,
                threshold: config.minScore ?? 'not gated (minScore unset)',
                reason: `${model} scored ${verdict.score}/10${because}`,
                severity: gated ? 'gate' : 'info',
            },
        };
    }
    catch (error) {
        return {
            reasons: [],
            check: {
                id: 'judge.score',
                passed: false,
                value: 'no score',
                threshold: config.minScore ?? 'not gated (minScore unset)',
                reason: `vision judge (${model}) gave no score: ${(0,_openai_client_js__WEBPACK_IMPORTED_MODULE_0__/* .safeMessage */ .N5)(error)}`,
                severity: gated ? 'gate' : 'info',
            },
        };
    }
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
