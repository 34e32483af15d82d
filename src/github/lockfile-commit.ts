import { readFile } from 'node:fs/promises';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { GitHubClient } from './client.js';
import { GitHubError } from './client.js';

export type LockfileCommitResult =
  | { action: 'committed'; commit: string }
  | { action: 'unchanged' }
  | { action: 'skipped'; reason: string }
  /** Not committed by choice (the token's commit would start no workflow): the patch to apply by hand. */
  | { action: 'stale'; reason: string; patch: string };

/**
 * Commits the run's genops.lock to the pull request's head branch through the contents API, when it
 * differs from the branch's copy. The blob sha read first makes it a compare-and-swap: if someone
 * pushed a new lockfile meanwhile, GitHub answers 409 and this run leaves it to the newer one.
 *
 * A commit made with GITHUB_TOKEN starts no workflow (so no loop, but no checks on that commit
 * either); a GitHub App token starts one, which finds the lockfile current and commits nothing.
 */
export async function commitLockfile(
  client: GitHubClient,
  options: {
    localFile: string;
    repoPath: string;
    branch: string;
    message: string;
    /** Set when this run must not commit: a differing lockfile comes back as a patch, with this reason. */
    holdBack?: string;
  },
): Promise<LockfileCommitResult> {
  let local: Buffer;
  try {
    local = await readFile(options.localFile);
  } catch {
    return { action: 'skipped', reason: `${options.localFile} was not written (deliver did not run)` };
  }
  const remote = await client.readFile(options.repoPath, options.branch);
  if (remote?.bytes.equals(local)) return { action: 'unchanged' };
  if (options.holdBack) {
    const before = remote?.bytes.toString('utf8') ?? '';
    return { action: 'stale', reason: options.holdBack, patch: patchOf(options.repoPath, before, local) };
  }
  try {
    const commit = await client.writeFile(
      options.repoPath,
      options.branch,
      options.message,
      local,
      remote?.sha,
    );
    return { action: 'committed', commit };
  } catch (error) {
    if (error instanceof GitHubError && (error.status === 409 || error.status === 422))
      return {
        action: 'skipped',
        reason: `${options.branch} moved while this run worked (${error.status}); the newer run commits it`,
      };
    throw error;
  }
}

/** A unified diff `git apply` reads as it is: file headers only, no "Index:" line. */
function patchOf(repoPath: string, before: string, after: Buffer): string {
  return createTwoFilesPatch(
    `a/${repoPath}`,
    `b/${repoPath}`,
    before,
    after.toString('utf8'),
    undefined,
    undefined,
    {
      headerOptions: FILE_HEADERS_ONLY,
    },
  );
}

/**
 * Several files (a review decision and the lockfile it produced) in one commit on `branch`, whose
 * head must still be `parent`, the commit this run checked out: the branch moves fast-forward only,
 * so a push made meanwhile wins and this run says so. Same outcomes as `commitLockfile`; a held-back
 * commit comes back as one patch of every differing file.
 */
export async function commitFiles(
  client: GitHubClient,
  options: {
    files: { localFile: string; repoPath: string }[];
    branch: string;
    parent: string;
    message: string;
    holdBack?: string;
  },
): Promise<LockfileCommitResult> {
  const changed: { repoPath: string; local: Buffer; before: string }[] = [];
  for (const file of options.files) {
    const local = await readFile(file.localFile).catch(() => undefined);
    if (!local) return { action: 'skipped', reason: `${file.localFile} was not written` };
    const remote = await client.readFile(file.repoPath, options.parent);
    if (!remote?.bytes.equals(local))
      changed.push({ repoPath: file.repoPath, local, before: remote?.bytes.toString('utf8') ?? '' });
  }
  if (!changed.length) return { action: 'unchanged' };
  if (options.holdBack) {
    const patch = changed.map((c) => patchOf(c.repoPath, c.before, c.local)).join('');
    return { action: 'stale', reason: options.holdBack, patch };
  }
  const entries = [];
  for (const c of changed)
    entries.push({
      path: c.repoPath,
      mode: '100644' as const,
      type: 'blob' as const,
      sha: await client.createBlob(c.local),
    });
  const tree = await client.createTree(entries, await client.commitTree(options.parent));
  const commit = await client.createCommit(options.message, tree, [options.parent]);
  try {
    await client.moveBranch(options.branch, commit);
    return { action: 'committed', commit };
  } catch (error) {
    if (error instanceof GitHubError && error.status === 422)
      return {
        action: 'skipped',
        reason: `${options.branch} moved while this run worked (someone pushed); nothing was committed`,
      };
    throw error;
  }
}
