import type { NsfwClass } from '../../core/config.js';
import type { QualityGate } from './gate.js';

/**
 * The offline NSFW classifier (nsfwjs on tfjs, loaded only when this gate runs). It runs on AI back
 * ends' images, and on the procedural stand-in only when `policy.nsfw.enabled` asks.
 * Versions: 2 — scores from nsfwjs's MobileNetV2Mid model.
 */
export const nsfwGate: QualityGate<'pixels', { thresholds?: Partial<Record<NsfwClass, number>> }> = {
  id: 'nsfw',
  version: 2,
  needs: 'pixels',
  runtime: 'nsfw',
  wanted: ({ job, policy }) => policy.nsfw?.enabled ?? job.backend.type !== 'procedural',
  inputs: ({ policy }) => ({ thresholds: policy.nsfw?.thresholds }),
  async run(pixels, { thresholds }) {
    const { checkNsfw } = await import('../nsfw.js');
    const { check, scores: nsfw } = await checkNsfw(pixels, thresholds);
    const scores: Record<string, number> = {};
    if (nsfw)
      Object.assign(scores, { 'nsfw.porn': nsfw.Porn, 'nsfw.sexy': nsfw.Sexy, 'nsfw.hentai': nsfw.Hentai });
    return { checks: [check], scores };
  },
};
