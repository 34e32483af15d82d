import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { GreyImage, RawImage } from '../../src/core/image.js';
import { greyThumbnail, resizeArea } from '../../src/validators/grey.js';
import { hasPixelKernel, kernelMemory, type PixelKernel } from '../../src/validators/kernel.js';
import {
  DEFAULT_MAX_DISTANCE,
  duplicateChecks,
  findNearDuplicates,
  type HashedImage,
  hammingDistance,
  perceptualHash,
} from '../../src/validators/similarity.js';
import { decodeRaw, encode, rng, scene, toGrey } from './helpers/images.js';

describe('greyscale helpers', () => {
  it('area resize averages exactly, also for fractional footprints', () => {
    const g: GreyImage = { data: Float32Array.from([0, 10, 20, 30, 40, 50]), width: 6, height: 1 };
    expect([...resizeArea(g, 3, 1).data]).toEqual([5, 25, 45]);
    // 6 → 4: each output covers 1.5 inputs.
    const r = resizeArea(g, 4, 1).data;
    expect(r[0]).toBeCloseTo((0 + 0.5 * 10) / 1.5, 4);
    expect(r[1]).toBeCloseTo((0.5 * 10 + 20) / 1.5, 4);
    const square: GreyImage = { data: Float32Array.from([0, 100, 100, 200]), width: 2, height: 2 };
    expect([...resizeArea(square, 1, 1).data]).toEqual([100]);
  });

  it('the shared thumbnail is the rounded luma mean of whole blocks, edge blocks included, made once', () => {
    for (const [w, h, factor] of [
      [512, 384, 2],
      [700, 300, 3],
      [1792, 1024, 7],
      [100, 80, 1],
    ] as const) {
      for (const channels of [3, 4] as const) {
        const raw = channels === 3 ? scene(w, h, 2) : withAlpha(scene(w, h, 2));
        const thumb = greyThumbnail(raw);
        const grey = toGrey(raw);
        const [tw, th] = [Math.ceil(w / factor), Math.ceil(h / factor)];
        expect([thumb.width, thumb.height]).toEqual([tw, th]);
        expect(Math.max(tw, th)).toBeLessThanOrEqual(256);
        // Spot-check blocks: corners (edge blocks narrower than the factor) and the middle.
        for (const [ox, oy] of [
          [0, 0],
          [tw - 1, th - 1],
          [Math.floor(tw / 2), Math.floor(th / 2)],
        ] as const) {
          let sum = 0;
          let count = 0;
          for (let y = oy * factor; y < Math.min(h, (oy + 1) * factor); y++) {
            for (let x = ox * factor; x < Math.min(w, (ox + 1) * factor); x++) {
              sum += grey.data[y * w + x] as number;
              count++;
            }
          }
          expect(thumb.data[oy * tw + ox]).toBe(Math.round(sum / count));
        }
        expect(greyThumbnail(raw)).toBe(thumb);
      }
    }
  });

  it('the SIMD kernel loads here and gives exactly what the JavaScript loop gives', () => {
    expect(hasPixelKernel()).toBe(true);
    const next = rng(7);
    const random = () => Math.floor(next() * 256);
    // Rows whose byte length is not a multiple of 16, edge blocks, opaque and translucent alpha.
    for (const [w, h, channels, alpha] of [
      [1001, 333, 3, 'none'],
      [1536, 1024, 3, 'none'],
      [640, 480, 4, 'opaque'],
      [777, 515, 4, 'some'],
      [200, 150, 3, 'none'],
    ] as const) {
      const data = Buffer.alloc(w * h * channels);
      for (let i = 0; i < data.length; i++) data[i] = random();
      if (channels === 4) {
        for (let p = 0; p < w * h; p++) {
          const translucent = alpha === 'some' && Math.floor(p / w) % 97 === 5 && p % 13 === 0;
          data[p * 4 + 3] = translucent ? random() % 255 : 255;
        }
      }
      const image = { data, width: w, height: h, channels } as RawImage;
      const viaKernel = greyThumbnail(image);
      const viaJs = greyThumbnail({ ...image }, { kernel: false });
      expect([viaKernel.width, viaKernel.height]).toEqual([viaJs.width, viaJs.height]);
      expect(viaKernel.data).toEqual(viaJs.data);
    }
  });

  it('the kernel gives up its memory request rather than fail (its callers then run the JS loop)', () => {
    const full = {
      memory: {
        buffer: new ArrayBuffer(65_536),
        grow: () => {
          throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
        },
      },
    } as unknown as PixelKernel;
    expect(kernelMemory(full, 65_536)).toBe(full.memory.buffer);
    expect(kernelMemory(full, 65_537)).toBeUndefined();
  });

  it('transparent pixels count as white', () => {
    const rgba = { data: Buffer.from([0, 0, 0, 0, 0, 0, 0, 255]), width: 2, height: 1, channels: 4 as const };
    expect([...greyThumbnail(rgba).data]).toEqual([255, 0]);
    expect([...greyThumbnail({ ...rgba }, { kernel: false }).data]).toEqual([255, 0]);
  });
});

