import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_PREFIX } from './atomic.js';
import type { StatePaths } from './workspace.js';

/**
 * A `.tmp-*` file this old belongs to no live writer: an atomic write holds its temporary file only
 * while it writes and flushes one file, seconds at most. Younger ones may be another run's, in
 * flight on the same state folder, and are left alone.
 */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Removes the temporary files that killed writers left in the blob store and the caches (a kill -9
 * between write and rename): they are never read, but they take space and would travel with the
 * CI cache. Returns how many were removed.
 */
export async function sweepStaleTemps(paths: StatePaths, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const dir of [paths.blobs, paths.cache]) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.startsWith(TEMP_PREFIX)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const info = await stat(file).catch(() => undefined);
      if (!info || now - info.mtimeMs < STALE_TEMP_MS) continue;
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
