import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from './atomic.js';

/**
 * A folder of small JSON records, one file per key (`<root>/ab/<key>.json`), each written atomically.
 * One file per key means parallel writers never contend and a killed run loses at most the entries
 * it had not finished, never an index.
 */
export class JsonIndex<T> {
  constructor(readonly root: string) {}

  private fileOf(key: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(key) || key.includes('..'))
      throw new Error(`invalid index key ${JSON.stringify(key)}`);
    return path.join(this.root, key.slice(0, 2), `${key}.json`);
  }

  /** The record, or undefined when absent or unreadable (an unreadable record is a miss, not a crash). */
  async get(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(key), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: T): Promise<void> {
    await writeJsonAtomic(this.fileOf(key), value);
  }
}
