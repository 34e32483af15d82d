/**
 * Best-of-N: which candidate of an asset ships.
 *
 * 1. A candidate with any failed `policy` or `gate` check is excluded. No score outweighs that.
 * 2. Each remaining candidate gets a weighted mean of the scores it has, each scaled to 0–1:
 *      aesthetic  `aesthetic.laion` if present, else `aesthetic` — 0–10 → ÷ 10
 *      clip       `clip` (CLIPScore, 0–2.5)                       → ÷ 2.5
 *      judge      `judge` (0–10)                                  → ÷ 10
 *    clamped to 0–1. score = Σ wᵢ·sᵢ / Σ wᵢ over the metrics the candidate has and whose weight is
 *    above 0: a missing score drops out and the other weights are renormalised.
 * 3. Highest score first; candidates with no score at all after those with one; equal scores
 *    (to 1e-9) go to the lower variant index. The result is the same on every run and platform.
 */
import { byCodeUnit } from '../core/canonical.js';
import type { ScoreMetric, SelectionWeights } from '../core/config.js';
import type { CheckResult } from '../core/model.js';

export const DEFAULT_WEIGHTS: Record<ScoreMetric, number> = { aesthetic: 1, clip: 1, judge: 1 };

/** Where each metric is read from in a job's scores (first present wins) and its full scale. */
export const METRICS: Record<ScoreMetric, { keys: string[]; scale: number }> = {
  aesthetic: { keys: ['aesthetic.laion', 'aesthetic'], scale: 10 },
  clip: { keys: ['clip'], scale: 2.5 },
  judge: { keys: ['judge'], scale: 10 },
};

export interface Candidate {
  key: string;
  variant: number;
  checks: CheckResult[];
  scores: Record<string, number>;
}

export interface ScorePart {
  metric: ScoreMetric;
  /** The score key it came from. */
  source: string;
  raw: number;
  /** 0–1. */
  scaled: number;
  weight: number;
}

export interface RankedCandidate {
  key: string;
  variant: number;
  eligible: boolean;
  /** Weighted mean, 0–1; absent when the candidate has no weighted score. */
  score?: number;
  parts: ScorePart[];
  /** Failed policy/gate checks that exclude it, as `id: reason`. */
  excludedBy: string[];
}

export interface Selection {
  /** Job key of the winner; absent when no candidate is eligible. */
  chosen?: string;
  /** Eligible candidates in rank order, then the excluded ones in variant order. */
  ranking: RankedCandidate[];
  /** Why this one, or why none — for AssetQa.reasons. */
  reasons: string[];
}

/** Scaled, weighted parts of one candidate's scores. */
export function scoreParts(
  scores: Record<string, number>,
  weights: SelectionWeights = DEFAULT_WEIGHTS,
): ScorePart[] {
  const parts: ScorePart[] = [];
  for (const metric of Object.keys(METRICS) as ScoreMetric[]) {
    const weight = weights[metric] ?? DEFAULT_WEIGHTS[metric];
    if (!(weight > 0)) continue;
    const { keys, scale } = METRICS[metric];
    const source = keys.find((k) => Number.isFinite(scores[k]));
    if (!source) continue;
    const raw = scores[source] as number;
    parts.push({ metric, source, raw, scaled: Math.min(1, Math.max(0, raw / scale)), weight });
  }
  return parts;
}

export function weightedScore(parts: ScorePart[]): number | undefined {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  return total > 0 ? parts.reduce((s, p) => s + p.weight * p.scaled, 0) / total : undefined;
}

/** Failed checks that no score can outweigh. */
export function blockingFailures(checks: CheckResult[]): CheckResult[] {
  return checks.filter((c) => !c.passed && (c.severity === 'policy' || c.severity === 'gate'));
}

const EPSILON = 1e-9;

export function selectBest(candidates: Candidate[], weights: SelectionWeights = DEFAULT_WEIGHTS): Selection {
  const ranked: RankedCandidate[] = candidates.map((c) => {
    const blocking = blockingFailures(c.checks);
    const parts = scoreParts(c.scores, weights);
    return {
      key: c.key,
      variant: c.variant,
      eligible: blocking.length === 0,
      score: weightedScore(parts),
      parts,
      excludedBy: blocking.map((b) => `${b.id}: ${b.reason ?? `${b.value} (threshold ${b.threshold})`}`),
    };
  });
  const eligible = ranked.filter((r) => r.eligible).sort(byRank);
  const excluded = ranked
    .filter((r) => !r.eligible)
    .sort((a, b) => a.variant - b.variant || byCodeUnit(a.key, b.key));
  const ranking = [...eligible, ...excluded];
  const winner = eligible[0];
  if (!winner) {
    const reasons = candidates.length
      ? excluded.map((r) => `variant ${r.variant + 1} excluded — ${r.excludedBy.join('; ')}`)
      : ['no candidates'];
    return { ranking, reasons: ['no candidate passed policy and gates', ...reasons] };
  }
  const why = winner.score === undefined ? 'no scores to compare' : `score ${describeScore(winner)}`;
  const reasons = [`variant ${winner.variant + 1} chosen: ${why}`];
  const runnerUp = eligible[1];
  if (runnerUp) {
    const tie = sameScore(winner, runnerUp) ? ' (tie: lower variant wins)' : '';
    reasons.push(
      `next: variant ${runnerUp.variant + 1} ${runnerUp.score === undefined ? 'unscored' : runnerUp.score.toFixed(3)}${tie}`,
    );
  }
  if (excluded.length) reasons.push(`${excluded.length} candidate(s) excluded by policy or gates`);
  return { chosen: winner.key, ranking, reasons };
}

function sameScore(a: RankedCandidate, b: RankedCandidate): boolean {
  if (a.score === undefined || b.score === undefined) return a.score === b.score;
  return Math.abs(a.score - b.score) <= EPSILON;
}

function byRank(a: RankedCandidate, b: RankedCandidate): number {
  if (a.score !== undefined && b.score !== undefined && !sameScore(a, b)) return b.score - a.score;
  if (a.score === undefined && b.score !== undefined) return 1;
  if (a.score !== undefined && b.score === undefined) return -1;
  return a.variant - b.variant || byCodeUnit(a.key, b.key);
}

function describeScore(r: RankedCandidate): string {
  const parts = r.parts.map((p) => `${p.source} ${round(p.raw)}×${p.weight}`).join(', ');
  return `${(r.score as number).toFixed(3)} (${parts})`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
