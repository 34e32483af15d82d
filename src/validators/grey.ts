/**
 * Greyscale helpers for the pixel comparisons (perceptual hashes, SSIM): pure JS on the shrunk
 * decode, deterministic on every platform.
 */
import type { RawImage } from './image.js';

/** One channel of 0–255 values, row-major. */
export interface GreyImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** Longer side of the grey thumbnail the hash and the SSIM comparison share. */
export const THUMBNAIL_SIDE = 256;

/** BT.601 luma of one pixel; transparency composited onto white. */
function luma(data: Buffer, p: number, channels: number): number {
  const y = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
  if (channels !== 4) return y;
  const a = (data[p + 3] as number) / 255;
  return a * y + (1 - a) * 255;
}

/** Full-size luma (BT.601); transparency composited onto white, so transparent and white look alike. */
export function toGrey(image: RawImage): GreyImage {
  const { data, width, height, channels } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) out[i] = luma(data, p, channels);
  return { data: out, width, height };
}

const thumbnails = new WeakMap<RawImage, GreyImage>();

/**
 * The luma of `image` area-averaged to fit within 256 px (never enlarged), computed in one pass
 * without a full-size grey copy, and once per RawImage object: the perceptual hash and the SSIM
 * comparison of the same image share it. Treat RawImages and the result as immutable.
 */
export function greyThumbnail(image: RawImage): GreyImage {
  const cached = thumbnails.get(image);
  if (cached) return cached;
  const { width, height } = fitWithin(image.width, image.height, THUMBNAIL_SIDE);
  const { data, channels } = image;
  const sw = image.width;
  const factor = sw / width;
  // Whole-number shrink (512 → 256, 1024 → 256): plain block means, the common case, done directly.
  const thumb =
    Number.isInteger(factor) && image.height === height * factor
      ? blockMeans(image, factor)
      : resample(sw, image.height, width, height, (y, row) => {
          for (let x = 0, p = y * sw * channels; x < sw; x++, p += channels) row[x] = luma(data, p, channels);
        });
  thumbnails.set(image, thumb);
  return thumb;
}

/** Luma averaged over factor×factor blocks (exactly what area averaging gives for a whole factor). */
function blockMeans(image: RawImage, factor: number): GreyImage {
  const { data, channels } = image;
  const width = image.width / factor;
  const height = image.height / factor;
  const out = new Float32Array(width * height);
  const sums = new Float64Array(width);
  const norm = 1 / (factor * factor);
  for (let oy = 0; oy < height; oy++) {
    sums.fill(0);
    for (let y = oy * factor; y < (oy + 1) * factor; y++) {
      let p = y * image.width * channels;
      for (let ox = 0; ox < width; ox++) {
        let s = 0;
        for (let k = 0; k < factor; k++, p += channels) s += luma(data, p, channels);
        sums[ox] = (sums[ox] as number) + s;
      }
    }
    for (let ox = 0; ox < width; ox++) out[oy * width + ox] = (sums[ox] as number) * norm;
  }
  return { data: out, width, height };
}

/**
 * Area-average resize (each output pixel is the exact mean of the input area it covers, partial
 * pixels weighted by coverage). Done separably: rows, then columns, both walking memory in order.
 */
export function resizeArea(src: GreyImage, width: number, height: number): GreyImage {
  if (src.width === width && src.height === height) return src;
  const sw = src.width;
  return resample(sw, src.height, width, height, (y, row) => {
    row.set(src.data.subarray(y * sw, (y + 1) * sw));
  });
}

/** Resamples sw×sh rows (each written into `row` by `readRow`) to width×height by area averaging. */
function resample(
  sw: number,
  sh: number,
  width: number,
  height: number,
  readRow: (y: number, row: Float32Array) => void,
): GreyImage {
  const horizontal = new Float32Array(width * sh);
  const hx = taps(sw, width);
  const row = new Float32Array(sw);
  for (let y = 0; y < sh; y++) {
    readRow(y, row);
    for (let o = 0; o < width; o++) {
      let sum = 0;
      const start = hx.start[o] as number;
      const base = o * hx.max;
      for (let k = 0; k < (hx.count[o] as number); k++)
        sum += (hx.weight[base + k] as number) * (row[start + k] as number);
      horizontal[y * width + o] = sum;
    }
  }
  const data = new Float32Array(width * height);
  const vy = taps(sh, height);
  for (let o = 0; o < height; o++) {
    const out = o * width;
    const start = vy.start[o] as number;
    for (let k = 0; k < (vy.count[o] as number); k++) {
      const w = vy.weight[o * vy.max + k] as number;
      const from = (start + k) * width;
      for (let x = 0; x < width; x++)
        data[out + x] = (data[out + x] as number) + w * (horizontal[from + x] as number);
    }
  }
  return { data, width, height };
}

/** For each of `to` outputs: the first input index, how many inputs, and their coverage weights. */
function taps(
  from: number,
  to: number,
): { start: Int32Array; count: Int32Array; weight: Float64Array; max: number } {
  const scale = from / to;
  const max = Math.ceil(scale) + 1;
  const start = new Int32Array(to);
  const count = new Int32Array(to);
  const weight = new Float64Array(to * max);
  for (let o = 0; o < to; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    const first = Math.floor(a);
    const last = Math.min(Math.ceil(b), from);
    start[o] = first;
    count[o] = last - first;
    for (let i = first; i < last; i++)
      weight[o * max + (i - first)] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
  }
  return { start, count, weight, max };
}

/** The size with the same aspect ratio whose longer side is at most `maxSide` (never enlarged). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
