export const id = 560;
export const ids = [560];
export const modules = {

/***/ 45560:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  scoreWithClip: () => (/* binding */ scoreWithClip)
});

// UNUSED EXPORTS: CLIPSCORE_PREFIX, CLIPSCORE_W, CLIP_NOT_CONFIGURED, ClipModelError, aestheticScore, clipScore, cosine, loadClipModel, normalize

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./build/action-package/src/core/optional-module.js
var optional_module = __webpack_require__(44740);
// EXTERNAL MODULE: external "sharp"
var external_sharp_ = __webpack_require__(42482);
;// CONCATENATED MODULE: ./build/action-package/src/validators/clip-preprocess.js
/**
 * CLIP image preprocessing, as Hugging Face's CLIPImageProcessor does it: resize so the shortest
 * side is 224 (bicubic; the long side `floor(224 · long / short)`), centre crop 224×224 (offset
 * `floor((size − 224) / 2)`), scale to 0–1, normalise per channel with CLIP's mean and std, and lay
 * out channels first: a Float32Array for `pixel_values` [1, 3, 224, 224].
 *
 * sharp's `cubic` kernel is Catmull-Rom, the a = −0.5 bicubic PIL uses, and libvips anti-aliases
 * when shrinking as PIL does. Transparency is flattened onto white (deliberately unlike
 * CLIPImageProcessor, whose convert("RGB") drops alpha and shows whatever colour transparent
 * pixels carry: flattening scores what a viewer sees).
 */

const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];
const CLIP_PREPROCESS = { resize: 224, crop: 224, mean: CLIP_MEAN, std: CLIP_STD };
/** Size after resizing the shortest side to `target`. */
function resizedSize(width, height, target) {
    if (width <= height)
        return { width: target, height: Math.floor((target * height) / width) };
    return { width: Math.floor((target * width) / height), height: target };
}
/** The RGB bytes of the crop, before normalisation: useful to look at, and what tests compare. */
async function clipCropRgb(image, options = CLIP_PREPROCESS) {
    const { data, width, height, channels } = image;
    const size = resizedSize(width, height, options.resize);
    let pipeline = (0,external_sharp_["default"])(data, { raw: { width, height, channels } }).flatten({ background: '#ffffff' });
    if (size.width !== width || size.height !== height) {
        pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel: 'cubic' });
    }
    const resized = await pipeline.removeAlpha().raw().toBuffer();
    // Centre crop; where the resized image is smaller than the crop, it is centred on black (as HF pads).
    const offset = (have) => have >= options.crop ? Math.floor((have - options.crop) / 2) : -Math.floor((options.crop - have) / 2);
    const left = offset(size.width);
    const top = offset(size.height);
    const out = Buffer.alloc(options.crop * options.crop * 3);
    for (let y = 0; y < options.crop; y++) {
        const sy = y + top;
        if (sy < 0 || sy >= size.height)
            continue;
        const x0 = Math.max(0, -left);
        const x1 = Math.min(options.crop, size.width - left);
        if (x1 <= x0)
            continue;
        resized.copy(out, (y * options.crop + x0) * 3, (sy * size.width + x0 + left) * 3, (sy * size.width + x1 + left) * 3);
    }
    return out;
}
/** Normalised channels-first pixels from interleaved RGB bytes of a `crop`×`crop` image. */
function normalizeChw(rgb, options = CLIP_PREPROCESS) {
    const plane = options.crop * options.crop;
    const out = new Float32Array(3 * plane);
    for (let c = 0; c < 3; c++) {
        const mean = options.mean[c];
        const std = options.std[c];
        for (let i = 0; i < plane; i++)
            out[c * plane + i] = (rgb[i * 3 + c] / 255 - mean) / std;
    }
    return out;
}
/** `pixel_values` for one image. */
async function preprocessClip(image, options = CLIP_PREPROCESS) {
    return normalizeChw(await clipCropRgb(image, options), options);
}

