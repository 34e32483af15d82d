/**
 * The lockfile's git history is the asset history (docs/architecture.md): `genops history <asset>` lists the
 * commits that changed one asset's entry, and `genops deliver --ref <commit>` publishes the lockfile
 * as it was at a commit — a rollback is a deploy of an older, already reviewed state.
 *
 * Reads git's objects directly (one `git log --follow`, one `git cat-file --batch`) rather than
 * parsing patches: each commit's whole lockfile is parsed as JSON, so the answer does not depend on
 * how a diff happened to be cut.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import type { LockedAsset, Lockfile } from '../core/model.js';
import { diffLockfiles, type LockfileDiff } from './diff.js';
import { GitError, git, readObjects } from './git.js';

export interface HistoryEntry {
  commit: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
  /** `Name <email>` */
  author: string;
  subject: string;
  change: 'added' | 'changed' | 'removed';
  /** sha256 of the chosen image; absent when the asset was removed. */
  blob?: string;
  key?: string;
  /** Public URLs of the delivered files at that commit. */
  urls: string[];
  scores: Record<string, number>;
  /** The whole locked entry at that commit. */
  asset?: LockedAsset;
}

export interface HistoryOptions {
  /** Where to start walking back (default HEAD). */
  ref?: string;
  /** At most this many entries, newest first. */
  limit?: number;
}

interface LogCommit {
  commit: string;
  date: string;
  author: string;
  subject: string;
  /** The lockfile's path (relative to the repository root) in this commit. */
  file: string;
}

/**
 * The commits that changed `assetId` in the lockfile, newest first. Renames of the lockfile are
 * followed. A commit whose lockfile does not parse (a committed merge conflict) is skipped, not fatal.
 */
export async function lockfileHistory(
  repoDir: string,
  lockfilePath: string,
  assetId: string,
  options: HistoryOptions = {},
): Promise<HistoryEntry[]> {
  const commits = await logOf(repoDir, lockfilePath, options.ref ?? 'HEAD');
  const blobs = await readObjects(
    repoDir,
    commits.map((c) => `${c.commit}:${c.file}`),
  );
  // Walk oldest to newest, keeping the commits where the asset's entry differs from before.
  const entries: HistoryEntry[] = [];
  let previous: string | undefined;
  for (let i = commits.length - 1; i >= 0; i--) {
    const commit = commits[i] as LogCommit;
    const lock = parseOrUndefined(blobs[i]);
    if (blobs[i] && !lock) continue; // unparseable: no statement about the asset either way
    const asset = lock?.assets[assetId];
    const fingerprint = asset ? canonicalJson(asset) : undefined;
    if (fingerprint === previous) continue;
    const change = !asset ? 'removed' : previous === undefined ? 'added' : 'changed';
    previous = fingerprint;
    entries.push({
      commit: commit.commit,
      date: commit.date,
      author: commit.author,
      subject: commit.subject,
      change,
      ...(asset ? { blob: asset.blob, key: asset.key, asset } : {}),
      urls: (asset?.files ?? []).map((f) => f.url).filter((u): u is string => Boolean(u)),
      scores: asset?.scores ?? {},
    });
  }
  entries.reverse();
  return options.limit !== undefined ? entries.slice(0, options.limit) : entries;
}

