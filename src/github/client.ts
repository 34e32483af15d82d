import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { errorMessage } from '../core/errors.js';

/**
 * The one wrapper around GitHub's REST API: every call the action makes goes through here, so the
 * set of endpoints (and so the permissions the token needs) is visible in one file, and a test peer
 * only has to speak these.
 *
 * Permissions: issues/pulls `write` for comments and reactions; contents `write` for the previews
 * and store branches and the lockfile commit; pulls `read` to verify a fork's pull request;
 * metadata `read` for a commenter's permission on the repository.
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
  /** The author's login (`github-actions[bot]` for GITHUB_TOKEN). */
  author: string;
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
 * Content-creating requests (blobs, trees, commits, comments): GitHub's secondary limits allow 80 a
 * minute; a burst of 60, then paced, at most 4 at once. (The plugin's default, one a second, would
 * make a hand-off of a few hundred images take as many seconds for no limit GitHub states.)
 */
const WRITE_LIMITS = {
  maxConcurrent: 4,
  reservoir: 60,
  reservoirRefreshAmount: 60,
  reservoirRefreshInterval: 60_000,
};

/** A rate limit that resets later than this fails the call (saying when) rather than hold the job. */
const MAX_RATE_LIMIT_WAIT_S = 120;
const RATE_LIMIT_RETRIES = 3;

export interface GitHubClientOptions {
  /** Told when a call waits for a rate limit. */
  log?: (message: string) => void;
  /**
   * Milliseconds per back-off unit (tests shrink it): a failed call is retried after 1, 4 and 9
   * units; a rate-limited one after the seconds GitHub names, each a unit.
   */
  backoffUnitMs?: number;
}

/**
 * Transient failures and rate limits are GitHub's maintained Octokit plugins' business:
 * `plugin-retry` retries 5xx answers three times with back-off; `plugin-throttling` paces writes
 * (`WRITE_LIMITS`) and, on a primary (`x-ratelimit-remaining: 0`) or secondary rate limit (403 or
 * 429), waits for the reset or `retry-after` and tries again.
 */
export class GitHubClient {
  private readonly octokit: Octokit;
  private viewer?: Promise<string>;

