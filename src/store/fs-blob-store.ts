import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../core/canonical.js';
import { writeFileAtomic } from './atomic.js';
import {
  assertSha256,
  type BlobCheck,
  type BlobStore,
  CorruptBlobError,
  type VerifyOptions,
} from './blob-store.js';
import { sha256OfFile } from './file-hash.js';
import type { JsonIndex } from './json-index.js';
import { RACY_MS, statSignature } from './stat-signature.js';

/**
 * Blobs in a local folder: `<root>/sha256/ab/abcdef…` (two-character fan-out keeps folders small).
 * A blob found damaged is moved to `quarantine` (kept for a look, never read again) so that the
 * name becomes a miss and the true bytes can be stored again.
 *
 * With `hashed`, a blob that hashed to its name is remembered with its stat (stat-signature.ts), as
 * git's index does: `verify` and `put` hash it again only when its stat changed, so a rerun over
 * thousands of cached images stats them instead of reading them. A write to a blob changes its
 * ctime; a replacement, its inode.
 */
export class FsBlobStore implements BlobStore {
  readonly quarantine: string;

  constructor(
    readonly root: string,
    quarantine?: string,
    private readonly hashed?: JsonIndex<string>,
  ) {
    this.quarantine = quarantine ?? path.join(path.dirname(root), 'quarantine');
  }

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
    if (actual !== sha256) {
      const quarantined = await this.quarantineBlob(sha256);
      const error = new CorruptBlobError(sha256, actual, this.root);
      if (quarantined) error.message += `; moved to ${quarantined}`;
      throw error;
    }
    return bytes;
  }

  async verify(sha256: string, options: VerifyOptions = {}): Promise<BlobCheck> {
    const actual = await this.hashOf(sha256, options.rehash);
    if (actual === undefined) return { status: 'missing' };
    if (actual === sha256) return { status: 'ok' };
    return { status: 'corrupt', actual, quarantined: await this.quarantineBlob(sha256) };
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    // Present: the same bytes only if they still hash to the name (same size proves nothing).
    const existing = await this.hashOf(sha);
    if (existing === sha) return sha;
    if (existing !== undefined) await this.quarantineBlob(sha);
    await writeFileAtomic(this.pathOf(sha), bytes);
    return sha;
  }

  /**
   * The hash of the blob stored under `sha256` (undefined when absent): the name itself when its
   * stat is the one it had when it last hashed to it, else hashed now (and remembered if it matches).
   */
  private async hashOf(sha256: string, rehash = false): Promise<string | undefined> {
    const file = this.pathOf(sha256);
    if (!this.hashed) return sha256OfFile(file);
    const before = await stat(file).catch(() => undefined);
    if (!before) return undefined;
    const signature = statSignature(before);
    if (!rehash && (await this.hashed.get(sha256)) === signature) return sha256;
    const actual = await sha256OfFile(file);
    if (actual !== sha256) return actual;
    const after = await stat(file).catch(() => undefined);
    // Not remembered: changed while hashed, or too fresh for its stat to tell a later write apart.
    if (after && statSignature(after) === signature && Date.now() - after.ctimeMs > RACY_MS) {
      // Only a shortcut for next time: failing to remember it fails nothing.
      await this.hashed.set(sha256, signature).catch(() => undefined);
    }
    return actual;
  }

  /**
   * Moves a damaged blob aside; returns where, or undefined when it was gone already (another
   * process moved or replaced it: a rename is atomic, so nothing is half-moved).
   */
  private async quarantineBlob(sha256: string): Promise<string | undefined> {
    await mkdir(this.quarantine, { recursive: true });
    const target = path.join(this.quarantine, `${sha256}.${Date.now()}-${randomBytes(3).toString('hex')}`);
    try {
      await rename(this.pathOf(sha256), target);
      return target;
    } catch {
      return undefined;
    }
  }
}
