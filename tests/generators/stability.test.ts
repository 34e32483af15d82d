import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaller } from '../../src/generators/caller.js';
import { nearestAspectRatio } from '../../src/generators/stability.js';
import { type StabilityPeer, startStabilityPeer } from '../peers/stability-peer.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

const KEY = 'sk-stability-peer-key';
const env = { STABILITY_API_KEY: KEY };
let peer: StabilityPeer;

beforeAll(async () => {
  peer = await startStabilityPeer({ apiKey: KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.forms.length = 0;
});

const gen = (config: Record<string, unknown> = {}, e: NodeJS.ProcessEnv = env) =>
  generatorFor({ type: 'stability', baseUrl: peer.url, ...config }, e);

describe('stability aspect ratios', () => {
  it('picks the nearest allowed ratio on a log scale', () => {
    expect(nearestAspectRatio(1024, 1024)).toBe('1:1');
    expect(nearestAspectRatio(1920, 1080)).toBe('16:9');
    expect(nearestAspectRatio(1080, 1920)).toBe('9:16');
    expect(nearestAspectRatio(1024, 768)).toBe('5:4'); // 4:3 sits between 5:4 and 3:2, nearer 5:4
    expect(nearestAspectRatio(3000, 1000)).toBe('21:9');
    expect(nearestAspectRatio(600, 900)).toBe('2:3');
  });
});

describe('stability generator against the peer', () => {
  it('sends a multipart form with the explicit seed and records the returned seed', async () => {
    const g = gen({ endpoint: 'core', stylePreset: 'anime' });
    const job = makeJob(g, { prompt: 'castle', negativePrompt: 'fog', seed: 777, width: 640, height: 360 });
    const result = await g.generate(job, ctx());
    expect(peer.forms[0]).toEqual({
      endpoint: 'core',
      fields: {
        prompt: 'castle',
        negative_prompt: 'fog',
        aspect_ratio: '16:9',
        seed: '777',
        output_format: 'png',
        style_preset: 'anime',
      },
    });
    expect(result.facts).toMatchObject({ seed: 777, model: 'stable-image-core', reproducible: true });
    expect(result.facts.extra).toMatchObject({ aspectRatio: '16:9', finishReason: 'SUCCESS' });
    // The peer made 168x96 (16:9 at 1/8 scale): cover-resized to exactly what was asked.
    expect(await dimensions(result.bytes)).toEqual({ width: 640, height: 360, format: 'png' });
  });

  it('records the seed Stability picked when asked for seed 0 (random) and marks it not reproducible', async () => {
    const g = gen();
    const result = await g.generate(makeJob(g, { seed: 0 }), ctx());
    expect(result.facts.seed).toBeGreaterThan(0);
    expect(result.facts.reproducible).toBe(false);
  });

  it('sd3: sends model, mode and cfg_scale; style presets are refused there', async () => {
    const g = gen({ endpoint: 'sd3', model: 'sd3.5-medium' });
    const result = await g.generate(makeJob(g, { cfgScale: 4.5, format: 'webp' }), ctx());
    expect(peer.forms[0]?.endpoint).toBe('sd3');
    expect(peer.forms[0]?.fields).toMatchObject({
      model: 'sd3.5-medium',
      mode: 'text-to-image',
      cfg_scale: '4.5',
      output_format: 'png',
    });
    expect(result.mediaType).toBe('image/webp');
    expect(g.identity().model).toBe('sd3.5-medium');
    const styled = gen({ endpoint: 'sd3', stylePreset: 'anime' });
    expect((await rejection(styled.generate(makeJob(styled), ctx()))).message).toMatch(
      /not available on the sd3/,
    );
  });

  it('CONTENT_FILTERED is a policy failure', async () => {
    const g = gen();
    const error = await rejection(g.generate(makeJob(g, { prompt: 'blurry-nsfw scene' }), ctx()));
    expect(error.kind).toBe('policy');
    expect(error.message).toMatch(/CONTENT_FILTERED/);
  });

  it('403 content_moderation is policy and not retried by the caller', async () => {
    const g = gen({ retries: 3 });
    const before = peer.stats.requests;
    const outcome = await createCaller(g, { minRetryDelayMs: 1 }).call(
      makeJob(g, { prompt: 'forbidden thing' }),
      new AbortController().signal,
    );
    expect(outcome.failure).toMatchObject({ kind: 'policy', status: 403, attempts: 1 });
    expect(outcome.failure?.message).toMatch(/content_moderation/);
    expect(peer.stats.requests - before).toBe(1);
  });

  it('429 is transient with the retry-after; 500 transient; truncated image transient', async () => {
    const g = gen();
    peer.faults.failNext('429');
    const limited = await rejection(g.generate(makeJob(g), ctx()));
    expect(limited).toMatchObject({ kind: 'transient', options: { status: 429, retryAfterMs: 1000 } });
    peer.options.omitRetryAfter = true;
    peer.faults.failNext('429');
    const silent = await rejection(g.generate(makeJob(g), ctx()));
    peer.options.omitRetryAfter = false;
    // No header: Stability's documented 60 s penalty box.
    expect(silent).toMatchObject({ kind: 'transient', options: { status: 429, retryAfterMs: 60_000 } });
    peer.faults.failNext('500');
    expect((await rejection(g.generate(makeJob(g), ctx()))).kind).toBe('transient');
    peer.faults.failNext('truncate');
    const cut = await rejection(g.generate(makeJob(g), ctx()));
    expect(cut.kind).toBe('transient');
    expect(cut.message).toMatch(/truncated/);
  });

  it('a missing key names the variable; a wrong key is permanent (401)', async () => {
    const none = gen({}, {});
    const missing = await rejection(none.generate(makeJob(none), ctx()));
    expect(missing.kind).toBe('permanent');
    expect(missing.message).toContain('STABILITY_API_KEY');
    const wrong = gen({}, { STABILITY_API_KEY: 'sk-not-the-right-one' });
    const denied = await rejection(wrong.generate(makeJob(wrong), ctx()));
    expect(denied).toMatchObject({ kind: 'permanent', options: { status: 401 } });
    expect(denied.message).not.toContain('sk-not-the-right-one');
  });

  it('unknown style presets fail the job before any request', async () => {
    const g = gen({ stylePreset: 'watercolour' });
    const error = await rejection(g.generate(makeJob(g), ctx()));
    expect(error.message).toMatch(/"watercolour" is not allowed; use one of: 3d-model/);
    expect(peer.forms).toHaveLength(0);
  });

  it('stylePreset is part of the identity', () => {
    expect(gen({ stylePreset: 'anime' }).identity()).toEqual({
      type: 'stability',
      model: 'stable-image-core',
      endpointClass: 'stability',
      version: '1',
      settings: { stylePreset: 'anime' },
    });
  });
});
