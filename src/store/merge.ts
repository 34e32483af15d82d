import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../core/canonical.js';
import { FsBlobStore } from './fs-blob-store.js';
import { JsonIndex } from './json-index.js';
import { type CacheEntry, type RefusedEntry, statePaths } from './workspace.js';

/**
 * Merging shard state folders into one (issue 14): what each matrix job generated becomes one
 * state folder, as if one run had made it all. Blobs are content-addressed: each is read, its hash
 * checked against its name, and copied if missing. Job records are a union, and a record is taken
 * only when its blob arrived intact; where two shards made the same key (a shard rerun after a
 * partial upload), the record already in the target wins, so the merge is idempotent.
 */

export interface MergeResult {
  blobsCopied: number;
  blobsPresent: number;
  /** Files under blobs/ whose bytes do not hash to their name: damaged, not copied. */
  blobsCorrupt: string[];
  recordsAdded: number;
  recordsPresent: number;
  /** Records whose blob is in neither the source nor the target (or arrived damaged): skipped. */
  recordsRejected: string[];
  refusalsAdded: number;
}

export async function mergeStates(target: string, sources: string[]): Promise<MergeResult> {
  const into = statePaths(target);
  const blobs = new FsBlobStore(into.blobs);
  const jobs = new JsonIndex<CacheEntry>(into.jobs);
  const refused = new JsonIndex<RefusedEntry>(into.refused);
  const result: MergeResult = {
    blobsCopied: 0,
    blobsPresent: 0,
    blobsCorrupt: [],
    recordsAdded: 0,
    recordsPresent: 0,
    recordsRejected: [],
    refusalsAdded: 0,
  };
  for (const source of sources) {
    const from = statePaths(source);
    await copyBlobs(from.blobs, blobs, result);
    for (const [key, record] of await new JsonIndex<CacheEntry>(from.jobs).entries()) {
      const present = await jobs.get(key);
      if (present?.key === key && (await blobs.has(present.blob))) {
        result.recordsPresent++;
        continue;
      }
      if (record.key !== key || !(await blobs.has(record.blob))) {
        result.recordsRejected.push(key);
        continue;
      }
      await jobs.set(key, record);
      result.recordsAdded++;
    }
    for (const [key, record] of await new JsonIndex<RefusedEntry>(from.refused).entries()) {
      if (await refused.get(key)) continue;
      await refused.set(key, record);
      result.refusalsAdded++;
    }
  }
  return result;
}

/** Every blob under `root/sha256/ab/…`, verified by hash, copied into `into` when missing. */
async function copyBlobs(root: string, into: FsBlobStore, result: MergeResult): Promise<void> {
  const source = new FsBlobStore(root);
  const fans = await readdir(path.join(root, 'sha256')).catch(() => [] as string[]);
  for (const fan of fans.sort()) {
    const names = await readdir(path.join(root, 'sha256', fan)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue; // temp files of an interrupted write
      if (await into.has(name)) {
        result.blobsPresent++;
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await source.get(name);
      } catch {
        result.blobsCorrupt.push(name);
        continue;
      }
      if (sha256Hex(bytes) !== name) {
        result.blobsCorrupt.push(name);
        continue;
      }
      await into.put(bytes);
      result.blobsCopied++;
    }
  }
}

export interface ExportResult {
  blobs: number;
  records: number;
  refusals: number;
  bytes: number;
}

/**
 * The reverse of a merge, for a shard's artifact: only the given jobs' blobs and records (what this
 * run made) are written to `target` in the state folder's layout, so the artifact holds this run's
 * work, not the whole cache it restored. `genops merge` takes the folder as it takes any state folder.
 */
export async function exportJobs(
  source: string,
  target: string,
  keys: Iterable<string>,
): Promise<ExportResult> {
  const from = statePaths(source);
  const into = statePaths(target);
  const blobsFrom = new FsBlobStore(from.blobs);
  const blobsInto = new FsBlobStore(into.blobs);
  const jobsFrom = new JsonIndex<CacheEntry>(from.jobs);
  const jobsInto = new JsonIndex<CacheEntry>(into.jobs);
  const refusedFrom = new JsonIndex<RefusedEntry>(from.refused);
  const refusedInto = new JsonIndex<RefusedEntry>(into.refused);
  const result: ExportResult = { blobs: 0, records: 0, refusals: 0, bytes: 0 };
  for (const key of keys) {
    const refusal = await refusedFrom.get(key);
    if (refusal) {
      await refusedInto.set(key, refusal);
      result.refusals++;
    }
    const record = await jobsFrom.get(key);
    if (record?.key !== key || !(await blobsFrom.has(record.blob))) continue;
    if (!(await blobsInto.has(record.blob))) {
      const bytes = await blobsFrom.get(record.blob);
      await blobsInto.put(bytes);
      result.blobs++;
      result.bytes += bytes.length;
    }
    await jobsInto.set(key, record);
    result.records++;
  }
  return result;
}
