import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import { writeFileAtomic } from '../../src/store/atomic.js';
import { CorruptBlobError } from '../../src/store/blob-store.js';
import { FsBlobStore } from '../../src/store/fs-blob-store.js';
import { JsonIndex } from '../../src/store/json-index.js';
import { RACY_MS, statSignature } from '../../src/store/stat-signature.js';
import { lookupCached, openWorkspace } from '../../src/store/workspace.js';
import { tempDir } from '../helpers.js';

describe('content-addressed blob store (local folder)', () => {
  it('names blobs by their sha256 and returns verified bytes', async () => {
    const store = new FsBlobStore(await tempDir());
    const bytes = Buffer.from('an image');
    const sha = await store.put(bytes);
    expect(sha).toBe(sha256Hex(bytes));
    expect(await store.has(sha)).toBe(true);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('detects corruption on read, and put repairs a damaged blob', async () => {
    const store = new FsBlobStore(await tempDir());
    const bytes = Buffer.from('original bytes');
    const sha = await store.put(bytes);
    await writeFile(store.pathOf(sha), 'damaged');
    await expect(store.get(sha)).rejects.toBeInstanceOf(CorruptBlobError);
    await store.put(bytes);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
  });

  it('a blob damaged at the same size: verify quarantines it, put replaces it, get names the damage', async () => {
    const dir = await tempDir();
    const ws = openWorkspace(dir);
    const store = ws.blobs as FsBlobStore;
    const bytes = Buffer.from('original bytes');
    const sha = await store.put(bytes);
    const damaged = Buffer.from('original bytez');
    await writeFile(store.pathOf(sha), damaged);
    // put() must not take the same size for the same bytes.
    await store.put(bytes);
    expect(sha256Hex(await readFile(store.pathOf(sha)))).toBe(sha);

    await writeFile(store.pathOf(sha), damaged);
    const check = await store.verify(sha);
    expect(check).toMatchObject({ status: 'corrupt', actual: sha256Hex(damaged) });
    const quarantined = (check as { quarantined: string }).quarantined;
    expect(path.dirname(quarantined)).toBe(ws.paths.quarantine);
    expect((await readFile(quarantined)).equals(damaged)).toBe(true);
    expect(await store.has(sha)).toBe(false);
    expect(await store.verify(sha)).toEqual({ status: 'missing' });

    // A cache record naming a damaged blob is a miss, and the caller is told why.
    await store.put(bytes);
    await writeFile(store.pathOf(sha), damaged);
    const key = 'e'.repeat(64);
    await ws.jobs.set(key, {
      key,
      blob: sha,
      mediaType: 'image/png',
      bytes: 14,
      facts: { reproducible: true },
      createdAt: 'now',
    });
    const warnings: string[] = [];
    expect(await lookupCached(ws, key, (w) => warnings.push(w))).toBeUndefined();
    expect(warnings.join('\n')).toMatch(new RegExp(`blob ${sha} was damaged .*moved to .*quarantine`));
  });

  it('refuses names that are not sha256 digests (no path tricks)', async () => {
    const store = new FsBlobStore(await tempDir());
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a sha256/);
  });
});

describe('blobs that hashed whole are remembered by their stat', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, RACY_MS + 100));

  it('verify hashes a blob again only when its stat changed; rehash always does', async () => {
    const dir = await tempDir();
    const hashed = new JsonIndex<string>(path.join(dir, 'hashed'));
    const store = new FsBlobStore(path.join(dir, 'blobs'), path.join(dir, 'quarantine'), hashed);
    const sha = await store.put(Buffer.from('original bytes'));
    // Too fresh to vouch for: a write in the same clock tick would leave the same stat.
    expect(await store.verify(sha)).toEqual({ status: 'ok' });
    expect(await hashed.get(sha)).toBeUndefined();
    await settle();
    expect(await store.verify(sha)).toEqual({ status: 'ok' });
    const remembered = await hashed.get(sha);
    expect(remembered).toBe(statSignature(await stat(store.pathOf(sha))));

    // Rotten bytes behind an unchanged stat (forged here: the memory names the new stat) pass a
    // plain verify, which reads nothing, and fail a rehash.
    await writeFile(store.pathOf(sha), 'original bytez');
    await hashed.set(sha, statSignature(await stat(store.pathOf(sha))));
    expect(await store.verify(sha)).toEqual({ status: 'ok' });
    expect(await store.verify(sha, { rehash: true })).toMatchObject({ status: 'corrupt' });
  });

  it('a write to a remembered blob changes its stat: verify hashes it and quarantines it', async () => {
    const dir = await tempDir();
    const ws = openWorkspace(dir);
    const store = ws.blobs as FsBlobStore;
    const sha = await store.put(Buffer.from('original bytes'));
    await settle();
    expect(await store.verify(sha)).toEqual({ status: 'ok' });
    expect(await readFile(path.join(ws.paths.hashed, 'index.ndjson'), 'utf8')).toContain(sha);
    await writeFile(store.pathOf(sha), 'original bytez'); // same size, new bytes, new ctime
    expect(await store.verify(sha)).toMatchObject({ status: 'corrupt', actual: sha256Hex('original bytez') });
    expect(await readdir(ws.paths.quarantine)).toHaveLength(1);
    // put stores the true bytes again.
    expect(await store.put(Buffer.from('original bytes'))).toBe(sha);
    expect(await store.verify(sha, { rehash: true })).toEqual({ status: 'ok' });
  });
});

