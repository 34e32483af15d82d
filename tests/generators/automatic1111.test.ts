import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { a1111Prompt, parseInfo } from '../../src/generators/automatic1111.js';
import { type A1111Peer, startA1111Peer } from '../peers/automatic1111-peer.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

let peer: A1111Peer;

beforeAll(async () => {
  peer = await startA1111Peer({ auth: 'genops:s3cret-pass' });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.bodies.length = 0;
});

const env = { A1111_AUTH: 'genops:s3cret-pass' };
const gen = (config: Record<string, unknown> = {}, e: NodeJS.ProcessEnv = env) =>
  generatorFor({ type: 'automatic1111', url: peer.url, apiKeyEnv: 'A1111_AUTH', ...config }, e);

describe('automatic1111 prompt and info', () => {
  it('appends LoRA, hypernetwork and embedding tags to the prompt', () => {
    expect(
      a1111Prompt('a knight', [
        { kind: 'lora', name: 'pixel-art-xl', weight: 0.8 },
        { kind: 'hypernetwork', name: 'anime', weight: 0.5 },
        { kind: 'textual-inversion', name: 'easynegative', weight: 1 },
        { kind: 'textual-inversion', name: 'style-x', weight: 1.2 },
      ]),
    ).toBe('a knight <lora:pixel-art-xl:0.8> <hypernet:anime:0.5> easynegative (style-x:1.2)');
  });

  it('parses info whether it is a JSON string or an object', () => {
    expect(parseInfo('{"seed": 5}')).toEqual({ seed: 5 });
    expect(parseInfo({ seed: 6 })).toEqual({ seed: 6 });
    expect(parseInfo('not json')).toBeUndefined();
  });
});

describe('automatic1111 generator against the peer', () => {
  it('posts txt2img with the checkpoint override and records seed and model hash from info', async () => {
    const g = gen({ checkpoint: 'sd_xl_base_1.0' });
    const job = makeJob(g, {
      prompt: 'a knight',
      negativePrompt: 'blurry',
      width: 96,
      height: 64,
      steps: 12,
      cfgScale: 6,
      sampler: 'DPM++ 2M',
      seed: 42,
      embeddings: [{ kind: 'lora', name: 'add_detail', weight: 0.6 }],
    });
    const result = await g.generate(job, ctx());
    expect(peer.bodies[0]).toMatchObject({
      prompt: 'a knight <lora:add_detail:0.6>',
      negative_prompt: 'blurry',
      seed: 42,
      width: 96,
      height: 64,
      steps: 12,
      cfg_scale: 6,
      sampler_name: 'DPM++ 2M',
      batch_size: 1,
      n_iter: 1,
      override_settings: { sd_model_checkpoint: 'sd_xl_base_1.0' },
      send_images: true,
      save_images: false,
    });
    expect(result.facts).toMatchObject({
      seed: 42,
      model: 'sd_xl_base_1.0',
      modelHash: '31e35c80fc',
      reproducible: true,
    });
    expect(await dimensions(result.bytes)).toEqual({ width: 96, height: 64, format: 'png' });
    expect(g.identity()).toMatchObject({
      type: 'automatic1111',
      model: 'sd_xl_base_1.0',
      endpointClass: 'automatic1111',
    });
  });

  it('records the seed the server picked for -1', async () => {
    const g = gen();
    // The plan never sends -1, but a pinned seed could be anything the server accepts.
    const result = await g.generate(makeJob(g, { seed: -1, width: 64, height: 64 }), ctx());
    expect(result.facts.seed).toBeGreaterThanOrEqual(0);
    expect(result.facts.reproducible).toBe(false);
  });

  it('422 is permanent and carries the FastAPI detail', async () => {
    const g = gen();
    const error = await rejection(g.generate(makeJob(g, { width: 64.5, height: 64 }), ctx()));
    expect(error).toMatchObject({ kind: 'permanent', options: { status: 422 } });
    expect(error.message).toContain('body.width: value is not a valid integer');
  });

  it('an unknown sampler (404) is permanent; 500 and truncated images are transient', async () => {
    const g = gen();
    const sampler = await rejection(
      g.generate(makeJob(g, { sampler: 'Nope', width: 64, height: 64 }), ctx()),
    );
    expect(sampler).toMatchObject({ kind: 'permanent', options: { status: 404 } });
    expect(sampler.message).toContain('Sampler not found');
    peer.faults.failNext('500');
    const crashed = await rejection(g.generate(makeJob(g, { width: 64, height: 64 }), ctx()));
    expect(crashed.kind).toBe('transient');
    expect(crashed.message).toContain('CUDA error');
    peer.faults.failNext('truncate');
    expect((await rejection(g.generate(makeJob(g, { width: 64, height: 64 }), ctx()))).kind).toBe(
      'transient',
    );
  });

  it('basic auth: missing variable names it, wrong credentials are permanent and never echoed', async () => {
    const none = gen({}, {});
    const missing = await rejection(none.generate(makeJob(none), ctx()));
    expect(missing.message).toContain('A1111_AUTH');
    const wrong = gen({}, { A1111_AUTH: 'genops:wrong-password' });
    const denied = await rejection(wrong.generate(makeJob(wrong), ctx()));
    expect(denied).toMatchObject({ kind: 'permanent', options: { status: 401 } });
    expect(denied.message).not.toContain('wrong-password');
  });

  it('preflight lists a missing checkpoint and missing LoRAs with what the server has', async () => {
    const g = gen({ checkpoint: 'juggernaut_xl' });
    const job = makeJob(g, { embeddings: [{ kind: 'lora', name: 'no-such-lora', weight: 1 }] });
    const error = await rejection(g.preflight?.([job], ctx()) ?? Promise.resolve());
    expect(error.message).toContain(
      'checkpoint "juggernaut_xl" not on the server; available: dreamshaper_8.safetensors [879db523c3]',
    );
    expect(error.message).toContain(
      'lora "no-such-lora" not on the server; available: pixel-art-xl, add_detail',
    );
    const ok = gen({ checkpoint: 'dreamshaper_8' });
    await ok.preflight?.(
      [makeJob(ok, { embeddings: [{ kind: 'lora', name: 'pixel-art-xl', weight: 1 }] })],
      ctx(),
    );
    expect(peer.bodies).toHaveLength(0);
  });
});
