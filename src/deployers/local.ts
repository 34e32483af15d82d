import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { sha256OfFile } from '../store/file-hash.js';
import type { DeliveryTarget } from './target.js';

/** A folder on disk (the CLI default): each file is written atomically. */
export class LocalTarget implements DeliveryTarget {
  constructor(
    readonly root: string,
    private readonly baseUrl?: string,
  ) {}

  get location(): string {
    return this.root;
  }

  async list(): Promise<Set<string>> {
    try {
      const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
      return new Set(
        entries
          .filter((e) => e.isFile() && !e.name.startsWith('.tmp-'))
          .map((e) => path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join('/')),
      );
    } catch {
      return new Set();
    }
  }

  async matches(relative: string, sha256: string): Promise<boolean> {
    return (await sha256OfFile(this.fileOf(relative))) === sha256;
  }

  async put(relative: string, bytes: Buffer): Promise<void> {
    await writeFileAtomic(this.fileOf(relative), bytes);
  }

  private fileOf(relative: string): string {
    const file = path.resolve(this.root, relative);
    if (!file.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`path ${relative} escapes ${this.root}`);
    return file;
  }

  url(relative: string): string | undefined {
    return this.baseUrl ? `${this.baseUrl.replace(/\/$/, '')}/${relative}` : undefined;
  }
}
