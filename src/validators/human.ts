/**
 * Reviewers' decisions applied to one asset's QA, after the machine's checks (pure).
 *
 * - An approval turns a failed overridable gate (`qa.overridable`) into a pass that names who
 *   approved it, on every candidate of the asset. Policy checks are never touched.
 * - A pick ships the picked variant instead of the best-scored one, when it passes every gate
 *   still failing after approvals. A picked variant that fails one is reported and not applied:
 *   the best-scored eligible candidate (if any) ships, and the note says what to do. Shipping an
 *   image that failed a hard gate because someone picked it would let a pick bypass QA.
 * - A decision whose basis changed (prompt, generator, variants, candidates) is not applied; the
 *   note says why and asks to decide again.
 */
import type { HumanChoice, Job, JobQa, PlannedAsset } from '../core/model.js';
import { type AssetDecisions, applyApprovals, effectiveDecisions } from '../lockfile/decisions.js';
import { blockingFailures, type Selection, selectBest } from './selection.js';

export interface ReviewedSelection extends Selection {
  /** The asset's candidates' QA with approvals applied, in variant order. */
  candidates: JobQa[];
  /** What reviewers decided and what became of it; absent when nobody decided anything. */
  human?: HumanChoice;
}

export function selectWithDecisions(
  asset: PlannedAsset,
  jobs: Job[],
  candidates: JobQa[],
  recorded: AssetDecisions | undefined,
): ReviewedSelection {
  const effective = effectiveDecisions(asset, jobs, recorded);
  const reviewed = candidates.map((c) => applyApprovals(c, asset, effective.approvals));
  const selection = selectBest(reviewed, asset.gates.weights);
  if (!recorded) return { ...selection, candidates: reviewed };
  const human: HumanChoice = {};
  const notes = [...effective.notes];
  if (effective.approvals.length) {
    human.approved = effective.approvals.map(({ gate, by, at, source }) => ({
      gate,
      ...meta(by, at, source),
    }));
  }
  if (effective.reroll) {
    const { offset, by, at, source } = effective.reroll;
    human.reroll = { offset, ...meta(by, at, source) };
  }
  let { chosen, reasons } = selection;
  if (effective.pick) {
    const { decision, key } = effective.pick;
    const picked = reviewed.find((c) => c.key === key);
    const blocking = picked ? blockingFailures(picked.checks) : [];
    const best = reviewed.find((c) => c.key === selection.chosen);
    if (!picked || blocking.length) {
      const why = picked
        ? `it failed ${blocking.map((c) => `${c.id}${c.reason ? ` (${c.reason})` : ''}`).join('; ')}`
        : 'it has no QA result';
      notes.push(
        `pick of ${asset.id} variant ${decision.variant} by ${decision.by} is not applied: ${why}; approve the check if qa.overridable allows it, or pick another variant`,
      );
    } else {
      chosen = key;
      human.pick = {
        variant: decision.variant,
        ...(best ? { bestVariant: best.variant + 1 } : {}),
        ...meta(decision.by, decision.at, decision.source),
      };
      const instead =
        best && best.key !== key ? ` instead of the best-scored variant ${best.variant + 1}` : '';
      // The scores' own choice stays visible, worded so it is not read as what ships.
      const scored = selection.reasons.map((r) =>
        r.replace(/^variant (\d+) chosen: /, 'scores alone would choose variant $1: '),
      );
      reasons = [`variant ${decision.variant} picked by ${decision.by}${instead}`, ...scored];
    }
  }
  if (notes.length) {
    human.notes = notes;
    reasons = [...reasons, ...notes];
  }
  return { ...selection, chosen, reasons, candidates: reviewed, human };
}

function meta(by: string, at: string, source: string | undefined) {
  return { by, at, ...(source ? { source } : {}) };
}
