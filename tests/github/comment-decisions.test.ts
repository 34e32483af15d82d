import { describe, expect, it } from 'vitest';
import { renderComment } from '../../src/github/comment.js';
import { coerceHumanChoice } from '../../src/report/decisions.js';
import { report, row } from './report-fixtures.js';

const base = { header: 'genops', runUrl: 'https://github.com/acme/site/actions/runs/1/attempts/1' };
const HOSTILE = '<img src=x onerror=alert(1)> @acme/admins [link](https://evil.example) |';

describe('PR comment: reviewers decisions', () => {
  it('shows who picked, approved and rerolled, and what no longer applies, as escaped text', () => {
    const at = '2026-11-30T10:00:00.000Z';
    const body = renderComment({
      ...base,
      report: report([
        row('hero/sky', {
          chosenVariant: 1,
          variants: 3,
          human: {
            pick: { variant: 2, bestVariant: 1, by: HOSTILE, at },
            approved: [{ gate: 'aesthetic.score', by: 'bob', at }],
            reroll: { offset: 1, by: 'carol', at },
          },
        }),
        row('other', {
          human: {
            notes: ['pick of other variant 3 by dana no longer applies: the prompt changed; pick again'],
          },
        }),
      ]),
    });
    expect(body).toContain("### Reviewers' decisions");
    expect(body).toContain('aesthetic.score approved by bob at 2026-11-30 10:00 UTC');
    expect(body).toContain('new candidates (reroll 1) asked by carol at 2026-11-30 10:00 UTC');
    expect(body).toContain(
      '⚠️ <code>other</code>: pick of other variant 3 by dana no longer applies: the prompt changed; pick again',
    );
    expect(body).toMatch(/\| 2 of 3, picked by &#60;img/);
    for (const raw of ['<img src=x', '@acme/admins', '[link](', 'https://evil'])
      expect(body).not.toContain(raw);
  });

  it('keeps only text and numbers of a decision from an untrusted report', () => {
    const coerced = coerceHumanChoice({
      pick: { variant: '2<b>', by: { toString: () => 'x' }, at: 5, extra: '<script>' },
      approved: [{ gate: 'aesthetic.score', by: 'bob', at: 'now' }, 'junk'],
      notes: [1, '<i>n</i>'],
      evil: '<script>',
    });
    expect(coerced).toEqual({
      pick: { variant: 0, by: 'x', at: '5' },
      approved: [{ gate: 'aesthetic.score', by: 'bob', at: 'now' }],
      notes: ['1', '<i>n</i>'],
    });
    expect(coerceHumanChoice('nope')).toBeUndefined();
  });
});
