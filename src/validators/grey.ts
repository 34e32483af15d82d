/**
 * Greyscale helpers for the pixel comparisons (perceptual hashes, SSIM): integer arithmetic on
 * the decode, so the same on every platform.
 */
import type { GreyImage, RawImage } from '../core/image.js';
import { align16, kernelMemory, type StagedPixels, stagedForBlocks } from './kernel.js';

/** Longer side of the grey thumbnail the hash and the SSIM comparison share. */
export const THUMBNAIL_SIDE = 256;

const thumbnails = new WeakMap<RawImage, GreyImage>();

/**
 * The luma of `image` averaged over whole f×f blocks, f = ⌈longer side / 256⌉, so the result fits
 * within 256 px (blocks on the right and bottom edges may be narrower; each is the mean of the
 * pixels it has). Values are rounded to whole grey levels, so a thumbnail kept as bytes (the QA
 * layer's thumbnail cache) equals the one just computed. Made once per RawImage object: the
 * perceptual hash and the SSIM comparison of the same image share it. Treat RawImages and the
 * result as immutable.
 *
 * Every pixel counts (a sparser sample let JPEG and WebP re-encodes of fine texture look changed),
 * so the sums run in the SIMD WebAssembly kernel (kernel.wat) where it loads, with
 * integer BT.601 weights; the JavaScript loop below is the reference and the fallback. `staged`:
 * the image's pixels already in the kernel's memory (measure.ts shares one copy with the
 * aesthetic sums).
 */
export function greyThumbnail(
  image: RawImage,
  options: { kernel?: boolean; staged?: StagedPixels } = {},
): GreyImage {
  const cached = thumbnails.get(image);
  if (cached) return cached;
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / THUMBNAIL_SIDE));
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const thumb: GreyImage = { data: new Uint8Array(width * height), width, height };
  const staged = stagedForBlocks(image.data, factor, options);
  if (!staged || !kernelBlockMeans(staged, image, factor, thumb))
    for (let oy = 0; oy < height; oy++) blockRowMeans(image, factor, oy, thumb);
  thumbnails.set(image, thumb);
  return thumb;
}

/**
 * Row `oy` of the thumbnail in plain JavaScript: luma ×1000 (BT.601 integer weights) summed over
 * each block, then each block's mean, rounded. Transparency is composited onto white:
 * (a·Y + (255 − a)·255) / 255, the division left to the mean.
 */
function blockRowMeans(image: RawImage, factor: number, oy: number, thumb: GreyImage): void {
  const { data, channels, width: sw, height: sh } = image;
  const { width } = thumb;
  // Float64 sums stay exact integers (×1000, or ×255 000 with alpha) far past any block size.
  const sums = new Float64Array(width);
  const lastWidth = sw - (width - 1) * factor;
  const y0 = oy * factor;
  const y1 = Math.min(sh, y0 + factor);
  for (let y = y0; y < y1; y++) {
    let p = y * sw * channels;
    for (let ox = 0; ox < width; ox++) {
      const n = ox === width - 1 ? lastWidth : factor;
      let s = 0;
      if (channels === 3) {
        for (let k = 0; k < n; k++, p += 3)
          s += 299 * (data[p] as number) + 587 * (data[p + 1] as number) + 114 * (data[p + 2] as number);
      } else {
        for (let k = 0; k < n; k++, p += 4) {
          const a = data[p + 3] as number;
          const y1000 =
            299 * (data[p] as number) + 587 * (data[p + 1] as number) + 114 * (data[p + 2] as number);
          s += a * y1000 + (255 - a) * 255_000;
        }
      }
      sums[ox] = (sums[ox] as number) + s;
    }
  }
  const scale = channels === 3 ? 1000 : 255_000;
  for (let ox = 0; ox < width; ox++) {
    const pixels = (y1 - y0) * (ox === width - 1 ? lastWidth : factor);
    thumb.data[oy * width + ox] = Math.round((sums[ox] as number) / (scale * pixels));
  }
}

/**
 * The thumbnail through the kernel, in one call over the staged decode: its block means arrive as
 * bytes. A band of rows with any transparency is redone in JavaScript, since compositing is per
 * pixel. False when the kernel's memory cannot hold the scratch.
 */
function kernelBlockMeans(staged: StagedPixels, image: RawImage, factor: number, thumb: GreyImage): boolean {
  const { kernel, scratch: acc } = staged;
  const { channels, width: sw, height: sh } = image;
  const { width, height } = thumb;
  const out = acc + align16(sw * channels * 2);
  const flags = out + align16(width * height);
  // 16 bytes of slack: a block's last load may read past the sums (kernel.wat).
  const memory = kernelMemory(kernel, flags + height + 16);
  if (!memory) return false;
  kernel.thumbnail(0, sw, sh, channels, factor, acc, out, flags);
  thumb.data.set(new Uint8Array(memory, out, width * height));
  if (channels === 4) {
    const transparent = new Uint8Array(memory, flags, height);
    for (let oy = 0; oy < height; oy++) if (transparent[oy]) blockRowMeans(image, factor, oy, thumb);
  }
  return true;
}

/**
 * Area-average resize (each output pixel is the exact mean of the input area it covers, partial
 * pixels weighted by coverage). Done separably: rows, then columns, both walking memory in order.
 */
export function resizeArea(src: GreyImage, width: number, height: number): GreyImage {
  if (src.width === width && src.height === height) return src;
  const { width: sw, height: sh } = src;
  const horizontal = new Float32Array(width * sh);
  const hx = taps(sw, width);
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    for (let o = 0; o < width; o++) {
      let sum = 0;
      const start = row + (hx.start[o] as number);
      const base = o * hx.max;
      for (let k = 0; k < (hx.count[o] as number); k++)
        sum += (hx.weight[base + k] as number) * (src.data[start + k] as number);
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
