import type { JudgeConfig } from '../../core/config.js';
import type { QualityGate } from './gate.js';

/**
 * A vision model scores the encoded image against the rubric, when `qa.judge.enabled` (it needs a
 * key and the network; the SDK is loaded only when this gate runs).
 * Versions: 2 — inherited from the former shared GATE_VERSION; judging itself did not change.
 */
export const judgeGate: QualityGate<'bytes', { prompt: string; judge: JudgeConfig }> = {
  id: 'judge',
  version: 2,
  needs: 'bytes',
  wanted: ({ asset }) => !!asset.gates.judge?.enabled,
  inputs: ({ job, asset }) => ({ prompt: job.request.prompt, judge: asset.gates.judge ?? {} }),
  async run(image, { prompt, judge }, { env }) {
    const { judgeImage } = await import('../judge.js');
    const outcome = await judgeImage(image, prompt, judge, env);
    const scores: Record<string, number> = {};
    if (outcome.score !== undefined) scores.judge = outcome.score;
    return { checks: [outcome.check], scores };
  },
};
