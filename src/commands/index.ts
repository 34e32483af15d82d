/**
 * The commands both doors call: the CLI parses argv into these options, the action's steps read
 * their inputs into them. Each command runs its layer(s) on one run folder and says whether a
 * gate failed; exit codes, printing and annotations belong to the caller.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, InputError, UsageError } from '../core/errors.js';
import type { DeliverMode, DeliveryResult, Plan, QaReport, ReportData, Synthesis } from '../core/model.js';
import { type ContextOptions, createContext, type LayerContext } from '../layers/context.js';
import type { DeliverOptions } from '../layers/deliver.js';
import { runPath } from '../layers/run-folder.js';
import type { VerifyResult } from '../layers/verify.js';
import type { HistoryEntry } from '../lockfile/history.js';
import type { MergeResult } from '../store/merge.js';

export { parseShard, parseShardCount, shardMatrix } from '../plan/shards.js';

/**
 * Each layer's module, loaded by the commands that run it: a command pays only for its own layers
 * (all of them at once cost `genops qa` 55 ms of start-up, measured; the plan layer alone brings
 * yaml's 72 modules and ajv).
 */
const layers = {
  plan: () => import('../layers/plan.js'),
  synthesize: () => import('../layers/synthesize.js'),
  qa: () => import('../layers/qa.js'),
  deliver: () => import('../layers/deliver.js'),
  report: () => import('../layers/report.js'),
  verify: () => import('../layers/verify.js'),
  fingerprint: () => import('../layers/fingerprint.js'),
  merge: () => import('../store/merge.js'),
};

/** Where a command works and how it talks: manifest, run folder, state folder, lockfile, env, log. */
export type CommandOptions = ContextOptions;

export interface CommandResult<T> {
  result: T;
  /** A gate failed (or a job failed) on what was produced: the run is not shippable as is. */
  gateFailed: boolean;
  /** Ctrl-C / SIGTERM arrived: what was done is saved, the rest was not started. */
  interrupted: boolean;
  /**
   * Jobs a back end could not produce (unreachable, failing after retries, timed out, refusing the
   * key): the run did not make what it was asked, which a rerun may fix — unlike a failed gate.
   */
  incomplete: boolean;
}

export interface DeliverCommandOptions extends CommandOptions {
  mode?: DeliverMode;
  /** With `locked`: publish the lockfile as it was at this git commit (rollback). */
  ref?: string;
  /** With `locked`: where the lockfile is stale, generate and gate as a full run would. */
  allowGenerate?: boolean;
}

export interface RunCommandOptions extends CommandOptions {
  /** `publish` (default) or `stage`; a run always generates, so never `locked`. */
  mode?: Exclude<DeliverMode, 'locked'>;
}

export interface HistoryCommandOptions extends CommandOptions {
  assetId: string;
}

function done<T>(ctx: LayerContext, result: T, gateFailed: boolean, incomplete = false): CommandResult<T> {
  return { result, gateFailed, interrupted: ctx.signal.aborted, incomplete };
}

/**
 * Jobs that failed for want of a working back end. A policy refusal and a stop over
 * `limits.maxCostUsd` are verdicts (exit 1), not faults.
 */
export function unproducedJobs(synthesis: Synthesis): number {
  return Object.values(synthesis.entries).filter(
    (e) =>
      e.status === 'failed' && !['policy', 'cancelled', 'budget'].includes(e.failure?.kind ?? 'permanent'),
  ).length;
}

/** Layer 1: manifest → plan.json. */
export async function plan(options: CommandOptions): Promise<CommandResult<Plan>> {
  const ctx = createContext(options);
  const { planLayer } = await layers.plan();
  return done(ctx, await ctx.log.group('plan', () => planLayer(ctx)), false);
}

export interface SynthesizeCommandOptions extends CommandOptions {
  /** Also write what this run made (blobs, job records, refusals) to this folder: a shard's artifact. */
  exportDir?: string;
}