describe('atomic writes and the cache index', () => {
  it('replaces a file whole and leaves no temporary file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a', 'b.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['b.json']);
  });

  it('treats an unreadable record as a miss, and a record whose blob is gone as a miss', async () => {
    const dir = await tempDir();
    const ws = openWorkspace(dir);
    const index = new JsonIndex<{ x: number }>(path.join(dir, 'idx'));
    await index.set('abc', { x: 1 });
    await index.set('def', { x: 2 });
    expect(await new JsonIndex(path.join(dir, 'idx')).get('abc')).toEqual({ x: 1 });
    // A killed writer left half a line: that record is lost, the rest survive, the next append is whole.
    await appendFile(path.join(dir, 'idx', 'index.ndjson'), '{"k":"ghi","v":{"x"');
    const reopened = new JsonIndex<{ x: number }>(path.join(dir, 'idx'));
    expect(await reopened.get('ghi')).toBeUndefined();
    expect(await reopened.get('def')).toEqual({ x: 2 });
    await reopened.set('jkl', { x: 4 });
    expect(await new JsonIndex(path.join(dir, 'idx')).get('jkl')).toEqual({ x: 4 });

    const key = 'f'.repeat(64);
    const facts = { reproducible: true };
    await ws.jobs.set(key, {
      key,
      blob: '0'.repeat(64),
      mediaType: 'image/png',
      bytes: 1,
      facts,
      createdAt: 'now',
    });
    expect(await lookupCached(ws, key)).toBeUndefined();
    const blob = await ws.blobs.put(Buffer.from('x'));
    await ws.jobs.set(key, { key, blob, mediaType: 'image/png', bytes: 1, facts, createdAt: 'now' });
    expect((await lookupCached(ws, key))?.blob).toBe(blob);
  });

  it('keeps the last record per key and compacts a log of mostly stale lines', async () => {
    const dir = await tempDir();
    const index = new JsonIndex<number>(dir);
    for (let i = 0; i < 1500; i++) await index.set(`k${i % 10}`, i);
    const before = (await readFile(path.join(dir, 'index.ndjson'), 'utf8')).split('\n').length;
    const reopened = new JsonIndex<number>(dir);
    expect(await reopened.get('k3')).toBe(1493);
    const after = (await readFile(path.join(dir, 'index.ndjson'), 'utf8')).trim().split('\n').length;
    expect(before).toBeGreaterThan(1500);
    expect(after).toBe(10);
  });
});
