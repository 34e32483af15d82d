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

/** Grey versions of the RawImages this process has seen: the hash and the SSIM share one. */
const greys = new WeakMap<RawImage, GreyImage>();

/**
 * BT.601 luma; transparency composited onto white, so a transparent and a white pixel look alike.
 * Computed once per RawImage object (the result must not be modified).
 */
export function toGrey(image: RawImage): GreyImage {
  const cached = greys.get(image);
  if (cached) return cached;
  const grey = computeGrey(image);
  greys.set(image, grey);
  return grey;
}

function computeGrey(image: RawImage): GreyImage {
  const { data, width, height, channels } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    const y = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
    if (channels === 4) {
      const a = (data[p + 3] as number) / 255;
      out[i] = a * y + (1 - a) * 255;
    } else {
      out[i] = y;
    }
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
  const sh = src.height;
  const horizontal = new Float32Array(width * sh);
  const hx = taps(sw, width);
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    for (let o = 0; o < width; o++) {
      let sum = 0;
      const start = hx.start[o] as number;
      const base = o * hx.max;
      for (let k = 0; k < (hx.count[o] as number); k++)
        sum += (hx.weight[base + k] as number) * (src.data[row + start + k] as number);
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
      const row = (start + k) * width;
      for (let x = 0; x < width; x++)
        data[out + x] = (data[out + x] as number) + w * (horizontal[row + x] as number);
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
