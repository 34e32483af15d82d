import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../../src/core/model.js';
import { loadPreviewFiles, makePreviews } from '../../src/github/previews.js';
import { FsBlobStore } from '../../src/store/fs-blob-store.js';
import { tempDir } from '../helpers.js';
import { report, row } from './report-fixtures.js';

const png = (r: number, g: number, b: number) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

describe('previews', () => {
  it('puts the diff of a changed asset beside its before and after, re-encoded for the comment', async () => {
    const runDir = await tempDir();
    const blobs = new FsBlobStore(await tempDir());
    const now = await blobs.put(await png(20, 20, 200));
    const then = await blobs.put(await png(200, 20, 20));
    await mkdir(path.join(runDir, 'diffs'), { recursive: true });
    await writeFile(path.join(runDir, 'diffs/hero.png'), await png(230, 30, 30));
    await writeFile(path.join(runDir, 'secret.png'), await png(1, 2, 3));
    const data = report([
      row('hero', { change: 'changed', blob: now, ssim: 0.41, diff: 'diffs/hero.png' }),
      // A diff path that leaves the run folder is not read.
      row('sneaky', { change: 'changed', blob: now, diff: '../secret.png' }),
    ]);
    const before = { lockfileVersion: 1, assets: { hero: { blob: then } } } as unknown as Lockfile;
    const warnings: string[] = [];
    const set = await makePreviews({ runDir, report: data, before, blobs, warn: (m) => warnings.push(m) });
    expect(set.items[0]).toMatchObject({
      id: 'hero',
      before: '000-hero.before.webp',
      after: '000-hero.after.webp',
      diff: '000-hero.diff.webp',
    });
    expect(set.items[1]?.diff).toBeUndefined();
    expect(warnings).toEqual([]);

    const { files, links } = await loadPreviewFiles(runDir, set, true);
    expect(links[0]?.diff).toBe('000-hero.diff.webp');
    const diff = files.get('000-hero.diff.webp') as Buffer;
    const meta = await sharp(diff).metadata();
    expect(meta.format).toBe('webp');
    const { dominant } = await sharp(diff).stats();
    expect(dominant.r).toBeGreaterThan(150);
    expect(dominant.g).toBeLessThan(80);
  });
});
