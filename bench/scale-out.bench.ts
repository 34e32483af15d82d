/**
 * Scale-out (issue 14), ratios measured side by side in one run against loopback AUTOMATIC1111
 * peers (tests/peers), through the real back-end client and the one caller:
 *
 * 1. Shards: 90 jobs as one synthesis run against one rate-limited server (10/s) versus 3 shard
 *    runs (`synthesize --shard I/3`, each with its own state folder), each against its own
 *    rate-limited server, at the same time — the matrix of three runners. Goal ≥ 2.7×.
 * 2. Pool: one server with 1 s latency versus a pool of 4 such servers (`urls:`), 4× the jobs.
 *    Throughput goal ≥ 0.9 × 4 × one server.
 * 3. Undeclared limits: 200 jobs against a server that admits 10 per second (600/min) and answers
 *    429 past it without any Retry-After; the manifest declares no limit. All delivered, wall
 *    ≤ 1.2 × the ideal (jobs ÷ rate), 429s ≤ 10 % of requests.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { plan, synthesize } from '../src/commands/index.js';
import { silentLogger } from '../src/core/log.js';
import type { Job, Plan } from '../src/core/model.js';
import { createCaller } from '../src/generators/caller.js';
import type { Generator } from '../src/generators/generator.js';
import { createGenerator } from '../src/generators/index.js';
import { type A1111Peer, startA1111Peer } from '../tests/peers/automatic1111-peer.js';
import type { BenchRow } from './run.js';

const never = () => new AbortController().signal;

function jobsFor(generator: Generator, prefix: string, n: number): Job[] {
  const backend = generator.identity();
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${i}`,
    asset: `${prefix}/${i}`,
    variant: 0,
    generator: 'bench',
    backend,
    request: {
      prompt: `${prefix} job ${i}`,
      negativePrompt: '',
      width: 32,
      height: 32,
      format: 'png',
      seed: i,
      embeddings: [],
      params: {},
    },
  }));
}

const a1111 = (config: Record<string, unknown>) =>
  createGenerator({ name: 'bench', config: { type: 'automatic1111', ...config }, baseDir: '.', env: {} });

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const SHARD_JOBS = 90;
const SHARD_RATE = { limit: 10, windowMs: 1000 };

/** A manifest of `jobs` assets on one automatic1111 server; the key never names the server. */
function shardManifest(url: string, jobs: number): string {
  const assets = Array.from(
    { length: jobs },
    (_, i) => `  - id: a${i}\n    prompt: picture ${i}\n    size: 64x64\n    seed: ${i + 1}\n`,
  ).join('');
  return `version: 1
generators:
  gpu: { type: automatic1111, url: ${url}, concurrency: 4, requestsPerMinute: 600 }
defaults:
  generator: gpu
assets:
${assets}`;
}

async function shards(): Promise<BenchRow[]> {
  const peers = await Promise.all(
    [1, 2, 3].map(() => startA1111Peer({ rateLimit: SHARD_RATE, latencyMs: 50 })),
  );
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-bench-shards-'));
  try {
    const manifest = path.join(dir, 'genops.yaml');
    await writeFile(manifest, shardManifest((peers[0] as A1111Peer).url, SHARD_JOBS));
    const planDir = path.join(dir, 'plan');
    await plan({
      manifestPath: manifest,
      runDir: planDir,
      stateDir: path.join(dir, 'plan-state'),
      log: silentLogger,
      shards: 3,
    });
    const planned = JSON.parse(await readFile(path.join(planDir, 'plan.json'), 'utf8')) as Plan;

    /** One synthesis run, as a runner would do it: its own plan.json copy aimed at its server, its own state. */
    const runner = async (name: string, peer: A1111Peer, shard?: { index: number; count: number }) => {
      const state = path.join(dir, name);
      const runDir = path.join(state, 'run');
      await mkdir(runDir, { recursive: true });
      const own: Plan = {
        ...planned,
        generators: { gpu: { ...planned.generators.gpu, type: 'automatic1111', url: peer.url } },
      };
      await writeFile(path.join(runDir, 'plan.json'), JSON.stringify(own));
      const result = await synthesize({
        manifestPath: manifest,
        runDir,
        stateDir: state,
        log: silentLogger,
        shard,
      });
      return result.result.counts;
    };
    const single = await timed(() => runner('single', peers[0] as A1111Peer));
    const sharded = await timed(() =>
      Promise.all(
        [1, 2, 3].map((i) => runner(`shard-${i}`, peers[i - 1] as A1111Peer, { index: i, count: 3 })),
      ),
    );
    const generated = sharded.value.reduce((n, c) => n + c.generated, 0);
    const speedup = single.seconds / sharded.seconds;
    const sizes = sharded.value.map((c) => c.jobs).join('/');
    return [
      {
        name: `shards: 1 run, ${SHARD_JOBS} jobs, 10/s server`,
        value: single.seconds,
        unit: 's',
        note: `${single.value.generated} generated`,
      },
      {
        name: 'shards: 3 runs at once, 3 servers',
        value: sharded.seconds,
        unit: 's',
        note: `shard sizes ${sizes}; ${generated} generated`,
      },
      {
        name: 'shards: throughput 3 shards ÷ 1',
        value: speedup,
        unit: '×',
        target: '≥ 2.7×',
        pass: speedup >= 2.7 && generated === SHARD_JOBS && single.value.generated === SHARD_JOBS,
      },
    ];
  } finally {
    await Promise.all(peers.map((p) => p.close()));
    await rm(dir, { recursive: true, force: true });
  }
}

