export const id = 458;
export const ids = [458];
export const modules = {

/***/ 62458:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runFromPrompt: () => (/* binding */ runFromPrompt)
/* harmony export */ });
/* unused harmony exports PROMPT_DEFAULTS, promptRequest, promptManifest, writePromptManifest */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38815);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53388);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(20490);
/**
 * `genops run --prompt TEXT`: the whole pipeline with no manifest. The implicit manifest (one asset
 * per requested image, ids from the prompt) is written under the state folder, so the run is an
 * ordinary run: cached, checked, delivered into `generated/`, reproducible from that file.
 */





const PROMPT_DEFAULTS = { count: 1, generator: 'procedural', size: '1024x1024' };
const MAX_COUNT = 100;
/** The flags as typed → a request, or a usage error naming the flag. */
function promptRequest(flags) {
    const prompt = flags.prompt.trim();
    if (!prompt)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('--prompt is empty: give the text of the image, e.g. --prompt "red sun"');
    const count = flags.count === undefined ? PROMPT_DEFAULTS.count : Number(flags.count);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`--count must be a whole number from 1 to ${MAX_COUNT} (got "${flags.count}")`);
    }
    const size = flags.size ?? PROMPT_DEFAULTS.size;
    if (!/^[1-9]\d{0,4}x[1-9]\d{0,4}$/.test(size)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`--size must be WIDTHxHEIGHT in pixels, e.g. --size 1024x576 (got "${size}")`);
    }
    const generator = flags.generator ?? PROMPT_DEFAULTS.generator;
    if (!/^[a-z][a-z0-9-]*$/.test(generator)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`--generator must be a generator type such as procedural or openai (got "${generator}")`);
    }
    return { prompt, count, generator, size };
}
/** The implicit manifest: pure. Ids are the prompt's first words, numbered when more than one. */
function promptManifest(request, deliverDir) {
    const slug = request.prompt
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 48)
        .replace(/-+$/, '') || 'image';
    const ids = request.count === 1 ? [slug] : Array.from({ length: request.count }, (_, i) => `${slug}-${i + 1}`);
    return {
        version: 1,
        ...(request.generator === 'procedural'
            ? {}
            : { generators: { [request.generator]: { type: request.generator } } }),
        defaults: { generator: request.generator, size: request.size },
        assets: ids.map((id) => ({ id, prompt: request.prompt })),
        delivery: { targets: [{ type: 'local', dir: deliverDir }] },
    };
}
/** Writes the implicit manifest under the state folder; returns its path. */
async function writePromptManifest(stateDir, manifest) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(stateDir, 'prompt', 'genops.yaml');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(file), { recursive: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, `# Written by genops run --prompt; rerun it with genops run -m ${file}\n${(0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .stringify */ .As)(manifest)}`);
    return file;
}
/**
 * The whole pipeline on the implicit manifest: state in `<cwd>/.genops` (or --state), images into
 * `<cwd>/generated`. The result carries the manifest it ran, so `--json` shows it.
 */
async function runFromPrompt(options, flags) {
    const request = promptRequest(flags);
    const stateDir = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(options.stateDir ?? '.genops');
    const manifest = promptManifest(request, node_path__WEBPACK_IMPORTED_MODULE_1__.resolve('generated'));
    const manifestPath = await writePromptManifest(stateDir, manifest);
    const outcome = await (0,_index_js__WEBPACK_IMPORTED_MODULE_4__.run)({ ...options, manifestPath, stateDir });
    return { ...outcome, result: { manifest, report: outcome.result } };
}


/***/ })

};
