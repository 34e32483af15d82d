/**
 * Near-duplicate detection by perceptual hash: 64-bit pHash (DCT of a 32×32 greyscale thumbnail,
 * the 8×8 lowest frequencies against their median — the `imagehash` library's definition) or dHash
 * (9×8 thumbnail, each pixel against its right neighbour). Two images are near-duplicates when
 * their hashes differ in at most `maxDistance` of the 64 bits.
 *
 * Among the variants of one asset a duplicate is wasted spend (info); across assets it usually
 * means two prompts render the same picture, and `acrossAssets: gate` makes it fail the image.
 */

import { byCodeUnit } from '../core/canonical.js';
import type { HashAlgorithm } from '../core/config.js';
import type { GreyImage, RawImage } from '../core/image.js';
import type { CheckResult } from '../core/model.js';
import { greyThumbnail, resizeArea } from './grey.js';

/** pHash distance at or below which two images count as near-duplicates (of 64 bits). */
export const DEFAULT_MAX_DISTANCE = 8;

/** A 64-bit perceptual hash as 16 hex digits. */
export function perceptualHash(image: RawImage | GreyImage, algorithm: HashAlgorithm = 'phash'): string {
  // From the shared 256-px grey thumbnail: the SSIM comparison of the same image reuses it.
  const grey = 'channels' in image ? greyThumbnail(image) : image;
  return algorithm === 'phash' ? phash(grey) : dhash(grey);
}

const N = 32;
/** DCT-II basis, cos(π(2x+1)u / 2N), for the 8 lowest frequencies. */
const BASIS: Float64Array[] = Array.from({ length: 8 }, (_, u) =>
  Float64Array.from({ length: N }, (_, x) => Math.cos((Math.PI * (2 * x + 1) * u) / (2 * N))),
);

function phash(grey: GreyImage): string {
  const small = resizeArea(grey, N, N).data;
  // Rows first: 32 rows × 8 frequencies; then columns: 8 × 8.
  const rows = new Float64Array(N * 8);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < 8; u++) {
      const basis = BASIS[u] as Float64Array;
      let s = 0;
      for (let x = 0; x < N; x++) s += (small[y * N + x] as number) * (basis[x] as number);
      rows[y * 8 + u] = s;
    }
  }
  const coeffs = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    const basis = BASIS[v] as Float64Array;
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += (rows[y * 8 + u] as number) * (basis[y] as number);
      coeffs[v * 8 + u] = s;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = ((sorted[31] as number) + (sorted[32] as number)) / 2;
  return toHex(Array.from(coeffs, (c) => c > median));
}

function dhash(grey: GreyImage): string {
  const small = resizeArea(grey, 9, 8).data;
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits.push((small[y * 9 + x + 1] as number) > (small[y * 9 + x] as number));
  }
  return toHex(bits);
}

function toHex(bits: boolean[]): string {
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    hex += (
      (bits[i] ? 8 : 0) |
      (bits[i + 1] ? 4 : 0) |
      (bits[i + 2] ? 2 : 0) |
      (bits[i + 3] ? 1 : 0)
    ).toString(16);
  }
  return hex;
}

const POPCOUNT = Array.from(
  { length: 16 },
  (_, n) => (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1) + ((n >> 3) & 1),
);

/** Number of differing bits between two hashes of equal length. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length)
    throw new Error(`hashes differ in length: ${a.length} vs ${b.length} hex digits`);
  let d = 0;
  for (let i = 0; i < a.length; i++)
    d += POPCOUNT[Number.parseInt(a[i] as string, 16) ^ Number.parseInt(b[i] as string, 16)] as number;
  return d;
}

export interface HashedImage {
  /** Job key. */
  key: string;
  asset: string;
  variant: number;
  hash: string;
}

export interface NearDuplicate {
  a: string;
  b: string;
  distance: number;
  sameAsset: boolean;
}

/** Every pair of images within `maxDistance` bits, closest first (ties by key, so stable). */
export function findNearDuplicates(
  items: HashedImage[],
  maxDistance = DEFAULT_MAX_DISTANCE,
): NearDuplicate[] {
  const pairs: NearDuplicate[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const x = items[i] as HashedImage;
      const y = items[j] as HashedImage;
      const distance = hammingDistance(x.hash, y.hash);
      if (distance <= maxDistance)
        pairs.push({ a: x.key, b: y.key, distance, sameAsset: x.asset === y.asset });
    }
  }
  return pairs.sort((p, q) => p.distance - q.distance || byCodeUnit(p.a, q.a) || byCodeUnit(p.b, q.b));
}

export interface DuplicateOptions {
  maxDistance?: number;
  /** How a near-duplicate of another asset's image counts. Default `info`. */
  acrossAssets?: 'info' | 'gate';
}

/**
 * One `similarity.duplicate` check per image (job key): passed when no other image is within the
 * distance, otherwise failed and naming the closest one. Same-asset duplicates are always `info`.
 */
export function duplicateChecks(
  items: HashedImage[],
  options: DuplicateOptions = {},
): Map<string, CheckResult> {
  const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
  const byKey = new Map(items.map((i) => [i.key, i]));
  const nearest = new Map<string, { other: HashedImage; distance: number }>();
  for (const x of items) {
    for (const y of items) {
      if (x.key === y.key) continue;
      const distance = hammingDistance(x.hash, y.hash);
      const found = { other: y, distance };
      const best = nearest.get(x.key);
      if (!best || closer(x, found, best) < 0) nearest.set(x.key, found);
    }
  }
  const out = new Map<string, CheckResult>();
  for (const [key, item] of byKey) {
    const n = nearest.get(key);
    if (!n || n.distance > maxDistance) {
      out.set(key, {
        id: 'similarity.duplicate',
        passed: true,
        value: n ? n.distance : 'no other image',
        threshold: `> ${maxDistance} bits from every other image`,
        reason: n
          ? `nearest image is ${describe(n.other, item)}, ${n.distance} bits away`
          : 'no other image to compare',
        severity: 'info',
      });
      continue;
    }
    const across = n.other.asset !== item.asset;
    out.set(key, {
      id: 'similarity.duplicate',
      passed: false,
      value: n.distance,
      threshold: `> ${maxDistance} bits from every other image`,
      reason: `near-duplicate of ${describe(n.other, item)} (${n.distance} of 64 bits differ)`,
      severity: across ? (options.acrossAssets ?? 'info') : 'info',
    });
  }
  return out;
}

/** The closest first; among equals, another asset (the more serious finding); then key order. */
function closer(
  self: HashedImage,
  a: { other: HashedImage; distance: number },
  b: { other: HashedImage; distance: number },
): number {
  return (
    a.distance - b.distance ||
    Number(a.other.asset === self.asset) - Number(b.other.asset === self.asset) ||
    byCodeUnit(a.other.key, b.other.key)
  );
}

function describe(other: HashedImage, self: HashedImage): string {
  return other.asset === self.asset
    ? `variant ${other.variant}`
    : `asset ${other.asset} variant ${other.variant}`;
}
