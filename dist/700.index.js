export const id = 700;
export const ids = [700];
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

/***/ 97700:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PROCEDURAL_VERSION: () => (/* binding */ PROCEDURAL_VERSION),
  createProceduralGenerator: () => (/* binding */ createProceduralGenerator),
  paletteFor: () => (/* binding */ paletteFor),
  rendersInFlight: () => (/* binding */ rendersInFlight),
  sceneSvg: () => (/* binding */ sceneSvg),
  shapesFor: () => (/* binding */ shapesFor)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/p-queue/dist/index.js + 4 modules
var dist = __webpack_require__(19052);
// EXTERNAL MODULE: ./build/action-package/src/core/formats.js
var formats = __webpack_require__(54583);
// EXTERNAL MODULE: ./build/action-package/src/core/image.js
var core_image = __webpack_require__(32462);
;// CONCATENATED MODULE: ./build/action-package/src/core/random.js
/** mulberry32: a tiny, fast pseudo-random generator giving the same sequence on every platform. */
function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// EXTERNAL MODULE: ./build/action-package/src/generators/generator.js
var generator = __webpack_require__(715);
;// CONCATENATED MODULE: ./build/action-package/src/generators/procedural.js






/**
 * The built-in offline generator: a procedural stand-in, NOT an AI model. It draws an SVG scene
 * whose palette and shapes come from the prompt's words (named colours are used as given, other words
 * pick hues by hash; "sun", "mountain", "city", "sea", "star", "forest"… pick shapes), rasterised by
 * sharp. Same job, same bytes: it needs no network and no key, so examples and tests run anywhere.
 */
const PROCEDURAL_VERSION = '1';
const NAMED_COLOURS = {
    red: '#d7263d',
    crimson: '#dc143c',
    scarlet: '#ff2400',
    orange: '#f46036',
    amber: '#ffbf00',
    gold: '#e2b007',
    golden: '#e2b007',
    yellow: '#f9dc5c',
    lime: '#9ef01a',
    green: '#2e933c',
    emerald: '#50c878',
    olive: '#708238',
    teal: '#1b998b',
    cyan: '#00bcd4',
    turquoise: '#40e0d0',
    aqua: '#00ffff',
    blue: '#1e5eff',
    navy: '#1b2a49',
    indigo: '#4b0082',
    violet: '#8f00ff',
    purple: '#6a0dad',
    magenta: '#d61c8c',
    pink: '#ff8fab',
    rose: '#ff66a3',
    brown: '#7b4b2a',
    beige: '#e8d8b0',
    tan: '#d2b48c',
    white: '#f7f7f2',
    ivory: '#fffff0',
    cream: '#fff5d6',
    grey: '#8d99ae',
    gray: '#8d99ae',
    silver: '#c0c0c8',
    black: '#111318',
    charcoal: '#2b2d42',
    sepia: '#704214',
    coral: '#ff7f50',
    salmon: '#fa8072',
    mint: '#98ff98',
    lavender: '#b57edc',
    peach: '#ffcba4',
    sky: '#87ceeb',
    ocher: '#cc7722',
    ochre: '#cc7722',
    neon: '#39ff14',
};
const SHAPE_WORDS = {
    sun: 'sun',
    moon: 'sun',
    planet: 'sun',
    circle: 'sun',
    orb: 'sun',
    sunset: 'sun',
    sunrise: 'sun',
    dawn: 'sun',
    dusk: 'sun',
    mountain: 'mountains',
    mountains: 'mountains',
    peak: 'mountains',
    hills: 'mountains',
    volcano: 'mountains',
    city: 'city',
    skyline: 'city',
    building: 'city',
    buildings: 'city',
    tower: 'city',
    street: 'city',
    town: 'city',
    sea: 'waves',
    ocean: 'waves',
    wave: 'waves',
    waves: 'waves',
    water: 'waves',
    river: 'waves',
    lake: 'waves',
    beach: 'waves',
    star: 'stars',
    stars: 'stars',
    night: 'stars',
    space: 'stars',
    galaxy: 'stars',
    cosmic: 'stars',
    forest: 'trees',
    tree: 'trees',
    trees: 'trees',
    jungle: 'trees',
    garden: 'trees',
    park: 'trees',
    pattern: 'grid',
    grid: 'grid',
    tile: 'grid',
    tiles: 'grid',
    geometric: 'grid',
    icon: 'grid',
};
/**
 * Rasterising is CPU work: however many jobs are in flight (`concurrency`, per generator), the
 * process renders one image per core at a time (imageConcurrency says why).
 */
