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
    // `git apply` reads it as it is: file headers only, no "Index:" line.
    const patch = createTwoFilesPatch(
      `a/${options.repoPath}`,
      `b/${options.repoPath}`,
      before,
      local.toString('utf8'),
      undefined,
      undefined,
      { headerOptions: FILE_HEADERS_ONLY },
    );
    return { action: 'stale', reason: options.holdBack, patch };
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
