export const id = 448;
export const ids = [448];
export const modules = {

/***/ 75322:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ PublishError),
/* harmony export */   m: () => (/* binding */ publish)
/* harmony export */ });
/* harmony import */ var p_queue__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19052);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53388);
/**
 * The deploy transaction: content-hashed files first, the index (aliases, assets.json) only after
 * every one of them is stored and verified. A reader therefore never sees an index naming a file
 * that is not there; a failure half-way leaves the previous index live, and a rerun uploads only
 * what is still missing (the listing shows the rest) and then switches the index.
 */


class PublishError extends Error {
    failures;
    partial;
    phase;
    name = 'PublishError';
    constructor(failures, partial, phase) {
        const list = failures
            .slice(0, 5)
            .map((f) => `${f.path}: ${f.error}`)
            .join('; ');
        const more = failures.length > 5 ? ` (and ${failures.length - 5} more)` : '';
        const state = phase === 'content'
            ? 'the index was not touched: the previous version stays live; rerun to finish'
            : 'every content file is stored; the index is partly written; rerun to finish';
        super(`${failures.length} file(s) failed to publish — ${state}. ${list}${more}`);
        this.failures = failures;
        this.partial = partial;
        this.phase = phase;
    }
}
/**
 * Publishes `files` (content-hashed, immutable) and then `indexFiles` (aliases and assets.json).
 *
 * - Content files the target's listing already shows are skipped once the target proves they hold
 *   the bytes their sha256 names (`matches`); other bytes there are replaced.
 * - A failed content file does not stop the others (a rerun then has less to do), but it stops
 *   the index: PublishError is thrown and no index file is written.
 * - Index files that the target already holds byte for byte are skipped (when the target can tell,
 *   see `ComparingTarget`). An alias carrying the SHA-256 of a content file proven in this run is
 *   compared through the listing, without loading its bytes. The others are written concurrently, except the last one of
 *   `indexFiles`, which is written after all the rest succeeded: put assets.json last, so a reader
 *   who sees the new assets.json also sees the new aliases.
 */
async function publish(target, files, indexFiles, options = {}) {
    const started = performance.now();
    const content = dedupe(files);
    const index = dedupe(indexFiles);
    const clash = content.find((f) => index.some((i) => i.path === f.path));
    if (clash)
        throw new Error(`${clash.path} is both a content file and an index file`);
    const queue = new p_queue__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .Ay({ concurrency: options.concurrency ?? 16 });
    const result = {
        uploaded: [],
        replaced: [],
        skipped: [],
        indexWritten: [],
        indexSkipped: [],
    };
    const failures = [];
    const emit = (event) => options.onFile?.(event);
    const existing = options.listing ?? (await target.list());
    // Content files whose bytes at the target are proven this run (checked or written), by SHA-256.
    const proven = new Map();
    await Promise.all(content.map((file) => queue.add(async () => {
        try {
            const present = existing.has(file.path);
            // Present is not enough: the bytes there must still be the ones the name promises.
            if (present && (!file.sha256 || (await target.matches(file.path, file.sha256)))) {
                if (file.sha256)
                    proven.set(file.sha256, file.path);
                result.skipped.push(file.path);
                emit({ path: file.path, phase: 'content', action: 'skipped' });
                return;
            }
            await target.put(file.path, await bytesOf(file), { ...file, replace: present });
            if (file.sha256)
                proven.set(file.sha256, file.path);
            result.uploaded.push(file.path);
            if (present)
                result.replaced.push(file.path);
            emit({ path: file.path, phase: 'content', action: present ? 'replaced' : 'uploaded' });
        }
        catch (error) {
            failures.push({ path: file.path, error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error) });
            emit({ path: file.path, phase: 'content', action: 'failed', error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error) });
        }
    })));
    if (failures.length)
        throw new PublishError(failures, result, 'content');
    const writeIndex = async (file) => {
        try {
            const original = file.sha256 && proven.get(file.sha256);
            if (original && isComparing(target) && (await target.holdsCopy?.(file.path, original))) {
                result.indexSkipped.push(file.path);
                emit({ path: file.path, phase: 'index', action: 'skipped' });
                return;
            }
            const bytes = await bytesOf(file);
            if (isComparing(target) && (await target.holds(file.path, bytes))) {
                result.indexSkipped.push(file.path);
                emit({ path: file.path, phase: 'index', action: 'skipped' });
                return;
            }
            await target.put(file.path, bytes, file);
            result.indexWritten.push(file.path);
            emit({ path: file.path, phase: 'index', action: 'uploaded' });
        }
        catch (error) {
            failures.push({ path: file.path, error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error) });
            emit({ path: file.path, phase: 'index', action: 'failed', error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error) });
        }
    };
    const last = index.at(-1);
    await Promise.all(index.slice(0, -1).map((file) => queue.add(() => writeIndex(file))));
    if (failures.length)
        throw new PublishError(failures, result, 'index');
    if (last)
        await writeIndex(last);
    if (failures.length)
        throw new PublishError(failures, result, 'index');
    return { ...result, durationMs: Math.round(performance.now() - started) };
}
async function bytesOf(file) {
    return typeof file.bytes === 'function' ? file.bytes() : file.bytes;
}
function isComparing(target) {
    return typeof target.holds === 'function';
}
/**
 * The same path twice is fine with the same bytes (two assets sharing a file), an error otherwise
 * (checked when both are given as bytes; a content-hashed path already implies its bytes).
 */
