export const id = 489;
export const ids = [489];
export const modules = {

/***/ 32462:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ imageConcurrency),
/* harmony export */   U: () => (/* binding */ releaseNow)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);

/**
 * Frees a buffer's memory now instead of at a later garbage collection, when nothing else can see
 * it: the buffer must own its whole ArrayBuffer (not a slice of Node's pool or of a larger buffer),
 * and the caller must hold the only reference. Detaching the ArrayBuffer runs its deleter at once
 * (libvips' free for sharp's output). Why: V8 counts each 3 MB decode as external memory and ran a
 * full collection every ~9 decodes to find them (36 per 300 QA'd images, a fifth of the main
 * thread); detached, a decode-only loop over 300 1024² PNGs ran 13 collections → 1 and peaked
 * 212 → 153 MB. A no-op where ArrayBuffer.prototype.transfer is missing (it is in Node ≥ 21).
 */
function releaseNow(buffer) {
    const whole = buffer.buffer;
    // ES2024's transfer: the project's TypeScript libs stop at ES2023.
    const transfer = whole.transfer;
    if (!(whole instanceof ArrayBuffer) || typeof transfer !== 'function')
        return;
    if (buffer.byteOffset !== 0 || buffer.byteLength !== whole.byteLength || whole.byteLength === 0)
        return;
    try {
        transfer.call(whole, 0);
    }
    catch {
        // Not detachable (e.g. WebAssembly memory): left to the collector.
    }
}
/**
 * Images one process rasterises or re-encodes at once: one per core, and at least 2 so one image's
 * file I/O overlaps another's pixels. The work is CPU-bound: more at once finishes no sooner, it
 * only holds more pixel buffers, each libuv and libvips thread in its own glibc malloc arena, whose
 * freed pages stay resident (2 cores, cold synthesis of 1024² images, 4 renders at once → 2: 300
 * images 266–314 → 228–255 MB, 1,000 images 298–367 → 279–318 MB, same wall and CPU time).
 */
function imageConcurrency() {
    return Math.max(2, (0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)());
}


/***/ }),

/***/ 85480:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JB: () => (/* binding */ writeGalleryImage),
/* harmony export */   l0: () => (/* binding */ listGallery),
/* harmony export */   tA: () => (/* binding */ GALLERY_SIDE)
/* harmony export */ });
/* unused harmony export GALLERY_DIR */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _store_atomic_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41848);
/**
 * The review gallery's images in `<run>/gallery/`, one per blob, named `<blob>.jpg` (opaque) or
 * `<blob>.webp` (with transparency). QA makes them from the decode it measures; the report layer
 * makes the rest (blobs QA did not decode this run) from the blob.
 */



/** The folder beside report.html. */
const GALLERY_DIR = 'gallery';
/** Longest side a gallery image needs for the large view. */
const GALLERY_SIDE = 640;
const NAME = /^([0-9a-f]{64})\.(jpg|webp)$/;
/**
 * The gallery images already made, blob → path relative to the run folder, from one listing of the
 * folder (none when it does not exist yet).
 */
async function listGallery(runDir) {
    const made = new Map();
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(runDir, GALLERY_DIR));
    }
    catch {
        return made;
    }
    for (const name of names) {
        const blob = NAME.exec(name)?.[1];
        if (blob)
            made.set(blob, node_path__WEBPACK_IMPORTED_MODULE_1__.join(GALLERY_DIR, name));
    }
    return made;
}
/**
 * Writes a blob's gallery image atomically (not flushed: a torn file after a crash is only a
 * thumbnail, made again once deleted) and returns its path relative to the run folder.
 */
async function writeGalleryImage(runDir, blob, image) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(GALLERY_DIR, `${blob}.${image.extension}`);
    await (0,_store_atomic_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(runDir, file), image.bytes, { fsync: false });
    return file;
}


/***/ }),

/***/ 58134:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ prepareImageBatch)
/* harmony export */ });
/**
 * Settings for a batch of image work, made once per process and only when a layer is about to
 * decode or encode (a no-op run never loads sharp). libvips keeps the results of its last 100
 * operations (up to 50 MB) in case they are asked for again; in a batch every input is a new
 * image, so that cache only holds memory: off, a 300-asset synthesis peaked 60 MB lower (measured
 * with /usr/bin/time, 1024² procedural images).
 */
let prepared;
function prepareImageBatch() {
    prepared ??= Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 42482)).then(({ default: sharp }) => {
        sharp.cache(false);
    });
    return prepared;
}


/***/ }),

/***/ 48489:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  qaLayer: () => (/* binding */ qaLayer)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/p-queue/dist/index.js + 4 modules
var dist = __webpack_require__(19052);
// EXTERNAL MODULE: ./build/action-package/src/core/errors.js
var errors = __webpack_require__(53388);
// EXTERNAL MODULE: ./build/action-package/src/core/image.js
var core_image = __webpack_require__(32462);
// EXTERNAL MODULE: ./build/action-package/src/deployers/derivatives.js + 1 modules
var derivatives = __webpack_require__(17237);
// EXTERNAL MODULE: ./build/action-package/src/lockfile/decisions.js + 1 modules
var decisions = __webpack_require__(9672);
// EXTERNAL MODULE: ./build/action-package/src/lockfile/lockfile.js
var lockfile = __webpack_require__(19920);
// EXTERNAL MODULE: ./build/action-package/src/store/atomic.js
var atomic = __webpack_require__(41848);
// EXTERNAL MODULE: ./build/action-package/src/store/json-index.js + 1 modules
var json_index = __webpack_require__(90087);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./build/action-package/src/store/thumbnails.js




/**
 * Grey thumbnails of blobs, kept beside the caches (`cache/thumbs/`), so that comparing an asset
 * with its previous approved version needs no decode of either image once both were checked.
 *
 * One file per blob: a 12-byte header (magic "GTH1", width and height as uint16, CRC-32 of the
 * pixels) and one byte per pixel (thumbnails hold whole grey levels). The CRC makes a torn or
 * foreign file a miss, never wrong pixels, so writes go straight to the file: no fsync, no
 * temporary file and rename (two writers of one blob write the same bytes), and a thumbnail can
 * always be made again from its blob; writing in place spared a first QA of 300 1024² images a
 * file creation, a rename and a random name per thumbnail (writing none at all was 0.16 s faster).
 * The folder is made only when a write says it is missing (256 of them, made once). `get` and
 * `set` are synchronous: for 64 KB a thread-pool round trip cost more than the write itself on a
 * quiet machine (0.33 vs 0.68 ms per write + rename + read); `store` writes through the pool, for
 * batches on a busy machine.
 */
