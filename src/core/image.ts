import { availableParallelism } from 'node:os';

/** Decoded pixels as the QA checks, the thumbnail cache and the comparisons share them. */

/** Raw pixels of one shrunk decode: every QA check that looks at pixels works from this. */
export interface RawImage {
  /** Interleaved 8-bit samples, `channels` per pixel, row-major. */
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** One channel of 0–255 values, row-major: the grey thumbnail hashes and SSIM work from. */
export interface GreyImage {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Images one process rasterises or re-encodes at once: one per core, and at least 2 so one image's
 * file I/O overlaps another's pixels. The work is CPU-bound: more at once finishes no sooner, it
 * only holds more pixel buffers, each libuv and libvips thread in its own glibc malloc arena, whose
 * freed pages stay resident (2 cores, cold synthesis of 1024² images, 4 renders at once → 2: 300
 * images 266–314 → 228–255 MB, 1,000 images 298–367 → 279–318 MB, same wall and CPU time).
 */
export function imageConcurrency(): number {
  return Math.max(2, availableParallelism());
}
