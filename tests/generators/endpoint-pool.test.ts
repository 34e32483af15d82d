/**
 * A pool of loopback AUTOMATIC1111 and ComfyUI servers behind one generator (issue 14): one
 * slow, one that dies mid-run, one that fails for a while and is health-checked back in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/model.js';
import { createCaller } from '../../src/generators/caller.js';
import type { Generator } from '../../src/generators/generator.js';
import { createGenerator } from '../../src/generators/index.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';
import { type A1111Peer, startA1111Peer } from '../peers/automatic1111-peer.js';
import { CHECKPOINTS, startComfyPeer } from '../peers/comfyui-peer.js';
import { generatorFor, makeJob } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
const never = () => new AbortController().signal;

async function a1111(options: Parameters<typeof startA1111Peer>[0]): Promise<A1111Peer> {
  const peer = await startA1111Peer(options);
  let closed = false;
  closers.push(async () => {
    if (!closed) await peer.close();
    closed = true;
  });
  const close = peer.close.bind(peer);
  peer.close = async () => {
    if (!closed) await close();
    closed = true;
  };
  return peer;
}

const pooled = (config: Record<string, unknown>) =>
  createGenerator({
    name: 'gpus',
    config: { type: 'automatic1111', ...config },
    baseDir: process.cwd(),
    env: {},
  });

const jobsFor = (generator: Generator, n: number): Job[] =>
  Array.from({ length: n }, (_, i) =>
    makeJob(generator, { prompt: `job ${i}`, width: 32, height: 32, seed: i }),
  );

/** Every job made; made twice only where a server died with it in flight (its answer was lost). */
const generatedOnce = (peers: A1111Peer[], n: number, lostInFlight = 0) => {
  const all = new Map<string, number>();
  for (const p of peers) for (const [k, c] of p.stats.generated) all.set(k, (all.get(k) ?? 0) + c);
  expect(all.size).toBe(n);
  expect([...all.values()].reduce((extra, c) => extra + c - 1, 0)).toBeLessThanOrEqual(lostInFlight);
};

