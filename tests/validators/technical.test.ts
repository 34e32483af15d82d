import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { GenerationRequest, QaThresholds } from '../../src/core/model.js';
import { mulberry32 } from '../../src/core/random.js';
import { DEFAULT_QA } from '../../src/plan/build.js';
import { aestheticOfSample, aestheticScore } from '../../src/validators/aesthetic.js';
import { greyThumbnail } from '../../src/validators/grey.js';
import { hasPixelKernel, stagePixels } from '../../src/validators/kernel.js';
import { decodeAndMeasure } from '../../src/validators/measure.js';
import { aestheticCheck, technicalChecks } from '../../src/validators/technical.js';

const request: GenerationRequest = {
  prompt: 'x',
  negativePrompt: '',
  width: 256,
  height: 256,
  format: 'png',
  seed: 1,
  embeddings: [],
  params: {},
};
const qa: QaThresholds = { ...DEFAULT_QA };

const noise = () =>
  sharp({
    create: {
      width: 256,
      height: 256,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
const scene = async () =>
  sharp({ create: { width: 256, height: 256, channels: 3, background: '#2050a0' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="256" height="256"><circle cx="128" cy="100" r="60" fill="#f0c020"/><rect y="180" width="256" height="76" fill="#206030"/></svg>',
        ),
      },
    ])
    .removeAlpha()
    .png()
    .toBuffer();

async function check(bytes: Buffer, thresholds: QaThresholds = qa, req: GenerationRequest = request) {
  const { measurement } = await decodeAndMeasure(bytes, thresholds.maxPixels);
  const checks = technicalChecks(measurement, req, thresholds);
  const failed = checks.filter((c) => !c.passed).map((c) => c.id);
  return { measurement, checks, failed };
}

/** A PNG whose header claims `size`² pixels, with almost no data: a decompression bomb's calling card. */
function pngClaiming(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('technical validation', () => {
  it('passes a good image', async () => {
    const { failed, measurement } = await check(await scene());
    expect(failed).toEqual([]);
    expect(measurement).toMatchObject({
      format: 'png',
      width: 256,
      height: 256,
      space: 'srgb',
      hasAlpha: false,
    });
  });

  it('fails a blank (uniform) image', async () => {
    const flat = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#777777' } })
      .png()
      .toBuffer();
    expect((await check(flat)).failed).toEqual(['technical.blank']);
  });

  it('fails a truncated file on the full decode', async () => {
    const full = await scene();
    const { failed, measurement } = await check(full.subarray(0, Math.floor(full.length * 0.7)));
    expect(failed).toContain('technical.decode');
    expect(measurement.decodeError).toMatch(/truncated or corrupt/);
  });

  it('refuses a decompression bomb before decoding, in milliseconds', async () => {
    const t0 = performance.now();
    const { failed, measurement } = await check(pngClaiming(60_000));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(failed).toEqual(expect.arrayContaining(['technical.pixels', 'technical.decode']));
    expect(measurement.decodeError).toMatch(/over the limit of 16777216; not decoded/);
  });

  it('checks dimensions, format, byte budget and alpha against the request', async () => {
    const jpeg = await sharp(await scene())
      .resize(200, 256, { fit: 'fill' })
      .ensureAlpha()
      .png()
      .toBuffer();
    const { failed } = await check(
      jpeg,
      { ...qa, maxBytes: 100, alpha: 'forbidden' },
      { ...request, format: 'webp' },
    );
    expect(failed.sort()).toEqual([
      'technical.alpha',
      'technical.bytes',
      'technical.dimensions',
      'technical.format',
    ]);
  });

  it('flags a non-sRGB colour space', async () => {
    const cmyk = await sharp(await scene())
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    const { failed } = await check(cmyk, qa, { ...request, format: 'jpeg' });
    expect(failed).toEqual(['technical.colorSpace']);
  });

  it('says why with value and threshold', async () => {
    const { checks } = await check(await scene(), { ...qa, maxBytes: 10 });
    expect(checks.find((c) => c.id === 'technical.bytes')).toMatchObject({
      passed: false,
      threshold: 10,
      reason: expect.stringMatching(/over the budget of 10/),
    });
  });
});

describe('offline aesthetic score', () => {
  it('ranks a composed scene above a flat field, and penalises heavy noise on the noise term', async () => {
    const sceneScore = (await decodeAndMeasure(await scene(), 1e8)).measurement.aesthetic;
    const flat = (
      await decodeAndMeasure(
        await sharp({ create: { width: 256, height: 256, channels: 3, background: '#777' } })
          .png()
          .toBuffer(),
        1e8,
      )
    ).measurement.aesthetic;
    const noisy = (await decodeAndMeasure(await noise().png().toBuffer(), 1e8)).measurement.aesthetic;
    expect(sceneScore?.score).toBeGreaterThan(flat?.score ?? 99);
    expect(noisy?.noise).toBeLessThan(0.2);
    expect(sceneScore?.noise).toBeGreaterThan(0.9);
    for (const s of [sceneScore, flat, noisy]) {
      expect(s?.score).toBeGreaterThanOrEqual(0);
      expect(s?.score).toBeLessThanOrEqual(10);
    }
  });

  it('follows the documented formula on a known image', () => {
    // Left half black, right half white, 10x10: every term is computable by hand.
    const data = Buffer.alloc(10 * 10 * 3);
    for (let y = 0; y < 10; y++)
      for (let x = 5; x < 10; x++) data.fill(255, (y * 10 + x) * 3, (y * 10 + x) * 3 + 3);
    const s = aestheticScore({ data, width: 10, height: 10, channels: 3 });
    expect(s.raw.meanLuma).toBeCloseTo(127.5, 1);
    expect(s.raw.lumaStdDev).toBeCloseTo(127.5, 1);
    expect(s.raw.clipped).toBe(1);
    expect(s.exposure).toBe(0);
    expect(s.contrast).toBe(1);
    expect(s.colourfulness).toBe(0);
    // Laplacian: |4c−u−d−l−r| is 255 on the two columns beside the edge, 0 elsewhere (interior 8x8).
    expect(s.raw.laplacian).toBeCloseTo((2 * 8 * 255) / 64, 2);
  });

  it('gives the same breakdown from the WebAssembly kernel as from the JavaScript loops', async () => {
    expect(hasPixelKernel()).toBe(true);
    const next = mulberry32(99);
    const random = () => Math.floor(next() * 256);
    const noisy = (w: number, h: number, ch: number) => {
      const data = Buffer.alloc(w * h * ch);
      for (let i = 0; i < data.length; i++) data[i] = random();
      return data;
    };
    const scene = await sharp({
      create: { width: 1000, height: 700, channels: 3, background: '#336699' },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg width="400" height="300"><circle cx="200" cy="150" r="120" fill="#f5c542"/></svg>',
          ),
          top: 100,
          left: 200,
        },
      ])
      .raw()
      .toBuffer();
    // Steps 1–6, odd widths (SIMD tails), 3 and 4 channels, grids under 3 samples wide.
    for (const [data, w, h, ch, step] of [
      [noisy(1024, 1024, 3), 1024, 1024, 3, 4],
      [noisy(777, 513, 4), 777, 513, 4, 4],
      [noisy(250, 199, 3), 250, 199, 3, 1],
      [noisy(17, 2, 3), 17, 2, 3, 1],
      [scene, 1000, 700, 3, 4],
      [noisy(1536, 1024, 4), 1536, 1024, 4, 6],
      // Rows over 4 096 samples: the kernel sums them in chunks.
      [noisy(5003, 3, 4), 5003, 3, 4, 1],
    ] as const) {
      const viaKernel = aestheticOfSample(data, w, h, ch, step);
      const viaJs = aestheticOfSample(data, w, h, ch, step, { kernel: false });
      expect(viaKernel).toEqual(viaJs);
      // The same sums read in place from one copy shared with the grey thumbnail (measure.ts).
      const staged = stagePixels(data);
      expect(staged).toBeDefined();
      expect(aestheticOfSample(data, w, h, ch, step, { staged })).toEqual(viaJs);
      const thumbnail = greyThumbnail({ data, width: w, height: h, channels: ch }, { staged });
      expect(thumbnail.data).toEqual(
        greyThumbnail({ data, width: w, height: h, channels: ch }, { kernel: false }).data,
      );
    }
  });

  it('gates on the threshold from the manifest', async () => {
    const { measurement } = await decodeAndMeasure(await scene(), 1e8);
    expect(aestheticCheck(measurement, { ...qa, minAesthetic: 0 })?.passed).toBe(true);
    expect(aestheticCheck(measurement, { ...qa, minAesthetic: 10 })).toMatchObject({
      passed: false,
      threshold: 10,
    });
  });
});
