/**
 * The sharded workflow (examples/workflows/genops-sharded.yml, the file itself) run job by job by
 * the workflow harness, with the built action, against the loopback GitHub peer and an AUTOMATIC1111
 * peer: plan → 3 synthesis shards → finish. Shard 2's back end fails twice in its first attempt;
 * "Re-run failed jobs" reruns shard 2 alone, then the finishing job. GitHub's cache and artifact
 * storage are the stand-ins (local folders; see harness.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Synthesis } from '../../src/core/model.js';
import { JsonIndex } from '../../src/store/json-index.js';
import type { CacheEntry } from '../../src/store/workspace.js';
import { withoutTimes } from '../helpers.js';
import { type A1111Peer, startA1111Peer } from '../peers/automatic1111-peer.js';
import { APP_TOKEN, GitHubPeer, WRITE_TOKEN } from '../peers/github.js';
import {
  checkout,
  clean,
  isolatedAction,
  pullRequestEvent,
  REPO_ROOT,
  REPOSITORY,
  scratch,
} from './fixtures.js';
import { LocalCache, runAction } from './harness.js';
import { type JobRun, runWorkflow, type WorkflowOptions, type WorkflowRun } from './workflow.js';

// Nine action runs (each installing or restoring the runtime packages as a runner does) on a
// 2-core machine shared with other test files: the limit only stops a hang.
vi.setConfig({ testTimeout: 900_000 });

const WORKFLOW = path.join(REPO_ROOT, 'examples/workflows/genops-sharded.yml');
const FEATURE = 'feature/campaign';
const RUN_ID = '4242';
const JOBS = 9;

let root: string;
let actionDir: string;
let github: GitHubPeer;
let gpu: A1111Peer;

beforeAll(async () => {
  root = await scratch('genops-sharded-');
  actionDir = await isolatedAction(root);
  github = new GitHubPeer(REPOSITORY);
  await github.start();
  gpu = await startA1111Peer();
}, 120_000);

afterAll(async () => {
  await github?.stop();
  await gpu?.close();
  if (root) await clean(root);
});

/** Nine single-variant assets on the AUTOMATIC1111 peer, which paints flat colours (hence minStdDev 0). */
function campaign(url: string): string {
  const assets = Array.from(
    { length: JOBS },
    (_, i) => `  - id: poster-${i}\n    prompt: campaign poster number ${i}\n`,
  ).join('');
  return `version: 1
generators:
  gpu: { type: automatic1111, baseUrl: ${url}, retries: 0 }
defaults:
  generator: gpu
  size: 64x64
  format: png
  qa: { minAesthetic: 0, minStdDev: 0 }
assets:
${assets}`;
}

const job = (run: WorkflowRun, name: string, shard?: string): JobRun => {
  const found = run.jobs.find((j) => j.job === name && (shard === undefined || j.matrix?.shard === shard));
  if (!found) throw new Error(`no job ${name} ${shard ?? ''}`);
  return found;
};

/** The job keys a shard artifact carries (its exported job records). */
async function artifactKeys(name: string): Promise<string[]> {
  const dir = path.join(root, 'artifacts', RUN_ID, name);
  return (await new JsonIndex<CacheEntry>(path.join(dir, 'cache/jobs')).entries()).map(([key]) => key).sort();
}

