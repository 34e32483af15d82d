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
