/**
 * The built action (action.yml + dist/, copied alone to a temporary folder) run step by step by the
 * harness against the loopback GitHub peer: a pull request, a second push, the merge, a stale
 * deploy, a bad manifest, a failing gate and a fork's pull request with its workflow_run comment.
 * GitHub's cache is the one stand-in (a local folder; see harness.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { Lockfile, Synthesis } from '../../src/core/model.js';
import { thumbnail } from '../../src/github/previews.js';
import { JsonIndex } from '../../src/store/json-index.js';
import { APP_TOKEN, GitHubPeer, READ_TOKEN, WRITE_TOKEN } from '../peers/github.js';
import {
  checkout,
  clean,
  isolatedAction,
  listFiles,
  manifest,
  pullRequestEvent,
  pushEvent,
  REPOSITORY,
  scratch,
  workflowRunEvent,
} from './fixtures.js';
import { type ActionRun, LocalCache, type RunOptions, runAction } from './harness.js';

// Each test drives one or two whole action runs: 20–50 s each on the 2-core machine, most of it
// installing or restoring the runtime packages as a runner does, and slower while other test
// files share the cores. The limit only stops a hang; timing goals live in the benchmarks.
vi.setConfig({ testTimeout: 240_000 });

const MARKER = '<!-- genops:sticky:genops -->';
const FEATURE = 'feature/new-art';

let root: string;
let actionDir: string;
let peer: GitHubPeer;
let cache: LocalCache;
let runs = 0;

beforeAll(async () => {
  root = await scratch('genops-action-');
  actionDir = await isolatedAction(root);
  peer = new GitHubPeer(REPOSITORY);
  await peer.start();
  cache = new LocalCache(path.join(root, 'github-cache'));
  peer.commitFiles('main', { 'genops.yaml': manifest(), 'README.md': '# site\n' }, 'initial');
}, 120_000);

afterAll(async () => {
  await peer?.stop();
  if (root) await clean(root);
});

function run(
  workspace: string,
  event: RunOptions['event'],
  inputs: Record<string, string> = {},
  token = WRITE_TOKEN,
  more: Partial<RunOptions> = {},
) {
  return runAction({
    actionDir,
    workspace,
    // The job's token is also the input here, so `commit-lockfile: auto` would hold every commit
    // back; these runs ask for commits, and the default is tested on its own below.
    inputs: { 'github-token': token, 'commit-lockfile': 'true', ...inputs },
    event,
    repository: REPOSITORY,
    apiUrl: peer.url,
    token,
    cache,
    runId: String(1000 + ++runs),
    artifacts: path.join(root, 'artifacts'),
    ...more,
  });
}

function step(result: ActionRun, id: string) {
  const s = result.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

function imageUrls(body: string): { alt: string; url: string }[] {
  return [...body.matchAll(/<img src="([^"]+)" width="\d+" alt="(before|after|what changed)">/g)].map(
    (m) => ({
      url: (m[1] as string).replace(/&amp;/g, '&'),
      alt: m[2] as string,
    }),
  );
}

function explain(result: ActionRun): string {
  return result.log.slice(-6000);
}

describe('pull request → second push → merge', () => {
  let reviewedLock: Buffer;
  let firstRunUrls: string[];

  it('reviews a pull request: outputs, one comment with previews from the branch, hand-off, lockfile commit, job summary', async () => {
    const head = peer.commitFiles(FEATURE, { 'genops.yaml': manifest() }, 'add art', 'main');
    peer.openPull(7, FEATURE);
    // A temporary file of a write in flight (or cut short by a kill): never saved with the cache.
    const temp = '.genops/blobs/sha256/ab/.tmp-ab-0123456789ab';
    const ws = await checkout(root, { 'genops.yaml': manifest(), [temp]: 'half a blob' });
    const result = await run(
      ws,
      pullRequestEvent(7, { ref: FEATURE, sha: head }, peer.head('main') as string),
    );
    expect(result.failed, explain(result)).toBe(false);
    const cached = await listFiles(path.join(root, 'github-cache'));
    expect(cached.some((f) => f.includes('/sha256/'))).toBe(true);
    expect(cached.filter((f) => path.basename(f).startsWith('.tmp-'))).toEqual([]);

    // The runtime dependencies were installed on this "runner" (none came with the action).
    expect(step(result, 'deps-cache').outputs['cache-hit']).toBe('false');
    expect(result.steps.find((s) => s.name === 'Install runtime dependencies')?.outcome).toBe('success');

    expect(result.outputs).toMatchObject({
      mode: 'pr',
      gate: 'pass',
      'cache-hit': 'false',
      'jobs-total': '5',
      'jobs-generated': '5',
      'jobs-cached': '0',
      'assets-total': '4',
      'assets-new': '4',
      'assets-changed': '4',
      'assets-failed': '0',
      // The procedural generator is free: the estimate and the spend are stated, and are 0.
      'cost-estimate-usd': '0',
      'cost-usd': '0',
    });
    expect(result.outputs['assets-json']).toBe(path.join(ws, 'generated', 'assets.json'));
    expect(result.outputs['report-markdown']).toBe(path.join(ws, '.genops', 'run', 'report.md'));

    // One comment, found by its marker; a thumbnail per new asset, each a file on the previews branch.
    expect(peer.comments).toHaveLength(1);
    const comment = peer.comments[0];
    expect(comment?.body).toContain(MARKER);
    expect(comment?.body).toContain('✅ Gate passed');
    expect(comment?.body).toContain('4 new');
    expect(result.outputs['comment-id']).toBe(String(comment?.id));
    const urls = imageUrls(comment?.body ?? '');
    expect(urls.filter((u) => u.alt === 'after')).toHaveLength(4);
    expect(urls.filter((u) => u.alt === 'before')).toHaveLength(0);
    for (const { url } of urls) {
      expect(url).toMatch(/^https:\/\/github\.com\/acme\/site\/blob\/genops-previews\/pr-7\/.+\?raw=true$/);
      const bytes = peer.resolveBlobUrl(url);
      expect(bytes, url).toBeDefined();
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(480);
    }
    firstRunUrls = urls.map((u) => u.url);
    expect(result.outputs['previews-commit']).toBe(peer.head('genops-previews'));
    // An orphan: no history shared with the code.
    expect(peer.history('genops-previews').at(-1)?.parents).toEqual([]);
    // Manifest text is escaped: the title's HTML does not reach the comment as markup.
    expect(comment?.body).toContain('Homepage hero &#60;b&#62;bold&#60;/b&#62;');
    expect(comment?.body).not.toContain('<b>bold</b>');

    // Hand-off: every candidate's blob and cache record on the store branch.
    const synthesis = JSON.parse(
      await readFile(path.join(ws, '.genops/run/synthesis.json'), 'utf8'),
    ) as Synthesis;
    const storeFiles = peer.files('genops-store');
    for (const entry of Object.values(synthesis.entries)) {
      expect(storeFiles).toContain(`blobs/sha256/${entry.blob?.slice(0, 2)}/${entry.blob}`);
      expect(storeFiles).toContain(`jobs/${entry.key}.json`);
      expect(
        sha256Hex(
          peer.file('genops-store', `blobs/sha256/${entry.blob?.slice(0, 2)}/${entry.blob}`) as Buffer,
        ),
      ).toBe(entry.blob);
    }

    // The lockfile commit on the PR branch is the run's genops.lock.
    const local = await readFile(path.join(ws, 'genops.lock'));
    expect(result.outputs['lockfile-commit']).toBe(peer.head(FEATURE));
    expect(peer.file(FEATURE, 'genops.lock')?.equals(local)).toBe(true);
    expect(peer.history(FEATURE)[0]?.message).toBe('genops: update genops.lock');
    expect(comment?.body).toContain(
      `genops.lock updated in ${result.outputs['lockfile-commit']?.slice(0, 7)}`,
    );

    // The review gallery: an artifact holding report.html and every image it shows, linked from the comment.
    const galleryUrl = result.outputs['gallery-url'] as string;
    expect(galleryUrl).toMatch(/^https:\/\/github\.com\/acme\/site\/actions\/runs\/\d+\/artifacts\/\d+$/);
    expect(comment?.body).toContain(`[Review gallery](${galleryUrl})`);
    const artifact = path.join(
      root,
      'artifacts',
      galleryUrl.split('/')[7] as string,
      'genops-gallery-genops-1',
    );
    const html = await readFile(path.join(artifact, 'report.html'), 'utf8');
    const sources = [...html.matchAll(/<img[^>]* src="([^"]+)"/g)].map((m) =>
      decodeURIComponent(m[1] as string),
    );
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const src of sources) await expect(readFile(path.join(artifact, src))).resolves.toBeDefined();

    // Job summary: the report and what the run decided.
    expect(result.summary).toContain('## GenOps report');
    expect(result.summary).toContain('| mode | pr |');
    expect(result.summary).toContain('5 generated');
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    reviewedLock = local;
  });

  it('a second push updates the same comment, shows before, after and the diff, and regenerates only what changed', async () => {
    const first = peer.comments[0];
    const before = { id: first?.id, body: first?.body, updated: first?.updated_at };
    const v2 = manifest({ ocean: 'stormy grey ocean waves under a purple sky' });
    const head = peer.commitFiles(FEATURE, { 'genops.yaml': v2 }, 'moodier ocean');
    const ws = await checkout(root, {
      'genops.yaml': v2,
      'genops.lock': peer.file(FEATURE, 'genops.lock') as Buffer,
    });
    const result = await run(
      ws,
      pullRequestEvent(7, { ref: FEATURE, sha: head }, peer.head('main') as string, 'synchronize'),
    );
    expect(result.failed, explain(result)).toBe(false);

    // Warm: the runtime dependencies and the PR's own cache (by prefix: the key changed with the plan).
    expect(result.steps.find((s) => s.name === 'Install runtime dependencies')?.outcome).toBe('skipped');
    expect(step(result, 'cache-restore').outputs['cache-matched-key']).toMatch(/^genops-v1-/);
    expect(result.outputs).toMatchObject({
      'cache-hit': 'false',
      'jobs-generated': '1',
      'jobs-cached': '4',
      'assets-new': '0',
      'assets-changed': '1',
      gate: 'pass',
    });

    // Still one comment: the same one, edited.
    expect(peer.comments).toHaveLength(1);
    const comment = peer.comments[0];
    expect(comment?.id).toBe(before.id);
    expect(comment?.body).not.toBe(before.body);
    expect(comment?.updated_at).not.toBe(before.updated);
    expect(comment?.body).toContain('1 changed');
    const urls = imageUrls(comment?.body ?? '');
    // Before, after, and what changed between them (the QA layer's diff), all on the previews branch.
    expect(urls.map((u) => u.alt).sort()).toEqual(['after', 'before', 'what changed']);
    for (const { url } of urls) expect(peer.resolveBlobUrl(url), url).toBeDefined();
    expect(comment?.body).toMatch(/landing\/ocean<\/code>/);
    expect(comment?.body).toMatch(/changed · SSIM 0\.\d{4}/);

    // "before" is the image the lockfile had: the same pixels as the first run's thumbnail of it.
    const lock = JSON.parse(reviewedLock.toString()) as Lockfile;
    expect(lock.assets['landing/ocean']).toBeDefined();

    // The PR's older previews were pruned from the branch; this run's are there.
    for (const url of firstRunUrls) expect(peer.resolveBlobUrl(url)).toBeUndefined();

    // The new lockfile is on the branch.
    const local = await readFile(path.join(ws, 'genops.lock'));
    expect(local.equals(reviewedLock)).toBe(false);
    expect(peer.file(FEATURE, 'genops.lock')?.equals(local)).toBe(true);
    reviewedLock = local;
  });

  it('the merge deploys exactly the reviewed images from the store branch, calling no generator', async () => {
    const mergedFiles = {
      'genops.yaml': peer.file(FEATURE, 'genops.yaml') as Buffer,
      'genops.lock': peer.file(FEATURE, 'genops.lock') as Buffer,
    };
    const before = peer.head('main') as string;
    const after = peer.commitFiles('main', mergedFiles, 'Merge pull request #7');
    const commentsBefore = JSON.stringify(peer.comments);
    const ws = await checkout(root, mergedFiles);
    // Nothing in main's cache scope: the PR's caches are invisible to the push run, as on GitHub.
    expect(await cache.keys('refs/heads/main')).toEqual([]);

    const result = await run(ws, pushEvent(before, after));
    expect(result.failed, explain(result)).toBe(false);
    expect(result.outputs).toMatchObject({
      mode: 'deploy',
      gate: 'pass',
      'jobs-generated': '0',
      'jobs-failed': '0',
    });
    expect(step(result, 'synthesize').outcome).toBe('skipped');
    expect(step(result, 'deploy').outcome).toBe('success');
    expect(step(result, 'deploy').log).toContain('nothing generated');
    expect(step(result, 'deploy').log).not.toMatch(/generating \d/);

    // A locked deploy runs no synthesis at all: it uploads the files genops.lock names.
    await expect(readFile(path.join(ws, '.genops/run/synthesis.json'))).rejects.toThrow();
    const delivery = JSON.parse(await readFile(path.join(ws, '.genops/run/delivery.json'), 'utf8'));
    expect(delivery).toMatchObject({ mode: 'locked', failed: [] });
    expect(delivery.delivered).toHaveLength(4);

    // Every job's cache record is the one the PR run handed over (a generator would have written a
    // new record, with a new createdAt): the main cache saved next holds only reviewed images.
    const plan = JSON.parse(await readFile(path.join(ws, '.genops/run/plan.json'), 'utf8')) as {
      jobs: { key: string }[];
    };
    const records = new JsonIndex(path.join(ws, '.genops/cache/jobs'));
    for (const { key } of plan.jobs) {
      const local = await records.get(key);
      const handed = JSON.parse((peer.file('genops-store', `jobs/${key}.json`) as Buffer).toString());
      expect(local).toEqual(handed);
    }

    // Exactly what was reviewed: the lockfile is unchanged to the byte, and each delivered file is there.
    const deployed = await readFile(path.join(ws, 'genops.lock'));
    expect(deployed.equals(reviewedLock)).toBe(true);
    const lock = JSON.parse(deployed.toString()) as Lockfile;
    const delivered = await listFiles(path.join(ws, 'generated'));
    for (const asset of Object.values(lock.assets))
      for (const file of asset.files) {
        expect(delivered).toContain(file.path);
        expect(sha256Hex(await readFile(path.join(ws, 'generated', file.path)))).toBe(file.sha256);
      }

    // No comment, no lockfile commit on a push; a cache saved on main for the next pull requests.
    expect(JSON.stringify(peer.comments)).toBe(commentsBefore);
    expect(step(result, 'comment').outcome).toBe('skipped');
    const mainKeys = await cache.keys('refs/heads/main');
    expect(mainKeys.filter((k) => k.startsWith('genops-v1-'))).toHaveLength(1);
    // The runtime dependencies too: PR caches are invisible here, so main installed and saved its own.
    expect(mainKeys.filter((k) => k.startsWith('genops-runtime-'))).toHaveLength(1);
  });

  it('a new pull request starts warm from the cache the merge saved on main', async () => {
    const head = peer.commitFiles('feature/unrelated', { 'README.md': '# site, again\n' }, 'docs', 'main');
    peer.openPull(8, 'feature/unrelated');
    const ws = await checkout(root, {
      'genops.yaml': peer.file('main', 'genops.yaml') as Buffer,
      'genops.lock': peer.file('main', 'genops.lock') as Buffer,
    });
    const result = await run(
      ws,
      pullRequestEvent(8, { ref: 'feature/unrelated', sha: head }, peer.head('main') as string),
    );
    expect(result.failed, explain(result)).toBe(false);
    expect(result.outputs).toMatchObject({
      'cache-hit': 'true',
      'jobs-generated': '0',
      'assets-changed': '0',
    });
    const comment = peer.comments.find((c) => c.issue === 8);
    expect(comment?.body).toContain('No asset changed');
    // Lockfile already current: no commit.
    expect(result.outputs['lockfile-commit']).toBe('');
    expect(peer.head('feature/unrelated')).toBe(head);
  });

  it('with no cache, the "before" image comes from the store branch', async () => {
    const v = manifest({ ocean: 'a pink ocean at sunrise' });
    const head = peer.commitFiles('feature/pink', { 'genops.yaml': v }, 'pink', 'main');
    peer.openPull(14, 'feature/pink');
    const ws = await checkout(root, {
      'genops.yaml': v,
      'genops.lock': peer.file('main', 'genops.lock') as Buffer,
    });
    const result = await run(
      ws,
      pullRequestEvent(14, { ref: 'feature/pink', sha: head }, peer.head('main') as string),
      {
        cache: 'false',
        'commit-lockfile': 'false',
      },
    );
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'cache-restore').outcome).toBe('skipped');
    expect(result.outputs).toMatchObject({ 'jobs-cached': '0', 'assets-changed': '1' });
    const body = peer.comments.find((c) => c.issue === 14)?.body ?? '';
    const urls = imageUrls(body);
    expect(urls.map((u) => u.alt).sort()).toEqual(['after', 'before']);
    // The old ocean, as reviewed and merged: its thumbnail is made from the store branch's blob.
    const lock = JSON.parse((peer.file('main', 'genops.lock') as Buffer).toString()) as Lockfile;
    const oldBlob = lock.assets['landing/ocean']?.blob as string;
    const expected = await thumbnail(
      peer.file('genops-store', `blobs/sha256/${oldBlob.slice(0, 2)}/${oldBlob}`) as Buffer,
    );
    const shown = peer.resolveBlobUrl(urls.find((u) => u.alt === 'before')?.url as string);
    expect(shown?.equals(expected)).toBe(true);
  });

  it('deploy refuses a stale lockfile with a clear annotation, and generates only when allowed', async () => {
    const v3 = manifest({ ocean: 'a calm night ocean with a silver moon' });
    const files = { 'genops.yaml': v3, 'genops.lock': peer.file('main', 'genops.lock') as Buffer };
    const after = peer.commitFiles('main', files, 'edit the manifest without a PR run');
    const ws = await checkout(root, files);
    const result = await run(ws, pushEvent('0'.repeat(40), after));
    expect(result.failed).toBe(true);
    expect(step(result, 'deploy').outcome).toBe('failure');
    const error = result.annotations.find((a) => a.level === 'error' && a.file === 'genops.lock');
    expect(error?.message).toMatch(
      /asset "landing\/ocean" changed in the manifest after the lockfile was written/,
    );
    expect(error?.message).toContain('allow-generate-on-deploy');
    expect(await readFile(path.join(ws, 'genops.lock'))).toEqual(files['genops.lock']);

    const ws2 = await checkout(root, files);
    const allowed = await run(ws2, pushEvent('0'.repeat(40), after), { 'allow-generate-on-deploy': 'true' });
    expect(allowed.failed, explain(allowed)).toBe(false);
    expect(allowed.outputs).toMatchObject({ mode: 'deploy', 'jobs-generated': '1', gate: 'pass' });
    expect(allowed.annotations.some((a) => a.level === 'warning' && /stale/.test(a.message))).toBe(true);
  });
});

describe('failures a reviewer must see', () => {
  it('annotates a bad manifest on its file, line and column, comments, and fails', async () => {
    const bad = manifest().replace('size: 64x64', 'size: huge');
    const line = bad.split('\n').findIndex((l) => l.includes('size: huge')) + 1;
    const head = peer.commitFiles('feature/bad', { 'genops.yaml': bad }, 'oops', 'main');
    peer.openPull(11, 'feature/bad');
    const ws = await checkout(root, { 'art/genops.yaml': bad });
    const result = await run(
      ws,
      pullRequestEvent(11, { ref: 'feature/bad', sha: head }, peer.head('main') as string),
      {
        manifest: 'art/genops.yaml',
      },
    );
    expect(result.failed).toBe(true);
    expect(step(result, 'plan').outcome).toBe('failure');
    const errors = result.annotations.filter((a) => a.level === 'error' && a.file === 'art/genops.yaml');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line, col: expect.any(Number) });
    expect(errors[0]?.message).toMatch(/size/);
    // Nothing ran after the plan but the report, the comment and the gate.
    expect(step(result, 'synthesize').outcome).toBe('skipped');
    expect(step(result, 'gate').outcome).toBe('failure');
    const comment = peer.comments.find((c) => c.issue === 11);
    expect(comment?.body).toContain('The manifest did not load');
    expect(comment?.body).toContain(`art/genops.yaml:${line}`);
    expect(result.summary).toContain('The manifest did not load');

    // Fixed in place, as on a self-hosted runner that keeps its workspace: nothing stale survives.
    await writeFile(path.join(ws, 'art/genops.yaml'), manifest());
    const fixed = await run(
      ws,
      pullRequestEvent(11, { ref: 'feature/bad', sha: head }, peer.head('main') as string),
      {
        manifest: 'art/genops.yaml',
        'commit-lockfile': 'false',
      },
    );
    expect(fixed.failed, explain(fixed)).toBe(false);
    expect(fixed.outputs.gate).toBe('pass');
    expect(peer.comments.find((c) => c.issue === 11)?.body).toContain('✅ Gate passed');
    expect(peer.comments.filter((c) => c.issue === 11)).toHaveLength(1);
  });

  it('a failing gate: comment lists the failure first, no lockfile commit, the gate step fails with one line', async () => {
    const failing = manifest({
      extra: `  - id: too/heavy
    prompt: a noisy field of colourful confetti
    qa:
      maxBytes: 10
`,
    });
    const head = peer.commitFiles('feature/heavy', { 'genops.yaml': failing }, 'heavy', 'main');
    peer.openPull(12, 'feature/heavy');
    const ws = await checkout(root, { 'genops.yaml': failing });
    const result = await run(
      ws,
      pullRequestEvent(12, { ref: 'feature/heavy', sha: head }, peer.head('main') as string),
    );
    expect(result.failed).toBe(true);
    expect(result.outputs).toMatchObject({ gate: 'fail', 'assets-failed': '1' });
    expect(step(result, 'gate').outcome).toBe('failure');
    expect(step(result, 'comment').outcome).toBe('success');
    const gateError = result.annotations.find((a) => a.level === 'error' && !a.file);
    expect(gateError?.message).toMatch(/^GenOps gate failed: 1 of 5 assets failed QA — too\/heavy \(/);
    expect(gateError?.message).not.toContain('\n');
    const assetError = result.annotations.find((a) => a.title === 'genops: too/heavy failed QA');
    const line = failing.split('\n').findIndex((l) => l.includes('id: too/heavy')) + 1;
    expect(assetError).toMatchObject({ file: 'genops.yaml', line });

    const body = peer.comments.find((c) => c.issue === 12)?.body ?? '';
    expect(body).toContain('❌ Gate failed');
    expect(body).toContain('genops.lock not committed (the gate did not pass)');
    expect(body.indexOf('#### Failed (1)')).toBeLessThan(body.indexOf('#### New and changed'));
    expect(result.outputs['lockfile-commit']).toBe('');
    expect(peer.head('feature/heavy')).toBe(head);
  });
});

describe('cancelled runs', () => {
  it('a run cancelled after delivery (a newer push superseded it) commits no lockfile and posts no comment', async () => {
    const v = manifest({ ocean: 'an ocean of superseded ideas' });
    const head = peer.commitFiles('feature/superseded', { 'genops.yaml': v }, 'old idea', 'main');
    peer.openPull(15, 'feature/superseded');
    const previewsBefore = peer.head('genops-previews');
    const storeBefore = peer.head('genops-store');
    const ws = await checkout(root, { 'genops.yaml': v });
    const result = await run(
      ws,
      pullRequestEvent(15, { ref: 'feature/superseded', sha: head }, peer.head('main') as string),
      {},
      WRITE_TOKEN,
      { cancelAfter: 'deliver' },
    );
    expect(step(result, 'deliver').outcome, explain(result)).toBe('success');
    expect(result.cancelled).toBe(true);
    for (const id of ['report', 'previews', 'handoff', 'lockfile', 'comment', 'gate'])
      expect(step(result, id).outcome, id).toBe('skipped');
    // Nothing reached GitHub: no lockfile commit, no comment, no previews or hand-off commit.
    expect(peer.head('feature/superseded')).toBe(head);
    expect(peer.comments.filter((c) => c.issue === 15)).toEqual([]);
    expect(peer.head('genops-previews')).toBe(previewsBefore);
    expect(peer.head('genops-store')).toBe(storeBefore);
  });
});

describe('publishing happens only on deploy', () => {
  it('a pull request with an S3 target stages: genops.lock gets the final URLs, nothing is published', async () => {
    const s3 = `${manifest()}delivery:\n  targets:\n    - type: s3\n      bucket: prod-assets\n`;
    const head = peer.commitFiles('feature/s3', { 'genops.yaml': s3 }, 's3', 'main');
    peer.openPull(13, 'feature/s3');
    const ws = await checkout(root, { 'genops.yaml': s3 });
    const result = await run(
      ws,
      pullRequestEvent(13, { ref: 'feature/s3', sha: head }, peer.head('main') as string),
    );
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'deliver').log).toMatch(/deliver \(stage\): \d+ assets, 0 files uploaded/);
    expect(result.outputs['assets-json']).toBe('');
    // The lockfile records where the files will live once the merge deploys them.
    expect(result.outputs['lockfile-commit']).toBe(peer.head('feature/s3'));
    const lock = JSON.parse(peer.file('feature/s3', 'genops.lock')?.toString() ?? '{}');
    const urls = Object.values(lock.assets as Record<string, { files: { url: string }[] }>).flatMap((a) =>
      a.files.map((f) => f.url),
    );
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls)
      expect(url).toMatch(/^https:\/\/prod-assets\.s3(\.[a-z0-9-]+)?\.amazonaws\.com\//);
    expect(peer.comments.find((c) => c.issue === 13)?.body).toContain('✅ Gate passed');
  });
});

describe('fork pull requests', () => {
  let artifact: string;
  let forkHead: string;

  it('the pull_request run writes nothing to GitHub and leaves the comment in its run folder', async () => {
    forkHead = peer.commitFiles(
      'fork-head-9',
      { 'genops.yaml': manifest({ ocean: 'green sea glass' }) },
      'fork',
      'main',
    );
    peer.openPull(9, 'fork-head-9', 'someone/site');
    const ws = await checkout(root, { 'genops.yaml': manifest({ ocean: 'green sea glass' }) });
    const writesBefore = peer.requests.filter((r) => r.method !== 'GET').length;
    const result = await run(
      ws,
      pullRequestEvent(
        9,
        { ref: 'patch-1', sha: forkHead, repo: 'someone/site' },
        peer.head('main') as string,
      ),
      {},
      READ_TOKEN,
    );
    expect(result.failed, explain(result)).toBe(false);
    expect(peer.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
    expect(peer.comments.find((c) => c.issue === 9)).toBeUndefined();
    expect(step(result, 'comment').log).toContain('fork pull request');
    // actions/upload-artifact of the run folder: kept outside the workspace the next job wipes.
    artifact = path.join(root, 'artifact-of-run');
    await cp(result.outputs['run-dir'] as string, artifact, { recursive: true });
    const files = await listFiles(artifact);
    expect(files).toContain('report.json');
    expect(files).toContain('pull-request.json');
    expect(files.filter((f) => f.startsWith('previews/'))).not.toHaveLength(0);
  });

  it('the workflow_run job posts the comment from the artifact after checking the PR head', async () => {
    // The workflow_run job checks out the default branch and downloads the artifact to ./artifact.
    const ws = await checkout(root, { 'genops.yaml': peer.file('main', 'genops.yaml') as Buffer });
    await cp(artifact, path.join(ws, 'artifact'), { recursive: true });
    const result = await run(ws, workflowRunEvent(555, forkHead), { 'run-dir': 'artifact' });
    expect(result.failed, explain(result)).toBe(false);
    expect(result.outputs.mode).toBe('comment');
    expect(step(result, 'synthesize').outcome).toBe('skipped');
    const comment = peer.comments.find((c) => c.issue === 9);
    expect(comment?.body).toContain(MARKER);
    const urls = imageUrls(comment?.body ?? '');
    expect(urls.length).toBeGreaterThan(0);
    for (const { url } of urls) expect(peer.resolveBlobUrl(url)).toBeDefined();
  });

  it('refuses an artifact that names another pull request', async () => {
    const ws = await checkout(root, {});
    await cp(artifact, path.join(ws, 'artifact'), { recursive: true });
    await writeFile(
      path.join(ws, 'artifact', 'pull-request.json'),
      JSON.stringify({ number: 7, headSha: forkHead }),
    );
    const before = peer.comments.find((c) => c.issue === 7)?.body;
    const result = await run(ws, workflowRunEvent(556, forkHead), { 'run-dir': 'artifact' });
    expect(result.failed).toBe(true);
    expect(step(result, 'comment').log).toMatch(/pull request #7 is not at/);
    expect(peer.comments.find((c) => c.issue === 7)?.body).toBe(before);
  });
});

describe('the lockfile commit cannot strand a pull request', () => {
  it('with the default token (auto): no commit; the check fails with the fix and the patch in the comment', async () => {
    const v = manifest({ ocean: 'a silver ocean under stars' });
    const head = peer.commitFiles('feature/silver', { 'genops.yaml': v }, 'silver', 'main');
    peer.openPull(21, 'feature/silver');
    const ws = await checkout(root, {
      'genops.yaml': v,
      'genops.lock': peer.file('main', 'genops.lock') as Buffer,
    });
    const event = pullRequestEvent(21, { ref: 'feature/silver', sha: head }, peer.head('main') as string);
    const result = await run(ws, event, { 'commit-lockfile': 'auto' });
    expect(result.failed).toBe(true);
    expect(result.outputs['lockfile-commit']).toBe('');
    expect(peer.head('feature/silver')).toBe(head);
    expect(step(result, 'gate').log).toMatch(
      /genops\.lock is out of date on this branch .*Fix: run `genops run`/,
    );
    const body = peer.comments.find((c) => c.issue === 21)?.body ?? '';
    expect(body).toContain('genops.lock is out of date on this branch');
    // The patch turns the branch's lockfile into the run's: the new ocean's blob is in it.
    const local = JSON.parse(await readFile(path.join(ws, 'genops.lock'), 'utf8')) as Lockfile;
    expect(body).toMatch(/```diff\n--- a\/genops\.lock\n\+\+\+ b\/genops\.lock\n@@/);
    expect(body).toMatch(new RegExp(`\\n\\+\\s+"blob": "${local.assets['landing/ocean']?.blob}"`));
    // `git apply` of the patch as shown turns the branch's lockfile into this run's.
    const patch = /```diff\n([\s\S]*?)```\n/.exec(body)?.[1] as string;
    const repo = await scratch('genops-apply-');
    await writeFile(path.join(repo, 'genops.lock'), peer.file('feature/silver', 'genops.lock') as Buffer);
    await writeFile(path.join(repo, 'lock.patch'), patch);
    execFileSync('git', ['apply', 'lock.patch'], { cwd: repo });
    expect(
      (await readFile(path.join(repo, 'genops.lock'))).equals(await readFile(path.join(ws, 'genops.lock'))),
    ).toBe(true);
  });

  it('with a token whose commits start workflows (auto): the lockfile is committed and the check passes', async () => {
    const v = manifest({ ocean: 'a silver ocean under stars' });
    const head = peer.commitFiles('feature/silver-app', { 'genops.yaml': v }, 'silver', 'main');
    peer.openPull(22, 'feature/silver-app');
    const ws = await checkout(root, {
      'genops.yaml': v,
      'genops.lock': peer.file('main', 'genops.lock') as Buffer,
    });
    const event = pullRequestEvent(22, { ref: 'feature/silver-app', sha: head }, peer.head('main') as string);
    const result = await run(ws, event, { 'commit-lockfile': 'auto', 'github-token': APP_TOKEN });
    expect(result.failed, explain(result)).toBe(false);
    expect(result.outputs['lockfile-commit']).toBe(peer.head('feature/silver-app'));
  });
});

describe('ML runtimes are installed only for the gates a manifest turns on', () => {
  it('NSFW on: its runtime alone is installed for this platform, QA loads it, and it is cached by its own key', async () => {
    const v = manifest().replace('assets:', 'policy:\n  nsfw:\n    enabled: true\nassets:');
    const ws = await checkout(root, { 'genops.yaml': v });
    const result = await run(ws, pushEvent('0'.repeat(40), peer.head('main') as string), {
      mode: 'check',
      cache: 'false',
    });
    expect(result.failed, explain(result)).toBe(false);
    expect(step(result, 'plan').outputs['ml-runtimes']).toBe('nsfw');
    expect(step(result, 'runtimes').outcome).toBe('success');
    const qaRun = JSON.parse(await readFile(path.join(ws, '.genops/run/qa.json'), 'utf8')) as {
      jobs: Record<string, { checks: { id: string; value?: unknown }[] }>;
    };
    const nsfw = Object.values(qaRun.jobs).flatMap((j) => j.checks.filter((c) => c.id === 'policy.nsfw'));
    expect(nsfw.length).toBeGreaterThan(0);
    for (const check of nsfw) expect(String(check.value)).toMatch(/Porn \d\.\d{3}/);
    expect(existsSync(path.join(actionDir, 'dist/ml/clip/node_modules'))).toBe(false);
    expect((await cache.keys('refs/heads/main')).some((k) => k.startsWith('genops-ml-'))).toBe(true);
  });
});