/** The commit a ref names, as a full hash; an InputError naming the ref when there is none. */
export async function resolveRef(repoDir: string, ref: string): Promise<string> {
  if (ref.startsWith('-'))
    throw new InputError({ file: repoDir, message: `not a git ref: ${JSON.stringify(ref)}` });
  try {
    return (await git(repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]))
      .toString()
      .trim();
  } catch (error) {
    if (error instanceof GitError) {
      throw new InputError({
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
export async function lockfileAt(repoDir: string, lockfilePath: string, ref: string): Promise<Lockfile> {
  const commit = await resolveRef(repoDir, ref);
  const relative = await repoRelative(repoDir, lockfilePath);
  let [bytes] = await readObjects(repoDir, [`${commit}:${relative}`]);
  const at = ref === commit ? commit.slice(0, 12) : `${ref} (${commit.slice(0, 12)})`;
  if (!bytes) {
    // Moved since? Find its name then from the rename-following log of the current path.
    const earlier = await nameAt(repoDir, lockfilePath, commit);
    if (earlier && earlier !== relative) [bytes] = await readObjects(repoDir, [`${commit}:${earlier}`]);
  }
  if (!bytes) {
    throw new InputError({
      file: lockfilePath,
      message: `does not exist at ${at}`,
      hint: 'pick a commit made after the lockfile was first committed (`genops history <asset>`)',
    });
  }
  const lock = parseOrUndefined(bytes);
  if (!lock)
    throw new InputError({ file: lockfilePath, message: `at ${at} is not a GenOps lockfile (version 1)` });
  return lock;
}

/** The lockfile's path at `commit`, following renames back from HEAD; undefined if it had none. */
async function nameAt(repoDir: string, lockfilePath: string, commit: string): Promise<string | undefined> {
  const log = await logOf(repoDir, lockfilePath, 'HEAD').catch(() => []);
  if (!log.length) return undefined;
  const reachable = new Set((await git(repoDir, ['rev-list', commit])).toString().split('\n'));
  return log.find((entry) => reachable.has(entry.commit))?.file;
}

export interface RollbackPlan {
  /** The ref as given, and the commit it names. */
  ref: string;
  commit: string;
  /** The lockfile to publish: as committed at the ref. */
  lockfile: Lockfile;
  /** From the current lockfile to the one at the ref: what the rollback will change. */
  diff: LockfileDiff;
}

/**
 * Everything `genops deliver --ref <ref>` needs before it publishes: the old lockfile and what
 * changes against `current` (default: the lockfile in the working tree, empty if absent). Every blob
 * an old lockfile names is still in the store (blobs are never deleted), and its content-hashed files
 * are usually still in the bucket, so a rollback mostly rewrites aliases and assets.json.
 */
export async function planRollback(
  repoDir: string,
  lockfilePath: string,
  ref: string,
  current?: Lockfile,
): Promise<RollbackPlan> {
  const commit = await resolveRef(repoDir, ref);
  const lockfile = await lockfileAt(repoDir, lockfilePath, commit);
  const now = current ?? (await workingLockfile(path.resolve(repoDir, lockfilePath)));
  return { ref, commit, lockfile, diff: diffLockfiles(now, lockfile) };
}

async function workingLockfile(file: string): Promise<Lockfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lockfileVersion: 1, assets: {} };
    throw error;
  }
  const lock = parseOrUndefined(Buffer.from(text));
  if (!lock) throw new InputError({ file, message: 'is not a GenOps lockfile (version 1)' });
  return lock;
}

async function logOf(repoDir: string, lockfilePath: string, ref: string): Promise<LogCommit[]> {
  const commit = await resolveRef(repoDir, ref);
  const relative = await repoRelative(repoDir, lockfilePath);
  const out = (
    await git(repoDir, [
      'log',
      '--follow',
      '--name-only',
      '--format=%x1e%H%x1f%aI%x1f%an <%ae>%x1f%s',
      commit,
      '--',
      `:(top)${relative}`,
    ])
  ).toString();
  const commits: LogCommit[] = [];
  for (const record of out.split('\x1e').slice(1)) {
    const [header = '', ...rest] = record.split('\n');
    const [hash = '', date = '', author = '', subject = ''] = header.split('\x1f');
    const file =
      rest
        .map((l) => l.trim())
        .filter(Boolean)
        .at(-1) ?? relative;
    commits.push({ commit: hash, date, author, subject, file });
  }
  return commits;
}

/** The path from the repository's top level, with forward slashes (what `<rev>:<path>` wants). */
async function repoRelative(repoDir: string, file: string): Promise<string> {
  // Relative to repoDir and then to the top via git's own prefix: immune to symlinked temp folders.
  const prefix = (await git(repoDir, ['rev-parse', '--show-prefix'])).toString().trim();
  const fromDir = path.relative(path.resolve(repoDir), path.resolve(repoDir, file)).split(path.sep).join('/');
  const relative = path.posix.normalize(`${prefix}${fromDir}`);
  if (
    relative.startsWith('../') ||
    relative === '..' ||
    path.posix.isAbsolute(relative) ||
    relative === '.'
  ) {
    throw new InputError({ file, message: 'is not a file inside the git repository' });
  }
  return relative;
}

function parseOrUndefined(bytes: Buffer | undefined): Lockfile | undefined {
  if (!bytes) return undefined;
  try {
    const data = JSON.parse(bytes.toString('utf8')) as Lockfile;
    return data?.lockfileVersion === 1 && data.assets && typeof data.assets === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}
