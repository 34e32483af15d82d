/**
 * genops.decisions.json: reviewers' choices, kept beside genops.lock and reviewed like code.
 *
 * - `pick`: which variant ships instead of the best-scored one (counted from 1, as the gallery and
 *   Markdown count).
 * - `reroll`: a seed offset, so the asset gets new candidates (new jobs, new keys).
 * - `approve`: failed overridable gates (`qa.overridable`) that count as passed.
 *
 * Each pick and approval carries a `basis`: a fingerprint of what it was made on. When the asset's
 * prompt, generator, variants or candidates change, the decision no longer applies and the run
 * says so instead of shipping something nobody chose. Parsing, serialising and applying are pure;
 * only readDecisions and writeDecisions touch the disk.
 */
import path from 'node:path';
import { contentKey } from '../core/canonical.js';
import { OVERRIDABLE_CHECKS } from '../core/config.js';
import { InputError } from '../core/errors.js';
import type { DecisionBy, Job, JobQa, PlannedAsset, QaReport } from '../core/model.js';
import { writeFileAtomic } from '../store/atomic.js';
import { parseCommittedJson, readOrEmpty, sortKeys } from './lockfile.js';

export const DECISIONS_FILE = 'genops.decisions.json';

/** What a decision was made on; a decision whose basis no longer matches the plan is not applied. */
export interface DecisionBasis {
  /** contentKey of the resolved prompt and negative prompt of the asset's candidates. */
  prompt: string;
  /** Generator name, back-end type and model, e.g. `sdxl (comfyui sd_xl_base_1.0)`. */
  generator: string;
  /** How many candidates the asset had. */
  variants: number;
  /** pick: the picked candidate's job key. */
  job?: string;
  /** approve: contentKey of the candidates' job keys (the images the reviewer saw). */
  jobs?: string;
}

export interface PickDecision extends DecisionBy {
  variant: number;
  basis: DecisionBasis;
}

export interface RerollDecision extends DecisionBy {
  offset: number;
}

export interface ApproveDecision extends DecisionBy {
  gate: string;
  basis: DecisionBasis;
}

export interface AssetDecisions {
  pick?: PickDecision;
  reroll?: RerollDecision;
  approve?: ApproveDecision[];
}

export interface Decisions {
  decisionsVersion: 1;
  /** By asset id; serialised sorted, so a decision is a small git diff. */
  assets: Record<string, AssetDecisions>;
}

export type ReviewCommand =
  | { kind: 'pick'; asset: string; variant: number }
  | { kind: 'reroll'; asset: string }
  | { kind: 'approve'; asset: string; gate?: string };

export const EMPTY_DECISIONS: Decisions = { decisionsVersion: 1, assets: {} };

/** The decision file beside a lockfile: `<lockfile dir>/genops.decisions.json`. */
export function decisionsPath(lockfilePath: string): string {
  return path.join(path.dirname(lockfilePath), DECISIONS_FILE);
}

/** The decision file, or no decisions if there is none yet. */
export async function readDecisions(file: string): Promise<Decisions> {
  return readOrEmpty(file, EMPTY_DECISIONS, parseDecisions);
}

export async function writeDecisions(file: string, decisions: Decisions): Promise<void> {
  await writeFileAtomic(file, serializeDecisions(decisions));
}

/** Parses and checks the shape, naming the file, the place and the fix. */
export function parseDecisions(file: string, text: string): Decisions {
  const data = parseCommittedJson(file, text);
  const root = data as Partial<Decisions> | null;
  if (root?.decisionsVersion !== 1 || !isRecord(root.assets)) {
    throw new InputError({
      file,
      message: 'is not a GenOps decision file (decisionsVersion 1 with an `assets` object)',
      hint: 'write decisions with `genops pick`, `genops reroll` or `genops approve`',
    });
  }
  const problems = Object.entries(root.assets).flatMap(([id, asset]) => assetProblems(id, asset));
  if (problems.length) {
    throw new InputError(
      problems.map(([where, message]) => ({
        file,
        path: where,
        message,
        hint: 'fix the field or remove the decision, then decide again with genops pick/reroll/approve',
      })),
    );
  }
  return root as Decisions;
}

