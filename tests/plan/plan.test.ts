import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/model.js';
import { expandMatrix } from '../../src/plan/matrix.js';
import { applyStyles } from '../../src/plan/prompt.js';
import { MAX_SEED, seedFor } from '../../src/plan/seeds.js';
import { renderTemplate } from '../../src/plan/template.js';
import { runCli, SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function planOf(manifest: string): Promise<Plan> {
  const dir = await tempDir();
  const file = await writeManifest(dir, manifest);
  const run = await runCli(['plan', '-m', file]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(await readFile(path.join(dir, '.genops/run/plan.json'), 'utf8'));
}

describe('templates', () => {
  it('fills placeholders and reports the missing ones', () => {
    expect(renderTemplate('a {{ c }} {{x}} and {{c}}', { c: 'red' })).toEqual({
      text: 'a red {{x}} and red',
      missing: ['x'],
    });
  });
});

describe('matrix expansion', () => {
  it('takes the cartesian product, excludes matches, and includes extra combinations', () => {
    const combos = expandMatrix({
      color: ['red', 'blue'],
      size: ['s', 'l'],
      exclude: [{ color: 'blue', size: 'l' }],
      include: [
        { color: 'gold', size: 's' },
        { color: 'red', shade: 'dark' },
      ],
    });
    expect(combos).toEqual([
      { color: 'red', size: 's', shade: 'dark' },
      { color: 'red', size: 'l', shade: 'dark' },
      { color: 'blue', size: 's' },
      { color: 'gold', size: 's' },
    ]);
  });
});

describe('styles', () => {
  it('puts positive modifiers and mood after the subject and negatives in the negative prompt, without repeats', () => {
    const out = applyStyles('a red sun', 'blurry', [
      { positive: 'warm light', negative: 'cold, blurry', mood: 'cosy' },
      { positive: 'Warm light' },
    ]);
    expect(out).toEqual({ prompt: 'a red sun, warm light, cosy', negativePrompt: 'blurry, cold, blurry' });
  });
});

describe('seeds', () => {
  it('derives a stable seed per (asset, variant) in Stability’s range, and offsets a pinned one', () => {
    expect(seedFor('hero', 0)).toBe(seedFor('hero', 0));
    expect(seedFor('hero', 0)).not.toBe(seedFor('hero', 1));
    expect(seedFor('hero', 0)).not.toBe(seedFor('hera', 0));
    for (let v = 0; v < 50; v++) expect(seedFor(`a${v}`, v)).toBeLessThanOrEqual(MAX_SEED);
    expect(seedFor('x', 3, 100)).toBe(103);
    expect(seedFor('x', 1, MAX_SEED)).toBe(0);
  });
});

describe('plan layer', () => {
  it('expands assets, applies styles and embeddings, and gives each job a key', async () => {
    const plan = await planOf(`${SMALL_MANIFEST}  - id: lora-test
    prompt: a portrait
    loras: [{ name: film, weight: 0.7 }]
    embeddings: [{ name: easyneg }]
    hypernetworks: [{ name: h1, weight: 0.3 }]
`);
    expect(plan.assets.map((a) => a.id)).toEqual(['one', 'two-teal', 'two-gold', 'lora-test']);
    expect(plan.jobs).toHaveLength(5);
    const one = plan.jobs.find((j) => j.asset === 'one' && j.variant === 1);
    expect(one?.request).toMatchObject({
      prompt: 'a red sun over blue mountains, warm light, cosy',
      negativePrompt: 'cold',
      width: 128,
      height: 96,
    });
    const lora = plan.jobs.find((j) => j.asset === 'lora-test');
    expect(lora?.request.embeddings).toEqual([
      { kind: 'lora', name: 'film', weight: 0.7 },
      { kind: 'hypernetwork', name: 'h1', weight: 0.3 },
      { kind: 'textual-inversion', name: 'easyneg', weight: 1 },
    ]);
    expect(new Set(plan.jobs.map((j) => j.key)).size).toBe(5);
    for (const job of plan.jobs) expect(job.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes a key only when something that changes the image changes', async () => {
    const base = await planOf(SMALL_MANIFEST);
    const retitled = await planOf(
      SMALL_MANIFEST.replace('  - id: one\n', '  - id: one\n    title: A new title\n    tags: [x]\n'),
    );
    expect(retitled.jobs.map((j) => j.key)).toEqual(base.jobs.map((j) => j.key));
    const resized = await planOf(SMALL_MANIFEST.replace('size: 128x96', 'size: 128x64'));
    expect(resized.jobs.filter((j) => base.jobs.some((b) => b.key === j.key))).toHaveLength(0);
    const reprompted = await planOf(SMALL_MANIFEST.replace('a red sun', 'a pink sun'));
    const changed = reprompted.jobs.filter((j) => !base.jobs.some((b) => b.key === j.key));
    expect(changed.map((j) => j.asset)).toEqual(['one', 'one']);
  });

  it('gives golden keys, identical from another directory, locale and time zone', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const runIn = async (cwd: string, env: Record<string, string>) => {
      const out = await tempDir();
      const tsx = path.join(root, 'node_modules/.bin/tsx');
      const { stdout } = await exec(tsx, [path.join(import.meta.dirname, 'print-keys.ts'), manifest, out], {
        cwd,
        env: { ...process.env, ...env },
      });
      return JSON.parse(stdout.trim().split('\n').pop() as string);
    };
    const a = await runIn(root, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
    const b = await runIn(dir, { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(a.code).toBe(0);
    expect(b.keys).toEqual(a.keys);
    // Golden keys: a change here regenerates every user's images. Change only on purpose.
    expect(a.keys).toEqual(GOLDEN_KEYS);
  });
});

const GOLDEN_KEYS = [
  'd90a08ea00fde67e59f18555faf3a7a3bd77393656e21967580125a17e651f81',
  '3ff8500ca2b51872394435aca6ba0fc143dd656a01d8d72b7a1e88f4202b770f',
  '347f4fe3f1fa66dfddec4e031d51d05807b6fc8ece97f88c317f7b39d1fc39a3',
  '4626b7cbc735c5a0dff839c0b47c90f89a998f838baf6a38e3d7837c1f3c4feb',
];
