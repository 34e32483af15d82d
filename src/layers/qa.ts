import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import type { PolicyConfig } from '../core/config.js';
import { errorMessage } from '../core/errors.js';
import { type GreyImage, type RawImage, releaseNow } from '../core/image.js';
import type {
  AssetQa,
  CheckResult,
  Job,
  JobQa,
  PlannedAsset,
  QaReport,
  SynthesisEntry,
} from '../core/model.js';
import { encodeReviewImage } from '../deployers/derivatives.js';
import { type Decisions, decisionsPath, readDecisions } from '../lockfile/decisions.js';
import { readLockfile } from '../lockfile/lockfile.js';
import { mkdirp } from '../store/atomic.js';
import { JsonIndex } from '../store/json-index.js';
import { ThumbnailCache } from '../store/thumbnails.js';
import {
  type EncodedImage,
  GATES,
  type GateEnvironment,
  type GateRecord,
  type GateSubject,
  type ImageSource,
  isCacheable,
  type RegisteredGate,
} from '../validators/gates/index.js';
import { selectWithDecisions } from '../validators/human.js';
import {
  decodeAndMeasure,
  MEASUREMENT_VERSION,
  type Measurement,
  QA_CONCURRENCY,
} from '../validators/measure.js';
import { refusalCheck } from '../validators/policy.js';
import { duplicateChecks, type HashedImage } from '../validators/similarity.js';
import { aestheticCheck, technicalChecks } from '../validators/technical.js';
import { baseDirOf, type LayerContext } from './context.js';
import { GALLERY_SIDE, listGallery, writeGalleryImage } from './gallery.js';
import { prepareImageBatch } from './image-runtime.js';
import { readRunFile, startTimer, writeRunFile } from './run-folder.js';
import { useSharedStore } from './store.js';

interface QaRun {
  ctx: LayerContext;
  policy: PolicyConfig;
  measurements: JsonIndex<Measurement>;
  gates: JsonIndex<GateRecord>;
  thumbnails: ThumbnailCache;
  /** Blob of each asset's last approved version (from the lockfile). */
  lastBlobs: Map<string, string>;
  /** Reviewers' picks and approvals (genops.decisions.json beside the lockfile). */
  decisions: Decisions;
  /** The plan's jobs by key. */
  planned: Map<string, Job>;
  /**
   * Cache writes in flight, awaited before qa.json is written: a job does not hold its decode slot
   * while its record waits for the index's file lock (the lock's file calls share libuv's pool
   * with the decodes).
   */
  writes: Promise<unknown>[];
  /** Thumbnails kept this run whose files are still being written. */
  thumbsInFlight: Map<string, GreyImage>;
  /** The review gallery's images already made (gallery.ts), listed on the first decode. */
  gallery?: Promise<Map<string, string>>;
}

/**
 * Makes a blob's review gallery image from the pixels its measuring decode has in hand, unless the
 * run folder has it already. The encode is awaited in the job's slot, so no more shrunk images wait
 * than decodes run; the file is written off the slot. A failure only warns: the report layer then
 * makes the image from the blob.
 */
async function keepGalleryImage(run: QaRun, blob: string, review: RawImage): Promise<void> {
  try {
    const image = await encodeReviewImage(review);
    startWrite(
      run,
      writeGalleryImage(run.ctx.runDir, blob, image).then(
        () => undefined,
        (error: unknown) => run.ctx.log.warn(`gallery image of ${blob.slice(0, 12)}: ${errorMessage(error)}`),
      ),
    );
  } catch (error) {
    run.ctx.log.warn(`gallery image of ${blob.slice(0, 12)}: ${errorMessage(error)}`);
  }
}

/** A blob's kept grey thumbnail: one being written this run, or else from the cache. */
function keptThumbnail(run: QaRun, blob: string): GreyImage | undefined {
  return run.thumbsInFlight.get(blob) ?? run.thumbnails.get(blob);
}

/** Keeps a blob's grey thumbnail; the file is written off the main thread. */
function keepThumbnail(run: QaRun, blob: string, thumbnail: GreyImage): void {
  run.thumbsInFlight.set(blob, thumbnail);
  startWrite(
    run,
    run.thumbnails.store(blob, thumbnail).finally(() => run.thumbsInFlight.delete(blob)),
  );
}

/** Starts a cache write without waiting for it; a failure surfaces when the layer awaits them. */
function startWrite(run: QaRun, write: Promise<void>): void {
  // Settled at once so a failure is not an unhandled rejection before the layer awaits it.
  run.writes.push(
    write.then(
      () => undefined,
      (error: unknown) => ({ error }),
    ),
  );
}

