import type { ReportData } from '../core/model.js';
import { describeCost, formatUsd } from './cost.js';
import { decisionsMarkdown, pickedBy } from './decisions.js';
import { escapeMarkdown, truncate } from './escape.js';
import { changeText } from './summary.js';

const VERDICT_ICON = { pass: '✅', fail: '❌', pending: '⏳' } as const;

/** The QA table a PR comment and the job summary show: asset, variant chosen, scores, verdict, reasons. */
export function renderMarkdown(report: ReportData, options: { title?: string } = {}): string {
  const lines: string[] = [];
  const failed = report.assets.filter((a) => a.verdict === 'fail').length;
  lines.push(`## ${escapeMarkdown(options.title ?? 'GenOps report')}`);
  lines.push('');
  lines.push(
    `**Gate: ${report.gate === 'pass' ? '✅ passed' : report.gate === 'fail' ? `❌ failed (${failed} of ${report.assets.length} assets)` : '⏳ incomplete'}**`,
  );
  lines.push('');
  lines.push(layerLine(report));
  lines.push('');
  const cost = costLine(report);
  if (cost) lines.push(escapeMarkdown(cost), '');
  lines.push('| | asset | variant | score | change | generator | reasons |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const a of report.assets) {
    const picked = pickedBy(a.human);
    const variant =
      (a.chosenVariant !== undefined ? `${a.chosenVariant + 1} of ${a.variants}` : `– of ${a.variants}`) +
      (picked ? `, ${escapeMarkdown(picked)}` : '');
    const score = a.scores.aesthetic !== undefined ? a.scores.aesthetic.toFixed(2) : '–';
    const reasons = a.reasons.length ? a.reasons.map((r) => escapeMarkdown(truncate(r, 160))).join('; ') : '';
    const model = a.reproducible ? a.model : `${a.model} (sample, not reproducible)`;
    lines.push(
      `| ${VERDICT_ICON[a.verdict]} | <code>${escapeMarkdown(a.id)}</code> | ${variant} | ${score} | ${escapeMarkdown(changeText(a))} | ${escapeMarkdown(a.generator)} / ${escapeMarkdown(model)} | ${reasons} |`,
    );
  }
  lines.push('');
  lines.push(...decisionsMarkdown(report.assets));
  const rewritten = report.assets.filter((a) => a.originalPrompt !== undefined);
  if (rewritten.length) {
    lines.push('### Prompts rewritten by `optimize`', '');
    for (const a of rewritten) {
      lines.push(`- \`${a.id}\``);
      lines.push(`  - original: ${escapeMarkdown(truncate(a.originalPrompt ?? '', 1000))}`);
      lines.push(`  - rewritten: ${escapeMarkdown(truncate(a.prompt, 1000))}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * `cost: estimated $0.168 for 4 jobs (openai/gpt-image-1 $0.168) · spent $0.126 · limit $5.00`;
 * undefined when the run had no cost figures.
 */
export function costLine(report: ReportData): string | undefined {
  const cost = report.cost;
  if (!cost) return undefined;
  const parts = [`cost: estimated ${describeCost(cost.estimate)}`];
  if (cost.spent) parts.push(`spent ${formatUsd(cost.spent.usd)}`);
  if (cost.limitUsd !== undefined) parts.push(`limit ${formatUsd(cost.limitUsd)} (limits.maxCostUsd)`);
  if (cost.stopped) parts.push('over the limit: nothing was generated');
  return parts.join(' · ');
}

export function layerLine(report: ReportData): string {
  const parts: string[] = [];
  const { plan, synthesize, qa, deliver } = report.layers;
  if (plan) parts.push(`plan ${plan.assets} assets / ${plan.jobs} jobs in ${ms(plan.durationMs)}`);
  if (synthesize) {
    parts.push(
      `synthesis ${synthesize.generated} generated, ${synthesize.cacheHits} cached, ${synthesize.failures} failed in ${ms(synthesize.durationMs)}`,
    );
    if (synthesize.rateLimited)
      parts.push(
        `${synthesize.rateLimited} rate-limited answers (429), ${ms(synthesize.rateLimitWaitMs ?? 0)} waited for them`,
      );
  }
  if (qa) parts.push(`QA ${qa.passed} passed, ${qa.failed} failed in ${ms(qa.durationMs)}`);
  if (deliver)
    parts.push(
      `delivery ${deliver.filesWritten} files written, ${deliver.filesUnchanged} unchanged in ${ms(deliver.durationMs)}`,
    );
  return parts.join(' · ');
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
