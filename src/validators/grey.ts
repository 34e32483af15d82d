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

/** BT.601 luma; transparency composited onto white, so a transparent and a white pixel look alike. */
export function toGrey(image: RawImage): GreyImage {
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
 * pixels weighted by coverage). Done separably: rows, then columns.
 */
export function resizeArea(src: GreyImage, width: number, height: number): GreyImage {
  if (src.width === width && src.height === height) return src;
  const horizontal = resample1d(src.data, src.width, src.height, width, true);
  const data = resample1d(horizontal, width, src.height, height, false);
  return { data, width, height };
}

/** Resamples along x (`alongX`) or y, from `from` samples to `to`. */
function resample1d(data: Float32Array, w: number, h: number, to: number, alongX: boolean): Float32Array {
  const from = alongX ? w : h;
  const outW = alongX ? to : w;
  const outH = alongX ? h : to;
  const out = new Float32Array(outW * outH);
  const scale = from / to;
  // Precompute, for each output index, the input indices and weights it averages.
  const taps: { start: number; weights: number[] }[] = [];
  for (let o = 0; o < to; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    const start = Math.floor(a);
    const weights: number[] = [];
    for (let i = start; i < Math.min(Math.ceil(b), from); i++) {
      weights.push((Math.min(b, i + 1) - Math.max(a, i)) / scale);
    }
    taps.push({ start, weights });
  }
  const lines = alongX ? h : w;
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < to; o++) {
      const { start, weights } = taps[o] as { start: number; weights: number[] };
      let sum = 0;
      for (let k = 0; k < weights.length; k++) {
        const i = start + k;
        sum += (weights[k] as number) * (data[alongX ? line * w + i : i * w + line] as number);
      }
      out[alongX ? line * outW + o : o * outW + line] = sum;
    }
  }
  return out;
}

/** The size with the same aspect ratio whose longer side is at most `maxSide` (never enlarged). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
