/**
 * XMP provenance put into an encoded image by editing its container, without decoding a pixel:
 * a PNG iTXt chunk, a JPEG APP1 segment, a WebP RIFF `XMP ` chunk (with VP8X). Re-encoding a 1024²
 * PNG to embed one packet cost ~100 ms of CPU and all of its decoded pixels in memory; this costs a
 * copy of the bytes. Written by hand because no maintained npm package edits all three containers
 * (the PNG chunk packages are unmaintained since 2016, node-webpmux carries a WebAssembly libwebp
 * for what is a header edit); each format is a few dozen lines of its published specification.
 *
 * The delivered file carries only the pixels, what renders them and our packet: text, Exif, XMP
 * and C2PA blocks the back end wrote are dropped, as a re-encode dropped them. A file whose
 * rendering could depend on a dropped block (Exif orientation, an animation) returns `undefined`:
 * the caller re-encodes it as before.
 */
import { crc32 } from 'node:zlib';
import type { ImageFormat } from '../core/model.js';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * Format and size from the container's header alone; undefined when not PNG, JPEG or WebP, or when
 * it carries Exif (an orientation may swap the size the decoder reports).
 */
export function readImageHeader(bytes: Buffer): ImageHeader | undefined {
  try {
    if (isPng(bytes)) {
      if (bytes.includes('eXIf', 33, 'latin1')) return undefined;
      return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegHeader(bytes);
    if (isWebp(bytes)) return webpHeader(bytes);
  } catch {
    // A truncated header: not ours to judge here; the re-encode path reports it.
  }
  return undefined;
}

/** The image with `xmp` as its only metadata packet, or undefined when it must be re-encoded. */
export function embedXmp(bytes: Buffer, format: ImageFormat, xmp: string): Buffer | undefined {
  try {
    if (format === 'png' && isPng(bytes)) return embedPng(bytes, xmp);
    if (format === 'jpeg' && bytes[0] === 0xff && bytes[1] === 0xd8) return embedJpeg(bytes, xmp);
    if (format === 'webp' && isWebp(bytes)) return embedWebp(bytes, xmp);
  } catch {
    // Malformed container: the decoder decides what it is.
  }
  return undefined;
}

// ---- PNG (PNG 3rd edition §11.3.3.5 iTXt; XMP spec part 3 §1.1.5) --------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary chunks that carry metadata only: dropped, as a re-encode dropped them. */
const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'tIME', 'caBX']);
/** Chunks whose meaning a re-encode would apply to the pixels (orientation, animation). */
const PNG_NEEDS_DECODE = new Set(['eXIf', 'acTL']);

function isPng(bytes: Buffer): boolean {
  return bytes.length > 33 && bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

function embedPng(bytes: Buffer, xmp: string): Buffer | undefined {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  let sawEnd = false;
  while (offset + 12 <= bytes.length && !sawEnd) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) return undefined;
    if (PNG_NEEDS_DECODE.has(type)) return undefined;
    if (!PNG_METADATA.has(type)) kept.push(bytes.subarray(offset, end));
    // The packet right after IHDR: readers that stop at the first IDAT still find it.
    if (type === 'IHDR') kept.push(pngChunk('iTXt', xmpItxt(xmp)));
    sawEnd = type === 'IEND';
    offset = end;
  }
  return sawEnd && kept.length > 3 ? Buffer.concat(kept) : undefined;
}

/** iTXt: keyword, NUL, compression flag 0, method 0, empty language and translated keyword, text. */
function xmpItxt(xmp: string): Buffer {
  return Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(xmp, 'utf8')]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

// ---- JPEG (ITU T.81 markers; XMP spec part 3 §1.1.3 APP1) ----------------------------------------

const XMP_APP1_ID = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENDED_ID = 'http://ns.adobe.com/xmp/extension/\0';
/** APP1 holds at most 65,533 bytes after the length; longer packets need extended XMP: re-encode. */
const APP1_MAX = 0xffff - 2;

interface JpegSegment {
  marker: number;
  start: number;
  end: number;
}

/** The header segments up to (not including) the first SOS, whose entropy-coded data follows. */
function jpegSegments(bytes: Buffer): { segments: JpegSegment[]; scanStart: number } {
  const segments: JpegSegment[] = [];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new Error('not a marker');
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xda) return { segments, scanStart: offset };
    const end = offset + 2 + bytes.readUInt16BE(offset + 2);
    if (end > bytes.length) throw new Error('truncated segment');
    segments.push({ marker, start: offset, end });
    offset = end;
  }
  throw new Error('no scan');
}

function jpegHeader(bytes: Buffer): ImageHeader | undefined {
  const { segments } = jpegSegments(bytes);
  const exif = segments.some(
    (s) => s.marker === 0xe1 && bytes.toString('latin1', s.start + 4, s.start + 10) === 'Exif\0\0',
  );
  if (exif) return undefined;
  // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  const frame = segments.find(
    (s) => s.marker >= 0xc0 && s.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(s.marker),
  );
  if (!frame) return undefined;
  return {
    format: 'jpeg',
    height: bytes.readUInt16BE(frame.start + 5),
    width: bytes.readUInt16BE(frame.start + 7),
  };
}

