/** The GitHub side against the loopback peer: sticky comments, orphan branches, the lockfile commit. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobUrl, commitToBranch } from '../../src/github/branch.js';
import { GitHubClient, GitHubError } from '../../src/github/client.js';
import { stickyMarker } from '../../src/github/comment.js';
import { commitLockfile } from '../../src/github/lockfile-commit.js';
import { BranchPreviewHost, previewFolder } from '../../src/github/previews.js';
import { upsertSticky } from '../../src/github/sticky.js';
import { GitHubPeer, READ_TOKEN, USER_TOKEN, WRITE_TOKEN } from '../peers/github.js';

let peer: GitHubPeer;
let client: GitHubClient;

beforeAll(async () => {
  peer = new GitHubPeer('acme/site');
  await peer.start();
  client = new GitHubClient(WRITE_TOKEN, 'acme', 'site', peer.url);
  peer.commitFiles('main', { 'genops.yaml': 'version: 1\n' });
});
afterAll(() => peer.stop());

describe('sticky comment', () => {
  it('creates once, then updates in place; an unchanged body is not re-sent', async () => {
    const a = await upsertSticky(client, 1, 'genops', `${stickyMarker('genops')}\nfirst`);
    expect(a.action).toBe('created');
    const b = await upsertSticky(client, 1, 'genops', `${stickyMarker('genops')}\nsecond`);
    expect(b).toMatchObject({ action: 'updated', comment: { id: a.comment.id } });
    const patches = peer.requests.filter((r) => r.method === 'PATCH').length;
    const c = await upsertSticky(client, 1, 'genops', `${stickyMarker('genops')}\nsecond`);
    expect(c.action).toBe('unchanged');
    expect(peer.requests.filter((r) => r.method === 'PATCH').length).toBe(patches);
    expect(peer.comments.filter((x) => x.issue === 1)).toHaveLength(1);
  });

  it('keeps other comments and other headers alone, and finds its own past the first page', async () => {
    for (let i = 0; i < 120; i++)
      peer.comments.push({
        id: 50_000 + i,
        issue: 2,
        body: `chatter ${i}`,
        created_at: '',
        updated_at: '',
        user: { login: 'u', type: 'User' },
      });
    await upsertSticky(client, 2, 'docs', `${stickyMarker('docs')}\nother manifest`);
    const mine = await upsertSticky(client, 2, 'genops', `${stickyMarker('genops')}\nv1`);
    const again = await upsertSticky(client, 2, 'genops', `${stickyMarker('genops')}\nv2`);
    expect(again.comment.id).toBe(mine.comment.id);
    expect(peer.comments.filter((x) => x.issue === 2 && x.body.includes('genops:sticky'))).toHaveLength(2);
    expect(peer.comments.filter((x) => x.issue === 2)).toHaveLength(122);
  });

  it('removes duplicates left by runs that raced', async () => {
    const marker = stickyMarker('genops');
    await client.createComment(3, `${marker}\nrun A`);
    await client.createComment(3, `${marker}\nrun B`);
    const result = await upsertSticky(client, 3, 'genops', `${marker}\nrun C`);
    expect(result.removed).toBe(1);
    expect(peer.comments.filter((x) => x.issue === 3).map((x) => x.body)).toEqual([`${marker}\nrun C`]);
  });

  it('is only ever its own: a comment by anyone else carrying the marker is neither edited nor deleted', async () => {
    const marker = stickyMarker('genops');
    const forged = `${marker}\nforged by someone who read the action's source`;
    peer.comments.push({
      id: 60_000,
      issue: 4,
      body: forged,
      created_at: '2026-11-01T00:00:00Z',
      updated_at: '2026-11-01T00:00:00Z',
      user: { login: 'mallory', type: 'User' },
    });
    // The action run with a person's token (a PAT) owns that person's comment, not the bot's.
    const person = new GitHubClient(USER_TOKEN, 'acme', 'site', peer.url);
    const theirs = await upsertSticky(person, 4, 'genops', `${marker}\nposted with octocat's token`);
    const ours = await upsertSticky(client, 4, 'genops', `${marker}\nrun 1`);
    const again = await upsertSticky(client, 4, 'genops', `${marker}\nrun 2`);
    expect([theirs.action, ours.action]).toEqual(['created', 'created']);
    expect(again).toMatchObject({ action: 'updated', comment: { id: ours.comment.id }, removed: 0 });
    expect(peer.comments.filter((c) => c.issue === 4).map((c) => [c.user.login, c.body])).toEqual([
      ['mallory', forged],
      ['octocat', `${marker}\nposted with octocat's token`],
      ['github-actions[bot]', `${marker}\nrun 2`],
    ]);
    expect(await client.viewerLogin()).toBe('github-actions');
    expect(await person.viewerLogin()).toBe('octocat');
  });

  it('explains a read-only token', async () => {
    const readOnly = new GitHubClient(READ_TOKEN, 'acme', 'site', peer.url);
    const error = await readOnly.createComment(1, 'x').catch((e) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error.message).toMatch(
      /403.*Resource not accessible by integration.*permissions: contents: write, pull-requests: write.*workflow_run/,
    );
  });
});

describe('orphan branch through the Git Data API', () => {
  it('creates the branch as an orphan, then adds without re-uploading, fast-forward', async () => {
    const first = await commitToBranch(client, 'store', {
      add: new Map([['a.txt', Buffer.from('a')]]),
      message: 'one',
    });
    expect(peer.history('store')).toHaveLength(1);
    expect(peer.history('store')[0]?.parents).toEqual([]);
    const second = await commitToBranch(client, 'store', {
      add: new Map([['b/c.txt', Buffer.from('c')]]),
      message: 'two',
    });
    expect(peer.history('store').map((c) => c.sha)).toEqual([second?.commit, first?.commit]);
    expect(peer.files('store')).toEqual(['a.txt', 'b/c.txt']);
    expect(peer.files('main')).toEqual(['genops.yaml']);
  });

  it('retries from the new head when another run moved the branch', async () => {
    let raced = false;
    const racing = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'moveBranch' && !raced)
          return async (branch: string, sha: string) => {
            raced = true;
            peer.commitFiles('store', { 'other-run.txt': 'x' }, 'a concurrent run');
            return target.moveBranch(branch, sha);
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await commitToBranch(racing, 'store', {
      add: new Map([['mine.txt', Buffer.from('m')]]),
      message: 'mine',
    });
    expect(raced).toBe(true);
    expect(peer.files('store')).toEqual(expect.arrayContaining(['other-run.txt', 'mine.txt', 'a.txt']));
  });

  it('prunes a PR’s older previews and anything past retention; URLs point at existing files', async () => {
    const host = (pr: number, now: Date) =>
      new BranchPreviewHost(client, 'previews', 'https://github.com', { days: 30, pr, now });
    const old = new Date('2026-09-01T00:00:00Z');
    const now = new Date('2026-11-25T00:00:00Z');
    await host(5, old).publish(new Map([['x.webp', Buffer.from('old')]]), previewFolder(5, '1', '1', old));
    await host(6, now).publish(new Map([['y.webp', Buffer.from('six')]]), previewFolder(6, '2', '1', now));
    const r1 = await host(7, now).publish(
      new Map([['z.webp', Buffer.from('seven-a')]]),
      previewFolder(7, '3', '1', now),
    );
    const later = new Date('2026-11-25T01:00:00Z');
    const r2 = await host(7, later).publish(
      new Map([['z.webp', Buffer.from('seven-b')]]),
      previewFolder(7, '4', '1', later),
    );
    const files = peer.files('previews');
    expect(files).toEqual(['pr-6/20261125T000000Z-2-1/y.webp', 'pr-7/20261125T010000Z-4-1/z.webp']);
    expect(peer.resolveBlobUrl(r2.urls.get('z.webp') as string)?.toString()).toBe('seven-b');
    expect(peer.resolveBlobUrl(r1.urls.get('z.webp') as string)).toBeUndefined();
    expect(blobUrl('https://github.com', 'acme', 'site', 'genops-previews', 'pr-7/a b.webp')).toBe(
      'https://github.com/acme/site/blob/genops-previews/pr-7/a%20b.webp?raw=true',
    );
  });
});

describe('previews branch history', () => {
  it('replaces its history on every publish: one parentless commit holding only what is kept', async () => {
    const now = new Date('2026-11-25T00:00:00Z');
    const host = (pr: number) =>
      new BranchPreviewHost(client, 'small-previews', 'https://github.com', { days: 30, pr, now });
    await host(1).publish(new Map([['a.webp', Buffer.from('one')]]), previewFolder(1, '1', '1', now));
    const first = peer.head('small-previews') as string;
    await host(2).publish(new Map([['b.webp', Buffer.from('two')]]), previewFolder(2, '2', '1', now));
    const r3 = await host(1).publish(
      new Map([['a.webp', Buffer.from('one again')]]),
      previewFolder(1, '3', '1', now),
    );
    const history = peer.history('small-previews');
    expect(history).toHaveLength(1);
    expect(history[0]?.parents).toEqual([]);
    expect(history[0]?.sha).toBe(r3.commit);
    expect(peer.files('small-previews')).toEqual([
      'pr-1/20261125T000000Z-3-1/a.webp',
      'pr-2/20261125T000000Z-2-1/b.webp',
    ]);
    // The first run's commit is no longer reachable from the branch.
    expect(history.map((c) => c.sha)).not.toContain(first);
  });

  it('a run that commits between the read and the forced update is retried over, not lost', async () => {
    const now = new Date('2026-11-25T00:00:00Z');
    let raced = false;
    const racing = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'createCommit' && !raced)
          return async (...args: Parameters<GitHubClient['createCommit']>) => {
            raced = true;
            peer.commitFiles(
              'small-previews',
              { 'pr-9/20261125T000000Z-9-1/c.webp': 'nine' },
              'a concurrent run',
            );
            return target.createCommit(...args);
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const host = new BranchPreviewHost(racing, 'small-previews', 'https://github.com', {
      days: 30,
      pr: 4,
      now,
    });
    await host.publish(new Map([['d.webp', Buffer.from('four')]]), previewFolder(4, '4', '1', now));
    expect(raced).toBe(true);
    expect(peer.files('small-previews')).toEqual(
      expect.arrayContaining(['pr-9/20261125T000000Z-9-1/c.webp', 'pr-4/20261125T000000Z-4-1/d.webp']),
    );
    expect(peer.history('small-previews')).toHaveLength(1);
  });
});

describe('lockfile commit', () => {
  it('commits when different, not when equal, and yields to a concurrent change', async () => {
    peer.commitFiles('feature', { 'genops.lock': '{"old":true}\n' }, 'start', 'main');
    const dir = await mkdtemp(path.join(tmpdir(), 'genops-lock-'));
    const file = path.join(dir, 'genops.lock');
    await writeFile(file, '{"new":true}\n');
    const options = {
      localFile: file,
      repoPath: 'genops.lock',
      branch: 'feature',
      message: 'genops: update genops.lock',
    };
    const first = await commitLockfile(client, options);
    expect(first).toEqual({ action: 'committed', commit: peer.head('feature') });
    expect(peer.file('feature', 'genops.lock')?.toString()).toBe('{"new":true}\n');
    expect(await commitLockfile(client, options)).toEqual({ action: 'unchanged' });

    // Someone pushes between our read and our write: 409, and we step aside.
    await writeFile(file, '{"newer":true}\n');
    const racing = Object.create(client) as GitHubClient;
    racing.readFile = async (p, ref) => {
      const got = await client.readFile(p, ref);
      peer.commitFiles('feature', { 'genops.lock': '{"theirs":true}\n' }, 'their push');
      return got;
    };
    const raced = await commitLockfile(racing, options);
    expect(raced).toMatchObject({ action: 'skipped' });
    expect(peer.file('feature', 'genops.lock')?.toString()).toBe('{"theirs":true}\n');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('transient failures and rate limits', () => {
  // Back-off units of 5 ms instead of 1 s: the waits are the ones GitHub asks for, scaled down.
  const waits: string[] = [];
  const patient = () =>
    new GitHubClient(WRITE_TOKEN, 'acme', 'site', peer.url, { log: (m) => waits.push(m), backoffUnitMs: 5 });
  const posts = (issue: number) =>
    peer.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/issues/${issue}/comments`));

  it('retries 5xx answers, then gives up with the status', async () => {
    peer.fail({ method: 'POST', path: /\/issues\/20\/comments$/, times: 2, status: 502 });
    const comment = await patient().createComment(20, 'after two 502s');
    expect(posts(20).map((r) => r.status)).toEqual([502, 502, 201]);
    expect(peer.comments.filter((c) => c.issue === 20).map((c) => c.id)).toEqual([comment.id]);

    peer.fail({ method: 'POST', path: /\/issues\/21\/comments$/, times: 10, status: 503 });
    const error = await patient()
      .createComment(21, 'never')
      .catch((e) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error.status).toBe(503);
    expect(posts(21)).toHaveLength(4);
    peer.faults.length = 0;
  });

  it('waits out a secondary rate limit (403 or 429 with retry-after) and tries again', async () => {
    const secondary = {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    };
    for (const [issue, status] of [
      [22, 403],
      [23, 429],
    ] as const) {
      waits.length = 0;
      peer.fail({
        method: 'POST',
        path: new RegExp(`/issues/${issue}/comments$`),
        times: 1,
        status,
        headers: { 'retry-after': '30' },
        body: secondary,
      });
      await patient().createComment(issue, 'after a secondary limit');
      expect(posts(issue).map((r) => r.status)).toEqual([status, 201]);
      expect(waits).toEqual([expect.stringMatching(/secondary rate limit on POST .*: waiting 30 s$/)]);
    }
  });

  it('waits for the primary limit to reset, but not for an hour', async () => {
    const exhausted = (resetInS: number) => ({
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInS),
      },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
    waits.length = 0;
    peer.fail({ method: 'GET', path: /\/issues\/24\/comments$/, times: 1, ...exhausted(10) });
    expect(await patient().listComments(24)).toEqual([]);
    expect(waits).toEqual([expect.stringMatching(/primary rate limit on GET .*: waiting 1[01] s$/)]);

    waits.length = 0;
    peer.fail({ method: 'GET', path: /\/issues\/25\/comments$/, times: 1, ...exhausted(3600) });
    const error = await patient()
      .listComments(25)
      .catch((e) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error.message).toMatch(/\(403\).*rate limit exceeded.*rerun the job later/);
    expect(waits).toEqual([expect.stringMatching(/resets in 360[01] s, not waiting$/)]);
  });
});