/** Waits for every cache write started; throws the first failure. */
async function finishWrites(run: QaRun): Promise<void> {
  for (const outcome of await Promise.all(run.writes))
    if (outcome && typeof outcome === 'object' && 'error' in outcome) throw outcome.error;
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
    policy: plan.policy ?? {},
    measurements: new JsonIndex<Measurement>(ctx.workspace.paths.measure),
    gates: new JsonIndex<GateRecord>(ctx.workspace.paths.gates),
    thumbnails: new ThumbnailCache(ctx.workspace.paths.thumbs),
    lastBlobs: new Map(Object.entries(previous.assets).map(([id, locked]) => [id, locked.blob])),
    decisions: await readDecisions(decisionsPath(ctx.lockfilePath)),
    planned: new Map(plan.jobs.map((job) => [job.key, job])),
    writes: [],
    thumbsInFlight: new Map(),
  };
  const assetOf = new Map(plan.assets.map((a) => [a.id, a]));

  const jobs: Record<string, JobQa> = {};
  const hashes: HashedImage[] = [];
  const hashesOf = new Map<string, HashedImage[]>();
  const verdictOf = assetVerdicts(run, jobs);
  // Without duplicate checks across assets, an asset's verdict needs only its own jobs: it starts as
  // soon as they are checked, so its comparison with the previous version (SSIM and diff on the main
  // thread) overlaps the decodes of later jobs on libuv's threads instead of following them all.
  const across = plan.assets.some((a) => a.gates.similarity?.acrossAssets);
  const unchecked = new Map(plan.assets.map((a) => [a.id, a.jobs.length]));
  const queue = new PQueue({ concurrency: QA_CONCURRENCY });
  let done = 0;
  await Promise.all(
    plan.jobs.map((job) =>
      queue.add(async () => {
        const asset = assetOf.get(job.asset) as PlannedAsset;
        const { qa, hash } = await checkJob(run, job, asset, synthesis.entries[job.key]);
        jobs[job.key] = qa;
        if (hash) {
          const hashed = { key: job.key, asset: job.asset, variant: job.variant, hash };
          hashes.push(hashed);
          hashesOf.set(job.asset, [...(hashesOf.get(job.asset) ?? []), hashed]);
        }
        ctx.log.progress('checking', ++done, plan.jobs.length);
        const left = (unchecked.get(asset.id) ?? 1) - 1;
        unchecked.set(asset.id, left);
        if (!across && left === 0) {
          addDuplicateChecks([asset], jobs, hashesOf.get(asset.id) ?? []);
          verdictOf(asset);
        }
      }),
    ),
  );
  if (across) addDuplicateChecks(plan.assets, jobs, hashes);

  const assets = await Promise.all(plan.assets.map(verdictOf));
  await finishWrites(run);

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

/**
 * One job's QA: measure (cached by blob) → technical checks → each wanted gate (cached by gate, blob
 * and inputs). The hash is returned for the duplicate checks made once every job is in.
 */
async function checkJob(
  run: QaRun,
  job: Job,
  asset: PlannedAsset,
  entry: SynthesisEntry | undefined,
): Promise<{ qa: JobQa; hash?: string }> {
  if (!entry?.blob) return { qa: jobQa(job, missingImageChecks(job, entry)) };
  const blob = entry.blob;
  const subject: GateSubject = { job, asset, policy: run.policy };
  const wanted = GATES.filter((gate) => gate.wanted(subject));
  const images = new BlobImages(run, blob, entry.mediaType ?? 'image/png', asset.qa.maxPixels, {
    pixels: wanted.some((gate) => gate.needs === 'pixels'),
    // The thumbnail serves the hash and the comparison with the previous approved version, now or in
    // a later run once this image is approved: made from this decode and kept, it spares decoding
    // either image again for that (on 1024² PNGs it costs a tenth of a decode; decoding the previous
    // version instead doubled the QA of changed assets).
    thumbnail: true,
  });

  const measureKey = `${blob}-v${MEASUREMENT_VERSION}`;
  let measurement = await run.measurements.get(measureKey);
  if (!measurement) {
    try {
      await prepareImageBatch();
      run.gallery ??= listGallery(run.ctx.runDir);
      measurement = await images.measure(!(await run.gallery).has(blob));
    } catch (error) {
      const reason = `image ${blob} unavailable in ${run.ctx.workspace.blobs.location}: ${errorMessage(error)}`;
      return { qa: jobQa(job, [{ id: 'store', passed: false, reason, severity: 'gate' }], {}, blob) };
    }
    // Only decodable images are cached: a pixel-limit refusal depends on the threshold.
    if (!measurement.decodeError) startWrite(run, run.measurements.set(measureKey, measurement));
  }
  const checks = technicalChecks(measurement, job.request, asset.qa);
  const aesthetic = aestheticCheck(measurement, asset.qa);
  if (aesthetic) checks.push(aesthetic);
  const scores: Record<string, number> = {};
  if (measurement.aesthetic) scores.aesthetic = measurement.aesthetic.score;
  if (measurement.decodeError) return { qa: jobQa(job, checks, scores, blob) };

  for (const gate of GATES) if (!wanted.includes(gate)) checks.push(...gate.skipped(subject));
  const records = await runGates(run, subject, wanted, images);
  for (const record of records) {
    checks.push(...record.checks);
    Object.assign(scores, record.scores);
  }
  const hash = records.find((record) => record.hash !== undefined)?.hash;
  return { qa: jobQa(job, checks, scores, blob), hash };
}

