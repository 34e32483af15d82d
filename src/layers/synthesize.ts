import { errorMessage } from '../core/errors.js';
import type {
  GeneratorConfig,
  Job,
  JobFailure,
  Plan,
  Synthesis,
  SynthesisCost,
  SynthesisEntry,
} from '../core/model.js';
import { type CallOutcome, createCaller, type JobCaller } from '../generators/caller.js';
import type { Generator } from '../generators/generator.js';
import { createGenerator } from '../generators/index.js';
import { asMade, estimateCost } from '../plan/prices.js';
import { assignShards, type ShardRef } from '../plan/shards.js';
import { describeCost, formatUsd } from '../report/cost.js';
import { sweepStaleTemps } from '../store/sweep.js';
import { type CacheEntry, lookupCached, type RefusedEntry } from '../store/workspace.js';
import { baseDirOf, type LayerContext } from './context.js';
import { prepareImageBatch } from './image-runtime.js';
import { readRunFile, startTimer, writeRunFile } from './run-folder.js';
import { useSharedStore } from './store.js';

/** Test seam: how back ends are built (the CLI always uses the registry). */
export type GeneratorBuilder = (name: string, config: GeneratorConfig) => Generator | Promise<Generator>;

/**
 * Layer 2: plan.json → synthesis.json. Cached jobs cost nothing; the rest go to their back ends in
 * parallel under each back end's limits. A blob is stored before its cache record, so a crash at
 * any point leaves either a complete entry or none. Ctrl-C stops new calls, keeps finished ones.
 */
export async function synthesizeLayer(ctx: LayerContext, build?: GeneratorBuilder): Promise<Synthesis> {
  const stop = startTimer();
  const planned = await readRunFile(ctx.runDir, 'plan');
  await useSharedStore(ctx, planned);
  const swept = await sweepStaleTemps(ctx.workspace.paths);
  if (swept) ctx.log.info(`store: removed ${swept} temporary file(s) left by killed runs`);
  const plan = ctx.shard ? onlyShard(ctx, planned, ctx.shard) : planned;
  const entries: Record<string, SynthesisEntry> = {};

  const pending: Job[] = [];
  await Promise.all(
    plan.jobs.map(async (job) => {
      const blocked = job.policy?.filter((c) => !c.passed);
      if (blocked?.length) {
        // Stopped by the prompt policy at plan time: no back end is called, nothing is paid.
        const message = blocked.map((c) => c.reason ?? c.id).join('; ');
        entries[job.key] = {
          key: job.key,
          status: 'failed',
          failure: { kind: 'policy', message, attempts: 0 },
          attempts: 0,
          durationMs: 0,
        };
        return;
      }
      const t0 = performance.now();
      const hit = await lookupCached(ctx.workspace, job.key, (problem) =>
        ctx.log.warn(`cache: job ${job.asset}#${job.variant}: ${problem}`),
      );
      if (hit) entries[job.key] = fromCache(hit, performance.now() - t0);
      else {
        const refused = ctx.retryRefused ? undefined : await ctx.workspace.refused.get(job.key);
        if (refused) entries[job.key] = refusedBefore(refused);
        else pending.push(job);
      }
    }),
  );
  const blockedCount =
    Object.keys(entries).length - plan.jobs.filter((j) => entries[j.key]?.status === 'cached').length;
  ctx.log.info(
    `synthesize: ${plan.jobs.length - pending.length - blockedCount} cached, ${blockedCount} blocked by policy, ${pending.length} to generate`,
  );

  const held = budget(ctx, plan, pending);
  let rateLimits: Awaited<ReturnType<typeof generateAll>> = {};
  if (held.stopped) stopAll(pending, entries, held);
  else if (pending.length) {
    await prepareImageBatch();
    rateLimits = await generateAll(ctx, plan, pending, entries, build);
  }
  const made = plan.jobs.filter((job) => entries[job.key]?.status === 'generated');
  const spent = estimateCost(
    made.map((job) => asMade(job, entries[job.key]?.facts)),
    plan.prices,
  );
  const cost: SynthesisCost = { ...held, spent };

  const ordered = Object.fromEntries(plan.jobs.map((job) => [job.key, entries[job.key] as SynthesisEntry]));
  const values = Object.values(ordered);
  const synthesis: Synthesis = {
    schema: 'genops/synthesis@1',
    manifestHash: plan.manifestHash,
    entries: ordered,
    counts: {
      jobs: values.length,
      generated: values.filter((e) => e.status === 'generated').length,
      cached: values.filter((e) => e.status === 'cached').length,
      failed: values.filter((e) => e.status === 'failed').length,
    },
    cost,
    timings: stop(),
    ...(Object.keys(rateLimits).length ? { rateLimits } : {}),
  };
  await writeRunFile(ctx.runDir, 'synthesis', synthesis);
  const { generated, cached, failed } = synthesis.counts;
  ctx.log.info(
    `synthesize: ${generated} generated, ${cached} cached, ${failed} failed (${synthesis.timings.durationMs} ms)`,
  );
  const notStarted = values.filter((e) => e.failure?.kind === 'cancelled' && e.attempts === 0).length;
  if (notStarted)
    ctx.log.warn(`synthesize: interrupted; ${notStarted} job(s) not started: rerun to make them`);
  return synthesis;
}

