import type { Metadata } from 'sharp';
import { errorMessage } from '../core/errors.js';
import { type GreyImage, type RawImage, releaseNow } from '../core/image.js';
import { type AestheticBreakdown, aestheticOfSample } from './aesthetic.js';
import { reviewPicture } from './downsample.js';
import { greyThumbnail } from './grey.js';
import { stagePixels } from './kernel.js';

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
  /** The shrunk pixels, for checks that need them (NSFW, CLIP, judge); absent if the decode failed. */
  shrunk?: RawImage;
  /**
   * The grey thumbnail of the full decode (block means, grey.ts), for the perceptual hash and the
   * comparison with the previous version; only when asked for, and absent if the decode failed.
   */
  thumbnail?: GreyImage;
  /**
   * The review gallery's picture: the decode box-averaged to at most `review` px a side (sRGB, 3
   * or 4 channels); only when asked for, and absent if the decode failed or the image's EXIF
   * orientation would have to be applied first.
   */
  review?: RawImage;
}

/**
 * Decodes an image once, fully (so a truncated file fails), refusing more than `maxPixels` before
 * decoding (decompression bombs), and measures it on a nearest-neighbour sample of at most
 * SHRUNK_SIZE px a side, taken in the same pass as the statistics. Sampling the full decode in JS is
 * cheaper than a second resampling pass in libvips (measured in-process when it was written). `keepPixels` also
 * returns the sample as an image, for checks that need pixels (similarity, NSFW).
 */
export async function decodeAndMeasure(
  bytes: Buffer,
  maxPixels: number,
  options: { keepPixels?: boolean; thumbnail?: boolean; review?: number } = {},
): Promise<Decoded> {
  const measurement: Measurement = { version: MEASUREMENT_VERSION, bytes: bytes.length };
  // Loaded on first decode: a rerun whose measurements are all cached never pays sharp's start-up.
  const { default: sharp } = await import('sharp');
  const decode = (convert: boolean) => {
    let image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' });
    if (convert) image = image.toColourspace('srgb');
    return image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  };
  // A second pass over the header (sharp's metadata()) cost a fifth of QA throughput: for PNG,
  // WebP and AVIF the facts the checks need follow from the magic bytes and the decode itself.
  // JPEG (CMYK is possible) and anything unrecognised still ask libvips, side by side with the decode.
  const sniffed = sniffFormat(bytes);
  const [header, pixels] = await Promise.allSettled([
    sniffed && sniffed !== 'jpeg'
      ? Promise.resolve(undefined)
      : sharp(bytes, { limitInputPixels: false }).metadata(),
    decode(false),
  ]);
  if (header.status === 'rejected') {
    measurement.decodeError = `not a readable image: ${errorMessage(header.reason)}`;
    return { measurement };
  }
  const meta: Metadata | undefined = header.value;
  if (meta) {
    Object.assign(measurement, {
      format: meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heif') : meta.format,
      width: meta.width,
      height: meta.height,
      space: meta.space,
      hasAlpha: meta.hasAlpha,
    });
    const count = (meta.width ?? 0) * (meta.height ?? 0);
    if (count > maxPixels) {
      measurement.decodeError = `${meta.width}x${meta.height} = ${count} pixels is over the limit of ${maxPixels}; not decoded`;
      return { measurement };
    }
  }
  try {
    if (pixels.status === 'rejected') throw pixels.reason;
    let { data, info } = pixels.value;
    if (!meta) {
      // libvips decodes PNG, WebP and AVIF as sRGB, or as greyscale with 1–2 bands.
      const grey = info.channels < 3;
      Object.assign(measurement, {
        format: sniffed,
        width: info.width,
        height: info.height,
        space: grey ? 'b-w' : 'srgb',
        hasAlpha: info.channels === 2 || info.channels === 4,
      });
    }
    // Pixel statistics are defined on 8-bit sRGB: anything else is decoded again, converted.
    if (measurement.space !== 'srgb' || info.channels < 3) {
      const first = data;
      ({ data, info } = await decode(true));
      releaseNow(first);
    }
    const image: RawImage = {
      data,
      width: info.width,
      height: info.height,
      channels: info.channels >= 4 ? 4 : 3,
    };
    const { aesthetic, ...passes } = pixelPasses(image, info.channels, bytes, meta?.orientation, options);
    measurement.aesthetic = aesthetic;
    return { measurement, ...passes };
  } catch (error) {
    const message = errorMessage(error);
    if (/exceeds pixel limit/i.test(message)) {
      const dims = await sharp(bytes, { limitInputPixels: false })
        .metadata()
        .catch(() => undefined);
      Object.assign(measurement, { format: sniffed, width: dims?.width, height: dims?.height });
      const count = (dims?.width ?? 0) * (dims?.height ?? 0);
      measurement.decodeError = `${dims?.width}x${dims?.height} = ${count} pixels is over the limit of ${maxPixels}; not decoded`;
    } else {
      measurement.decodeError = `decode failed (truncated or corrupt): ${message}`;
    }
    return { measurement };
  }
}

/**
 * Every pass over one 8-bit sRGB decode (`sourceChannels` as decoded, 3 or 4 and more): the
 * aesthetic sums, and the shrunk sample, grey thumbnail and review picture that were asked for.
 * Frees the decode afterwards unless a result is the decode itself.
 */
function pixelPasses(
  image: RawImage,
  sourceChannels: number,
  bytes: Buffer,
  orientation: number | undefined,
  options: { keepPixels?: boolean; thumbnail?: boolean; review?: number },
): Omit<Decoded, 'measurement'> & { aesthetic: AestheticBreakdown } {
  const { data, width, height } = image;
  const step = Math.max(1, Math.ceil(Math.max(width, height) / SHRUNK_SIZE));
  // One copy into the kernel for every pass that reads the whole decode.
  const staged = options.thumbnail || options.review ? stagePixels(data) : undefined;
  const aesthetic = aestheticOfSample(data, width, height, sourceChannels, step, { staged });
  const shrunk = options.keepPixels ? subsample(image, sourceChannels) : undefined;
  // Block means over every pixel: a nearest-neighbour sample aliases fine texture, and SSIM on
  // it called a JPEG q80 re-encode of a textured picture "changed" (0.969, measured).
  const thumbnail = options.thumbnail ? greyThumbnail(image, { staged }) : undefined;
  const review = reviewPicture(image, bytes, orientation, options.review, staged);
  // The decode is done with unless a result is the decode itself (an image already small enough).
  if (shrunk?.data !== data && review?.data !== data) releaseNow(data);
  return { aesthetic, shrunk, thumbnail, review };
}

/** The format from the first bytes, for the formats whose decode tells the rest. */
export function sniffFormat(bytes: Buffer): 'png' | 'jpeg' | 'webp' | 'avif' | undefined {
  if (bytes.length < 12) return undefined;
  if (bytes.readUInt32BE(0) === 0x89504e47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.toString('latin1', 4, 8) === 'ftyp' && /^avi[fs]$/.test(bytes.toString('latin1', 8, 12)))
    return 'avif';
  return undefined;
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
