/**
 * Review commands from PR comments, against the loopback GitHub peer: who may decide (association
 * and GitHub's permission answer), the one commit of several files that moves a branch fast-forward
 * only, and replies that cannot be read as commands or carry markup from the comment.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/github/client.js';
import type { CommentInfo } from '../../src/github/event.js';
import { readEvent } from '../../src/github/event.js';
import { commitFiles } from '../../src/github/lockfile-commit.js';
import {
  appliedReply,
  authorize,
  closedReply,
  forkReply,
  malformedReply,
  type ReviewRequest,
  refusalReply,
  rejectedReply,
} from '../../src/github/review.js';
import { parseReviewCommands } from '../../src/lockfile/decisions.js';
import { GitHubPeer, WRITE_TOKEN } from '../peers/github.js';

let peer: GitHubPeer;
let client: GitHubClient;
let dir: string;

beforeAll(async () => {
  peer = new GitHubPeer('acme/site');
  await peer.start();
  client = new GitHubClient(WRITE_TOKEN, 'acme', 'site', peer.url);
  peer.commitFiles('main', { 'genops.yaml': 'version: 1\n', 'genops.lock': '{}\n' });
  for (const [login, role] of [
    ['owner', 'admin'],
    ['keeper', 'maintain'],
    ['dev', 'write'],
    ['triager', 'triage'],
    ['viewer', 'read'],
  ])
    peer.roles.set(login as string, role as string);
  dir = await mkdtemp(path.join(tmpdir(), 'genops-review-unit-'));
});
afterAll(async () => {
  await peer.stop();
  await rm(dir, { recursive: true, force: true });
});

function comment(
  author: string,
  association: string,
  body = '/genops pick hero 2',
  authorType = 'User',
): CommentInfo {
  return {
    action: 'created',
    id: 1,
    body,
    htmlUrl: 'https://github.com/acme/site/pull/7#issuecomment-1',
    author,
    authorType,
    association,
    issue: 7,
    onPullRequest: true,
  };
}

describe('who may decide', () => {
  it('write, maintain and admin roles with a collaborator association may; triage and read may not', async () => {
    for (const login of ['owner', 'keeper', 'dev'])
      expect(await authorize(client, comment(login, 'COLLABORATOR')), login).toEqual({ ok: true });
    for (const login of ['triager', 'viewer']) {
      const result = await authorize(client, comment(login, 'MEMBER'));
      expect(result.ok, login).toBe(false);
      expect(!result.ok && result.reason).toMatch(/has read access to this repository, not write/);
    }
  });

  it('an association outside OWNER/MEMBER/COLLABORATOR or a bot is refused without asking GitHub', async () => {
    const asked = () => peer.requests.filter((r) => r.path.includes('/collaborators/')).length;
    const before = asked();
    for (const association of ['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'NONE']) {
      const result = await authorize(client, comment('dev', association));
      expect(!result.ok && result.reason).toContain('is not a collaborator');
    }
    const bot = await authorize(client, comment('renovate[bot]', 'MEMBER', '/genops pick hero 2', 'Bot'));
    expect(!bot.ok && bot.reason).toContain('is a bot');
    expect(asked()).toBe(before);
  });
});

describe('replies', () => {
  const request: ReviewRequest = {
    commentId: 1,
    commentUrl: 'https://github.com/acme/site/pull/7#issuecomment-1',
    body: '/genops pick hero 2',
    by: 'dev',
    pullRequest: {
      number: 7,
      headRef: 'feature/art',
      headSha: 'a'.repeat(40),
      headRepo: 'acme/site',
      baseRef: 'main',
    },
  };
  const hostile = '/genops pick <img src=x onerror=alert(1)> @everyone #1';

  it('hold no line a later run would read as a command, and no markup or mention from the comment', () => {
    const errors = parseReviewCommands(`${hostile}\n/genops pikc x`).errors;
    const replies = [
      refusalReply(comment('stranger', 'NONE', hostile), 'stranger is not a collaborator'),
      malformedReply(comment('dev', 'MEMBER', hostile), errors),
      rejectedReply(request, [`no asset "<img src=x onerror=alert(1)>" in the manifest`]),
      forkReply(comment('dev', 'MEMBER', hostile), 'evil/<b>fork</b>'),
      closedReply(comment('dev', 'MEMBER', hostile)),
      appliedReply(request, ['hero: variant 2 picked by dev'], {
        action: 'committed',
        commit: 'b'.repeat(40),
        url: `https://github.com/acme/site/commit/${'b'.repeat(40)}`,
      }),
      appliedReply(request, ['hero: variant 2 picked by dev'], { action: 'stale', reason: 'held back' }),
    ];
    for (const reply of replies) {
      expect(parseReviewCommands(reply)).toEqual({ commands: [], errors: [] });
      expect(reply).not.toContain('<img');
      expect(reply).not.toContain('<b>');
      expect(reply).not.toMatch(/(^|[^\u200b])@everyone/);
    }
    expect(replies[5]).toContain('[bbbbbbb](https://github.com/acme/site/commit/');
  });
});

describe('one commit of the decision and the lockfile', () => {
  it('commits both files on the checked-out head, and steps aside (no commit) when the branch moved', async () => {
    const head = peer.commitFiles('feature/art', { 'genops.lock': '{"old":true}\n' }, 'art', 'main');
    const files = [
      { localFile: path.join(dir, 'genops.decisions.json'), repoPath: 'genops.decisions.json' },
      { localFile: path.join(dir, 'genops.lock'), repoPath: 'genops.lock' },
    ];
    await writeFile(files[0]?.localFile as string, '{"decisionsVersion":1,"assets":{}}\n');
    await writeFile(files[1]?.localFile as string, '{"new":true}\n');
    const result = await commitFiles(client, {
      files,
      branch: 'feature/art',
      parent: head,
      message: 'genops: pick',
    });
    expect(result.action).toBe('committed');
    expect(peer.head('feature/art')).toBe(result.action === 'committed' ? result.commit : '');
    expect(peer.history('feature/art')[0]?.parents).toEqual([head]);
    expect(peer.file('feature/art', 'genops.lock')?.toString()).toBe('{"new":true}\n');
    expect(peer.file('feature/art', 'genops.decisions.json')).toBeDefined();
    expect(peer.file('feature/art', 'genops.yaml')?.toString()).toBe('version: 1\n');

    // Same content again: nothing to commit.
    const again = await commitFiles(client, {
      files,
      branch: 'feature/art',
      parent: peer.head('feature/art') as string,
      message: 'genops: pick',
    });
    expect(again.action).toBe('unchanged');

    // Someone pushed after the checkout: their commit stays, this run commits nothing.
    const checkedOut = peer.head('feature/art') as string;
    const theirs = peer.commitFiles('feature/art', { 'README.md': 'theirs\n' }, 'a push');
    await writeFile(files[1]?.localFile as string, '{"newer":true}\n');
    const raced = await commitFiles(client, {
      files,
      branch: 'feature/art',
      parent: checkedOut,
      message: 'x',
    });
    expect(raced).toMatchObject({
      action: 'skipped',
      reason: expect.stringContaining('moved while this run worked'),
    });
    expect(peer.head('feature/art')).toBe(theirs);
  });
});

describe('the event', () => {
  it('reads an issue_comment on a pull request: author, association, body', async () => {
    const file = path.join(dir, 'event.json');
    await writeFile(
      file,
      JSON.stringify({
        action: 'created',
        issue: { number: 7, pull_request: { url: 'x' } },
        comment: {
          id: 9,
          body: '/genops reroll hero',
          html_url: 'https://github.com/acme/site/pull/7#issuecomment-9',
          user: { login: 'dev', type: 'User' },
          author_association: 'MEMBER',
        },
        repository: { full_name: 'acme/site', default_branch: 'main' },
      }),
    );
    const event = readEvent({
      GITHUB_EVENT_PATH: file,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_REPOSITORY: 'acme/site',
    });
    expect(event.comment).toEqual({
      action: 'created',
      id: 9,
      body: '/genops reroll hero',
      htmlUrl: 'https://github.com/acme/site/pull/7#issuecomment-9',
      author: 'dev',
      authorType: 'User',
      association: 'MEMBER',
      issue: 7,
      onPullRequest: true,
    });
    expect(event.pullRequest).toBeUndefined();
  });
});
