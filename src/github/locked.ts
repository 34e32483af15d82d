import { stat } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import type {
  AssetQa,
  JobQa,
  LockedAsset,
  Plan,
  QaReport,
  Synthesis,
  SynthesisEntry,
} from '../core/model.js';
import { CONTENT_TYPES } from '../deployers/encode.js';
import { readLockfile } from '../deployers/lockfile.js';
import type { LayerContext } from '../layers/context.js';
import { type DeliveryResult, deliverLayer } from '../layers/deliver.js';
import { planLayer } from '../layers/plan.js';
import { startTimer, writeRunFile } from '../layers/run-folder.js';

/**
 * Deploy exactly what review approved: the blobs genops.lock names, from the store, with no
 * generator and no new QA decision.
 *
 * STAND-IN for the CLI's `genops deliver --locked` (not on main when this was written). Same
 * contract: plan the manifest; if any asset's locked job key is not one of its planned keys the
 * lockfile is stale → InputError (exit 2) unless generation on deploy is allowed; a locked blob
 * missing from the store → InputError. Then synthesis.json and qa.json are written from the lockfile
 * (every job `cached`, every asset `unchanged`) and the ordinary deliver layer publishes them.
 * When `deliver --locked` lands, the deploy step calls it instead (src/action/steps.ts, `deploy`).
 */
export interface LockedPlan {
  plan: Plan;
  /** Assets whose manifest entry no longer matches the lockfile (or that it lacks). */
  stale: string[];
  locked: Map<string, LockedAsset>;
}

export async function checkLocked(ctx: LayerContext): Promise<LockedPlan> {
  const plan = await planLayer(ctx);
  const lock = await readLockfile(ctx.lockfilePath);
  const locked = new Map<string, LockedAsset>();
  const stale: string[] = [];
  for (const asset of plan.assets) {
    const entry = lock.assets[asset.id];
    if (entry && asset.jobs.includes(entry.key)) locked.set(asset.id, entry);
    else stale.push(asset.id);
  }
  return { plan, stale, locked };
}

export function staleError(ctx: LayerContext, stale: string[]): InputError {
  const list = stale.slice(0, 10).join(', ') + (stale.length > 10 ? ` and ${stale.length - 10} more` : '');
  return new InputError({
    file: ctx.lockfilePath,
    message: `is stale for ${ctx.manifestPath}: ${list} changed since it was written (or are not in it), so deploying would generate images nobody reviewed`,
    hint: 'merge the pull request run that updates genops.lock (or run `genops run` and commit genops.lock); set allow-generate-on-deploy: true to generate on deploy instead',
  });
}

export async function deliverLocked(ctx: LayerContext, checked: LockedPlan): Promise<DeliveryResult> {
  const stop = startTimer();
  const { plan, locked } = checked;
  const missing: string[] = [];
  const entries: Record<string, SynthesisEntry> = {};
  const jobs: Record<string, JobQa> = {};
  const assets: AssetQa[] = [];
  for (const asset of plan.assets) {
    const lockedAsset = locked.get(asset.id) as LockedAsset;
    if (!(await ctx.workspace.blobs.has(lockedAsset.blob))) {
      missing.push(`${asset.id} (${lockedAsset.blob.slice(0, 12)})`);
      continue;
    }
    const job = plan.jobs.find((j) => j.key === lockedAsset.key);
    const bytes = await blobSize(ctx, lockedAsset.blob);
    entries[lockedAsset.key] = {
      key: lockedAsset.key,
      status: 'cached',
      blob: lockedAsset.blob,
      mediaType: CONTENT_TYPES[lockedAsset.format],
      bytes,
      facts: {
        seed: lockedAsset.reportedSeed,
        model: lockedAsset.model,
        reproducible: lockedAsset.reproducible,
      },
      attempts: 0,
      durationMs: 0,
    };
    jobs[lockedAsset.key] = {
      key: lockedAsset.key,
      asset: asset.id,
      variant: job?.variant ?? 0,
      blob: lockedAsset.blob,
      checks: [
        {
          id: 'lockfile',
          passed: true,
          severity: 'info',
          value: 'approved',
          reason: 'approved in review and recorded in genops.lock',
        },
      ],
      scores: lockedAsset.scores,
      verdict: 'pass',
    };
    assets.push({ id: asset.id, chosen: lockedAsset.key, verdict: 'pass', reasons: [], change: 'unchanged' });
  }
  if (missing.length) {
    throw new InputError({
      file: ctx.lockfilePath,
      message: `names images that are not in the store ${ctx.workspace.blobs.location}: ${missing.slice(0, 10).join(', ')}`,
      hint: 'the pull request run publishes reviewed images to the store branch (input store-branch) or to the manifest store; rerun it, or set allow-generate-on-deploy: true',
    });
  }
  const timings = stop();
  const synthesis: Synthesis = {
    schema: 'genops/synthesis@1',
    manifestHash: plan.manifestHash,
    entries,
    counts: { jobs: assets.length, generated: 0, cached: assets.length, failed: 0 },
    timings,
  };
  const qa: QaReport = {
    schema: 'genops/qa@1',
    manifestHash: plan.manifestHash,
    jobs,
    assets,
    counts: { assets: assets.length, passed: assets.length, failed: 0 },
    timings,
  };
  await writeRunFile(ctx.runDir, 'synthesis', synthesis);
  await writeRunFile(ctx.runDir, 'qa', qa);
  return deliverLayer(ctx);
}

async function blobSize(ctx: LayerContext, sha: string): Promise<number> {
  const location = ctx.workspace.blobs as { pathOf?: (s: string) => string };
  if (location.pathOf) return (await stat(location.pathOf(sha))).size;
  return (await ctx.workspace.blobs.get(sha)).length;
}