class ThumbnailCache {
    root;
    constructor(root) {
        this.root = root;
    }
    fileOf(blob) {
        return external_node_path_.join(this.root, blob.slice(0, 2), `${blob}.grey`);
    }
    get(blob) {
        let bytes;
        try {
            bytes = (0,external_node_fs_.readFileSync)(this.fileOf(blob));
        }
        catch {
            return undefined;
        }
        if (bytes.length < HEADER || bytes.toString('latin1', 0, 4) !== MAGIC)
            return undefined;
        const width = bytes.readUInt16LE(4);
        const height = bytes.readUInt16LE(6);
        const pixels = bytes.subarray(HEADER);
        if (pixels.length !== width * height || (0,external_node_zlib_.crc32)(pixels) !== bytes.readUInt32LE(8))
            return undefined;
        return { data: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length), width, height };
    }
    /** Stores a thumbnail; a failure to write only costs a decode later, so it is not thrown. */
    set(blob, thumbnail) {
        const target = this.fileOf(blob);
        const file = encode(thumbnail);
        try {
            try {
                (0,external_node_fs_.writeFileSync)(target, file);
            }
            catch (error) {
                if (error.code !== 'ENOENT')
                    throw error;
                (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(target), { recursive: true });
                (0,external_node_fs_.writeFileSync)(target, file);
            }
        }
        catch {
            // Unwritable: the thumbnail is made again when next needed.
        }
    }
    /**
     * `set` off the calling thread, for a batch (the QA layer): on a busy 2-core runner the
     * synchronous write held the main thread about 2.5 ms per thumbnail (measured), while the
     * decodes waiting on it sat idle. Never rejects, as `set` never throws.
     */
    async store(blob, thumbnail) {
        const target = this.fileOf(blob);
        const file = encode(thumbnail);
        try {
            await (0,promises_.writeFile)(target, file).catch(async (error) => {
                if (error.code !== 'ENOENT')
                    throw error;
                await (0,promises_.mkdir)(external_node_path_.dirname(target), { recursive: true });
                await (0,promises_.writeFile)(target, file);
            });
        }
        catch {
            // Unwritable: the thumbnail is made again when next needed.
        }
    }
}
/** The file: header (magic, width, height, CRC-32 of the pixels), then one byte per pixel. */
function encode(thumbnail) {
    const { width, height } = thumbnail;
    const file = Buffer.alloc(HEADER + width * height);
    file.write(MAGIC, 0, 'latin1');
    file.writeUInt16LE(width, 4);
    file.writeUInt16LE(height, 6);
    const pixels = file.subarray(HEADER);
    pixels.set(thumbnail.data);
    file.writeUInt32LE((0,external_node_zlib_.crc32)(pixels), 8);
    return file;
}
const MAGIC = 'GTH1';
const HEADER = 12;

// EXTERNAL MODULE: ./build/action-package/src/validators/gates/index.js + 6 modules
var validators_gates = __webpack_require__(54759);
// EXTERNAL MODULE: ./build/action-package/src/core/canonical.js
var canonical = __webpack_require__(45421);
;// CONCATENATED MODULE: ./build/action-package/src/validators/selection.js
/**
 * Best-of-N: which candidate of an asset ships.
 *
 * 1. A candidate with any failed `policy` or `gate` check is excluded. No score outweighs that.
 * 2. Each remaining candidate gets a weighted mean of the scores it has, each scaled to 0–1:
 *      aesthetic  `aesthetic.laion` if present, else `aesthetic` — 0–10 → ÷ 10
 *      clip       `clip` (CLIPScore, 0–2.5)                       → ÷ 2.5
 *      judge      `judge` (0–10)                                  → ÷ 10
 *    clamped to 0–1. score = Σ wᵢ·sᵢ / Σ wᵢ over the metrics the candidate has and whose weight is
 *    above 0: a missing score drops out and the other weights are renormalised.
 * 3. Highest score first; candidates with no score at all after those with one; equal scores
 *    (to 1e-9) go to the lower variant index. The result is the same on every run and platform.
 */

const DEFAULT_WEIGHTS = { aesthetic: 1, clip: 1, judge: 1 };
/** Where each metric is read from in a job's scores (first present wins) and its full scale. */
const METRICS = {
    aesthetic: { keys: ['aesthetic.laion', 'aesthetic'], scale: 10 },
    clip: { keys: ['clip'], scale: 2.5 },
    judge: { keys: ['judge'], scale: 10 },
};
/** Scaled, weighted parts of one candidate's scores. */
function scoreParts(scores, weights = DEFAULT_WEIGHTS) {
    const parts = [];
    for (const metric of Object.keys(METRICS)) {
        const weight = weights[metric] ?? DEFAULT_WEIGHTS[metric];
        if (!(weight > 0))
            continue;
        const { keys, scale } = METRICS[metric];
        const source = keys.find((k) => Number.isFinite(scores[k]));
        if (!source)
            continue;
        const raw = scores[source];
        parts.push({ metric, source, raw, scaled: Math.min(1, Math.max(0, raw / scale)), weight });
    }
    return parts;
}
function weightedScore(parts) {
    const total = parts.reduce((s, p) => s + p.weight, 0);
    return total > 0 ? parts.reduce((s, p) => s + p.weight * p.scaled, 0) / total : undefined;
}
/** Failed checks that no score can outweigh. */
function blockingFailures(checks) {
    return checks.filter((c) => !c.passed && (c.severity === 'policy' || c.severity === 'gate'));
}
const EPSILON = 1e-9;
function selectBest(candidates, weights = DEFAULT_WEIGHTS) {
    const ranked = candidates.map((c) => {
        const blocking = blockingFailures(c.checks);
        const parts = scoreParts(c.scores, weights);
        return {
            key: c.key,
            variant: c.variant,
            eligible: blocking.length === 0,
            score: weightedScore(parts),
            parts,
            excludedBy: blocking.map((b) => `${b.id}: ${b.reason ?? `${b.value} (threshold ${b.threshold})`}`),
        };
    });
    const eligible = ranked.filter((r) => r.eligible).sort(byRank);
    const excluded = ranked
        .filter((r) => !r.eligible)
        .sort((a, b) => a.variant - b.variant || (0,canonical/* byCodeUnit */.X)(a.key, b.key));
    const ranking = [...eligible, ...excluded];
    const winner = eligible[0];
    if (!winner) {
        const reasons = candidates.length
            ? excluded.map((r) => `variant ${r.variant + 1} excluded — ${r.excludedBy.join('; ')}`)
            : ['no candidates'];
        return { ranking, reasons: ['no candidate passed policy and gates', ...reasons] };
    }
    const why = winner.score === undefined ? 'no scores to compare' : `score ${describeScore(winner)}`;
    const reasons = [`variant ${winner.variant + 1} chosen: ${why}`];
    const runnerUp = eligible[1];
    if (runnerUp) {
        const tie = sameScore(winner, runnerUp) ? ' (tie: lower variant wins)' : '';
        reasons.push(`next: variant ${runnerUp.variant + 1} ${runnerUp.score === undefined ? 'unscored' : runnerUp.score.toFixed(3)}${tie}`);
    }
    if (excluded.length)
        reasons.push(`${excluded.length} candidate(s) excluded by policy or gates`);
    return { chosen: winner.key, ranking, reasons };
}
function sameScore(a, b) {
    if (a.score === undefined || b.score === undefined)
        return a.score === b.score;
    return Math.abs(a.score - b.score) <= EPSILON;
}
function byRank(a, b) {
    if (a.score !== undefined && b.score !== undefined && !sameScore(a, b))
        return b.score - a.score;
    if (a.score === undefined && b.score !== undefined)
        return 1;
    if (a.score !== undefined && b.score === undefined)
        return -1;
    return a.variant - b.variant || (0,canonical/* byCodeUnit */.X)(a.key, b.key);
}
function describeScore(r) {
    const parts = r.parts.map((p) => `${p.source} ${round(p.raw)}×${p.weight}`).join(', ');
    return `${r.score.toFixed(3)} (${parts})`;
}
function round(x) {
    return Math.round(x * 1000) / 1000;
}

;// CONCATENATED MODULE: ./build/action-package/src/validators/human.js


