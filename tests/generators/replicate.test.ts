import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaller } from '../../src/generators/caller.js';
import { parseModelRef, seedFromLogs } from '../../src/generators/replicate.js';
import { type ReplicatePeer, startReplicatePeer } from '../peers/replicate-peer.js';
import { backendChecks } from './backend-checks.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

const KEY = 'r8_replicate_peer_token';
const env = { REPLICATE_API_TOKEN: KEY };
const SDXL = '39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b';
let peer: ReplicatePeer;

beforeAll(async () => {
  peer = await startReplicatePeer({ apiKey: KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.creates.length = 0;
  peer.cancels.length = 0;
  peer.options.processingMs = 0;
  peer.options.pendingPolls = 0;
  peer.options.syncWindowMs = undefined;
});

const gen = (config: Record<string, unknown> = {}, e: NodeJS.ProcessEnv = env) =>
  generatorFor(
    { type: 'replicate', model: 'black-forest-labs/flux-schnell', baseUrl: `${peer.url}/v1`, ...config },
    e,
  );

describe('replicate model references', () => {
  it('reads owner/name, owner/name:version and bare version ids; refuses the rest at plan time', () => {
    expect(parseModelRef('black-forest-labs/flux-schnell')).toEqual({
      name: 'black-forest-labs/flux-schnell',
    });
    expect(parseModelRef(`stability-ai/sdxl:${SDXL}`)).toEqual({ name: 'stability-ai/sdxl', version: SDXL });
    expect(parseModelRef(SDXL)).toEqual({ version: SDXL });
    expect(parseModelRef('flux-schnell')).toBeUndefined();
    expect(parseModelRef('a/b:notahash')).toBeUndefined();
    expect(() => gen({ model: 'flux' })).toThrow(/is not "owner\/name"/);
  });

  it('reads the seed a model logs', () => {
    expect(seedFromLogs('Using seed: 42\nrunning')).toBe(42);
    expect(seedFromLogs('seed=7')).toBe(7);
    expect(seedFromLogs('no numbers here')).toBeUndefined();
  });
});

describe('replicate generator against the peer', () => {
  it('official model: POST /models/{owner}/{name}/predictions with Prefer: wait; output downloaded without the token', async () => {
    const g = gen({ input: { go_fast: true } });
    const job = makeJob(g, {
      prompt: 'castle',
      negativePrompt: 'fog',
      seed: 777,
      width: 640,
      height: 360,
      format: 'jpeg',
    });
    const result = await g.generate(job, ctx());
    expect(peer.creates[0]).toMatchObject({
      path: '/v1/models/black-forest-labs/flux-schnell/predictions',
      prefer: 'wait=60',
      cancelAfter: '300s',
      body: {
        input: {
          prompt: 'castle',
          negative_prompt: 'fog',
          seed: 777,
          aspect_ratio: '16:9',
          output_format: 'jpg',
          go_fast: true,
        },
      },
    });
    expect(peer.creates[0]?.body.version).toBeUndefined();
    expect(peer.polls).toBe(0);
    expect(peer.keyLeaks).toBe(0);
    expect(result.facts).toMatchObject({ seed: 777, reproducible: false });
    expect(result.facts.model).toMatch(/^black-forest-labs\/flux-schnell:[0-9a-f]{64}$/);
    expect(await dimensions(result.bytes)).toEqual({ width: 640, height: 360, format: 'jpeg' });
  });

  it('pinned version: POST /predictions with version; width/height inputs; params pass through', async () => {
    const g = gen({ model: `stability-ai/sdxl:${SDXL}`, sizeInput: 'width_height' });
    const result = await g.generate(
      makeJob(g, { width: 768, height: 512, params: { num_inference_steps: 30 } }),
      ctx(),
    );
    expect(peer.creates[0]).toMatchObject({
      path: '/v1/predictions',
      body: { version: SDXL, input: { width: 768, height: 512, num_inference_steps: 30 } },
    });
    expect(peer.creates[0]?.body.input).not.toHaveProperty('aspect_ratio');
    expect(result.facts).toMatchObject({
      model: `stability-ai/sdxl:${SDXL}`,
      reproducible: true,
      seed: 1234,
    });
  });

  it('a prediction still running when the wait ends is polled at urls.get until it succeeds', async () => {
    peer.options.pendingPolls = 3;
    peer.options.syncWindowMs = 20;
    const g = gen({ pollIntervalMs: 20 });
    const before = peer.polls;
    const result = await g.generate(makeJob(g, { prompt: 'slow one' }), ctx());
    expect(peer.polls - before).toBe(4);
    expect(result.facts.extra).toMatchObject({ predictionId: expect.any(String) });
  });

  it('a failed poll of a running prediction is read again, not paid for twice', async () => {
    peer.options.processingMs = 150;
    peer.options.syncWindowMs = 10;
    peer.options.failPolls = 2;
    const g = gen({ pollIntervalMs: 20 });
    const before = peer.stats.requests;
    await g.generate(makeJob(g, { prompt: 'blip while running' }), ctx());
    expect(peer.stats.requests - before).toBe(1);
    expect(peer.options.failPolls).toBe(0);
  });

  it('an abort (timeout or Ctrl-C) cancels the prediction at urls.cancel', async () => {
    peer.options.processingMs = 5000;
    peer.options.syncWindowMs = 10;
    const g = gen({ pollIntervalMs: 20, timeoutSeconds: 0.3, retries: 0 });
    const outcome = await createCaller(g).call(
      makeJob(g, { prompt: 'never mind' }),
      new AbortController().signal,
    );
    expect(outcome.failure?.kind).toBe('timeout');
    await expect.poll(() => peer.cancels.length).toBe(1);
  });

  it('an NSFW failure is a policy failure and never retried; a model error is permanent', async () => {
    const g = gen({ retries: 3 });
    const caller = createCaller(g, { minRetryDelayMs: 1 });
    const before = peer.stats.requests;
    const nsfw = await caller.call(makeJob(g, { prompt: 'nsfw thing' }), new AbortController().signal);
    expect(nsfw.failure).toMatchObject({ kind: 'policy', attempts: 1 });
    expect(nsfw.failure?.message).toMatch(/NSFW content detected/);
    expect(peer.stats.requests - before).toBe(1);
    const crash = await rejection(g.generate(makeJob(g, { prompt: 'crash please' }), ctx()));
    expect(crash).toMatchObject({ kind: 'permanent' });
    expect(crash.message).toMatch(/CUDA out of memory/);
  });

  it('429 carries the wait; 500 and garbage are transient; unknown models are permanent', async () => {
    const g = gen();
    peer.options.retryAfterMs = 2000;
    peer.faults.failNext('429');
    expect(await rejection(g.generate(makeJob(g), ctx()))).toMatchObject({
      kind: 'transient',
      options: { status: 429, retryAfterMs: 2000 },
    });
    peer.options.retryAfterMs = undefined;
    peer.faults.failNext('500');
    expect((await rejection(g.generate(makeJob(g), ctx()))).kind).toBe('transient');
    peer.faults.failNext('truncate');
    expect((await rejection(g.generate(makeJob(g), ctx()))).message).toMatch(/not a prediction/);
    const unknown = gen({ model: 'nobody/nothing' });
    expect(await rejection(unknown.generate(makeJob(unknown), ctx()))).toMatchObject({
      kind: 'permanent',
      options: { status: 404 },
    });
  });

  it('a missing token names the variable before any request', async () => {
    const g = gen({}, {});
    const error = await rejection(g.generate(makeJob(g), ctx()));
    expect(error.message).toContain('REPLICATE_API_TOKEN');
    expect(peer.creates).toHaveLength(0);
  });

  it('model, pinned version, inputs and size input are the identity', () => {
    expect(gen({ input: { go_fast: true } }).identity()).toEqual({
      type: 'replicate',
      model: 'black-forest-labs/flux-schnell',
      endpointClass: 'replicate',
      version: '1',
      settings: { input: { go_fast: true }, sizeInput: 'aspect_ratio' },
    });
    expect(gen({ model: `stability-ai/sdxl:${SDXL}` }).identity().model).toBe(`stability-ai/sdxl:${SDXL}`);
  });
});

backendChecks({
  type: 'replicate',
  keyEnv: 'REPLICATE_API_TOKEN',
  key: 'r8_checks_token_abcdef',
  start: ({ apiKey, slowMs, echoKey, ...options }) =>
    startReplicatePeer({
      ...options,
      apiKey,
      echoToken: echoKey,
      processingMs: slowMs,
      syncWindowMs: slowMs ? 30 : undefined,
    }),
  config: (p) => ({
    type: 'replicate',
    model: 'black-forest-labs/flux-schnell',
    baseUrl: `${p.url}/v1`,
    pollIntervalMs: 20,
  }),
  example: 'replicate',
  exampleGenerators: ['flux', 'sdxl'],
  otherModel: 'stability-ai/sdxl',
  baseUrl: (p) => `${p.url}/v1`,
  tuning: { pollIntervalMs: 20 },
});
