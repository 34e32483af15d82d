import type { InputProblem } from '../core/errors.js';
import type { AssetRow, ReportData } from '../core/model.js';
import { decisionsMarkdown, pickedBy } from '../report/decisions.js';
import { escapeHtml, escapeMarkdown, truncate } from '../report/escape.js';
import { costLine, layerLine } from '../report/markdown.js';
import { changeText } from '../report/summary.js';
import { COMMENT_BUDGET } from './constants.js';

/**
 * The hidden line that finds this action's comment again (one per header, so two manifests coexist).
 * The header keeps no `-`-runs, `<`, `>` or `!`: `-->`, `--!>` and `<!--` would end or nest the comment.
 */
export function stickyMarker(header: string): string {
  return `<!-- genops:sticky:${header.replace(/[<>!]/g, '').replace(/-{2,}/g, '-')} -->`;
}

export interface PreviewLink {
  id: string;
  change: string;
  verdict: string;
  before?: string;
  after?: string;
  /** The diff image against the last approved version (changed pixels in red). */
  diff?: string;
}

export interface CommentInput {
  header: string;
  /** Absent when the manifest did not load (then `problems` says why). */
  report?: ReportData;
  problems?: InputProblem[];
  /** URLs of the thumbnails, by asset id; `omitted` were not uploaded (too many). */
  previews?: { links: PreviewLink[]; omitted: number; note?: string };
  runUrl: string;
  /** The review gallery (report.html) uploaded as an artifact: its URL, or the run that holds it. */
  gallery?: string;
  lockfile?: string;
  /** genops.lock differs on the branch and this run did not commit it: why, and the patch. */
  staleLockfile?: { reason: string; patch: string };
  /** Characters; GitHub's hard limit is 65,536. */
  budget?: number;
}

const ICON = { pass: '✅', fail: '❌', pending: '⏳' } as const;
const THUMB_WIDTH = 240;
/** The diff is a 256-px greyscale map with red marks: smaller, beside the two pictures. */
const DIFF_WIDTH = 160;

/** The link to the review gallery artifact, next to the previews. */
function galleryLine(url: string): string {
  return `🔍 **[Review gallery](${url})** — every variant side by side with its checks, before/after/diff: download the artifact, unzip, open \`report.html\`.`;
}

/**
 * The PR comment: gate and counts, failures first, then before/after thumbnails of new and changed
 * assets, then the full QA table and prompts folded. Every text from the manifest is escaped; the
 * body is cut to the budget with a pointer to the full report in the run.
 */
