import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { releaseNow } from '../../src/core/image.js';
import { pixelKernel } from '../../src/validators/kernel.js';
import { decodeAndMeasure } from '../../src/validators/measure.js';

describe('releaseNow', () => {
  it('frees a buffer that owns its whole memory: it is empty afterwards', () => {
    const pixels = Buffer.alloc(3 * 1024 * 1024, 7);
    releaseNow(pixels);
    expect(pixels.length).toBe(0);
    expect(pixels.buffer.byteLength).toBe(0);
  });

  it("leaves alone what others can see: a slice of Node's pool, a view into a larger buffer, WebAssembly memory", () => {
    const pooled = Buffer.from('small strings share a pool');
    const neighbour = Buffer.from('and so does this one');
    releaseNow(pooled);
    expect(pooled.toString()).toBe('small strings share a pool');
    expect(neighbour.toString()).toBe('and so does this one');

    const whole = Buffer.alloc(100_000, 1);
    const part = whole.subarray(10, 20);
    releaseNow(part);
    expect(part.length).toBe(10);
    expect(whole.length).toBe(100_000);

    const kernel = pixelKernel();
    if (!kernel) throw new Error('the pixel kernel does not load on this Node');
    const size = kernel.memory.buffer.byteLength;
    releaseNow(new Uint8Array(kernel.memory.buffer));
    expect(kernel.memory.buffer.byteLength).toBe(size);
  });
});

describe('decodeAndMeasure frees its decode but never what it returns', () => {
  it('an image already at the sample size comes back as the decode itself, intact', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const { shrunk, review, measurement } = await decodeAndMeasure(png, 1e8, {
      keepPixels: true,
      review: 640,
    });
    expect(measurement.decodeError).toBeUndefined();
    expect(shrunk?.data.length).toBe(64 * 48 * 3);
    expect([...(shrunk?.data.subarray(0, 3) ?? [])]).toEqual([0x33, 0x66, 0xcc]);
    expect(review?.data.length).toBe(64 * 48 * 3);
  });

  it('a larger image keeps its sample and review picture, made from the decode before it was freed', async () => {
    const png = await sharp({ create: { width: 1024, height: 768, channels: 4, background: '#ff8000c0' } })
      .png()
      .toBuffer();
    const { shrunk, review, thumbnail } = await decodeAndMeasure(png, 1e8, {
      keepPixels: true,
      thumbnail: true,
      review: 640,
    });
    expect(shrunk?.data.length).toBe(256 * 192 * 4);
    expect([...(shrunk?.data.subarray(0, 4) ?? [])]).toEqual([0xff, 0x80, 0x00, 0xc0]);
    expect(review?.data.length).toBe(512 * 384 * 4);
    expect(thumbnail?.data.length).toBe(256 * 192);
  });
});
