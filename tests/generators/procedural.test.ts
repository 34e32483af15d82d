import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { GenerationRequest, ImageFormat, Job } from '../../src/core/model.js';
import { createProceduralGenerator, paletteFor, shapesFor } from '../../src/generators/procedural.js';

const generator = createProceduralGenerator({
  name: 'procedural',
  config: { type: 'procedural' },
  baseDir: '.',
  env: {},
});
const ctx = { signal: new AbortController().signal };

function job(request: Partial<GenerationRequest>): Job {
  const full: GenerationRequest = {
    prompt: 'a sun',
    negativePrompt: '',
    width: 200,
    height: 120,
    format: 'png',
    seed: 7,
    embeddings: [],
    params: {},
    ...request,
  };
  return {
    key: 'k',
    asset: 'a',
    variant: 0,
    generator: 'procedural',
    backend: generator.identity(),
    request: full,
  };
}

async function meanColour(bytes: Buffer): Promise<[number, number, number]> {
  const { channels } = await sharp(bytes).stats();
  return [channels[0]?.mean ?? 0, channels[1]?.mean ?? 0, channels[2]?.mean ?? 0];
}

describe('procedural generator (offline stand-in, not AI)', () => {
  it('is deterministic: the same job gives the same bytes', async () => {
    const a = await generator.generate(job({}), ctx);
    const b = await generator.generate(job({}), ctx);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.facts).toMatchObject({ seed: 7, reproducible: true });
  });

  it.each<ImageFormat>(['png', 'jpeg', 'webp', 'avif'])('honours size and format (%s)', async (format) => {
    const result = await generator.generate(job({ format, width: 320, height: 180 }), ctx);
    const meta = await sharp(result.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([320, 180]);
    expect(format === 'avif' ? meta.compression : meta.format).toBe(format === 'avif' ? 'av1' : format);
    expect(result.mediaType).toBe(`image/${format}`);
  });

  it('respects named colours: a red prompt is red, a blue prompt is blue', async () => {
    const [rr, rg, rb] = await meanColour(
      (await generator.generate(job({ prompt: 'red crimson scarlet' }), ctx)).bytes,
    );
    const [br, bg, bb] = await meanColour(
      (await generator.generate(job({ prompt: 'blue navy indigo' }), ctx)).bytes,
    );
    expect(rr).toBeGreaterThan(rg + 40);
    expect(rr).toBeGreaterThan(rb + 40);
    expect(bb).toBeGreaterThan(br + 40);
    expect(bb).toBeGreaterThan(bg);
    expect(paletteFor('a red sun', 'red')).not.toContain('#d7263d');
  });

  it('derives shapes from words, and different prompts give visibly different images', async () => {
    expect(shapesFor('a city skyline by the sea')).toEqual(['city', 'waves']);
    expect(shapesFor('abstract')).toEqual(['blobs']);
    const a = await sharp((await generator.generate(job({ prompt: 'mountains at dusk' }), ctx)).bytes)
      .raw()
      .toBuffer();
    const b = await sharp((await generator.generate(job({ prompt: 'a forest of stars' }), ctx)).bytes)
      .raw()
      .toBuffer();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs((a[i] as number) - (b[i] as number));
    expect(diff / a.length).toBeGreaterThan(20);
  });
});