/** Layer 2: plan.json → synthesis.json; a job that failed fails the command's gate. */
export async function synthesize(options: SynthesizeCommandOptions): Promise<CommandResult<Synthesis>> {
  const ctx = createContext(options);
  const { synthesizeLayer } = await layers.synthesize();
  const synthesis = await ctx.log.group('synthesize', () => synthesizeLayer(ctx));
  if (options.exportDir) await exportMade(ctx, synthesis, options.exportDir);
  return done(ctx, synthesis, synthesis.counts.failed > 0, unproducedJobs(synthesis) > 0);
}

/** The jobs this run did not find cached (made, or refused), exported for the merge. */
async function exportMade(ctx: LayerContext, synthesis: Synthesis, dir: string): Promise<void> {
  const keys = Object.values(synthesis.entries)
    .filter((e) => e.status !== 'cached')
    .map((e) => e.key);
  const { exportJobs } = await layers.merge();
  const made = await exportJobs(ctx.workspace.paths.root, dir, keys);
  ctx.log.info(
    `export: ${made.blobs} new blobs (${Math.ceil(made.bytes / 1024)} KiB), ${made.records} job records, ${made.refusals} refusals → ${dir}`,
  );
}

/** Layer 3: synthesis.json → qa.json, and the report of the run so far. */
export async function qa(options: CommandOptions): Promise<CommandResult<QaReport>> {
  const ctx = createContext(options);
  const [{ qaLayer }, { reportLayer }] = await Promise.all([layers.qa(), layers.report()]);
  const report = await ctx.log.group('qa', () => qaLayer(ctx));
  await reportLayer(ctx);
  return done(ctx, report, report.counts.failed > 0);
}

/** Layer 4: qa.json → delivered files, assets.json, genops.lock (or, `locked`, what the lockfile names). */
export async function deliver(
  options: DeliverCommandOptions,
): Promise<CommandResult<DeliveryResult | ReportData>> {
  const ctx = createContext(options);
  const [{ deliverLayer }, { reportLayer }] = await Promise.all([layers.deliver(), layers.report()]);
  const layerOptions: DeliverOptions = { mode: options.mode, ref: options.ref };
  if (options.mode === 'locked' && options.allowGenerate && !options.ref) {
    // Deploy what the lockfile names; where it is stale, generate and gate as a full run would.
    const { planLayer } = await layers.plan();
    await planLayer(ctx);
    try {
      const delivery = await ctx.log.group('deliver', () => deliverLayer(ctx, layerOptions));
      return done(ctx, delivery, delivery.failed.length > 0);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.log.warn(`lockfile is stale; generating as allowed by --allow-generate:\n${error.message}`);
      return runLayers(ctx, 'publish');
    }
  }
  const delivery = await ctx.log.group('deliver', () => deliverLayer(ctx, layerOptions));
  await reportLayer(ctx);
  return done(ctx, delivery, delivery.failed.length > 0);
}

/** report.json and report.md from whatever layers have run. */
export async function report(options: CommandOptions): Promise<CommandResult<ReportData>> {
  const ctx = createContext(options);
  const { reportLayer } = await layers.report();
  const data = await reportLayer(ctx);
  return done(ctx, data, data.gate === 'fail');
}

/** Where the report command writes the review gallery (report.html). */
export function galleryFile(options: CommandOptions): string {
  return path.resolve(runPath(createContext(options).runDir, 'reportHtml'));
}

/** All four layers and the report. */
export async function run(options: RunCommandOptions): Promise<CommandResult<ReportData>> {
  return runLayers(createContext(options), options.mode ?? 'publish', { fingerprint: true });
}

