export const id = 866;
export const ids = [866];
export const modules = {

/***/ 25866:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lockfileAt: () => (/* binding */ lockfileAt),
  lockfileHistory: () => (/* binding */ lockfileHistory)
});

// UNUSED EXPORTS: planRollback, resolveRef

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./build/action-package/src/core/canonical.js
var canonical = __webpack_require__(45421);
// EXTERNAL MODULE: ./build/action-package/src/core/errors.js
var errors = __webpack_require__(53388);
;// CONCATENATED MODULE: ./build/action-package/src/lockfile/diff.js
/**
 * What changes between two lockfiles, per asset: for the rollback summary (`deliver --ref`) and
 * for PR comments. Pure.
 */

function diff_diffLockfiles(before, after) {
    const diff = { added: [], removed: [], changed: [], unchanged: [] };
    const ids = [...new Set([...Object.keys(before.assets), ...Object.keys(after.assets)])].sort();
    for (const id of ids) {
        const a = before.assets[id];
        const b = after.assets[id];
        if (!a && b)
            diff.added.push(id);
        else if (a && !b)
            diff.removed.push(id);
        else if (a && b) {
            const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
            const fields = keys.filter((k) => canonicalJson(a[k] ?? null) !==
                canonicalJson(b[k] ?? null));
            if (fields.length)
                diff.changed.push({ id, fields, before: a, after: b });
            else
                diff.unchanged.push(id);
        }
    }
    return diff;
}

// EXTERNAL MODULE: ./build/action-package/src/lockfile/git.js
var git = __webpack_require__(30005);
;// CONCATENATED MODULE: ./build/action-package/src/lockfile/history.js
/**
 * The lockfile's git history is the asset history (docs/architecture.md): `genops history <asset>` lists the
 * commits that changed one asset's entry, and `genops deliver --ref <commit>` publishes the lockfile
 * as it was at a commit — a rollback is a deploy of an older, already reviewed state.
 *
 * Reads git's objects directly (one `git log --follow`, one `git cat-file --batch`) rather than
 * parsing patches: each commit's whole lockfile is parsed as JSON, so the answer does not depend on
 * how a diff happened to be cut.
 */






/**
 * The commits that changed `assetId` in the lockfile, newest first. Renames of the lockfile are
 * followed. A commit whose lockfile does not parse (a committed merge conflict) is skipped, not fatal.
 */
async function lockfileHistory(repoDir, lockfilePath, assetId, options = {}) {
    const commits = await logOf(repoDir, lockfilePath, options.ref ?? 'HEAD');
    const blobs = await (0,git/* readObjects */.$I)(repoDir, commits.map((c) => `${c.commit}:${c.file}`));
    // Walk oldest to newest, keeping the commits where the asset's entry differs from before.
    const entries = [];
    let previous;
    for (let i = commits.length - 1; i >= 0; i--) {
        const commit = commits[i];
        const lock = parseOrUndefined(blobs[i]);
        if (blobs[i] && !lock)
            continue; // unparseable: no statement about the asset either way
        const asset = lock?.assets[assetId];
        const fingerprint = asset ? (0,canonical/* canonicalJson */.dj)(asset) : undefined;
        if (fingerprint === previous)
            continue;
        const change = !asset ? 'removed' : previous === undefined ? 'added' : 'changed';
        previous = fingerprint;
        entries.push({
            commit: commit.commit,
            date: commit.date,
            author: commit.author,
            subject: commit.subject,
            change,
            ...(asset ? { blob: asset.blob, key: asset.key, asset } : {}),
            urls: (asset?.files ?? []).map((f) => f.url).filter((u) => Boolean(u)),
            scores: asset?.scores ?? {},
        });
    }
    entries.reverse();
    return options.limit !== undefined ? entries.slice(0, options.limit) : entries;
}
/** The commit a ref names, as a full hash; an InputError naming the ref when there is none. */
async function resolveRef(repoDir, ref) {
    if (ref.startsWith('-'))
        throw new errors/* InputError */.dz({ file: repoDir, message: `not a git ref: ${JSON.stringify(ref)}` });
    try {
        return (await (0,git/* git */.$Y)(repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]))
            .toString()
            .trim();
    }
    catch (error) {
        if (error instanceof git/* GitError */.XS) {
            throw new errors/* InputError */.dz({
                file: repoDir,
                message: `no commit ${JSON.stringify(ref)} in this repository`,
                hint: 'use a commit hash, tag or branch from `genops history <asset>` or `git log`',
            });
        }
        throw error;
    }
}
/**
 * The lockfile as committed at `ref` — what `genops deliver --ref <ref>` publishes. `lockfilePath`
 * is the lockfile in the working tree (absolute, or relative to `repoDir`).
 */