describe('perceptual hashes', () => {
  it('are 64-bit hex and the Hamming distance counts differing bits', () => {
    const h = perceptualHash(scene(200, 150, 1));
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(perceptualHash(scene(200, 150, 1), 'dhash')).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000f1', '0000000000000001')).toBe(4);
    expect(() => hammingDistance('00', '000')).toThrow('differ in length');
  });

  it('the same picture re-encoded, resized or slightly brightened stays within the threshold', async () => {
    const original = scene(1024, 1024, 3);
    const png = await encode(original, 'png');
    const ref = await decodeRaw(png, 512);
    const copies = [
      await decodeRaw(await sharp(png).jpeg({ quality: 50 }).toBuffer(), 512),
      await decodeRaw(png, 200),
      await decodeRaw(await sharp(png).modulate({ brightness: 1.08 }).png().toBuffer(), 512),
    ];
    for (const algorithm of ['phash', 'dhash'] as const) {
      for (const copy of copies) {
        expect(
          hammingDistance(perceptualHash(ref, algorithm), perceptualHash(copy, algorithm)),
        ).toBeLessThanOrEqual(DEFAULT_MAX_DISTANCE);
      }
    }
  });

  it('different pictures are far apart', () => {
    const hashes = Array.from({ length: 12 }, (_, i) => perceptualHash(scene(256, 256, 100 + i)));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        expect(hammingDistance(hashes[i] as string, hashes[j] as string)).toBeGreaterThan(
          DEFAULT_MAX_DISTANCE,
        );
      }
    }
  });
});

describe('near-duplicates among variants and across assets', () => {
  const make = async (): Promise<HashedImage[]> => {
    const a0 = scene(512, 512, 7);
    const a1 = await decodeRaw(await encode(a0, 'jpeg', 70), 512); // a near copy of a0
    const a2 = scene(512, 512, 8);
    const b0 = await decodeRaw(await encode(scene(512, 512, 8), 'jpeg', 80), 400); // another asset, same picture as a2
    const c0 = scene(512, 512, 9);
    return [
      { key: 'k-a0', asset: 'hero', variant: 0, hash: perceptualHash(a0) },
      { key: 'k-a1', asset: 'hero', variant: 1, hash: perceptualHash(a1) },
      { key: 'k-a2', asset: 'hero', variant: 2, hash: perceptualHash(a2) },
      { key: 'k-b0', asset: 'icon', variant: 0, hash: perceptualHash(b0) },
      { key: 'k-c0', asset: 'card', variant: 0, hash: perceptualHash(c0) },
    ];
  };

  it('finds exactly the near pairs, marking same-asset ones', async () => {
    const pairs = await make().then((items) => findNearDuplicates(items));
    expect(pairs.map((p) => [p.a, p.b, p.sameAsset])).toEqual(
      expect.arrayContaining([
        ['k-a0', 'k-a1', true],
        ['k-a2', 'k-b0', false],
      ]),
    );
    expect(pairs).toHaveLength(2);
  });

  it('one check per image: same-asset duplicates are info, cross-asset ones follow acrossAssets', async () => {
    const items = await make();
    const info = duplicateChecks(items);
    expect(info.get('k-a1')).toMatchObject({ id: 'similarity.duplicate', passed: false, severity: 'info' });
    expect(info.get('k-a1')?.reason).toMatch(/^near-duplicate of variant 0 \(\d+ of 64 bits differ\)$/);
    expect(info.get('k-b0')?.reason).toMatch(/^near-duplicate of asset hero variant 2/);
    expect(info.get('k-c0')).toMatchObject({ passed: true, severity: 'info' });
    expect(info.get('k-c0')?.reason).toMatch(/^nearest image is asset \w+ variant \d, \d+ bits away$/);

    const gated = duplicateChecks(items, { acrossAssets: 'gate' });
    expect(gated.get('k-b0')?.severity).toBe('gate');
    expect(gated.get('k-a2')?.severity).toBe('gate');
    expect(gated.get('k-a1')?.severity).toBe('info');

    const strict = duplicateChecks(items, { maxDistance: 0 });
    expect(strict.get('k-a1')?.threshold).toBe('> 0 bits from every other image');
  });

  it('a lone image passes', () => {
    const [only] = [
      ...duplicateChecks([{ key: 'k', asset: 'a', variant: 0, hash: '0123456789abcdef' }]).values(),
    ];
    expect(only).toMatchObject({ passed: true, value: 'no other image' });
  });
});

/** The same picture with an alpha channel that varies from pixel to pixel. */
function withAlpha(image: RawImage): RawImage {
  const pixels = image.width * image.height;
  const data = Buffer.alloc(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    data.set(image.data.subarray(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = (i * 37) % 256;
  }
  return { ...image, data, channels: 4 };
}
