import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaller } from '../../src/generators/caller.js';
import { durationMs, imageSizeFor } from '../../src/generators/google.js';
import { loadManifest } from '../../src/manifest/load.js';
import { tempDir, writeManifest } from '../helpers.js';
import { type GooglePeer, startGooglePeer } from '../peers/google-peer.js';
import { backendChecks } from './backend-checks.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

const KEY = 'AIza-google-peer-key';
const env = { GEMINI_API_KEY: KEY };
let peer: GooglePeer;

beforeAll(async () => {
  peer = await startGooglePeer({ apiKey: KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.bodies.length = 0;
});

const gen = (config: Record<string, unknown> = {}, e: NodeJS.ProcessEnv = env) =>
  generatorFor({ type: 'google', baseUrl: peer.url, ...config }, e);

describe('google sizes', () => {
  it('picks the smallest tier covering the long edge', () => {
    expect(imageSizeFor(512, 512)).toBe('1K');
    expect(imageSizeFor(1024, 768)).toBe('1K');
    expect(imageSizeFor(1600, 900)).toBe('2K');
    expect(imageSizeFor(3000, 1000)).toBe('4K');
    expect(imageSizeFor(8000, 8000)).toBe('4K');
  });

  it('reads protobuf durations', () => {
    expect(durationMs('34s')).toBe(34_000);
    expect(durationMs('0.05s')).toBe(50);
    expect(durationMs('soon')).toBeUndefined();
  });
});

describe('google generator against the peer', () => {
  it('generateContent with IMAGE modality, aspect ratio and image size; the image is conformed to the exact size', async () => {
    const g = gen();
    const job = makeJob(g, {
      prompt: 'lagoon',
      negativePrompt: 'boats',
      seed: 99,
      width: 1600,
      height: 900,
      format: 'webp',
    });
    const result = await g.generate(job, ctx());
    expect(peer.bodies[0]).toEqual({
      model: 'gemini-3.1-flash-image',
      body: {
        contents: [{ role: 'user', parts: [{ text: 'lagoon\n\nAvoid: boats' }] }],
        generationConfig: {
          responseModalities: ['IMAGE'],
          seed: 99,
          imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
        },
      },
    });
    expect(result.facts).toMatchObject({ seed: 99, model: 'gemini-3.1-flash-image', reproducible: false });
    expect(result.facts.extra).toMatchObject({
      aspectRatio: '16:9',
      imageSize: '2K',
      usage: { totalTokenCount: 1302 },
    });
    expect(await dimensions(result.bytes)).toEqual({ width: 1600, height: 900, format: 'webp' });
  });

  it('gemini-2.5-flash-image gets no imageSize; 3.1 flash gets its wide ratios, others do not', async () => {
    const old = gen({ model: 'gemini-2.5-flash-image' });
    await old.generate(makeJob(old, { width: 1600, height: 400 }), ctx());
    expect(peer.bodies[0]?.body.generationConfig?.imageConfig).toEqual({ aspectRatio: '21:9' });
    const wide = gen();
    await wide.generate(makeJob(wide, { width: 1600, height: 400 }), ctx());
    expect(peer.bodies[1]?.body.generationConfig?.imageConfig).toEqual({
      aspectRatio: '4:1',
      imageSize: '2K',
    });
  });

  it('a blocked prompt and an IMAGE_SAFETY finish are policy failures, never retried', async () => {
    const g = gen({ retries: 3 });
    const caller = createCaller(g, { minRetryDelayMs: 1 });
    const before = peer.stats.requests;
    const blocked = await caller.call(
      makeJob(g, { prompt: 'forbidden thing' }),
      new AbortController().signal,
    );
    expect(blocked.failure).toMatchObject({ kind: 'policy', attempts: 1 });
    expect(blocked.failure?.message).toMatch(/blocked the prompt \(PROHIBITED_CONTENT\)/);
    const unsafe = await caller.call(
      makeJob(g, { prompt: 'unsafe-image please' }),
      new AbortController().signal,
    );
    expect(unsafe.failure).toMatchObject({ kind: 'policy', attempts: 1 });
    expect(unsafe.failure?.message).toMatch(/IMAGE_SAFETY/);
    expect(peer.stats.requests - before).toBe(2);
  });

  it('a text-only answer is transient (another try may draw it)', async () => {
    const g = gen();
    const error = await rejection(g.generate(makeJob(g, { prompt: 'words-only' }), ctx()));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/no image .*describe it instead/);
  });

  it('429 honours RetryInfo; 500 and garbage are transient', async () => {
    const g = gen();
    peer.options.retryAfterMs = 1500;
    peer.faults.failNext('429');
    expect(await rejection(g.generate(makeJob(g), ctx()))).toMatchObject({
      kind: 'transient',
      options: { status: 429, retryAfterMs: 1500 },
    });
    peer.options.retryAfterMs = undefined;
    peer.faults.failNext('500');
    expect((await rejection(g.generate(makeJob(g), ctx()))).kind).toBe('transient');
    peer.faults.failNext('truncate');
    expect((await rejection(g.generate(makeJob(g), ctx()))).message).toMatch(/not JSON/);
  });

  it('400 API_KEY_INVALID is an auth failure, not bad input; GOOGLE_API_KEY wins over GEMINI_API_KEY', async () => {
    const wrong = gen({}, { GEMINI_API_KEY: 'AIza-wrong-key-000' });
    const error = await rejection(wrong.generate(makeJob(wrong), ctx()));
    expect(error).toMatchObject({ kind: 'permanent', options: { status: 400 } });
    expect(error.message).toMatch(
      /rejected the key in GOOGLE_API_KEY or GEMINI_API_KEY \(400 API_KEY_INVALID\)/,
    );
    const both = gen({}, { GOOGLE_API_KEY: KEY, GEMINI_API_KEY: 'AIza-wrong-key-000' });
    await both.generate(makeJob(both), ctx());
    const named = gen({ apiKeyEnv: 'MY_GEMINI' }, {});
    expect((await rejection(named.generate(makeJob(named), ctx()))).message).toMatch(/MY_GEMINI is not set/);
  });

  it('imagen-* is refused at plan time, at its line, naming the replacement', async () => {
    expect(() => gen({ model: 'imagen-4.0-generate-001' })).toThrow(
      /withdrawn from the Gemini API.*gemini-3.1-flash-image/,
    );
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      'version: 1\ngenerators:\n  g:\n    type: google\n    model: imagen-4.0-ultra-generate-001\nassets:\n  - id: a\n    prompt: x\n    generator: g\n',
    );
    const error = await loadManifest(manifest).catch((e: Error) => e);
    expect(String(error)).toMatch(/genops\.yaml:5:\d+.*imagen-4\.0-ultra-generate-001.*gemini-3-pro-image/s);
  });

  it('model and a forced image size are the identity', () => {
    expect(gen({ model: 'gemini-3-pro-image', imageSize: '4K' }).identity()).toEqual({
      type: 'google',
      model: 'gemini-3-pro-image',
      endpointClass: 'gemini-api',
      version: '1',
      settings: { imageSize: '4K' },
    });
  });
});

backendChecks({
  type: 'google',
  keyEnv: 'GEMINI_API_KEY',
  key: 'AIza-checks-key-abcdef',
  start: ({ slowMs, ...options }) => startGooglePeer({ ...options, latencyMs: slowMs }),
  config: (p) => ({ type: 'google', baseUrl: p.url }),
  example: 'google',
  exampleGenerators: ['flash', 'pro'],
  otherModel: 'gemini-3-pro-image',
  baseUrl: (p) => p.url,
});
