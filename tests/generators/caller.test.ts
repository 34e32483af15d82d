import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/model.js';
import { type CallOutcome, createCaller } from '../../src/generators/caller.js';
import { type CallLimits, GenerationError, type Generator } from '../../src/generators/generator.js';
import { type A1111Peer, startA1111Peer } from '../peers/automatic1111-peer.js';
import type { PeerOptions } from '../peers/common.js';
import { generatorFor, makeJob } from './helpers.js';

const peers: A1111Peer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

async function setup(peerOptions: PeerOptions, limits: Record<string, unknown>) {
  const peer = await startA1111Peer(peerOptions);
  peers.push(peer);
  const generator = generatorFor({ type: 'automatic1111', url: peer.url, ...limits });
  return { peer, generator };
}

const jobsFor = (generator: Generator, n: number, prefix = 'job'): Job[] =>
  Array.from({ length: n }, (_, i) =>
    makeJob(generator, { prompt: `${prefix} ${i}`, width: 32, height: 32, seed: i }),
  );

const never = () => new AbortController().signal;

describe('caller against a loopback peer', () => {
  it('never exceeds the concurrency limit, and uses it', async () => {
    const { peer, generator } = await setup({ latencyMs: 40 }, { concurrency: 3 });
    const caller = createCaller(generator);
    const outcomes = await Promise.all(jobsFor(generator, 15).map((j) => caller.call(j, never())));
    expect(outcomes.every((o) => o.result)).toBe(true);
    expect(peer.stats.maxInFlight).toBe(3);
  });

  it('respects requests per minute: the peer enforcing the same limit never answers 429', async () => {
    // 300/min = 5 per second. The peer's window is shorter to absorb loopback jitter: the first
    // requests also open connections, so they arrive later than the ones that reuse them.
    const { peer, generator } = await setup(
      { rateLimit: { limit: 5, windowMs: 700 } },
      { concurrency: 8, requestsPerMinute: 300, retries: 0 },
    );
    const caller = createCaller(generator);
    const started = performance.now();
    const outcomes = await Promise.all(jobsFor(generator, 12).map((j) => caller.call(j, never())));
    const elapsed = performance.now() - started;
    expect(outcomes.filter((o) => o.failure)).toEqual([]);
    expect(peer.stats.rateLimited).toBe(0);
    // 12 starts at 5 per second: the third batch cannot start before 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    const arrivals = peer.stats.arrivals;
    for (const t of arrivals)
      expect(arrivals.filter((u) => u >= t && u < t + 700).length).toBeLessThanOrEqual(5);
  });

  it('honours Retry-After for the job and holds the queue for the others', async () => {
    const { peer, generator } = await setup({ retryAfterMs: 300 }, { concurrency: 4, retries: 2 });
    const caller = createCaller(generator, { minRetryDelayMs: 1 });
    const [a, b] = jobsFor(generator, 2) as [Job, Job];
    peer.faults.failNext('429');
    const first = caller.call(a, never());
    // The second job comes during the hold: after the 429 has been answered (however slow the machine).
    while (!peer.stats.faults['429']) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    const second = caller.call(b, never());
    const [oa, ob] = await Promise.all([first, second]);
    expect(oa.result).toBeDefined();
    expect(oa.attempts).toBe(2);
    expect(ob.attempts).toBe(1);
    const [t429, ...later] = peer.stats.arrivals as [number, ...number[]];
    // Both the retried job and the job that came during the hold waited out the 300 ms.
    for (const t of later) expect(t - t429).toBeGreaterThanOrEqual(290);
  });

  it('aborts a hung connection at the timeout and retries it', async () => {
    const { peer, generator } = await setup({}, { timeoutSeconds: 0.2, retries: 2 });
    peer.faults.failNext('hang');
    const started = performance.now();
    const outcome = await createCaller(generator, { minRetryDelayMs: 1 }).call(
      jobsFor(generator, 1)[0] as Job,
      never(),
    );
    expect(outcome.result).toBeDefined();
    expect(outcome.attempts).toBe(2);
    expect(peer.stats.faults.hang).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(peer.stats.inFlight).toBe(0);
  });

  it('reports failure kind, attempts and last status when retries run out', async () => {
    const { peer, generator } = await setup({ faultRate: 1, faultKinds: ['500'] }, { retries: 2 });
    const outcome = await createCaller(generator, { minRetryDelayMs: 1 }).call(
      jobsFor(generator, 1)[0] as Job,
      never(),
    );
    expect(outcome.failure).toMatchObject({ kind: 'transient', attempts: 3, status: 500 });
    expect(peer.stats.requests).toBe(3);
  });

  it('never retries permanent failures, and a failing job never stops the others', async () => {
    const { peer, generator } = await setup({}, { concurrency: 2, retries: 3 });
    const caller = createCaller(generator, { minRetryDelayMs: 1 });
    const bad = makeJob(generator, { prompt: 'bad', width: 32.5, height: 32 });
    const outcomes = await Promise.all([bad, ...jobsFor(generator, 5)].map((j) => caller.call(j, never())));
    expect(outcomes[0]?.failure).toMatchObject({ kind: 'permanent', status: 422, attempts: 1 });
    expect(outcomes.slice(1).every((o) => o.result)).toBe(true);
    expect(peer.bodies.filter((b) => b.prompt === 'bad')).toHaveLength(1);
  });

  it('a retry goes ahead of jobs not yet started', async () => {
    const { peer, generator } = await setup({ latencyMs: 30 }, { concurrency: 1, retries: 2 });
    const caller = createCaller(generator, { minRetryDelayMs: 1 });
    peer.faults.failNext('500');
    await Promise.all(jobsFor(generator, 3).map((j) => caller.call(j, never())));
    expect(peer.bodies.map((b) => String(b.prompt))).toEqual(['job 0', 'job 1', 'job 0', 'job 2']);
  });

  it('30% transient faults (500/429): every job completes and none is generated twice', async () => {
    const { peer, generator } = await setup(
      { faultRate: 0.3, faultKinds: ['500', '429'], retryAfterMs: 5, latencyMs: 5, faultSeed: 7 },
      { concurrency: 4, retries: 10 },
    );
    const caller = createCaller(generator, { minRetryDelayMs: 2, maxRetryDelayMs: 20 });
    const jobs = jobsFor(generator, 60);
    const outcomes = await Promise.all(jobs.map((j) => caller.call(j, never())));
    expect(outcomes.filter((o) => o.failure)).toEqual([]);
    const faults = (peer.stats.faults['500'] ?? 0) + (peer.stats.faults['429'] ?? 0);
    expect(faults).toBeGreaterThan(10);
    expect(peer.stats.generated.size).toBe(60);
    expect([...peer.stats.generated.values()].every((n) => n === 1)).toBe(true);
    expect(outcomes.reduce((n, o) => n + o.attempts, 0)).toBe(60 + faults);
  });

  it('cancellation: queued jobs end at once, no new attempt starts, in-flight results are kept', async () => {
    const { peer, generator } = await setup({ latencyMs: 200 }, { concurrency: 2 });
    const caller = createCaller(generator, { cancelGraceMs: 2000 });
    const controller = new AbortController();
    const pending = jobsFor(generator, 6).map((j) => caller.call(j, controller.signal));
    await new Promise((r) => setTimeout(r, 50));
    const cancelledAt = performance.now();
    controller.abort();
    const outcomes = await Promise.all(pending);
    expect(outcomes.filter((o) => o.result)).toHaveLength(2);
    const cancelled = outcomes.filter((o) => o.failure?.kind === 'cancelled');
    expect(cancelled).toHaveLength(4);
    expect(cancelled.every((o) => o.attempts === 0)).toBe(true);
    expect(peer.stats.requests).toBe(2);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    // A call made after the cancel does nothing.
    expect(
      (await caller.call(jobsFor(generator, 1, 'late')[0] as Job, controller.signal)).failure?.kind,
    ).toBe('cancelled');
  });

  it('cancellation: an in-flight attempt past the grace period is aborted; a backoff wait ends at once', async () => {
    const { peer, generator } = await setup({ latencyMs: 1000 }, { concurrency: 1, retries: 3 });
    const controller = new AbortController();
    const call = createCaller(generator, { cancelGraceMs: 50 }).call(
      jobsFor(generator, 1)[0] as Job,
      controller.signal,
    );
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const started = performance.now();
    const outcome = await call;
    expect(outcome.failure).toMatchObject({ kind: 'cancelled', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(800);

    peer.options.latencyMs = 0;
    peer.faults.failNext('500');
    const backoff = new AbortController();
    const waiting = createCaller(generator, { minRetryDelayMs: 5000 }).call(
      jobsFor(generator, 1, 'b')[0] as Job,
      backoff.signal,
    );
    await new Promise((r) => setTimeout(r, 100));
    backoff.abort();
    const t = performance.now();
    const result: CallOutcome = await waiting;
    expect(result.failure?.kind).toBe('cancelled');
    expect(result.attempts).toBe(1);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('caller with an in-process generator', () => {
  const limits: CallLimits = { concurrency: 1, timeoutMs: 100, retries: 1 };
  const fake = (generate: Generator['generate']): Generator => ({
    type: 'fake',
    identity: () => ({ type: 'fake', model: 'm', endpointClass: 'x', version: '1' }),
    limits: () => limits,
    generate,
  });
  const job = { key: 'k', asset: 'a', variant: 0, generator: 'g' } as Job;

  it('a generator that ignores its signal still times out and frees its slot', async () => {
    let calls = 0;
    const g = fake(() => {
      calls++;
      return new Promise(() => {});
    });
    const outcome = await createCaller(g, { minRetryDelayMs: 1 }).call(job, never());
    expect(outcome.failure).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('policy failures are returned at once, with their status', async () => {
    let calls = 0;
    const g = fake(async () => {
      calls++;
      throw new GenerationError('refused', 'policy', { status: 400 });
    });
    const outcome = await createCaller(g).call(job, never());
    expect(outcome.failure).toEqual({ kind: 'policy', message: 'refused', attempts: 1, status: 400 });
    expect(calls).toBe(1);
  });
});
