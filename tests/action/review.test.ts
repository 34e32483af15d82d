/**
 * Reviewers choose in the pull request: the built action (action.yml + dist/) run by the harness
 * against the loopback GitHub peer. A pull request run; a `/genops pick` comment from a writer and
 * the issue_comment run that commits the choice (genops.decisions.json + genops.lock on the PR
 * branch, the sticky comment naming who picked); the merge that deploys the picked variant's bytes;
 * comments from people without write access (and invalid commands) that change nothing.
 * GitHub's cache and actions/checkout are the stand-ins (see harness.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { Lockfile, Plan, QaReport, Synthesis } from '../../src/core/model.js';
import { GitHubPeer, type PeerComment, WRITE_TOKEN } from '../peers/github.js';
import {
  checkout,
  clean,
  isolatedAction,
  manifest,
  pullRequestEvent,
  pushEvent,
  REPOSITORY,
  scratch,
} from './fixtures.js';
import { type ActionRun, LocalCache, type RunOptions, runAction } from './harness.js';

// Whole action runs, 20–60 s each on the shared 2-core machine; the limit only stops a hang.
vi.setConfig({ testTimeout: 300_000 });

const BRANCH = 'feature/skyline';
const PR = 31;
const WRITER = 'ana-writer';
const READER = 'rui-reader';

let root: string;
let actionDir: string;
let peer: GitHubPeer;
let cache: LocalCache;
let runs = 0;

beforeAll(async () => {
  root = await scratch('genops-review-');
  actionDir = await isolatedAction(root);
  peer = new GitHubPeer(REPOSITORY);
  await peer.start();
  cache = new LocalCache(path.join(root, 'github-cache'));
  peer.commitFiles('main', { 'genops.yaml': manifest(), 'README.md': '# site\n' }, 'initial');
  peer.roles.set(WRITER, 'write');
  peer.roles.set(READER, 'read');
}, 120_000);

afterAll(async () => {
  await peer?.stop();
  if (root) await clean(root);
});

/** The files of one commit, as actions/checkout would write them. */
function filesAt(repository: string, ref: string): Map<string, Buffer> | undefined {
  if (repository !== REPOSITORY || !peer.commits.has(ref)) return undefined;
  return new Map([...peer.treeOf(ref)].map(([p, e]) => [p, peer.blobs.get(e.sha) as Buffer]));
}

function run(workspace: string, event: RunOptions['event'], inputs: Record<string, string> = {}) {
  return runAction({
    actionDir,
    workspace,
    inputs: { 'github-token': WRITE_TOKEN, 'commit-lockfile': 'true', ...inputs },
    event,
    repository: REPOSITORY,
    apiUrl: peer.url,
    token: WRITE_TOKEN,
    cache,
    runId: String(3000 + ++runs),
    artifacts: path.join(root, 'artifacts'),
    checkout: filesAt,
  });
}

/** An issue_comment event for a comment the peer holds, with the association GitHub would give. */
function commentEvent(c: PeerComment, association: string) {
  return {
    name: 'issue_comment',
    // issue_comment runs on the default branch, whatever the pull request.
    ref: 'refs/heads/main',
    sha: peer.head('main') as string,
    payload: {
      action: 'created',
      issue: {
        number: c.issue,
        state: 'open',
        pull_request: { url: `${peer.url}/repos/${REPOSITORY}/pulls/${c.issue}` },
      },
      comment: {
        id: c.id,
        body: c.body,
        html_url: peer.commentUrl(c),
        user: c.user,
        author_association: association,
      },
      repository: { full_name: REPOSITORY, default_branch: 'main', private: true },
      sender: c.user,
    },
  };
}