function selectWithDecisions(asset, jobs, candidates, recorded) {
    const effective = (0,decisions/* effectiveDecisions */.Z)(asset, jobs, recorded);
    const reviewed = candidates.map((c) => (0,decisions/* applyApprovals */.XF)(c, asset, effective.approvals));
    const selection = selectBest(reviewed, asset.gates.weights);
    if (!recorded)
        return { ...selection, candidates: reviewed };
    const human = {};
    const notes = [...effective.notes];
    if (effective.approvals.length) {
        human.approved = effective.approvals.map(({ gate, by, at, source }) => ({
            gate,
            ...meta(by, at, source),
        }));
    }
    if (effective.reroll) {
        const { offset, by, at, source } = effective.reroll;
        human.reroll = { offset, ...meta(by, at, source) };
    }
    let { chosen, reasons } = selection;
    if (effective.pick) {
        const { decision, key } = effective.pick;
        const picked = reviewed.find((c) => c.key === key);
        const blocking = picked ? blockingFailures(picked.checks) : [];
        const best = reviewed.find((c) => c.key === selection.chosen);
        if (!picked || blocking.length) {
            const why = picked
                ? `it failed ${blocking.map((c) => `${c.id}${c.reason ? ` (${c.reason})` : ''}`).join('; ')}`
                : 'it has no QA result';
            notes.push(`pick of ${asset.id} variant ${decision.variant} by ${decision.by} is not applied: ${why}; approve the check if qa.overridable allows it, or pick another variant`);
        }
        else {
            chosen = key;
            human.pick = {
                variant: decision.variant,
                ...(best ? { bestVariant: best.variant + 1 } : {}),
                ...meta(decision.by, decision.at, decision.source),
            };
            const instead = best && best.key !== key ? ` instead of the best-scored variant ${best.variant + 1}` : '';
            // The scores' own choice stays visible, worded so it is not read as what ships.
            const scored = selection.reasons.map((r) => r.replace(/^variant (\d+) chosen: /, 'scores alone would choose variant $1: '));
            reasons = [`variant ${decision.variant} picked by ${decision.by}${instead}`, ...scored];
        }
    }
    if (notes.length) {
        human.notes = notes;
        reasons = [...reasons, ...notes];
    }
    return { ...selection, chosen, reasons, candidates: reviewed, human };
}
function meta(by, at, source) {
    return { by, at, ...(source ? { source } : {}) };
}

// EXTERNAL MODULE: ./build/action-package/src/validators/kernel.js + 1 modules
var validators_kernel = __webpack_require__(1809);
;// CONCATENATED MODULE: ./build/action-package/src/validators/aesthetic.js

const AESTHETIC_WEIGHTS = {
    sharpness: 0.25,
    exposure: 0.2,
    contrast: 0.2,
    colourfulness: 0.15,
    noise: 0.2,
};
function aestheticScore(image) {
    return aestheticOfSample(image.data, image.width, image.height, image.channels, 1);
}
/**
 * The score on every `step`-th pixel of each `step`-th row of a raw decode, with no intermediate
 * image. Integer luma (×256) keeps the sums exact; they run in the WebAssembly kernel (kernel.wat)
 * where it loads, else in the JavaScript loops below, which give the same numbers. `staged`: the
 * decode already in the kernel's memory (measure.ts shares one copy with the grey thumbnail).
 */
function aestheticOfSample(data, width, height, ch, step, options = {}) {
    const W = Math.ceil(width / step);
    const H = Math.ceil(height / step);
    const kernel = options.kernel === false ? null : (0,validators_kernel/* pixelKernel */.Sf)();
    const staged = options.kernel !== false && options.staged?.data === data ? options.staged : undefined;
    const sums = (kernel && kernelSums(kernel, data, width, height, ch, step, staged)) ??
        jsSums(data, width, height, ch, step);
    return scoreFromSums(sums, W, H, ch);
}
/**
 * The sums through the kernel: on the staged decode (every step-th row read in place), or else
 * on the sampled rows copied into its memory, packed. Undefined when its memory cannot hold them.
 */
function kernelSums(kernel, data, width, height, ch, step, staged) {
    const W = Math.ceil(width / step);
    const H = Math.ceil(height / step);
    const rowBytes = width * ch;
    const luma = staged ? staged.scratch : (0,validators_kernel/* align16 */.vD)(H * rowBytes);
    const out = (0,validators_kernel/* align16 */.vD)(luma + W * H + 16);
    const memory = (0,validators_kernel/* kernelMemory */.t9)(kernel, out + 17 * 8);
    if (!memory)
        return undefined;
    if (!staged) {
        const bytes = new Uint8Array(memory);
        for (let y = 0; y < H; y++) {
            const from = y * step * rowBytes;
            bytes.set(data.subarray(from, from + rowBytes), y * rowBytes);
        }
    }
    const rowStride = staged ? step * rowBytes : rowBytes;
    kernel.sampleSums(0, rowStride, H, W, step * ch, ch, luma, out);
    kernel.laplacianNoise(luma, W, H, out + 15 * 8);
    const v = new Float64Array(memory, out, 17);
    return {
        sumL: v[0],
        sumL2: v[1],
        clippedCount: v[2],
        sumR: v[3],
        sumR2: v[4],
        sumG: v[5],
        sumG2: v[6],
        sumB: v[7],
        sumB2: v[8],
        sumA: v[9],
        sumA2: v[10],
        sumRg: v[11],
        sumRg2: v[12],
        sumYb: v[13],
        sumYb2: v[14],
        lap: v[15],
        noiseSum: v[16],
    };
}
/** The sums in JavaScript: the reference for the kernel, and the fallback without it. */
function jsSums(data, width, height, ch, step) {
    const W = Math.ceil(width / step);
    const H = Math.ceil(height / step);
    const luma = new Uint8Array(W * H);
    const channels = channelSums(data, width, ch, step, W, H, luma);
    const { lap, noiseSum } = interiorSums(luma, W, H);
    return { ...channels, lap, noiseSum };
}
/** Pass 1 over the sample grid: the per-pixel sums, writing each sample's luma into `luma` for pass 2. */
function channelSums(data, width, ch, step, W, H, luma) {
    // Channel sums unrolled into locals: this loop runs on every sampled pixel.
    let sumL = 0, sumL2 = 0, clippedCount = 0;
    let sumR = 0, sumR2 = 0, sumG = 0, sumG2 = 0, sumB = 0, sumB2 = 0, sumA = 0, sumA2 = 0;
    let sumRg = 0, sumRg2 = 0, sumYb2 = 0, sumYb = 0;
    const rowStride = step * width * ch;
    const pixelStride = step * ch;
    let o = 0;
    for (let y = 0, row = 0; y < H; y++, row += rowStride) {
        for (let x = 0, p = row; x < W; x++, p += pixelStride, o++) {
            const r = data[p];
            const g = data[p + 1];
            const b = data[p + 2];
            const l = (77 * r + 150 * g + 29 * b) >> 8;
            luma[o] = l;
            sumL += l;
            sumL2 += l * l;
            if (l < 6 || l > 249)
                clippedCount++;
            sumR += r;
            sumR2 += r * r;
            sumG += g;
            sumG2 += g * g;
            sumB += b;
            sumB2 += b * b;
            if (ch === 4) {
                const a = data[p + 3];
                sumA += a;
                sumA2 += a * a;
            }
            const rg = r - g;
            const yb2 = r + g - 2 * b; // 2 × yb, halved below
            sumRg += rg;
            sumRg2 += rg * rg;
            sumYb += yb2;
            sumYb2 += yb2 * yb2;
        }
    }
    return {
        sumL,
        sumL2,
        clippedCount,
        sumR,
        sumR2,
        sumG,
        sumG2,
        sumB,
        sumB2,
        sumA,
        sumA2,
        sumRg,
        sumRg2,
        sumYb,
        sumYb2,
    };
}
/** Pass 2, one pass over the interior of the W×H luma grid for the Laplacian and Immerkær's noise mask. */
function interiorSums(luma, W, H) {
    let lap = 0;
    let noiseSum = 0;
    for (let y = 1; y < H - 1; y++) {
        const row = y * W;
        for (let x = 1; x < W - 1; x++) {
            const i = row + x;
            const c = luma[i];
            const u = luma[i - W];
            const d = luma[i + W];
            const l = luma[i - 1];
            const r = luma[i + 1];
            lap += Math.abs(4 * c - u - d - l - r);
            const corners = luma[i - W - 1] +
                luma[i - W + 1] +
                luma[i + W - 1] +
                luma[i + W + 1];
            noiseSum += Math.abs(corners - 2 * (u + d + l + r) + 4 * c);
        }
    }
    return { lap, noiseSum };
}
/** The breakdown from the sums over a W×H sample grid: pure arithmetic. */
function scoreFromSums(sums, W, H, ch) {
    const { sumL, sumL2, clippedCount, sumR, sumR2, sumG, sumG2, sumB, sumB2, sumA, sumA2 } = sums;
    const { sumRg, sumRg2, sumYb, sumYb2, lap, noiseSum } = sums;
    const n = W * H;
    const sd = (sum, sum2) => Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2));
    const meanL = sumL / n;
    const sdL = sd(sumL, sumL2);
    const clipped = clippedCount / n;
    const muRg = sumRg / n;
    const muYb = sumYb / n / 2;
    const sdRg = sd(sumRg, sumRg2);
    const sdYb = sd(sumYb, sumYb2) / 2;
    const hasler = Math.sqrt(sdRg * sdRg + sdYb * sdYb) + 0.3 * Math.sqrt(muRg * muRg + muYb * muYb);
    const channelStdDev = [sd(sumR, sumR2), sd(sumG, sumG2), sd(sumB, sumB2)];
    if (ch === 4)
        channelStdDev.push(sd(sumA, sumA2));
    const interior = Math.max(1, (W - 2) * (H - 2));
    const laplacian = lap / interior;
    const noiseSigma = (Math.sqrt(Math.PI / 2) * noiseSum) / (6 * interior);
    const sharpness = 1 - Math.exp(-laplacian / 6);
    const exposure = Math.max(0, 1 - ((meanL - 118) / 118) ** 2) * (1 - Math.min(1, 2 * clipped));
    const contrast = Math.min(1, sdL / 60);
    const colourfulness = 1 - Math.exp(-hasler / 40);
    const noise = Math.max(0, 1 - noiseSigma / 12);
    const w = AESTHETIC_WEIGHTS;
    const score = 10 *
        (w.sharpness * sharpness +
            w.exposure * exposure +
            w.contrast * contrast +
            w.colourfulness * colourfulness +
            w.noise * noise);
    const round = (v) => Math.round(v * 1000) / 1000;
    return {
        score: round(score),
        sharpness: round(sharpness),
        exposure: round(exposure),
        contrast: round(contrast),
        colourfulness: round(colourfulness),
        noise: round(noise),
        raw: {
            laplacian: round(laplacian),
            meanLuma: round(meanL),
            clipped: round(clipped),
            lumaStdDev: round(sdL),
            hasler: round(hasler),
            noiseSigma: round(noiseSigma),
        },
        channelStdDev: channelStdDev.map(round),
    };
}

