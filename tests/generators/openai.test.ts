import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redact } from '../../src/core/secrets.js';
import { createCaller } from '../../src/generators/caller.js';
import { GenerationError } from '../../src/generators/generator.js';
import { familyOf, openaiSize } from '../../src/generators/openai.js';
import { type OpenAIPeer, startOpenAIPeer } from '../peers/openai-peer.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

const KEY = 'sk-test-peer-key-123456';
const env = { OPENAI_API_KEY: KEY };
let peer: OpenAIPeer;

beforeAll(async () => {
  peer = await startOpenAIPeer({ apiKey: KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.bodies.length = 0;
});

const gen = (config: Record<string, unknown> = {}, e: NodeJS.ProcessEnv = env) =>
  generatorFor({ type: 'openai', baseUrl: peer.url, ...config }, e);

describe('openai sizes', () => {
  it('keeps sizes the model makes and downsizes same-ratio requests', () => {
    expect(openaiSize('gpt-image-1', 'gpt-image', 1536, 1024)).toBe('1536x1024');
    expect(openaiSize('gpt-image-1', 'gpt-image', 512, 512)).toBe('1024x1024');
    expect(openaiSize('gpt-image-1', 'gpt-image', 768, 512)).toBe('1536x1024');
    expect(openaiSize('dall-e-2', 'dall-e-2', 128, 128)).toBe('256x256');
    expect(openaiSize('dall-e-3', 'dall-e-3', 896, 512)).toBe('1792x1024');
    expect(openaiSize('gpt-image-2', 'gpt-image-2', 1000, 600)).toBe('1008x608');
  });

  it('fails permanently with the sizes the model makes', () => {
    const error = rejectSync(() => openaiSize('dall-e-3', 'dall-e-3', 800, 600));
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).kind).toBe('permanent');
    expect(error.message).toContain('1024x1024, 1792x1024, 1024x1792');
    expect(() => openaiSize('gpt-image-1', 'gpt-image', 2048, 2048)).toThrow(/cannot make 2048x2048/);
    expect(() => openaiSize('gpt-image-2', 'gpt-image-2', 4000, 1000)).toThrow(/1:3..3:1/);
  });

  it('derives the family from the model name unless configured', () => {
    expect(familyOf('dall-e-3')).toBe('dall-e-3');
    expect(familyOf('gpt-image-2-2026-04-21')).toBe('gpt-image-2');
    expect(familyOf('my-azure-deployment')).toBe('gpt-image');
    expect(familyOf('my-azure-deployment', 'dall-e-3')).toBe('dall-e-3');
  });
});

