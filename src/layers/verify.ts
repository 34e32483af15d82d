/**
 * `genops verify`: checks everything the state folder and the targets hold against what it claims
 * — blobs against their names, cache records against their blobs, the lockfile against the store,
 * delivered files against the lockfile — repairs what it can from the store, and names the rest.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import type { LayerTimings, Lockfile } from '../core/model.js';
import { PublishError, publish } from '../deployers/publish.js';
import { readLockfile } from '../lockfile/lockfile.js';
import { type BlobCheck, describeCheck, isTrusted, SHA256_HEX } from '../store/blob-store.js';
import { JsonIndex } from '../store/json-index.js';
import { sweepStaleTemps } from '../store/sweep.js';
import type { LayerContext } from './context.js';
import { contentFiles, openTargets } from './deliver.js';
import { readRunFile, startTimer } from './run-folder.js';
import { useSharedStore } from './store.js';

export interface VerifyResult {
  schema: 'genops/verify@1';
  /** Blobs in the local store, hashed. */
  blobs: { checked: number; quarantined: string[]; refetched: string[] };
  /** Cache records dropped because the blob they name is missing or damaged. */
  dropped: { index: string; key: string }[];
  /** Files checked and repaired at each delivery target. */
  targets: { location: string; checked: number; replaced: string[]; redelivered: string[] }[];
  tempsRemoved: number;
  /** What could not be repaired, one sentence each. Empty: everything holds. */
  problems: string[];
  timings: LayerTimings;
}

/** Blob checks of one verify run, each blob hashed once. */
type Checker = (sha256: string) => Promise<BlobCheck>;

export async function verifyLayer(ctx: LayerContext): Promise<VerifyResult> {
  const stop = startTimer();
  const plan = await readRunFile(ctx.runDir, 'plan');
  await useSharedStore(ctx, plan);
  const result: VerifyResult = {
    schema: 'genops/verify@1',
    blobs: { checked: 0, quarantined: [], refetched: [] },
    dropped: [],
    targets: [],
    tempsRemoved: await sweepStaleTemps(ctx.workspace.paths),
    problems: [],
    timings: { startedAt: '', durationMs: 0 },
  };
  const checks = new Map<string, Promise<BlobCheck>>();
  const check: Checker = (sha) => {
    // Every byte read: the store's memory of blobs that hashed whole is not proof enough here.
    const found = checks.get(sha) ?? ctx.workspace.blobs.verify(sha, { rehash: true });
    checks.set(sha, found);
    return found;
  };

  await verifyBlobs(ctx, check, result);
  await verifyIndexes(ctx, check, result);
  const lock = await readLockfile(ctx.lockfilePath);
  await verifyLockfile(lock, check, result);
  await verifyTargets(ctx, plan.targets, lock, result);
  result.timings = stop();
  report(ctx, result);
  return result;
}

/** Hashes every blob in the local store; a damaged one is quarantined (or fetched again). */
async function verifyBlobs(ctx: LayerContext, check: Checker, result: VerifyResult): Promise<void> {
  const root = path.join(ctx.workspace.paths.blobs, 'sha256');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isFile() && SHA256_HEX.test(e.name)).map((e) => e.name);
  const queue = new PQueue({ concurrency: 4 });
  await Promise.all(
    names.map((sha) =>
      queue.add(async () => {
        const found = await check(sha);
        result.blobs.checked++;
        ctx.log.progress('verifying blobs', result.blobs.checked, names.length);
        if (found.status === 'repaired') result.blobs.refetched.push(sha);
        if (found.status === 'corrupt' || found.status === 'repaired') {
          result.blobs.quarantined.push(sha);
          ctx.log.warn(`verify: ${describeCheck(sha, found)}`);
        }
      }),
    ),
  );
}

