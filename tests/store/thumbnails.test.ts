import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../../src/core/image.js';
import { ThumbnailCache } from '../../src/store/thumbnails.js';
import { tempDir } from '../helpers.js';

const BLOB = 'ab'.repeat(32);

function thumbnail(width: number, height: number): GreyImage {
  return { data: Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % 256), width, height };
}

async function fileOf(root: string): Promise<string> {
  const [folder] = await readdir(root);
  const [name] = await readdir(path.join(root, folder as string));
  return path.join(root, folder as string, name as string);
}

describe('grey thumbnail cache', () => {
  it('stores off the main thread into a folder it makes when missing, and beside others when not', async () => {
    const cache = new ThumbnailCache(await tempDir());
    await cache.store(BLOB, thumbnail(16, 9));
    await cache.store(`${BLOB.slice(0, 62)}cd`, thumbnail(8, 8));
    expect(cache.get(BLOB)?.data).toEqual(thumbnail(16, 9).data);
    expect(cache.get(`${BLOB.slice(0, 62)}cd`)?.data).toEqual(thumbnail(8, 8).data);
    // Both files and no temporary file left.
    expect((await readdir(path.join(cache.root, 'ab'))).sort()).toEqual([
      `${BLOB}.grey`,
      `${BLOB.slice(0, 62)}cd.grey`,
    ]);
  });

  it('gives back exactly what was stored, as whole grey levels, and nothing for an unknown blob', async () => {
    const cache = new ThumbnailCache(await tempDir());
    const stored = thumbnail(256, 171);
    cache.set(BLOB, stored);
    const read = cache.get(BLOB);
    expect([read?.width, read?.height]).toEqual([256, 171]);
    expect(read?.data).toEqual(stored.data);
    expect(cache.get('cd'.repeat(32))).toBeUndefined();
  });

  it('writes the same file through the thread pool (store) as synchronously (set)', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const stored = thumbnail(200, 133);
    new ThumbnailCache(a).set(BLOB, stored);
    await new ThumbnailCache(b).store(BLOB, stored);
    expect(await readFile(await fileOf(b))).toEqual(await readFile(await fileOf(a)));
    expect(new ThumbnailCache(b).get(BLOB)?.data).toEqual(stored.data);
    // An unusable folder costs a later decode, never an error.
    const blocked = path.join(a, 'file');
    await writeFile(blocked, 'not a folder');
    await expect(new ThumbnailCache(blocked).store(BLOB, stored)).resolves.toBeUndefined();
  });

  it('treats a torn, bit-flipped or foreign file as a miss, and a new set repairs it', async () => {
    const root = await tempDir();
    const cache = new ThumbnailCache(root);
    cache.set(BLOB, thumbnail(64, 64));
    const file = await fileOf(root);
    const good = await readFile(file);

    await truncate(file, good.length - 100);
    expect(cache.get(BLOB)).toBeUndefined();

    const flipped = Buffer.from(good);
    flipped[500] = (flipped[500] as number) ^ 1;
    await writeFile(file, flipped);
    expect(cache.get(BLOB)).toBeUndefined();

    await writeFile(file, 'not a thumbnail at all');
    expect(cache.get(BLOB)).toBeUndefined();

    cache.set(BLOB, thumbnail(64, 64));
    expect(cache.get(BLOB)?.width).toBe(64);
  });

  it('a failed write is not thrown (the thumbnail is made again later) and leaves no temporary file', async () => {
    const root = await tempDir();
    // A file where the cache's folder should be: every write fails.
    await writeFile(path.join(root, 'thumbs'), 'in the way');
    const cache = new ThumbnailCache(path.join(root, 'thumbs'));
    expect(() => cache.set(BLOB, thumbnail(8, 8))).not.toThrow();
    expect(cache.get(BLOB)).toBeUndefined();
    expect(await readdir(root)).toEqual(['thumbs']);
  });
});
