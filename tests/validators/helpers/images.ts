/** Test images as RawImage (the shrunk decode every pixel check works from). */
import sharp from 'sharp';
import type { GreyImage, RawImage } from '../../../src/core/image.js';
import { mulberry32 } from '../../../src/core/random.js';

/** Deterministic pseudo-random numbers in [0, 1). */
export const rng = mulberry32;

export function solid(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height, channels: 3 };
}

export function noise(width: number, height: number, seed: number): RawImage {
  const next = rng(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
  return { data, width, height, channels: 3 };
}

/** A smooth scene: gradients and a few soft discs whose placement depends on the seed. */
export function scene(width: number, height: number, seed: number): RawImage {
  const next = rng(seed);
  const discs = Array.from({ length: 5 }, () => ({
    x: next() * width,
    y: next() * height,
    r: (0.08 + next() * 0.2) * Math.min(width, height),
    c: [next() * 255, next() * 255, next() * 255] as const,
  }));
  const base = [next() * 255, next() * 255, next() * 255] as const;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      let [r, g, b] = [base[0] * (x / width), base[1] * (y / height), base[2] * (1 - x / width)];
      for (const d of discs) {
        const a = Math.max(0, Math.min(1, (d.r - Math.hypot(x - d.x, y - d.y)) / 4));
        r = r * (1 - a) + d.c[0] * a;
        g = g * (1 - a) + d.c[1] * a;
        b = b * (1 - a) + d.c[2] * a;
      }
      data[i] = Math.round(r);
      data[i + 1] = Math.round(g);
      data[i + 2] = Math.round(b);
    }
  }
  return { data, width, height, channels: 3 };
}

/** Decodes encoded bytes to a RawImage, shrunk to fit `maxSide` as the QA layer's decode does. */
export async function decodeRaw(bytes: Buffer, maxSide = 512): Promise<RawImage> {
  const { data, info } = await sharp(bytes)
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

export async function encode(image: RawImage, format: 'png' | 'jpeg', quality = 90): Promise<Buffer> {
  const s = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  return format === 'png' ? s.png().toBuffer() : s.jpeg({ quality }).toBuffer();
}

/**
 * Full-size BT.601 luma, transparency composited onto white: the plain reference the grey
 * thumbnail and the SSIM tests compare against.
 */
export function toGrey(image: RawImage): GreyImage {
  const { data, width, height, channels } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    const y = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
    const a = channels === 4 ? (data[p + 3] as number) / 255 : 1;
    out[i] = a * y + (1 - a) * 255;
  }
  return { data: out, width, height };
}
