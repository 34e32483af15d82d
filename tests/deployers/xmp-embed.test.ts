import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFormat } from '../../src/core/model.js';
import { buildXmp, DIGITAL_SOURCE_TYPE } from '../../src/deployers/metadata.js';
import { embedXmp, readImageHeader } from '../../src/deployers/xmp-embed.js';

const xmpOf = (description: string) =>
  buildXmp({
    title: 'sun',
    description,
    tags: ['a', 'b'],
    creatorTool: 'GenOps test',
    digitalSourceType: DIGITAL_SOURCE_TYPE.trained,
    generator: 'openai',
    model: 'gpt-image-1',
    jobKey: 'k1',
  });
const OLD = xmpOf('the back end wrote this');
const NEW = xmpOf('a red sun & <blue> sea, ünïcødé');

let tmp: string;
let pixels: { data: Buffer; info: { width: number; height: number; channels: 4 } };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'genops-xmp-'));
  // 61×37 (odd sizes: padding and 14-bit fields), a gradient with a transparent corner.
  const width = 61;
  const height = 37;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    data.set([x * 4, y * 6, 200, x < 10 && y < 10 ? 0 : 255], i * 4);
  }
  pixels = { data, info: { width, height, channels: 4 } };
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const image = () => sharp(pixels.data, { raw: pixels.info });

/** What exiftool reads from the bytes: every XMP tag, and how many XMP blocks it saw. */
async function exiftool(bytes: Buffer, format: ImageFormat) {
  const file = path.join(tmp, `probe.${format}`);
  await writeFile(file, bytes);
  const [tags] = JSON.parse(execFileSync('exiftool', ['-json', '-a', '-G1', '-XMP:all', file]).toString());
  const warning = execFileSync('exiftool', ['-s3', '-Warning', '-validate', file]).toString().trim();
  return { tags: tags as Record<string, unknown>, warning };
}

const decoded = async (bytes: Buffer) => (await sharp(bytes).ensureAlpha().raw().toBuffer()).toString('hex');

const cases: [string, ImageFormat, () => Sharp][] = [
  ['PNG with an old packet', 'png', () => image().withXmp(OLD).png()],
  ['palette PNG', 'png', () => image().png({ palette: true })],
  ['JPEG (JFIF) with an old packet', 'jpeg', () => image().flatten().withXmp(OLD).jpeg()],
  ['lossy WebP (VP8) without alpha', 'webp', () => image().removeAlpha().webp({ quality: 80 })],
  ['lossless WebP (VP8L) with alpha', 'webp', () => image().webp({ lossless: true })],
  ['extended WebP (VP8X, ALPH) with an old packet', 'webp', () => image().withXmp(OLD).webp({ quality: 80 })],
];

describe('embedXmp', () => {
  it.each(cases)(
    '%s: exiftool reads the one new packet, the pixels are untouched',
    async (_, format, make) => {
      const source = await make().toBuffer();
      const out = embedXmp(source, format, NEW) as Buffer;
      expect(out).toBeInstanceOf(Buffer);
      const { tags, warning } = await exiftool(out, format);
      expect(tags['XMP-dc:Description']).toBe('a red sun & <blue> sea, ünïcødé');
      expect(tags['XMP-iptcExt:DigitalSourceType']).toBe(DIGITAL_SOURCE_TYPE.trained);
      expect(tags['XMP-dc:Subject']).toEqual(['a', 'b']);
      expect(JSON.stringify(tags)).not.toContain('the back end wrote this');
      // exiftool -validate checks chunk CRCs, segment lengths and the RIFF sizes.
      expect(warning).toBe('OK');
      expect(await decoded(out)).toBe(await decoded(source));
      expect((await sharp(out).metadata()).xmp?.toString()).toBe(NEW);
      expect(readImageHeader(out)).toEqual({ format, width: 61, height: 37 });
      // The same input gives the same bytes: an unchanged asset is never uploaded again.
      expect(embedXmp(source, format, NEW)?.equals(out)).toBe(true);
    },
  );

  it('leaves files whose Exif could turn the image to the re-encoding path', async () => {
    const jpeg = await image().flatten().withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(embedXmp(jpeg, 'jpeg', NEW)).toBeUndefined();
    expect(readImageHeader(jpeg)).toBeUndefined();
    const webp = await image().withMetadata({ orientation: 6 }).webp().toBuffer();
    expect(embedXmp(webp, 'webp', NEW)).toBeUndefined();
  });

  it('refuses what is not the named format, and truncated files', async () => {
    const png = await image().png().toBuffer();
    expect(embedXmp(png, 'jpeg', NEW)).toBeUndefined();
    expect(embedXmp(png.subarray(0, png.length - 20), 'png', NEW)).toBeUndefined();
    const jpeg = await image().flatten().jpeg().toBuffer();
    expect(embedXmp(jpeg.subarray(0, 100), 'jpeg', NEW)).toBeUndefined();
    expect(readImageHeader(Buffer.from('not an image at all, not at all'))).toBeUndefined();
  });
});
