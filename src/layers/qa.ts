import path from 'node:path';
import PQueue from 'p-queue';
import { errorMessage } from '../core/errors.js';
import type {
  AssetQa,
  CheckResult,
  Job,
  JobQa,
  PlannedAsset,
  QaReport,
  SynthesisEntry,
} from '../core/model.js';
import { readLockfile } from '../deployers/lockfile.js';
import { JsonIndex } from '../store/json-index.js';
import {
  decodeAndMeasure,
  MEASUREMENT_VERSION,
  type Measurement,
  QA_CONCURRENCY,
} from '../validators/measure.js';
import { chooseCandidate } from '../validators/select.js';
import { aestheticCheck, technicalChecks } from '../validators/technical.js';
import type { LayerContext } from './context.js';
import { readRunFile, startTimer, writeRunFile } from './run-folder.js';

/**
 * Layer 3: synthesis.json → qa.json. Each image is decoded once; its measurement is cached by the
 * blob's hash, so a rerun (or a threshold change) costs no decode. Verdicts are recomputed from
 * measurements every time: they are cheap and thresholds may have changed.
 */
export async function qaLayer(ctx: LayerContext): Promise<QaReport> {
  const stop = startTimer();
  const plan = await readRunFile(ctx.runDir, 'plan');
  const synthesis = await readRunFile(ctx.runDir, 'synthesis');
  const previous = await readLockfile(ctx.lockfilePath);
  const measurements = new JsonIndex<Measurement>(path.join(ctx.workspace.root, 'cache', 'measure'));
  const assetOf = new Map(plan.assets.map((a) => [a.id, a]));

  const jobs: Record<string, JobQa> = {};
  const queue = new PQueue({ concurrency: QA_CONCURRENCY });
  let done = 0;
  await Promise.all(
    plan.jobs.map((job) =>
      queue.add(async () => {
        const asset = assetOf.get(job.asset) as PlannedAsset;
        jobs[job.key] = await checkJob(ctx, job, asset, synthesis.entries[job.key], measurements);
        ctx.log.progress('checking', ++done, plan.jobs.length);
      }),
    ),
  );

  const assets: AssetQa[] = plan.assets.map((asset) => {
    const candidates = asset.jobs.map((key) => jobs[key] as JobQa);
    const chosen = chooseCandidate(candidates, (c) => c.scores.aesthetic ?? 0);
    const lastBlob = previous.assets[asset.id]?.blob;
    const change = !lastBlob ? 'new' : chosen?.blob === lastBlob ? 'unchanged' : 'changed';
    return {
      id: asset.id,
      chosen: chosen?.key,
      verdict: chosen ? 'pass' : 'fail',
      reasons: chosen ? [] : failureReasons(candidates),
      change,
    };
  });

  const passed = assets.filter((a) => a.verdict === 'pass').length;
  const report: QaReport = {
    schema: 'genops/qa@1',
    manifestHash: plan.manifestHash,
    jobs: Object.fromEntries(plan.jobs.map((j) => [j.key, jobs[j.key] as JobQa])),
    assets,
    counts: { assets: assets.length, passed, failed: assets.length - passed },
    timings: stop(),
  };
  await writeRunFile(ctx.runDir, 'qa', report);
  ctx.log.info(`qa: ${passed} passed, ${assets.length - passed} failed (${report.timings.durationMs} ms)`);
  return report;
}

async function checkJob(
  ctx: LayerContext,
  job: Job,
  asset: PlannedAsset,
  entry: SynthesisEntry | undefined,
  measurements: JsonIndex<Measurement>,
): Promise<JobQa> {
  const result = (checks: CheckResult[], scores: Record<string, number> = {}, blob?: string): JobQa => ({
    key: job.key,
    asset: job.asset,
    variant: job.variant,
    blob,
    checks,
    scores,
    verdict: checks.every((c) => c.passed || c.severity === 'info') ? 'pass' : 'fail',
  });
  if (!entry?.blob) {
    const failure = entry?.failure;
    return result([
      {
        id: failure?.kind === 'policy' ? 'policy.backend' : 'synthesis',
        passed: false,
        value: failure?.kind ?? 'missing',
        reason: failure?.message ?? 'no synthesis result for this job; run `genops synthesize`',
        severity: failure?.kind === 'policy' ? 'policy' : 'gate',
      },
    ]);
  }

  const cacheKey = `${entry.blob}-v${MEASUREMENT_VERSION}`;
  let measurement = await measurements.get(cacheKey);
  if (!measurement) {
    let bytes: Buffer;
    try {
      bytes = await ctx.workspace.blobs.get(entry.blob);
    } catch (error) {
      const reason = `image ${entry.blob} unavailable in ${ctx.workspace.blobs.location}: ${errorMessage(error)}`;
      return result([{ id: 'store', passed: false, reason, severity: 'gate' }], {}, entry.blob);
    }
    measurement = (await decodeAndMeasure(bytes, asset.qa.maxPixels)).measurement;
    // Only measurements of decodable images are cached: a pixel-limit refusal depends on the threshold.
    if (!measurement.decodeError) await measurements.set(cacheKey, measurement);
  }

  const checks = technicalChecks(measurement, job.request, asset.qa);
  const aesthetic = aestheticCheck(measurement, asset.qa);
  if (aesthetic) checks.push(aesthetic);
  const scores: Record<string, number> = {};
  if (measurement.aesthetic) scores.aesthetic = measurement.aesthetic.score;
  return result(checks, scores, entry.blob);
}

/** Why no candidate of an asset passed: the failures of its best candidate, policy first. */
function failureReasons(candidates: JobQa[]): string[] {
  const failed = candidates.flatMap((c) => c.checks.filter((check) => !check.passed));
  const policy = failed.filter((c) => c.severity === 'policy');
  const reasons = (policy.length ? policy : failed).map((c) => c.reason ?? c.id);
  return [...new Set(reasons)];
}