describe('endpoint pools', () => {
  it('jobs go to whichever server is free; the slow one takes fewer; one dies mid-run and nothing is lost', async () => {
    const fast = await a1111({ latencyMs: 40 });
    const slow = await a1111({ latencyMs: 400 });
    const dying = await a1111({ latencyMs: 40 });
    const generator = await pooled({
      urls: [{ url: fast.url }, { url: slow.url }, { url: dying.url, concurrency: 2 }],
      retries: 3,
    });
    expect(generator.limits().concurrency).toBe(4);
    const caller = createCaller(generator, { minRetryDelayMs: 5 });
    const jobs = jobsFor(generator, 40);
    const running = Promise.all(jobs.map((j) => caller.call(j, never())));
    while (dying.stats.requests < 6) await new Promise((r) => setTimeout(r, 5));
    await dying.close();
    const outcomes = await running;
    expect(outcomes.filter((o) => o.failure).map((o) => o.failure?.message)).toEqual([]);
    generatedOnce([fast, slow, dying], 40, 2);
    expect(slow.stats.generated.size).toBeLessThan(fast.stats.generated.size);
    // Taken out after its strikes: only a few attempts failed on the dead server.
    const attempts = outcomes.reduce((n, o) => n + o.attempts, 0);
    expect(attempts - 40).toBeLessThanOrEqual(4);
    // The server is a fact of the image, never part of its key.
    expect(outcomes.find((o) => o.result)?.result?.facts.extra?.server).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('a server that keeps failing is taken out and put back once its health check passes', async () => {
    const steady = await a1111({ latencyMs: 100 });
    const flaky = await a1111({ latencyMs: 100 });
    flaky.faults.failNext('500', 2);
    const generator = await pooled({ urls: [steady.url, flaky.url], retries: 3 });
    const caller = createCaller(generator, { minRetryDelayMs: 5 });
    const outcomes = await Promise.all(jobsFor(generator, 40).map((j) => caller.call(j, never())));
    expect(outcomes.every((o) => o.result)).toBe(true);
    expect(flaky.stats.faults['500']).toBe(2);
    // Out after two failures, back after the cool-down (2 s of a 4 s run): it served again.
    expect(flaky.stats.generated.size).toBeGreaterThan(0);
    expect(steady.stats.generated.size).toBeGreaterThan(flaky.stats.generated.size);
    generatedOnce([steady, flaky], 40);
  });

  it('the job key does not depend on the servers: a pool and one server plan the same keys', async () => {
    const one = generatorFor({ type: 'automatic1111', url: 'http://127.0.0.1:7860', checkpoint: 'x' });
    const pool = await pooled({
      urls: [{ url: 'http://10.0.0.1:7860' }, 'http://10.0.0.2:7860'],
      checkpoint: 'x',
    });
    expect(pool.identity()).toEqual(one.identity());
    expect(jobsFor(pool, 3).map((j) => j.key)).toEqual(jobsFor(one, 3).map((j) => j.key));
  });

  it('ComfyUI: a pool of two servers shares the jobs', async () => {
    const a = await startComfyPeer({ latencyMs: 50 });
    const b = await startComfyPeer({ latencyMs: 50 });
    closers.push(
      () => a.close(),
      () => b.close(),
    );
    const generator = await createGenerator({
      name: 'comfy',
      config: {
        type: 'comfyui',
        urls: [
          { url: a.url, concurrency: 1 },
          { url: b.url, concurrency: 1 },
        ],
        workflow: 'examples/comfyui/workflow.json',
        checkpoint: CHECKPOINTS[0],
        pollIntervalMs: 20,
      },
      baseDir: process.cwd(),
      env: {},
    });
    const jobs = jobsFor(generator, 8);
    await generator.preflight?.(jobs, { signal: never() });
    const caller = createCaller(generator);
    const outcomes = await Promise.all(jobs.map((j) => caller.call(j, never())));
    expect(outcomes.every((o) => o.result)).toBe(true);
    expect(a.stats.generated.size).toBeGreaterThan(0);
    expect(b.stats.generated.size).toBeGreaterThan(0);
    expect(a.stats.generated.size + b.stats.generated.size).toBe(8);
  });

  it('bad pool settings are input errors naming the generator', async () => {
    await expect(pooled({ urls: [] })).rejects.toThrow(/generator "gpus": urls must be a non-empty list/);
    await expect(pooled({ urls: [{ url: 'gpu-1:7860' }] })).rejects.toThrow(/urls\[0\] needs url/);
    await expect(pooled({ url: 'http://a:1', urls: ['http://b:1'] })).rejects.toThrow(
      /either baseUrl or urls/,
    );
  });

  it('the manifest schema takes urls instead of baseUrl, and refuses both at once', async () => {
    const dir = await tempDir();
    const manifest = (generator: string) =>
      writeManifest(
        dir,
        `version: 1\ngenerators:\n  gpu: ${generator}\nassets:\n  - id: a\n    prompt: x\n    generator: gpu\n`,
      );
    const ok = await runCli([
      'plan',
      '-m',
      await manifest(
        '{ type: automatic1111, urls: [{ url: "http://gpu-1:7860", concurrency: 2 }, { url: "http://gpu-2:7860" }] }',
      ),
    ]);
    expect(ok.code).toBe(0);
    // Neither: the server's default address (http://127.0.0.1:7860).
    expect((await runCli(['plan', '-m', await manifest('{ type: automatic1111 }')])).code).toBe(0);
    const both = await runCli([
      'plan',
      '-m',
      await manifest('{ type: automatic1111, baseUrl: "http://gpu-0:7860", urls: ["http://gpu-1:7860"] }'),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/genops\.yaml:3:\d+: generators\.gpu/);
  });
});
