import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * How long a lock may go without its holder refreshing it before another process takes it over:
 * a holder killed with SIGKILL blocks the others for at most this long.
 */
const STALE_MS = 10_000;

/** Locks held by this process, by file: a second section in the same process waits its turn here. */
const held = new Map<string, Promise<unknown>>();

/**
 * Runs `section` while holding the cross-process lock of `file` (a `<file>.lock` folder, made with
 * mkdir, which is atomic on local and network file systems; proper-lockfile refreshes it while held
 * and takes over a lock whose holder died). For short sections (an append, a compaction, a sweep):
 * waiters poll, and give up after about a minute.
 */
export async function withFileLock<T>(file: string, section: () => Promise<T>): Promise<T> {
  const previous = held.get(file) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => lockedSection(file, section));
  const tail = mine.catch(() => undefined);
  held.set(file, tail);
  tail.then(() => {
    if (held.get(file) === tail) held.delete(file);
  });
  return mine;
}

async function lockedSection<T>(file: string, section: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true });
  // Loaded on the first lock: a run that changes no index (a no-op rerun) never needs it.
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: STALE_MS,
    retries: { retries: 1_000, minTimeout: 2, maxTimeout: 100, factor: 1.3 },
    // The default throws from a timer, killing the process. A compromised lock (its folder removed
    // or taken over while we hold it) can only happen past STALE_MS without a refresh; the section
    // still finishes, and release reports it.
    onCompromised: () => {},
  });
  try {
    return await section();
  } finally {
    await release().catch(() => undefined);
  }
}