describe('openai generator against the peer (real SDK)', () => {
  it('generates through the SDK with n=1, decodes base64 and records facts', async () => {
    const g = gen({ model: 'gpt-image-1', quality: 'high', background: 'opaque' });
    const result = await g.generate(makeJob(g, { prompt: 'lighthouse at dusk', format: 'webp' }), ctx());
    expect(peer.bodies[0]).toMatchObject({
      model: 'gpt-image-1',
      n: 1,
      size: '1024x1024',
      quality: 'high',
      background: 'opaque',
      output_format: 'webp',
      prompt: 'lighthouse at dusk',
    });
    expect(result.mediaType).toBe('image/webp');
    expect(await dimensions(result.bytes)).toEqual({ width: 1024, height: 1024, format: 'webp' });
    expect(result.facts.reproducible).toBe(false);
    expect(result.facts.seed).toBeUndefined();
    expect(result.facts.extra?.usage).toMatchObject({ total_tokens: 1066 });
  });

  it('records dall-e-3 revised_prompt, asks for b64_json and sends the negative prompt as an instruction', async () => {
    const g = gen({ model: 'dall-e-3', quality: 'hd', style: 'natural' });
    const result = await g.generate(makeJob(g, { prompt: 'a cat', negativePrompt: 'dogs' }), ctx());
    expect(peer.bodies[0]).toMatchObject({ response_format: 'b64_json', quality: 'hd', style: 'natural' });
    expect(peer.bodies[0]?.prompt).toBe('a cat\n\nAvoid: dogs');
    expect(result.facts.revisedPrompt).toBe('A detailed rendering of a cat\n\nAvoid: dogs');
  });

  it('downscales a same-ratio smaller size and transcodes formats the model cannot make', async () => {
    const g = gen({ model: 'dall-e-2' });
    const result = await g.generate(
      makeJob(g, { prompt: 'tiny icon', width: 128, height: 128, format: 'jpeg' }),
      ctx(),
    );
    expect(peer.bodies[0]?.size).toBe('256x256');
    expect(await dimensions(result.bytes)).toEqual({ width: 128, height: 128, format: 'jpeg' });
    expect(result.facts.extra?.native).toEqual({ format: 'png', width: 256, height: 256 });
  });

  it('per-asset params override the config and unknown params are refused', async () => {
    const g = gen({ model: 'gpt-image-1', quality: 'low' });
    await g.generate(
      makeJob(g, { prompt: 'p1', params: { quality: 'medium', output_compression: 50 }, format: 'jpeg' }),
      ctx(),
    );
    expect(peer.bodies[0]).toMatchObject({
      quality: 'medium',
      output_compression: 50,
      output_format: 'jpeg',
    });
    const error = await rejection(g.generate(makeJob(g, { params: { qualty: 'high' } }), ctx()));
    expect(error.message).toMatch(/params.qualty is not a openai parameter \(known: quality/);
    expect(peer.bodies).toHaveLength(1);
  });

  it('maps moderation_blocked and content_policy_violation to policy, never retried', async () => {
    for (const model of ['gpt-image-1', 'dall-e-3']) {
      const g = gen({ model, retries: 3 });
      const before = peer.stats.requests;
      const outcome = await createCaller(g, { minRetryDelayMs: 1 }).call(
        makeJob(g, { prompt: 'something forbidden' }),
        new AbortController().signal,
      );
      expect(outcome.failure?.kind).toBe('policy');
      expect(outcome.failure?.status).toBe(400);
      expect(outcome.failure?.message).toMatch(
        model === 'dall-e-3' ? /content_policy_violation/ : /moderation_blocked/,
      );
      expect(outcome.attempts).toBe(1);
      expect(peer.stats.requests - before).toBe(1);
    }
  });

  it('maps 429 to transient with retry-after-ms, and does not let the SDK retry', async () => {
    const g = gen();
    const before = peer.stats.requests;
    peer.faults.failNext('429');
    const error = await rejection(g.generate(makeJob(g, { prompt: 'rate me' }), ctx()));
    expect(error).toBeInstanceOf(GenerationError);
    expect(error.kind).toBe('transient');
    expect(error.options?.status).toBe(429);
    expect(error.options?.retryAfterMs).toBe(50);
    expect(peer.stats.requests - before).toBe(1);
  });

  it('maps 500 to transient and a truncated image to transient', async () => {
    const g = gen();
    peer.faults.failNext('500');
    expect((await rejection(g.generate(makeJob(g), ctx()))).kind).toBe('transient');
    peer.faults.failNext('truncate');
    const error = await rejection(g.generate(makeJob(g, { prompt: 'cut short' }), ctx()));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/truncated PNG/);
  });

  it('a missing key is a permanent error naming the variable; a wrong key never leaks', async () => {
    const missing = gen({ apiKeyEnv: 'MY_OPENAI_KEY' }, {});
    const error = await rejection(missing.generate(makeJob(missing), ctx()));
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('MY_OPENAI_KEY');

    const wrongKey = 'sk-wrong-key-abcdefghijkl';
    const wrong = gen({}, { OPENAI_API_KEY: wrongKey });
    const denied = await rejection(wrong.generate(makeJob(wrong), ctx()));
    expect(denied.kind).toBe('permanent');
    expect(denied.options?.status).toBe(401);
    expect(denied.message).toContain('OPENAI_API_KEY');
    expect(denied.message).not.toContain(wrongKey);
    expect(redact(`key=${wrongKey}`)).toBe('key=***');
  });

  it('refuses invalid combinations per job, before sending anything, and never retries them', async () => {
    const g = gen({ model: 'gpt-image-2', background: 'transparent' });
    expect(g.preflight).toBeUndefined();
    const outcome = await createCaller(g).call(makeJob(g), new AbortController().signal);
    expect(outcome.failure).toMatchObject({ kind: 'permanent', attempts: 1 });
    expect(outcome.failure?.message).toMatch(/cannot make transparent backgrounds/);
    const d3 = gen({ model: 'dall-e-3', quality: 'high' });
    const quality = await rejection(d3.generate(makeJob(d3), ctx()));
    expect(quality.message).toMatch(/"high" is not allowed; use one of: standard, hd/);
    const size = await rejection(d3.generate(makeJob(d3, { width: 800, height: 600 }), ctx()));
    expect(size.message).toMatch(/cannot make 800x600/);
    expect(peer.bodies).toHaveLength(0);
  });

  it('identity carries model, endpoint class and output-changing settings', () => {
    expect(gen({ model: 'dall-e-3', quality: 'hd' }).identity()).toEqual({
      type: 'openai',
      model: 'dall-e-3',
      endpointClass: 'openai-compatible',
      version: '1',
      settings: { quality: 'hd' },
    });
    expect(generatorFor({ type: 'openai' }, {}).identity()).toMatchObject({
      endpointClass: 'openai',
      model: 'gpt-image-1',
    });
    expect(
      generatorFor({ type: 'openai', baseUrl: 'https://x.openai.azure.com/openai/v1' }, {}).identity()
        .endpointClass,
    ).toBe('azure');
  });
});

function rejectSync(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