/** Drops cache records whose blob is missing or damaged: they would be hits that cannot deliver. */
async function verifyIndexes(ctx: LayerContext, check: Checker, result: VerifyResult): Promise<void> {
  const { paths } = ctx.workspace;
  // What each index's records point at; a record of another shape names nothing valid and goes.
  const blobsOf: [string, JsonIndex<unknown>, (value: unknown) => unknown[]][] = [
    ['jobs', ctx.workspace.jobs, (v) => [(v as { blob?: unknown } | null)?.blob]],
    [
      'derived',
      new JsonIndex(paths.derived),
      (v) => {
        const files = (v as { files?: unknown } | null)?.files;
        return Array.isArray(files)
          ? files.map((f) => (f as { sha256?: unknown } | null)?.sha256)
          : [undefined];
      },
    ],
    ['signed', new JsonIndex(paths.signed), (v) => [v]],
  ];
  for (const [name, index, blobs] of blobsOf) {
    const bad = new Set<string>();
    for (const [key, value] of await index.entries()) {
      const shas = blobs(value);
      const trusted = await Promise.all(
        shas.map(
          async (sha) => typeof sha === 'string' && SHA256_HEX.test(sha) && isTrusted(await check(sha)),
        ),
      );
      if (!trusted.every(Boolean)) bad.add(key);
    }
    if (!bad.size) continue;
    const dropped = await index.rewrite((key) => !bad.has(key));
    for (const key of dropped) result.dropped.push({ index: name, key });
  }
}

/** Every blob and file the lockfile names must be in the store, whole: nothing else can deploy it. */
async function verifyLockfile(lock: Lockfile, check: Checker, result: VerifyResult): Promise<void> {
  for (const asset of Object.values(lock.assets)) {
    const wanted = [
      { what: 'its generated image', sha: asset.blob },
      ...asset.files.map((f) => ({ what: f.path, sha: f.sha256 })),
    ];
    for (const { what, sha } of wanted) {
      const found = await check(sha);
      if (isTrusted(found)) continue;
      result.problems.push(
        `lockfile asset "${asset.id}": ${what} (blob ${sha}) is ${found.status === 'missing' ? 'not in the store' : 'damaged in the store (quarantined)'}; run \`genops run\` to make it again`,
      );
    }
  }
}

/** Each target must hold every file the lockfile names with its bytes: wrong or missing ones go again. */
async function verifyTargets(
  ctx: LayerContext,
  configs: Parameters<typeof openTargets>[1],
  lock: Lockfile,
  result: VerifyResult,
): Promise<void> {
  const files = contentFiles(ctx, lock);
  for (const target of await openTargets(ctx, configs)) {
    const listed = await target.list();
    const entry = {
      location: target.location,
      checked: files.length,
      replaced: [] as string[],
      redelivered: [] as string[],
    };
    result.targets.push(entry);
    try {
      const outcome = await publish(target, files, []);
      entry.replaced = outcome.replaced;
      entry.redelivered = outcome.uploaded.filter((f) => !listed.has(f));
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      entry.replaced = error.partial.replaced;
      entry.redelivered = error.partial.uploaded.filter((f) => !listed.has(f));
      for (const failure of error.failures)
        result.problems.push(
          `${target.location}: ${failure.path} could not be delivered again: ${failure.error}`,
        );
    }
  }
}

function report(ctx: LayerContext, result: VerifyResult): void {
  const { blobs, dropped, targets, problems } = result;
  ctx.log.info(
    `verify: ${blobs.checked} blobs hashed, ${blobs.quarantined.length} damaged (quarantined), ${blobs.refetched.length} fetched again from the shared store`,
  );
  if (result.tempsRemoved) ctx.log.info(`verify: removed ${result.tempsRemoved} stale temporary file(s)`);
  if (dropped.length)
    ctx.log.warn(`verify: dropped ${dropped.length} cache record(s) naming missing or damaged blobs`);
  for (const t of targets) {
    const fixed = t.replaced.length + t.redelivered.length;
    ctx.log[fixed ? 'warn' : 'info'](
      `verify: ${t.location}: ${t.checked} files checked, ${t.replaced.length} replaced (other bytes), ${t.redelivered.length} delivered again (missing)`,
    );
  }
  for (const problem of problems) ctx.log.error(`verify: ${problem}`);
  ctx.log.info(
    `verify: ${problems.length ? `${problems.length} problem(s) remain` : 'everything holds'} (${result.timings.durationMs} ms)`,
  );
}