/** [path, message] for each malformed field of one asset's decisions. */
function assetProblems(id: string, asset: unknown): [string, string][] {
  const at = `assets[${JSON.stringify(id)}]`;
  if (!isRecord(asset)) return [[at, 'must be an object']];
  const problems: [string, string][] = [];
  const meta = (where: string, value: unknown) => {
    if (!isRecord(value)) return problems.push([where, 'must be an object']);
    if (!nonEmpty(value.by)) problems.push([`${where}.by`, 'must name who decided']);
    if (!nonEmpty(value.at) || Number.isNaN(Date.parse(value.at as string)))
      problems.push([`${where}.at`, 'must be an ISO date and time']);
    if (value.source !== undefined && typeof value.source !== 'string')
      problems.push([`${where}.source`, 'must be a string']);
    return 0;
  };
  const basis = (where: string, value: unknown) => {
    const b = value as Partial<DecisionBasis> | undefined;
    if (!isRecord(b) || !nonEmpty(b.prompt) || !nonEmpty(b.generator) || !positiveInteger(b.variants))
      problems.push([`${where}.basis`, 'must be {prompt, generator, variants} as genops wrote it']);
  };
  if (asset.pick !== undefined) {
    meta(`${at}.pick`, asset.pick);
    const pick = asset.pick as Partial<PickDecision>;
    if (!positiveInteger(pick?.variant))
      problems.push([`${at}.pick.variant`, 'must be a whole number from 1']);
    basis(`${at}.pick`, pick?.basis);
  }
  if (asset.reroll !== undefined) {
    meta(`${at}.reroll`, asset.reroll);
    if (!positiveInteger((asset.reroll as Partial<RerollDecision>)?.offset))
      problems.push([`${at}.reroll.offset`, 'must be a whole number from 1']);
  }
  if (asset.approve !== undefined) {
    if (!Array.isArray(asset.approve)) problems.push([`${at}.approve`, 'must be a list']);
    else
      asset.approve.forEach((approval: Partial<ApproveDecision>, i) => {
        meta(`${at}.approve[${i}]`, approval);
        if (!nonEmpty(approval?.gate)) problems.push([`${at}.approve[${i}].gate`, 'must name a check']);
        basis(`${at}.approve[${i}]`, approval?.basis);
      });
  }
  return problems;
}

/**
 * Assets sorted by id, every object's keys sorted, approvals sorted by gate, one field per line and a
 * trailing newline: the same decisions are always the same bytes, and one decision is a small diff.
 */
export function serializeDecisions(decisions: Decisions): string {
  const assets: Record<string, AssetDecisions> = {};
  for (const id of Object.keys(decisions.assets).sort()) {
    const asset = decisions.assets[id] as AssetDecisions;
    const approve = asset.approve?.length
      ? [...asset.approve].sort((a, b) => (a.gate < b.gate ? -1 : a.gate > b.gate ? 1 : 0))
      : undefined;
    const tidy = { ...asset, approve };
    if (tidy.pick || tidy.reroll || tidy.approve) assets[id] = sortKeys(tidy);
  }
  return `${JSON.stringify({ decisionsVersion: 1, assets }, null, 2)}\n`;
}

const COMMAND_PREFIX = '/genops';
const USAGE =
  'use `/genops pick ASSET N` (N counts from 1), `/genops reroll ASSET` or `/genops approve ASSET [CHECK]`';

/**
 * The review commands in a comment: lines that start with `/genops `. Other lines are ignored, and
 * so are quoted lines (`>`), fenced code blocks and indented code, so quoting someone's command does
 * not repeat it. A malformed command is an error naming its line and the right form.
 */
