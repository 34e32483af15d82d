/**
 * A loopback GitHub REST peer: the endpoints the action calls (src/github/client.ts), answering with
 * GitHub's shapes and status codes, over an in-memory repository. Git objects get git's own blob
 * ids (sha1 of `blob <size>\0<bytes>`); a ref moves fast-forward only unless forced, as on GitHub.
 *
 * Tokens: `WRITE_TOKEN` may write; `READ_TOKEN` gets GitHub's 403 "Resource not accessible by
 * integration" on every write, as a fork pull request's token does; `USER_TOKEN` is a person's. A
 * comment's author is the token's identity, and any writer may edit or delete any comment, as on
 * GitHub for a token with `pull-requests: write` — so only the action itself can keep off others'.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const WRITE_TOKEN = 'ghs_peerWriteToken000000000000000000';
export const READ_TOKEN = 'ghs_peerReadOnlyToken0000000000000000';
/** A writer that is not the job's GITHUB_TOKEN (a GitHub App's token): its commits start workflows. */
export const APP_TOKEN = 'ghs_peerAppToken0000000000000000000000';
/** A person's token (a PAT): comments it writes are theirs, and GraphQL's viewer is that person. */
export const USER_TOKEN = 'ghp_peerOctocatToken00000000000000000';

/**
 * Who each token is, as GitHub answers: an installation token (GITHUB_TOKEN) writes comments as the
 * `github-actions[bot]` user, while GraphQL's `viewer` names that bot without the `[bot]` suffix.
 */
const IDENTITIES: Record<string, { login: string; type: string; viewer: string }> = {
  [WRITE_TOKEN]: { login: 'github-actions[bot]', type: 'Bot', viewer: 'github-actions' },
  [READ_TOKEN]: { login: 'github-actions[bot]', type: 'Bot', viewer: 'github-actions' },
  [USER_TOKEN]: { login: 'octocat', type: 'User', viewer: 'octocat' },
  [APP_TOKEN]: { login: 'genops-app[bot]', type: 'Bot', viewer: 'genops-app' },
};

interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}
interface Entry {
  mode: string;
  type: 'blob';
  sha: string;
}
export interface PeerComment {
  id: number;
  issue: number;
  body: string;
  created_at: string;
  updated_at: string;
  user: { login: string; type: string };
  /** Reactions on it: one per kind and user, as on GitHub. */
  reactions?: { content: string; user: string }[];
}
export interface PeerRequest {
  method: string;
  path: string;
  status: number;
  /** Date.now() when it was answered. */
  at: number;
}

