import path from 'node:path';
import { contentKey, sha256Hex } from '../core/canonical.js';
import { errorMessage } from '../core/errors.js';
import type {
  AssetQa,
  DeliveredFile,
  DeliveryTargetConfig,
  ImageFormat,
  Job,
  LockedAsset,
  Lockfile,
  PlannedAsset,
  SynthesisEntry,
} from '../core/model.js';
import { CONTENT_TYPES, EXTENSIONS, encodeWithXmp } from '../deployers/encode.js';
import { LocalTarget } from '../deployers/local.js';
import { readLockfile, writeLockfile } from '../deployers/lockfile.js';
import { buildXmp, digitalSourceTypeFor } from '../deployers/metadata.js';
import { type DeliveryTarget, IMMUTABLE, SHORT_LIVED } from '../deployers/target.js';
import { JsonIndex } from '../store/json-index.js';
import { baseDirOf, type LayerContext } from './context.js';
import { readRunFile, startTimer, writeRunFile } from './run-folder.js';

export const CREATOR_TOOL = 'GenOps 0.1';
/** Bump when encoding settings change: cached encodes of the old settings are ignored. */
const ENCODE_VERSION = 1;

export interface DeliveryResult {
  schema: 'genops/delivery@1';
  written: number;
  unchanged: number;
  delivered: string[];
  kept: string[];
  removed: string[];
  failed: { id: string; reason: string }[];
  lockfile: string;
  assetsJson: string;
  timings: { startedAt: string; durationMs: number };
}

interface EncodedRecord {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
}

/**
 * Layer 4: qa.json → files with provenance, assets.json and genops.lock. Every content-hashed file is
 * written before assets.json and the lockfile, which are replaced atomically only after all files
 * succeeded: a failure half-way leaves the previous version live, and a rerun finishes the job.
 */
export async function deliverLayer(ctx: LayerContext): Promise<DeliveryResult> {
  const stop = startTimer();
  const plan = await readRunFile(ctx.runDir, 'plan');
  const synthesis = await readRunFile(ctx.runDir, 'synthesis');
  const qa = await readRunFile(ctx.runDir, 'qa');
  const previous = await readLockfile(ctx.lockfilePath);
  const target = openTarget(ctx, plan.targets[0] ?? { type: 'local' });
  const encodes = new JsonIndex<EncodedRecord>(path.join(ctx.workspace.root, 'cache', 'encoded'));
  const present = await target.list();
  const jobs = new Map(plan.jobs.map((j) => [j.key, j]));
  const qaOf = new Map(qa.assets.map((a) => [a.id, a]));

  const next: Lockfile = { lockfileVersion: 1, assets: {} };
  const result: Omit<DeliveryResult, 'timings' | 'lockfile' | 'assetsJson'> = {
    schema: 'genops/delivery@1',
    written: 0,
    unchanged: 0,
    delivered: [],
    kept: [],
    removed: [],
    failed: [],
  };

  let done = 0;
  await Promise.all(
    plan.assets.map(async (asset) => {
      const verdict = qaOf.get(asset.id) as AssetQa;
      const old = previous.assets[asset.id];
      if (verdict.verdict !== 'pass' || !verdict.chosen) {
        // A failing asset keeps its last approved version live.
        if (old) {
          next.assets[asset.id] = old;
          result.kept.push(asset.id);
        }
        return;
      }
      const job = jobs.get(verdict.chosen) as Job;
      const entry = synthesis.entries[job.key] as SynthesisEntry;
      try {
        next.assets[asset.id] = await deliverAsset(
          ctx,
          target,
          encodes,
          present,
          asset,
          job,
          entry,
          qa.jobs[job.key]?.scores ?? {},
          result,
          old,
        );
        result.delivered.push(asset.id);
      } catch (error) {
        result.failed.push({ id: asset.id, reason: errorMessage(error) });
        if (old) next.assets[asset.id] = old;
      } finally {
        ctx.log.progress('delivering', ++done, plan.assets.length);
      }
    }),
  );
  result.removed = Object.keys(previous.assets).filter((id) => !plan.assets.some((a) => a.id === id));

  // Index files last: only now does the new version become visible.
  const assetsJson = renderAssetsJson(next, target);
  await target.put('assets.json', Buffer.from(assetsJson), {
    contentType: 'application/json',
    cacheControl: SHORT_LIVED,
  });
  await writeLockfile(ctx.lockfilePath, next);
  const delivery: DeliveryResult = {
    ...result,
    lockfile: ctx.lockfilePath,
    assetsJson: path.join(target.location, 'assets.json'),
    timings: stop(),
  };
  delivery.delivered.sort();
  delivery.kept.sort();
  await writeRunFile(ctx.runDir, 'delivery', delivery);
  ctx.log.info(
    `deliver: ${delivery.delivered.length} assets (${delivery.written} files written, ${delivery.unchanged} unchanged) to ${target.location}`,
  );
  return delivery;
}