;// CONCATENATED MODULE: ./build/action-package/src/validators/downsample.js

/**
 * `image` shrunk by the whole factor that brings its longer side to at most `maxSide`, each
 * output pixel the mean of its block per channel (rounded half up; blocks on the right and bottom
 * edges may be narrower and are the mean of the pixels they have). Channels are kept: 3 stays 3,
 * 4 keeps its alpha as a mean too. An image already small enough is returned as it is. Runs in the
 * WebAssembly kernel where it loads; the JavaScript loop is the reference and the fallback.
 */
function boxDownsample(image, maxSide, options = {}) {
    const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
    if (factor === 1)
        return image;
    const width = Math.ceil(image.width / factor);
    const height = Math.ceil(image.height / factor);
    const out = {
        data: Buffer.allocUnsafe(width * height * image.channels),
        width,
        height,
        channels: image.channels,
    };
    // The decode measure.ts copied into the kernel for its own passes, else a copy of ours.
    const staged = (0,validators_kernel/* stagedForBlocks */.S6)(image.data, factor, options);
    if (!staged || !kernelMeans(staged, image, factor, out))
        for (let oy = 0; oy < height; oy++)
            blockRowMeans(image, factor, oy, out);
    return out;
}
/** Row `oy` of the result in plain JavaScript: column sums over the block's rows, then per block. */
function blockRowMeans(image, factor, oy, out) {
    const { data, channels, width: sw, height: sh } = image;
    const rowBytes = sw * channels;
    const columns = new Uint32Array(rowBytes);
    const y0 = oy * factor;
    const rows = Math.min(sh, y0 + factor) - y0;
    for (let y = y0; y < y0 + rows; y++) {
        const row = y * rowBytes;
        for (let i = 0; i < rowBytes; i++)
            columns[i] = columns[i] + data[row + i];
    }
    let o = oy * out.width * channels;
    // Channel sums in locals, as the kernel does: a loop over channels per block cost 3× more.
    for (let px = 0, p = 0; px < sw; px += factor) {
        const n = Math.min(factor, sw - px);
        const area = n * rows;
        const half = area >> 1;
        let r = half;
        let g = half;
        let b = half;
        let a = half;
        for (let k = 0; k < n; k++, p += channels) {
            r += columns[p];
            g += columns[p + 1];
            b += columns[p + 2];
            if (channels === 4)
                a += columns[p + 3];
        }
        out.data[o++] = Math.floor(r / area);
        out.data[o++] = Math.floor(g / area);
        out.data[o++] = Math.floor(b / area);
        if (channels === 4)
            out.data[o++] = Math.floor(a / area);
    }
}
/**
 * The same through the kernel, over the staged decode, in one call: per band of rows the column
 * sums (SIMD), then each block's channel sums in 32-bit lanes. False when the kernel's memory
 * cannot hold the work space.
 */
function kernelMeans(staged, image, factor, out) {
    const { kernel, scratch: acc } = staged;
    const { channels, width: sw, height: sh } = image;
    // 16 bytes past the sums: a block's last load reads a little beyond its pixel (kernel.wat).
    const means = (0,validators_kernel/* align16 */.vD)(acc + sw * channels * 2 + 16);
    const bytes = out.width * out.height * channels;
    // One byte more: a 3-channel block is stored as 4 bytes, the next block overwriting the 4th.
    const memory = (0,validators_kernel/* kernelMemory */.t9)(kernel, means + bytes + 1);
    if (!memory)
        return false;
    kernel.boxMeans(0, sw, sh, channels, factor, acc, means);
    out.data.set(new Uint8Array(memory, means, bytes));
    return true;
}
/**
 * The review gallery's picture of a full decode (sRGB, 3 or 4 channels), shrunk to at most
 * `maxSide` px a side; undefined when none is asked for, or when the picture on display is not the
 * decode as it stands (see decodedUpright). Made from the pixels QA has in hand: the gallery's own
 * decode and resize of each blob cost `genops qa` a third of its time.
 */
function reviewPicture(image, bytes, orientation, maxSide, staged) {
    if (!maxSide || !decodedUpright(bytes, orientation))
        return undefined;
    return boxDownsample(image, maxSide, { staged });
}
/**
 * Whether the decode is the picture as people see it, orientation included: libvips leaves EXIF
 * orientation to the caller (libheif applies AVIF's own). False when the bytes carry an EXIF
 * orientation other than upright (JPEG and anything libvips' header told), or any EXIF at all in
 * a PNG (`eXIf` chunk before the pixels) or a WebP (VP8X EXIF flag), whose orientation is not read
 * here: such images are shrunk from their bytes instead, by a pipeline that turns them.
 */
function decodedUpright(bytes, orientation) {
    if (orientation !== undefined && orientation !== 1)
        return false;
    if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) {
        // Chunks: length (4), type (4), data, CRC (4); EXIF counts only before the pixel data.
        for (let at = 8; at + 8 <= bytes.length;) {
            const type = bytes.toString('latin1', at + 4, at + 8);
            if (type === 'eXIf')
                return false;
            if (type === 'IDAT' || type === 'IEND')
                return true;
            at += 12 + bytes.readUInt32BE(at);
        }
        return true;
    }
    if (bytes.length >= 21 &&
        bytes.toString('latin1', 0, 4) === 'RIFF' &&
        bytes.toString('latin1', 8, 16) === 'WEBPVP8X')
        return (bytes[20] & 0x08) === 0;
    return true;
}

// EXTERNAL MODULE: ./build/action-package/src/validators/grey.js
var grey = __webpack_require__(97792);
;// CONCATENATED MODULE: ./build/action-package/src/validators/measure.js






/** Bump when a measurement's meaning changes: cached measurements of the old version are ignored. */
const MEASUREMENT_VERSION = 1;
/** Longest side of the shrunk image every pixel check works from. */
const SHRUNK_SIZE = 256;
/**
 * Images decoded at once. libuv's default pool has 4 threads and sharp decodes on them: 4 keeps the
 * pool busy while the main thread scores the previous image, even on a 2-core machine.
 */
