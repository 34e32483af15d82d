import path from 'node:path';
import type { GenerationFacts } from '../core/model.js';
import { type BlobStore, describeCheck, isTrusted } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { JsonIndex } from './json-index.js';

/** What the cache remembers of one generated job: enough to skip the back end next time. */
export interface CacheEntry {
  key: string;
  blob: string;
  mediaType: string;
  bytes: number;
  facts: GenerationFacts;
  /** When the back end made it; kept stable across reruns so provenance does not churn. */
  createdAt: string;
}

/** Every path under the state folder, spelled once. */
export interface StatePaths {
  root: string;
  /** Content-addressed image bytes (`sha256/ab/<sha256>`). */
  blobs: string;
  /** Every cache below, as one folder (the action caches blobs and this). */
  cache: string;
  /** Job key → generated blob (append-only log). */
  jobs: string;
  /** Blob → decode measurements. */
  measure: string;
  /** Gate results by gate, version, blob and inputs. */
  gates: string;
  /** Grey thumbnails of checked images, a file each with a CRC. */
  thumbs: string;
  /** Delivered files (with provenance) derived from a blob. */
  derived: string;
  /** C2PA-signed files by their unsigned bytes. */
  signed: string;
  /** Blobs found damaged, moved aside for a look (never read, never cached). */
  quarantine: string;
  /** Manifests that passed validation, as JSON. */
  manifests: string;
  /** Blob → its stat when it last hashed to its name: unchanged, it is not hashed again. */
  hashed: string;
  /** Prompt rewrites by `optimize`, by rewrite key (append-only log). */
  prompts: string;
  /** Job keys whose prompt a provider refused (content policy): not sent again unless asked. */
  refused: string;
}

export function statePaths(root: string): StatePaths {
  const cache = path.join(root, 'cache');
  return {
    root,
    blobs: path.join(root, 'blobs'),
    cache,
    jobs: path.join(cache, 'jobs'),
    measure: path.join(cache, 'measure'),
    gates: path.join(cache, 'gates'),
    thumbs: path.join(cache, 'thumbs'),
    derived: path.join(cache, 'derived'),
    signed: path.join(cache, 'signed'),
    manifests: path.join(cache, 'manifests'),
    hashed: path.join(cache, 'hashed'),
    quarantine: path.join(root, 'quarantine'),
    prompts: path.join(cache, 'prompts'),
    refused: path.join(cache, 'refused'),
  };
}

/** The state folder beside a manifest, when none is named: `<manifest dir>/.genops`. */
export function defaultStateDir(manifestPath: string): string {
  return path.join(path.dirname(manifestPath), '.genops');
}

/**
 * The run folder of a manifest, when none is named: `<manifest dir>/.genops/run`, whatever the state
 * folder. Run folders belong to one manifest (plan.json, qa.json): manifests that share a state
 * folder (`--state`) keep their own, as they keep their own lockfile beside them.
 */
export function defaultRunDir(manifestPath: string): string {
  return path.join(defaultStateDir(manifestPath), 'run');
}

/** A prompt a provider refused: when and what it said, so the next run does not pay to ask again. */
export interface RefusedEntry {
  key: string;
  generator: string;
  message: string;
  status?: number;
  refusedAt: string;
}

/** The local state folder (default `.genops/`): blobs, the job cache, and measurement caches. */
export interface Workspace {
  paths: StatePaths;
  blobs: BlobStore;
  jobs: JsonIndex<CacheEntry>;
  refused: JsonIndex<RefusedEntry>;
}

export function openWorkspace(root: string, blobs?: BlobStore): Workspace {
  const paths = statePaths(root);
  return {
    paths,
    blobs: blobs ?? new FsBlobStore(paths.blobs, paths.quarantine, new JsonIndex<string>(paths.hashed)),
    jobs: new JsonIndex<CacheEntry>(paths.jobs),
    refused: new JsonIndex<RefusedEntry>(paths.refused),
  };
}

/**
 * A hit needs both the index record and its blob, whole: a record whose blob is gone is a miss, and
 * so is one whose blob no longer hashes to its name (the blob is quarantined, `warn` says so).
 */
export async function lookupCached(
  workspace: Workspace,
  key: string,
  warn: (message: string) => void = () => {},
): Promise<CacheEntry | undefined> {
  const entry = await jobRecord(workspace, key);
  if (!entry) return undefined;
  const check = await workspace.blobs.verify(entry.blob);
  const trusted = isTrusted(check);
  if (check.status !== 'ok' && check.status !== 'missing')
    warn(`${describeCheck(entry.blob, check)}${trusted ? '' : '; a miss: it is made again'}`);
  return trusted ? entry : undefined;
}

/**
 * Whether a job looks cached: a record and a stored blob, unverified. For estimates made before
 * synthesis (the plan's cost), which must neither hash every blob nor quarantine anything:
 * synthesis verifies each hit and says what it found.
 */
export async function looksCached(workspace: Workspace, key: string): Promise<boolean> {
  const entry = await jobRecord(workspace, key);
  return !!entry && (await workspace.blobs.has(entry.blob));
}

/** The index record of a job, if it is this job's (a record under another key is no record). */
async function jobRecord(workspace: Workspace, key: string): Promise<CacheEntry | undefined> {
  const entry = await workspace.jobs.get(key);
  return entry?.key === key ? entry : undefined;
}
