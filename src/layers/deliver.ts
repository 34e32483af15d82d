import { readFile } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import { contentKey } from '../core/canonical.js';
import type { DeliveryTargetConfig } from '../core/config.js';
import { errorMessage, InputError, type InputProblem } from '../core/errors.js';
import { EXTENSIONS, MEDIA_TYPES } from '../core/formats.js';
import type {
  AssetQa,
  DeliveredFile,
  DeliverMode,
  DeliveryResult,
  HumanChoice,
  ImageFormat,
  Job,
  LockedAsset,
  Lockfile,
  Plan,
  PlannedAsset,
  SynthesisEntry,
} from '../core/model.js';
import type { C2paSigner, SignatureMemo } from '../deployers/c2pa.js';
import { derivativePath, makeDerivatives, srcset } from '../deployers/derivatives.js';
import { LocalTarget } from '../deployers/local.js';
import {
  buildXmp,
  DIGITAL_SOURCE_TYPE,
  digitalSourceTypeFor,
  type Provenance,
} from '../deployers/metadata.js';
import { type PublishFile, publish } from '../deployers/publish.js';
import { type DeliveryTarget, IMMUTABLE, SHORT_LIVED } from '../deployers/target.js';
import { parseLockfile, readLockfile, serializeLockfile, writeLockfile } from '../lockfile/lockfile.js';
import { isTrusted } from '../store/blob-store.js';
import { JsonIndex } from '../store/json-index.js';
import { baseDirOf, type LayerContext, localTargetDir } from './context.js';
import { prepareImageBatch } from './image-runtime.js';
import { readRunFile, startTimer, writeRunFile } from './run-folder.js';
import { useSharedStore } from './store.js';

export const CREATOR_TOOL = 'GenOps 0.1';
/**
 * Bump when encoding settings or the XMP packet's template (buildXmp) change: records are keyed by the
 * provenance, not the packet, so cached derivative records of the old settings are then ignored.
 */
const ENCODE_VERSION = 3;
/**
 * Assets derived at once: each holds its source and, when re-encoding, one decode; more than the
 * libuv pool (4) only queues there while holding memory.
 */
const DELIVER_CONCURRENCY = 4;

export interface DeliverOptions {
  mode?: DeliverMode;
  /** With `locked`: publish the lockfile as it was at this git commit (rollback). */
  ref?: string;
}

/** What the derivative cache remembers of one asset's files: their facts, the bytes being in the store. */
interface DerivedRecord {
  files: Omit<DeliveredFile, 'path' | 'url'>[];
}

/**
 * Layer 4. Every content-hashed file is stored (blob store) and uploaded before assets.json and the
 * lockfile are replaced, so a failure half-way leaves the previous version live and a rerun finishes.
 */
