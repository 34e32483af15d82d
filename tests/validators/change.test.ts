import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GreyImage, RawImage } from '../../src/core/image.js';
import {
  compareWithPrevious,
  DEFAULT_UNCHANGED_LOCAL_SSIM,
  DEFAULT_UNCHANGED_SSIM,
  diffImage,
  minBlockSsim,
  ssim,
  ssimMap,
  ssimSummary,
} from '../../src/validators/change.js';
import { resizeArea } from '../../src/validators/grey.js';
import { hasPixelKernel } from '../../src/validators/kernel.js';
import { decodeRaw, encode, noise, scene, solid, toGrey } from './helpers/images.js';

/** A copy of `image` with a w×h rectangle at (x, y) repainted in a flat colour. */
function patched(image: RawImage, x: number, y: number, w: number, h: number): RawImage {
  const data = Buffer.from(image.data);
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) data.set([250, 20, 120], (yy * image.width + xx) * 3);
  }
  return { ...image, data };
}

let base: RawImage;
let baseDecoded: RawImage;

beforeAll(async () => {
  base = scene(1024, 1024, 1);
  baseDecoded = await decodeRaw(await encode(base, 'png'), 512);
});

describe('SSIM', () => {
  it('identical images score exactly 1', () => {
    const g = toGrey(scene(128, 96, 3));
    expect(ssim(g, g)).toBe(1);
  });

  it('equals a direct window-by-window computation (7×7 uniform, sample covariance)', () => {
    const a = toGrey(noise(23, 17, 1));
    const b: GreyImage = { ...a, data: a.data.map((v, i) => 0.7 * v + 40 * Math.sin(i)) };
    const [c1, c2] = [(0.01 * 255) ** 2, (0.03 * 255) ** 2];
    let total = 0;
    let windows = 0;
    for (let y0 = 0; y0 + 7 <= 17; y0++) {
      for (let x0 = 0; x0 + 7 <= 23; x0++) {
        const xs: number[] = [];
        const ys: number[] = [];
        for (let y = y0; y < y0 + 7; y++) {
          for (let x = x0; x < x0 + 7; x++) {
            xs.push(a.data[y * 23 + x] as number);
            ys.push(b.data[y * 23 + x] as number);
          }
        }
        const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
        const [mx, my] = [mean(xs), mean(ys)];
        const cov = (p: number[], q: number[], mp: number, mq: number) =>
          p.reduce((s, t, i) => s + (t - mp) * ((q[i] as number) - mq), 0) / (p.length - 1);
        const num = (2 * mx * my + c1) * (2 * cov(xs, ys, mx, my) + c2);
        const den = (mx * mx + my * my + c1) * (cov(xs, xs, mx, mx) + cov(ys, ys, my, my) + c2);
        total += num / den;
        windows++;
      }
    }
    expect(ssim(a, b)).toBeCloseTo(total / windows, 9);
  });

  it('through the kernel, thumbnails of whole grey levels give the JavaScript map, mean and block minimum bit for bit', () => {
    expect(hasPixelKernel()).toBe(true);
    for (const [w, h] of [
      [256, 256],
      [37, 23],
      [9, 7],
      [6, 5],
      [1, 4],
    ] as const) {
      const a = Uint8Array.from(toGrey(noise(w, h, 2)).data, (v) => Math.round(v));
      const b = a.map((v, i) => Math.min(255, Math.max(0, Math.round(0.9 * v + 12 * Math.sin(i)))));
      const viaKernel = ssimMap({ data: a, width: w, height: h }, { data: b, width: w, height: h });
      // Float32Array pixels take the JavaScript loop (resized thumbnails hold fractions).
      const viaJs = ssimMap(
        { data: Float32Array.from(a), width: w, height: h },
        { data: Float32Array.from(b), width: w, height: h },
      );
      expect([viaKernel.width, viaKernel.height]).toEqual([viaJs.width, viaJs.height]);
      expect(viaKernel.data).toEqual(viaJs.data);
      // The mean and the block minimum without the map leaving the kernel: the same bits.
      for (const block of [32, 5]) {
        expect(
          ssimSummary({ data: a, width: w, height: h }, { data: b, width: w, height: h }, block),
        ).toEqual({
          mean: ssim(
            { data: Float32Array.from(a), width: w, height: h },
            { data: Float32Array.from(b), width: w, height: h },
          ),
          local: minBlockSsim(viaJs, block),
        });
      }
      expect(
        ssimMap({ data: a, width: w, height: h }, { data: a, width: w, height: h }).data.every(
          (v) => v === 1,
        ),
      ).toBe(true);
    }
  });

  it('matches the closed form on constant images (one value everywhere)', () => {
    // For constant x and y: SSIM = (2xy + C1) / (x² + y² + C1), since all variances are 0.
    const c1 = (0.01 * 255) ** 2;
    const a: GreyImage = { data: new Float32Array(40 * 40).fill(100), width: 40, height: 40 };
    const b: GreyImage = { data: new Float32Array(40 * 40).fill(140), width: 40, height: 40 };
    expect(ssim(a, b)).toBeCloseTo((2 * 100 * 140 + c1) / (100 ** 2 + 140 ** 2 + c1), 10);
  });

  it('falls as noise grows, and refuses images of different sizes', () => {
    const g = toGrey(scene(128, 128, 4));
    const noisy = (amp: number) => ({
      ...g,
      data: g.data.map((v, i) => v + amp * (((i * 7919) % 13) / 6 - 1)),
    });
    const s1 = ssim(g, noisy(5));
    const s2 = ssim(g, noisy(30));
    expect(s1).toBeLessThan(1);
    expect(s2).toBeLessThan(s1);
    expect(() => ssim(g, toGrey(scene(64, 64, 1)))).toThrow('one size');
  });

  it('works on images smaller than the 11-px window', () => {
    const a = toGrey(noise(6, 5, 1));
    expect(ssim(a, a)).toBeCloseTo(1, 12);
    // The window shrinks to the shorter side (5) and slides along the longer one.
    expect([ssimMap(a, a).width, ssimMap(a, a).height]).toEqual([2, 1]);
  });

  it('the block minimum finds a small local change the mean hardly sees', () => {
    const a = resizeArea(toGrey(baseDecoded), 256, 256);
    const b = resizeArea(toGrey(patched(baseDecoded, 300, 300, 30, 30)), 256, 256);
    const map = ssimMap(a, b);
    expect(ssim(a, b)).toBeGreaterThan(0.98);
    expect(minBlockSsim(map, 32)).toBeLessThan(0.8);
    expect(minBlockSsim(ssimMap(a, a), 32)).toBe(1);
  });
});