async function artifactBlobs(name: string): Promise<string[]> {
  const dir = path.join(root, 'artifacts', RUN_ID, name, 'blobs');
  return (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

describe('sharded workflow in the action harness', () => {
  it('plan → 3 shards (one fails once, rerun alone) → finish: each job generated once, as an unsharded run', async () => {
    const manifest = campaign(gpu.url);
    const files = {
      'genops.yaml': manifest,
      '.github/workflows/genops-sharded.yml': await readFile(WORKFLOW, 'utf8'),
    };
    github.commitFiles('main', { 'README.md': '# site\n' }, 'initial');
    const head = github.commitFiles(FEATURE, files, 'a campaign of nine posters', 'main');
    github.openPull(12, FEATURE);
    const event = pullRequestEvent(12, { ref: FEATURE, sha: head }, github.head('main') as string);
    const options: WorkflowOptions = {
      file: WORKFLOW,
      root,
      files,
      actionDir,
      event,
      repository: REPOSITORY,
      apiUrl: github.url,
      token: WRITE_TOKEN,
      cache: new LocalCache(path.join(root, 'github-cache')),
      runId: RUN_ID,
      artifacts: path.join(root, 'artifacts'),
      // A token whose commits start workflows: the finishing job commits genops.lock to the branch.
      secrets: { GENOPS_TOKEN: APP_TOKEN },
      beforeJob: (name, matrix, attempt) => {
        // Shard 2's back end fails its first two requests, in the first attempt only.
        if (name === 'synthesize' && matrix?.shard === '2/3' && attempt === '1')
          gpu.faults.failNext('500', 2);
      },
    };

    // ── attempt 1: shard 2 fails, the others succeed, the finishing job is skipped ──
    const first = await runWorkflow(options);
    const explain = (run: WorkflowRun) =>
      run.jobs
        .map((j) => j.log)
        .join('\n')
        .slice(-8000);
    expect(job(first, 'plan').result, explain(first)).toBe('success');
    const matrix = JSON.parse(job(first, 'plan').outputs.matrix as string);
    expect(matrix).toEqual({ include: [{ shard: '1/3' }, { shard: '2/3' }, { shard: '3/3' }] });
    expect(job(first, 'synthesize', '1/3').result, explain(first)).toBe('success');
    expect(job(first, 'synthesize', '3/3').result, explain(first)).toBe('success');
    const failing = job(first, 'synthesize', '2/3');
    expect(failing.result).toBe('failure');
    expect(failing.log).toMatch(/2 job\(s\) not generated|failed/);
    expect(job(first, 'finish').result).toBe('skipped');
    expect(first.failed).toBe(true);

    // Each shard's artifact holds only what it made: blobs and records one for one, disjoint.
    const made1 = {
      s1: await artifactKeys('genops-shard-1-3-1'),
      s2: await artifactKeys('genops-shard-2-3-1'),
      s3: await artifactKeys('genops-shard-3-3-1'),
    };
    expect(made1.s2.length).toBeGreaterThan(0); // the failed attempt still uploaded what it made
    for (const [shard, keys] of Object.entries(made1))
      expect((await artifactBlobs(`genops-shard-${shard.slice(1)}-3-1`)).length, shard).toBe(keys.length);
    const firstKeys = [...made1.s1, ...made1.s2, ...made1.s3];
    expect(new Set(firstKeys).size).toBe(firstKeys.length);
    expect(firstKeys.length).toBe(JOBS - 2);

    // ── attempt 2 ("Re-run failed jobs"): shard 2 alone, then the finishing job ──
    const requestsBefore = gpu.stats.requests;
    const second = await runWorkflow({ ...options, previous: first });
    expect(second.attempt).toBe('2');
    expect(second.failed, explain(second)).toBe(false);
    // Plan and shards 1 and 3 were not run again.
    expect(job(second, 'plan').attempt).toBe('1');
    expect(job(second, 'synthesize', '1/3').attempt).toBe('1');
    expect(job(second, 'synthesize', '3/3').attempt).toBe('1');
    const rerun = job(second, 'synthesize', '2/3');
    expect(rerun.attempt).toBe('2');
    // What the user sees: the failed attempt's upload merged, then only its two unfinished jobs made.
    expect(rerun.log).toMatch(/merge: \d+ blobs copied/);
    expect(rerun.log).toMatch(/export: 2 new blobs/);
    const made2 = await artifactKeys('genops-shard-2-3-2');
    expect(made2).toHaveLength(2);
    expect(made2.filter((k) => firstKeys.includes(k))).toEqual([]);
    expect(gpu.stats.requests - requestsBefore).toBe(2);
    // Every job generated exactly once by the back end across all shards and attempts.
    expect([...gpu.stats.generated.values()]).toEqual(Array(JOBS).fill(1));

    // The finishing job: merged, QA, delivery, comment, lockfile commit; it generated nothing.
    const finish = job(second, 'finish');
    expect(finish.result, finish.log.slice(-6000)).toBe('success');
    const action = finish.actions.at(-1);
    expect(action?.outputs).toMatchObject({
      mode: 'pr',
      gate: 'pass',
      'jobs-total': String(JOBS),
      'jobs-generated': '0',
      'jobs-cached': String(JOBS),
    });
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toContain('✅ Gate passed');
    expect(action?.outputs['lockfile-commit']).toBe(github.head(FEATURE));
    const cacheKeys = await options.cache.keys(event.ref);
    expect(cacheKeys).toContain(`genops-shards-${RUN_ID}-2`);

    const ws = path.join(root, 'work', 'site', 'site');
    const shardedLock = await readFile(path.join(ws, 'genops.lock'), 'utf8');
    const shardedAssets = await readFile(path.join(ws, 'generated', 'assets.json'), 'utf8');
    const synthesis = JSON.parse(
      await readFile(path.join(ws, '.genops/run/synthesis.json'), 'utf8'),
    ) as Synthesis;
    expect(synthesis.counts).toMatchObject({ jobs: JOBS, generated: 0, cached: JOBS });

    // ── one unsharded run of the same manifest (check mode, its own cache): the same result ──
    const single = await scratch('genops-unsharded-');
    try {
      const singleWs = await checkout(single, { 'genops.yaml': manifest });
      const plain = await runAction({
        actionDir,
        workspace: singleWs,
        inputs: { mode: 'check' },
        event,
        repository: REPOSITORY,
        apiUrl: github.url,
        token: WRITE_TOKEN,
        cache: new LocalCache(path.join(single, 'github-cache')),
        runId: '5000',
        artifacts: path.join(single, 'artifacts'),
      });
      expect(plain.failed, plain.log.slice(-6000)).toBe(false);
      expect(plain.outputs['jobs-generated']).toBe(String(JOBS));
      const singleLock = await readFile(path.join(singleWs, 'genops.lock'), 'utf8');
      const singleAssets = await readFile(path.join(singleWs, 'generated', 'assets.json'), 'utf8');
      expect(withoutTimes(shardedLock)).toEqual(withoutTimes(singleLock));
      expect(withoutTimes(shardedAssets)).toEqual(withoutTimes(singleAssets));
      // The chosen images themselves are the same bytes.
      const blobs = (text: string) =>
        Object.values((JSON.parse(text) as { assets: Record<string, { blob: string }> }).assets)
          .map((a) => a.blob)
          .sort();
      expect(blobs(shardedLock)).toEqual(blobs(singleLock));
    } finally {
      await clean(single);
    }
  });
});
