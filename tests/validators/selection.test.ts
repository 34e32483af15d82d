import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/model.js';
import { type Candidate, scoreParts, selectBest, weightedScore } from '../../src/validators/selection.js';

const pass = (id: string): CheckResult => ({ id, passed: true, severity: 'gate' });
const fail = (id: string, severity: CheckResult['severity'], reason = 'bad'): CheckResult => ({
  id,
  passed: false,
  severity,
  reason,
});
const cand = (
  variant: number,
  scores: Record<string, number>,
  checks: CheckResult[] = [pass('technical.size')],
): Candidate => ({
  key: `key-${variant}`,
  variant,
  checks,
  scores,
});

describe('weighted score', () => {
  it('scales each metric to 0–1 and takes the weighted mean', () => {
    const parts = scoreParts({ aesthetic: 6, clip: 1.25, judge: 8 }, { aesthetic: 2, clip: 1, judge: 1 });
    expect(parts.map((p) => [p.metric, p.scaled])).toEqual([
      ['aesthetic', 0.6],
      ['clip', 0.5],
      ['judge', 0.8],
    ]);
    expect(weightedScore(parts)).toBeCloseTo((2 * 0.6 + 0.5 + 0.8) / 4, 12);
  });

  it('renormalises over the scores present; a zero weight drops a metric', () => {
    expect(weightedScore(scoreParts({ aesthetic: 5 }))).toBeCloseTo(0.5, 12);
    expect(weightedScore(scoreParts({ aesthetic: 5, clip: 2.5 }, { clip: 0 }))).toBeCloseTo(0.5, 12);
    expect(weightedScore(scoreParts({}))).toBeUndefined();
  });

  it('prefers the LAION aesthetic over the offline one, and clamps out-of-range values', () => {
    const [part] = scoreParts({ aesthetic: 2, 'aesthetic.laion': 7 }, { clip: 0, judge: 0 });
    expect([part?.source, part?.scaled]).toEqual(['aesthetic.laion', 0.7]);
    expect(scoreParts({ 'aesthetic.laion': 11.3 })[0]?.scaled).toBe(1);
    expect(scoreParts({ clip: -1 })[0]?.scaled).toBe(0);
  });
});

describe('best-of-N', () => {
  it('orders by score and picks the best', () => {
    const s = selectBest([cand(0, { aesthetic: 5 }), cand(1, { aesthetic: 8 }), cand(2, { aesthetic: 6.5 })]);
    expect(s.chosen).toBe('key-1');
    expect(s.ranking.map((r) => r.variant)).toEqual([1, 2, 0]);
    expect(s.reasons[0]).toBe('variant 2 chosen: score 0.800 (aesthetic 8×1)');
    expect(s.reasons[1]).toBe('next: variant 3 0.650');
  });

  it('weights change the winner', () => {
    const candidates = [cand(0, { aesthetic: 9, clip: 0.5 }), cand(1, { aesthetic: 5, clip: 2.2 })];
    expect(selectBest(candidates, { aesthetic: 1, clip: 0 }).chosen).toBe('key-0');
    expect(selectBest(candidates, { aesthetic: 0, clip: 1 }).chosen).toBe('key-1');
  });

  it('a policy failure is never outweighed by a high score; nor is a gate failure', () => {
    const s = selectBest([
      cand(0, { aesthetic: 10, clip: 2.5, judge: 10 }, [
        pass('technical.size'),
        fail('policy.nsfw', 'policy', 'Porn 0.91 ≥ 0.6'),
      ]),
      cand(1, { aesthetic: 9.9 }, [fail('technical.blank', 'gate')]),
      cand(2, { aesthetic: 2 }, [pass('technical.size'), fail('similarity.duplicate', 'info')]),
    ]);
    expect(s.chosen).toBe('key-2');
    expect(s.ranking.map((r) => [r.variant, r.eligible])).toEqual([
      [2, true],
      [0, false],
      [1, false],
    ]);
    expect(s.ranking[1]?.excludedBy).toEqual(['policy.nsfw: Porn 0.91 ≥ 0.6']);
    expect(s.reasons).toContain('2 candidate(s) excluded by policy or gates');
  });

  it('no eligible candidate: nothing chosen, and every reason listed', () => {
    const s = selectBest([
      cand(0, { aesthetic: 9 }, [fail('policy.prompt', 'policy', 'prompt contains "gore"')]),
      cand(1, {}, [{ id: 'technical.size', passed: false, severity: 'gate', value: 10, threshold: 20 }]),
    ]);
    expect(s.chosen).toBeUndefined();
    expect(s.reasons).toEqual([
      'no candidate passed policy and gates',
      'variant 1 excluded — policy.prompt: prompt contains "gore"',
      'variant 2 excluded — technical.size: 10 (threshold 20)',
    ]);
    expect(selectBest([]).reasons).toEqual(['no candidate passed policy and gates', 'no candidates']);
  });

  it('ties go to the lower variant, whatever the input order; unscored candidates rank last', () => {
    const tied = [
      cand(3, { aesthetic: 7 }),
      cand(1, { aesthetic: 7 }),
      cand(2, {}),
      cand(0, { aesthetic: 7 - 1e-12 }),
    ];
    const s = selectBest(tied);
    expect(s.ranking.map((r) => r.variant)).toEqual([0, 1, 3, 2]);
    expect(s.reasons[1]).toBe('next: variant 2 0.700 (tie: lower variant wins)');
    expect(selectBest([...tied].reverse()).chosen).toBe(s.chosen);
    expect(selectBest([cand(4, {}), cand(2, {})]).chosen).toBe('key-2');
  });

  it('a missing score renormalises per candidate instead of counting as zero', () => {
    // Variant 0 has no judge score; its 0.8 aesthetic is not dragged down by a missing 0.
    const s = selectBest([cand(0, { aesthetic: 8 }), cand(1, { aesthetic: 6, judge: 7 })]);
    expect(s.ranking[0]?.score).toBeCloseTo(0.8, 12);
    expect(s.ranking[1]?.score).toBeCloseTo(0.65, 12);
    expect(s.chosen).toBe('key-0');
  });
});