const POOL_LATENCY_MS = 1000;
const PER_SERVER_JOBS = 6;

async function pool(): Promise<BenchRow[]> {
  const peers = await Promise.all([1, 2, 3, 4].map(() => startA1111Peer({ latencyMs: POOL_LATENCY_MS })));
  try {
    const one = await a1111({ url: (peers[0] as A1111Peer).url, concurrency: 1 });
    const oneCaller = createCaller(one);
    const single = await timed(() =>
      Promise.all(jobsFor(one, 'one', PER_SERVER_JOBS).map((j) => oneCaller.call(j, never()))),
    );
    const pooled = await a1111({ urls: peers.map((p) => ({ url: p.url, concurrency: 1 })) });
    const poolCaller = createCaller(pooled);
    const four = await timed(() =>
      Promise.all(jobsFor(pooled, 'pool', 4 * PER_SERVER_JOBS).map((j) => poolCaller.call(j, never()))),
    );
    const singleRate = PER_SERVER_JOBS / single.seconds;
    const poolRate = (4 * PER_SERVER_JOBS) / four.seconds;
    const ratio = poolRate / (4 * singleRate);
    const delivered = four.value.filter((o) => o.result).length;
    return [
      { name: 'pool: one server, 1 s latency', value: singleRate, unit: 'jobs/s' },
      {
        name: 'pool: 4 servers',
        value: poolRate,
        unit: 'jobs/s',
        note: `${delivered}/${4 * PER_SERVER_JOBS} delivered; per server ${peers.map((p) => p.stats.generated.size).join('/')}`,
      },
      {
        name: 'pool: throughput ÷ (4 × one)',
        value: ratio,
        unit: '×',
        target: '≥ 0.9×',
        pass: ratio >= 0.9 && delivered === 4 * PER_SERVER_JOBS,
      },
    ];
  } finally {
    await Promise.all(peers.map((p) => p.close()));
  }
}

const LIMIT_JOBS = 200;
const LIMIT_PER_S = 10;

async function undeclared(): Promise<BenchRow[]> {
  const peer = await startA1111Peer({
    rateLimit: { limit: LIMIT_PER_S, windowMs: 1000 },
    plainRateLimit: true,
    latencyMs: 200,
  });
  try {
    // No requestsPerMinute: the limit is the server's secret.
    const generator = await a1111({ url: peer.url, concurrency: 8 });
    const caller = createCaller(generator);
    const run = await timed(() =>
      Promise.all(jobsFor(generator, 'limit', LIMIT_JOBS).map((j) => caller.call(j, never()))),
    );
    const idealS = LIMIT_JOBS / LIMIT_PER_S;
    const delivered = run.value.filter((o) => o.result).length;
    const share = peer.stats.rateLimited / peer.stats.requests;
    const stats = caller.stats?.();
    return [
      {
        name: 'undeclared 600/min: delivered',
        value: delivered,
        unit: 'jobs',
        target: `${LIMIT_JOBS}`,
        pass: delivered === LIMIT_JOBS,
      },
      {
        name: 'undeclared 600/min: wall ÷ ideal (20 s)',
        value: run.seconds / idealS,
        unit: '×',
        target: '≤ 1.2×',
        pass: run.seconds <= 1.2 * idealS,
        note: `${run.seconds.toFixed(1)} s`,
      },
      {
        name: 'undeclared 600/min: 429s ÷ requests',
        value: share * 100,
        unit: '%',
        target: '≤ 10 %',
        pass: share <= 0.1,
        note: `${peer.stats.rateLimited} of ${peer.stats.requests}; caller counted ${stats?.rateLimited}, held back ${((stats?.waitedMs ?? 0) / 1000).toFixed(1)} s`,
      },
    ];
  } finally {
    await peer.close();
  }
}

export default async function (): Promise<BenchRow[]> {
  return [...(await undeclared()), ...(await pool()), ...(await shards())];
}
