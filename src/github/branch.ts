import { type GitHubClient, GitHubError, type TreeEntry } from './client.js';

/**
 * A branch of the repository used as a file store through the Git Data API (blobs → tree → commit →
 * ref): works with nothing but the workflow token and `contents: write`. The branch is an orphan
 * (it shares no history with the code), so checkouts of the code never download it.
 */
export interface BranchWrite {
  /** Files to add or replace, by path. */
  add: Map<string, Buffer>;
  /** Existing paths to keep; the rest are pruned from the new tree. Default: keep all. */
  keep?: (path: string) => boolean;
  message: string;
  /**
   * One parentless commit replaces the branch's history, so what is pruned really goes (GitHub
   * collects unreachable objects) and the branch stays the size of what it holds.
   */
  replaceHistory?: boolean;
}

export interface BranchFiles {
  /** Commit at the head of the branch, or undefined when the branch does not exist yet. */
  head?: string;
  /** path → git blob sha */
  files: Map<string, string>;
}

const ATTEMPTS = 3;

export async function listBranch(client: GitHubClient, branch: string): Promise<BranchFiles> {
  const head = await client.branchHead(branch);
  if (!head) return { files: new Map() };
  const entries = await client.listTree(await client.commitTree(head));
  return { head, files: new Map(entries.map((e) => [e.path, e.sha as string])) };
}

/**
 * One commit on `branch` (created as an orphan if absent). Paths already present are not uploaded
 * again, so content-addressed paths cost one request only the first time. Moves the branch
 * fast-forward only (or, with `replaceHistory`, to a new parentless commit) and retries from the
 * new head when another run got there first.
 */
export async function commitToBranch(
  client: GitHubClient,
  branch: string,
  write: BranchWrite,
): Promise<{ commit: string; uploaded: number; pruned: number } | undefined> {
  const blobs = new Map<string, string>();
  for (let attempt = 1; ; attempt++) {
    const current = await listBranch(client, branch);
    const kept = [...current.files].filter(([p]) => !write.add.has(p) && (write.keep?.(p) ?? true));
    const pruned =
      current.files.size - kept.length - [...write.add.keys()].filter((p) => current.files.has(p)).length;
    let uploaded = 0;
    await Promise.all(
      [...write.add].map(async ([p, bytes]) => {
        if (blobs.has(p)) return;
        blobs.set(p, await client.createBlob(bytes));
        uploaded++;
      }),
    );
    const entries: TreeEntry[] = [
      ...kept.map(([p, sha]) => ({ path: p, mode: '100644' as const, type: 'blob' as const, sha })),
      ...[...blobs].map(([p, sha]) => ({ path: p, mode: '100644' as const, type: 'blob' as const, sha })),
    ];
    if (!write.add.size && pruned === 0) return undefined;
    const tree = await client.createTree(entries);
    const parents = current.head && !write.replaceHistory ? [current.head] : [];
    const commit = await client.createCommit(write.message, tree, parents);
    try {
      if (!current.head) await client.createBranch(branch, commit);
      else if (!write.replaceHistory) await client.moveBranch(branch, commit);
      else {
        // A forced update cannot say "only if still at X": read the head again just before it, so a
        // run that committed meanwhile is retried over, not overwritten (one request's window remains).
        if ((await client.branchHead(branch)) !== current.head) throw new BranchMoved();
        await client.moveBranch(branch, commit, true);
      }
      return { commit, uploaded, pruned };
    } catch (error) {
      // 422: not a fast-forward (or the branch appeared meanwhile): start again from its new head.
      const conflict =
        error instanceof BranchMoved ||
        (error instanceof GitHubError && (error.status === 422 || error.status === 409));
      if (!conflict || attempt >= ATTEMPTS) throw error;
    }
  }
}

class BranchMoved extends Error {}

/** `https://github.com/OWNER/REPO/blob/BRANCH/PATH?raw=true`: renders for anyone who can read the repo. */
export function blobUrl(
  serverUrl: string,
  owner: string,
  repo: string,
  branch: string,
  file: string,
): string {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return `${serverUrl}/${owner}/${repo}/blob/${encodeURIComponent(branch).replace(/%2F/g, '/')}/${encoded}?raw=true`;
}
