import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/** The prefix of every temporary file of an atomic write: no reader opens one, sweeps remove them. */
export const TEMP_PREFIX = '.tmp-';

/**
 * Who writes a temporary file, in its name (`<host hash>.<pid>`): a sweep on the same host can tell
 * a dead writer's leftover from a live writer's file in flight.
 */
export const TEMP_WRITER = `${createHash('sha256').update(hostname()).digest('hex').slice(0, 8)}.${process.pid}`;

/**
 * Writes a file so that readers see either the old content or the new, never a part: the bytes go
 * to a temporary file in the same folder, are flushed to disk, then renamed over the target.
 * A crash or kill mid-write leaves at most a `.tmp-*` file, which no reader ever opens.
 * `fsync: false` skips the flush, for derived files whose readers treat a torn file as a miss.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: { fsync?: boolean } = {},
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(
    path.dirname(file),
    `${TEMP_PREFIX}${path.basename(file)}-${TEMP_WRITER}-${randomBytes(6).toString('hex')}`,
  );
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    if (options.fsync !== false) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export async function mkdirp(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