function dedupe(files) {
    const byPath = new Map();
    for (const file of files) {
        const seen = byPath.get(file.path);
        if (seen &&
            Buffer.isBuffer(seen.bytes) &&
            Buffer.isBuffer(file.bytes) &&
            !seen.bytes.equals(file.bytes)) {
            throw new Error(`two different files for one path: ${file.path}`);
        }
        byPath.set(file.path, file);
    }
    return [...byPath.values()];
}


/***/ }),

/***/ 86776:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ IMMUTABLE),
/* harmony export */   q: () => (/* binding */ SHORT_LIVED)
/* harmony export */ });
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT_LIVED = 'public, max-age=60';


/***/ }),

/***/ 90448:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CREATOR_TOOL: () => (/* binding */ CREATOR_TOOL),
  assertLockfileCurrent: () => (/* binding */ assertLockfileCurrent),
  contentFiles: () => (/* binding */ contentFiles),
  deliverLayer: () => (/* binding */ deliverLayer),
  openTargets: () => (/* binding */ openTargets),
  renderAssetsJson: () => (/* binding */ renderAssetsJson)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/p-queue/dist/index.js + 4 modules
var dist = __webpack_require__(19052);
// EXTERNAL MODULE: ./build/action-package/src/core/canonical.js
var canonical = __webpack_require__(45421);
// EXTERNAL MODULE: ./build/action-package/src/core/errors.js
var errors = __webpack_require__(53388);
// EXTERNAL MODULE: ./build/action-package/src/core/formats.js
var formats = __webpack_require__(54583);
// EXTERNAL MODULE: ./build/action-package/src/deployers/derivatives.js + 1 modules
var derivatives = __webpack_require__(17237);
// EXTERNAL MODULE: ./build/action-package/src/store/atomic.js
var atomic = __webpack_require__(41848);
// EXTERNAL MODULE: ./build/action-package/src/store/file-hash.js
var file_hash = __webpack_require__(48768);
;// CONCATENATED MODULE: ./build/action-package/src/deployers/local.js




/** A folder on disk (the CLI default): each file is written atomically. */
class LocalTarget {
    root;
    baseUrl;
    constructor(root, baseUrl) {
        this.root = root;
        this.baseUrl = baseUrl;
    }
    get location() {
        return this.root;
    }
    async list() {
        try {
            const entries = await (0,promises_.readdir)(this.root, { recursive: true, withFileTypes: true });
            return new Set(entries
                .filter((e) => e.isFile() && !e.name.startsWith('.tmp-'))
                .map((e) => external_node_path_.relative(this.root, external_node_path_.join(e.parentPath, e.name)).split(external_node_path_.sep).join('/')));
        }
        catch {
            return new Set();
        }
    }
    async matches(relative, sha256) {
        return (await (0,file_hash/* sha256OfFile */.V)(this.fileOf(relative))) === sha256;
    }
    async put(relative, bytes) {
        await (0,atomic/* writeFileAtomic */.Zf)(this.fileOf(relative), bytes);
    }
    fileOf(relative) {
        const file = external_node_path_.resolve(this.root, relative);
        if (!file.startsWith(external_node_path_.resolve(this.root) + external_node_path_.sep))
            throw new Error(`path ${relative} escapes ${this.root}`);
        return file;
    }
    url(relative) {
        return this.baseUrl ? `${this.baseUrl.replace(/\/$/, '')}/${relative}` : undefined;
    }
}