export function renderComment(input: CommentInput): string {
  const budget = input.budget ?? COMMENT_BUDGET;
  const head: string[] = [stickyMarker(input.header)];
  const report = input.report;
  head.push(`### 🖼️ GenOps${report ? ` · ${code(report.manifest)}` : ''}`);
  head.push('');
  const footer = [
    '',
    `<sub>${input.lockfile ? `${escapeMarkdown(input.lockfile)} · ` : ''}[Full report and job summary](${input.runUrl})</sub>`,
  ].join('\n');

  if (!report) {
    head.push('**❌ The manifest did not load** — nothing was generated.');
    head.push('');
    const rows = (input.problems ?? []).map(
      (p) =>
        `| ${code(`${p.file}:${p.line ?? ''}`)} | ${escapeMarkdown(truncate(`${p.path ? `${p.path}: ` : ''}${p.message}${p.hint ? ` — ${p.hint}` : ''}`, 300))} |`,
    );
    const table = fitRows('| where | problem |\n|---|---|', rows, budget - size(head) - footer.length - 200);
    return `${head.join('\n')}\n${table}\n${footer}\n`;
  }

  const counts = countChanges(report);
  head.push(...summaryLines(report, counts, input.gallery));

  let remaining = budget - size(head) - footer.length - 100;
  const sections: string[] = [];
  const add = (text: string) => {
    sections.push(text);
    remaining -= text.length + 1;
  };
  if (input.staleLockfile) add(staleLockfileSection(input.staleLockfile, remaining * 0.3));
  const decisions = decisionsMarkdown(report.assets, 30);
  if (decisions.length) add(`${fitRows('', decisions, remaining * 0.2)}\n`);

  const failed = report.assets.filter((a) => a.verdict === 'fail');
  if (failed.length) {
    const rows = failed.map(
      (a) =>
        `| ❌ | ${code(a.id)} | ${escapeMarkdown(a.change)} | ${escapeMarkdown(a.generator)} | ${a.reasons.map((r) => escapeMarkdown(truncate(r, 200))).join('; ') || 'no candidate passed'} |`,
    );
    add(
      `#### Failed (${failed.length})\n\n${fitRows('| | asset | change | generator | reasons |\n|---|---|---|---|---|', rows, remaining * 0.4)}\n`,
    );
  }

  const links = input.previews?.links ?? [];
  if (links.length) {
    const withDiff = links.some((l) => l.diff);
    const rows = links.map((l) =>
      previewRow(
        l,
        report.assets.find((a) => a.id === l.id),
        withDiff,
      ),
    );
    const open = `<table>\n<tr><th>asset</th><th>before</th><th>after</th>${withDiff ? '<th>what changed</th>' : ''}</tr>`;
    const omitted = input.previews?.omitted ?? 0;
    const tail = omitted ? `\n\n<sub>${omitted} more not shown: see the full report.</sub>` : '';
    add(
      `#### New and changed (${links.length + omitted})\n\n${fitHtmlRows(open, rows, '</table>', remaining * 0.6)}${tail}\n`,
    );
  } else if (input.previews?.note) {
    add(`<sub>${escapeMarkdown(input.previews.note)}</sub>\n`);
  } else if (counts.new + counts.changed === 0) {
    add('No asset changed: every image is the one in genops.lock.\n');
  }

  const qaRows = report.assets.map(qaRow);
  const qaTable = fitRows(
    '| | asset | variant | score | change | generator | reasons |\n|---|---|---|---|---|---|---|',
    qaRows,
    remaining * 0.7,
  );
  add(`<details><summary>QA table — ${report.assets.length} assets</summary>\n\n${qaTable}\n\n</details>\n`);

  const prompts = report.assets
    .filter((a) => a.change !== 'unchanged')
    .map((a) =>
      a.originalPrompt === undefined
        ? `- ${code(a.id)}: ${escapeMarkdown(truncate(a.prompt, 400))}`
        : `- ${code(a.id)} (rewritten by \`optimize\`): ${escapeMarkdown(truncate(a.prompt, 400))}<br>original: ${escapeMarkdown(truncate(a.originalPrompt, 400))}`,
    );
  if (prompts.length && remaining > 500)
    add(
      `<details><summary>Prompts of new and changed assets</summary>\n\n${fitRows('', prompts, remaining - 100)}\n\n</details>\n`,
    );

  const body = `${head.join('\n')}\n${sections.join('\n')}${footer}\n`;
  // The fitting above is generous estimates; this is the hard stop.
  return body.length <= budget
    ? body
    : `${body.slice(0, budget - 200)}\n\n… cut: [full report](${input.runUrl})\n`;
}

export function countChanges(report: ReportData): Record<'new' | 'changed' | 'unchanged' | 'failed', number> {
  const c = { new: 0, changed: 0, unchanged: 0, failed: 0 };
  for (const a of report.assets) {
    if (a.verdict === 'fail') c.failed++;
    if (a.change === 'new') c.new++;
    else if (a.change === 'changed') c.changed++;
    else if (a.change === 'unchanged') c.unchanged++;
  }
  return c;
}

function previewRow(link: PreviewLink, row: AssetRow | undefined, withDiff: boolean): string {
  const img = (url: string | undefined, alt: string, width = THUMB_WIDTH) =>
    url
      ? `<img src="${escapeHtml(url)}" width="${width}" alt="${alt}">`
      : `<sub>${alt === 'before' ? (link.change === 'new' ? 'new asset' : 'not available') : '—'}</sub>`;
  const score = row?.scores.aesthetic !== undefined ? ` · score ${row.scores.aesthetic.toFixed(2)}` : '';
  const title =
    row && row.title !== row.id ? `<br><sub>${escapeMarkdown(truncate(row.title, 80))}</sub>` : '';
  const change = row ? changeText(row) : link.change;
  const diff = withDiff ? `<td>${img(link.diff, 'what changed', DIFF_WIDTH)}</td>` : '';
  return `<tr><td>${ICON[link.verdict as keyof typeof ICON] ?? ''} ${code(link.id)}${title}<br><sub>${escapeMarkdown(change)}${score}</sub></td><td>${img(link.before, 'before')}</td><td>${img(link.after, 'after')}</td>${diff}</tr>`;
}

