import { getOctokit } from '@actions/github';
import PQueue from 'p-queue';
import { errorMessage } from '../core/errors.js';

/**
 * The one wrapper around GitHub's REST API: every call the action makes goes through here, so the
 * set of endpoints (and so the permissions the token needs) is visible in one file, and a test peer
 * only has to speak these.
 *
 * Permissions: issues/pulls `write` for comments; contents `write` for the previews and store
 * branches and the lockfile commit; pulls `read` to verify a fork's pull request.
 */
export interface TreeEntry {
  path: string;
  mode: '100644' | '100755' | '040000' | '160000' | '120000';
  type: 'blob' | 'tree' | 'commit';
  sha: string | null;
  size?: number;
}

export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string;
}

export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    readonly what: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(`GitHub ${what} failed${status ? ` (${status})` : ''}: ${message}`);
  }
}

type Octokit = ReturnType<typeof getOctokit>;

/**
 * GitHub's secondary limits allow about 80 content-creating requests a minute: blobs, trees, commits
 * and comments go through this queue (a burst of 60, then paced), reads do not.
 */
const WRITE_LIMITS = { concurrency: 4, intervalCap: 60, interval: 60_000 };

export class GitHubClient {
  private readonly octokit: Octokit;
  private readonly writes = new PQueue(WRITE_LIMITS);

  constructor(
    token: string,
    readonly owner: string,
    readonly repo: string,
    baseUrl: string,
  ) {
    if (!token) throw new GitHubError('authentication', undefined, 'no token: set the github-token input');
    this.octokit = getOctokit(token, { baseUrl });
  }

  private get r() {
    return { owner: this.owner, repo: this.repo };
  }