export async function deliverLayer(ctx: LayerContext, options: DeliverOptions = {}): Promise<DeliveryResult> {
  const mode = options.mode ?? 'publish';
  const stop = startTimer();
  const plan = await readRunFile(ctx.runDir, 'plan');
  await useSharedStore(ctx, plan);
  const targets = await openTargets(ctx, plan.targets);
  const primary = targets[0] as DeliveryTarget;
  const result: DeliveryResult = {
    schema: 'genops/delivery@1',
    mode,
    written: 0,
    unchanged: 0,
    delivered: [],
    kept: [],
    removed: [],
    failed: [],
    lockfile: ctx.lockfilePath,
    timings: { startedAt: '', durationMs: 0 },
  };

  let lock: Lockfile;
  let lockText: string | undefined;
  // One listing of a sole target serves both the no-op check of each asset and the upload.
  const listing = mode !== 'stage' && targets.length === 1 ? await primary.list() : undefined;
  if (mode === 'locked') {
    lock = options.ref ? await lockfileAtRef(ctx, options.ref) : await readLockfile(ctx.lockfilePath);
    if (!options.ref) assertLockfileCurrent(ctx, plan, lock);
    result.delivered = Object.keys(lock.assets).sort();
  } else {
    lockText = await readFile(ctx.lockfilePath, 'utf8').catch(() => undefined);
    const previous = lockText === undefined ? emptyLockfile() : parseLockfile(ctx.lockfilePath, lockText);
    lock = await buildLockfile({ ctx, plan, primary, listing }, result, previous);
  }

  if (mode !== 'stage') {
    for (const target of targets) {
      const outcome = await publish(target, contentFiles(ctx, lock), indexFiles(ctx, lock, target), {
        listing: target === primary ? listing : undefined,
      });
      result.written += outcome.uploaded.length;
      result.unchanged += outcome.skipped.length;
      if (outcome.replaced.length)
        ctx.log.warn(
          `deliver: replaced ${outcome.replaced.length} file(s) with other bytes at ${target.location}: ${outcome.replaced.join(', ')}`,
        );
    }
    result.assetsJson = path.join(primary.location, 'assets.json');
  }
  // An unchanged lockfile is not rewritten: a no-op run leaves the working tree as it was.
  if (mode !== 'locked' && serializeLockfile(lock) !== lockText) await writeLockfile(ctx.lockfilePath, lock);
  result.timings = stop();
  await writeRunFile(ctx.runDir, 'delivery', result);
  ctx.log.info(
    `deliver (${mode}): ${result.delivered.length} assets, ${result.written} files uploaded, ${result.unchanged} unchanged` +
      (mode === 'stage' ? '' : ` → ${targets.map((t) => t.location).join(', ')}`),
  );
  return result;
}

function emptyLockfile(): Lockfile {
  return { lockfileVersion: 1, assets: {} };
}

interface BuildSetup {
  ctx: LayerContext;
  plan: Plan;
  primary: DeliveryTarget;
  /** The sole target's files, when there is one target. */
  listing?: Set<string>;
}

/** The next lockfile from QA's verdicts: approved assets with their files derived and stored. */
async function buildLockfile(
  { ctx, plan, primary, listing }: BuildSetup,
  result: DeliveryResult,
  previous: Lockfile,
): Promise<Lockfile> {
  const synthesis = await readRunFile(ctx.runDir, 'synthesis');
  const qa = await readRunFile(ctx.runDir, 'qa');
  const derived = new JsonIndex<DerivedRecord>(ctx.workspace.paths.derived);
  const signers = new Map<string, Promise<C2paSigner>>();
  const jobs = new Map(plan.jobs.map((j) => [j.key, j]));
  const qaOf = new Map(qa.assets.map((a) => [a.id, a]));
  const next: Lockfile = { lockfileVersion: 1, assets: {} };

  let done = 0;
  const queue = new PQueue({ concurrency: DELIVER_CONCURRENCY });
  await Promise.all(
    plan.assets.map((asset) =>
      queue.add(async () => {
        const verdict = qaOf.get(asset.id) as AssetQa;
        const old = previous.assets[asset.id];
        try {
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
          const scores = qa.jobs[job.key]?.scores ?? {};
          const deps = { ctx, derived, signers, primary, listing };
          const locked = await lockAsset(deps, asset, job, entry, scores, old);
          next.assets[asset.id] = withDecision(locked, verdict.human);
          result.delivered.push(asset.id);
        } catch (error) {
          result.failed.push({ id: asset.id, reason: errorMessage(error) });
          if (old) next.assets[asset.id] = old;
        } finally {
          ctx.log.progress('delivering', ++done, plan.assets.length);
        }
      }),
    ),
  );
  result.removed = Object.keys(previous.assets).filter((id) => !plan.assets.some((a) => a.id === id));
  result.delivered.sort();
  result.kept.sort();
  return next;
}

/**
 * The reviewers' decisions behind the locked version (who picked, approved or rerolled, when), so
 * `git log -p genops.lock` shows them beside the bytes they chose. Notes about lapsed decisions
 * stay in the report: the lockfile records what shipped.
 */
