/**
 * CLIP image preprocessing, as Hugging Face's CLIPImageProcessor does it: resize so the shortest
 * side is 224 (bicubic; the long side `floor(224 · long / short)`), centre crop 224×224 (offset
 * `floor((size − 224) / 2)`), scale to 0–1, normalise per channel with CLIP's mean and std, and lay
 * out channels first: a Float32Array for `pixel_values` [1, 3, 224, 224].
 *
 * sharp's `cubic` kernel is Catmull-Rom, the a = −0.5 bicubic PIL uses, and libvips anti-aliases
 * when shrinking as PIL does. Transparency is flattened onto white (deliberately unlike
 * CLIPImageProcessor, whose convert("RGB") drops alpha and shows whatever colour transparent
 * pixels carry: flattening scores what a viewer sees).
 */
import sharp from 'sharp';
import type { RawImage } from '../core/image.js';

export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

export interface PreprocessOptions {
  /** Shortest side after resizing. */
  resize: number;
  /** Side of the square centre crop. */
  crop: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export const CLIP_PREPROCESS: PreprocessOptions = { resize: 224, crop: 224, mean: CLIP_MEAN, std: CLIP_STD };

/** Size after resizing the shortest side to `target`. */
export function resizedSize(
  width: number,
  height: number,
  target: number,
): { width: number; height: number } {
  if (width <= height) return { width: target, height: Math.floor((target * height) / width) };
  return { width: Math.floor((target * width) / height), height: target };
}

/** The RGB bytes of the crop, before normalisation: useful to look at, and what tests compare. */
export async function clipCropRgb(
  image: RawImage,
  options: PreprocessOptions = CLIP_PREPROCESS,
): Promise<Buffer> {
  const { data, width, height, channels } = image;
  const size = resizedSize(width, height, options.resize);
  let pipeline = sharp(data, { raw: { width, height, channels } }).flatten({ background: '#ffffff' });
  if (size.width !== width || size.height !== height) {
    pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel: 'cubic' });
  }
  const resized = await pipeline.removeAlpha().raw().toBuffer();
  // Centre crop; where the resized image is smaller than the crop, it is centred on black (as HF pads).
  const offset = (have: number) =>
    have >= options.crop ? Math.floor((have - options.crop) / 2) : -Math.floor((options.crop - have) / 2);
  const left = offset(size.width);
  const top = offset(size.height);
  const out = Buffer.alloc(options.crop * options.crop * 3);
  for (let y = 0; y < options.crop; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= size.height) continue;
    const x0 = Math.max(0, -left);
    const x1 = Math.min(options.crop, size.width - left);
    if (x1 <= x0) continue;
    resized.copy(
      out,
      (y * options.crop + x0) * 3,
      (sy * size.width + x0 + left) * 3,
      (sy * size.width + x1 + left) * 3,
    );
  }
  return out;
}

/** Normalised channels-first pixels from interleaved RGB bytes of a `crop`×`crop` image. */
export function normalizeChw(rgb: Uint8Array, options: PreprocessOptions = CLIP_PREPROCESS): Float32Array {
  const plane = options.crop * options.crop;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const mean = options.mean[c] as number;
    const std = options.std[c] as number;
    for (let i = 0; i < plane; i++) out[c * plane + i] = ((rgb[i * 3 + c] as number) / 255 - mean) / std;
  }
  return out;
}

/** `pixel_values` for one image. */
export async function preprocessClip(
  image: RawImage,
  options: PreprocessOptions = CLIP_PREPROCESS,
): Promise<Float32Array> {
  return normalizeChw(await clipCropRgb(image, options), options);
}