;// CONCATENATED MODULE: ./build/action-package/src/deployers/metadata.js
/**
 * XMP provenance packets (IPTC Photo Metadata + Dublin Core), put into every delivered file: by a
 * container edit (xmp-embed.ts) into the generated bytes, or by sharp's withXmp into a re-encoded
 * derivative. Built by hand as a string: it is a fixed template of a dozen fields, and both take the
 * packet as text, so an XMP library would add weight without removing any work.
 */
const DIGITAL_SOURCE_TYPE = {
    /** Made by an algorithm that was not trained on data: GenOps' procedural generator. */
    algorithmic: 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia',
    /** Made by a trained model: every AI back end. */
    trained: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
};
const GENOPS_NS = 'https://genops.dev/ns/xmp/1.0/';
function escapeXml(text) {
    return (text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;')
        // XML 1.0 forbids most control characters even when escaped: drop them.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''));
}
/** Changing the template: bump ENCODE_VERSION in src/layers/deliver.ts (records are keyed by provenance). */
function buildXmp(p) {
    const attr = (name, value) => value === undefined || value === '' ? '' : `\n    ${name}="${escapeXml(String(value))}"`;
    const alt = (name, value) => value
        ? `\n   <${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt></${name}>`
        : '';
    const list = (name, kind, values) => values.length
        ? `\n   <${name}><rdf:${kind}>${values.map((v) => `<rdf:li>${escapeXml(v)}</rdf:li>`).join('')}</rdf:${kind}></${name}>`
        : '';
    return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:genops="${GENOPS_NS}"${attr('xmp:CreatorTool', p.creatorTool)}${attr('xmp:CreateDate', p.createdAt)}${attr('photoshop:Credit', p.credit)}${attr('Iptc4xmpExt:DigitalSourceType', p.digitalSourceType)}${attr('Iptc4xmpExt:AISystemUsed', p.digitalSourceType === DIGITAL_SOURCE_TYPE.trained ? p.model : undefined)}${attr('genops:Generator', p.generator)}${attr('genops:Model', p.model)}${attr('genops:JobKey', p.jobKey)}${attr('genops:Seed', p.seed)}>${alt('dc:title', p.title)}${alt('dc:description', p.description)}${list('dc:creator', 'Seq', p.creator ? [p.creator] : [])}${alt('dc:rights', p.rights)}${list('dc:subject', 'Bag', p.tags)}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
function digitalSourceTypeFor(generatorType) {
    return generatorType === 'procedural' ? DIGITAL_SOURCE_TYPE.algorithmic : DIGITAL_SOURCE_TYPE.trained;
}

// EXTERNAL MODULE: ./build/action-package/src/deployers/publish.js
var publish = __webpack_require__(75322);
// EXTERNAL MODULE: ./build/action-package/src/deployers/target.js
var deployers_target = __webpack_require__(86776);
// EXTERNAL MODULE: ./build/action-package/src/lockfile/lockfile.js
var lockfile = __webpack_require__(19920);
// EXTERNAL MODULE: ./build/action-package/src/store/blob-store.js
var blob_store = __webpack_require__(79286);
// EXTERNAL MODULE: ./build/action-package/src/store/json-index.js + 1 modules
var json_index = __webpack_require__(90087);
// EXTERNAL MODULE: ./build/action-package/src/layers/context.js
var context = __webpack_require__(71241);
// EXTERNAL MODULE: ./build/action-package/src/layers/image-runtime.js
var image_runtime = __webpack_require__(58134);
// EXTERNAL MODULE: ./build/action-package/src/layers/run-folder.js
var run_folder = __webpack_require__(27496);
// EXTERNAL MODULE: ./build/action-package/src/layers/store.js + 1 modules
var store = __webpack_require__(13656);
;// CONCATENATED MODULE: ./build/action-package/src/layers/deliver.js


















const CREATOR_TOOL = 'GenOps 0.1';
/**
 * Bump when encoding settings or the XMP packet's template (buildXmp) change: records are keyed by the
 * provenance, not the packet, so cached derivative records of the old settings are then ignored.
 */
const ENCODE_VERSION = 3;
/**
 * Assets derived at once: each holds its source and, when re-encoding, one decode; more than the
 * libuv pool (4) only queues there while holding memory.
 */
const DELIVER_CONCURRENCY = 4;
/**
 * Layer 4. Every content-hashed file is stored (blob store) and uploaded before assets.json and the
 * lockfile are replaced, so a failure half-way leaves the previous version live and a rerun finishes.
 */
async function deliverLayer(ctx, options = {}) {
    const mode = options.mode ?? 'publish';
    const stop = (0,run_folder/* startTimer */.Ip)();
    const plan = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'plan');
    await (0,store/* useSharedStore */._)(ctx, plan);
    const targets = await openTargets(ctx, plan.targets);
    const primary = targets[0];
    const result = {
        schema: 'genops/delivery@1',
        mode,
        written: 0,
        unchanged: 0,
        delivered: [],
        kept: [],
        removed: [],
        failed: [],
        lockfile: ctx.lockfilePath,
        timings: { startedAt: '', durationMs: 0 },
    };
    let lock;
    let lockText;
    // One listing of a sole target serves both the no-op check of each asset and the upload.
    const listing = mode !== 'stage' && targets.length === 1 ? await primary.list() : undefined;
    if (mode === 'locked') {
        lock = options.ref ? await lockfileAtRef(ctx, options.ref) : await (0,lockfile/* readLockfile */.GQ)(ctx.lockfilePath);
        if (!options.ref)
            assertLockfileCurrent(ctx, plan, lock);
        result.delivered = Object.keys(lock.assets).sort();
    }
    else {
        lockText = await (0,promises_.readFile)(ctx.lockfilePath, 'utf8').catch(() => undefined);
        const previous = lockText === undefined ? emptyLockfile() : (0,lockfile/* parseLockfile */.tg)(ctx.lockfilePath, lockText);
        lock = await buildLockfile({ ctx, plan, primary, listing }, result, previous);
    }
    if (mode !== 'stage') {
        for (const target of targets) {
            const outcome = await (0,publish/* publish */.m)(target, contentFiles(ctx, lock), indexFiles(ctx, lock, target), {
                listing: target === primary ? listing : undefined,
            });
            result.written += outcome.uploaded.length;
            result.unchanged += outcome.skipped.length;
            if (outcome.replaced.length)
                ctx.log.warn(`deliver: replaced ${outcome.replaced.length} file(s) with other bytes at ${target.location}: ${outcome.replaced.join(', ')}`);
        }
        result.assetsJson = external_node_path_.join(primary.location, 'assets.json');
    }
    // An unchanged lockfile is not rewritten: a no-op run leaves the working tree as it was.
    if (mode !== 'locked' && (0,lockfile/* serializeLockfile */.c5)(lock) !== lockText)
        await (0,lockfile/* writeLockfile */.zv)(ctx.lockfilePath, lock);
    result.timings = stop();
    await (0,run_folder/* writeRunFile */.XY)(ctx.runDir, 'delivery', result);
    ctx.log.info(`deliver (${mode}): ${result.delivered.length} assets, ${result.written} files uploaded, ${result.unchanged} unchanged` +
        (mode === 'stage' ? '' : ` → ${targets.map((t) => t.location).join(', ')}`));
    return result;
}
function emptyLockfile() {
    return { lockfileVersion: 1, assets: {} };
}
/** The next lockfile from QA's verdicts: approved assets with their files derived and stored. */
async function buildLockfile({ ctx, plan, primary, listing }, result, previous) {
    const synthesis = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'synthesis');
    const qa = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'qa');
    const derived = new json_index/* JsonIndex */.Z(ctx.workspace.paths.derived);
    const signers = new Map();
    const jobs = new Map(plan.jobs.map((j) => [j.key, j]));
    const qaOf = new Map(qa.assets.map((a) => [a.id, a]));
    const next = { lockfileVersion: 1, assets: {} };
    let done = 0;
    const queue = new dist/* default */.Ay({ concurrency: DELIVER_CONCURRENCY });
    await Promise.all(plan.assets.map((asset) => queue.add(async () => {
        const verdict = qaOf.get(asset.id);
        const old = previous.assets[asset.id];
        try {
            if (verdict.verdict !== 'pass' || !verdict.chosen) {
                // A failing asset keeps its last approved version live.
                if (old) {
                    next.assets[asset.id] = old;
                    result.kept.push(asset.id);
                }
                return;
            }
            const job = jobs.get(verdict.chosen);
            const entry = synthesis.entries[job.key];
            const scores = qa.jobs[job.key]?.scores ?? {};
            const deps = { ctx, derived, signers, primary, listing };
            const locked = await lockAsset(deps, asset, job, entry, scores, old);
            next.assets[asset.id] = withDecision(locked, verdict.human);
            result.delivered.push(asset.id);
        }
        catch (error) {
            result.failed.push({ id: asset.id, reason: (0,errors/* errorMessage */.gJ)(error) });
            if (old)
                next.assets[asset.id] = old;
        }
        finally {
            ctx.log.progress('delivering', ++done, plan.assets.length);
        }
    })));
    result.removed = Object.keys(previous.assets).filter((id) => !plan.assets.some((a) => a.id === id));
    result.delivered.sort();
    result.kept.sort();
    return next;
}
/**
 * The reviewers' decisions behind the locked version (who picked, approved or rerolled, when), so
 * `git log -p genops.lock` shows them beside the bytes they chose. Notes about lapsed decisions
 * stay in the report: the lockfile records what shipped.
 */
