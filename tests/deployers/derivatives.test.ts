import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp, { type PngOptions } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import { MEDIA_TYPES } from '../../src/core/formats.js';
import {
  derivativePath,
  derivativeWidths,
  makeDerivatives,
  srcset,
} from '../../src/deployers/derivatives.js';

const XMP = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>
</rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;

let source: Buffer;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'genops-deriv-'));
  // 400×300 with a transparent top-left quadrant and a gradient elsewhere.
  const width = 400;
  const height = 300;
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = 128;
      pixels[i + 3] = x < width / 2 && y < height / 2 ? 0 : 255;
    }
  }
  source = await sharp(pixels, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('makeDerivatives', () => {
  it('makes every format at every width, never upscaling, each with its own sha256', async () => {
    const out = await makeDerivatives(source, {
      formats: ['webp', 'avif', 'png', 'jpeg'],
      widths: [320, 160, 1600],
    });
    expect(out.map((d) => `${d.format}@${d.width}x${d.height}`)).toEqual([
      'webp@160x120',
      'webp@320x240',
      'webp@400x300',
      'avif@160x120',
      'avif@320x240',
      'avif@400x300',
      'png@160x120',
      'png@320x240',
      'png@400x300',
      'jpeg@160x120',
      'jpeg@320x240',
      'jpeg@400x300',
    ]);
    for (const d of out) {
      expect(d.sha256).toBe(sha256Hex(d.bytes));
      const meta = await sharp(d.bytes).metadata();
      expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(d.format);
      expect([meta.width, meta.height]).toEqual([d.width, d.height]);
    }
    expect(new Set(out.map((d) => d.sha256)).size).toBe(12);
  });

  it('uses the original width when no widths are given', async () => {
    const out = await makeDerivatives(source, { formats: ['webp'], widths: [] });
    expect(out.map((d) => d.width)).toEqual([400]);
  });

  it('embeds the XMP packet in every format', async () => {
    const out = await makeDerivatives(
      source,
      { formats: ['webp', 'avif', 'png', 'jpeg'], widths: [200] },
      XMP,
    );
    for (const d of out) {
      const xmp = (await sharp(d.bytes).metadata()).xmp?.toString();
      expect(xmp, d.format).toContain('trainedAlgorithmicMedia');
    }
  });

  // exiftool comes with `npm test` (scripts/ensure-test-deps.mjs): missing, this test fails.
  it('writes XMP that exiftool reads back', async () => {
    const out = await makeDerivatives(source, { formats: ['png', 'jpeg'], widths: [100] }, XMP);
    for (const d of out) {
      const file = path.join(tmp, `x.${d.format}`);
      await writeFile(file, d.bytes);
      const read = execFileSync('exiftool', ['-s3', '-XMP-iptcExt:DigitalSourceType', file])
        .toString()
        .trim();
      expect(read).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia');
    }
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const spec = { formats: ['webp', 'png', 'jpeg', 'avif'] as const, widths: [200] };
    const a = await makeDerivatives(source, { ...spec, formats: [...spec.formats] }, XMP);
    const b = await makeDerivatives(source, { ...spec, formats: [...spec.formats] }, XMP);
    expect(a.map((d) => d.sha256)).toEqual(b.map((d) => d.sha256));
  });

  it('flattens transparency onto white for JPEG and keeps it for WebP', async () => {
    const [jpeg, webp] = await makeDerivatives(source, { formats: ['jpeg', 'webp'], widths: [80] });
    const corner = async (bytes: Buffer) => {
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      return { pixel: [...data.subarray(0, info.channels)], channels: info.channels };
    };
    const j = await corner(jpeg?.bytes ?? Buffer.alloc(0));
    expect(j.channels).toBe(3);
    for (const v of j.pixel) expect(v).toBeGreaterThan(245);
    const w = await corner(webp?.bytes ?? Buffer.alloc(0));
    expect(w.channels).toBe(4);
    expect(w.pixel[3]).toBe(0);
  });

  it('handles 16-bit and greyscale sources', async () => {
    const grey16 = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#808080' } })
      .greyscale()
      .png({ bitdepth: 16 } as PngOptions)
      .toColourspace('grey16')
      .toBuffer();
    const out = await makeDerivatives(grey16, { formats: ['png', 'webp'], widths: [32] });
    expect(out.map((d) => [d.width, d.height])).toEqual([
      [32, 16],
      [32, 16],
    ]);
    expect((await sharp(grey16).metadata()).depth).toBe('ushort');
    const { data } = await sharp(out[0]?.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs((data[0] ?? 0) - 128)).toBeLessThanOrEqual(1); // pixels read right, not as bytes of 16-bit words
  });

  it('stops a decompression bomb at the pixel limit', async () => {
    await expect(
      makeDerivatives(source, { formats: ['webp'], widths: [10] }, undefined, { maxPixels: 1000 }),
    ).rejects.toThrow(/pixel limit/i);
  });
});

describe('derivative helpers', () => {
  it('clamps, deduplicates and sorts widths', () => {
    expect(derivativeWidths([1600, 320, 640, 640, 900], 800)).toEqual([320, 640, 800]);
    expect(derivativeWidths([], 512)).toEqual([512]);
  });

  it('names derivatives by content', () => {
    const sha = sha256Hex('x');
    expect(derivativePath('hero', { format: 'jpeg', width: 640, sha256: sha })).toBe(
      `hero/hero-640w.${sha.slice(0, 12)}.jpg`,
    );
    expect(derivativePath('icons/star', { format: 'webp', width: 64, sha256: sha })).toMatch(
      /^icons\/star\/star-64w\.[0-9a-f]{12}\.webp$/,
    );
    expect(MEDIA_TYPES.avif).toBe('image/avif');
  });

  it('builds a srcset for one format, ascending by width', () => {
    const files = [
      { format: 'webp' as const, width: 640, url: 'https://cdn.example.com/hero-640w.webp' },
      { format: 'jpeg' as const, width: 640, url: 'https://cdn.example.com/hero-640w.jpg' },
      { format: 'webp' as const, width: 320, url: 'https://cdn.example.com/hero 320w.webp' },
      { format: 'webp' as const, width: 1024 },
    ];
    expect(srcset(files, 'webp')).toBe(
      'https://cdn.example.com/hero%20320w.webp 320w, https://cdn.example.com/hero-640w.webp 640w',
    );
    expect(srcset(files, 'webp', (f) => `/img/${f.width}.webp`)).toBe(
      '/img/320.webp 320w, /img/640.webp 640w, /img/1024.webp 1024w',
    );
    expect(srcset(files, 'avif')).toBe('');
  });
});