describe('comparison with the previous approved version', () => {
  it('no previous version: new', async () => {
    const r = await compareWithPrevious(baseDecoded, undefined);
    expect(r.verdict).toBe('new');
    expect(r.check).toMatchObject({ id: 'similarity.previous', value: 'new', severity: 'info' });
  });

  it('the same picture re-encoded (JPEG q60, WebP q70) or 5 % brighter is unchanged', async () => {
    const png = await encode(base, 'png');
    const variants = [
      await sharp(png).jpeg({ quality: 60 }).toBuffer(),
      await sharp(png).webp({ quality: 70 }).toBuffer(),
      await sharp(png).modulate({ brightness: 1.05 }).png().toBuffer(),
    ];
    for (const bytes of variants) {
      const r = await compareWithPrevious(await decodeRaw(bytes, 512), baseDecoded);
      expect(r.verdict).toBe('unchanged');
      expect(r.ssim).toBeGreaterThanOrEqual(DEFAULT_UNCHANGED_SSIM);
      expect(r.localSsim).toBeGreaterThanOrEqual(DEFAULT_UNCHANGED_LOCAL_SSIM);
      expect(r.diffPng).toBeUndefined();
    }
    const same = await compareWithPrevious(baseDecoded, baseDecoded);
    expect(same.ssim).toBe(1);
    expect(same.check.threshold).toBe('unchanged: SSIM ≥ 0.98 and every block ≥ 0.9');
  });

  it('a repainted patch of 1 % of the area is changed, and a different picture scores far below', async () => {
    const edited = patched(baseDecoded, 100, 60, 51, 51);
    const r = await compareWithPrevious(edited, baseDecoded);
    expect(r.verdict).toBe('changed');
    expect(r.localSsim).toBeLessThan(DEFAULT_UNCHANGED_LOCAL_SSIM);
    expect(r.check.reason).toMatch(
      /^changed since the previous approved version \(SSIM 0\.\d{4}, lowest block/,
    );
    const other = await compareWithPrevious(
      await decodeRaw(await encode(scene(1024, 1024, 2), 'png'), 512),
      baseDecoded,
    );
    expect(other.verdict).toBe('changed');
    expect(other.ssim).toBeLessThan(0.8);
  });

  it('the diff image highlights the changed region', async () => {
    // 512² decode, patch at (128..255, 256..383) → at the 256² comparison size (64..127, 128..191).
    const edited = patched(baseDecoded, 128, 256, 128, 128);
    const r = await compareWithPrevious(edited, baseDecoded);
    expect(r.verdict).toBe('changed');
    expect(r.region?.box).toEqual({ left: 64, top: 128, width: 64, height: 64 });
    expect(r.region?.fraction).toBeCloseTo((64 * 64) / (256 * 256), 2);
    const { data, info } = await sharp(r.diffPng).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([256, 256, 3]);
    const px = (x: number, y: number) => [...data.subarray((y * 256 + x) * 3, (y * 256 + x) * 3 + 3)];
    expect(px(96, 160)).toEqual([255, 0, 0]); // inside: red
    const outside = px(200, 40); // outside: a light grey
    expect(outside[0]).toBe(outside[1]);
    expect(outside[0]).toBeGreaterThanOrEqual(160);
    // Red only inside the patch, and nearly all of it (pixels whose grey level happens to match the
    // patch colour within the tolerance stay grey).
    let inside = 0;
    let outsideRed = 0;
    for (let y = 0; y < 256; y++) {
      for (let x = 0; x < 256; x++) {
        const [r0, g0, b0] = px(x, y);
        if (r0 !== 255 || g0 !== 0 || b0 !== 0) continue;
        if (x >= 64 && x < 128 && y >= 128 && y < 192) inside++;
        else outsideRed++;
      }
    }
    expect(outsideRed).toBe(0);
    expect(inside).toBeGreaterThan(0.95 * 64 * 64);
  });

  it('a changed aspect ratio is changed without an SSIM', async () => {
    const r = await compareWithPrevious(solid(300, 200, [9, 9, 9]), solid(200, 200, [9, 9, 9]));
    expect(r.verdict).toBe('changed');
    expect(r.ssim).toBeUndefined();
    expect(r.check.reason).toContain('shape changed from 200×200 to 300×200');
  });

  it('previous and current of different resolutions are compared at one size', async () => {
    const small = await decodeRaw(await encode(base, 'png'), 300);
    const r = await compareWithPrevious(baseDecoded, small);
    expect(r.verdict).toBe('unchanged');
  });

  it('through the kernel, the diff of two thumbnails is the JavaScript one byte for byte', async () => {
    expect(hasPixelKernel()).toBe(true);
    for (const [w, h, tolerance] of [
      [256, 256, 16],
      [37, 23, 0],
      [9, 7, 40],
      [5, 3, 16],
    ] as const) {
      const a = Uint8Array.from(toGrey(noise(w, h, 3)).data, (v) => Math.round(v));
      // Every grey level appears, moved by up to ±48 (some beyond the tolerance, some not).
      a.forEach((_, i) => {
        if (i < 256) a[i] = i;
      });
      const b = a.map((v, i) => Math.min(255, Math.max(0, v + ((i * 37) % 97) - 48)));
      const viaKernel = await diffImage(
        { data: a, width: w, height: h },
        { data: b, width: w, height: h },
        tolerance,
      );
      const viaJs = await diffImage(
        { data: Float32Array.from(a), width: w, height: h },
        { data: Float32Array.from(b), width: w, height: h },
        tolerance,
      );
      expect(viaKernel.region).toEqual(viaJs.region);
      expect(viaKernel.png.equals(viaJs.png)).toBe(true);
      expect(viaKernel.region.fraction).toBeGreaterThan(0);
      expect(viaKernel.region.fraction).toBeLessThan(1);
    }
  });

  it('diffImage on identical images paints nothing', async () => {
    const g = toGrey(scene(64, 64, 1));
    const { region } = await diffImage(g, g);
    expect(region).toEqual({ fraction: 0 });
  });
});