export function parseReviewCommands(body: string): { commands: ReviewCommand[]; errors: string[] } {
  const commands: ReviewCommand[] = [];
  const errors: string[] = [];
  let fence: string | undefined;
  body.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fenceMark) {
      if (!fence) fence = fenceMark;
      else if (fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      return;
    }
    if (fence || /^( {4}|\t)/.test(raw)) return;
    const line = raw.trim();
    if (line !== COMMAND_PREFIX && !line.startsWith(`${COMMAND_PREFIX} `)) return;
    const parsed = parseCommandLine(line);
    if (typeof parsed === 'string') errors.push(`line ${index + 1}: \`${clip(line)}\`: ${parsed}`);
    else commands.push(parsed);
  });
  return { commands, errors };
}

/** One `/genops …` line, or why it is malformed. */
function parseCommandLine(line: string): ReviewCommand | string {
  const [, verb, asset, ...rest] = line.split(/\s+/);
  if (!verb) return `no command given; ${USAGE}`;
  const known = ['pick', 'reroll', 'approve'];
  if (!known.includes(verb)) return `unknown command "${clip(verb, 20)}"; ${USAGE}`;
  if (!asset) return `${verb} needs an asset id; ${USAGE}`;
  if (verb === 'pick') {
    const [n, ...extra] = rest;
    if (n === undefined)
      return `pick needs a variant number: \`/genops pick ${clip(asset, 80)} N\` (N counts from 1)`;
    if (!/^[1-9][0-9]{0,5}$/.test(n)) return `"${clip(n, 20)}" is not a variant number; N counts from 1`;
    if (extra.length) return 'pick takes an asset id and a variant number, nothing more';
    return { kind: 'pick', asset, variant: Number(n) };
  }
  if (verb === 'reroll') {
    if (rest.length) return 'reroll takes an asset id only';
    return { kind: 'reroll', asset };
  }
  if (rest.length > 1) return 'approve takes an asset id and at most one check id';
  return rest[0] ? { kind: 'approve', asset, gate: rest[0] } : { kind: 'approve', asset };
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What a review command is checked against: the current plan and, when there is one, its QA. */
export interface ReviewContext {
  assets: readonly PlannedAsset[];
  jobs: readonly Job[];
  /** qa.json of this plan, if QA ran: lets `approve ASSET` find the failed gates, and `pick` refuse a broken variant. */
  qa?: Pick<QaReport, 'jobs'>;
  by: string;
  /** ISO time; default now. */
  at?: string;
  /** Where the decision came from, e.g. the PR comment's URL. */
  source?: string;
}

export type ReviewOutcome =
  | { ok: true; decisions: Decisions; message: string }
  | { ok: false; decisions: Decisions; error: string };

/**
 * Applies one command to the decisions (a new object; the input is not changed). An error names
 * what is wrong and what to do; the decisions are then returned unchanged.
 */
export function applyReviewCommand(
  decisions: Decisions,
  command: ReviewCommand,
  context: ReviewContext,
): ReviewOutcome {
  const fail = (error: string): ReviewOutcome => ({ ok: false, decisions, error });
  const asset = context.assets.find((a) => a.id === command.asset);
  if (!asset) return fail(unknownAsset(command.asset, context.assets));
  if (!nonEmpty(context.by)) return fail('no reviewer named; pass --by NAME');
  const by: DecisionBy = {
    by: context.by,
    at: context.at ?? new Date().toISOString(),
    ...(context.source ? { source: context.source } : {}),
  };
  const jobs = candidatesOf(asset, context.jobs);
  const next = structuredClone(decisions);
  const current = next.assets[asset.id] ?? {};
  next.assets[asset.id] = current;
  if (command.kind === 'reroll') {
    const offset = (current.reroll?.offset ?? 0) + 1;
    const dropped = [current.pick && 'pick', current.approve?.length && 'approvals'].filter(Boolean);
    next.assets[asset.id] = { reroll: { ...by, offset } };
    const also = dropped.length
      ? `; its ${dropped.join(' and ')} applied to the old candidates and were removed`
      : '';
    return {
      ok: true,
      decisions: next,
      message: `${asset.id}: new candidates asked for (seed offset ${offset}); rerun to generate them${also}`,
    };
  }
  if (command.kind === 'pick') {
    const outcome = pickOutcome(asset, jobs, command.variant, context);
    if ('error' in outcome) return fail(outcome.error);
    const basis = pickBasis(asset, jobs, command.variant);
    // The same pick again keeps its first record: a repeated command is no churn in git.
    if (!sameDecision(current.pick, { ...by, variant: command.variant, basis }))
      current.pick = { ...by, variant: command.variant, basis };
    return { ok: true, decisions: next, message: outcome.message };
  }
  const gates = approvedGates(asset, jobs, command.gate, context);
  if ('error' in gates) return fail(gates.error);
  const basis = approveBasis(asset, jobs);
  const fresh = gates.list.map((gate) => ({ ...by, gate, basis }));
  const unchanged = (current.approve ?? []).filter((a) =>
    fresh.some((f) => f.gate === a.gate && sameDecision(a, f)),
  );
  const kept = (current.approve ?? []).filter((a) => !gates.list.includes(a.gate));
  current.approve = [
    ...kept,
    ...unchanged,
    ...fresh.filter((f) => !unchanged.some((u) => u.gate === f.gate)),
  ];
  return {
    ok: true,
    decisions: next,
    message: `${asset.id}: ${gates.list.join(', ')} approved by ${context.by}; rerun to apply`,
  };
}

/** Whether a recorded decision says the same as a new one, apart from when it was made and where. */
function sameDecision<T extends DecisionBy>(recorded: T | undefined, next: T): boolean {
  if (!recorded) return false;
  const strip = ({ at: _at, source: _source, ...rest }: T) => rest;
  return contentKey(strip(recorded)) === contentKey(strip(next));
}

/** Applies every command of a comment in order; each one's message or error, in order. */
export function applyReviewComment(
  decisions: Decisions,
  body: string,
  context: ReviewContext,
): { decisions: Decisions; messages: string[]; errors: string[] } {
  const { commands, errors } = parseReviewCommands(body);
  const messages: string[] = [];
  let current = decisions;
  for (const command of commands) {
    const outcome = applyReviewCommand(current, command, context);
    if (outcome.ok) {
      current = outcome.decisions;
      messages.push(outcome.message);
    } else errors.push(outcome.error);
  }
  return { decisions: current, messages, errors };
}

/** Whether the pick can be recorded, and what to tell the reviewer. */
function pickOutcome(
  asset: PlannedAsset,
  jobs: Job[],
  variant: number,
  context: ReviewContext,
): { message: string } | { error: string } {
  if (!Number.isInteger(variant) || variant < 1 || variant > jobs.length) {
    return {
      error: `${asset.id} has ${jobs.length} variant${jobs.length === 1 ? '' : 's'} (1–${jobs.length}); pick one of those, or raise \`variants\` in the manifest`,
    };
  }
  const picked = context.qa?.jobs[(jobs[variant - 1] as Job).key];
  const message = `${asset.id}: variant ${variant} picked by ${context.by}; rerun to ship it`;
  if (!picked) return { message };
  const failed = picked.checks.filter((c) => !c.passed && (c.severity === 'gate' || c.severity === 'policy'));
  const hard = failed.filter((c) => !isOverridable(asset, c.id, c.severity));
  if (hard.length) {
    const list = hard.map((c) => `${c.id}${c.reason ? ` (${c.reason})` : ''}`).join('; ');
    return {
      error: `${asset.id} variant ${variant} failed ${list}, which cannot be overridden; pick another variant or reroll`,
    };
  }
  if (failed.length) {
    const ids = [...new Set(failed.map((c) => c.id))];
    return {
      message: `${message}; it fails ${ids.join(', ')}, so it ships only once approved: \`/genops approve ${asset.id}\``,
    };
  }
  return { message };
}

/** The gates an approve names: the given one if overridable, else every overridable gate that failed. */
function approvedGates(
  asset: PlannedAsset,
  jobs: Job[],
  gate: string | undefined,
  context: ReviewContext,
): { list: string[] } | { error: string } {
  const allowed = asset.gates.overridable ?? [];
  if (gate !== undefined) {
    if (!(OVERRIDABLE_CHECKS as readonly string[]).includes(gate)) {
      return {
        error: `"${clip(gate, 40)}" cannot be approved: only ${OVERRIDABLE_CHECKS.join(', ')} can be; policy checks never`,
      };
    }
    if (!allowed.includes(gate as (typeof allowed)[number])) {
      return { error: overrideNotAllowed(asset, gate) };
    }
    return { list: [gate] };
  }
  if (!context.qa) {
    // No QA of this plan here (e.g. a fresh CI checkout): "approve the asset" is every check the
    // manifest lets a reviewer override for it; each applies only where that check fails.
    if (allowed.length) return { list: [...allowed].sort() };
    return { error: overrideNotAllowed(asset, 'any check') };
  }
  const failed = new Set(
    jobs.flatMap(
      (job) =>
        context.qa?.jobs[job.key]?.checks
          .filter((c) => !c.passed && c.severity === 'gate')
          .map((c) => c.id) ?? [],
    ),
  );
  const list = [...failed].filter((id) => allowed.includes(id as (typeof allowed)[number])).sort();
  if (list.length) return { list };
  if (failed.size) return { error: overrideNotAllowed(asset, [...failed].sort().join(', ')) };
  return { error: `${asset.id} failed no gate; nothing to approve` };
}

function overrideNotAllowed(asset: PlannedAsset, gate: string): string {
  return `the manifest does not allow overriding ${gate} for ${asset.id}; list it under \`qa.overridable\` (of the asset or defaults) if a reviewer may approve it`;
}

/** Whether a failed check of this asset may be approved: an overridable gate the manifest allows, never policy. */
export function isOverridable(asset: PlannedAsset, checkId: string, severity: string): boolean {
  return (
    severity === 'gate' &&
    (OVERRIDABLE_CHECKS as readonly string[]).includes(checkId) &&
    (asset.gates.overridable ?? []).some((id) => id === checkId)
  );
}

function unknownAsset(id: string, assets: readonly PlannedAsset[]): string {
  const near = assets
    .map((a) => a.id)
    .filter((a) => a.startsWith(id.split('/')[0] ?? id))
    .slice(0, 5);
  const hint = near.length
    ? `; did you mean ${near.join(', ')}?`
    : '; use an id from the report or `genops plan --json`';
  return `no asset "${clip(id, 80)}" in the manifest${hint}`;
}

/** The asset's candidate jobs, in variant order. */
export function candidatesOf(asset: PlannedAsset, jobs: readonly Job[] | ReadonlyMap<string, Job>): Job[] {
  const byKey = jobs instanceof Map ? jobs : new Map((jobs as readonly Job[]).map((j) => [j.key, j]));
  return asset.jobs.map((key) => byKey.get(key)).filter((j): j is Job => j !== undefined);
}

/** What any decision about the asset rests on: its prompts, generator and number of variants. */
export function assetBasis(asset: PlannedAsset, jobs: Job[]): DecisionBasis {
  const first = jobs[0];
  return {
    prompt: contentKey({
      prompt: first?.request.prompt ?? '',
      negative: first?.request.negativePrompt ?? '',
      original: first?.optimized?.original,
    }),
    generator: first ? `${first.generator} (${first.backend.type} ${first.backend.model})` : '',
    variants: asset.jobs.length,
  };
}

export function pickBasis(asset: PlannedAsset, jobs: Job[], variant: number): DecisionBasis {
  return { ...assetBasis(asset, jobs), job: jobs[variant - 1]?.key };
}

export function approveBasis(asset: PlannedAsset, jobs: Job[]): DecisionBasis {
  return { ...assetBasis(asset, jobs), jobs: contentKey(jobs.map((j) => j.key)) };
}

/**
 * Why a decision made on `recorded` no longer applies to the asset as planned now, or undefined when
 * it still does. The first difference is named, in the reviewer's terms.
 */
export function staleBecause(recorded: DecisionBasis, now: DecisionBasis): string | undefined {
  if (recorded.prompt !== now.prompt) return 'the prompt changed';
  if (recorded.variants !== now.variants)
    return `the manifest's variants changed from ${recorded.variants} to ${now.variants}`;
  if (recorded.generator !== now.generator) return `the generator changed to ${now.generator}`;
  if (recorded.job !== undefined && recorded.job !== now.job)
    return 'that variant is a new image now (its seed, size, model or settings changed)';
  if (recorded.jobs !== undefined && recorded.jobs !== now.jobs)
    return 'its candidates are new images now (seed, size, model or settings changed)';
  return undefined;
}

/** The decisions of one asset as they apply to the current plan. */
export interface EffectiveDecisions {
  /** The picked candidate (0-based index into the asset's jobs) when the pick still applies. */
  pick?: { decision: PickDecision; key: string };
  /** Approvals that still apply. */
  approvals: ApproveDecision[];
  reroll?: RerollDecision;
  /** Decisions that no longer apply, each saying why and what to do. */
  notes: string[];
}

/** Which of an asset's recorded decisions still apply to the plan (pure; QA applies them). */
export function effectiveDecisions(
  asset: PlannedAsset,
  jobs: Job[],
  recorded: AssetDecisions | undefined,
): EffectiveDecisions {
  const out: EffectiveDecisions = { approvals: [], notes: [], reroll: recorded?.reroll };
  if (!recorded) return out;
  if (recorded.pick) {
    const { variant, by } = recorded.pick;
    const why = staleBecause(recorded.pick.basis, pickBasis(asset, jobs, variant));
    const key = jobs[variant - 1]?.key;
    if (why || !key) {
      out.notes.push(
        `pick of ${asset.id} variant ${variant} by ${by} no longer applies: ${why ?? 'that variant is gone'}; pick again`,
      );
    } else out.pick = { decision: recorded.pick, key };
  }
  for (const approval of recorded.approve ?? []) {
    const why = staleBecause(approval.basis, approveBasis(asset, jobs));
    if (why) {
      out.notes.push(
        `approval of ${approval.gate} for ${asset.id} by ${approval.by} no longer applies: ${why}; approve again`,
      );
    } else if (!(asset.gates.overridable ?? []).some((id) => id === approval.gate)) {
      out.notes.push(
        `approval of ${approval.gate} for ${asset.id} by ${approval.by} is not applied: the manifest no longer lists it under qa.overridable`,
      );
    } else out.approvals.push(approval);
  }
  return out;
}

/** Reroll offsets by asset id, for the planner. */
export function rerollOffsets(decisions: Decisions): Map<string, number> {
  const offsets = new Map<string, number>();
  for (const [id, asset] of Object.entries(decisions.assets)) {
    if (asset.reroll?.offset) offsets.set(id, asset.reroll.offset);
  }
  return offsets;
}

/** A job's checks with the approved failed gates turned into passes that say who approved them. */
export function applyApprovals(job: JobQa, asset: PlannedAsset, approvals: ApproveDecision[]): JobQa {
  if (!approvals.length) return job;
  const checks = job.checks.map((check) => {
    const approval = approvals.find((a) => a.gate === check.id);
    if (check.passed || !approval || !isOverridable(asset, check.id, check.severity)) return check;
    const { by, at, source } = approval;
    return { ...check, passed: true, approvedBy: { by, at, ...(source ? { source } : {}) } };
  });
  const verdict = checks.every((c) => c.passed || c.severity === 'info') ? 'pass' : 'fail';
  return { ...job, checks, verdict };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
