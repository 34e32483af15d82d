import type { Lockfile, Plan, Synthesis } from '../core/model.js';
import { SHA256_HEX } from '../store/blob-store.js';
import type { CacheEntry, Workspace } from '../store/workspace.js';
import { commitToBranch, listBranch } from './branch.js';
import type { GitHubClient } from './client.js';

/**
 * The hand-off from the pull-request run to the merge run when no shared store (S3) is configured.
 * GitHub's cache cannot carry it: caches saved by `pull_request` runs are visible only to that PR.
 * So the PR run commits the images it reviewed (every candidate, with its cache record) to an orphan
 * branch, and the merge run reads back exactly the ones genops.lock names — without any generator.
 *
 * Layout: `blobs/sha256/ab/<sha256>` (image bytes) and `jobs/<job key>.json` (cache record).
 */
export const blobPath = (sha: string) => `blobs/sha256/${sha.slice(0, 2)}/${sha}`;
export const jobPath = (key: string) => `jobs/${key}.json`;

export async function publishHandoff(
  client: GitHubClient,
  branch: string,
  workspace: Workspace,
  synthesis: Synthesis,
  lock: Lockfile,
  message: string,
): Promise<{ commit?: string; uploaded: number; present: number }> {
  const existing = await listBranch(client, branch);
  const add = new Map<string, Buffer>();
  let present = 0;
  // The delivered files genops.lock names (derivatives with provenance, signed where configured):
  // the merge run uploads these very bytes.
  for (const sha of lockedFiles(lock)) {
    if (existing.files.has(blobPath(sha))) present++;
    else add.set(blobPath(sha), await workspace.blobs.get(sha));
  }
  for (const entry of Object.values(synthesis.entries)) {
    if (!entry.blob) continue;
    const record = await workspace.jobs.get(entry.key);
    if (!record) continue;
    if (existing.files.has(blobPath(entry.blob)) && existing.files.has(jobPath(entry.key))) {
      present++;
      continue;
    }
    if (!existing.files.has(blobPath(entry.blob)))
      add.set(blobPath(entry.blob), await workspace.blobs.get(entry.blob));
    add.set(jobPath(entry.key), Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
  }
  if (!add.size) return { uploaded: 0, present };
  const result = await commitToBranch(client, branch, { add, message });
  return { commit: result?.commit, uploaded: add.size, present };
}

export interface HydrateResult {
  blobs: number;
  records: number;
  /** Lockfile blobs neither local nor on the branch. */
  missing: string[];
}

/**
 * Fills the local store from the branch: every blob genops.lock names, and the cache record (and
 * blob) of every planned job, so the cache this run saves on the default branch starts PRs warm.
 * Bytes are checked against their name before they are stored.
 */
export async function hydrateFromBranch(
  client: GitHubClient,
  branch: string,
  workspace: Workspace,
  lock: Lockfile,
  plan: Plan,
): Promise<HydrateResult> {
  const remote = await listBranch(client, branch);
  const result: HydrateResult = { blobs: 0, records: 0, missing: [] };
  const fetchBlob = async (sha: string): Promise<boolean> => {
    if (!SHA256_HEX.test(sha)) return false;
    if (await workspace.blobs.has(sha)) return true;
    const gitSha = remote.files.get(blobPath(sha));
    if (!gitSha) return false;
    const stored = await workspace.blobs.put(await client.readBlob(gitSha));
    if (stored !== sha) throw new Error(`${branch}:${blobPath(sha)} holds other bytes (sha256 ${stored})`);
    result.blobs++;
    return true;
  };
  for (const sha of [...Object.values(lock.assets).map((a) => a.blob), ...lockedFiles(lock)]) {
    if (!(await fetchBlob(sha))) result.missing.push(sha);
  }
  for (const job of plan.jobs) {
    if (await workspace.jobs.get(job.key)) continue;
    const gitSha = remote.files.get(jobPath(job.key));
    if (!gitSha) continue;
    const record = JSON.parse((await client.readBlob(gitSha)).toString('utf8')) as CacheEntry;
    if (record.key !== job.key || !(await fetchBlob(record.blob))) continue;
    await workspace.jobs.set(job.key, record);
    result.records++;
  }
  return result;
}

/** sha256 of every delivered file the lockfile names. */
function lockedFiles(lock: Lockfile): string[] {
  return [...new Set(Object.values(lock.assets).flatMap((a) => a.files.map((f) => f.sha256)))];
}
