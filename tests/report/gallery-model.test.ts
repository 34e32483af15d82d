import { describe, expect, it } from 'vitest';
import type { Job, Plan, PlannedAsset, QaReport, Synthesis } from '../../src/core/model.js';
import { renderGallery } from '../../src/report/gallery/html.js';
import { galleryBlobs, galleryData, relativeUrl } from '../../src/report/gallery/model.js';
import { summarize } from '../../src/report/summary.js';

const blob = (c: string) => c.repeat(64);

function job(asset: string, variant: number): Job {
  return {
    key: `${asset}-k${variant}`,
    asset,
    variant,
    generator: 'art',
    backend: { type: 'procedural', model: 'm', endpointClass: 'local', version: '1' },
    request: {
      prompt: `${asset} prompt`,
      negativePrompt: 'blurry',
      width: 64,
      height: 48,
      format: 'png',
      seed: 100 + variant,
      embeddings: [],
      params: {},
    },
  };
}

function files() {
  const jobs = [job('hero/a b', 0), job('hero/a b', 1), job('x', 0)];
  const asset = (id: string, keys: string[]) =>
    ({ id, source: id, vars: {}, jobs: keys, title: id, tags: ['t'] }) as unknown as PlannedAsset;
  const plan = {
    schema: 'genops/plan@1',
    manifest: 'genops.yaml',
    manifestHash: 'h',
    generators: {},
    targets: [],
    assets: [asset('hero/a b', ['hero/a b-k0', 'hero/a b-k1']), asset('x', ['x-k0'])],
    jobs,
    timings: { startedAt: '', durationMs: 1 },
  } as Plan;
  const synthesis = {
    schema: 'genops/synthesis@1',
    manifestHash: 'h',
    entries: {
      'hero/a b-k0': { key: 'hero/a b-k0', status: 'generated', blob: blob('a'), attempts: 1, durationMs: 1 },
      'hero/a b-k1': {
        key: 'hero/a b-k1',
        status: 'failed',
        failure: { kind: 'permanent', message: 'the back end said <no>', attempts: 1 },
        attempts: 1,
        durationMs: 1,
      },
      'x-k0': { key: 'x-k0', status: 'generated', blob: blob('c'), attempts: 1, durationMs: 1 },
    },
    counts: { jobs: 3, generated: 2, cached: 0, failed: 1 },
    timings: { startedAt: '', durationMs: 1 },
  } as Synthesis;
  const check = { id: 'aesthetic.score', passed: true, value: 6.5, threshold: 3, severity: 'gate' as const };
  const qa = {
    schema: 'genops/qa@1',
    manifestHash: 'h',
    jobs: {
      'hero/a b-k0': {
        key: 'hero/a b-k0',
        asset: 'hero/a b',
        variant: 0,
        blob: blob('a'),
        checks: [check],
        scores: { aesthetic: 6.5 },
        verdict: 'pass',
      },
      'hero/a b-k1': {
        key: 'hero/a b-k1',
        asset: 'hero/a b',
        variant: 1,
        checks: [],
        scores: {},
        verdict: 'fail',
      },
      'x-k0': {
        key: 'x-k0',
        asset: 'x',
        variant: 0,
        blob: blob('c'),
        checks: [check],
        scores: { aesthetic: 6.5 },
        verdict: 'pass',
      },
    },
    assets: [
      {
        id: 'hero/a b',
        chosen: 'hero/a b-k0',
        verdict: 'pass',
        reasons: [],
        change: 'changed',
        previous: blob('b'),
        ssim: 0.8,
        diff: 'diffs/hero/a b.png',
      },
      {
        id: 'x',
        chosen: 'x-k0',
        verdict: 'pass',
        reasons: [],
        change: 'unchanged',
        previous: blob('c'),
        ssim: 1,
        diff: '../escape.png',
      },
    ],
    counts: { assets: 2, passed: 2, failed: 0 },
    timings: { startedAt: '', durationMs: 1 },
  } as QaReport;
  return { plan, synthesis, qa };
}

describe('gallery data and page (pure)', () => {
  it('asks for every variant and previous blob once, and links images by encoded relative path', () => {
    const run = files();
    expect(galleryBlobs(run).sort()).toEqual([blob('a'), blob('b'), blob('c')]);
    const images = new Map([
      [blob('a'), `gallery/${blob('a')}.webp`],
      [blob('b'), `gallery/${blob('b')}.webp`],
    ]);
    const data = galleryData(run, summarize(run), 'summary', images);
    const hero = data.assets.find((a) => a.id === 'hero/a b');
    expect(hero?.variants.map((v) => [v.state, v.chosen, v.image !== undefined])).toEqual([
      ['pass', true, true],
      ['missing', false, false],
    ]);
    expect(hero?.variants[1]?.failure).toBe('the back end said <no>');
    expect(hero?.previous).toEqual({ blob: blob('b'), image: `gallery/${blob('b')}.webp` });
    expect(hero?.diff).toBe('diffs/hero/a%20b.png');
    expect(hero).toMatchObject({ negativePrompt: 'blurry', generator: 'art', width: 64, height: 48 });
    // Unchanged: the previous version is the chosen one, nothing to compare; a diff outside the run is not linked.
    const x = data.assets.find((a) => a.id === 'x');
    expect(x?.previous).toBeUndefined();
    expect(x?.diff).toBeUndefined();
    expect(relativeUrl('diffs\\a#b?.png')).toBe('diffs/a%23b%3F.png');

    const html = renderGallery(data);
    expect(html).toContain('the back end said &lt;no&gt;');
    expect(html).toContain('<img class="before"');
    expect(html).not.toContain('escape.png');
    // The one script is allowed by its hash; nothing else may run or load.
    expect(html).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('shows the original prompt beside the rewritten one when optimize rewrote it, escaped', () => {
    const run = files();
    const rows = summarize(run);
    const hero = rows.assets.find((a) => a.id === 'hero/a b');
    if (hero) hero.originalPrompt = 'a <b>quiet</b> lake';
    const data = galleryData(run, rows, 'summary', new Map());
    expect(data.assets.find((a) => a.id === 'hero/a b')?.originalPrompt).toBe('a <b>quiet</b> lake');
    const html = renderGallery(data);
    expect(html).toContain('<dt>prompt (rewritten by optimize)</dt>');
    expect(html).toContain(
      '<dt>original prompt</dt><dd><span class="prompt">a &lt;b&gt;quiet&lt;/b&gt; lake</span>',
    );
    expect(html).not.toContain('<b>quiet</b>');
    // An asset that was not rewritten says only "prompt".
    expect(renderGallery(galleryData(run, summarize(run), 'summary', new Map()))).not.toContain(
      'original prompt',
    );
  });
});
