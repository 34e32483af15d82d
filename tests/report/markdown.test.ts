import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/core/model.js';
import { escapeHtml, escapeMarkdown } from '../../src/report/escape.js';
import { renderMarkdown } from '../../src/report/markdown.js';

describe('escaping manifest text', () => {
  it('neutralises Markdown and HTML in prompts', () => {
    const hostile =
      '| broken | table\n<img src=x onerror=alert(1)> [click](http://evil) @org/team **bold** `code`';
    const md = escapeMarkdown(hostile);
    expect(md).not.toMatch(/<img/);
    expect(md).not.toContain('\n');
    expect(md).not.toMatch(/(^|[^\\])\|/);
    expect(md).not.toMatch(/(^|[^\\])\[click\]/);
    expect(md).toContain('@\u200borg');
    expect(escapeHtml('<a href="x">\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;');
  });

  it('keeps a hostile reason inside its table cell', () => {
    const report: ReportData = {
      schema: 'genops/report@1',
      manifest: 'genops.yaml',
      gate: 'fail',
      layers: {},
      assets: [
        {
          id: 'a',
          title: 'a',
          verdict: 'fail',
          change: 'new',
          variants: 1,
          generator: 'openai',
          model: 'dall-e-3',
          prompt: 'p',
          scores: {},
          reasons: ['x | y\n## heading'],
          checks: [],
          reproducible: false,
        },
      ],
    };
    const md = renderMarkdown(report);
    const row = md.split('\n').find((l) => l.includes('<code>a</code>')) as string;
    expect(row.split('|').length).toBe(9);
    expect(md).toContain('dall-e-3 (sample, not reproducible)');
    expect(md).not.toMatch(/^## heading/m);
  });
});
