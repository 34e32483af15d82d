import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JsonIndex } from '../../src/store/json-index.js';
import { tempDir } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

describe('an index shared by several processes', () => {
  it('keeps every record whole when processes append at once, also records above one write', async () => {
    const dir = await tempDir();
    const worker = path.join(import.meta.dirname, 'append-worker.ts');
    // 768 KiB records: Node writes them in two write(2) calls, where another process can cut in.
    const writers = ['a', 'b', 'c'].map((tag) => exec(tsx, [worker, dir, tag, '16', String(768 * 1024)]));
    await Promise.all(writers);

    const lines = (await readFile(path.join(dir, 'index.ndjson'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBe(48);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const index = new JsonIndex<{ tag: string; i: number }>(dir);
    for (const tag of ['a', 'b', 'c']) {
      for (let i = 0; i < 16; i++) expect((await index.get(`${tag}-${i}`))?.i).toBe(i);
    }
  }, 120_000);
});
