/**
 * Web derivatives of an approved image: every requested format at every requested width, never
 * larger than the original, each carrying the XMP packet the metadata module wrote, each named by
 * its own sha256. The source is decoded once; every derivative is encoded from those pixels.
 *
 * Output is deterministic for a given sharp/libvips version and XMP packet (no timestamps are
 * added), which is what lets an unchanged asset be redeployed without a single upload.
 */
import sharp, { type Sharp } from 'sharp';
import { sha256Hex } from '../core/canonical.js';
import { EXTENSIONS } from '../core/formats.js';
import type { DeliveredFile, ImageFormat } from '../core/model.js';

export interface DerivativeSpec {
  formats: ImageFormat[];
  /** Target widths in pixels; empty means the original width only. Wider than the source is clamped. */
  widths: number[];
}

export interface Derivative {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: Buffer;
  sha256: string;
}

export interface EncodeOptions {
  /** Backdrop for images with alpha in formats without it (JPEG). Default white. */
  background?: string;
  /** Pixel limit for the decode (decompression bombs); default sharp's 268 Mpx. */
  maxPixels?: number;
}

/**
 * Encoder settings, all in one place. The source is the reviewed image, so lossy formats use high
 * quality (visually lossless at normal viewing); PNG is lossless. AVIF effort 4 keeps a 1024²
 * encode around a second on one core.
 */
const ENCODERS: Record<ImageFormat, (image: Sharp) => Sharp> = {
  png: (image) => image.png({ compressionLevel: 9, effort: 7 }),
  jpeg: (image) => image.jpeg({ quality: 90, mozjpeg: true }),
  webp: (image) => image.webp({ quality: 88 }),
  avif: (image) => image.avif({ quality: 62, effort: 4 }),
};

export async function makeDerivatives(
  bytes: Buffer,
  spec: DerivativeSpec,
  xmp?: string,
  options: EncodeOptions = {},
): Promise<Derivative[]> {
  const limitInputPixels = options.maxPixels ?? true;
  // One decode, to sRGB 8-bit pixels; every output is encoded from these.
  const { data, info } = await sharp(bytes, { limitInputPixels })
    .autoOrient()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const source = { width: info.width, height: info.height, channels: info.channels };
  const widths = derivativeWidths(spec.widths, source.width);
  const formats = [...new Set(spec.formats)];

  const jobs = formats.flatMap((format) => widths.map((width) => ({ format, width })));
  return Promise.all(
    jobs.map(async ({ format, width }) => {
      let image = sharp(data, { raw: source, limitInputPixels });
      if (width !== source.width)
        image = image.resize({ width, withoutEnlargement: true, kernel: 'lanczos3' });
      if (format === 'jpeg' && source.channels === 4)
        image = image.flatten({ background: options.background ?? '#ffffff' });
      image = ENCODERS[format](image);
      if (xmp) image = image.withXmp(xmp);
      const out = await image.toBuffer({ resolveWithObject: true });
      return {
        format,
        width: out.info.width,
        height: out.info.height,
        bytes: out.data,
        sha256: sha256Hex(out.data),
      };
    }),
  );
}

/** The widths to make: requested ones clamped to the source (never upscaled), deduplicated, ascending. */
export function derivativeWidths(requested: number[], sourceWidth: number): number[] {
  const widths = requested.length ? requested : [sourceWidth];
  return [...new Set(widths.map((w) => Math.min(Math.round(w), sourceWidth)).filter((w) => w > 0))].sort(
    (a, b) => a - b,
  );
}

/**
 * A content-hashed file path for a derivative: `hero/hero-640w.3f9a1c2b7d4e.webp`. The hash
 * prefix (48 bits) names the bytes; an unchanged derivative keeps its path across runs.
 */
export function derivativePath(
  assetId: string,
  derivative: Pick<Derivative, 'format' | 'width' | 'sha256'>,
): string {
  const stem = assetId.split('/').at(-1) ?? assetId;
  return `${assetId}/${stem}-${derivative.width}w.${derivative.sha256.slice(0, 12)}.${EXTENSIONS[derivative.format]}`;
}

/**
 * A `srcset` attribute value for one format: `https://…/hero-320w.….webp 320w, https://…-640w.….webp 640w`.
 * Files without a URL are left out; two files of one width keep the first.
 */
export function srcset(
  files: Pick<DeliveredFile, 'format' | 'width' | 'url'>[],
  format: ImageFormat,
  urlOf: (file: Pick<DeliveredFile, 'format' | 'width' | 'url'>) => string | undefined = (file) => file.url,
): string {
  const byWidth = new Map<number, string>();
  for (const file of files) {
    if (file.format !== format) continue;
    const url = urlOf(file);
    if (url && !byWidth.has(file.width)) byWidth.set(file.width, url);
  }
  return [...byWidth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([width, url]) => `${url.replace(/ /g, '%20').replace(/,/g, '%2C')} ${width}w`)
    .join(', ');
}

/**
 * A small WebP for people to look at (the PR comment's previews, the review gallery): fits in
 * `size`², never enlarged, with a pixel limit since the bytes may come from elsewhere.
 */
export async function reviewThumbnail(bytes: Buffer, size: number, quality: number): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: 64 * 1024 * 1024 })
    .rotate()
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
    .webp({ quality })
    .toBuffer();
}
