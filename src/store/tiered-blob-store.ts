import type { BlobCheck, BlobStore, VerifyOptions } from './blob-store.js';

/**
 * A local store in front of a shared one (S3): reads come from the local copy when it has one and
 * are copied down otherwise; writes go to both, the shared store first, so a blob the lockfile names
 * is never only on this machine.
 */
export class TieredBlobStore implements BlobStore {
  constructor(
    readonly local: BlobStore,
    readonly shared: BlobStore,
  ) {}

  get location(): string {
    return `${this.local.location} + ${this.shared.location}`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.local.has(sha256)) || this.shared.has(sha256);
  }

  async get(sha256: string): Promise<Buffer> {
    if (await this.local.has(sha256)) {
      try {
        return await this.local.get(sha256);
      } catch {
        // A damaged local copy: the shared store has the true bytes.
      }
    }
    const bytes = await this.shared.get(sha256);
    await this.local.put(bytes);
    return bytes;
  }

  /**
   * The local copy decides when it is whole; a damaged one is quarantined (by the local store) and
   * fetched again from the shared store, which is the copy the lockfile relies on.
   */
  async verify(sha256: string, options?: VerifyOptions): Promise<BlobCheck> {
    const local = await this.local.verify(sha256, options);
    if (local.status === 'ok') return local;
    const shared = await this.shared.verify(sha256);
    if (shared.status !== 'ok') return local.status === 'corrupt' ? local : shared;
    if (local.status === 'missing') return shared;
    if (local.status !== 'corrupt') return local;
    await this.local.put(await this.shared.get(sha256));
    return { ...local, status: 'repaired', from: this.shared.location };
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = await this.shared.put(bytes);
    await this.local.put(bytes);
    return sha;
  }
}