/** A job's QA from its checks after its plan-time prompt checks: it passes when no gate failed. */
function jobQa(job: Job, checks: CheckResult[], scores: Record<string, number> = {}, blob?: string): JobQa {
  const all = [...(job.policy ?? []), ...checks];
  return {
    key: job.key,
    asset: job.asset,
    variant: job.variant,
    blob,
    checks: all,
    scores,
    verdict: all.every((c) => c.passed || c.severity === 'info') ? 'pass' : 'fail',
  };
}

/** Why a job has no image: a blocked prompt says it already, else the back end's refusal or failure. */
function missingImageChecks(job: Job, entry: SynthesisEntry | undefined): CheckResult[] {
  if (job.policy?.some((c) => !c.passed)) return [];
  const check = refusalCheck(entry?.failure) ?? {
    id: 'synthesis',
    passed: false,
    value: entry?.failure?.kind ?? 'missing',
    reason: entry?.failure?.message ?? 'no synthesis result for this job; run `genops synthesize`',
    severity: 'gate' as const,
  };
  return [check];
}

/**
 * The wanted gates in registry order, each record from the cache when this gate version saw this
 * blob with these inputs. An image that no longer decodes (measured under a higher pixel limit)
 * fails the job there, as a failed decode check, instead of running the rest.
 */
async function runGates(
  run: QaRun,
  subject: GateSubject,
  gates: readonly RegisteredGate[],
  images: BlobImages,
): Promise<GateRecord[]> {
  const environment: GateEnvironment = { env: run.ctx.env, baseDir: baseDirOf(run.ctx) };
  const records: GateRecord[] = [];
  for (const gate of gates) {
    const bound = gate.bind(subject);
    const key = bound.key(images.blob);
    const hit = await run.gates.get(key);
    if (hit) {
      records.push(hit);
      continue;
    }
    const record = await bound.run(images, environment);
    if (!record) {
      const reason = `image ${images.blob} no longer decodes: ${images.decodeError ?? 'unknown error'}`;
      const failure: CheckResult = {
        id: 'technical.decode',
        passed: false,
        value: 'failed',
        threshold: 'full decode',
        reason,
        severity: 'gate',
      };
      return [...records, { checks: [failure], scores: {} }];
    }
    if (isCacheable(record)) startWrite(run, run.gates.set(key, record));
    records.push(record);
  }
  return records;
}

/**
 * One blob's bytes, shrunk pixels and grey thumbnail, each fetched or decoded at most once and only
 * when asked for. The measuring decode keeps the pixels and thumbnail the wanted gates will need.
 */
class BlobImages implements ImageSource {
  private encoded?: Buffer;
  private shrunk?: RawImage;
  private grey?: GreyImage;
  /** Why the last decode failed, if it did. */
  decodeError?: string;

  constructor(
    private readonly run: QaRun,
    readonly blob: string,
    private readonly mediaType: string,
    private readonly maxPixels: number,
    private readonly keep: { pixels: boolean; thumbnail: boolean },
  ) {}

  /** The measuring decode; with `review`, it also makes the blob's gallery image from its pixels. */
  measure(review: boolean): Promise<Measurement> {
    return this.decode({
      keepPixels: this.keep.pixels,
      thumbnail: this.keep.thumbnail,
      review: review ? GALLERY_SIDE : undefined,
    });
  }