  /** The choke point: every request, with what it was for in the error. */
  private async call<T>(what: string, request: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await request()).data;
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new GitHubError(what, status, hint(status, errorMessage(error)));
    }
  }

  private async write<T>(what: string, request: () => Promise<{ data: T }>): Promise<T> {
    return (await this.writes.add(() => this.call(what, request))) as T;
  }

  /** `undefined` on 404: for probes ("does this branch/file exist?"). */
  private async tryCall<T>(what: string, request: () => Promise<{ data: T }>): Promise<T | undefined> {
    try {
      return await this.call(what, request);
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return undefined;
      throw error;
    }
  }

  // ── issue comments ────────────────────────────────────────────────────────────────────────────
  async listComments(issue: number): Promise<IssueComment[]> {
    try {
      const all = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.r,
        issue_number: issue,
        per_page: 100,
      });
      return all.map((c) => ({ id: c.id, body: c.body ?? '', htmlUrl: c.html_url }));
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new GitHubError('listing comments', status, hint(status, errorMessage(error)));
    }
  }

  async createComment(issue: number, body: string): Promise<IssueComment> {
    const c = await this.write('creating a comment', () =>
      this.octokit.rest.issues.createComment({ ...this.r, issue_number: issue, body }),
    );
    return { id: c.id, body: c.body ?? '', htmlUrl: c.html_url };
  }

  async updateComment(id: number, body: string): Promise<IssueComment> {
    const c = await this.write('updating a comment', () =>
      this.octokit.rest.issues.updateComment({ ...this.r, comment_id: id, body }),
    );
    return { id: c.id, body: c.body ?? '', htmlUrl: c.html_url };
  }

  async deleteComment(id: number): Promise<void> {
    await this.write('deleting a comment', () =>
      this.octokit.rest.issues.deleteComment({ ...this.r, comment_id: id }),
    );
  }

  // ── pull requests ─────────────────────────────────────────────────────────────────────────────
  async pullHead(number: number): Promise<{ sha: string; ref: string; repo: string } | undefined> {
    const pr = await this.tryCall('reading the pull request', () =>
      this.octokit.rest.pulls.get({ ...this.r, pull_number: number }),
    );
    return pr && { sha: pr.head.sha, ref: pr.head.ref, repo: pr.head.repo?.full_name ?? '' };
  }

  // ── git data ──────────────────────────────────────────────────────────────────────────────────
  async branchHead(branch: string): Promise<string | undefined> {
    const ref = await this.tryCall(`reading branch ${branch}`, () =>
      this.octokit.rest.git.getRef({ ...this.r, ref: `heads/${branch}` }),
    );
    return ref?.object.sha;
  }

  async commitTree(commit: string): Promise<string> {
    const c = await this.call('reading a commit', () =>
      this.octokit.rest.git.getCommit({ ...this.r, commit_sha: commit }),
    );
    return c.tree.sha;
  }

  /** Every file under a tree (blobs only). */
  async listTree(tree: string): Promise<TreeEntry[]> {
    const t = await this.call('listing a tree', () =>
      this.octokit.rest.git.getTree({ ...this.r, tree_sha: tree, recursive: 'true' }),
    );
    if (t.truncated) throw new GitHubError('listing a tree', undefined, 'the tree is too large to list');
    return t.tree.filter((e) => e.type === 'blob') as TreeEntry[];
  }

  async createBlob(bytes: Buffer): Promise<string> {
    const b = await this.write('creating a blob', () =>
      this.octokit.rest.git.createBlob({ ...this.r, content: bytes.toString('base64'), encoding: 'base64' }),
    );
    return b.sha;
  }

  async readBlob(sha: string): Promise<Buffer> {
    const b = await this.call('reading a blob', () =>
      this.octokit.rest.git.getBlob({ ...this.r, file_sha: sha }),
    );
    return Buffer.from(b.content, b.encoding === 'base64' ? 'base64' : 'utf8');
  }

  /** A complete tree (no base tree): entries not listed are not in it. */
  async createTree(entries: TreeEntry[]): Promise<string> {
    const t = await this.write('creating a tree', () =>
      this.octokit.rest.git.createTree({
        ...this.r,
        tree: entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha })),
      }),
    );
    return t.sha;
  }

  async createCommit(message: string, tree: string, parents: string[]): Promise<string> {
    const c = await this.write('creating a commit', () =>
      this.octokit.rest.git.createCommit({ ...this.r, message, tree, parents }),
    );
    return c.sha;
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    await this.write(`creating branch ${branch}`, () =>
      this.octokit.rest.git.createRef({ ...this.r, ref: `refs/heads/${branch}`, sha }),
    );
  }

  /**
   * Fast-forward only, unless `force`: a concurrent writer makes this fail (422) instead of losing
   * its commit. `force` replaces the branch's history (the previews branch keeps no old previews).
   */
  async moveBranch(branch: string, sha: string, force = false): Promise<void> {
    await this.write(`updating branch ${branch}`, () =>
      this.octokit.rest.git.updateRef({ ...this.r, ref: `heads/${branch}`, sha, force }),
    );
  }

  // ── contents ──────────────────────────────────────────────────────────────────────────────────
  async readFile(file: string, ref: string): Promise<{ sha: string; bytes: Buffer } | undefined> {
    const c = await this.tryCall(`reading ${file}`, () =>
      this.octokit.rest.repos.getContent({ ...this.r, path: file, ref }),
    );
    if (!c || Array.isArray(c) || c.type !== 'file') return undefined;
    return { sha: c.sha, bytes: Buffer.from(c.content, 'base64') };
  }

  /** One commit on `branch` that writes `file`; `sha` is the blob it replaces (conflict if it moved). */
  async writeFile(
    file: string,
    branch: string,
    message: string,
    bytes: Buffer,
    sha: string | undefined,
  ): Promise<string> {
    const r = await this.write(`committing ${file}`, () =>
      this.octokit.rest.repos.createOrUpdateFileContents({
        ...this.r,
        path: file,
        branch,
        message,
        content: bytes.toString('base64'),
        sha,
      }),
    );
    return r.commit.sha ?? '';
  }
}

/** The fix for the failures users meet most (see docs/action.md, "Permissions"). */
function hint(status: number | undefined, message: string): string {
  if (status === 403 && /not accessible by integration/i.test(message))
    return `${message} — give the job \`permissions: contents: write, pull-requests: write\` (fork pull requests get a read-only token: use the workflow_run pair in examples/workflows)`;
  if (status === 401) return `${message} — the github-token input is missing or expired`;
  return message;
}
