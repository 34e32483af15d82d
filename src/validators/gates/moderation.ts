import type { ModerationConfig } from '../../core/config.js';
import type { QualityGate } from './gate.js';

/**
 * OpenAI moderation of the prompt and the encoded image, when `policy.moderation.enabled` (it needs
 * a key and the network; the SDK is loaded only when this gate runs).
 * Versions: 2 — inherited from the former shared GATE_VERSION; moderation itself did not change.
 */
export const moderationGate: QualityGate<'bytes', { prompt: string; moderation: ModerationConfig }> = {
  id: 'moderation',
  version: 2,
  needs: 'bytes',
  wanted: ({ policy }) => !!policy.moderation?.enabled,
  inputs: ({ job, policy }) => ({ prompt: job.request.prompt, moderation: policy.moderation ?? {} }),
  async run(image, { prompt, moderation }, { env }) {
    const { moderate } = await import('../moderation.js');
    return { checks: [await moderate({ text: prompt, image }, moderation, env)], scores: {} };
  },
};
