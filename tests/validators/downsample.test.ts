import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/core/image.js';
import { encodeReviewImage, reviewImageOf } from '../../src/deployers/derivatives.js';
import { boxDownsample, decodedUpright } from '../../src/validators/downsample.js';
import { hasPixelKernel } from '../../src/validators/kernel.js';
import { decodeAndMeasure } from '../../src/validators/measure.js';
import { noise, rng, scene } from './helpers/images.js';

/** Each block's mean per channel, rounded half up, straight from the definition. */
function blockMeans(image: RawImage, factor: number): number[] {
  const { data, width, height, channels } = image;
  const out: number[] = [];
  for (let by = 0; by < height; by += factor)
    for (let bx = 0; bx < width; bx += factor)
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        let count = 0;
        for (let y = by; y < Math.min(height, by + factor); y++)
          for (let x = bx; x < Math.min(width, bx + factor); x++, count++)
            sum += data[(y * width + x) * channels + c] as number;
        out.push(Math.floor(sum / count + 0.5));
      }
  return out;
}

function randomImage(width: number, height: number, channels: 3 | 4, seed: number): RawImage {
  const next = rng(seed);
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
  return { data, width, height, channels };
}

describe('the review gallery picture (box downsample)', () => {
  it('is each block’s mean per channel, edge blocks included, by the whole factor that fits', () => {
    for (const [w, h, max, factor] of [
      [1024, 1024, 640, 2],
      [1001, 333, 640, 2],
      [700, 300, 256, 3],
      [1792, 1024, 256, 7],
    ] as const) {
      for (const channels of [3, 4] as const) {
        const image = randomImage(w, h, channels, w + channels);
        for (const kernel of [true, false]) {
          const small = boxDownsample(image, max, { kernel });
          expect([small.width, small.height, small.channels]).toEqual([
            Math.ceil(w / factor),
            Math.ceil(h / factor),
            channels,
          ]);
          expect([...small.data]).toEqual(blockMeans(image, factor));
        }
      }
    }
  });

  it('runs in the SIMD kernel here, and a block of 64 (the kernel’s largest) still divides exactly', () => {
    expect(hasPixelKernel()).toBe(true);
    // 255 everywhere: any error in the reciprocal shows as 254.
    const white: RawImage = { data: Buffer.alloc(4100 * 70 * 3, 255), width: 4100, height: 70, channels: 3 };
    const small = boxDownsample(white, 65);
    expect([small.width, small.height]).toEqual([65, 2]);
    expect(small.data.every((v) => v === 255)).toBe(true);
    const image = randomImage(4100, 130, 4, 9);
    expect([...boxDownsample(image, 65).data]).toEqual(blockMeans(image, 64));
  });

  it('gives an image that already fits back as it is', () => {
    const image = scene(640, 480, 1);
    expect(boxDownsample(image, 640)).toBe(image);
  });

  it('comes from the measuring decode only when asked for and only when the decode is upright', async () => {
    const png = await sharp(scene(1024, 768, 3).data, { raw: { width: 1024, height: 768, channels: 3 } })
      .png()
      .toBuffer();
    expect((await decodeAndMeasure(png, 1e8)).review).toBeUndefined();
    const { review, measurement } = await decodeAndMeasure(png, 1e8, { review: 640 });
    expect(measurement.decodeError).toBeUndefined();
    expect([review?.width, review?.height, review?.channels]).toEqual([512, 384, 3]);
    // A JPEG to be turned on display is left to the report layer, whose pipeline turns it.
    const turned = await sharp(png).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await decodeAndMeasure(turned, 1e8, { review: 640 })).review).toBeUndefined();
    const upright = await sharp(png).jpeg().toBuffer();
    expect((await decodeAndMeasure(upright, 1e8, { review: 640 })).review?.width).toBe(512);
  });

  it('knows which decodes are upright: EXIF in a PNG or WebP is not read, so it counts as turned', async () => {
    const image = sharp(scene(64, 32, 2).data, { raw: { width: 64, height: 32, channels: 3 } });
    const withExif = (format: 'png' | 'webp' | 'jpeg') =>
      image.clone().withMetadata({ orientation: 1 })[format]().toBuffer();
    expect(decodedUpright(await image.clone().png().toBuffer())).toBe(true);
    expect(decodedUpright(await withExif('png'))).toBe(false);
    expect(decodedUpright(await image.clone().webp().toBuffer())).toBe(true);
    expect(decodedUpright(await image.clone().webp({ quality: 80 }).withMetadata().toBuffer())).toBe(false);
    expect(decodedUpright(await withExif('jpeg'), 1)).toBe(true);
    expect(decodedUpright(await withExif('jpeg'), 6)).toBe(false);
    // libheif turns AVIF itself.
    expect(decodedUpright(await image.clone().avif().toBuffer())).toBe(true);
  });
});

describe('review gallery images', () => {
  it('are JPEG when every pixel is opaque, WebP with alpha when any is see-through', async () => {
    const rgb = scene(96, 64, 4);
    const opaque: RawImage = { ...rgb, data: Buffer.alloc(96 * 64 * 4, 255), channels: 4 };
    for (let p = 0; p < 96 * 64; p++) rgb.data.copy(opaque.data, p * 4, p * 3, p * 3 + 3);
    for (const image of [rgb, opaque]) {
      const made = await encodeReviewImage(image);
      expect(made.extension).toBe('jpg');
      const meta = await sharp(made.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['jpeg', 96, 64, false]);
    }
    const seeThrough: RawImage = { ...opaque, data: Buffer.from(opaque.data) };
    seeThrough.data[3] = 0;
    const made = await encodeReviewImage(seeThrough);
    expect(made.extension).toBe('webp');
    const meta = await sharp(made.bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['webp', 96, 64, true]);
  });

  it('made from the bytes: turned upright, fitted in the size, never enlarged', async () => {
    const turned = await sharp(noise(200, 100, 5).data, { raw: { width: 200, height: 100, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer();
    const made = await reviewImageOf(turned, 80);
    expect(made.extension).toBe('jpg');
    const meta = await sharp(made.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([40, 80]);
    const small = await reviewImageOf(await sharp(turned).resize(20, 10).png().toBuffer(), 80);
    expect((await sharp(small.bytes).metadata()).width).toBe(20);
  });
});
