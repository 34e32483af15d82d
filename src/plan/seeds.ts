import { createHash } from 'node:crypto';

/** Stability's documented maximum; ComfyUI and A1111 accept it too, and it is a safe JS integer. */
export const MAX_SEED = 4294967294;

/**
 * The seed of one candidate. A pinned seed gives variant v the seed `pinned + v`; otherwise the seed
 * comes from sha256 over (asset id, variant), so it survives reordering the manifest.
 */
export function seedFor(assetId: string, variant: number, pinned?: number): number {
  if (pinned !== undefined) return (pinned + variant) % (MAX_SEED + 1);
  const digest = createHash('sha256').update(`genops-seed\0${assetId}\0${variant}`).digest();
  return digest.readUInt32BE(0) % (MAX_SEED + 1);
}