;// CONCATENATED MODULE: ./build/action-package/src/validators/clip-tokenizer.js
/**
 * CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py; the same model as Hugging
 * Face's CLIPTokenizer), read from a model folder's `vocab.json` + `merges.txt` or `tokenizer.json`.
 *
 * Text normalisation: Unicode NFC, whitespace runs collapsed, trimmed, lower-cased — what the
 * Hugging Face fast tokenizer does. OpenAI's ftfy and HTML-unescape passes are not applied; they
 * only change text with mojibake or HTML entities in it.
 *
 * Why hand-written: @huggingface/tokenizers (0.2) was compared on 24,568 texts. It splits a literal
 * `<|endoftext|>` out before the word pattern (so `a cat.<|endoftext|>` tokenises differently
 * from OpenAI's CLIP), and its whitespace class differs from JavaScript's at U+0085 and U+FEFF.
 */



const START_TOKEN = '<|startoftext|>';
const END_TOKEN = '<|endoftext|>';
/** CLIP's text context, start and end tokens included. */
const CONTEXT_LENGTH = 77;
const WORDS = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;
/** GPT-2's reversible map from bytes to printable characters, which the vocabulary is written in. */
function bytesToUnicode() {
    const printable = [];
    for (let b = 0x21; b <= 0x7e; b++)
        printable.push(b);
    for (let b = 0xa1; b <= 0xac; b++)
        printable.push(b);
    for (let b = 0xae; b <= 0xff; b++)
        printable.push(b);
    const map = new Array(256);
    let extra = 0;
    for (let b = 0; b < 256; b++) {
        map[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
    }
    return map;
}
class ClipTokenizer {
    vocab;
    byteMap = bytesToUnicode();
    ranks = new Map();
    cache = new Map();
    startId;
    endId;
    constructor(vocab, merges) {
        this.vocab = vocab;
        merges.forEach(([a, b], rank) => {
            this.ranks.set(`${a} ${b}`, rank);
        });
        const start = vocab.get(START_TOKEN);
        const end = vocab.get(END_TOKEN);
        if (start === undefined || end === undefined) {
            throw new Error(`the vocabulary has no ${START_TOKEN} / ${END_TOKEN}: is this a CLIP tokenizer?`);
        }
        this.startId = start;
        this.endId = end;
    }
    /** The BPE symbols of one pre-tokenised word, the last one ending in `</w>`. */
    bpe(word) {
        const cached = this.cache.get(word);
        if (cached)
            return cached;
        const chars = [...word];
        if (chars.length === 0)
            return [];
        let symbols = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
        while (symbols.length > 1) {
            let best = -1;
            let bestRank = Number.POSITIVE_INFINITY;
            for (let i = 0; i < symbols.length - 1; i++) {
                const rank = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
                if (rank !== undefined && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0)
                break;
            const first = symbols[best];
            const second = symbols[best + 1];
            // Merge every occurrence of the winning pair, left to right, as the reference does.
            const merged = [];
            for (let i = 0; i < symbols.length; i++) {
                if (i < symbols.length - 1 && symbols[i] === first && symbols[i + 1] === second) {
                    merged.push(first + second);
                    i++;
                }
                else {
                    merged.push(symbols[i]);
                }
            }
            symbols = merged;
        }
        this.cache.set(word, symbols);
        return symbols;
    }
    /** Token ids without start/end tokens. Unknown symbols map to the end token, as CLIPTokenizer's unk. */
    encodeBody(text) {
        const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
        const ids = [];
        for (const match of clean.matchAll(WORDS)) {
            const word = match[0];
            if (word === START_TOKEN || word === END_TOKEN) {
                ids.push(word === START_TOKEN ? this.startId : this.endId);
                continue;
            }
            const mapped = [...Buffer.from(word, 'utf8')].map((b) => this.byteMap[b]).join('');
            for (const symbol of this.bpe(mapped))
                ids.push(this.vocab.get(symbol) ?? this.endId);
        }
        return ids;
    }
    /** `<|startoftext|> … <|endoftext|>`, cut to `contextLength` with the end token kept last. */
    encode(text, contextLength = CONTEXT_LENGTH) {
        const body = this.encodeBody(text);
        const room = contextLength - 2;
        const truncated = body.length > room;
        return { ids: [this.startId, ...body.slice(0, room), this.endId], truncated, length: body.length + 2 };
    }
}
/**
 * Reads the tokenizer from a model folder: `tokenizer.json` (Hugging Face tokenizers, BPE model),
 * else `vocab.json` + `merges.txt` (what CLIPTokenizer.save_pretrained writes).
 */
async function loadClipTokenizer(folder) {
    const tokenizerJson = external_node_path_.join(folder, 'tokenizer.json');
    if ((0,external_node_fs_.existsSync)(tokenizerJson)) {
        const doc = JSON.parse(await (0,promises_.readFile)(tokenizerJson, 'utf8'));
        if (doc.model?.type !== 'BPE' || !doc.model.vocab || !doc.model.merges) {
            throw new Error(`${tokenizerJson} does not hold a BPE model with vocab and merges`);
        }
        const vocab = new Map(Object.entries(doc.model.vocab));
        for (const t of doc.added_tokens ?? [])
            if (!vocab.has(t.content))
                vocab.set(t.content, t.id);
        return new ClipTokenizer(vocab, doc.model.merges.map(toPair));
    }
    const vocabFile = external_node_path_.join(folder, 'vocab.json');
    const mergesFile = external_node_path_.join(folder, 'merges.txt');
    if (!(0,external_node_fs_.existsSync)(vocabFile) || !(0,external_node_fs_.existsSync)(mergesFile)) {
        throw new Error(`no tokenizer in ${folder}: expected tokenizer.json, or vocab.json and merges.txt`);
    }
    const vocab = new Map(Object.entries(JSON.parse(await (0,promises_.readFile)(vocabFile, 'utf8'))));
    const merges = (await (0,promises_.readFile)(mergesFile, 'utf8'))
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#version'))
        .map(toPair);
    return new ClipTokenizer(vocab, merges);
}
function toPair(merge) {
    if (Array.isArray(merge))
        return merge;
    const space = merge.indexOf(' ');
    if (space <= 0)
        throw new Error(`malformed BPE merge "${merge}"`);
    return [merge.slice(0, space), merge.slice(space + 1).trimEnd()];
}

;// CONCATENATED MODULE: ./build/action-package/src/validators/clip.js
/**
 * CLIP scoring from a model folder the user supplies (see docs/clip.md), run with onnxruntime-node:
 *
 * - CLIPScore (Hessel et al. 2021): `2.5 · max(cos(E_text("A photo depicts " + prompt), E_image), 0)`,
 *   0–2.5, reported as score `clip` and check `clip.score`;
 * - the LAION aesthetic predictor ("linearMSE", collapsed to one affine map on the L2-normalised
 *   768-d ViT-L/14 image embedding: `w · e + b`, about 1–10), reported as score `aesthetic.laion`
 *   and check `aesthetic.laion`, when the folder holds `aesthetic.json`.
 *
 * Folder layout (files may also sit in an `onnx/` subfolder, as transformers.js repositories have them):
 *   vision_model.onnx   input `pixel_values` float32 [N,3,224,224] → output `image_embeds` float32 [N,D]
 *   text_model.onnx     inputs `input_ids` int64 [N,L] (and `attention_mask` int64 [N,L] if declared)
 *                       → output `text_embeds` float32 [N,D]
 *   tokenizer.json, or vocab.json + merges.txt    CLIP BPE
 *   aesthetic.json      optional: {"w": number[D], "b": number}
 *   preprocessor_config.json   optional: image_mean, image_std, size.shortest_edge, crop_size
 *
 * Without a configured folder nothing is computed: the check says "CLIP: not configured".
 */






/** Hessel et al.'s rescaling weight. */
const CLIPSCORE_W = 2.5;
/** Hessel et al.'s caption prefix. */
const CLIPSCORE_PREFIX = 'A photo depicts ';
class ClipModelError extends Error {
    name = 'ClipModelError';
}
const loaded = new Map();
/** Loads a model folder once per process (per absolute path). Throws ClipModelError saying what is missing. */
function loadClipModel(folder, options = {}) {
    const abs = external_node_path_.resolve(folder);
    let model = loaded.get(abs);
    if (!model) {
        model = openFolder(abs, options);
        loaded.set(abs, model);
        model.catch(() => loaded.delete(abs));
    }
    return model;
}
function locate(folder, name) {
    for (const candidate of [external_node_path_.join(folder, name), external_node_path_.join(folder, 'onnx', name)]) {
        if ((0,external_node_fs_.existsSync)(candidate))
            return candidate;
    }
    return undefined;
}
/** onnxruntime-node, an optional peer (see core/optional-module.ts), loaded with the first model. */
async function onnxRuntime() {
    const module = await (0,optional_module/* importOptional */.Gm)('onnxruntime-node', 'clip');
    return module.default ?? module;
}
async function openFolder(folder, options) {
    if (!(0,external_node_fs_.existsSync)(folder)) {
        throw new ClipModelError(`CLIP model folder ${folder} does not exist — see docs/clip.md to export one`);
    }
    const visionFile = locate(folder, 'vision_model.onnx');
    const textFile = locate(folder, 'text_model.onnx');
    if (!visionFile || !textFile) {
        const missing = [visionFile ? '' : 'vision_model.onnx', textFile ? '' : 'text_model.onnx'].filter(Boolean);
        throw new ClipModelError(`CLIP model folder ${folder} has no ${missing.join(' or ')} — see docs/clip.md`);
    }
    const sessionOptions = {
        intraOpNumThreads: options.threads ?? 0,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
    };
    const runtime = await onnxRuntime();
    const [vision, text, tokenizer, preprocess, aesthetic] = await Promise.all([
        runtime.InferenceSession.create(visionFile, sessionOptions),
        runtime.InferenceSession.create(textFile, sessionOptions),
        loadClipTokenizer(folder).catch((e) => {
            throw new ClipModelError(e.message);
        }),
        readPreprocess(folder),
        readAesthetic(folder),
    ]);
    expectNames(vision, visionFile, ['pixel_values'], 'image_embeds');
    expectNames(text, textFile, ['input_ids'], 'text_embeds');
    const model = new OnnxClip(runtime, folder, vision, text, tokenizer, preprocess, aesthetic);
    // One probe fixes the embedding size and checks the aesthetic head against it.
    const probe = await model.embedText('');
    model.dims = probe.embedding.length;
    if (aesthetic && aesthetic.w.length !== probe.embedding.length) {
        throw new ClipModelError(`aesthetic.json has ${aesthetic.w.length} weights but the model's embeddings have ${probe.embedding.length} dimensions — the LAION predictor needs ViT-L/14 (768)`);
    }
    return model;
}
function expectNames(session, file, inputs, output) {
    const missing = inputs.filter((n) => !session.inputNames.includes(n));
    if (missing.length || !session.outputNames.includes(output)) {
        throw new ClipModelError(`${file} must take ${inputs.join(', ')} and give ${output}; it takes ${session.inputNames.join(', ')} and gives ${session.outputNames.join(', ')}`);
    }
}
async function readPreprocess(folder) {
    const file = external_node_path_.join(folder, 'preprocessor_config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return CLIP_PREPROCESS;
    const c = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    const triple = (v, fallback) => v?.length === 3 ? v : fallback;
    const resize = typeof c.size === 'number' ? c.size : (c.size?.shortest_edge ?? CLIP_PREPROCESS.resize);
    const crop = typeof c.crop_size === 'number' ? c.crop_size : (c.crop_size?.height ?? CLIP_PREPROCESS.crop);
    return {
        resize,
        crop,
        mean: triple(c.image_mean, CLIP_PREPROCESS.mean),
        std: triple(c.image_std, CLIP_PREPROCESS.std),
    };
}
async function readAesthetic(folder) {
    const file = external_node_path_.join(folder, 'aesthetic.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    const head = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    if (!Array.isArray(head.w) || typeof head.b !== 'number' || head.w.some((x) => typeof x !== 'number')) {
        throw new ClipModelError(`${file} must be {"w": number[], "b": number}`);
    }
    return { w: head.w, b: head.b };
}
class OnnxClip {
    runtime;
    folder;
    vision;
    text;
    tokenizer;
    preprocess;
    aesthetic;
    dims = 0;
    constructor(runtime, folder, vision, text, tokenizer, preprocess, aesthetic) {
        this.runtime = runtime;
        this.folder = folder;
        this.vision = vision;
        this.text = text;
        this.tokenizer = tokenizer;
        this.preprocess = preprocess;
        this.aesthetic = aesthetic;
    }
    async embedImage(image) {
        const pixels = await preprocessClip(image, this.preprocess);
        const side = this.preprocess.crop;
        const out = await this.vision.run({
            pixel_values: new this.runtime.Tensor('float32', pixels, [1, 3, side, side]),
        });
        return normalize(firstRow(out.image_embeds, 'image_embeds'));
    }
    async embedText(text) {
        const { ids, truncated, length: tokens } = this.tokenizer.encode(text, CONTEXT_LENGTH);
        // Pad only when the model was exported with a fixed sequence length (pad = end token, as HF pads CLIP).
        const fixed = fixedLength(this.text, 'input_ids');
        const length = fixed ?? ids.length;
        const inputIds = new BigInt64Array(length).fill(BigInt(this.tokenizer.endId));
        const mask = new BigInt64Array(length);
        ids.slice(0, length).forEach((id, i) => {
            inputIds[i] = BigInt(id);
            mask[i] = 1n;
        });
        const feeds = {
            input_ids: new this.runtime.Tensor('int64', inputIds, [1, length]),
        };
        if (this.text.inputNames.includes('attention_mask')) {
            feeds.attention_mask = new this.runtime.Tensor('int64', mask, [1, length]);
        }
        const out = await this.text.run(feeds);
        return { embedding: normalize(firstRow(out.text_embeds, 'text_embeds')), tokens, truncated };
    }
    async release() {
        loaded.delete(this.folder);
        await Promise.all([this.vision.release(), this.text.release()]);
    }
}
function fixedLength(session, input) {
    const meta = session.inputMetadata.find((m) => m.name === input);
    const dim = meta?.isTensor ? meta.shape[1] : undefined;
    return typeof dim === 'number' && dim > 0 ? dim : undefined;
}
function firstRow(tensor, name) {
    if (tensor?.type !== 'float32')
        throw new ClipModelError(`the model gave no float32 ${name}`);
    const dims = tensor.dims;
    const width = dims[dims.length - 1] ?? 0;
    return tensor.data.slice(0, width);
}
/** The vector scaled to unit length (a zero vector stays zero). */
function normalize(v) {
    let sum = 0;
    for (const x of v)
        sum += x * x;
    const norm = Math.sqrt(sum);
    return norm > 0 ? v.map((x) => x / norm) : v;
}
function cosine(a, b) {
    if (a.length !== b.length)
        throw new ClipModelError(`embeddings differ in size: ${a.length} vs ${b.length}`);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
/** CLIPScore: 2.5 · max(cos, 0). */
function clipScore(imageEmbedding, textEmbedding) {
    return CLIPSCORE_W * Math.max(cosine(imageEmbedding, textEmbedding), 0);
}
/** The LAION predictor on a normalised image embedding. */
function aestheticScore(head, imageEmbedding) {
    if (head.w.length !== imageEmbedding.length) {
        throw new ClipModelError(`aesthetic head has ${head.w.length} weights for a ${imageEmbedding.length}-d embedding`);
    }
    const e = normalize(imageEmbedding);
    let s = head.b;
    for (let i = 0; i < e.length; i++)
        s += head.w[i] * e[i];
    return s;
}
const CLIP_NOT_CONFIGURED = 'CLIP: not configured';
/**
 * Scores one image against its prompt. Not configured → one info check saying so and no scores.
 * A configured folder that cannot be loaded or run → a failed gate check with the reason: the user
 * asked for this gate, so it must not pass silently.
 */
async function scoreWithClip(config, image, prompt, options = {}) {
    if (!config?.model)
        return notConfiguredOutcome();
    const folder = external_node_path_.resolve(options.baseDir ?? '.', config.model);
    try {
        const model = await loadClipModel(folder, options.load);
        const [imageEmb, text] = await Promise.all([
            model.embedImage(image),
            model.embedText(`${config.prefix ?? CLIPSCORE_PREFIX}${prompt}`),
        ]);
        const score = clipScore(imageEmb, text.embedding);
        const scores = { clip: score };
        const cut = text.truncated ? ` (prompt cut to ${CONTEXT_LENGTH} tokens of ${text.tokens})` : '';
        const checks = [clipScoreCheck(score, config.minScore, cut)];
        if (model.aesthetic) {
            const a = aestheticScore(model.aesthetic, imageEmb);
            scores['aesthetic.laion'] = a;
            checks.push(laionCheck(a, options.minAesthetic));
        }
        return { checks, scores };
    }
    catch (error) {
        return failedOutcome(folder, config.minScore, error);
    }
}
function notConfiguredOutcome() {
    return {
        checks: [
            {
                id: 'clip.score',
                passed: true,
                value: 'not configured',
                threshold: 'not gated',
                reason: `${CLIP_NOT_CONFIGURED} — set qa.clip.model to a CLIP model folder (docs/clip.md)`,
                severity: 'info',
            },
        ],
        scores: {},
    };
}
/** `clip.score`: a gate against `minScore` when set, else reported only. `cut` notes a truncated prompt. */
function clipScoreCheck(score, minScore, cut) {
    return minScore === undefined
        ? {
            id: 'clip.score',
            passed: true,
            value: round(score),
            threshold: 'not gated (qa.clip.minScore unset)',
            reason: `CLIPScore ${round(score)} of 2.5${cut}`,
            severity: 'info',
        }
        : {
            id: 'clip.score',
            passed: score >= minScore,
            value: round(score),
            threshold: minScore,
            reason: `CLIPScore ${round(score)} ${score >= minScore ? '≥' : '<'} ${minScore}${cut}`,
            severity: 'gate',
        };
}
/** `aesthetic.laion`: a gate against `min` when set, else reported only. */
function laionCheck(a, min) {
    return min === undefined
        ? {
            id: 'aesthetic.laion',
            passed: true,
            value: round(a),
            threshold: 'not gated',
            reason: `LAION aesthetic predictor ${round(a)} (about 1–10)`,
            severity: 'info',
        }
        : {
            id: 'aesthetic.laion',
            passed: a >= min,
            value: round(a),
            threshold: min,
            reason: `LAION aesthetic ${round(a)} ${a >= min ? '≥' : '<'} ${min}`,
            severity: 'gate',
        };
}
/** A configured model that could not load or run: a failed gate, so the gate never passes silently. */
function failedOutcome(folder, minScore, error) {
    return {
        checks: [
            {
                id: 'clip.score',
                passed: false,
                value: 'error',
                threshold: minScore ?? 'a working model folder',
                reason: `CLIP model ${folder} could not score: ${error instanceof Error ? error.message : String(error)}`,
                severity: 'gate',
            },
        ],
        scores: {},
    };
}
function round(x) {
    return Math.round(x * 10_000) / 10_000;
}


/***/ })

};
