/** Money as people read it in reports, logs and the PR comment. Pure. */
import type { CostEstimate } from '../core/model.js';

/** `$0.042`, `$12.50`: tenths of a cent below a dollar, cents above. */
export function formatUsd(usd: number): string {
  return usd > 0 && usd < 1 ? `$${usd.toFixed(3)}` : `$${usd.toFixed(2)}`;
}

/** `$0.168 for 4 jobs (openai/gpt-image-1 $0.168)`, plus how many jobs have no price. */
export function describeCost(cost: CostEstimate): string {
  const lines = cost.lines
    .filter((l) => l.usd > 0 || l.unpriced > 0)
    .map(
      (l) => `${l.generator}/${l.model} ${formatUsd(l.usd)}${l.unpriced ? `, ${l.unpriced} unpriced` : ''}`,
    );
  const jobs = `${cost.jobs} job${cost.jobs === 1 ? '' : 's'}`;
  const unpriced = cost.unpriced ? ` — ${cost.unpriced} with no price, so at least this much` : '';
  return `${formatUsd(cost.usd)} for ${jobs}${lines.length ? ` (${lines.join('; ')})` : ''}${unpriced}`;
}