const renders = new dist/* default */.Ay({ concurrency: (0,core_image/* imageConcurrency */.L)() });
/** Images being rasterised right now, in this process (for tests of the bound). */
function rendersInFlight() {
    return renders.pending;
}
function createProceduralGenerator(setup) {
    const limits = (0,generator/* limitsFrom */.D)(setup.config, { concurrency: 4, timeoutMs: 60_000, retries: 0 });
    return {
        type: 'procedural',
        identity: () => ({
            type: 'procedural',
            model: 'genops-procedural',
            endpointClass: 'builtin',
            version: PROCEDURAL_VERSION,
        }),
        limits: () => limits,
        async generate(job) {
            const { width, height, format } = job.request;
            const svg = sceneSvg(job.request.prompt, job.request.negativePrompt, job.request.seed, width, height);
            // Loaded on the first image: planning asks this generator its identity, and a run where every
            // job is cached never pays for loading sharp.
            const [{ default: sharp }, { encodeGenerated }] = await Promise.all([
                Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 42482)),
                __webpack_require__.e(/* import() */ 865).then(__webpack_require__.bind(__webpack_require__, 37865)),
            ]);
            const bytes = await renders.add(() => encodeGenerated(
            // Opaque output: the scene covers the canvas, so an alpha channel would only cost bytes.
            sharp(Buffer.from(svg), { density: 72 }).resize(width, height, { fit: 'fill' }).removeAlpha(), format));
            return {
                bytes,
                mediaType: formats/* MEDIA_TYPES */.q[format],
                facts: { seed: job.request.seed, model: 'genops-procedural', reproducible: true },
            };
        },
    };
}
function words(text) {
    return text.toLowerCase().match(/[a-z]+/g) ?? [];
}
function hueOf(word) {
    return (0,external_node_crypto_.createHash)('sha256').update(word).digest().readUInt16BE(0) % 360;
}
/** The palette: named colours first (in prompt order), then hues of the other words. */
function paletteFor(prompt, negative) {
    const banned = new Set(words(negative).filter((w) => w in NAMED_COLOURS));
    const promptWords = words(prompt);
    const named = promptWords
        .filter((w) => w in NAMED_COLOURS && !banned.has(w))
        .map((w) => NAMED_COLOURS[w]);
    const others = promptWords
        .filter((w) => !(w in NAMED_COLOURS) && w.length > 3)
        .map((w) => `hsl(${hueOf(w)}, ${55 + (hueOf(`${w}s`) % 35)}%, ${35 + (hueOf(`${w}l`) % 35)}%)`);
    const palette = [...new Set([...named, ...others])];
    while (palette.length < 4)
        palette.push(`hsl(${(hueOf(prompt) + palette.length * 97) % 360}, 60%, 50%)`);
    return palette;
}
function shapesFor(prompt) {
    const kinds = [
        ...new Set(words(prompt)
            .map((w) => SHAPE_WORDS[w])
            .filter((k) => !!k)),
    ];
    return kinds.length ? kinds : ['blobs'];
}
function sceneSvg(prompt, negative, seed, width, height) {
    const rnd = mulberry32(seed ^ (0,external_node_crypto_.createHash)('sha256').update(prompt).digest().readUInt32BE(0));
    const palette = paletteFor(prompt, negative);
    const pick = () => palette[Math.floor(rnd() * palette.length)];
    const [sky1, sky2] = [palette[0], palette[1]];
    const W = width;
    const H = height;
    const parts = [
        `<defs><linearGradient id="bg" x1="0" y1="0" x2="${rnd().toFixed(3)}" y2="1">` +
            `<stop offset="0" stop-color="${sky1}"/><stop offset="1" stop-color="${sky2}"/></linearGradient>` +
            `<radialGradient id="glow"><stop offset="0" stop-color="#fff" stop-opacity="0.9"/>` +
            `<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>`,
        `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
    ];
    for (const kind of shapesFor(prompt))
        parts.push(drawShape(kind, W, H, rnd, pick));
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}
/** One shape's SVG. Each drawer takes its `rnd` draws in a fixed order: same seed, same image. */
function drawShape(kind, W, H, rnd, pick) {
    switch (kind) {
        case 'sun':
            return drawSun(W, H, rnd, pick);
        case 'mountains':
            return drawMountains(W, H, rnd, pick);
        case 'city':
            return drawCity(W, H, rnd, pick);
        case 'waves':
            return drawWaves(W, H, rnd, pick);
        case 'stars':
            return drawStars(W, H, rnd);
        case 'trees':
            return drawTrees(W, H, rnd, pick);
        case 'grid':
            return drawGrid(W, H, rnd, pick);
        case 'blobs':
            return drawBlobs(W, H, rnd, pick);
    }
}
/** SVG coordinates with one decimal: keeps the markup (and so the bytes) stable and short. */
function n(v) {
    return v.toFixed(1);
}
function drawSun(W, H, rnd, pick) {
    const r = Math.min(W, H) * (0.08 + rnd() * 0.12);
    const cx = W * (0.2 + rnd() * 0.6);
    const cy = H * (0.15 + rnd() * 0.3);
    return (`<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r * 2.2)}" fill="url(#glow)" opacity="0.6"/>` +
        `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${pick()}"/>`);
}
function drawMountains(W, H, rnd, pick) {
    const out = [];
    for (let layer = 0; layer < 3; layer++) {
        const base = H * (0.6 + layer * 0.12);
        let d = `M0 ${n(H)} L0 ${n(base)}`;
        for (let x = 0; x <= W; x += W / (4 + layer * 2))
            d += ` L${n(x)} ${n(base - rnd() * H * 0.35)}`;
        out.push(`<path d="${d} L${n(W)} ${n(H)} Z" fill="${pick()}" opacity="${(0.7 + layer * 0.1).toFixed(2)}"/>`);
    }
    return out.join('');
}
function drawCity(W, H, rnd, pick) {
    const out = [];
    for (let x = 0; x < W;) {
        const w = W * (0.04 + rnd() * 0.08);
        const h = H * (0.2 + rnd() * 0.5);
        const colour = pick();
        out.push(`<rect x="${n(x)}" y="${n(H - h)}" width="${n(w)}" height="${n(h)}" fill="${colour}" opacity="0.92"/>`);
        for (let wy = H - h + 8; wy < H - 8; wy += Math.max(6, H * 0.03)) {
            if (rnd() < 0.5)
                out.push(`<rect x="${n(x + w * 0.2)}" y="${n(wy)}" width="${n(w * 0.2)}" height="${n(Math.max(2, H * 0.01))}" fill="#fff7c2" opacity="0.8"/>`);
        }
        x += w + W * 0.005;
    }
    return out.join('');
}
function drawWaves(W, H, rnd, pick) {
    const out = [];
    for (let i = 0; i < 5; i++) {
        const y = H * (0.65 + i * 0.07);
        const amp = H * (0.02 + rnd() * 0.03);
        let d = `M0 ${n(y)}`;
        for (let x = 0; x <= W; x += W / 8)
            d += ` Q${n(x + W / 16)} ${n(y - amp)} ${n(x + W / 8)} ${n(y)}`;
        out.push(`<path d="${d} L${n(W)} ${n(H)} L0 ${n(H)} Z" fill="${pick()}" opacity="0.55"/>`);
    }
    return out.join('');
}
function drawStars(W, H, rnd) {
    const out = [];
    for (let i = 0; i < 60; i++) {
        out.push(`<circle cx="${n(rnd() * W)}" cy="${n(rnd() * H * 0.7)}" r="${n(0.5 + rnd() * Math.max(1, W / 400))}" fill="#ffffff" opacity="${(0.4 + rnd() * 0.6).toFixed(2)}"/>`);
    }
    return out.join('');
}
function drawTrees(W, H, rnd, pick) {
    const out = [];
    for (let i = 0; i < 14; i++) {
        const x = rnd() * W;
        const h = H * (0.15 + rnd() * 0.25);
        const w = h * 0.45;
        out.push(`<path d="M${n(x)} ${n(H - h - H * 0.05)} L${n(x + w / 2)} ${n(H - H * 0.05)} L${n(x - w / 2)} ${n(H - H * 0.05)} Z" fill="${pick()}"/>`);
    }
    return out.join('');
}
function drawGrid(W, H, rnd, pick) {
    const out = [];
    const cells = 4 + Math.floor(rnd() * 5);
    const cw = W / cells;
    const ch = H / cells;
    for (let gx = 0; gx < cells; gx++) {
        for (let gy = 0; gy < cells; gy++) {
            if (rnd() < 0.45)
                out.push(`<rect x="${n(gx * cw + cw * 0.1)}" y="${n(gy * ch + ch * 0.1)}" width="${n(cw * 0.8)}" height="${n(ch * 0.8)}" rx="${n(cw * 0.15)}" fill="${pick()}" opacity="0.85"/>`);
        }
    }
    return out.join('');
}
function drawBlobs(W, H, rnd, pick) {
    const out = [];
    for (let i = 0; i < 7; i++) {
        out.push(`<ellipse cx="${n(rnd() * W)}" cy="${n(rnd() * H)}" rx="${n(W * (0.05 + rnd() * 0.2))}" ry="${n(H * (0.05 + rnd() * 0.2))}" fill="${pick()}" opacity="${(0.5 + rnd() * 0.4).toFixed(2)}"/>`);
    }
    return out.join('');
}


/***/ })

};
