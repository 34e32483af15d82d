import type { BlobStore } from './blob-store.js';

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

  async put(bytes: Buffer): Promise<string> {
    const sha = await this.shared.put(bytes);
    await this.local.put(bytes);
    return sha;
  }
}