function step(result: ActionRun, id: string) {
  const s = result.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

const explain = (result: ActionRun) => result.log.slice(-6000);
const sticky = () => peer.comments.find((c) => c.issue === PR && c.body.includes('genops:sticky'));
const repliesAfter = (c: PeerComment) => peer.comments.filter((x) => x.issue === PR && x.id > c.id);

/** Decoded pixels: the deployed file carries an XMP packet, so its bytes are not the blob's. */
async function pixels(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

describe('a reviewer picks a variant in the pull request, and the merge ships it', () => {
  /** hero/skyline's candidates (variant 1, 2) as blobs, and the variant the scores chose. */
  let variants: string[];
  let best: number;
  let picked: number;

  it('the pull request run reviews both variants and hands them to the store branch', async () => {
    const head = peer.commitFiles(BRANCH, { 'genops.yaml': manifest() }, 'add art', 'main');
    peer.openPull(PR, BRANCH);
    const ws = await checkout(root, { 'genops.yaml': manifest() });
    const result = await run(
      ws,
      pullRequestEvent(PR, { ref: BRANCH, sha: head }, peer.head('main') as string),
    );
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'review').outcome).toBe('skipped');

    const runDir = path.join(ws, '.genops/run');
    const plan = JSON.parse(await readFile(path.join(runDir, 'plan.json'), 'utf8')) as Plan;
    const synthesis = JSON.parse(await readFile(path.join(runDir, 'synthesis.json'), 'utf8')) as Synthesis;
    const qa = JSON.parse(await readFile(path.join(runDir, 'qa.json'), 'utf8')) as QaReport;
    const keys = plan.assets.find((a) => a.id === 'hero/skyline')?.jobs ?? [];
    expect(keys).toHaveLength(2);
    variants = keys.map((k) => synthesis.entries[k]?.blob as string);
    expect(new Set(variants).size).toBe(2);
    best = keys.indexOf(qa.assets.find((a) => a.id === 'hero/skyline')?.chosen as string) + 1;
    expect(best).toBeGreaterThan(0);
    picked = best === 1 ? 2 : 1;
    const lock = JSON.parse((peer.file(BRANCH, 'genops.lock') as Buffer).toString()) as Lockfile;
    expect(lock.assets['hero/skyline']?.blob).toBe(variants[best - 1]);
    // Both candidates are on the store branch: the review run uses these, not new images.
    for (const blob of variants)
      expect(peer.file('genops-store', `blobs/sha256/${blob.slice(0, 2)}/${blob}`)).toBeDefined();
  });

  it('a writer comments /genops pick: the rerun commits the choice to the PR branch and the sticky comment says who picked', async () => {
    const before = peer.head(BRANCH) as string;
    const command = peer.addComment(
      PR,
      `Variant ${picked} reads better.\n/genops pick hero/skyline ${picked}\n`,
      WRITER,
    );
    // The issue_comment job starts on the default branch; the action checks out the PR head itself.
    const ws = await checkout(root, { 'genops.yaml': peer.file('main', 'genops.yaml') as Buffer });
    const result = await run(ws, commentEvent(command, 'COLLABORATOR'));
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'review').outputs).toMatchObject({ proceed: 'true', 'head-sha': before });
    expect(step(result, 'checkout').outcome).toBe('success');
    expect(step(result, 'decide').outputs.applied).toBe('true');
    // Nothing regenerated: the reviewed candidates came from the store branch.
    expect(result.outputs['jobs-generated']).toBe('0');

    // One commit on the PR branch, on the head that was checked out, naming the reviewer.
    const head = peer.head(BRANCH) as string;
    expect(peer.history(BRANCH)[1]?.sha).toBe(before);
    expect(result.outputs['lockfile-commit']).toBe(head);
    const message = peer.history(BRANCH)[0]?.message ?? '';
    expect(message).toMatch(new RegExp(`^genops: pick hero/skyline ${picked} \\(by @${WRITER}\\)`));
    expect(message).toContain(peer.commentUrl(command));
    const decisions = JSON.parse((peer.file(BRANCH, 'genops.decisions.json') as Buffer).toString());
    expect(decisions.assets['hero/skyline'].pick).toMatchObject({
      variant: picked,
      by: WRITER,
      source: peer.commentUrl(command),
    });
    const lock = JSON.parse((peer.file(BRANCH, 'genops.lock') as Buffer).toString()) as Lockfile;
    expect(lock.assets['hero/skyline']?.blob).toBe(variants[picked - 1]);
    expect(lock.assets['hero/skyline']?.blob).not.toBe(variants[best - 1]);

    // Acknowledged (👀, then 🚀) and answered; the sticky comment shows the human choice.
    expect(command.reactions?.map((r) => r.content)).toEqual(['eyes', 'rocket']);
    const reply = repliesAfter(command).find((c) => c.body.includes('GenOps applied'));
    expect(reply?.body).toContain(`@${WRITER}`);
    expect(reply?.body).toContain(head.slice(0, 7));
    expect(sticky()?.body).toContain(`variant ${picked} picked by ${WRITER}`);
    expect(sticky()?.body).toContain(`${picked} of 2, picked by ${WRITER}`);
  });

  it('the merge deploys the picked variant, not the best-scored one', async () => {
    const merged = {
      'genops.yaml': peer.file(BRANCH, 'genops.yaml') as Buffer,
      'genops.lock': peer.file(BRANCH, 'genops.lock') as Buffer,
      'genops.decisions.json': peer.file(BRANCH, 'genops.decisions.json') as Buffer,
    };
    const before = peer.head('main') as string;
    const after = peer.commitFiles('main', merged, `Merge pull request #${PR}`);
    const ws = await checkout(root, merged);
    const result = await run(ws, pushEvent(before, after));
    expect(result.failed, explain(result)).toBe(false);
    expect(result.outputs).toMatchObject({ mode: 'deploy', 'jobs-generated': '0' });

    const lock = JSON.parse(await readFile(path.join(ws, 'genops.lock'), 'utf8')) as Lockfile;
    const hero = lock.assets['hero/skyline'];
    expect(hero?.blob).toBe(variants[picked - 1]);
    const primary = hero?.files.find((f) => f.path.endsWith('.png')) ?? hero?.files[0];
    const deployed = await readFile(path.join(ws, 'generated', primary?.path as string));
    expect(sha256Hex(deployed)).toBe(primary?.sha256);
    // The deployed image is the picked candidate's pixels (its bytes plus the XMP packet).
    const blob = (sha: string) =>
      peer.file('genops-store', `blobs/sha256/${sha.slice(0, 2)}/${sha}`) as Buffer;
    expect((await pixels(deployed)).equals(await pixels(blob(variants[picked - 1] as string)))).toBe(true);
    expect((await pixels(deployed)).equals(await pixels(blob(variants[best - 1] as string)))).toBe(false);
  });
});