/** With `fingerprint`, a run certain to repeat is recorded, so that its rerun can stop at once (commands/rerun.ts). */
async function runLayers(
  ctx: LayerContext,
  mode: DeliverMode,
  { fingerprint = false } = {},
): Promise<CommandResult<ReportData>> {
  const { log } = ctx;
  const [{ planLayer }, { synthesizeLayer }, { qaLayer }, { deliverLayer }, { reportLayer }] =
    await Promise.all([layers.plan(), layers.synthesize(), layers.qa(), layers.deliver(), layers.report()]);
  const planned = await log.group('plan', () => planLayer(ctx));
  const synthesis = await log.group('synthesize', () => synthesizeLayer(ctx));
  // Interrupted, or over limits.maxCostUsd (nothing was generated): report what is known, gate failed.
  if (ctx.signal.aborted || synthesis.cost?.stopped) return done(ctx, await reportLayer(ctx), true);
  const checked = await log.group('qa', () => qaLayer(ctx));
  await log.group('deliver', () => deliverLayer(ctx, { mode }));
  const data = await reportLayer(ctx);
  log.info(`report: ${ctx.runDir}/report.md, gallery ${ctx.runDir}/report.html — gate ${data.gate}`);
  if (fingerprint && !ctx.signal.aborted) {
    // Only a shortcut for next time: failing to record it fails nothing.
    const { recordCompleteRun } = await layers.fingerprint();
    await recordCompleteRun(ctx, mode, { plan: planned, synthesis, qa: checked, report: data }).catch(
      (error) => log.warn(`could not record the run's fingerprint: ${errorMessage(error)}`),
    );
  }
  return done(ctx, data, data.gate !== 'pass', unproducedJobs(synthesis) > 0);
}

/** An asset's versions from the lockfile's git history, newest first. */
export async function history(options: HistoryCommandOptions): Promise<CommandResult<HistoryEntry[]>> {
  const ctx = createContext(options);
  const { lockfileHistory } = await import('../lockfile/history.js');
  const lockfile = path.resolve(ctx.lockfilePath);
  const entries = await lockfileHistory(path.dirname(lockfile), lockfile, options.assetId);
  if (!entries.length) ctx.log.info(`no history for "${options.assetId}" in ${ctx.lockfilePath}`);
  return done(ctx, entries, false);
}

/**
 * Checks the blob store, the caches and the delivered files against the lockfile; repairs what it
 * can (quarantine, re-deliver from the store, drop cache records); what remains fails the command.
 */
export async function verify(options: CommandOptions): Promise<CommandResult<VerifyResult>> {
  const ctx = createContext(options);
  const [{ planLayer }, { verifyLayer }] = await Promise.all([layers.plan(), layers.verify()]);
  await ctx.log.group('plan', () => planLayer(ctx));
  const result = await ctx.log.group('verify', () => verifyLayer(ctx));
  return done(ctx, result, result.problems.length > 0);
}

export interface MergeCommandOptions extends CommandOptions {
  /** Shard state folders to merge into this command's state folder (`--state`). */
  sources: string[];
}

/** Shard state folders → one: blobs verified by hash and copied, job records united (issue 14). */
export async function merge(options: MergeCommandOptions): Promise<CommandResult<MergeResult>> {
  if (!options.stateDir) throw new UsageError('merge needs --state DIR: the state folder to merge into');
  if (!options.sources.length)
    throw new UsageError('merge needs the shard state folders: genops merge --state DIR SRC…');
  for (const source of options.sources) {
    if (!(await stat(source).catch(() => undefined))?.isDirectory())
      throw new UsageError(`merge: ${source} is not a folder (a shard's --state folder)`);
  }
  const ctx = createContext(options);
  const { mergeStates } = await layers.merge();
  const result = await mergeStates(ctx.workspace.paths.root, options.sources);
  ctx.log.info(
    `merge: ${result.blobsCopied} blobs copied (${result.blobsPresent} present), ${result.recordsAdded} job records added (${result.recordsPresent} present)`,
  );
  for (const blob of result.blobsCorrupt)
    ctx.log.warn(`merge: blob ${blob} does not match its hash; not copied`);
  for (const key of result.recordsRejected)
    ctx.log.warn(`merge: job ${key} has no intact blob; its record was skipped`);
  return done(ctx, result, result.blobsCorrupt.length + result.recordsRejected.length > 0);
}
