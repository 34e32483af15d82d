import type { Plan } from '../../core/model.js';
import type { MlGate } from '../../core/optional-module.js';
import { clipGate } from './clip.js';
import { type RegisteredGate, registerGate } from './gate.js';
import { hashGate } from './hash.js';
import { judgeGate } from './judge.js';
import { moderationGate } from './moderation.js';
import { nsfwGate } from './nsfw.js';

export * from './gate.js';

/** Every pixel gate, in the order their checks appear in a job's report. */
export const GATES: readonly RegisteredGate[] = [
  registerGate(hashGate),
  registerGate(nsfwGate),
  registerGate(moderationGate),
  registerGate(clipGate),
  registerGate(judgeGate),
];

/**
 * The optional ML runtimes the plan's gates will load: what the action installs before QA (and
 * nothing for a manifest whose gates need none).
 */
export function runtimesWanted(plan: Plan): MlGate[] {
  const policy = plan.policy ?? {};
  const assets = new Map(plan.assets.map((a) => [a.id, a]));
  const wanted = new Set<MlGate>();
  for (const job of plan.jobs) {
    const asset = assets.get(job.asset);
    if (!asset) continue;
    for (const gate of GATES) {
      if (gate.runtime && !wanted.has(gate.runtime) && gate.wanted({ job, asset, policy }))
        wanted.add(gate.runtime);
    }
  }
  return [...wanted].sort();
}