function withDecision(locked: LockedAsset, human: HumanChoice | undefined): LockedAsset {
  const { notes: _notes, ...decision } = human ?? {};
  return Object.keys(decision).length ? { ...locked, decision } : locked;
}

interface LockDeps {
  ctx: LayerContext;
  derived: JsonIndex<DerivedRecord>;
  signers: Map<string, Promise<C2paSigner>>;
  primary: DeliveryTarget;
  listing?: Set<string>;
}

async function lockAsset(
  { ctx, derived, signers, primary, listing }: LockDeps,
  asset: PlannedAsset,
  job: Job,
  entry: SynthesisEntry,
  scores: Record<string, number>,
  previous: LockedAsset | undefined,
): Promise<LockedAsset> {
  const blob = entry.blob as string;
  const createdAt =
    previous?.blob === blob ? previous.createdAt : (await ctx.workspace.jobs.get(job.key))?.createdAt;
  const model = entry.facts?.model ?? job.backend.model;
  const digitalSourceType = digitalSourceTypeFor(job.backend.type);
  const provenance: Provenance = {
    title: asset.title,
    description: job.request.prompt,
    creator: asset.creator,
    rights: asset.license,
    credit: asset.credit,
    tags: asset.tags,
    creatorTool: CREATOR_TOOL,
    digitalSourceType,
    generator: job.backend.type,
    model,
    jobKey: job.key,
    seed: entry.facts?.seed ?? job.request.seed,
    createdAt,
  };
  const formats = [job.request.format, ...asset.delivery.formats.filter((f) => f !== job.request.format)];
  const widths = [job.request.width, ...asset.delivery.widths];
  const c2pa = asset.delivery.c2pa;
  // Keyed by what the XMP packet is made from: the packet itself is built only to encode.
  const recordKey = contentKey({ v: ENCODE_VERSION, blob, provenance, formats, widths, c2pa: c2pa ?? null });

  let record = await derived.get(recordKey);
  if (!record || !(await allStored(ctx, record, asset.id, listing))) {
    const claim = { digitalSourceType, description: `${job.backend.type} ${model}` };
    const xmp = buildXmp(provenance);
    record = await encodeAndStore({ ctx, signers }, asset, blob, xmp, { formats, widths }, claim);
    await derived.set(recordKey, record);
  }
  const files = deliveredFiles(record, asset.id, job.request.format, primary);
  return {
    id: asset.id,
    blob,
    key: job.key,
    prompt: job.request.prompt,
    // The rewrite travels with the asset, so a rerun or CI plans the same prompt without the model.
    ...(job.optimized
      ? {
          originalPrompt: job.optimized.original,
          optimization: { key: job.optimized.key, model: job.optimized.model },
        }
      : {}),
    negativePrompt: job.request.negativePrompt,
    backend: job.backend.type,
    model,
    seed: job.request.seed,
    reportedSeed: entry.facts?.seed,
    reproducible: entry.facts?.reproducible ?? true,
    width: job.request.width,
    height: job.request.height,
    format: job.request.format,
    scores,
    createdAt,
    alias: asset.delivery.alias,
    files,
  };
}

/** What the C2PA claim says of the asset: how it was made, by which back end and model. */
interface ClaimFacts {
  digitalSourceType: string;
  description: string;
}

/**
 * Encodes every derivative of the blob, C2PA-signs those whose format carries a manifest (when
 * asked), and stores their bytes: the cache record of the asset's files.
 */
