/**
 * The PR comment and the job summary rendered as GitHub renders them (GFM, its link filters, a
 * sanitiser) in Chromium: hostile text in any field yields the same elements as plain text — no
 * heading, row, mention, reference, autolink, comment or element of its own — and is still shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/core/model.js';
import { type CommentInput, renderComment } from '../../src/github/comment.js';
import { renderJobSummary } from '../../src/github/summary.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { GfmBrowser, HOSTILE, RENDERERS, shown } from '../report/gfm-browser.js';
import { report, row } from './report-fixtures.js';

const gfm = new GfmBrowser();
beforeAll(() => gfm.start(), 60_000);
afterAll(() => gfm.stop());

const RUN = 'https://github.com/acme/site/actions/runs/1/attempts/1';

/** Every text field of a report set to `text`: ids, titles, prompts, reasons, back-end names. */
function reportWith(text: string): ReportData {
  const data = report(
    [
      row(text, {
        title: text,
        verdict: 'fail',
        reasons: [text, 'too dark'],
        generator: text,
        model: text,
        prompt: text,
        reproducible: false,
      }),
      row('ok', { title: text, change: 'changed', prompt: text, ssim: 0.9, diff: 'diffs/ok.png' }),
    ],
    'fail',
  );
  return { ...data, manifest: text };
}

function commentWith(text: string): CommentInput {
  return {
    header: 'genops',
    runUrl: RUN,
    report: reportWith(text),
    lockfile: text,
    previews: {
      links: [
        { id: text, change: 'new', verdict: 'fail', after: 'https://x/a.webp' },
        {
          id: 'ok',
          change: 'changed',
          verdict: 'pass',
          before: 'https://x/b.webp',
          after: 'https://x/c.webp',
          diff: 'https://x/d.webp',
        },
      ],
      omitted: 0,
    },
  };
}

const problemsWith = (text: string) => [
  { file: text, line: 3, column: 1, path: text, message: text, hint: text },
];

/** The outputs, each built from one text put in every field it has. */
const OUTPUTS: Record<string, (text: string) => string> = {
  'PR comment': (t) => renderComment(commentWith(t)),
  'PR comment, previews off': (t) =>
    renderComment({ ...commentWith(t), previews: { links: [], omitted: 0, note: t } }),
  'PR comment, manifest did not load': (t) =>
    renderComment({ header: 'genops', runUrl: RUN, problems: problemsWith(t) }),
  'report.md': (t) => renderMarkdown(reportWith(t), { title: t }),
  'job summary': (t) =>
    renderJobSummary({
      reportMarkdown: renderMarkdown(reportWith(t)),
      report: reportWith(t),
      facts: [
        ['mode', 'pr'],
        ['assets.json', t],
      ],
    }),
  'job summary, manifest did not load': (t) =>
    renderJobSummary({ problems: problemsWith(t), facts: [['mode', t]] }),
};

describe('text cannot shape the comment or the summary', () => {
  for (const [output, build] of Object.entries(OUTPUTS)) {
    it(`${output}: every hostile text renders as text`, async () => {
      for (const renderer of RENDERERS) {
        const plain = await gfm.render(build('plain'), renderer);
        expect(plain.githubLinks).toEqual([]);
        for (const [name, text] of Object.entries(HOSTILE)) {
          const dom = await gfm.render(build(text), renderer);
          const what = `${renderer}: ${output} / ${name}`;
          expect(dom.githubLinks, what).toEqual([]);
          expect(dom.comments, what).toEqual(plain.comments);
          expect(dom.tables, what).toEqual(plain.tables);
          expect(dom.elements, what).toEqual(plain.elements);
          expect(dom.text, what).toContain(shown(text));
        }
      }
    });
  }

  it('the marker is the one HTML comment, and no header closes it early', async () => {
    const dom = await gfm.render(renderComment({ ...commentWith('plain'), header: 'x --!> <b>y</b> -->' }));
    expect(dom.comments).toHaveLength(1);
    expect(dom.elements).not.toContain('b');
    expect(dom.text).not.toContain('<b>');
  });

  it('bidirectional controls cannot reorder what a reviewer reads', async () => {
    const dom = await gfm.render(renderComment(commentWith('safe\u202egpj.exe')));
    expect(dom.text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(dom.text).toContain('safe\ufffdgpj.exe');
  });
});