const QA_CONCURRENCY = 4;
/**
 * Decodes an image once, fully (so a truncated file fails), refusing more than `maxPixels` before
 * decoding (decompression bombs), and measures it on a nearest-neighbour sample of at most
 * SHRUNK_SIZE px a side, taken in the same pass as the statistics. Sampling the full decode in JS is
 * cheaper than a second resampling pass in libvips (measured in-process when it was written). `keepPixels` also
 * returns the sample as an image, for checks that need pixels (similarity, NSFW).
 */
async function decodeAndMeasure(bytes, maxPixels, options = {}) {
    const measurement = { version: MEASUREMENT_VERSION, bytes: bytes.length };
    // Loaded on first decode: a rerun whose measurements are all cached never pays sharp's start-up.
    const { default: sharp } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 42482));
    const decode = (convert) => {
        let image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' });
        if (convert)
            image = image.toColourspace('srgb');
        return image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    };
    // A second pass over the header (sharp's metadata()) cost a fifth of QA throughput: for PNG,
    // WebP and AVIF the facts the checks need follow from the magic bytes and the decode itself.
    // JPEG (CMYK is possible) and anything unrecognised still ask libvips, side by side with the decode.
    const sniffed = sniffFormat(bytes);
    const [header, pixels] = await Promise.allSettled([
        sniffed && sniffed !== 'jpeg'
            ? Promise.resolve(undefined)
            : sharp(bytes, { limitInputPixels: false }).metadata(),
        decode(false),
    ]);
    if (header.status === 'rejected') {
        measurement.decodeError = `not a readable image: ${(0,errors/* errorMessage */.gJ)(header.reason)}`;
        return { measurement };
    }
    const meta = header.value;
    if (meta) {
        Object.assign(measurement, {
            format: meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heif') : meta.format,
            width: meta.width,
            height: meta.height,
            space: meta.space,
            hasAlpha: meta.hasAlpha,
        });
        const count = (meta.width ?? 0) * (meta.height ?? 0);
        if (count > maxPixels) {
            measurement.decodeError = `${meta.width}x${meta.height} = ${count} pixels is over the limit of ${maxPixels}; not decoded`;
            return { measurement };
        }
    }
    try {
        if (pixels.status === 'rejected')
            throw pixels.reason;
        let { data, info } = pixels.value;
        if (!meta) {
            // libvips decodes PNG, WebP and AVIF as sRGB, or as greyscale with 1–2 bands.
            const grey = info.channels < 3;
            Object.assign(measurement, {
                format: sniffed,
                width: info.width,
                height: info.height,
                space: grey ? 'b-w' : 'srgb',
                hasAlpha: info.channels === 2 || info.channels === 4,
            });
        }
        // Pixel statistics are defined on 8-bit sRGB: anything else is decoded again, converted.
        if (measurement.space !== 'srgb' || info.channels < 3) {
            const first = data;
            ({ data, info } = await decode(true));
            (0,core_image/* releaseNow */.U)(first);
        }
        const image = {
            data,
            width: info.width,
            height: info.height,
            channels: info.channels >= 4 ? 4 : 3,
        };
        const { aesthetic, ...passes } = pixelPasses(image, info.channels, bytes, meta?.orientation, options);
        measurement.aesthetic = aesthetic;
        return { measurement, ...passes };
    }
    catch (error) {
        const message = (0,errors/* errorMessage */.gJ)(error);
        if (/exceeds pixel limit/i.test(message)) {
            const dims = await sharp(bytes, { limitInputPixels: false })
                .metadata()
                .catch(() => undefined);
            Object.assign(measurement, { format: sniffed, width: dims?.width, height: dims?.height });
            const count = (dims?.width ?? 0) * (dims?.height ?? 0);
            measurement.decodeError = `${dims?.width}x${dims?.height} = ${count} pixels is over the limit of ${maxPixels}; not decoded`;
        }
        else {
            measurement.decodeError = `decode failed (truncated or corrupt): ${message}`;
        }
        return { measurement };
    }
}
/**
 * Every pass over one 8-bit sRGB decode (`sourceChannels` as decoded, 3 or 4 and more): the
 * aesthetic sums, and the shrunk sample, grey thumbnail and review picture that were asked for.
 * Frees the decode afterwards unless a result is the decode itself.
 */
function pixelPasses(image, sourceChannels, bytes, orientation, options) {
    const { data, width, height } = image;
    const step = Math.max(1, Math.ceil(Math.max(width, height) / SHRUNK_SIZE));
    // One copy into the kernel for every pass that reads the whole decode.
    const staged = options.thumbnail || options.review ? (0,validators_kernel/* stagePixels */.io)(data) : undefined;
    const aesthetic = aestheticOfSample(data, width, height, sourceChannels, step, { staged });
    const shrunk = options.keepPixels ? subsample(image, sourceChannels) : undefined;
    // Block means over every pixel: a nearest-neighbour sample aliases fine texture, and SSIM on
    // it called a JPEG q80 re-encode of a textured picture "changed" (0.969, measured).
    const thumbnail = options.thumbnail ? (0,grey/* greyThumbnail */.cC)(image, { staged }) : undefined;
    const review = reviewPicture(image, bytes, orientation, options.review, staged);
    // The decode is done with unless a result is the decode itself (an image already small enough).
    if (shrunk?.data !== data && review?.data !== data)
        (0,core_image/* releaseNow */.U)(data);
    return { aesthetic, shrunk, thumbnail, review };
}
/** The format from the first bytes, for the formats whose decode tells the rest. */
function sniffFormat(bytes) {
    if (bytes.length < 12)
        return undefined;
    if (bytes.readUInt32BE(0) === 0x89504e47)
        return 'png';
    if (bytes[0] === 0xff && bytes[1] === 0xd8)
        return 'jpeg';
    if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
        return 'webp';
    if (bytes.toString('latin1', 4, 8) === 'ftyp' && /^avi[fs]$/.test(bytes.toString('latin1', 8, 12)))
        return 'avif';
    return undefined;
}
/** Nearest-neighbour subsample to at most SHRUNK_SIZE on the longest side, keeping 3 or 4 channels. */
function subsample(image, sourceChannels) {
    const { data, width, height } = image;
    const channels = sourceChannels >= 4 ? 4 : 3;
    const step = Math.max(1, Math.ceil(Math.max(width, height) / SHRUNK_SIZE));
    if (step === 1 && sourceChannels === channels)
        return { data, width, height, channels };
    const w = Math.ceil(width / step);
    const h = Math.ceil(height / step);
    const out = Buffer.allocUnsafe(w * h * channels);
    const rowStride = step * width * sourceChannels;
    const pixelStride = step * sourceChannels;
    let o = 0;
    // Separate loops per layout: this runs on a million source pixels per image.
    if (channels === 4) {
        for (let y = 0, row = 0; y < h; y++, row += rowStride) {
            for (let x = 0, p = row; x < w; x++, p += pixelStride) {
                out[o++] = data[p];
                out[o++] = data[p + 1];
                out[o++] = data[p + 2];
                out[o++] = data[p + 3];
            }
        }
    }
    else {
        for (let y = 0, row = 0; y < h; y++, row += rowStride) {
            for (let x = 0, p = row; x < w; x++, p += pixelStride) {
                out[o++] = data[p];
                out[o++] = data[p + 1];
                out[o++] = data[p + 2];
            }
        }
    }
    return { data: out, width: w, height: h, channels };
}

// EXTERNAL MODULE: ./build/action-package/src/validators/policy.js
var policy = __webpack_require__(3773);
// EXTERNAL MODULE: ./build/action-package/src/validators/similarity.js
var similarity = __webpack_require__(37788);
;// CONCATENATED MODULE: ./build/action-package/src/validators/technical.js
/**
 * Technical validation of one image from its measurement: pure, so verdicts can be recomputed from
 * cached measurements when only thresholds change.
 */
