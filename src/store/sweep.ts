import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_PREFIX, TEMP_WRITER } from './atomic.js';
import type { StatePaths } from './workspace.js';

/**
 * A `.tmp-*` file this old belongs to no live writer: an atomic write holds its temporary file only
 * while it writes and flushes one file, seconds at most. A younger one is removed only when its name
 * shows a writer on this host that is no longer running; otherwise it may be another run's, in
 * flight on the same state folder (or one from another machine sharing it), and is left alone.
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
      if (!info || (now - info.mtimeMs < STALE_TEMP_MS && writerMayLive(entry.name))) continue;
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

const [HOST] = TEMP_WRITER.split('.') as [string];

function writerMayLive(name: string): boolean {
  const writer = /-([0-9a-f]{8})\.(\d+)-[0-9a-f]{12}$/.exec(name);
  if (!writer || writer[1] !== HOST) return true;
  try {
    process.kill(Number(writer[2]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
