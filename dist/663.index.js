export const id = 663;
export const ids = [663];
export const modules = {

/***/ 94663:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkNsfw: () => (/* binding */ checkNsfw)
/* harmony export */ });
/* unused harmony exports NSFW_CLASSES, DEFAULT_NSFW_THRESHOLDS, NSFW_MODEL, wasmDirectory, loadNsfwModel, classifyNsfw, nsfwCheck */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var sharp__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42482);
/* harmony import */ var _core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(44740);
/**
 * Embedded NSFW classifier: nsfwjs (its MobileNetV2Mid graph model, weights inside the npm package)
 * on TensorFlow.js with the WebAssembly back end, whose .wasm files are read from the installed
 * package folder. Nothing is fetched from the network. The model loads once per process, on first
 * use. MobileNetV2Mid rather than the smaller MobileNetV2: nsfwjs gives it ≈ 93 % accuracy against
 * ≈ 90 %, and as a graph model it ran faster here (74 vs 129 ms per image on the 2-core runner).
 *
 * The image goes in as the shrunk decode, resized by sharp to 224×224 (squashed, as nsfwjs itself
 * would, but with proper anti-aliasing); transparency is flattened onto white.
 */



const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];
/**
 * A class at or above its threshold fails the image. Sexy is held to a higher bar than Porn and
 * Hentai: it fires on swimwear and fashion, which many projects generate on purpose.
 */
const DEFAULT_NSFW_THRESHOLDS = { Porn: 0.6, Hentai: 0.6, Sexy: 0.85 };
const SIZE = 224;
const NSFW_MODEL = 'MobileNetV2Mid';
let loading;
/** The folder holding tfjs-backend-wasm's .wasm files, inside the installed package. */
function wasmDirectory() {
    const main = (0,_core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveOptional */ .rm)('@tensorflow/tfjs-backend-wasm');
    if (!main)
        throw new _core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__/* .MissingRuntimeError */ .NO((0,_core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__/* .missingRuntimeMessage */ .sf)('nsfw'));
    return `${node_path__WEBPACK_IMPORTED_MODULE_0__.dirname(main)}${node_path__WEBPACK_IMPORTED_MODULE_0__.sep}`;
}
async function load() {
    const started = performance.now();
    const tf = await (0,_core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__/* .importOptional */ .Gm)('@tensorflow/tfjs', 'nsfw');
    const wasm = await (0,_core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__/* .importOptional */ .Gm)('@tensorflow/tfjs-backend-wasm', 'nsfw');
    wasm.setWasmPaths(wasmDirectory());
    if (!(await tf.setBackend('wasm')))
        throw new Error('TensorFlow.js could not start its wasm back end');
    await tf.ready();
    const nsfwjs = await (0,_core_optional_module_js__WEBPACK_IMPORTED_MODULE_2__/* .importOptional */ .Gm)('nsfwjs', 'nsfw');
    // nsfwjs announces the model it loads on console.info; keep the CLI's output ours.
    const info = console.info;
    console.info = () => { };
    let model;
    try {
        model = await nsfwjs.load(NSFW_MODEL);
    }
    finally {
        console.info = info;
    }
    return {
        loadMs: performance.now() - started,
        async classify(pixels) {
            const input = tf.tensor3d(pixels, [SIZE, SIZE, 3], 'int32');
            try {
                const predictions = await model.classify(input, NSFW_CLASSES.length);
                const scores = Object.fromEntries(NSFW_CLASSES.map((c) => [c, 0]));
                for (const p of predictions)
                    scores[p.className] = p.probability;
                return scores;
            }
            finally {
                input.dispose();
            }
        },
    };
}
/** Loads the model if this process has not yet; resolves to the load time in ms (first call). */
async function loadNsfwModel() {
    loading ??= load().catch((error) => {
        loading = undefined; // let a later call try again
        throw error;
    });
    return (await loading).loadMs;
}
/** The five class probabilities (they sum to ≈ 1). */
async function classifyNsfw(image) {
    await loadNsfwModel();
    const model = await loading;
    return model.classify(await toModelInput(image));
}
async function toModelInput(image) {
    const { data, width, height, channels } = image;
    const rgb = await (0,sharp__WEBPACK_IMPORTED_MODULE_1__["default"])(data, { raw: { width, height, channels } })
        .flatten({ background: '#ffffff' })
        .resize(SIZE, SIZE, { fit: 'fill', kernel: 'lanczos3' })
        .removeAlpha()
        .raw()
        .toBuffer();
    return new Int32Array(rgb);
}
/** The verdict for given probabilities: pure. */
function nsfwCheck(scores, thresholds = {}) {
    const limits = { ...DEFAULT_NSFW_THRESHOLDS, ...thresholds };
    const watched = Object.keys(limits);
    const over = watched.filter((c) => scores[c] >= limits[c]);
    const value = watched.map((c) => `${c} ${scores[c].toFixed(3)}`).join(', ');
    const threshold = watched.map((c) => `${c} < ${limits[c]}`).join(', ');
    return {
        id: 'policy.nsfw',
        passed: over.length === 0,
        value,
        threshold,
        reason: over.length
            ? `NSFW classifier: ${over.map((c) => `${c} ${scores[c].toFixed(3)} ≥ ${limits[c]}`).join(', ')}`
            : `NSFW classifier: highest class ${topClass(scores)}`,
        severity: 'policy',
    };
}
function topClass(scores) {
    const [name, p] = Object.entries(scores).sort((a, b) => b[1] - a[1])[0] ?? ['?', 0];
    return `${name} ${p.toFixed(3)}`;
}
/**
 * Classifies and judges one image. A classifier that cannot run fails the check (a safety gate that
 * did not run has not passed), with the error as the reason.
 */
async function checkNsfw(image, thresholds) {
    try {
        const scores = await classifyNsfw(image);
        return { check: nsfwCheck(scores, thresholds), scores };
    }
    catch (error) {
        return {
            check: {
                id: 'policy.nsfw',
                passed: false,
                value: 'not run',
                threshold: 'classifier verdict',
                reason: `NSFW classifier failed: ${error instanceof Error ? error.message : String(error)}`,
                severity: 'policy',
            },
        };
    }
}


/***/ })

};
