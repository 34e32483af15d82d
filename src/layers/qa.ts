import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import { contentKey } from '../core/canonical.js';
import type { PolicyConfig, QaGateConfig } from '../core/config.js';
import { errorMessage } from '../core/errors.js';
import type { GreyImage, RawImage } from '../core/image.js';
import type {
  AssetQa,
  CheckResult,
  Job,
  JobQa,
  PlannedAsset,
  QaReport,
  SynthesisEntry,
} from '../core/model.js';
import { readLockfile } from '../lockfile/lockfile.js';
import { mkdirp } from '../store/atomic.js';
import { JsonIndex } from '../store/json-index.js';
import { ThumbnailCache } from '../store/thumbnails.js';
import {
  decodeAndMeasure,
  MEASUREMENT_VERSION,
  type Measurement,
  QA_CONCURRENCY,
} from '../validators/measure.js';
import { refusalCheck } from '../validators/policy.js';
import { selectBest } from '../validators/selection.js';
import { duplicateChecks, type HashedImage } from '../validators/similarity.js';
import { aestheticCheck, technicalChecks } from '../validators/technical.js';
import { baseDirOf, type LayerContext } from './context.js';
import { readRunFile, startTimer, writeRunFile } from './run-folder.js';
import { useSharedStore } from './store.js';

/** A cached gate result: what a pixel gate (hash, NSFW, CLIP, judge, moderation) said about a blob. */
interface GateRecord {
  checks: CheckResult[];
  scores: Record<string, number>;
  hash?: string;
}

/**
 * Bump when a gate's meaning changes: cached results of the old version are ignored.
 * 2: perceptual hashes come from the block-mean thumbnail of the full decode; NSFW scores from
 * nsfwjs's MobileNetV2Mid model.
 */
const GATE_VERSION = 2;

interface QaRun {
  ctx: LayerContext;
  policy: PolicyConfig;
  measurements: JsonIndex<Measurement>;
  gates: JsonIndex<GateRecord>;
  thumbnails: ThumbnailCache;
  /** Blob of each asset's last approved version (from the lockfile). */
  lastBlobs: Map<string, string>;
}

/**
 * Layer 3: synthesis.json → qa.json. Each image is decoded once and its measurement cached by the
 * blob's hash; pixel gates (NSFW, CLIP, judge, moderation, perceptual hash) run only where
 * configured and are cached by blob and inputs too, so a rerun decodes nothing. Verdicts are
 * recomputed every time from the cached facts: thresholds may have changed.
 */
