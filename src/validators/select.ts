import type { JobQa } from '../core/model.js';

/**
 * Best-of-N: among candidates that passed every gate, the highest score wins; ties go to the lower
 * variant so the choice is stable. Policy and gate failures are never outweighed by a score.
 */
export function chooseCandidate(candidates: JobQa[], scoreOf: (job: JobQa) => number): JobQa | undefined {
  return candidates
    .filter((c) => c.verdict === 'pass')
    .sort((a, b) => scoreOf(b) - scoreOf(a) || a.variant - b.variant)[0];
}