function withDecision(locked, human) {
    const { notes: _notes, ...decision } = human ?? {};
    return Object.keys(decision).length ? { ...locked, decision } : locked;
}
async function lockAsset({ ctx, derived, signers, primary, listing }, asset, job, entry, scores, previous) {
    const blob = entry.blob;
    const createdAt = previous?.blob === blob ? previous.createdAt : (await ctx.workspace.jobs.get(job.key))?.createdAt;
    const model = entry.facts?.model ?? job.backend.model;
    const digitalSourceType = digitalSourceTypeFor(job.backend.type);
    const provenance = {
        title: asset.title,
        description: job.request.prompt,
        creator: asset.creator,
        rights: asset.license,
        credit: asset.credit,
        tags: asset.tags,
        creatorTool: CREATOR_TOOL,
        digitalSourceType,
        generator: job.backend.type,
        model,
        jobKey: job.key,
        seed: entry.facts?.seed ?? job.request.seed,
        createdAt,
    };
    const formats = [job.request.format, ...asset.delivery.formats.filter((f) => f !== job.request.format)];
    const widths = [job.request.width, ...asset.delivery.widths];
    const c2pa = asset.delivery.c2pa;
    // Keyed by what the XMP packet is made from: the packet itself is built only to encode.
    const recordKey = (0,canonical/* contentKey */.lO)({ v: ENCODE_VERSION, blob, provenance, formats, widths, c2pa: c2pa ?? null });
    let record = await derived.get(recordKey);
    if (!record || !(await allStored(ctx, record, asset.id, listing))) {
        const claim = { digitalSourceType, description: `${job.backend.type} ${model}` };
        const xmp = buildXmp(provenance);
        record = await encodeAndStore({ ctx, signers }, asset, blob, xmp, { formats, widths }, claim);
        await derived.set(recordKey, record);
    }
    const files = deliveredFiles(record, asset.id, job.request.format, primary);
    return {
        id: asset.id,
        blob,
        key: job.key,
        prompt: job.request.prompt,
        // The rewrite travels with the asset, so a rerun or CI plans the same prompt without the model.
        ...(job.optimized
            ? {
                originalPrompt: job.optimized.original,
                optimization: { key: job.optimized.key, model: job.optimized.model },
            }
            : {}),
        negativePrompt: job.request.negativePrompt,
        backend: job.backend.type,
        model,
        seed: job.request.seed,
        reportedSeed: entry.facts?.seed,
        reproducible: entry.facts?.reproducible ?? true,
        width: job.request.width,
        height: job.request.height,
        format: job.request.format,
        scores,
        createdAt,
        alias: asset.delivery.alias,
        files,
    };
}
/**
 * Encodes every derivative of the blob, C2PA-signs those whose format carries a manifest (when
 * asked), and stores their bytes: the cache record of the asset's files.
 */