function technicalChecks(m, request, qa) {
    const checks = [];
    const gate = (id, passed, value, threshold, reason) => checks.push({
        id: `technical.${id}`,
        passed,
        value,
        threshold,
        reason: passed ? undefined : reason,
        severity: 'gate',
    });
    const pixels = (m.width ?? 0) * (m.height ?? 0);
    gate('pixels', pixels <= qa.maxPixels, pixels, qa.maxPixels, `image has ${pixels} pixels, over the limit`);
    gate('decode', !m.decodeError, m.decodeError ? 'failed' : 'ok', 'full decode', m.decodeError ?? '');
    if (m.width === undefined || m.height === undefined)
        return checks;
    const wanted = `${request.width}x${request.height}`;
    const got = `${m.width}x${m.height}`;
    gate('dimensions', got === wanted, got, wanted, `expected ${wanted}, got ${got}`);
    gate('format', m.format === request.format, m.format ?? 'unknown', request.format, `expected ${request.format}, got ${m.format}`);
    if (qa.maxBytes !== undefined) {
        gate('bytes', m.bytes <= qa.maxBytes, m.bytes, qa.maxBytes, `${m.bytes} bytes is over the budget of ${qa.maxBytes}`);
    }
    if (qa.colorSpace === 'srgb') {
        gate('colorSpace', m.space === 'srgb', m.space ?? 'unknown', 'srgb', `colour space is ${m.space}, expected sRGB`);
    }
    if (qa.alpha !== 'any') {
        const ok = qa.alpha === 'required' ? m.hasAlpha === true : m.hasAlpha !== true;
        const reason = qa.alpha === 'required' ? 'image has no alpha channel' : 'image has an alpha channel';
        gate('alpha', ok, m.hasAlpha ?? false, qa.alpha, reason);
    }
    if (m.aesthetic) {
        const spread = Math.max(...m.aesthetic.channelStdDev.slice(0, 3));
        gate('blank', spread >= qa.minStdDev, round2(spread), qa.minStdDev, 'image is blank or a single uniform colour');
    }
    return checks;
}
function aestheticCheck(m, qa) {
    if (!m.aesthetic)
        return undefined;
    const passed = m.aesthetic.score >= qa.minAesthetic;
    return {
        id: 'aesthetic.score',
        passed,
        value: m.aesthetic.score,
        threshold: qa.minAesthetic,
        reason: passed ? undefined : `offline aesthetic score ${m.aesthetic.score} is below ${qa.minAesthetic}`,
        severity: 'gate',
    };
}
function round2(v) {
    return Math.round(v * 100) / 100;
}

// EXTERNAL MODULE: ./build/action-package/src/layers/context.js
var context = __webpack_require__(71241);
// EXTERNAL MODULE: ./build/action-package/src/layers/gallery.js
var gallery = __webpack_require__(85480);
// EXTERNAL MODULE: ./build/action-package/src/layers/image-runtime.js
var image_runtime = __webpack_require__(58134);
// EXTERNAL MODULE: ./build/action-package/src/layers/run-folder.js
var run_folder = __webpack_require__(27496);
// EXTERNAL MODULE: ./build/action-package/src/layers/store.js + 1 modules
var store = __webpack_require__(13656);
;// CONCATENATED MODULE: ./build/action-package/src/layers/qa.js






















/**
 * Makes a blob's review gallery image from the pixels its measuring decode has in hand, unless the
 * run folder has it already. The encode is awaited in the job's slot, so no more shrunk images wait
 * than decodes run; the file is written off the slot. A failure only warns: the report layer then
 * makes the image from the blob.
 */
