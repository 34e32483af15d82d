/**
 * The review gallery's picture of an image, made from the decode QA already has in hand: each
 * f×f block's mean colour, f = ⌈longer side / max⌉ (a box filter: every pixel counts equally, so
 * fine texture neither aliases nor blurs past one block).
 */
import type { RawImage } from '../core/image.js';
import { align16, kernelMemory, type StagedPixels, stagedForBlocks } from './kernel.js';

/**
 * `image` shrunk by the whole factor that brings its longer side to at most `maxSide`, each
 * output pixel the mean of its block per channel (rounded half up; blocks on the right and bottom
 * edges may be narrower and are the mean of the pixels they have). Channels are kept: 3 stays 3,
 * 4 keeps its alpha as a mean too. An image already small enough is returned as it is. Runs in the
 * WebAssembly kernel where it loads; the JavaScript loop is the reference and the fallback.
 */
export function boxDownsample(
  image: RawImage,
  maxSide: number,
  options: { kernel?: boolean; staged?: StagedPixels } = {},
): RawImage {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
  if (factor === 1) return image;
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const out: RawImage = {
    data: Buffer.allocUnsafe(width * height * image.channels),
    width,
    height,
    channels: image.channels,
  };
  // The decode measure.ts copied into the kernel for its own passes, else a copy of ours.
  const staged = stagedForBlocks(image.data, factor, options);
  if (!staged || !kernelMeans(staged, image, factor, out))
    for (let oy = 0; oy < height; oy++) blockRowMeans(image, factor, oy, out);
  return out;
}

/** Row `oy` of the result in plain JavaScript: column sums over the block's rows, then per block. */
function blockRowMeans(image: RawImage, factor: number, oy: number, out: RawImage): void {
  const { data, channels, width: sw, height: sh } = image;
  const rowBytes = sw * channels;
  const columns = new Uint32Array(rowBytes);
  const y0 = oy * factor;
  const rows = Math.min(sh, y0 + factor) - y0;
  for (let y = y0; y < y0 + rows; y++) {
    const row = y * rowBytes;
    for (let i = 0; i < rowBytes; i++) columns[i] = (columns[i] as number) + (data[row + i] as number);
  }
  let o = oy * out.width * channels;
  // Channel sums in locals, as the kernel does: a loop over channels per block cost 3× more.
  for (let px = 0, p = 0; px < sw; px += factor) {
    const n = Math.min(factor, sw - px);
    const area = n * rows;
    const half = area >> 1;
    let r = half;
    let g = half;
    let b = half;
    let a = half;
    for (let k = 0; k < n; k++, p += channels) {
      r += columns[p] as number;
      g += columns[p + 1] as number;
      b += columns[p + 2] as number;
      if (channels === 4) a += columns[p + 3] as number;
    }
    out.data[o++] = Math.floor(r / area);
    out.data[o++] = Math.floor(g / area);
    out.data[o++] = Math.floor(b / area);
    if (channels === 4) out.data[o++] = Math.floor(a / area);
  }
}

/**
 * The same through the kernel, over the staged decode, in one call: per band of rows the column
 * sums (SIMD), then each block's channel sums in 32-bit lanes. False when the kernel's memory
 * cannot hold the work space.
 */
function kernelMeans(staged: StagedPixels, image: RawImage, factor: number, out: RawImage): boolean {
  const { kernel, scratch: acc } = staged;
  const { channels, width: sw, height: sh } = image;
  // 16 bytes past the sums: a block's last load reads a little beyond its pixel (kernel.wat).
  const means = align16(acc + sw * channels * 2 + 16);
  const bytes = out.width * out.height * channels;
  // One byte more: a 3-channel block is stored as 4 bytes, the next block overwriting the 4th.
  const memory = kernelMemory(kernel, means + bytes + 1);
  if (!memory) return false;
  kernel.boxMeans(0, sw, sh, channels, factor, acc, means);
  out.data.set(new Uint8Array(memory, means, bytes));
  return true;
}

/**
 * The review gallery's picture of a full decode (sRGB, 3 or 4 channels), shrunk to at most
 * `maxSide` px a side; undefined when none is asked for, or when the picture on display is not the
 * decode as it stands (see decodedUpright). Made from the pixels QA has in hand: the gallery's own
 * decode and resize of each blob cost `genops qa` a third of its time.
 */
export function reviewPicture(
  image: RawImage,
  bytes: Buffer,
  orientation: number | undefined,
  maxSide: number | undefined,
  staged?: StagedPixels,
): RawImage | undefined {
  if (!maxSide || !decodedUpright(bytes, orientation)) return undefined;
  return boxDownsample(image, maxSide, { staged });
}

/**
 * Whether the decode is the picture as people see it, orientation included: libvips leaves EXIF
 * orientation to the caller (libheif applies AVIF's own). False when the bytes carry an EXIF
 * orientation other than upright (JPEG and anything libvips' header told), or any EXIF at all in
 * a PNG (`eXIf` chunk before the pixels) or a WebP (VP8X EXIF flag), whose orientation is not read
 * here: such images are shrunk from their bytes instead, by a pipeline that turns them.
 */
export function decodedUpright(bytes: Buffer, orientation?: number): boolean {
  if (orientation !== undefined && orientation !== 1) return false;
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) {
    // Chunks: length (4), type (4), data, CRC (4); EXIF counts only before the pixel data.
    for (let at = 8; at + 8 <= bytes.length; ) {
      const type = bytes.toString('latin1', at + 4, at + 8);
      if (type === 'eXIf') return false;
      if (type === 'IDAT' || type === 'IEND') return true;
      at += 12 + bytes.readUInt32BE(at);
    }
    return true;
  }
  if (
    bytes.length >= 21 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 16) === 'WEBPVP8X'
  )
    return ((bytes[20] as number) & 0x08) === 0;
  return true;
}
