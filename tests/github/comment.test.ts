import { describe, expect, it } from 'vitest';
import { renderComment, stickyMarker } from '../../src/github/comment.js';
import { escapeMarkdown } from '../../src/report/escape.js';
import { report, row } from './report-fixtures.js';

const base = { header: 'genops', runUrl: 'https://github.com/acme/site/actions/runs/1/attempts/1' };

describe('PR comment', () => {
  it('starts with the hidden marker and states the gate and counts', () => {
    const body = renderComment({ ...base, report: report([row('a'), row('b', { change: 'unchanged' })]) });
    expect(body.startsWith(stickyMarker('genops'))).toBe(true);
    expect(body).toContain('**✅ Gate passed** — 2 assets · 1 new · 0 changed · 1 unchanged · 0 failed');
    expect(body).toContain(
      '[Full report and job summary](https://github.com/acme/site/actions/runs/1/attempts/1)',
    );
  });

  it('puts failures first and shows before/after side by side', () => {
    const body = renderComment({
      ...base,
      report: report(
        [row('bad', { verdict: 'fail', reasons: ['too dark'] }), row('hero', { change: 'changed' })],
        'fail',
      ),
      previews: {
        links: [
          { id: 'bad', change: 'new', verdict: 'fail', after: 'https://x/bad.webp' },
          {
            id: 'hero',
            change: 'changed',
            verdict: 'pass',
            before: 'https://x/old.webp',
            after: 'https://x/new.webp',
          },
        ],
        omitted: 0,
      },
    });
    expect(body.indexOf('#### Failed (1)')).toBeGreaterThan(0);
    expect(body.indexOf('#### Failed (1)')).toBeLessThan(body.indexOf('#### New and changed (2)'));
    expect(body).toContain('too dark');
    expect(body).toMatch(
      /<td><img src="https:\/\/x\/old\.webp" width="240" alt="before"><\/td><td><img src="https:\/\/x\/new\.webp" width="240" alt="after"><\/td>/,
    );
    expect(body).toContain('<details><summary>QA table — 2 assets</summary>');
  });

  it('shows what changed beside before and after, with the SSIM, only when a diff exists', () => {
    const changed = row('hero', { change: 'changed', ssim: 0.87312, diff: 'diffs/hero.png' });
    const body = renderComment({
      ...base,
      report: report([changed, row('logo')]),
      previews: {
        links: [
          {
            id: 'hero',
            change: 'changed',
            verdict: 'pass',
            before: 'https://x/old.webp',
            after: 'https://x/new.webp',
            diff: 'https://x/diff.webp',
          },
          { id: 'logo', change: 'new', verdict: 'pass', after: 'https://x/logo.webp' },
        ],
        omitted: 0,
      },
    });
    expect(body).toContain('<tr><th>asset</th><th>before</th><th>after</th><th>what changed</th></tr>');
    expect(body).toContain('<td><img src="https://x/diff.webp" width="160" alt="what changed"></td></tr>');
    expect(body).toContain('<sub>changed · SSIM 0.8731 · score 5.50</sub>');
    // The new asset's row keeps the column, empty.
    expect(body).toMatch(/alt="after"><\/td><td><sub>—<\/sub><\/td><\/tr>/);
    expect(body).toContain('| changed · SSIM 0.8731 |');

    const withoutDiffs = renderComment({
      ...base,
      report: report([row('logo')]),
      previews: {
        links: [{ id: 'logo', change: 'new', verdict: 'pass', after: 'https://x/logo.webp' }],
        omitted: 0,
      },
    });
    expect(withoutDiffs).toContain('<tr><th>asset</th><th>before</th><th>after</th></tr>');
    expect(withoutDiffs).not.toContain('what changed');
  });

  it('escapes every manifest text: ids, titles, prompts, reasons, generator names', () => {
    const hostile = '<img src=x onerror=alert(1)> | [x](http://evil) @org/team `code` -->';
    const body = renderComment({
      ...base,
      report: report(
        [
          row('ok/id', {
            title: hostile,
            prompt: hostile,
            reasons: [hostile],
            verdict: 'fail',
            generator: hostile,
          }),
        ],
        'fail',
      ),
      previews: {
        links: [{ id: 'ok/id', change: 'new', verdict: 'fail', after: 'https://x/a.webp?"onload="x' }],
        omitted: 0,
      },
    });
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('[x](http://evil)');
    expect(body).not.toMatch(/@org/);
    expect(body).toContain('src="https://x/a.webp?&quot;onload=&quot;x"');
    // The marker cannot be closed early by text.
    expect(body.split('-->')[0]).toBe('<!-- genops:sticky:genops ');
    expect(stickyMarker('evil -->')).toBe('<!-- genops:sticky:evil - -->');
  });

  it('stays below the budget with thousands of assets, pointing at the full report', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      row(`asset-${i}`, {
        verdict: i % 7 === 0 ? 'fail' : 'pass',
        reasons: i % 7 === 0 ? ['x'.repeat(150)] : [],
        prompt: 'p'.repeat(300),
      }),
    );
    const body = renderComment({
      ...base,
      report: report(many, 'fail'),
      previews: {
        links: many.slice(0, 40).map((a) => ({
          id: a.id,
          change: 'new',
          verdict: a.verdict,
          after: `https://github.com/acme/site/blob/genops-previews/${a.id}.webp?raw=true`,
        })),
        omitted: 2960,
      },
    });
    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body).toContain('more: see the full report.');
    expect(body).toContain('2960 more not shown');
    expect(body).toContain('[Full report and job summary]');
    // Still well formed: every <details> and <table> closed.
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
    expect(body.match(/<table>/g)?.length).toBe(body.match(/<\/table>/g)?.length);
  });

  it('reports a manifest that did not load, with locations', () => {
    const body = renderComment({
      ...base,
      problems: [
        {
          file: 'art/genops.yaml',
          line: 12,
          column: 11,
          path: 'assets[2].size',
          message: 'must match WxH',
          hint: 'e.g. 1024x768',
        },
      ],
    });
    expect(body).toContain('The manifest did not load');
    expect(body).toContain('art/genops.yaml:12');
    expect(body).toContain('assets&#91;2&#93;.size: must match WxH — e.g. 1024x768');
  });

  it('says so when nothing changed', () => {
    const body = renderComment({
      ...base,
      report: report([row('a', { change: 'unchanged' })]),
      previews: { links: [], omitted: 0 },
    });
    expect(body).toContain('No asset changed');
  });
});

describe('PR comment: cost and optimised prompts', () => {
  it('shows the cost line and both prompts of a rewritten asset, escaped', () => {
    const estimate = { currency: 'USD' as const, usd: 0.044, jobs: 4, unpriced: 0, lines: [] };
    const body = renderComment({
      ...base,
      report: {
        ...report([
          row('hero', { prompt: 'a lake, golden hour', originalPrompt: 'a lake <b>@org/team</b>' }),
        ]),
        cost: { estimate, spent: estimate, limitUsd: 1, stopped: false },
      },
    });
    expect(body).toContain(
      `<sub>💰 ${escapeMarkdown('cost: estimated $0.044 for 4 jobs · spent $0.044 · limit $1.00 (limits.maxCostUsd)')}</sub>`,
    );
    expect(body).toContain(escapeMarkdown('a lake <b>@org/team</b>'));
    expect(body).not.toContain('<b>@');
  });
});