async function lockfileAt(repoDir, lockfilePath, ref) {
    const commit = await resolveRef(repoDir, ref);
    const relative = await repoRelative(repoDir, lockfilePath);
    let [bytes] = await (0,git/* readObjects */.$I)(repoDir, [`${commit}:${relative}`]);
    const at = ref === commit ? commit.slice(0, 12) : `${ref} (${commit.slice(0, 12)})`;
    if (!bytes) {
        // Moved since? Find its name then from the rename-following log of the current path.
        const earlier = await nameAt(repoDir, lockfilePath, commit);
        if (earlier && earlier !== relative)
            [bytes] = await (0,git/* readObjects */.$I)(repoDir, [`${commit}:${earlier}`]);
    }
    if (!bytes) {
        throw new errors/* InputError */.dz({
            file: lockfilePath,
            message: `does not exist at ${at}`,
            hint: 'pick a commit made after the lockfile was first committed (`genops history <asset>`)',
        });
    }
    const lock = parseOrUndefined(bytes);
    if (!lock)
        throw new errors/* InputError */.dz({ file: lockfilePath, message: `at ${at} is not a GenOps lockfile (version 1)` });
    return lock;
}
/** The lockfile's path at `commit`, following renames back from HEAD; undefined if it had none. */
async function nameAt(repoDir, lockfilePath, commit) {
    const log = await logOf(repoDir, lockfilePath, 'HEAD').catch(() => []);
    if (!log.length)
        return undefined;
    const reachable = new Set((await (0,git/* git */.$Y)(repoDir, ['rev-list', commit])).toString().split('\n'));
    return log.find((entry) => reachable.has(entry.commit))?.file;
}
/**
 * Everything `genops deliver --ref <ref>` needs before it publishes: the old lockfile and what
 * changes against `current` (default: the lockfile in the working tree, empty if absent). Every blob
 * an old lockfile names is still in the store (blobs are never deleted), and its content-hashed files
 * are usually still in the bucket, so a rollback mostly rewrites aliases and assets.json.
 */
async function planRollback(repoDir, lockfilePath, ref, current) {
    const commit = await resolveRef(repoDir, ref);
    const lockfile = await lockfileAt(repoDir, lockfilePath, commit);
    const now = current ?? (await workingLockfile(path.resolve(repoDir, lockfilePath)));
    return { ref, commit, lockfile, diff: diffLockfiles(now, lockfile) };
}
async function workingLockfile(file) {
    let text;
    try {
        text = await readFile(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { lockfileVersion: 1, assets: {} };
        throw error;
    }
    const lock = parseOrUndefined(Buffer.from(text));
    if (!lock)
        throw new InputError({ file, message: 'is not a GenOps lockfile (version 1)' });
    return lock;
}
async function logOf(repoDir, lockfilePath, ref) {
    const commit = await resolveRef(repoDir, ref);
    const relative = await repoRelative(repoDir, lockfilePath);
    const out = (await (0,git/* git */.$Y)(repoDir, [
        'log',
        '--follow',
        '--name-only',
        '--format=%x1e%H%x1f%aI%x1f%an <%ae>%x1f%s',
        commit,
        '--',
        `:(top)${relative}`,
    ])).toString();
    const commits = [];
    for (const record of out.split('\x1e').slice(1)) {
        const [header = '', ...rest] = record.split('\n');
        const [hash = '', date = '', author = '', subject = ''] = header.split('\x1f');
        const file = rest
            .map((l) => l.trim())
            .filter(Boolean)
            .at(-1) ?? relative;
        commits.push({ commit: hash, date, author, subject, file });
    }
    return commits;
}
/** The path from the repository's top level, with forward slashes (what `<rev>:<path>` wants). */
async function repoRelative(repoDir, file) {
    // Relative to repoDir and then to the top via git's own prefix: immune to symlinked temp folders.
    const prefix = (await (0,git/* git */.$Y)(repoDir, ['rev-parse', '--show-prefix'])).toString().trim();
    const fromDir = external_node_path_.relative(external_node_path_.resolve(repoDir), external_node_path_.resolve(repoDir, file)).split(external_node_path_.sep).join('/');
    const relative = external_node_path_.posix.normalize(`${prefix}${fromDir}`);
    if (relative.startsWith('../') ||
        relative === '..' ||
        external_node_path_.posix.isAbsolute(relative) ||
        relative === '.') {
        throw new errors/* InputError */.dz({ file, message: 'is not a file inside the git repository' });
    }
    return relative;
}
function parseOrUndefined(bytes) {
    if (!bytes)
        return undefined;
    try {
        const data = JSON.parse(bytes.toString('utf8'));
        return data?.lockfileVersion === 1 && data.assets && typeof data.assets === 'object' ? data : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ })

};
