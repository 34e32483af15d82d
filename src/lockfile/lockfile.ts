/**
 * genops.lock, the one file whose git history is the asset history: read, parsed, serialised in
 * a stable order and written atomically. Its history and diffs live beside it (history.ts, diff.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { LockedAsset, Lockfile } from '../core/model.js';
import { writeFileAtomic } from '../store/atomic.js';

export const EMPTY_LOCKFILE: Lockfile = { lockfileVersion: 1, assets: {} };

/** The lockfile beside a manifest, when none is named: `<manifest dir>/genops.lock`. */
export function defaultLockfile(manifestPath: string): string {
  return path.join(path.dirname(manifestPath), 'genops.lock');
}

/** The lockfile, or an empty one if there is none yet. */
export async function readLockfile(file: string): Promise<Lockfile> {
  return readOrEmpty(file, EMPTY_LOCKFILE, parseLockfile);
}

/** One of our JSON files parsed by `parse`, or a copy of `empty` if the file does not exist yet. */
export async function readOrEmpty<T>(
  file: string,
  empty: T,
  parse: (file: string, text: string) => T,
): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(empty);
    throw error;
  }
  return parse(file, text);
}

/** JSON.parse of a committed file; a syntax error (often a merge conflict) names the file and its fix. */
export function parseCommittedJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError({
      file,
      message: `is not valid JSON (${(error as Error).message})`,
      hint: `resolve merge conflicts in it, or restore it with \`git checkout -- ${path.basename(file)}\``,
    });
  }
}

export function parseLockfile(file: string, text: string): Lockfile {
  const data = parseCommittedJson(file, text) as Lockfile | null;
  if (data?.lockfileVersion !== 1 || typeof data.assets !== 'object') {
    throw new InputError({ file, message: 'is not a GenOps lockfile (lockfileVersion 1)' });
  }
  return data;
}

/**
 * Serialises with assets sorted by id and every object's keys in a fixed order, one field per line:
 * the same content always gives the same bytes, and a changed asset is a small git diff.
 */
export function serializeLockfile(lock: Lockfile): string {
  const assets = Object.fromEntries(
    Object.keys(lock.assets)
      .sort()
      .map((id) => [id, sortKeys(lock.assets[id] as LockedAsset)]),
  );
  return `${JSON.stringify({ lockfileVersion: lock.lockfileVersion, assets }, null, 2)}\n`;
}

export async function writeLockfile(file: string, lock: Lockfile): Promise<void> {
  await writeFileAtomic(file, serializeLockfile(lock));
}

/** Every object's keys in sorted order, deeply: stable bytes for a committed JSON file. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}
