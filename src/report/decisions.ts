/**
 * Reviewers' decisions as people read them — "variant 2 picked by alice at 2026-11-30 19:10 UTC" —
 * for report.md, the PR comment and the gallery. Names, ids and notes come from people and
 * manifests: the Markdown and HTML forms escape every one of them.
 */
import type { AssetRow, DecisionBy, HumanChoice } from '../core/model.js';
import { escapeHtml, escapeMarkdown, truncate } from './escape.js';

/** `2026-11-30 19:10 UTC` from an ISO time; anything else as given. */
export function decisionTime(at: string): string {
  const time = Date.parse(at);
  return Number.isNaN(time) ? at : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function byLine(d: DecisionBy): string {
  return `by ${d.by} at ${decisionTime(d.at)}`;
}

/** Plain-text lines: the applied pick, approvals and reroll, then the notes of what did not apply. */
export function decisionLines(human: HumanChoice | undefined): { applied: string[]; notes: string[] } {
  if (!human) return { applied: [], notes: [] };
  const applied: string[] = [];
  if (human.pick) {
    const { variant, bestVariant } = human.pick;
    const instead =
      bestVariant !== undefined && bestVariant !== variant ? ` (best-scored: variant ${bestVariant})` : '';
    applied.push(`variant ${variant} picked ${byLine(human.pick)}${instead}`);
  }
  for (const approval of human.approved ?? []) applied.push(`${approval.gate} approved ${byLine(approval)}`);
  if (human.reroll)
    applied.push(`new candidates (reroll ${human.reroll.offset}) asked ${byLine(human.reroll)}`);
  return { applied, notes: human.notes ?? [] };
}

/** Who picked the shipped variant, for a variant cell: `picked by alice`; empty when the scores chose. */
export function pickedBy(human: HumanChoice | undefined): string {
  return human?.pick ? `picked by ${human.pick.by}` : '';
}

/**
 * The "Reviewers' decisions" section of report.md and the PR comment: one item per decision, the
 * ones that no longer apply marked ⚠️ with what to do. Empty when nobody decided anything.
 */
export function decisionsMarkdown(rows: readonly AssetRow[], maxItems = 200): string[] {
  const items: string[] = [];
  for (const row of rows) {
    const { applied, notes } = decisionLines(row.human);
    const id = `<code>${escapeMarkdown(row.id)}</code>`;
    for (const line of applied) items.push(`- ${id}: ${escapeMarkdown(truncate(line, 300))}`);
    for (const note of notes) items.push(`- ⚠️ ${id}: ${escapeMarkdown(truncate(note, 400))}`);
  }
  if (!items.length) return [];
  const shown = items.slice(0, maxItems);
  if (items.length > maxItems) shown.push(`- … and ${items.length - maxItems} more: see report.json`);
  return ["### Reviewers' decisions", '', ...shown, ''];
}

/** The gallery's block of an asset's decisions: applied ones, then notes in the warning style. */
export function decisionsHtml(human: HumanChoice | undefined): string {
  const { applied, notes } = decisionLines(human);
  if (!applied.length && !notes.length) return '';
  const items = [
    ...applied.map((line) => `<li>${escapeHtml(line)}</li>`),
    ...notes.map((note) => `<li class="note">⚠ ${escapeHtml(note)}</li>`),
  ];
  return `<ul class="human" aria-label="Reviewers' decisions">${items.join('')}</ul>`;
}

/** A check a reviewer approved, as the check lists say it: `approved by bob at …`. */
export function approvalText(approvedBy: DecisionBy): string {
  return `approved ${byLine(approvedBy)}`;
}

/**
 * A HumanChoice from an untrusted report (a fork's artifact): only the known fields, as strings and
 * numbers, so nothing but text reaches the renderers.
 */
export function coerceHumanChoice(value: unknown): HumanChoice | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  const by = (d: unknown): DecisionBy | undefined => {
    const r = d && typeof d === 'object' ? (d as Record<string, unknown>) : undefined;
    return r ? { by: truncate(String(r.by ?? ''), 100), at: truncate(String(r.at ?? ''), 40) } : undefined;
  };
  const num = (v: unknown) => (Number.isFinite(Number(v)) ? Number(v) : 0);
  const out: HumanChoice = {};
  const pick = by(raw.pick);
  if (pick) {
    const p = raw.pick as Record<string, unknown>;
    out.pick = {
      ...pick,
      variant: num(p.variant),
      ...(p.bestVariant !== undefined ? { bestVariant: num(p.bestVariant) } : {}),
    };
  }
  if (Array.isArray(raw.approved)) {
    out.approved = raw.approved.slice(0, 20).flatMap((a) => {
      const meta = by(a);
      return meta ? [{ ...meta, gate: truncate(String((a as Record<string, unknown>).gate ?? ''), 60) }] : [];
    });
  }
  const reroll = by(raw.reroll);
  if (reroll) out.reroll = { ...reroll, offset: num((raw.reroll as Record<string, unknown>).offset) };
  if (Array.isArray(raw.notes)) out.notes = raw.notes.slice(0, 10).map((n) => truncate(String(n), 400));
  return Object.keys(out).length ? out : undefined;
}
