import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPES } from '../../src/core/formats.js';
import { silentLogger } from '../../src/core/log.js';
import type { QaReport } from '../../src/core/model.js';
import { mulberry32 } from '../../src/core/random.js';
import type { Generator } from '../../src/generators/generator.js';
import { encodeGenerated } from '../../src/generators/image-output.js';
import { createProceduralGenerator } from '../../src/generators/procedural.js';
import { createContext } from '../../src/layers/context.js';
import { deliverLayer } from '../../src/layers/deliver.js';
import { planLayer } from '../../src/layers/plan.js';
import { qaLayer } from '../../src/layers/qa.js';
import { synthesizeLayer } from '../../src/layers/synthesize.js';
import { readJson, runCli, tempDir, writeManifest } from '../helpers.js';

describe('quality gates in the pipeline', () => {
  it('stops a blocked prompt before any back end is called, and reports the policy reason', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      `version: 1
defaults: { size: 64x64 }
policy:
  block: [gore, "/\\\\bblood(y)?\\\\b/i"]
  allow: [blood orange]
assets:
  - id: bad
    prompt: a gory scene with Bloody gore
  - id: fine
    prompt: a blood orange on a table
  - id: asset-rule
    prompt: a red logo
    qa: { block: [logo] }
`,
    );
    const calls: string[] = [];
    const ctx = createContext({ manifestPath: manifest, log: silentLogger });
    await planLayer(ctx);
    const counting = (name: string): Generator => {
      const real = createProceduralGenerator({ name, config: { type: 'procedural' }, baseDir: dir, env: {} });
      return {
        ...real,
        generate: (job, c) => {
          calls.push(job.asset);
          return real.generate(job, c);
        },
      };
    };
    const synthesis = await synthesizeLayer(ctx, counting);
    expect(calls).toEqual(['fine']);
    expect(synthesis.counts).toMatchObject({ generated: 1, failed: 2 });
    const qa = await qaLayer(ctx);
    const bad = qa.assets.find((a) => a.id === 'bad');
    expect(bad?.verdict).toBe('fail');
    const badJob = Object.values(qa.jobs).find((j) => j.asset === 'bad');
    const blocked = badJob?.checks.filter((c) => c.id === 'policy.prompt' && !c.passed) ?? [];
    expect(blocked.map((c) => c.severity)).toEqual(['policy', 'policy']);
    expect(blocked.map((c) => c.reason).join(' ')).toMatch(/gore/);
    expect(qa.assets.find((a) => a.id === 'asset-rule')?.verdict).toBe('fail');
    expect(qa.assets.find((a) => a.id === 'fine')?.verdict).toBe('pass');

    const run = await runCli(['run', '-m', manifest]);
    expect(run.code).toBe(1);
    const md = await readFile(path.join(dir, '.genops/run/report.md'), 'utf8');
    expect(md).toMatch(/<code>bad<\/code>.*gore/);
  });

  it('names the manifest place of a bad regex rule', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      'version: 1\npolicy:\n  block: ["/([a-z/"]\nassets:\n  - id: a\n    prompt: x\n',
    );
    const run = await runCli(['plan', '-m', manifest]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/policy\.block\[0\]/);
  });

  it('compares a changed asset with its last approved version: SSIM, a diff image, and the verdict', async () => {
    const dir = await tempDir();
    const base =
      'version: 1\ndefaults: { size: 256x192 }\nassets:\n  - id: scene\n    prompt: blue mountains under a red sun\n    seed: 7\n  - id: steady\n    prompt: teal ocean waves\n';
    const manifest = await writeManifest(dir, base);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    let qa = await readJson<QaReport>(path.join(dir, '.genops/run/qa.json'));
    expect(qa.assets.map((a) => a.change)).toEqual(['new', 'new']);

    await writeManifest(
      dir,
      base.replace('blue mountains under a red sun', 'blue mountains under a red sun with stars'),
    );
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    qa = await readJson<QaReport>(path.join(dir, '.genops/run/qa.json'));
    const scene = qa.assets.find((a) => a.id === 'scene');
    expect(scene?.change).toBe('changed');
    expect(scene?.ssim).toBeGreaterThan(0);
    expect(scene?.ssim).toBeLessThan(1);
    expect(qa.assets.find((a) => a.id === 'steady')).toMatchObject({ change: 'unchanged', ssim: 1 });
    const diff = path.join(dir, '.genops/run', scene?.diff as string);
    expect(existsSync(diff)).toBe(true);
    const meta = await sharp(diff).metadata();
    expect(meta.format).toBe('png');
  });

  it('calls the same textured picture re-encoded unchanged, from the thumbnails each QA kept of its decode', async () => {
    const dir = await tempDir();
    const manifestFor = (format: string) =>
      `version: 1\ndefaults: { size: 512x512, format: ${format} }\nassets:\n  - id: grass\n    prompt: dense grass texture\n`;
    // Fine texture: a nearest-neighbour sample of it made a lossy re-encode look changed.
    const texture = () => {
      const next = mulberry32(12345);
      const data = Buffer.alloc(512 * 512 * 3);
      for (let i = 0; i < data.length; i++) data[i] = 40 + next() * 160;
      return sharp(data, { raw: { width: 512, height: 512, channels: 3 } }).blur(0.6);
    };
    const textured = (name: string): Generator => {
      const real = createProceduralGenerator({ name, config: { type: 'procedural' }, baseDir: dir, env: {} });
      return {
        ...real,
        generate: async (job) => ({
          bytes: await encodeGenerated(texture(), job.request.format),
          mediaType: MEDIA_TYPES[job.request.format],
          facts: { model: 'texture', reproducible: true },
        }),
      };
    };
    const manifest = await writeManifest(dir, manifestFor('png'));
    const ctx = createContext({ manifestPath: manifest, log: silentLogger });
    const cycle = async (format: string, beforeQa?: (lastBlob: string) => Promise<void>) => {
      await writeManifest(dir, manifestFor(format));
      await planLayer(ctx);
      await synthesizeLayer(ctx, textured);
      const locked = JSON.parse(await readFile(ctx.lockfilePath, 'utf8').catch(() => '{"assets":{}}'));
      if (beforeQa) await beforeQa(locked.assets.grass.blob);
      const qa = await qaLayer(ctx);
      await deliverLayer(ctx);
      return qa.assets[0];
    };
    expect((await cycle('png'))?.change).toBe('new');
    // JPEG, with the PNG's blob gone from the store: the first QA kept the PNG's thumbnail from its
    // decode (no approved version existed then), and the JPEG's comes from its own QA decode.
    const removeBlob = (blob: string) => rm(path.join(dir, '.genops/blobs/sha256', blob.slice(0, 2), blob));
    const jpeg = await cycle('jpeg', removeBlob);
    expect(jpeg).toMatchObject({ change: 'unchanged', verdict: 'pass' });
    expect(jpeg?.ssim).toBeLessThan(1);
    expect(jpeg?.ssim).toBeGreaterThanOrEqual(0.98);
    // WebP, with the JPEG's blob gone from the store: its cached thumbnail is all the comparison needs.
    const webp = await cycle('webp', removeBlob);
    expect(webp).toMatchObject({ change: 'unchanged', verdict: 'pass' });
    expect(webp?.ssim).toBeLessThan(1);
  });

  it('settles each asset as its jobs finish, or after all jobs when duplicates count across assets', async () => {
    const dir = await tempDir();
    const manifestWith = (acrossAssets: string) =>
      `version: 1\ndefaults: { size: 96x96 }\nassets:\n${['one', 'two', 'three']
        .map((id) => `  - id: ${id}\n    prompt: kettle ${id}\n    variants: 2\n`)
        .join(
          '',
        )}  - id: lone\n    prompt: a blue bicycle\n    qa: { similarity: { acrossAssets: ${acrossAssets} } }\n`;
    // One picture for every kettle prompt (the bicycle is procedural): duplicates across assets.
    const kettles = (name: string): Generator => {
      const real = createProceduralGenerator({ name, config: { type: 'procedural' }, baseDir: dir, env: {} });
      const next = mulberry32(99);
      const kettle = Buffer.alloc(96 * 96 * 3).map(() => 60 + next() * 120);
      return {
        ...real,
        generate: async (job, c) =>
          job.asset === 'lone'
            ? real.generate(job, c)
            : {
                bytes: await encodeGenerated(
                  sharp(kettle, { raw: { width: 96, height: 96, channels: 3 } }),
                  'png',
                ),
                mediaType: MEDIA_TYPES.png,
                facts: { model: 'kettle', reproducible: true },
              },
      };
    };
    const qaWith = async (acrossAssets: string) => {
      const manifest = await writeManifest(dir, manifestWith(acrossAssets));
      const ctx = createContext({ manifestPath: manifest, log: silentLogger });
      await planLayer(ctx);
      await synthesizeLayer(ctx, kettles);
      return qaLayer(ctx);
    };
    // Gated across assets: each kettle fails as a near-duplicate of another asset's; those checks
    // need every job checked first, and still come in.
    const gated = await qaWith('gate');
    expect(gated.assets.map((a) => a.id)).toEqual(['one', 'two', 'three', 'lone']);
    for (const id of ['one', 'two', 'three']) {
      const asset = gated.assets.find((a) => a.id === id);
      expect(asset?.verdict).toBe('fail');
      const jobs = Object.values(gated.jobs).filter((j) => j.asset === id);
      for (const job of jobs)
        expect(job.checks.find((c) => c.id === 'similarity.duplicate')).toMatchObject({ passed: false });
    }
    expect(gated.assets.find((a) => a.id === 'lone')?.verdict).toBe('pass');
    // Reported only: each asset settles on its own jobs, its variants still compared with each other.
    const reported = await qaWith('info');
    expect(reported.assets.map((a) => a.id)).toEqual(['one', 'two', 'three', 'lone']);
    expect(reported.assets.every((a) => a.verdict === 'pass')).toBe(true);
    for (const job of Object.values(reported.jobs).filter((j) => j.asset !== 'lone'))
      expect(job.checks.find((c) => c.id === 'similarity.duplicate')).toMatchObject({ severity: 'info' });
  });

  it('runs the embedded NSFW classifier offline when enabled, and says CLIP is not configured', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      'version: 1\ndefaults: { size: 128x128 }\npolicy: { nsfw: { enabled: true } }\nassets:\n  - id: a\n    prompt: green forest\n',
    );
    const run = await runCli(['run', '-m', manifest]);
    expect(run.code, run.stderr).toBe(0);
    const qa = await readJson<QaReport>(path.join(dir, '.genops/run/qa.json'));
    const job = Object.values(qa.jobs)[0];
    const nsfw = job?.checks.find((c) => c.id === 'policy.nsfw');
    expect(nsfw).toMatchObject({ passed: true, severity: 'policy' });
    expect(job?.scores['nsfw.porn']).toBeLessThan(0.6);
    expect(job?.checks.find((c) => c.id === 'clip.score')).toMatchObject({
      value: 'not configured',
      reason: 'CLIP: not configured',
    });
  });

  it('picks among variants by the weighted score, and flags near-duplicate variants', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      'version: 1\ndefaults: { size: 128x128 }\nassets:\n  - id: a\n    prompt: a neon city skyline at night with stars\n    variants: 3\n',
    );
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const qa = await readJson<QaReport>(path.join(dir, '.genops/run/qa.json'));
    const candidates = Object.values(qa.jobs);
    const best = Math.max(...candidates.map((c) => c.scores.aesthetic ?? 0));
    const chosen = qa.jobs[qa.assets[0]?.chosen as string];
    expect(chosen?.scores.aesthetic).toBe(best);
    expect(qa.assets[0]?.reasons[0]).toMatch(/^variant \d chosen: score/);
    for (const c of candidates) expect(c.checks.some((k) => k.id === 'similarity.duplicate')).toBe(true);
  });
});