  constructor(
    token: string,
    readonly owner: string,
    readonly repo: string,
    baseUrl: string,
    options: GitHubClientOptions = {},
  ) {
    if (!token) throw new GitHubError('authentication', undefined, 'no token: set the github-token input');
    const log = options.log ?? (() => {});
    const unit = options.backoffUnitMs ?? 1000;
    const onLimit =
      (kind: string) =>
      (after: number, request: { method?: string; url?: string }, _octokit: unknown, retries: number) => {
        const what = `GitHub ${kind} rate limit on ${request.method} ${request.url}`;
        if (retries >= RATE_LIMIT_RETRIES || after > MAX_RATE_LIMIT_WAIT_S) {
          log(`${what}: it resets in ${after} s, not waiting`);
          return false;
        }
        log(`${what}: waiting ${after} s`);
        return true;
      };
    const throttle = {
      retryAfterBaseValue: unit,
      write: new Bottleneck.Group(WRITE_LIMITS),
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    };
    // The plugins' option types extend another copy of @octokit/core's than @actions/github's.
    // 409 is an answer (someone moved the file; the caller steps aside). 429 is a rate limit: the
    // throttling plugin waits as long as GitHub says, the retry plugin would not.
    const doNotRetry = [400, 401, 403, 404, 409, 410, 422, 429, 451];
    const retryOptions = { retryAfterBaseValue: unit, doNotRetry };
    const octokitOptions = { baseUrl, retry: retryOptions, throttle } as Parameters<typeof getOctokit>[1];
    this.octokit = getOctokit(token, octokitOptions, retry, throttling);
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

  /** `undefined` on 404: for probes ("does this branch/file exist?"). */
  private async tryCall<T>(what: string, request: () => Promise<{ data: T }>): Promise<T | undefined> {
    try {
      return await this.call(what, request);
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return undefined;
      throw error;
    }
  }

  // ── identity ──────────────────────────────────────────────────────────────────────────────────
  /**
   * The login this token acts as. GraphQL's `viewer` answers for every kind of token (REST `GET
   * /user` refuses installation tokens such as GITHUB_TOKEN); it names a bot without `[bot]`.
   */
  async viewerLogin(): Promise<string> {
    this.viewer ??= this.octokit
      .graphql<{ viewer: { login: string } }>('query { viewer { login } }')
      .then((r) => r.viewer.login)
      .catch((error) => {
        this.viewer = undefined;
        const status = (error as { status?: number }).status;
        throw new GitHubError('reading who the token is', status, hint(status, errorMessage(error)));
      });
    return this.viewer;
  }

  // ── issue comments ────────────────────────────────────────────────────────────────────────────
  async listComments(issue: number): Promise<IssueComment[]> {
    try {
      const all = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.r,
        issue_number: issue,
        per_page: 100,
      });
      return all.map(commentOf);
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new GitHubError('listing comments', status, hint(status, errorMessage(error)));
    }
  }

  async createComment(issue: number, body: string): Promise<IssueComment> {
    const c = await this.call('creating a comment', () =>
      this.octokit.rest.issues.createComment({ ...this.r, issue_number: issue, body }),
    );
    return commentOf(c);
  }

  async updateComment(id: number, body: string): Promise<IssueComment> {
    const c = await this.call('updating a comment', () =>
      this.octokit.rest.issues.updateComment({ ...this.r, comment_id: id, body }),
    );
    return commentOf(c);
  }

  /** A reaction (`eyes`, `+1`, `confused`, …) on an issue comment; GitHub keeps one per kind and user. */
  async react(commentId: number, content: 'eyes' | '+1' | '-1' | 'confused' | 'rocket'): Promise<void> {
    await this.call('reacting to a comment', () =>
      this.octokit.rest.reactions.createForIssueComment({ ...this.r, comment_id: commentId, content }),
    );
  }

  // ── collaborators ─────────────────────────────────────────────────────────────────────────────
  /**
   * A user's base permission on this repository: `admin`, `write` (maintain counts as write), `read`
   * (triage counts as read) or `none` — GitHub's own answer, not the comment's author_association.
   */
  async permissionOf(login: string): Promise<string> {
    const p = await this.tryCall(`reading ${login}'s permission`, () =>
      this.octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.r, username: login }),
    );
    return p?.permission ?? 'none';
  }

  async deleteComment(id: number): Promise<void> {
    await this.call('deleting a comment', () =>
      this.octokit.rest.issues.deleteComment({ ...this.r, comment_id: id }),
    );
  }

  // ── pull requests ─────────────────────────────────────────────────────────────────────────────
  async pullHead(
    number: number,
  ): Promise<{ sha: string; ref: string; repo: string; baseRef: string; state: string } | undefined> {
    const pr = await this.tryCall('reading the pull request', () =>
      this.octokit.rest.pulls.get({ ...this.r, pull_number: number }),
    );
    return (
      pr && {
        sha: pr.head.sha,
        ref: pr.head.ref,
        repo: pr.head.repo?.full_name ?? '',
        baseRef: pr.base.ref,
        state: pr.state,
      }
    );
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
    const b = await this.call('creating a blob', () =>
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

  /**
   * A complete tree (no base tree): entries not listed are not in it. With `base`, the entries
   * change that tree and everything else in it stays.
   */
  async createTree(entries: TreeEntry[], base?: string): Promise<string> {
    const t = await this.call('creating a tree', () =>
      this.octokit.rest.git.createTree({
        ...this.r,
        ...(base ? { base_tree: base } : {}),
        tree: entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha })),
      }),
    );
    return t.sha;
  }

  async createCommit(message: string, tree: string, parents: string[]): Promise<string> {
    const c = await this.call('creating a commit', () =>
      this.octokit.rest.git.createCommit({ ...this.r, message, tree, parents }),
    );
    return c.sha;
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    await this.call(`creating branch ${branch}`, () =>
      this.octokit.rest.git.createRef({ ...this.r, ref: `refs/heads/${branch}`, sha }),
    );
  }

  /**
   * Fast-forward only, unless `force`: a concurrent writer makes this fail (422) instead of losing
   * its commit. `force` replaces the branch's history (the previews branch keeps no old previews).
   */
  async moveBranch(branch: string, sha: string, force = false): Promise<void> {
    await this.call(`updating branch ${branch}`, () =>
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
    const r = await this.call(`committing ${file}`, () =>
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

function commentOf(c: {
  id: number;
  body?: string | null;
  html_url: string;
  user?: { login: string } | null;
}) {
  return { id: c.id, body: c.body ?? '', htmlUrl: c.html_url, author: c.user?.login ?? '' };
}

/** The fix for the failures users meet most (see docs/action.md, "Permissions"). */
function hint(status: number | undefined, message: string): string {
  if (status === 403 && /not accessible by integration/i.test(message))
    return `${message} — give the job \`permissions: contents: write, pull-requests: write\` (fork pull requests get a read-only token: use the workflow_run pair in examples/workflows)`;
  if (status === 401) return `${message} — the github-token input is missing or expired`;
  if ((status === 403 || status === 429) && /rate limit/i.test(message))
    return `${message} — GitHub's API rate limit held past ${MAX_RATE_LIMIT_WAIT_S} s: rerun the job later`;
  return message;
}