function embedJpeg(bytes: Buffer, xmp: string): Buffer | undefined {
  const packet = Buffer.from(xmp, 'utf8');
  if (XMP_APP1_ID.length + packet.length > APP1_MAX) return undefined;
  const { segments, scanStart } = jpegSegments(bytes);
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let inserted = false;
  const insert = () => {
    const segment = Buffer.alloc(4 + XMP_APP1_ID.length + packet.length);
    segment.writeUInt16BE(0xffe1, 0);
    segment.writeUInt16BE(segment.length - 2, 2);
    segment.write(XMP_APP1_ID, 4, 'latin1');
    packet.copy(segment, 4 + XMP_APP1_ID.length);
    kept.push(segment);
    inserted = true;
  };
  for (const s of segments) {
    const id = bytes.toString('latin1', s.start + 4, Math.min(s.end, s.start + 4 + XMP_EXTENDED_ID.length));
    if (s.marker === 0xe1) {
      // Exif may hold an orientation a re-encode would apply: keep the old path for it.
      if (!id.startsWith(XMP_APP1_ID) && !id.startsWith(XMP_EXTENDED_ID)) return undefined;
      continue;
    }
    // APP11 (JUMBF: C2PA), APP13 (Photoshop IRB / IPTC), COM: metadata only.
    if (s.marker === 0xeb || s.marker === 0xed || s.marker === 0xfe) continue;
    // After JFIF (APP0), which must come first; before everything else.
    if (!inserted && s.marker !== 0xe0) insert();
    kept.push(bytes.subarray(s.start, s.end));
  }
  if (!inserted) insert();
  kept.push(bytes.subarray(scanStart));
  return Buffer.concat(kept);
}

// ---- WebP (RFC 9649: RIFF container, VP8X extended format) ---------------------------------------

const VP8X_FLAGS = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 } as const;

function isWebp(bytes: Buffer): boolean {
  return (
    bytes.length >= 30 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  );
}

interface RiffChunk {
  fourcc: string;
  start: number;
  /** End including the pad byte. */
  end: number;
}

function riffChunks(bytes: Buffer): RiffChunk[] {
  const total = Math.min(bytes.length, 8 + bytes.readUInt32LE(4));
  const chunks: RiffChunk[] = [];
  let offset = 12;
  while (offset + 8 <= total) {
    const size = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size & 1);
    if (end > bytes.length) throw new Error('truncated chunk');
    chunks.push({ fourcc: bytes.toString('latin1', offset, offset + 4), start: offset, end });
    offset = end;
  }
  return chunks;
}

/** Canvas size and alpha from VP8X, or from the VP8 / VP8L bitstream header of a simple file. */
function webpCanvas(bytes: Buffer, chunks: RiffChunk[]): { width: number; height: number; alpha: boolean } {
  const first = chunks[0];
  if (!first) throw new Error('empty');
  const at = first.start + 8;
  if (first.fourcc === 'VP8X') {
    return {
      width: bytes.readUIntLE(at + 4, 3) + 1,
      height: bytes.readUIntLE(at + 7, 3) + 1,
      alpha: ((bytes[at] as number) & VP8X_FLAGS.alpha) !== 0,
    };
  }
  if (first.fourcc === 'VP8L') {
    // Signature 0x2f, then 14 bits width-1, 14 bits height-1, 1 bit alpha_is_used.
    const bits = bytes.readUInt32LE(at + 1);
    return {
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      alpha: ((bits >>> 28) & 1) === 1,
    };
  }
  if (first.fourcc === 'VP8 ') {
    // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height (2 bits of scale each).
    return {
      width: bytes.readUInt16LE(at + 6) & 0x3fff,
      height: bytes.readUInt16LE(at + 8) & 0x3fff,
      alpha: false,
    };
  }
  throw new Error(`unknown first chunk ${first.fourcc}`);
}

function webpHeader(bytes: Buffer): ImageHeader | undefined {
  const chunks = riffChunks(bytes);
  if (chunks.some((c) => c.fourcc === 'EXIF')) return undefined;
  const { width, height } = webpCanvas(bytes, chunks);
  return { format: 'webp', width, height };
}

function embedWebp(bytes: Buffer, xmp: string): Buffer | undefined {
  const chunks = riffChunks(bytes);
  const canvas = webpCanvas(bytes, chunks);
  const has = (fourcc: string) => chunks.some((c) => c.fourcc === fourcc);
  if (has('ANIM') || has('EXIF')) return undefined;
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'latin1');
  vp8x.writeUInt32LE(10, 4);
  vp8x[8] = VP8X_FLAGS.xmp | (canvas.alpha ? VP8X_FLAGS.alpha : 0) | (has('ICCP') ? VP8X_FLAGS.icc : 0);
  vp8x.writeUIntLE(canvas.width - 1, 12, 3);
  vp8x.writeUIntLE(canvas.height - 1, 15, 3);
  // Order (RFC 9649 §2.7): VP8X, ICCP, ALPH, bitstream, then XMP last.
  const body = chunks
    .filter((c) => c.fourcc !== 'VP8X' && c.fourcc !== 'XMP ')
    .map((c) => bytes.subarray(c.start, c.end));
  const packet = Buffer.from(xmp, 'utf8');
  const xmpChunk = Buffer.alloc(8 + packet.length + (packet.length & 1));
  xmpChunk.write('XMP ', 0, 'latin1');
  xmpChunk.writeUInt32LE(packet.length, 4);
  packet.copy(xmpChunk, 8);
  const header = Buffer.alloc(12);
  const out = Buffer.concat([header, vp8x, ...body, xmpChunk]);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(out.length - 8, 4);
  out.write('WEBP', 8, 'latin1');
  return out;
}
