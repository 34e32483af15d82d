import type { ImageFormat } from '../core/model.js';

export interface EncodedFile {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: Buffer;
}

export const EXTENSIONS: Record<ImageFormat, string> = {
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  avif: 'avif',
};
export const CONTENT_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

/**
 * Re-encodes an image in `format`, at most `width` wide (never upscaled), with an XMP packet.
 * Lossless formats are bit-exact in pixels; lossy ones use high quality since the source is already
 * the reviewed image.
 */
export async function encodeWithXmp(
  source: Buffer,
  format: ImageFormat,
  xmp: string,
  width?: number,
): Promise<EncodedFile> {
  // Loaded on first encode: a rerun with every file already delivered never pays sharp's start-up.
  const { default: sharp } = await import('sharp');
  let image = sharp(source);
  if (width) image = image.resize({ width, withoutEnlargement: true });
  image = image.withXmp(xmp);
  switch (format) {
    case 'png':
      image = image.png({ compressionLevel: 9, effort: 7 });
      break;
    case 'jpeg':
      image = image.jpeg({ quality: 90, mozjpeg: true });
      break;
    case 'webp':
      image = image.webp({ quality: 88 });
      break;
    case 'avif':
      image = image.avif({ quality: 62, effort: 4 });
      break;
  }
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return { format, width: info.width, height: info.height, bytes: data };
}