describe('commands that change nothing', () => {
  it('a drive-by commenter and a read-only collaborator are refused with a reply; nothing is checked out or committed', async () => {
    const head = peer.head(BRANCH);
    for (const [login, association, type] of [
      ['drive-by', 'NONE', 'User'],
      [READER, 'COLLABORATOR', 'User'],
      // A bot, even one installed with write access, is not a reviewer.
      ['helper-app[bot]', 'NONE', 'Bot'],
    ] as const) {
      if (type === 'Bot') peer.roles.set(login, 'write');
      const command = peer.addComment(PR, '/genops pick hero/skyline 1', login, type);
      const ws = await checkout(root, { 'genops.yaml': peer.file('main', 'genops.yaml') as Buffer });
      const writesOf = () => peer.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').length;
      const writes = writesOf();
      const result = await run(ws, commentEvent(command, association));
      expect(result.failed, explain(result)).toBe(false);
      expect(step(result, 'checkout').outcome).toBe('skipped');
      expect(step(result, 'plan').outcome).toBe('skipped');
      expect(peer.head(BRANCH)).toBe(head);
      // One write: the refusal.
      expect(writesOf()).toBe(writes + 1);
      const reply = repliesAfter(command)[0];
      expect(reply?.body).toContain(`@${login.replace(/\[bot\]$/, '')}`);
      expect(reply?.body).toContain('Only people with write access');
      expect(reply?.body).not.toMatch(/^\/genops/m);
    }
    // The read-only collaborator was asked about: GitHub's answer, not the association, decided.
    expect(peer.requests.some((r) => r.path.endsWith(`/collaborators/${READER}/permission`))).toBe(true);
    expect(peer.requests.some((r) => r.path.endsWith('/collaborators/drive-by/permission'))).toBe(false);
  });

  it('a writer asking for a variant that does not exist gets the reason and nothing is committed', async () => {
    const head = peer.head(BRANCH);
    const stickyBefore = sticky()?.body;
    const command = peer.addComment(PR, '/genops pick hero/skyline 5', WRITER);
    const ws = await checkout(root, { 'genops.yaml': peer.file('main', 'genops.yaml') as Buffer });
    const result = await run(ws, commentEvent(command, 'MEMBER'));
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'decide').outputs.applied).toBeUndefined();
    expect(step(result, 'deliver').outcome).toBe('skipped');
    expect(step(result, 'lockfile').outcome).toBe('skipped');
    expect(peer.head(BRANCH)).toBe(head);
    expect(sticky()?.body).toBe(stickyBefore);
    const reply = repliesAfter(command)[0];
    expect(reply?.body).toContain('did not apply');
    expect(reply?.body).toMatch(/hero\/skyline has 2 variants/);
    expect(command.reactions?.map((r) => r.content)).toEqual(['eyes', 'confused']);
  });
});