export async function qaLayer(ctx: LayerContext): Promise<QaReport> {
  const stop = startTimer();
  const plan = await readRunFile(ctx.runDir, 'plan');
  await useSharedStore(ctx, plan);
  const synthesis = await readRunFile(ctx.runDir, 'synthesis');
  const previous = await readLockfile(ctx.lockfilePath);
  const run: QaRun = {
    ctx,
    policy: (plan.policy ?? {}) as PolicyConfig,
    measurements: new JsonIndex<Measurement>(ctx.workspace.paths.measure),
    gates: new JsonIndex<GateRecord>(ctx.workspace.paths.gates),
    thumbnails: new ThumbnailCache(ctx.workspace.paths.thumbs),
    lastBlobs: new Map(Object.entries(previous.assets).map(([id, locked]) => [id, locked.blob])),
  };
  const assetOf = new Map(plan.assets.map((a) => [a.id, a]));

  const jobs: Record<string, JobQa> = {};
  const hashes: HashedImage[] = [];
  const queue = new PQueue({ concurrency: QA_CONCURRENCY });
  let done = 0;
  await Promise.all(
    plan.jobs.map((job) =>
      queue.add(async () => {
        const asset = assetOf.get(job.asset) as PlannedAsset;
        const { qa, hash } = await checkJob(run, job, asset, synthesis.entries[job.key]);
        jobs[job.key] = qa;
        if (hash) hashes.push({ key: job.key, asset: job.asset, variant: job.variant, hash });
        ctx.log.progress('checking', ++done, plan.jobs.length);
      }),
    ),
  );
  addDuplicateChecks(plan.assets, jobs, hashes);

  const assets: AssetQa[] = [];
  for (const asset of plan.assets) {
    const candidates = asset.jobs.map((key) => jobs[key] as JobQa);
    const selection = selectBest(candidates, asset.gates.weights);
    const chosen = selection.chosen ? jobs[selection.chosen] : undefined;
    const verdict: AssetQa = {
      id: asset.id,
      chosen: selection.chosen,
      verdict: chosen ? 'pass' : 'fail',
      reasons: selection.reasons,
      change: 'new',
    };
    const lastBlob = run.lastBlobs.get(asset.id);
    if (lastBlob) Object.assign(verdict, await compareToPrevious(run, asset, chosen, lastBlob));
    assets.push(verdict);
  }

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

/** The NSFW classifier runs on AI back ends' images, and on the procedural stand-in only when asked. */
function nsfwWanted(run: QaRun, job: Job): boolean {
  const enabled = run.policy.nsfw?.enabled;
  return enabled ?? job.backend.type !== 'procedural';
}

async function checkJob(
  run: QaRun,
  job: Job,
  asset: PlannedAsset,
  entry: SynthesisEntry | undefined,
): Promise<{ qa: JobQa; hash?: string }> {
  const { ctx } = run;
  const promptChecks = job.policy ?? [];
  const result = (checks: CheckResult[], scores: Record<string, number> = {}, blob?: string): JobQa => ({
    key: job.key,
    asset: job.asset,
    variant: job.variant,
    blob,
    checks: [...promptChecks, ...checks],
    scores,
    verdict: [...promptChecks, ...checks].every((c) => c.passed || c.severity === 'info') ? 'pass' : 'fail',
  });
  if (!entry?.blob) {
    if (promptChecks.some((c) => !c.passed)) return { qa: result([]) };
    const check = refusalCheck(entry?.failure) ?? {
      id: 'synthesis',
      passed: false,
      value: entry?.failure?.kind ?? 'missing',
      reason: entry?.failure?.message ?? 'no synthesis result for this job; run `genops synthesize`',
      severity: 'gate' as const,
    };
    return { qa: result([check]) };
  }
  const blob = entry.blob;

  // Bytes and pixels are fetched at most once, and only when something needs them.
  let bytes: Buffer | undefined;
  let pixels: RawImage | undefined;
  let thumbnail: GreyImage | undefined;
  const bytesOf = async () => {
    bytes ??= await ctx.workspace.blobs.get(blob);
    return bytes;
  };
  const gates = asset.gates;
  const wantsHash = asset.jobs.length > 1 || gates.similarity !== undefined;
  const wantsPixels = nsfwWanted(run, job) || !!gates.clip?.model || !!gates.judge?.enabled;
  // The thumbnail serves the hash and, for an asset with an approved version, the comparison with
  // it: made from this decode and kept, it spares decoding this image again for that.
  const wantsThumbnail = wantsHash || run.lastBlobs.has(asset.id);
  const keepThumbnail = (made: GreyImage | undefined) => {
    if (made && !thumbnail) {
      thumbnail = made;
      run.thumbnails.set(blob, made);
    }
  };

  const measureKey = `${blob}-v${MEASUREMENT_VERSION}`;
  let measurement = await run.measurements.get(measureKey);
  if (!measurement) {
    try {
      const decoded = await decodeAndMeasure(await bytesOf(), asset.qa.maxPixels, {
        keepPixels: wantsPixels,
        thumbnail: wantsThumbnail,
      });
      measurement = decoded.measurement;
      pixels = decoded.shrunk;
      keepThumbnail(decoded.thumbnail);
    } catch (error) {
      const reason = `image ${blob} unavailable in ${ctx.workspace.blobs.location}: ${errorMessage(error)}`;
      return { qa: result([{ id: 'store', passed: false, reason, severity: 'gate' }], {}, blob) };
    }
    // Only decodable images are cached: a pixel-limit refusal depends on the threshold.
    if (!measurement.decodeError) await run.measurements.set(measureKey, measurement);
  }
  const checks = technicalChecks(measurement, job.request, asset.qa);
  const aesthetic = aestheticCheck(measurement, asset.qa);
  if (aesthetic) checks.push(aesthetic);
  const scores: Record<string, number> = {};
  if (measurement.aesthetic) scores.aesthetic = measurement.aesthetic.score;
  if (measurement.decodeError) return { qa: result(checks, scores, blob) };

  const pixelsOf = async () => {
    if (!pixels) {
      const decoded = await decodeAndMeasure(await bytesOf(), asset.qa.maxPixels, {
        keepPixels: true,
        thumbnail: wantsThumbnail,
      });
      pixels = decoded.shrunk;
      keepThumbnail(decoded.thumbnail);
    }
    return pixels as RawImage;
  };
  const thumbnailOf = async (): Promise<GreyImage> => {
    thumbnail ??= await thumbnailOfBlob(run, blob, asset.qa.maxPixels, bytesOf);
    // Reached only after a measurement without a decode error, so the image did decode.
    if (!thumbnail) throw new Error(`image ${blob} no longer decodes`);
    return thumbnail;
  };
  const cached = async (gate: string, inputs: unknown, compute: () => Promise<GateRecord>) => {
    const key = contentKey({ v: GATE_VERSION, gate, blob, inputs });
    const hit = await run.gates.get(key);
    if (hit) return hit;
    const record = await compute();
    // A gate that could not run (service down) is not remembered: the next run tries again.
    if (record.checks.every((c) => c.value !== 'not run' && c.value !== 'error'))
      await run.gates.set(key, record);
    return record;
  };

  const records: GateRecord[] = [];
  let hash: string | undefined;
  if (wantsHash) {
    const algorithm = gates.similarity?.hash ?? 'phash';
    const { perceptualHash } = await import('../validators/similarity.js');
    hash = (
      await cached('hash', { algorithm }, async () => ({
        checks: [],
        scores: {},
        hash: perceptualHash(await thumbnailOf(), algorithm),
      }))
    ).hash;
  }
  if (nsfwWanted(run, job)) {
    const thresholds = run.policy.nsfw?.thresholds;
    records.push(
      await cached('nsfw', { thresholds }, async () => {
        const { checkNsfw } = await import('../validators/nsfw.js');
        const { check, scores: nsfw } = await checkNsfw(await pixelsOf(), thresholds);
        const scores: Record<string, number> = {};
        if (nsfw)
          Object.assign(scores, {
            'nsfw.porn': nsfw.Porn,
            'nsfw.sexy': nsfw.Sexy,
            'nsfw.hentai': nsfw.Hentai,
          });
        return { checks: [check], scores };
      }),
    );
  }
  const moderation = run.policy.moderation;
  if (moderation?.enabled) {
    records.push(
      await cached('moderation', { prompt: job.request.prompt, moderation }, async () => {
        const { moderate } = await import('../validators/moderation.js');
        const image = { bytes: await bytesOf(), mediaType: entry.mediaType ?? 'image/png' };
        return {
          checks: [await moderate({ text: job.request.prompt, image }, moderation, ctx.env)],
          scores: {},
        };
      }),
    );
  }
  if (gates.clip?.model) {
    const clip = gates.clip;
    records.push(
      await cached(
        'clip',
        { prompt: job.request.prompt, clip, minAesthetic: asset.qa.minAesthetic },
        async () => {
          const { scoreWithClip } = await import('../validators/clip.js');
          return scoreWithClip(clip, await pixelsOf(), job.request.prompt, {
            baseDir: baseDirOf(ctx),
            minAesthetic: asset.qa.minAesthetic,
          });
        },
      ),
    );
  } else {
    checks.push({
      id: 'clip.score',
      passed: true,
      value: 'not configured',
      reason: 'CLIP: not configured',
      severity: 'info',
    });
  }
  if (gates.judge?.enabled) {
    const judge = gates.judge;
    records.push(
      await cached('judge', { prompt: job.request.prompt, judge }, async () => {
        const { judgeImage } = await import('../validators/judge.js');
        const image = { bytes: await bytesOf(), mediaType: entry.mediaType ?? 'image/png' };
        const outcome = await judgeImage(image, job.request.prompt, judge, ctx.env);
        const scores: Record<string, number> = {};
        if (outcome.score !== undefined) scores.judge = outcome.score;
        return { checks: [outcome.check], scores };
      }),
    );
  }
  for (const record of records) {
    checks.push(...record.checks);
    Object.assign(scores, record.scores);
  }
  return { qa: result(checks, scores, blob), hash };
}

/**
 * Near-duplicates by perceptual hash: among an asset's variants always (reported), across assets
 * when an asset's `qa.similarity` asks for it.
 */
function addDuplicateChecks(
  assets: PlannedAsset[],
  jobs: Record<string, JobQa>,
  hashes: HashedImage[],
): void {
  const byAsset = new Map<string, HashedImage[]>();
  for (const h of hashes) byAsset.set(h.asset, [...(byAsset.get(h.asset) ?? []), h]);
  const across = assets.find((a) => a.gates.similarity?.acrossAssets)?.gates;
  const groups = across ? [hashes] : [...byAsset.values()];
  for (const group of groups) {
    if (group.length < 2) continue;
    const checks = duplicateChecks(group, {
      maxDistance: across?.similarity?.maxDistance,
      acrossAssets: across?.similarity?.acrossAssets,
    });
    for (const [key, check] of checks) {
      const job = jobs[key] as JobQa;
      job.checks.push(check);
      if (!check.passed && check.severity !== 'info') job.verdict = 'fail';
    }
  }
}

/** new / changed / unchanged against the last approved version, with SSIM and a diff image. */
async function compareToPrevious(
  run: QaRun,
  asset: PlannedAsset,
  chosen: JobQa | undefined,
  lastBlob: string,
): Promise<Partial<AssetQa>> {
  if (!chosen?.blob) return { change: 'changed' };
  if (chosen.blob === lastBlob) return { change: 'unchanged', ssim: 1 };
  const { ctx } = run;
  try {
    const [now, before] = await Promise.all(
      [chosen.blob, lastBlob].map((blob) => thumbnailOfBlob(run, blob, asset.qa.maxPixels)),
    );
    if (!now || !before) return { change: 'changed' };
    const { compareWithPrevious } = await import('../validators/change.js');
    const similarity = asset.gates.similarity;
    const outcome = await compareWithPrevious(now, before, {
      unchangedSsim: similarity?.unchangedSsim,
      unchangedLocalSsim: similarity?.unchangedLocalSsim,
    });
    (chosen.checks as CheckResult[]).push(outcome.check);
    let diff: string | undefined;
    if (outcome.diffPng) {
      diff = path.join('diffs', `${asset.id}.png`);
      await mkdirp(path.dirname(path.join(ctx.runDir, diff)));
      await writeFile(path.join(ctx.runDir, diff), outcome.diffPng);
    }
    return { change: outcome.verdict === 'unchanged' ? 'unchanged' : 'changed', ssim: outcome.ssim, diff };
  } catch (error) {
    // The previous blob may not be in this store (e.g. a fresh CI cache): the bytes differ, so it changed.
    ctx.log.warn(`${asset.id}: could not compare with the previous version (${errorMessage(error)})`);
    return { change: 'changed' };
  }
}

/**
 * A blob's grey thumbnail: from the thumbnail cache, or else decoded (its bytes from `bytesOf`
 * when the caller has them, else from the store) and cached. Undefined when it does not decode.
 */
async function thumbnailOfBlob(
  run: QaRun,
  blob: string,
  maxPixels: number,
  bytesOf: () => Promise<Buffer> = () => run.ctx.workspace.blobs.get(blob),
): Promise<GreyImage | undefined> {
  const cached = run.thumbnails.get(blob);
  if (cached) return cached;
  const source = await bytesOf();
  const { thumbnail } = await decodeAndMeasure(source, maxPixels, { thumbnail: true });
  if (thumbnail) run.thumbnails.set(blob, thumbnail);
  return thumbnail;
}
