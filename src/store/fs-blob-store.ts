import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../core/canonical.js';
import { writeFileAtomic } from './atomic.js';
import { assertSha256, type BlobStore, CorruptBlobError } from './blob-store.js';

/** Blobs in a local folder: `<root>/sha256/ab/abcdef…` (two-character fan-out keeps folders small). */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async get(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.pathOf(sha256));
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new CorruptBlobError(sha256, actual, this.root);
    return bytes;
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const file = this.pathOf(sha);
    // Present with the right size: same bytes (the name is their hash). A wrong size can only be
    // damage from outside, and replacing it with the true bytes is the one safe overwrite.
    const existing = await stat(file).catch(() => undefined);
    if (existing?.size !== bytes.length) await writeFileAtomic(file, bytes);
    return sha;
  }
}