describe('the commit-lockfile rules hold for decisions', () => {
  it('with the default GITHUB_TOKEN (auto): nothing is committed; the reply and the sticky comment give the patch, and the check fails', async () => {
    const head = peer.head(BRANCH) as string;
    const command = peer.addComment(PR, '/genops pick hero/skyline 1\n/genops pick landing/ocean 1', WRITER);
    const ws = await checkout(root, { 'genops.yaml': peer.file('main', 'genops.yaml') as Buffer });
    const result = await run(ws, commentEvent(command, 'OWNER'), { 'commit-lockfile': 'auto' });
    expect(step(result, 'rerun').outcome, explain(result)).toBe('success');
    expect(peer.head(BRANCH)).toBe(head);
    expect(result.failed).toBe(true);
    expect(step(result, 'gate').log).toMatch(/genops\.lock is out of date on this branch/);
    const reply = repliesAfter(command).find((c) => c.body.includes('GenOps applied'));
    // Markdown escaping writes the underscore as a character reference.
    expect(reply?.body).toContain(
      'Not committed: the default GITHUB&#95;TOKEN cannot start the checks of its own commit',
    );
    expect(command.reactions?.map((r) => r.content)).toEqual(['eyes', 'confused']);
    // One patch for both files: `git apply` of it records the decision on the branch.
    const body = sticky()?.body ?? '';
    expect(body).toMatch(/--- a\/genops\.decisions\.json\n\+\+\+ b\/genops\.decisions\.json/);
    expect(body).toMatch(/--- a\/genops\.lock\n\+\+\+ b\/genops\.lock/);
    expect(body).toMatch(/\+\s+"variant": 1/);
    const patch = /```diff\n([\s\S]*?)```\n/.exec(body)?.[1] as string;
    const repo = await scratch('genops-apply-');
    for (const file of ['genops.lock', 'genops.decisions.json'])
      await writeFile(path.join(repo, file), peer.file(BRANCH, file) as Buffer);
    await writeFile(path.join(repo, 'decision.patch'), patch);
    execFileSync('git', ['apply', 'decision.patch'], { cwd: repo });
    for (const file of ['genops.lock', 'genops.decisions.json'])
      expect((await readFile(path.join(repo, file))).equals(await readFile(path.join(ws, file))), file).toBe(
        true,
      );
    await clean(repo);
  });

  it("a fork's pull request: a reply with what its author can run; the fork's files are never checked out", async () => {
    const forkHead = peer.commitFiles('fork-head-41', { 'genops.yaml': manifest() }, 'fork', 'main');
    peer.openPull(41, 'fork-head-41', 'someone/site');
    const command = peer.addComment(41, '/genops pick hero/skyline 1', WRITER);
    const ws = await checkout(root, { 'genops.yaml': peer.file('main', 'genops.yaml') as Buffer });
    const result = await run(ws, commentEvent(command, 'MEMBER'));
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'checkout').outcome).toBe('skipped');
    expect(step(result, 'plan').outcome).toBe('skipped');
    expect(peer.head('fork-head-41')).toBe(forkHead);
    const reply = peer.comments.find((c) => c.issue === 41 && c.id > command.id);
    expect(reply?.body).toContain('comes from a fork');
    expect(reply?.body).toContain('genops pick ASSET N');
    expect(reply?.body).not.toMatch(/^\/genops/m);
  });
});