function qaRow(a: AssetRow): string {
  const picked = pickedBy(a.human);
  const variant =
    (a.chosenVariant !== undefined ? `${a.chosenVariant + 1} of ${a.variants}` : `– of ${a.variants}`) +
    (picked ? `, ${escapeMarkdown(picked)}` : '');
  const score = a.scores.aesthetic !== undefined ? a.scores.aesthetic.toFixed(2) : '–';
  const model = a.reproducible ? a.model : `${a.model} (sample)`;
  const reasons = a.reasons.map((r) => escapeMarkdown(truncate(r, 160))).join('; ');
  return `| ${ICON[a.verdict]} | ${code(a.id)} | ${variant} | ${score} | ${escapeMarkdown(changeText(a))} | ${escapeMarkdown(a.generator)} / ${escapeMarkdown(model)} | ${reasons} |`;
}

/** Inline code that no id can break out of: HTML `<code>` (a backtick span is closed by a backtick). */
function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

/** As many rows as fit in `budget` characters, then a line saying how many were left out. */
function fitRows(header: string, rows: string[], budget: number): string {
  const out = header ? [header] : [];
  let used = header.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    if (used + row.length + 1 > budget) {
      out.push(`${header ? '\n' : ''}… and ${rows.length - i} more: see the full report.`);
      break;
    }
    out.push(row);
    used += row.length + 1;
  }
  return out.join('\n');
}

function fitHtmlRows(open: string, rows: string[], close: string, budget: number): string {
  const kept: string[] = [];
  let used = open.length + close.length;
  for (const row of rows) {
    if (used + row.length + 1 > budget) break;
    kept.push(row);
    used += row.length + 1;
  }
  const more = rows.length - kept.length;
  return `${open}\n${kept.join('\n')}\n${close}${more ? `\n\n<sub>… and ${more} more: see the full report.</sub>` : ''}`;
}

function size(lines: string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/** Gate and counts, the layers' line, the gallery link and the cost: the comment's first lines. */
function summaryLines(
  report: ReportData,
  counts: ReturnType<typeof countChanges>,
  gallery: CommentInput['gallery'],
): string[] {
  const gate =
    report.gate === 'pass' ? '✅ Gate passed' : report.gate === 'fail' ? '❌ Gate failed' : '⏳ Incomplete';
  const lines = [
    `**${gate}** — ${report.assets.length} assets · ${counts.new} new · ${counts.changed} changed · ${counts.unchanged} unchanged · ${counts.failed} failed`,
    '',
    `<sub>${escapeMarkdown(layerLine(report))}</sub>`,
    '',
  ];
  if (gallery) lines.push(galleryLine(gallery), '');
  const cost = costLine(report);
  if (cost) lines.push(`<sub>💰 ${escapeMarkdown(cost)}</sub>`, '');
  return lines;
}

/**
 * The lockfile this run did not commit: the one-line fix and the patch, fenced with more backticks
 * than any run inside it so text from the manifest cannot close the block.
 */
function staleLockfileSection(stale: { reason: string; patch: string }, room: number): string {
  const fix =
    '**⚠️ genops.lock is out of date on this branch** and GenOps did not commit it ' +
    `(${escapeMarkdown(stale.reason)}). Fix: run \`genops run\` and commit genops.lock, apply the patch ` +
    'below with `git apply`, or give the action a `github-token` whose commits start workflows ' +
    '(a GitHub App token).';
  const longest = Math.max(0, ...(stale.patch.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lines = stale.patch.split('\n').length;
  const body =
    stale.patch.length + 200 <= room
      ? `${fence}diff\n${stale.patch}${stale.patch.endsWith('\n') ? '' : '\n'}${fence}`
      : `The patch (${lines} lines) is too long for a comment: run \`genops run\` and commit genops.lock.`;
  return `${fix}\n\n<details><summary>genops.lock patch</summary>\n\n${body}\n\n</details>\n`;
}