async function encodeAndStore(
  { ctx, signers }: Pick<LockDeps, 'ctx' | 'signers'>,
  asset: PlannedAsset,
  blob: string,
  xmp: string,
  spec: { formats: ImageFormat[]; widths: number[] },
  facts: ClaimFacts,
): Promise<DerivedRecord> {
  const c2pa = asset.delivery.c2pa;
  await prepareImageBatch();
  const source = await ctx.workspace.blobs.get(blob);
  const made = await makeDerivatives(source, spec, xmp, { maxPixels: asset.qa.maxPixels });
  const signer = c2pa ? await signerFor(ctx, signers, c2pa) : undefined;
  const files: DerivedRecord['files'] = [];
  for (const d of made) {
    let bytes = d.bytes;
    if (signer && (d.format === 'png' || d.format === 'jpeg')) {
      const { signC2pa } = await import('../deployers/c2pa.js');
      const claim = {
        softwareAgent: { name: 'GenOps', version: '0.1' },
        digitalSourceType:
          facts.digitalSourceType === DIGITAL_SOURCE_TYPE.algorithmic ? undefined : facts.digitalSourceType,
        description: facts.description,
      } as Parameters<typeof signC2pa>[2];
      // Signing is the very last step: any later change of a byte would break the signature.
      bytes = await signC2pa(bytes, signer, claim, signatureMemo(ctx));
    }
    const sha256 = await ctx.workspace.blobs.put(bytes);
    files.push({ format: d.format, width: d.width, height: d.height, sha256, bytes: bytes.length });
  }
  return { files };
}

/**
 * The record's files with their paths and URLs, the primary file (generated format, full width)
 * first: apps and reviewers look at it.
 */
function deliveredFiles(
  record: DerivedRecord,
  assetId: string,
  generated: ImageFormat,
  primary: DeliveryTarget,
): DeliveredFile[] {
  const ordered = [...record.files].sort(
    (a, b) => Number(b.format === generated) - Number(a.format === generated) || b.width - a.width,
  );
  return ordered.map((f) => {
    const filePath = derivativePath(assetId, f);
    return { ...f, path: filePath, url: primary.url(filePath) };
  });
}

/**
 * Whether every file of the record can be published: its bytes are in the store, or, with one
 * target, the target already has it (then its bytes are never read, and a no-op run stats nothing).
 */
async function allStored(
  ctx: LayerContext,
  record: DerivedRecord,
  assetId: string,
  listing: Set<string> | undefined,
): Promise<boolean> {
  if (listing && record.files.every((f) => listing.has(derivativePath(assetId, f)))) return true;
  const present = await Promise.all(
    record.files.map(async (f) => isTrusted(await ctx.workspace.blobs.verify(f.sha256))),
  );
  return present.every(Boolean);
}

function signerFor(
  ctx: LayerContext,
  signers: Map<string, Promise<C2paSigner>>,
  spec: NonNullable<PlannedAsset['delivery']['c2pa']>,
): Promise<C2paSigner> {
  const id = JSON.stringify(spec);
  let signer = signers.get(id);
  if (!signer) {
    signer = import('../deployers/c2pa.js').then(({ loadC2paSigner }) =>
      loadC2paSigner(spec, { baseDir: baseDirOf(ctx), env: ctx.env, manifestFile: ctx.manifestPath }),
    );
    signers.set(id, signer);
  }
  return signer;
}

/** Non-deterministic signatures (ES256, RSA) are remembered, so an unchanged asset keeps its bytes. */
function signatureMemo(ctx: LayerContext): SignatureMemo {
  const index = new JsonIndex<string>(ctx.workspace.paths.signed);
  return {
    get: async (key) => {
      const sha = await index.get(key);
      return sha && (await ctx.workspace.blobs.has(sha)) ? ctx.workspace.blobs.get(sha) : undefined;
    },
    set: async (key, signed) => index.set(key, await ctx.workspace.blobs.put(signed)),
  };
}

/** Every file the lockfile names, read lazily from the store (a file the target has is never read). */
export function contentFiles(ctx: LayerContext, lock: Lockfile): PublishFile[] {
  return Object.values(lock.assets).flatMap((asset) =>
    asset.files.map((file) => ({
      path: file.path,
      bytes: () => ctx.workspace.blobs.get(file.sha256),
      sha256: file.sha256,
      contentType: MEDIA_TYPES[file.format],
      cacheControl: IMMUTABLE,
    })),
  );
}

