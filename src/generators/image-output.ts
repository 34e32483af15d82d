import sharp, { type Metadata, type Sharp } from 'sharp';
import { MEDIA_TYPES } from '../core/formats.js';
import type { ImageFormat, Job } from '../core/model.js';
import { badAnswer, jobPixelCap } from './bounded-body.js';
import { GenerationError } from './generator.js';

/**
 * What every AI back end does with the bytes it got: check they are a whole image, then make sure
 * the job gets what the manifest asked for — its size and its format. Back ends that cannot produce
 * a size natively (Stability's aspect ratios, OpenAI's fixed sizes) are cover-resized; formats they
 * cannot produce are transcoded. Bytes that already match pass through untouched, so provider
 * metadata (OpenAI's C2PA, ComfyUI's embedded workflow) survives whenever it can.
 */
export interface ConformedImage {
  bytes: Buffer;
  mediaType: string;
  /** What the back end sent, when it was changed to fit the request. */
  native?: { format: ImageFormat; width: number; height: number };
}

export function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a)
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
  }
  return undefined;
}

const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * A structural completeness check that costs no decode: PNG must end with IEND, JPEG with an EOI
 * marker, WebP must be as long as its RIFF header says. sharp's `metadata()` reads only headers and
 * would happily accept a file cut in half.
 */
export function isComplete(bytes: Buffer, format: ImageFormat): boolean {
  switch (format) {
    case 'png':
      return (
        bytes.length > PNG_IEND.length && bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND)
      );
    case 'jpeg': {
      // Some encoders pad after EOI; look for it near the end.
      const tail = bytes.subarray(Math.max(0, bytes.length - 64));
      for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
      return false;
    }
    case 'webp':
      return bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= bytes.length;
    case 'avif':
      return true;
  }
}

/**
 * Checks the bytes and makes them match the request's size and format. An image that declares more
 * pixels than the job's cap was made for is not decoded: a few kilobytes can declare gigabytes.
 */
export async function conformImage(
  backend: string,
  bytes: Buffer,
  job: Pick<Job, 'request' | 'maxResponseBytes'>,
): Promise<ConformedImage> {
  const { request } = job;
  const format = sniffFormat(bytes);
  if (!format) {
    const start = bytes
      .subarray(0, 16)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
    throw badAnswer(
      `${backend} returned ${bytes.length} bytes that are not a PNG, JPEG, WebP or AVIF image (starts "${start}")`,
    );
  }
  if (!isComplete(bytes, format)) {
    throw badAnswer(`${backend} returned a truncated ${format.toUpperCase()} (${bytes.length} bytes)`);
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch (error) {
    throw badAnswer(`${backend} returned an unreadable ${format} image`, error);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const allowed = jobPixelCap(job);
  if (width * height > allowed) {
    throw new GenerationError(
      `${backend} returned a ${format} image of ${width}x${height} = ${width * height} pixels, more than the ${allowed} this request allows; not decoded`,
      'permanent',
    );
  }
  if (width === request.width && height === request.height && format === request.format) {
    return { bytes, mediaType: MEDIA_TYPES[format] };
  }
  let image = sharp(bytes, { failOn: 'truncated', limitInputPixels: allowed });
  if (width !== request.width || height !== request.height) {
    image = image.resize(request.width, request.height, { fit: 'cover', position: 'centre' });
  }
  try {
    return {
      bytes: await encodeGenerated(image, request.format),
      mediaType: MEDIA_TYPES[request.format],
      native: { format, width, height },
    };
  } catch (error) {
    throw badAnswer(`${backend} returned a ${format} image that does not decode`, error);
  }
}

/** One set of encoder settings for every back end's output, so formats look alike across them. */
export function encodeGenerated(image: Sharp, format: ImageFormat): Promise<Buffer> {
  switch (format) {
    case 'png':
      return image.png({ compressionLevel: 6 }).toBuffer();
    case 'jpeg':
      return image.jpeg({ quality: 88, mozjpeg: true }).toBuffer();
    case 'webp':
      return image.webp({ quality: 86 }).toBuffer();
    case 'avif':
      return image.avif({ quality: 60, effort: 2 }).toBuffer();
  }
}

/** Decodes base64 image data, tolerating a `data:` prefix some servers add. */
export function decodeBase64Image(backend: string, data: unknown): Buffer {
  if (typeof data !== 'string' || data.length === 0) {
    throw badAnswer(`${backend} returned no image data`);
  }
  const comma = data.startsWith('data:') ? data.indexOf(',') : -1;
  return Buffer.from(comma >= 0 ? data.slice(comma + 1) : data, 'base64');
}
