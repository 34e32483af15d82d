/** Money as people read it in reports, logs and the PR comment. Pure. */
import type { CostEstimate } from '../core/model.js';

/** `$0.042`, `$0.04`, `$12.50`: tenths of a cent below a dollar where they are not 0, cents above. */
export function formatUsd(usd: number): string {
  if (usd >= 1 || usd === 0) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(3).replace(/(\.\d\d)0$/, '$1')}`;
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