/** Aliases, then assets.json last: only then does the new version become visible. */
function indexFiles(ctx: LayerContext, lock: Lockfile, target: DeliveryTarget): PublishFile[] {
  const aliases: PublishFile[] = Object.values(lock.assets)
    .filter((a) => a.alias && a.files[0])
    .map((a) => {
      const primary = a.files[0] as DeliveredFile;
      return {
        path: `${a.alias}.${EXTENSIONS[primary.format]}`,
        bytes: () => ctx.workspace.blobs.get(primary.sha256),
        sha256: primary.sha256,
        contentType: MEDIA_TYPES[primary.format],
        cacheControl: SHORT_LIVED,
      };
    });
  const assetsJson = Buffer.from(renderAssetsJson(lock, target));
  return [
    ...aliases,
    { path: 'assets.json', bytes: assetsJson, contentType: 'application/json', cacheControl: SHORT_LIVED },
  ];
}

export async function openTargets(
  ctx: LayerContext,
  configs: DeliveryTargetConfig[],
): Promise<DeliveryTarget[]> {
  const list = configs.length ? configs : [{ type: 'local' as const }];
  return Promise.all(
    list.map(async (config) => {
      if (config.type === 'local') {
        return new LocalTarget(localTargetDir(ctx, config), config.baseUrl);
      }
      const { S3DeliveryTarget } = await import('../deployers/s3.js');
      return new S3DeliveryTarget(config, { env: ctx.env });
    }),
  );
}

async function lockfileAtRef(ctx: LayerContext, ref: string): Promise<Lockfile> {
  const { lockfileAt } = await import('../lockfile/history.js');
  const repoDir = baseDirOf(ctx);
  return lockfileAt(repoDir, path.resolve(ctx.lockfilePath), ref);
}

/**
 * The merge run deploys only what review approved: every asset of the manifest must be in the
 * lockfile with one of its current job keys, and nothing else. Otherwise the lockfile is stale.
 */
export function assertLockfileCurrent(ctx: LayerContext, plan: Plan, lock: Lockfile): void {
  const problems: InputProblem[] = [];
  const where = { file: ctx.lockfilePath };
  for (const asset of plan.assets) {
    const locked = lock.assets[asset.id];
    if (!locked)
      problems.push({ ...where, message: `asset "${asset.id}" is in the manifest but not in the lockfile` });
    else if (!asset.jobs.includes(locked.key)) {
      problems.push({
        ...where,
        message: `asset "${asset.id}" changed in the manifest after the lockfile was written`,
      });
    }
  }
  for (const id of Object.keys(lock.assets)) {
    if (!plan.assets.some((a) => a.id === id))
      problems.push({ ...where, message: `asset "${id}" is in the lockfile but no longer in the manifest` });
  }
  if (problems.length) {
    const hint =
      'the lockfile is stale: run genops on the pull request so it commits an updated lockfile, or deploy with --allow-generate (action input allow-generate-on-deploy: true)';
    throw new InputError(problems.map((p, i) => (i === problems.length - 1 ? { ...p, hint } : p)));
  }
}

/** What apps read: id → primary file, size, hash, URL, and a ready srcset per format. */
export function renderAssetsJson(lock: Lockfile, target: DeliveryTarget): string {
  const assets = Object.fromEntries(
    Object.keys(lock.assets)
      .sort()
      .map((id) => {
        const a = lock.assets[id] as LockedAsset;
        const primary = a.files[0] as DeliveredFile;
        const urlOf = (f: Pick<DeliveredFile, 'path'>) => target.url(f.path) ?? f.path;
        const formats = [...new Set(a.files.map((f) => f.format))] as ImageFormat[];
        const sets = Object.fromEntries(
          formats.map((format) => [
            format,
            srcset(
              a.files.map((f) => ({ ...f, url: urlOf(f) })),
              format,
            ),
          ]),
        );
        const entry = {
          file: primary.path,
          url: urlOf(primary),
          width: primary.width,
          height: primary.height,
          sha256: primary.sha256,
          blob: a.blob,
          srcset: sets,
        };
        return [id, entry];
      }),
  );
  return `${JSON.stringify({ version: 1, assets }, null, 2)}\n`;
}
