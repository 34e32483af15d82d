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

/**
 * One channel of 0–255 values, row-major: the grey thumbnail hashes and SSIM work from. Thumbnails
 * hold whole grey levels as bytes (a quarter of the memory, and kept to disk by one copy); resized
 * images hold fractions.
 */
export interface GreyImage {
  data: Uint8Array | Float32Array;
  width: number;
  height: number;
}

/**
 * Frees a buffer's memory now instead of at a later garbage collection, when nothing else can see
 * it: the buffer must own its whole ArrayBuffer (not a slice of Node's pool or of a larger buffer),
 * and the caller must hold the only reference. Detaching the ArrayBuffer runs its deleter at once
 * (libvips' free for sharp's output). Why: V8 counts each 3 MB decode as external memory and ran a
 * full collection every ~9 decodes to find them (36 per 300 QA'd images, a fifth of the main
 * thread); detached, a decode-only loop over 300 1024² PNGs ran 13 collections → 1 and peaked
 * 212 → 153 MB. A no-op where ArrayBuffer.prototype.transfer is missing (it is in Node ≥ 21).
 */
export function releaseNow(buffer: Uint8Array): void {
  const whole = buffer.buffer;
  // ES2024's transfer: the project's TypeScript libs stop at ES2023.
  const transfer = (whole as { transfer?: (length: number) => ArrayBuffer }).transfer;
  if (!(whole instanceof ArrayBuffer) || typeof transfer !== 'function') return;
  if (buffer.byteOffset !== 0 || buffer.byteLength !== whole.byteLength || whole.byteLength === 0) return;
  try {
    transfer.call(whole, 0);
  } catch {
    // Not detachable (e.g. WebAssembly memory): left to the collector.
  }
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