async function generateAll(
  ctx: LayerContext,
  plan: Plan,
  pending: Job[],
  entries: Record<string, SynthesisEntry>,
  build: GeneratorBuilder = (name, config) =>
    createGenerator({ name, config, baseDir: baseDirOf(ctx), env: ctx.env }),
): Promise<NonNullable<Synthesis['rateLimits']>> {
  const byGenerator = new Map<string, Job[]>();
  for (const job of pending) {
    const jobs = byGenerator.get(job.generator);
    if (jobs) jobs.push(job);
    else byGenerator.set(job.generator, [job]);
  }
  const callers = new Map<string, JobCaller>();
  let done = 0;
  const tick = () => ctx.log.progress('generating', ++done, pending.length);
  const fail = (job: Job, message: string, kind: 'permanent' | 'cancelled') => {
    const failure = { kind, message, attempts: 0 };
    entries[job.key] = { key: job.key, status: 'failed', failure, attempts: 0, durationMs: 0 };
    tick();
  };

  for (const [name, jobs] of byGenerator) {
    try {
      const generator = await build(name, plan.generators[name] as GeneratorConfig);
      await generator.preflight?.(jobs, { signal: ctx.signal });
      callers.set(name, createCaller(generator));
    } catch (error) {
      ctx.log.error(`generator "${name}": ${errorMessage(error)}`);
      for (const job of jobs)
        fail(job, `generator "${name}" unavailable: ${errorMessage(error)}`, 'permanent');
    }
  }

  await Promise.all(
    pending.map(async (job) => {
      const caller = callers.get(job.generator);
      if (!caller) return;
      const outcome = await caller.call(job, ctx.signal);
      entries[job.key] = await settle(ctx, job, outcome, caller);
      tick();
    }),
  );
  return summarizeCallers(ctx, callers, pending, entries);
}

/** One job's outcome → its entry: the image stored (blob before record), or the failure said once. */
async function settle(
  ctx: LayerContext,
  job: Job,
  outcome: CallOutcome,
  caller: JobCaller,
): Promise<SynthesisEntry> {
  const base = { key: job.key, attempts: outcome.attempts, durationMs: Math.round(outcome.durationMs) };
  if (!outcome.result) {
    const failure = outcome.failure;
    if (failure?.kind === 'policy' && outcome.attempts > 0) await rememberRefusal(ctx, job, failure);
    // After a bad key the back end is stopped: one message for all its jobs (summarizeCallers).
    const badKey = caller.stoppedBy?.() && (failure?.status === 401 || failure?.status === 403);
    // Jobs an interrupt kept from starting are counted once at the end, not a line each.
    const notStarted = failure?.kind === 'cancelled' && outcome.attempts === 0;
    if (!outcome.notSent && !badKey && !notStarted)
      ctx.log.warn(`job ${job.asset}#${job.variant} failed (${failure?.kind}): ${failure?.message}`);
    return { ...base, status: 'failed', failure };
  }
  try {
    const blob = await ctx.workspace.blobs.put(outcome.result.bytes);
    const record: CacheEntry = {
      key: job.key,
      blob,
      mediaType: outcome.result.mediaType,
      bytes: outcome.result.bytes.length,
      facts: outcome.result.facts,
      createdAt: new Date().toISOString(),
    };
    await ctx.workspace.jobs.set(job.key, record);
    return {
      ...base,
      status: 'generated',
      blob,
      mediaType: record.mediaType,
      bytes: record.bytes,
      facts: record.facts,
    };
  } catch (error) {
    ctx.log.warn(`job ${job.asset}#${job.variant}: storing the image failed: ${errorMessage(error)}`);
    return {
      ...base,
      status: 'failed',
      failure: {
        kind: 'permanent',
        message: `storing the image failed: ${errorMessage(error)}`,
        attempts: outcome.attempts,
      },
    };
  }
}

