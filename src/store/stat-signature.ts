import type { Stats } from 'node:fs';

/**
 * What a file's stat says of its content, as git's index keeps it: `size:mtimeMs:ctimeMs:inode`.
 * Any write changes the ctime (which no one can set back), a replacement the inode. Milliseconds as
 * doubles keep a fraction of a microsecond, finer than the file system's clock.
 */
export function statSignature(s: Stats): string {
  return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
}

/**
 * A stat this recent cannot vouch for the content: a write in the same clock tick, after it was
 * taken, would leave the same signature ("racy git"). Such a file is hashed again next time.
 */
export const RACY_MS = 2_000;