/** A failure the peer answers instead of the real response (outages, rate limits). */
export interface PeerFault {
  method?: string;
  path?: RegExp;
  /** How many matching requests get it. */
  times: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class GitHubPeer {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch = 'main';
  readonly blobs = new Map<string, Buffer>();
  /** Trees are flat: full path → entry. */
  readonly trees = new Map<string, Map<string, Entry>>();
  readonly commits = new Map<string, Commit>();
  readonly refs = new Map<string, string>();
  readonly comments: PeerComment[] = [];
  readonly pulls = new Map<number, { headRef: string; headRepo: string }>();
  /** Collaborators' roles (admin, maintain, write, triage, read); anyone else has none. */
  readonly roles = new Map<string, string>();
  readonly requests: PeerRequest[] = [];
  readonly faults: PeerFault[] = [];
  private nextComment = 1000;
  private clock = Date.parse('2026-11-25T12:00:00Z');
  private server?: Server;
  url = '';

  constructor(fullName = 'acme/site') {
    [this.owner, this.repo] = fullName.split('/') as [string, string];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => send(res, 500, { message: String(error) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  // ── repository set-up and inspection for tests ─────────────────────────────────────────────────
  putBlob(bytes: Buffer): string {
    const sha = createHash('sha1')
      .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
      .digest('hex');
    this.blobs.set(sha, bytes);
    return sha;
  }

  private putTree(entries: Map<string, Entry>): string {
    const canonical = [...entries]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, e]) => `${e.mode} ${p}\0${e.sha}`);
    const sha = createHash('sha1')
      .update(`tree\0${canonical.join('\n')}`)
      .digest('hex');
    this.trees.set(sha, entries);
    return sha;
  }

  private putCommit(tree: string, parents: string[], message: string): string {
    const sha = createHash('sha1')
      .update(`commit\0${tree}\0${parents.join(',')}\0${message}\0${this.clock++}`)
      .digest('hex');
    this.commits.set(sha, { sha, tree, parents, message });
    return sha;
  }

  /** Commits files (path → content) on a branch, creating it (from `from`, or as an orphan). */
  commitFiles(
    branch: string,
    files: Record<string, string | Buffer>,
    message = 'test commit',
    from?: string,
  ): string {
    const head = this.refs.get(`heads/${branch}`) ?? (from ? this.refs.get(`heads/${from}`) : undefined);
    const entries = new Map(head ? this.treeOf(head) : []);
    for (const [p, content] of Object.entries(files))
      entries.set(p, { mode: '100644', type: 'blob', sha: this.putBlob(Buffer.from(content)) });
    const commit = this.putCommit(this.putTree(entries), head ? [head] : [], message);
    this.refs.set(`heads/${branch}`, commit);
    return commit;
  }

  /** The next `times` requests matching `method` and `path` get this answer instead. */
  fail(fault: PeerFault): void {
    this.faults.push(fault);
  }

  openPull(number: number, headRef: string, headRepo = `${this.owner}/${this.repo}`): void {
    this.pulls.set(number, { headRef, headRepo });
  }

  /** A person's comment, as their browser would post it: the event payload's `comment`. */
  addComment(issue: number, body: string, login: string, type = 'User'): PeerComment {
    const now = new Date(this.clock++).toISOString();
    const c: PeerComment = {
      id: this.nextComment++,
      issue,
      body,
      created_at: now,
      updated_at: now,
      user: { login, type },
    };
    this.comments.push(c);
    return c;
  }

  commentUrl(c: PeerComment): string {
    return this.commentJson(c).html_url;
  }

  treeOf(commit: string): Map<string, Entry> {
    const c = this.commits.get(commit);
    if (!c) throw new Error(`no commit ${commit}`);
    return this.trees.get(c.tree) as Map<string, Entry>;
  }

  head(branch: string): string | undefined {
    return this.refs.get(`heads/${branch}`);
  }

  /** The bytes of `path` at the head of `branch`, or undefined. */
  file(branch: string, path: string): Buffer | undefined {
    const head = this.head(branch);
    const entry = head ? this.treeOf(head).get(path) : undefined;
    return entry ? this.blobs.get(entry.sha) : undefined;
  }

  files(branch: string): string[] {
    const head = this.head(branch);
    return head ? [...this.treeOf(head).keys()].sort() : [];
  }

  history(branch: string): Commit[] {
    const out: Commit[] = [];
    let sha = this.head(branch);
    while (sha) {
      const c = this.commits.get(sha) as Commit;
      out.push(c);
      sha = c.parents[0];
    }
    return out;
  }

  /**
   * Resolves `https://github.com/OWNER/REPO/blob/BRANCH/PATH?raw=true` (how the comment shows
   * previews) to the bytes GitHub would serve, or undefined if that file does not exist.
   */
  resolveBlobUrl(url: string): Buffer | undefined {
    const u = new URL(url);
    const m = /^\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(u.pathname);
    if (!m || m[1] !== this.owner || m[2] !== this.repo || u.searchParams.get('raw') !== 'true')
      return undefined;
    const rest = decodeURIComponent(m[3] as string);
    // The branch is the longest prefix that names one.
    for (const [ref] of this.refs) {
      const branch = ref.replace(/^heads\//, '');
      if (rest.startsWith(`${branch}/`)) return this.file(branch, rest.slice(branch.length + 1));
    }
    return undefined;
  }

  private isAncestor(ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const stack = [of];
    while (stack.length) {
      const sha = stack.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  // ── HTTP ───────────────────────────────────────────────────────────────────────────────────────
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const record = (status: number) =>
      this.requests.push({ method, path: url.pathname, status, at: Date.now() });
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record(status);
      send(res, status, body, headers);
    };
    const auth = req.headers.authorization ?? '';
    const token = auth.replace(/^(token|bearer)\s+/i, '');
    const fault = this.faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)),
    );
    if (fault) {
      fault.times--;
      return reply(fault.status, fault.body ?? { message: 'Server Error' }, fault.headers);
    }
    const identity = IDENTITIES[token];
    if (!identity)
      return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (url.pathname === '/graphql' && method === 'POST') {
      const { query } = await readJson(req);
      if (!/\bviewer\s*\{\s*login\s*\}/.test(String(query)))
        return reply(200, { errors: [{ message: 'this peer answers only { viewer { login } }' }] });
      return reply(200, { data: { viewer: { login: identity.viewer } } });
    }
    if (method !== 'GET' && token === READ_TOKEN)
      return reply(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
      });

    const prefix = `/repos/${this.owner}/${this.repo}`;
    if (!url.pathname.startsWith(prefix)) return reply(404, { message: 'Not Found' });
    const route = url.pathname.slice(prefix.length);
    const body = method === 'GET' || method === 'DELETE' ? {} : await readJson(req);
    let m: RegExpExecArray | null;

    if (route === '' && method === 'GET')
      return reply(200, {
        full_name: `${this.owner}/${this.repo}`,
        default_branch: this.defaultBranch,
        private: true,
      });

    // issues comments
    m = /^\/issues\/(\d+)\/comments$/.exec(route);
    if (m) {
      const issue = Number(m[1]);
      if (method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = this.comments.filter((c) => c.issue === issue);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length)
          headers.link = `<${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        return reply(
          200,
          slice.map((c) => this.commentJson(c)),
          headers,
        );
      }
      if (method === 'POST') {
        const text = String(body.body ?? '');
        if (text.length > 65536)
          return reply(422, {
            message: 'Validation Failed',
            errors: [{ message: 'Body is too long (maximum is 65536 characters)' }],
          });
        const now = new Date(this.clock++).toISOString();
        const c: PeerComment = {
          id: this.nextComment++,
          issue,
          body: text,
          created_at: now,
          updated_at: now,
          user: { login: identity.login, type: identity.type },
        };
        this.comments.push(c);
        return reply(201, this.commentJson(c));
      }
    }
    m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(route);
    if (m && method === 'POST') {
      const c = this.comments.find((x) => x.id === Number(m?.[1]));
      if (!c) return reply(404, { message: 'Not Found' });
      const content = String(body.content ?? '');
      if (!['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'].includes(content))
        return reply(422, { message: 'Validation Failed', errors: [{ field: 'content', code: 'invalid' }] });
      c.reactions ??= [];
      const existing = c.reactions.find((r) => r.content === content && r.user === identity.login);
      if (!existing) c.reactions.push({ content, user: identity.login });
      return reply(existing ? 200 : 201, {
        id: c.reactions.length,
        content,
        user: { login: identity.login },
      });
    }

    // collaborators: the permission endpoint maps maintain to write and triage to read, as GitHub does
    m = /^\/collaborators\/([^/]+)\/permission$/.exec(route);
    if (m && method === 'GET') {
      const login = decodeURIComponent(m[1] as string);
      const role = this.roles.get(login) ?? 'none';
      const base: Record<string, string> = { maintain: 'write', triage: 'read' };
      return reply(200, { permission: base[role] ?? role, role_name: role, user: { login } });
    }

    m = /^\/issues\/comments\/(\d+)$/.exec(route);
    if (m) {
      const c = this.comments.find((x) => x.id === Number(m?.[1]));
      if (!c) return reply(404, { message: 'Not Found' });
      if (method === 'PATCH') {
        const text = String(body.body ?? '');
        if (text.length > 65536)
          return reply(422, {
            message: 'Validation Failed',
            errors: [{ message: 'Body is too long (maximum is 65536 characters)' }],
          });
        c.body = text;
        this.clock += 1000;
        c.updated_at = new Date(this.clock).toISOString();
        return reply(200, this.commentJson(c));
      }
      if (method === 'DELETE') {
        this.comments.splice(this.comments.indexOf(c), 1);
        return reply(204);
      }
    }

    // pulls
    m = /^\/pulls\/(\d+)$/.exec(route);
    if (m && method === 'GET') {
      const pr = this.pulls.get(Number(m[1]));
      if (!pr) return reply(404, { message: 'Not Found' });
      const sha = this.head(pr.headRef) ?? '0'.repeat(40);
      return reply(200, {
        number: Number(m[1]),
        state: 'open',
        head: { ref: pr.headRef, sha, repo: { full_name: pr.headRepo } },
        base: { ref: this.defaultBranch, repo: { full_name: `${this.owner}/${this.repo}` } },
      });
    }

    // git refs
    m = /^\/git\/ref\/(.+)$/.exec(route);
    if (m && method === 'GET') {
      const ref = decodeURIComponent(m[1] as string);
      const sha = this.refs.get(ref);
      if (!sha) return reply(404, { message: 'Not Found' });
      return reply(200, { ref: `refs/${ref}`, object: { sha, type: 'commit' } });
    }
    if (route === '/git/refs' && method === 'POST') {
      const ref = String(body.ref ?? '').replace(/^refs\//, '');
      if (this.refs.has(ref)) return reply(422, { message: 'Reference already exists' });
      if (!this.commits.has(String(body.sha))) return reply(422, { message: 'Object does not exist' });
      this.refs.set(ref, String(body.sha));
      return reply(201, { ref: `refs/${ref}`, object: { sha: body.sha, type: 'commit' } });
    }
    m = /^\/git\/refs\/(.+)$/.exec(route);
    if (m && method === 'PATCH') {
      const ref = decodeURIComponent(m[1] as string);
      const current = this.refs.get(ref);
      const sha = String(body.sha);
      if (!current) return reply(422, { message: 'Reference does not exist' });
      if (!this.commits.has(sha)) return reply(422, { message: 'Object does not exist' });
      if (!body.force && !this.isAncestor(current, sha))
        return reply(422, { message: 'Update is not a fast forward' });
      this.refs.set(ref, sha);
      return reply(200, { ref: `refs/${ref}`, object: { sha, type: 'commit' } });
    }

    // git objects
    m = /^\/git\/commits\/([0-9a-f]{40})$/.exec(route);
    if (m && method === 'GET') {
      const c = this.commits.get(m[1] as string);
      if (!c) return reply(404, { message: 'Not Found' });
      return reply(200, {
        sha: c.sha,
        message: c.message,
        tree: { sha: c.tree },
        parents: c.parents.map((sha) => ({ sha })),
      });
    }
    if (route === '/git/commits' && method === 'POST') {
      const tree = String(body.tree);
      const parents = (body.parents as string[] | undefined) ?? [];
      if (!this.trees.has(tree) || parents.some((p) => !this.commits.has(p)))
        return reply(422, { message: 'Object does not exist' });
      const sha = this.putCommit(tree, parents, String(body.message ?? ''));
      return reply(201, {
        sha,
        tree: { sha: tree },
        parents: parents.map((p) => ({ sha: p })),
        message: body.message,
      });
    }
    m = /^\/git\/trees\/([0-9a-f]{40})$/.exec(route);
    if (m && method === 'GET') {
      const t = this.trees.get(m[1] as string);
      if (!t) return reply(404, { message: 'Not Found' });
      const recursive = url.searchParams.has('recursive');
      const entries = [...t]
        .filter(([p]) => recursive || !p.includes('/'))
        .map(([path, e]) => ({
          path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          size: this.blobs.get(e.sha)?.length,
        }));
      return reply(200, { sha: m[1], tree: entries, truncated: false });
    }
    if (route === '/git/trees' && method === 'POST') {
      const entries = new Map<string, Entry>();
      if (body.base_tree)
        for (const [p, e] of this.trees.get(String(body.base_tree)) ?? []) entries.set(p, e);
      for (const e of (body.tree as { path: string; mode: string; type: string; sha: string | null }[]) ??
        []) {
        if (e.sha === null) {
          entries.delete(e.path);
          continue;
        }
        if (e.type !== 'blob' || !this.blobs.has(e.sha))
          return reply(422, { message: `tree.sha ${e.sha} is not a valid blob` });
        entries.set(e.path, { mode: e.mode, type: 'blob', sha: e.sha });
      }
      return reply(201, { sha: this.putTree(entries), truncated: false });
    }
    if (route === '/git/blobs' && method === 'POST') {
      const bytes = Buffer.from(String(body.content ?? ''), body.encoding === 'base64' ? 'base64' : 'utf8');
      return reply(201, { sha: this.putBlob(bytes), url: `${this.url}${prefix}/git/blobs/x` });
    }
    m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(route);
    if (m && method === 'GET') {
      const b = this.blobs.get(m[1] as string);
      if (!b) return reply(404, { message: 'Not Found' });
      // GitHub wraps base64 at 60 characters.
      const content = (b.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
      return reply(200, { sha: m[1], size: b.length, encoding: 'base64', content });
    }

    // contents
    m = /^\/contents\/(.+)$/.exec(route);
    if (m) {
      const file = decodeURIComponent(m[1] as string);
      if (method === 'GET') {
        const ref = url.searchParams.get('ref') ?? this.defaultBranch;
        const head = this.refs.get(`heads/${ref}`) ?? (this.commits.has(ref) ? ref : undefined);
        const entry = head ? this.treeOf(head).get(file) : undefined;
        if (!entry) return reply(404, { message: 'Not Found' });
        const bytes = this.blobs.get(entry.sha) as Buffer;
        return reply(200, {
          type: 'file',
          path: file,
          sha: entry.sha,
          size: bytes.length,
          encoding: 'base64',
          content: (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n'),
        });
      }
      if (method === 'PUT') {
        const branch = String(body.branch ?? this.defaultBranch);
        const head = this.refs.get(`heads/${branch}`);
        if (!head) return reply(404, { message: `Branch ${branch} not found` });
        const entries = new Map(this.treeOf(head));
        const existing = entries.get(file);
        if (existing && body.sha !== existing.sha)
          return reply(409, { message: `${file} does not match ${body.sha ?? '(no sha)'}` });
        if (!existing && body.sha) return reply(409, { message: `${file} does not exist` });
        const sha = this.putBlob(Buffer.from(String(body.content ?? ''), 'base64'));
        entries.set(file, { mode: '100644', type: 'blob', sha });
        const commit = this.putCommit(this.putTree(entries), [head], String(body.message ?? ''));
        this.refs.set(`heads/${branch}`, commit);
        return reply(existing ? 200 : 201, {
          content: { path: file, sha },
          commit: { sha: commit, message: body.message },
        });
      }
    }
    return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private commentJson(c: PeerComment) {
    return {
      id: c.id,
      body: c.body,
      user: c.user,
      created_at: c.created_at,
      updated_at: c.updated_at,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    };
  }
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