async function encodeAndStore({ ctx, signers }, asset, blob, xmp, spec, facts) {
    const c2pa = asset.delivery.c2pa;
    await (0,image_runtime/* prepareImageBatch */.x)();
    const source = await ctx.workspace.blobs.get(blob);
    const made = await (0,derivatives/* makeDerivatives */.HY)(source, spec, xmp, { maxPixels: asset.qa.maxPixels });
    const signer = c2pa ? await signerFor(ctx, signers, c2pa) : undefined;
    const files = [];
    for (const d of made) {
        let bytes = d.bytes;
        if (signer && (d.format === 'png' || d.format === 'jpeg')) {
            const { signC2pa } = await Promise.all(/* import() */[__webpack_require__.e(173), __webpack_require__.e(7)]).then(__webpack_require__.bind(__webpack_require__, 54007));
            const claim = {
                softwareAgent: { name: 'GenOps', version: '0.1' },
                digitalSourceType: facts.digitalSourceType === DIGITAL_SOURCE_TYPE.algorithmic ? undefined : facts.digitalSourceType,
                description: facts.description,
            };
            // Signing is the very last step: any later change of a byte would break the signature.
            bytes = await signC2pa(bytes, signer, claim, signatureMemo(ctx));
        }
        const sha256 = await ctx.workspace.blobs.put(bytes);
        files.push({ format: d.format, width: d.width, height: d.height, sha256, bytes: bytes.length });
    }
    return { files };
}
/**
 * The record's files with their paths and URLs, the primary file (generated format, full width)
 * first: apps and reviewers look at it.
 */
