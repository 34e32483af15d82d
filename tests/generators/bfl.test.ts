import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bflSize } from '../../src/generators/bfl.js';
import { createCaller } from '../../src/generators/caller.js';
import { type BflPeer, startBflPeer } from '../peers/bfl-peer.js';
import { backendChecks } from './backend-checks.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

const KEY = 'bfl-peer-key-0001';
const env = { BFL_API_KEY: KEY };
let peer: BflPeer;

beforeAll(async () => {
  peer = await startBflPeer({ apiKey: KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.submits.length = 0;
  peer.options.processingMs = 0;
  peer.options.pendingPolls = 0;
});

const gen = (config: Record<string, unknown> = {}, e: NodeJS.ProcessEnv = env) =>
  generatorFor({ type: 'bfl', baseUrl: peer.url, pollIntervalMs: 10, ...config }, e);

describe('bfl sizes', () => {
  it('FLUX.1: multiples of 32 within 256..1440, keeping the ratio; FLUX.2: multiples of 16 up to 4 MP', () => {
    expect(bflSize('flux-pro-1.1', 1024, 1024)).toEqual({ width: 1024, height: 1024 });
    expect(bflSize('flux-pro-1.1', 1440, 816)).toEqual({ width: 1440, height: 832 });
    expect(bflSize('flux-pro-1.1', 1920, 1080)).toEqual({ width: 1440, height: 800 });
    expect(bflSize('flux-pro-1.1', 64, 64)).toEqual({ width: 256, height: 256 });
    expect(bflSize('flux-2-pro', 1920, 1080)).toEqual({ width: 1920, height: 1088 });
    const big = bflSize('flux-2-pro', 4096, 4096);
    expect(big.width * big.height).toBeLessThanOrEqual(4_000_000);
  });
});

describe('bfl generator against the peer', () => {
  it('submits with x-key, polls polling_url until Ready, downloads the signed sample without the key', async () => {
    peer.options.pendingPolls = 2;
    const g = gen({ safetyTolerance: 3 });
    const before = peer.polls;
    const job = makeJob(g, {
      prompt: 'desert',
      negativePrompt: 'text',
      seed: 555,
      width: 1440,
      height: 816,
      format: 'webp',
    });
    const result = await g.generate(job, ctx());
    expect(peer.submits[0]).toEqual({
      model: 'flux-pro-1.1',
      body: {
        prompt: 'desert\n\nAvoid: text',
        seed: 555,
        output_format: 'png',
        width: 1440,
        height: 832,
        safety_tolerance: 3,
      },
    });
    expect(peer.polls - before).toBe(3);
    expect(peer.keyLeaks).toBe(0);
    expect(result.facts).toMatchObject({ seed: 555, model: 'flux-pro-1.1', reproducible: true });
    expect(result.facts.extra).toMatchObject({ size: '1440x832', taskId: expect.any(String) });
    expect(await dimensions(result.bytes)).toEqual({ width: 1440, height: 816, format: 'webp' });
  });

  it('a failed poll of a running task is read again, not paid for twice', async () => {
    peer.options.processingMs = 100;
    peer.options.failPolls = 2;
    const g = gen();
    const before = peer.stats.requests;
    await g.generate(makeJob(g, { prompt: 'blip while running' }), ctx());
    expect(peer.stats.requests - before).toBe(1);
    expect(peer.options.failPolls).toBe(0);
  });

  it('kontext takes an aspect ratio; jpeg is asked for natively', async () => {
    const g = gen({ model: 'flux-kontext-pro' });
    const result = await g.generate(makeJob(g, { width: 832, height: 1248, format: 'jpeg' }), ctx());
    expect(peer.submits[0]?.body).toMatchObject({ aspect_ratio: '2:3', output_format: 'jpeg' });
    expect(peer.submits[0]?.body).not.toHaveProperty('width');
    expect(result.mediaType).toBe('image/jpeg');
  });

  it('Request Moderated and Content Moderated are policy failures, never retried', async () => {
    const g = gen({ retries: 3 });
    const caller = createCaller(g, { minRetryDelayMs: 1 });
    const before = peer.stats.requests;
    for (const [prompt, status] of [
      ['forbidden thing', 'Request Moderated'],
      ['unsafe-image please', 'Content Moderated'],
    ]) {
      const outcome = await caller.call(makeJob(g, { prompt }), new AbortController().signal);
      expect(outcome.failure).toMatchObject({ kind: 'policy', attempts: 1 });
      expect(outcome.failure?.message).toContain(status);
    }
    expect(peer.stats.requests - before).toBe(2);
  });

  it('an Error task is transient; 429 carries Retry-After; garbage is transient; 422 is permanent', async () => {
    const g = gen();
    expect(await rejection(g.generate(makeJob(g, { prompt: 'crash now' }), ctx()))).toMatchObject({
      kind: 'transient',
    });
    peer.options.retryAfterMs = 3000;
    peer.faults.failNext('429');
    expect(await rejection(g.generate(makeJob(g), ctx()))).toMatchObject({
      kind: 'transient',
      options: { status: 429, retryAfterMs: 3000 },
    });
    peer.options.retryAfterMs = undefined;
    peer.faults.failNext('truncate');
    expect((await rejection(g.generate(makeJob(g), ctx()))).message).toMatch(/without a task id/);
    const bad = gen({ safetyTolerance: 9 });
    expect(await rejection(bad.generate(makeJob(bad), ctx()))).toMatchObject({
      kind: 'permanent',
      options: { status: 422 },
    });
  });

  it('a polling_url off the API host never gets the key', async () => {
    const g = gen({ baseUrl: peer.url.replace('127.0.0.1', 'localhost') });
    const error = await rejection(g.generate(makeJob(g), ctx()));
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toMatch(/not sending the key there/);
  });

  it('model, safety tolerance and prompt upsampling are the identity', () => {
    expect(gen({ model: 'flux-2-pro', safetyTolerance: 4, promptUpsampling: true }).identity()).toEqual({
      type: 'bfl',
      model: 'flux-2-pro',
      endpointClass: 'bfl',
      version: '1',
      settings: { safetyTolerance: 4, promptUpsampling: true },
    });
  });
});

backendChecks({
  type: 'bfl',
  keyEnv: 'BFL_API_KEY',
  key: 'bfl-checks-key-abcdef',
  start: ({ slowMs, ...options }) => startBflPeer({ ...options, processingMs: slowMs }),
  config: (p) => ({ type: 'bfl', baseUrl: p.url, pollIntervalMs: 10 }),
  example: 'bfl',
  exampleGenerators: ['pro', 'kontext', 'flux2'],
  otherModel: 'flux-2-pro',
  baseUrl: (p) => p.url,
  tuning: { pollIntervalMs: 20 },
});