async function keepGalleryImage(run, blob, review) {
    try {
        const image = await (0,derivatives/* encodeReviewImage */.of)(review);
        startWrite(run, (0,gallery/* writeGalleryImage */.JB)(run.ctx.runDir, blob, image).then(() => undefined, (error) => run.ctx.log.warn(`gallery image of ${blob.slice(0, 12)}: ${(0,errors/* errorMessage */.gJ)(error)}`)));
    }
    catch (error) {
        run.ctx.log.warn(`gallery image of ${blob.slice(0, 12)}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** A blob's kept grey thumbnail: one being written this run, or else from the cache. */
function keptThumbnail(run, blob) {
    return run.thumbsInFlight.get(blob) ?? run.thumbnails.get(blob);
}
/** Keeps a blob's grey thumbnail; the file is written off the main thread. */
function keepThumbnail(run, blob, thumbnail) {
    run.thumbsInFlight.set(blob, thumbnail);
    startWrite(run, run.thumbnails.store(blob, thumbnail).finally(() => run.thumbsInFlight.delete(blob)));
}
/** Starts a cache write without waiting for it; a failure surfaces when the layer awaits them. */
function startWrite(run, write) {
    // Settled at once so a failure is not an unhandled rejection before the layer awaits it.
    run.writes.push(write.then(() => undefined, (error) => ({ error })));
}
/** Waits for every cache write started; throws the first failure. */
async function finishWrites(run) {
    for (const outcome of await Promise.all(run.writes))
        if (outcome && typeof outcome === 'object' && 'error' in outcome)
            throw outcome.error;
}
/**
 * Layer 3: synthesis.json → qa.json. Each image is decoded once and its measurement cached by the
 * blob's hash; pixel gates (NSFW, CLIP, judge, moderation, perceptual hash) run only where
 * configured and are cached by blob and inputs too, so a rerun decodes nothing. Verdicts are
 * recomputed every time from the cached facts: thresholds may have changed.
 */
async function qaLayer(ctx) {
    const stop = (0,run_folder/* startTimer */.Ip)();
    const plan = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'plan');
    await (0,store/* useSharedStore */._)(ctx, plan);
    const synthesis = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'synthesis');
    const previous = await (0,lockfile/* readLockfile */.GQ)(ctx.lockfilePath);
    const run = {
        ctx,
        policy: plan.policy ?? {},
        measurements: new json_index/* JsonIndex */.Z(ctx.workspace.paths.measure),
        gates: new json_index/* JsonIndex */.Z(ctx.workspace.paths.gates),
        thumbnails: new ThumbnailCache(ctx.workspace.paths.thumbs),
        lastBlobs: new Map(Object.entries(previous.assets).map(([id, locked]) => [id, locked.blob])),
        decisions: await (0,decisions/* readDecisions */.uY)((0,decisions/* decisionsPath */.FP)(ctx.lockfilePath)),
        planned: new Map(plan.jobs.map((job) => [job.key, job])),
        writes: [],
        thumbsInFlight: new Map(),
    };
    const assetOf = new Map(plan.assets.map((a) => [a.id, a]));
    const jobs = {};
    const hashes = [];
    const hashesOf = new Map();
    const verdictOf = assetVerdicts(run, jobs);
    // Without duplicate checks across assets, an asset's verdict needs only its own jobs: it starts as
    // soon as they are checked, so its comparison with the previous version (SSIM and diff on the main
    // thread) overlaps the decodes of later jobs on libuv's threads instead of following them all.
    const across = plan.assets.some((a) => a.gates.similarity?.acrossAssets);
    const unchecked = new Map(plan.assets.map((a) => [a.id, a.jobs.length]));
    const queue = new dist/* default */.Ay({ concurrency: QA_CONCURRENCY });
    let done = 0;
    await Promise.all(plan.jobs.map((job) => queue.add(async () => {
        const asset = assetOf.get(job.asset);
        const { qa, hash } = await checkJob(run, job, asset, synthesis.entries[job.key]);
        jobs[job.key] = qa;
        if (hash) {
            const hashed = { key: job.key, asset: job.asset, variant: job.variant, hash };
            hashes.push(hashed);
            hashesOf.set(job.asset, [...(hashesOf.get(job.asset) ?? []), hashed]);
        }
        ctx.log.progress('checking', ++done, plan.jobs.length);
        const left = (unchecked.get(asset.id) ?? 1) - 1;
        unchecked.set(asset.id, left);
        if (!across && left === 0) {
            addDuplicateChecks([asset], jobs, hashesOf.get(asset.id) ?? []);
            verdictOf(asset);
        }
    })));
    if (across)
        addDuplicateChecks(plan.assets, jobs, hashes);
    const assets = await Promise.all(plan.assets.map(verdictOf));
    await finishWrites(run);
    const passed = assets.filter((a) => a.verdict === 'pass').length;
    const report = {
        schema: 'genops/qa@1',
        manifestHash: plan.manifestHash,
        jobs: Object.fromEntries(plan.jobs.map((j) => [j.key, jobs[j.key]])),
        assets,
        counts: { assets: assets.length, passed, failed: assets.length - passed },
        timings: stop(),
    };
    await (0,run_folder/* writeRunFile */.XY)(ctx.runDir, 'qa', report);
    ctx.log.info(`qa: ${passed} passed, ${assets.length - passed} failed (${report.timings.durationMs} ms)`);
    return report;
}
/**
 * One job's QA: measure (cached by blob) → technical checks → each wanted gate (cached by gate, blob
 * and inputs). The hash is returned for the duplicate checks made once every job is in.
 */
async function checkJob(run, job, asset, entry) {
    if (!entry?.blob)
        return { qa: jobQa(job, missingImageChecks(job, entry)) };
    const blob = entry.blob;
    const subject = { job, asset, policy: run.policy };
    const wanted = validators_gates/* GATES */.JH.filter((gate) => gate.wanted(subject));
    const images = new BlobImages(run, blob, entry.mediaType ?? 'image/png', asset.qa.maxPixels, {
        pixels: wanted.some((gate) => gate.needs === 'pixels'),
        // The thumbnail serves the hash and the comparison with the previous approved version, now or in
        // a later run once this image is approved: made from this decode and kept, it spares decoding
        // either image again for that (on 1024² PNGs it costs a tenth of a decode; decoding the previous
        // version instead doubled the QA of changed assets).
        thumbnail: true,
    });
    const measureKey = `${blob}-v${MEASUREMENT_VERSION}`;
    let measurement = await run.measurements.get(measureKey);
    if (!measurement) {
        try {
            await (0,image_runtime/* prepareImageBatch */.x)();
            run.gallery ??= (0,gallery/* listGallery */.l0)(run.ctx.runDir);
            measurement = await images.measure(!(await run.gallery).has(blob));
        }
        catch (error) {
            const reason = `image ${blob} unavailable in ${run.ctx.workspace.blobs.location}: ${(0,errors/* errorMessage */.gJ)(error)}`;
            return { qa: jobQa(job, [{ id: 'store', passed: false, reason, severity: 'gate' }], {}, blob) };
        }
        // Only decodable images are cached: a pixel-limit refusal depends on the threshold.
        if (!measurement.decodeError)
            startWrite(run, run.measurements.set(measureKey, measurement));
    }
    const checks = technicalChecks(measurement, job.request, asset.qa);
    const aesthetic = aestheticCheck(measurement, asset.qa);
    if (aesthetic)
        checks.push(aesthetic);
    const scores = {};
    if (measurement.aesthetic)
        scores.aesthetic = measurement.aesthetic.score;
    if (measurement.decodeError)
        return { qa: jobQa(job, checks, scores, blob) };
    for (const gate of validators_gates/* GATES */.JH)
        if (!wanted.includes(gate))
            checks.push(...gate.skipped(subject));
    const records = await runGates(run, subject, wanted, images);
    for (const record of records) {
        checks.push(...record.checks);
        Object.assign(scores, record.scores);
    }
    const hash = records.find((record) => record.hash !== undefined)?.hash;
    return { qa: jobQa(job, checks, scores, blob), hash };
}
/** A job's QA from its checks after its plan-time prompt checks: it passes when no gate failed. */
function jobQa(job, checks, scores = {}, blob) {
    const all = [...(job.policy ?? []), ...checks];
    return {
        key: job.key,
        asset: job.asset,
        variant: job.variant,
        blob,
        checks: all,
        scores,
        verdict: all.every((c) => c.passed || c.severity === 'info') ? 'pass' : 'fail',
    };
}
/** Why a job has no image: a blocked prompt says it already, else the back end's refusal or failure. */
function missingImageChecks(job, entry) {
    if (job.policy?.some((c) => !c.passed))
        return [];
    const check = (0,policy/* refusalCheck */.xA)(entry?.failure) ?? {
        id: 'synthesis',
        passed: false,
        value: entry?.failure?.kind ?? 'missing',
        reason: entry?.failure?.message ?? 'no synthesis result for this job; run `genops synthesize`',
        severity: 'gate',
    };
    return [check];
}
/**
 * The wanted gates in registry order, each record from the cache when this gate version saw this
 * blob with these inputs. An image that no longer decodes (measured under a higher pixel limit)
 * fails the job there, as a failed decode check, instead of running the rest.
 */
async function runGates(run, subject, gates, images) {
    const environment = { env: run.ctx.env, baseDir: (0,context/* baseDirOf */.Gz)(run.ctx) };
    const records = [];
    for (const gate of gates) {
        const bound = gate.bind(subject);
        const key = bound.key(images.blob);
        const hit = await run.gates.get(key);
        if (hit) {
            records.push(hit);
            continue;
        }
        const record = await bound.run(images, environment);
        if (!record) {
            const reason = `image ${images.blob} no longer decodes: ${images.decodeError ?? 'unknown error'}`;
            const failure = {
                id: 'technical.decode',
                passed: false,
                value: 'failed',
                threshold: 'full decode',
                reason,
                severity: 'gate',
            };
            return [...records, { checks: [failure], scores: {} }];
        }
        if ((0,validators_gates/* isCacheable */.TZ)(record))
            startWrite(run, run.gates.set(key, record));
        records.push(record);
    }
    return records;
}
/**
 * One blob's bytes, shrunk pixels and grey thumbnail, each fetched or decoded at most once and only
 * when asked for. The measuring decode keeps the pixels and thumbnail the wanted gates will need.
 */
class BlobImages {
    run;
    blob;
    mediaType;
    maxPixels;
    keep;
    encoded;
    shrunk;
    grey;
    /** Why the last decode failed, if it did. */
    decodeError;
    constructor(run, blob, mediaType, maxPixels, keep) {
        this.run = run;
        this.blob = blob;
        this.mediaType = mediaType;
        this.maxPixels = maxPixels;
        this.keep = keep;
    }
    /** The measuring decode; with `review`, it also makes the blob's gallery image from its pixels. */
    measure(review) {
        return this.decode({
            keepPixels: this.keep.pixels,
            thumbnail: this.keep.thumbnail,
            review: review ? gallery/* GALLERY_SIDE */.tA : undefined,
        });
    }
    async bytes() {
        return { bytes: await this.encodedBytes(), mediaType: this.mediaType };
    }
    async pixels() {
        if (!this.shrunk)
            await this.decode({ keepPixels: true, thumbnail: this.keep.thumbnail });
        return this.shrunk;
    }
    async thumbnail() {
        this.grey ??= keptThumbnail(this.run, this.blob);
        if (!this.grey)
            await this.decode({ keepPixels: false, thumbnail: true });
        return this.grey;
    }
    async encodedBytes() {
        this.encoded ??= await this.run.ctx.workspace.blobs.get(this.blob);
        return this.encoded;
    }
    async decode(options) {
        const decoded = await decodeAndMeasure(await this.encodedBytes(), this.maxPixels, options);
        this.shrunk ??= decoded.shrunk;
        this.decodeError = decoded.measurement.decodeError;
        if (decoded.thumbnail && !this.grey) {
            this.grey = decoded.thumbnail;
            keepThumbnail(this.run, this.blob, decoded.thumbnail);
        }
        if (decoded.review) {
            await keepGalleryImage(this.run, this.blob, decoded.review);
            // Encoded: freed now unless it is also the decode kept for the gates (an image small enough
            // to be its own review picture). Left to the collector, these 0.8 MB pictures made a first
            // QA of 300 1024² images run 23 full collections instead of 8 (wall 0.92×, CPU 0.89× freed).
            if (decoded.review.data !== this.shrunk?.data)
                (0,core_image/* releaseNow */.U)(decoded.review.data);
        }
        return decoded.measurement;
    }
}
/**
 * Near-duplicates by perceptual hash: among an asset's variants always (reported), across assets
 * when an asset's `qa.similarity` asks for it.
 */
function addDuplicateChecks(assets, jobs, hashes) {
    const byAsset = new Map();
    for (const h of hashes)
        byAsset.set(h.asset, [...(byAsset.get(h.asset) ?? []), h]);
    const across = assets.find((a) => a.gates.similarity?.acrossAssets)?.gates;
    const groups = across ? [hashes] : [...byAsset.values()];
    for (const group of groups) {
        if (group.length < 2)
            continue;
        const checks = (0,similarity/* duplicateChecks */.Dq)(group, {
            maxDistance: across?.similarity?.maxDistance,
            acrossAssets: across?.similarity?.acrossAssets,
        });
        for (const [key, check] of checks) {
            const job = jobs[key];
            job.checks.push(check);
            if (!check.passed && check.severity !== 'info')
                job.verdict = 'fail';
        }
    }
}
/**
 * Each asset's verdict, started once when first asked for: its choice among its candidates, then its
 * comparison with its last approved version, QA_CONCURRENCY comparisons at a time (each makes a
 * diff image, and may decode the previous image).
 */
function assetVerdicts(run, jobs) {
    const queue = new dist/* default */.Ay({ concurrency: QA_CONCURRENCY });
    const started = new Map();
    return (asset) => {
        let verdict = started.get(asset.id);
        if (!verdict) {
            verdict = assetVerdict(run, asset, jobs, queue);
            // Awaited with the others at the end; until then a failure must not count as unhandled.
            verdict.catch(() => undefined);
            started.set(asset.id, verdict);
        }
        return verdict;
    };
}
async function assetVerdict(run, asset, jobs, queue) {
    const candidates = asset.jobs.map((key) => jobs[key]);
    const candidateJobs = asset.jobs.map((key) => run.planned.get(key));
    const selection = selectWithDecisions(asset, candidateJobs, candidates, run.decisions.assets[asset.id]);
    // Approved gates count as passed in qa.json too, naming who approved them.
    for (const reviewed of selection.candidates)
        jobs[reviewed.key] = reviewed;
    for (const note of selection.human?.notes ?? [])
        run.ctx.log.warn(`qa: ${note}`);
    const chosen = selection.chosen ? jobs[selection.chosen] : undefined;
    const verdict = {
        id: asset.id,
        chosen: selection.chosen,
        verdict: chosen ? 'pass' : 'fail',
        reasons: selection.reasons,
        change: 'new',
        ...(selection.human ? { human: selection.human } : {}),
    };
    const lastBlob = run.lastBlobs.get(asset.id);
    if (lastBlob) {
        verdict.previous = lastBlob;
        Object.assign(verdict, await queue.add(() => compareToPrevious(run, asset, chosen, lastBlob)));
    }
    return verdict;
}
/** new / changed / unchanged against the last approved version, with SSIM and a diff image. */
async function compareToPrevious(run, asset, chosen, lastBlob) {
    if (!chosen?.blob)
        return { change: 'changed' };
    if (chosen.blob === lastBlob)
        return { change: 'unchanged', ssim: 1 };
    const { ctx } = run;
    try {
        const [now, before] = await Promise.all([chosen.blob, lastBlob].map((blob) => thumbnailOfBlob(run, blob, asset.qa.maxPixels)));
        if (!now || !before)
            return { change: 'changed' };
        const { compareWithPrevious } = await __webpack_require__.e(/* import() */ 959).then(__webpack_require__.bind(__webpack_require__, 54959));
        const similarity = asset.gates.similarity;
        const outcome = await compareWithPrevious(now, before, {
            unchangedSsim: similarity?.unchangedSsim,
            unchangedLocalSsim: similarity?.unchangedLocalSsim,
        });
        chosen.checks.push(outcome.check);
        let diff;
        if (outcome.diffPng) {
            diff = external_node_path_.join('diffs', `${asset.id}.png`);
            await (0,atomic/* mkdirp */.Gu)(external_node_path_.dirname(external_node_path_.join(ctx.runDir, diff)));
            await (0,promises_.writeFile)(external_node_path_.join(ctx.runDir, diff), outcome.diffPng);
        }
        return { change: outcome.verdict === 'unchanged' ? 'unchanged' : 'changed', ssim: outcome.ssim, diff };
    }
    catch (error) {
        // The previous blob may not be in this store (e.g. a fresh CI cache): the bytes differ, so it changed.
        ctx.log.warn(`${asset.id}: could not compare with the previous version (${(0,errors/* errorMessage */.gJ)(error)})`);
        return { change: 'changed' };
    }
}
/** A blob's grey thumbnail: from the thumbnail cache, or else decoded and cached. Undefined when it does not decode. */
async function thumbnailOfBlob(run, blob, maxPixels) {
    const cached = keptThumbnail(run, blob);
    if (cached)
        return cached;
    const source = await run.ctx.workspace.blobs.get(blob);
    const { thumbnail } = await decodeAndMeasure(source, maxPixels, { thumbnail: true });
    if (thumbnail)
        keepThumbnail(run, blob, thumbnail);
    return thumbnail;
}


/***/ }),

/***/ 13656:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _: () => (/* binding */ useSharedStore)
});

;// CONCATENATED MODULE: ./build/action-package/src/store/tiered-blob-store.js
/**
 * A local store in front of a shared one (S3): reads come from the local copy when it has one and
 * are copied down otherwise; writes go to both, the shared store first, so a blob the lockfile names
 * is never only on this machine.
 */
class TieredBlobStore {
    local;
    shared;
    constructor(local, shared) {
        this.local = local;
        this.shared = shared;
    }
    get location() {
        return `${this.local.location} + ${this.shared.location}`;
    }
    async has(sha256) {
        return (await this.local.has(sha256)) || this.shared.has(sha256);
    }
    async get(sha256) {
        if (await this.local.has(sha256)) {
            try {
                return await this.local.get(sha256);
            }
            catch {
                // A damaged local copy: the shared store has the true bytes.
            }
        }
        const bytes = await this.shared.get(sha256);
        await this.local.put(bytes);
        return bytes;
    }
    /**
     * The local copy decides when it is whole; a damaged one is quarantined (by the local store) and
     * fetched again from the shared store, which is the copy the lockfile relies on.
     */
    async verify(sha256, options) {
        const local = await this.local.verify(sha256, options);
        if (local.status === 'ok')
            return local;
        const shared = await this.shared.verify(sha256);
        if (shared.status !== 'ok')
            return local.status === 'corrupt' ? local : shared;
        if (local.status === 'missing')
            return shared;
        if (local.status !== 'corrupt')
            return local;
        await this.local.put(await this.shared.get(sha256));
        return { ...local, status: 'repaired', from: this.shared.location };
    }
    async put(bytes) {
        const sha = await this.shared.put(bytes);
        await this.local.put(bytes);
        return sha;
    }
}

;// CONCATENATED MODULE: ./build/action-package/src/layers/store.js

/**
 * Puts the manifest's shared store (S3) behind the local one, once per context. Layers call it
 * after reading plan.json, which carries the store configuration. The AWS SDK loads only here.
 */
async function useSharedStore(ctx, plan) {
    if (!plan.store || ctx.workspace.blobs instanceof TieredBlobStore)
        return;
    const { S3BlobStore } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(143)]).then(__webpack_require__.bind(__webpack_require__, 15143));
    ctx.workspace.blobs = new TieredBlobStore(ctx.workspace.blobs, S3BlobStore.fromTarget(plan.store, { env: ctx.env }));
}


/***/ })

};
