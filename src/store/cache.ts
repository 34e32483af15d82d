import path from 'node:path';
import type { GenerationFacts } from '../core/model.js';
import type { BlobStore } from './blob-store.js';
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

/** The local state folder (default `.genops/`): blobs, the job cache, and measurement caches. */
export interface Workspace {
  root: string;
  blobs: BlobStore;
  jobs: JsonIndex<CacheEntry>;
}

export function openWorkspace(root: string, blobs?: BlobStore): Workspace {
  return {
    root,
    blobs: blobs ?? new FsBlobStore(path.join(root, 'blobs')),
    jobs: new JsonIndex<CacheEntry>(path.join(root, 'cache', 'jobs')),
  };
}

/** A hit needs both the index record and its blob: a record whose blob is gone is a miss. */
export async function lookupCached(workspace: Workspace, key: string): Promise<CacheEntry | undefined> {
  const entry = await workspace.jobs.get(key);
  if (!entry || entry.key !== key) return undefined;
  return (await workspace.blobs.has(entry.blob)) ? entry : undefined;
}
