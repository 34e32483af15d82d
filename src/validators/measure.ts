import type { Metadata } from 'sharp';
import { errorMessage } from '../core/errors.js';
import { type AestheticBreakdown, aestheticOfSample } from './aesthetic.js';
import type { RawImage } from './image.js';

/** Bump when a measurement's meaning changes: cached measurements of the old version are ignored. */
export const MEASUREMENT_VERSION = 1;
/** Longest side of the shrunk image every pixel check works from. */
export const SHRUNK_SIZE = 256;
/**
 * Images decoded at once. libuv's default pool has 4 threads and sharp decodes on them: 4 keeps the
 * pool busy while the main thread scores the previous image, even on a 2-core machine.
 */
export const QA_CONCURRENCY = 4;

/** What one decode of an image tells: header facts, and pixel statistics if it decoded. */
export interface Measurement {
  version: number;
  bytes: number;
  /** Header facts (no decode). */
  format?: string;
  width?: number;
  height?: number;
  space?: string;
  hasAlpha?: boolean;
  /** Set when the full decode failed (truncated, corrupt, over the pixel limit). */
  decodeError?: string;
  aesthetic?: AestheticBreakdown;
}

export interface Decoded {
  measurement: Measurement;
  /** The shrunk pixels, for checks that need them (similarity, NSFW); absent if the decode failed. */
  shrunk?: RawImage;
}

/**
 * Decodes an image once, fully (so a truncated file fails), refusing more than `maxPixels` before
 * decoding (decompression bombs), and measures it on a nearest-neighbour sample of at most
 * SHRUNK_SIZE px a side, taken in the same pass as the statistics. Sampling the full decode in JS is
 * cheaper than a second resampling pass in libvips (measured: bench/qa.bench.ts). `keepPixels` also
 * returns the sample as an image, for checks that need pixels (similarity, NSFW).
 */
export async function decodeAndMeasure(
  bytes: Buffer,
  maxPixels: number,
  options: { keepPixels?: boolean } = {},
): Promise<Decoded> {
  const measurement: Measurement = { version: MEASUREMENT_VERSION, bytes: bytes.length };
  // Loaded on first decode: a rerun whose measurements are all cached never pays sharp's start-up.
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    measurement.decodeError = `not a readable image: ${errorMessage(error)}`;
    return { measurement };
  }
  Object.assign(measurement, {
    format: meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heif') : meta.format,
    width: meta.width,
    height: meta.height,
    space: meta.space,
    hasAlpha: meta.hasAlpha,
  });
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > maxPixels) {
    measurement.decodeError = `${meta.width}x${meta.height} = ${pixels} pixels is over the limit of ${maxPixels}; not decoded`;
    return { measurement };
  }
  try {
    let image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' });
    // Pixel statistics are defined on 8-bit sRGB; convert only what is not already that.
    if (meta.space !== 'srgb' || (meta.channels ?? 3) < 3 || meta.depth !== 'uchar')
      image = image.toColourspace('srgb');
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    const channels = info.channels >= 4 ? 4 : 3;
    const step = Math.max(1, Math.ceil(Math.max(info.width, info.height) / SHRUNK_SIZE));
    measurement.aesthetic = aestheticOfSample(data, info.width, info.height, info.channels, step);
    const shrunk = options.keepPixels
      ? subsample({ data, width: info.width, height: info.height, channels }, info.channels)
      : undefined;
    return { measurement, shrunk };
  } catch (error) {
    measurement.decodeError = `decode failed (truncated or corrupt): ${errorMessage(error)}`;
    return { measurement };
  }
}

/** Nearest-neighbour subsample to at most SHRUNK_SIZE on the longest side, keeping 3 or 4 channels. */
export function subsample(image: RawImage, sourceChannels: number): RawImage {
  const { data, width, height } = image;
  const channels = sourceChannels >= 4 ? 4 : 3;
  const step = Math.max(1, Math.ceil(Math.max(width, height) / SHRUNK_SIZE));
  if (step === 1 && sourceChannels === channels) return { data, width, height, channels };
  const w = Math.ceil(width / step);
  const h = Math.ceil(height / step);
  const out = Buffer.allocUnsafe(w * h * channels);
  const rowStride = step * width * sourceChannels;
  const pixelStride = step * sourceChannels;
  let o = 0;
  // Separate loops per layout: this runs on a million source pixels per image.
  if (channels === 4) {
    for (let y = 0, row = 0; y < h; y++, row += rowStride) {
      for (let x = 0, p = row; x < w; x++, p += pixelStride) {
        out[o++] = data[p] as number;
        out[o++] = data[p + 1] as number;
        out[o++] = data[p + 2] as number;
        out[o++] = data[p + 3] as number;
      }
    }
  } else {
    for (let y = 0, row = 0; y < h; y++, row += rowStride) {
      for (let x = 0, p = row; x < w; x++, p += pixelStride) {
        out[o++] = data[p] as number;
        out[o++] = data[p + 1] as number;
        out[o++] = data[p + 2] as number;
      }
    }
  }
  return { data: out, width: w, height: h, channels };
}
