/** Raw pixels of one shrunk decode: every QA check that looks at pixels works from this. */
export interface RawImage {
  /** Interleaved 8-bit samples, `channels` per pixel, row-major. */
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}