/** Per generator: one line for a bad key, one for the 429s met; the figures for synthesis.json. */
function summarizeCallers(
  ctx: LayerContext,
  callers: Map<string, JobCaller>,
  pending: Job[],
  entries: Record<string, SynthesisEntry>,
): NonNullable<Synthesis['rateLimits']> {
  const rateLimits: NonNullable<Synthesis['rateLimits']> = {};
  for (const [name, caller] of callers) {
    const stoppedBy = caller.stoppedBy?.();
    if (stoppedBy) {
      const failed = pending.filter((j) => j.generator === name && entries[j.key]?.status === 'failed');
      ctx.log.error(
        `generator "${name}": ${stoppedBy} — stopped; ${failed.length} job(s) not generated. Fix the key and rerun.`,
      );
    }
    const stats = caller.stats?.();
    if (!stats) continue;
    rateLimits[name] = { ...stats, waitedMs: Math.round(stats.waitedMs) };
    if (stats.rateLimited)
      ctx.log.info(
        `generator "${name}": ${stats.rateLimited} of ${stats.requests} requests answered 429; waited ${Math.round(stats.waitedMs)} ms for them`,
      );
  }
  return rateLimits;
}

async function rememberRefusal(ctx: LayerContext, job: Job, failure: JobFailure): Promise<void> {
  const entry: RefusedEntry = {
    key: job.key,
    generator: job.generator,
    message: failure.message,
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    refusedAt: new Date().toISOString(),
  };
  try {
    await ctx.workspace.refused.set(job.key, entry);
  } catch (error) {
    // Remembering saves money next time; failing to is no reason to fail this run.
    ctx.log.warn(`could not remember the refusal of ${job.asset}#${job.variant}: ${errorMessage(error)}`);
  }
}

/** A job whose prompt the provider refused on an earlier run: not sent again, unless asked. */
function refusedBefore(refused: RefusedEntry): SynthesisEntry {
  const message = `refused by generator "${refused.generator}" on ${refused.refusedAt}: ${refused.message} (not sent again; change the prompt, or rerun with --retry-refused)`;
  return {
    key: refused.key,
    status: 'failed',
    failure: { kind: 'policy', message, attempts: 0, ...(refused.status ? { status: refused.status } : {}) },
    attempts: 0,
    durationMs: 0,
  };
}

/**
 * The estimate of what this run is about to pay for (the cache misses), held to
 * `limits.maxCostUsd`: above it, or with a paid job no price row knows, nothing is generated.
 */
function budget(ctx: LayerContext, plan: Plan, pending: Job[]): Omit<SynthesisCost, 'spent'> {
  const estimate = estimateCost(pending, plan.prices);
  const limitUsd = plan.maxCostUsd;
  const over = limitUsd !== undefined && (estimate.usd > limitUsd || estimate.unpriced > 0);
  if (!over) {
    if (pending.length) ctx.log.info(`synthesize: estimated cost ${describeCost(estimate)}`);
    return { estimate, limitUsd, stopped: false };
  }
  ctx.log.error(
    `synthesize: estimated cost ${describeCost(estimate)} exceeds limits.maxCostUsd ${formatUsd(limitUsd)}${estimate.unpriced ? ' (a job with no price cannot be held to a limit: add it under prices:)' : ''}; nothing was generated`,
  );
  return { estimate, limitUsd, stopped: true };
}

/** Over budget: every job that would have been paid for fails as `budget`, none is started. */
function stopAll(
  pending: Job[],
  entries: Record<string, SynthesisEntry>,
  cost: Omit<SynthesisCost, 'spent'>,
): void {
  const message = `not generated: the run's estimated cost ${formatUsd(cost.estimate.usd)}${cost.estimate.unpriced ? ` (+${cost.estimate.unpriced} unpriced jobs)` : ''} exceeds limits.maxCostUsd ${formatUsd(cost.limitUsd ?? 0)}`;
  for (const job of pending) {
    const failure = { kind: 'budget' as const, message, attempts: 0 };
    entries[job.key] = { key: job.key, status: 'failed', failure, attempts: 0, durationMs: 0 };
  }
}

function fromCache(hit: CacheEntry, durationMs: number): SynthesisEntry {
  return {
    key: hit.key,
    status: 'cached',
    blob: hit.blob,
    mediaType: hit.mediaType,
    bytes: hit.bytes,
    facts: hit.facts,
    attempts: 0,
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

/** The plan narrowed to one shard's jobs: the assignment plan.json recorded, or the same rule anew. */
function onlyShard(ctx: LayerContext, plan: Plan, shard: ShardRef): Plan {
  const recorded = plan.shards?.count === shard.count ? plan.shards.assignment : undefined;
  const assignment =
    recorded ??
    assignShards(
      plan.jobs.map((j) => j.key),
      shard.count,
    );
  const jobs = plan.jobs.filter((job) => assignment[job.key] === shard.index);
  ctx.log.info(`synthesize: shard ${shard.index}/${shard.count}: ${jobs.length} of ${plan.jobs.length} jobs`);
  return { ...plan, jobs };
}