  async bytes(): Promise<EncodedImage> {
    return { bytes: await this.encodedBytes(), mediaType: this.mediaType };
  }

  async pixels(): Promise<RawImage | undefined> {
    if (!this.shrunk) await this.decode({ keepPixels: true, thumbnail: this.keep.thumbnail });
    return this.shrunk;
  }

  async thumbnail(): Promise<GreyImage | undefined> {
    this.grey ??= keptThumbnail(this.run, this.blob);
    if (!this.grey) await this.decode({ keepPixels: false, thumbnail: true });
    return this.grey;
  }

  private async encodedBytes(): Promise<Buffer> {
    this.encoded ??= await this.run.ctx.workspace.blobs.get(this.blob);
    return this.encoded;
  }

  private async decode(options: {
    keepPixels: boolean;
    thumbnail: boolean;
    review?: number;
  }): Promise<Measurement> {
    const decoded = await decodeAndMeasure(await this.encodedBytes(), this.maxPixels, options);
    this.shrunk ??= decoded.shrunk;
    this.decodeError = decoded.measurement.decodeError;
    if (decoded.thumbnail && !this.grey) {
      this.grey = decoded.thumbnail;
      keepThumbnail(this.run, this.blob, decoded.thumbnail);
    }
    if (decoded.review) {
      await keepGalleryImage(this.run, this.blob, decoded.review);
      // Encoded: freed now unless it is also the decode kept for the gates (an image small enough
      // to be its own review picture). Left to the collector, these 0.8 MB pictures made a first
      // QA of 300 1024² images run 23 full collections instead of 8 (wall 0.92×, CPU 0.89× freed).
      if (decoded.review.data !== this.shrunk?.data) releaseNow(decoded.review.data);
    }
    return decoded.measurement;
  }
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

/**
 * Each asset's verdict, started once when first asked for: its choice among its candidates, then its
 * comparison with its last approved version, QA_CONCURRENCY comparisons at a time (each makes a
 * diff image, and may decode the previous image).
 */
function assetVerdicts(run: QaRun, jobs: Record<string, JobQa>): (asset: PlannedAsset) => Promise<AssetQa> {
  const queue = new PQueue({ concurrency: QA_CONCURRENCY });
  const started = new Map<string, Promise<AssetQa>>();
  return (asset) => {
    let verdict = started.get(asset.id);
    if (!verdict) {
      verdict = assetVerdict(run, asset, jobs, queue);
      // Awaited with the others at the end; until then a failure must not count as unhandled.
      verdict.catch(() => undefined);
      started.set(asset.id, verdict);
    }
    return verdict;
  };
}

async function assetVerdict(
  run: QaRun,
  asset: PlannedAsset,
  jobs: Record<string, JobQa>,
  queue: PQueue,
): Promise<AssetQa> {
  const candidates = asset.jobs.map((key) => jobs[key] as JobQa);
  const candidateJobs = asset.jobs.map((key) => run.planned.get(key) as Job);
  const selection = selectWithDecisions(asset, candidateJobs, candidates, run.decisions.assets[asset.id]);
  // Approved gates count as passed in qa.json too, naming who approved them.
  for (const reviewed of selection.candidates) jobs[reviewed.key] = reviewed;
  for (const note of selection.human?.notes ?? []) run.ctx.log.warn(`qa: ${note}`);
  const chosen = selection.chosen ? jobs[selection.chosen] : undefined;
  const verdict: AssetQa = {
    id: asset.id,
    chosen: selection.chosen,
    verdict: chosen ? 'pass' : 'fail',
    reasons: selection.reasons,
    change: 'new',
    ...(selection.human ? { human: selection.human } : {}),
  };
  const lastBlob = run.lastBlobs.get(asset.id);
  if (lastBlob) {
    verdict.previous = lastBlob;
    Object.assign(verdict, await queue.add(() => compareToPrevious(run, asset, chosen, lastBlob)));
  }
  return verdict;
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

/** A blob's grey thumbnail: from the thumbnail cache, or else decoded and cached. Undefined when it does not decode. */
async function thumbnailOfBlob(run: QaRun, blob: string, maxPixels: number): Promise<GreyImage | undefined> {
  const cached = keptThumbnail(run, blob);
  if (cached) return cached;
  const source = await run.ctx.workspace.blobs.get(blob);
  const { thumbnail } = await decodeAndMeasure(source, maxPixels, { thumbnail: true });
  if (thumbnail) keepThumbnail(run, blob, thumbnail);
  return thumbnail;
}