async function deliverAsset(
  ctx: LayerContext,
  target: DeliveryTarget,
  encodes: JsonIndex<EncodedRecord>,
  present: Set<string>,
  asset: PlannedAsset,
  job: Job,
  entry: SynthesisEntry,
  scores: Record<string, number>,
  counts: { written: number; unchanged: number },
  previous: LockedAsset | undefined,
): Promise<LockedAsset> {
  const blob = entry.blob as string;
  const createdAt =
    previous?.blob === blob ? previous.createdAt : (await ctx.workspace.jobs.get(job.key))?.createdAt;
  const xmp = buildXmp({
    title: asset.title,
    description: job.request.prompt,
    creator: asset.creator,
    rights: asset.license,
    credit: asset.credit,
    tags: asset.tags,
    creatorTool: CREATOR_TOOL,
    digitalSourceType: digitalSourceTypeFor(job.backend.type),
    generator: job.backend.type,
    model: entry.facts?.model ?? job.backend.model,
    jobKey: job.key,
    seed: entry.facts?.seed ?? job.request.seed,
    createdAt,
  });

  const variants: { format: ImageFormat; width?: number }[] = [
    { format: job.request.format },
    ...asset.delivery.formats.filter((f) => f !== job.request.format).map((format) => ({ format })),
    ...asset.delivery.widths.flatMap((width) =>
      [job.request.format, ...asset.delivery.formats].filter(unique).map((format) => ({ format, width })),
    ),
  ];

  let source: Buffer | undefined;
  const files: DeliveredFile[] = [];
  for (const variant of variants) {
    const encodeKey = contentKey({
      v: ENCODE_VERSION,
      blob,
      xmp,
      format: variant.format,
      width: variant.width ?? null,
    });
    let record = await encodes.get(encodeKey);
    let file = record && fileName(asset.id, record.sha256, variant.format);
    if (!record || !file || !present.has(file)) {
      source ??= await ctx.workspace.blobs.get(blob);
      const encoded = await encodeWithXmp(source, variant.format, xmp, variant.width);
      record = {
        sha256: sha256Hex(encoded.bytes),
        bytes: encoded.bytes.length,
        width: encoded.width,
        height: encoded.height,
      };
      file = fileName(asset.id, record.sha256, variant.format);
      if (!present.has(file)) {
        await target.put(file, encoded.bytes, {
          contentType: CONTENT_TYPES[variant.format],
          cacheControl: IMMUTABLE,
        });
        counts.written++;
      } else counts.unchanged++;
      await encodes.set(encodeKey, record);
    } else counts.unchanged++;
    if (!files.some((f) => f.path === file)) {
      files.push({
        format: variant.format,
        width: record.width,
        height: record.height,
        sha256: record.sha256,
        bytes: record.bytes,
        path: file,
        url: target.url(file),
      });
    }
  }

  return {
    id: asset.id,
    blob,
    key: job.key,
    prompt: job.request.prompt,
    negativePrompt: job.request.negativePrompt,
    backend: job.backend.type,
    model: entry.facts?.model ?? job.backend.model,
    seed: job.request.seed,
    reportedSeed: entry.facts?.seed,
    reproducible: entry.facts?.reproducible ?? true,
    width: job.request.width,
    height: job.request.height,
    format: job.request.format,
    scores,
    createdAt,
    files,
  };
}

function unique<T>(value: T, index: number, all: T[]): boolean {
  return all.indexOf(value) === index;
}

/** `hero/city.3f2a…(16).webp`: content-hashed, so a name never points at other bytes. */
export function fileName(id: string, sha256: string, format: ImageFormat): string {
  return `${id}.${sha256.slice(0, 16)}.${EXTENSIONS[format]}`;
}

function openTarget(ctx: LayerContext, config: DeliveryTargetConfig): DeliveryTarget {
  if (config.type === 'local')
    return new LocalTarget(path.resolve(baseDirOf(ctx), config.dir ?? 'generated'), config.baseUrl);
  throw new Error(`delivery target "${config.type}" is not available in this build`);
}

/** What apps read: id → primary file, size, hash, URL, and a ready srcset per format. */
export function renderAssetsJson(lock: Lockfile, target: DeliveryTarget): string {
  const assets = Object.fromEntries(
    Object.keys(lock.assets)
      .sort()
      .map((id) => {
        const a = lock.assets[id] as LockedAsset;
        const primary = a.files[0] as DeliveredFile;
        const srcset: Record<string, string> = {};
        for (const format of new Set(a.files.map((f) => f.format))) {
          srcset[format] = a.files
            .filter((f) => f.format === format)
            .sort((x, y) => x.width - y.width)
            .map((f) => `${f.url ?? f.path} ${f.width}w`)
            .join(', ');
        }
        return [
          id,
          {
            file: primary.path,
            url: primary.url ?? target.url(primary.path),
            width: primary.width,
            height: primary.height,
            sha256: primary.sha256,
            blob: a.blob,
            srcset,
          },
        ];
      }),
  );
  return `${JSON.stringify({ version: 1, assets }, null, 2)}\n`;
}