function deliveredFiles(record, assetId, generated, primary) {
    const ordered = [...record.files].sort((a, b) => Number(b.format === generated) - Number(a.format === generated) || b.width - a.width);
    return ordered.map((f) => {
        const filePath = (0,derivatives/* derivativePath */.ZZ)(assetId, f);
        return { ...f, path: filePath, url: primary.url(filePath) };
    });
}
/**
 * Whether every file of the record can be published: its bytes are in the store, or, with one
 * target, the target already has it (then its bytes are never read, and a no-op run stats nothing).
 */
async function allStored(ctx, record, assetId, listing) {
    if (listing && record.files.every((f) => listing.has((0,derivatives/* derivativePath */.ZZ)(assetId, f))))
        return true;
    const present = await Promise.all(record.files.map(async (f) => (0,blob_store/* isTrusted */.W2)(await ctx.workspace.blobs.verify(f.sha256))));
    return present.every(Boolean);
}
function signerFor(ctx, signers, spec) {
    const id = JSON.stringify(spec);
    let signer = signers.get(id);
    if (!signer) {
        signer = Promise.all(/* import() */[__webpack_require__.e(173), __webpack_require__.e(7)]).then(__webpack_require__.bind(__webpack_require__, 54007)).then(({ loadC2paSigner }) => loadC2paSigner(spec, { baseDir: (0,context/* baseDirOf */.Gz)(ctx), env: ctx.env, manifestFile: ctx.manifestPath }));
        signers.set(id, signer);
    }
    return signer;
}
/** Non-deterministic signatures (ES256, RSA) are remembered, so an unchanged asset keeps its bytes. */
function signatureMemo(ctx) {
    const index = new json_index/* JsonIndex */.Z(ctx.workspace.paths.signed);
    return {
        get: async (key) => {
            const sha = await index.get(key);
            return sha && (await ctx.workspace.blobs.has(sha)) ? ctx.workspace.blobs.get(sha) : undefined;
        },
        set: async (key, signed) => index.set(key, await ctx.workspace.blobs.put(signed)),
    };
}
/** Every file the lockfile names, read lazily from the store (a file the target has is never read). */
function contentFiles(ctx, lock) {
    return Object.values(lock.assets).flatMap((asset) => asset.files.map((file) => ({
        path: file.path,
        bytes: () => ctx.workspace.blobs.get(file.sha256),
        sha256: file.sha256,
        contentType: formats/* MEDIA_TYPES */.q[file.format],
        cacheControl: deployers_target/* IMMUTABLE */.h,
    })));
}
/** Aliases, then assets.json last: only then does the new version become visible. */
function indexFiles(ctx, lock, target) {
    const aliases = Object.values(lock.assets)
        .filter((a) => a.alias && a.files[0])
        .map((a) => {
        const primary = a.files[0];
        return {
            path: `${a.alias}.${formats/* EXTENSIONS */.Z[primary.format]}`,
            bytes: () => ctx.workspace.blobs.get(primary.sha256),
            sha256: primary.sha256,
            contentType: formats/* MEDIA_TYPES */.q[primary.format],
            cacheControl: deployers_target/* SHORT_LIVED */.q,
        };
    });
    const assetsJson = Buffer.from(renderAssetsJson(lock, target));
    return [
        ...aliases,
        { path: 'assets.json', bytes: assetsJson, contentType: 'application/json', cacheControl: deployers_target/* SHORT_LIVED */.q },
    ];
}
async function openTargets(ctx, configs) {
    const list = configs.length ? configs : [{ type: 'local' }];
    return Promise.all(list.map(async (config) => {
        if (config.type === 'local') {
            return new LocalTarget((0,context/* localTargetDir */.Qz)(ctx, config), config.baseUrl);
        }
        const { S3DeliveryTarget } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(15)]).then(__webpack_require__.bind(__webpack_require__, 6015));
        return new S3DeliveryTarget(config, { env: ctx.env });
    }));
}
async function lockfileAtRef(ctx, ref) {
    const { lockfileAt } = await __webpack_require__.e(/* import() */ 866).then(__webpack_require__.bind(__webpack_require__, 25866));
    const repoDir = (0,context/* baseDirOf */.Gz)(ctx);
    return lockfileAt(repoDir, external_node_path_.resolve(ctx.lockfilePath), ref);
}
/**
 * The merge run deploys only what review approved: every asset of the manifest must be in the
 * lockfile with one of its current job keys, and nothing else. Otherwise the lockfile is stale.
 */
