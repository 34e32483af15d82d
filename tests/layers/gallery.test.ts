/**
 * The review gallery's images: QA makes them from the pixels it decodes, the report layer makes
 * the rest from the blobs, and report.html links whichever file a blob has.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Synthesis } from '../../src/core/model.js';
import { readJson, runCli, tempDir, writeManifest } from '../helpers.js';

// 1000 px wide: QA's box shrink halves it (500 px), the report layer's pipeline fits it in 640.
const MANIFEST = `version: 1
defaults:
  size: 1000x500
assets:
  - id: sun
    prompt: a red sun over blue mountains
    variants: 2
  - id: wave
    prompt: a teal ocean wave
`;

async function setUp() {
  const dir = await tempDir();
  const manifest = await writeManifest(dir, MANIFEST);
  const run = path.join(dir, '.genops', 'run');
  const gallery = path.join(run, 'gallery');
  const blobs = async () =>
    Object.values((await readJson<Synthesis>(path.join(run, 'synthesis.json'))).entries)
      .map((e) => e.blob as string)
      .sort();
  const files = async () => (await readdir(gallery)).sort();
  const width = async (name: string) => (await sharp(path.join(gallery, name)).metadata()).width;
  const linked = async () =>
    [...(await readFile(path.join(run, 'report.html'), 'utf8')).matchAll(/gallery\/([0-9a-f]{64}\.\w+)/g)]
      .map((m) => m[1] as string)
      .filter((name, i, all) => all.indexOf(name) === i)
      .sort();
  return { dir, manifest, gallery, blobs, files, width, linked };
}

describe('review gallery images', () => {
  it('QA makes one per blob it decodes, from that decode, and the report links them', async () => {
    const t = await setUp();
    expect((await runCli(['run', '-m', t.manifest])).code).toBe(0);
    const blobs = await t.blobs();
    expect(blobs).toHaveLength(3);
    expect(await t.files()).toEqual(blobs.map((b) => `${b}.jpg`));
    for (const name of await t.files()) expect(await t.width(name)).toBe(500);
    expect(await t.linked()).toEqual(blobs.map((b) => `${b}.jpg`));
  });

  it('QA leaves an image already made as it is, whatever its extension', async () => {
    const t = await setUp();
    expect((await runCli(['run', '-m', t.manifest])).code).toBe(0);
    const [first, ...rest] = await t.blobs();
    const older = await sharp({ create: { width: 8, height: 4, channels: 4, background: '#0000' } })
      .webp()
      .toBuffer();
    await rm(path.join(t.gallery, `${first}.jpg`));
    await writeFile(path.join(t.gallery, `${first}.webp`), older);
    // First QA again: every image is decoded, none of the gallery's is made again.
    await rm(path.join(t.dir, '.genops', 'cache'), { recursive: true });
    expect((await runCli(['qa', '-m', t.manifest])).code).toBe(0);
    expect(await readFile(path.join(t.gallery, `${first}.webp`))).toEqual(older);
    expect(await t.files()).toEqual([`${first}.webp`, ...rest.map((b) => `${b}.jpg`)].sort());
    expect(await t.linked()).toEqual(await t.files());
  });

  it('the report layer makes those QA did not decode this run from the blobs', async () => {
    const t = await setUp();
    expect((await runCli(['run', '-m', t.manifest])).code).toBe(0);
    await rm(t.gallery, { recursive: true });
    // Measurements cached: QA decodes nothing, so the report layer makes every image.
    expect((await runCli(['qa', '-m', t.manifest])).code).toBe(0);
    const blobs = await t.blobs();
    expect(await t.files()).toEqual(blobs.map((b) => `${b}.jpg`));
    for (const name of await t.files()) expect(await t.width(name)).toBe(640);
    expect(await t.linked()).toEqual(await t.files());
  });
});
