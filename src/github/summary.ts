import type { InputProblem } from '../core/errors.js';
import type { ReportData } from '../core/model.js';
import { escapeMarkdown } from '../report/escape.js';
import { countChanges } from './comment.js';

/** The job summary: the run's report.md, headed by what this run decided (mode, cache, lockfile). */
export function renderJobSummary(options: {
  reportMarkdown?: string;
  report?: ReportData;
  problems?: InputProblem[];
  facts: [string, string][];
}): string {
  const lines: string[] = [];
  if (options.reportMarkdown) lines.push(options.reportMarkdown.trimEnd(), '');
  else if (options.problems?.length) {
    lines.push('## GenOps', '', '**❌ The manifest did not load**', '');
    lines.push('| where | problem |', '|---|---|');
    for (const p of options.problems)
      lines.push(
        `| ${escapeMarkdown([p.file, p.line, p.column].filter((x) => x !== undefined).join(':'))} | ${escapeMarkdown(`${p.path ? `${p.path}: ` : ''}${p.message}${p.hint ? ` — ${p.hint}` : ''}`)} |`,
      );
    lines.push('');
  }
  if (options.report) {
    const c = countChanges(options.report);
    options.facts.unshift(['changes', `${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged`]);
  }
  if (options.facts.length) {
    lines.push('| | |', '|---|---|');
    for (const [k, v] of options.facts) lines.push(`| ${escapeMarkdown(k)} | ${escapeMarkdown(v)} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** One line for a failed gate: what failed and the first reasons. */
export function gateReason(report: ReportData): string {
  const failed = report.assets.filter((a) => a.verdict === 'fail');
  if (!failed.length) return `GenOps gate ${report.gate}: the run did not finish every layer`;
  const first = failed
    .slice(0, 3)
    .map((a) => `${a.id} (${a.reasons[0] ?? 'no candidate passed'})`)
    .join('; ');
  return `GenOps gate failed: ${failed.length} of ${report.assets.length} assets failed QA — ${first}${failed.length > 3 ? '; …' : ''}`;
}