function assertLockfileCurrent(ctx, plan, lock) {
    const problems = [];
    const where = { file: ctx.lockfilePath };
    for (const asset of plan.assets) {
        const locked = lock.assets[asset.id];
        if (!locked)
            problems.push({ ...where, message: `asset "${asset.id}" is in the manifest but not in the lockfile` });
        else if (!asset.jobs.includes(locked.key)) {
            problems.push({
                ...where,
                message: `asset "${asset.id}" changed in the manifest after the lockfile was written`,
            });
        }
    }
    for (const id of Object.keys(lock.assets)) {
        if (!plan.assets.some((a) => a.id === id))
            problems.push({ ...where, message: `asset "${id}" is in the lockfile but no longer in the manifest` });
    }
    if (problems.length) {
        const hint = 'the lockfile is stale: run genops on the pull request so it commits an updated lockfile, or deploy with --allow-generate (action input allow-generate-on-deploy: true)';
        throw new errors/* InputError */.dz(problems.map((p, i) => (i === problems.length - 1 ? { ...p, hint } : p)));
    }
}
/** What apps read: id → primary file, size, hash, URL, and a ready srcset per format. */
function renderAssetsJson(lock, target) {
    const assets = Object.fromEntries(Object.keys(lock.assets)
        .sort()
        .map((id) => {
        const a = lock.assets[id];
        const primary = a.files[0];
        const urlOf = (f) => target.url(f.path) ?? f.path;
        const formats = [...new Set(a.files.map((f) => f.format))];
        const sets = Object.fromEntries(formats.map((format) => [
            format,
            (0,derivatives/* srcset */.hH)(a.files.map((f) => ({ ...f, url: urlOf(f) })), format),
        ]));
        const entry = {
            file: primary.path,
            url: urlOf(primary),
            width: primary.width,
            height: primary.height,
            sha256: primary.sha256,
            blob: a.blob,
            srcset: sets,
        };
        return [id, entry];
    }));
    return `${JSON.stringify({ version: 1, assets }, null, 2)}\n`;
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
