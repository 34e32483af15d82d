import { createHash } from 'node:crypto';

/** Stability's documented maximum; ComfyUI and A1111 accept it too, and it is a safe JS integer. */
export const MAX_SEED = 4294967294;

/**
 * The seed of one candidate. A pinned seed gives variant v the seed `pinned + v`; otherwise the seed
 * comes from sha256 over (asset id, variant), so it survives reordering the manifest. A reroll
 * (`genops reroll`, offset k) moves every candidate to seeds no earlier offset used: a pinned seed
 * by k × variants, a derived one by hashing the offset too. Offset 0 is the seed as it always was.
 */
export function seedFor(
  assetId: string,
  variant: number,
  pinned?: number,
  reroll: { offset: number; variants: number } = { offset: 0, variants: 1 },
): number {
  const { offset, variants } = reroll;
  if (pinned !== undefined) return (pinned + variant + offset * variants) % (MAX_SEED + 1);
  const salt = offset > 0 ? `\0reroll ${offset}` : '';
  const digest = createHash('sha256').update(`genops-seed\0${assetId}\0${variant}${salt}`).digest();
  return digest.readUInt32BE(0) % (MAX_SEED + 1);
}
