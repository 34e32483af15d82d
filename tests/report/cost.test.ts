import { describe, expect, it } from 'vitest';
import type { CostEstimate, ReportData } from '../../src/core/model.js';
import { describeCost, formatUsd } from '../../src/report/cost.js';
import { escapeMarkdown } from '../../src/report/escape.js';
import { costLine, renderMarkdown } from '../../src/report/markdown.js';
import { report, row } from '../github/report-fixtures.js';

const estimate: CostEstimate = {
  currency: 'USD',
  usd: 0.124,
  jobs: 5,
  unpriced: 1,
  lines: [
    { generator: 'img', type: 'openai', model: 'gpt-image-1', jobs: 2, usd: 0.084, unpriced: 0, sources: [] },
    { generator: 'flux', type: 'bfl', model: 'flux-pro-1.1', jobs: 1, usd: 0.04, unpriced: 0, sources: [] },
    { generator: 'local', type: 'procedural', model: 'p', jobs: 1, usd: 0, unpriced: 0, sources: [] },
    { generator: 'rep', type: 'replicate', model: 'x/y', jobs: 1, usd: 0, unpriced: 1, sources: [] },
  ],
};

describe('money in reports', () => {
  it('reads as people write it', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.04)).toBe('$0.04');
    expect(formatUsd(0.044)).toBe('$0.044');
    expect(formatUsd(0.003)).toBe('$0.003');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(describeCost(estimate)).toBe(
      '$0.124 for 5 jobs (img/gpt-image-1 $0.084; flux/flux-pro-1.1 $0.04; rep/x/y $0.00, 1 unpriced) — 1 with no price, so at least this much',
    );
  });

  it('puts the estimate, the spend and the limit in report.md, and says when the limit stopped the run', () => {
    const data: ReportData = {
      ...report([row('a')], 'fail'),
      cost: { estimate, spent: { ...estimate, usd: 0, lines: [] }, limitUsd: 0.1, stopped: true },
    };
    expect(costLine(data)).toBe(
      `cost: estimated ${describeCost(estimate)} · spent $0.00 · limit $0.10 (limits.maxCostUsd) · over the limit: nothing was generated`,
    );
    const md = renderMarkdown(data);
    expect(md).toContain(escapeMarkdown('cost: estimated $0.124 for 5 jobs'));
    expect(costLine(report([row('a')]))).toBeUndefined();
    expect(renderMarkdown(report([row('a')]))).not.toContain('cost:');
  });

  it('lists original and rewritten prompts, escaped', () => {
    const hostile = row('hero', {
      prompt: 'a <img src=x onerror=alert(1)> | cell',
      originalPrompt: 'a **hero** @org/team',
    });
    const md = renderMarkdown(report([hostile, row('plain')]));
    const section = md.slice(md.indexOf('### Prompts rewritten by `optimize`'));
    expect(section).toContain('- `hero`');
    expect(section).toContain(`  - original: ${escapeMarkdown('a **hero** @org/team')}`);
    expect(section).toContain(`  - rewritten: ${escapeMarkdown('a <img src=x onerror=alert(1)> | cell')}`);
    expect(section).not.toContain('<img');
    expect(section).not.toContain('plain');
    expect(renderMarkdown(report([row('plain')]))).not.toContain('Prompts rewritten');
  });
});
