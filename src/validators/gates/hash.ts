import type { HashAlgorithm } from '../../core/config.js';
import type { QualityGate } from './gate.js';

/**
 * The perceptual hash behind the near-duplicate checks: among an asset's variants, or across assets
 * when `qa.similarity` is set. It adds no check itself; the layer compares hashes once all are in.
 * Versions: 2 — hashes come from the block-mean thumbnail of the full decode.
 */
export const hashGate: QualityGate<'thumbnail', { algorithm: HashAlgorithm }> = {
  id: 'hash',
  version: 2,
  needs: 'thumbnail',
  wanted: ({ asset }) => asset.jobs.length > 1 || asset.gates.similarity !== undefined,
  inputs: ({ asset }) => ({ algorithm: asset.gates.similarity?.hash ?? 'phash' }),
  async run(thumbnail, { algorithm }) {
    const { perceptualHash } = await import('../similarity.js');
    return { checks: [], scores: {}, hash: perceptualHash(thumbnail, algorithm) };
  },
};
