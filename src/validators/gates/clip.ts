import type { ClipConfig } from '../../core/config.js';
import type { QualityGate } from './gate.js';

interface ClipInputs {
  prompt: string;
  clip: ClipConfig;
  /** Gates the LAION aesthetic score when the model folder has the aesthetic head. */
  minAesthetic: number;
}

/**
 * CLIPScore (and the LAION aesthetic head) from the model folder `qa.clip.model` names; onnxruntime
 * is loaded only when this gate runs. Without a model it reports, as an info check, that it is off.
 * Versions: 2 — inherited from the former shared GATE_VERSION; CLIP scoring itself did not change.
 */
export const clipGate: QualityGate<'pixels', ClipInputs> = {
  id: 'clip',
  version: 2,
  needs: 'pixels',
  runtime: 'clip',
  wanted: ({ asset }) => !!asset.gates.clip?.model,
  inputs: ({ job, asset }) => ({
    prompt: job.request.prompt,
    clip: asset.gates.clip ?? {},
    minAesthetic: asset.qa.minAesthetic,
  }),
  async run(pixels, { prompt, clip, minAesthetic }, { baseDir }) {
    const { scoreWithClip } = await import('../clip.js');
    return scoreWithClip(clip, pixels, prompt, { baseDir, minAesthetic });
  },
  skipped: () => [
    {
      id: 'clip.score',
      passed: true,
      value: 'not configured',
      reason: 'CLIP: not configured',
      severity: 'info',
    },
  ],
};
