/**
 * Limits nobody declared (issue 14): loopback peers enforce a request rate the manifest does not
 * know, and every job must still arrive — through the real back-end clients and the one caller.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/model.js';
import { AdaptiveLimiter } from '../../src/generators/adaptive-limit.js';
import { createCaller } from '../../src/generators/caller.js';
import type { Generator } from '../../src/generators/generator.js';
import { parseDurationMs, rateHints, retryInfoMs } from '../../src/generators/http.js';
import { startA1111Peer } from '../peers/automatic1111-peer.js';
import { CHECKPOINTS, startComfyPeer } from '../peers/comfyui-peer.js';
import { startOpenAIPeer } from '../peers/openai-peer.js';
import { generatorFor, makeJob } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const never = () => new AbortController().signal;
const KEY = 'sk-test-peer-key-123456';

const jobsFor = (generator: Generator, n: number, size = 64): Job[] =>
  Array.from({ length: n }, (_, i) =>
    makeJob(generator, { prompt: `job ${i}`, width: size, height: size, seed: i }),
  );

describe('rate hints from responses', () => {
  it('reads retry-after-ms, retry-after, x-ratelimit headers and Google RetryInfo', () => {
    const headers = new Headers({
      'retry-after': '2',
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '6m0s',
    });
    expect(rateHints(headers)).toEqual({
      retryAfterMs: 2000,
      limitPerMinute: 60,
      remaining: 0,
      resetMs: 360_000,
    });
    expect(rateHints(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' })).retryAfterMs).toBe(150);
    const google = {
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' },
        ],
      },
    };
    expect(retryInfoMs(google)).toBe(1500);
    expect(rateHints(new Headers(), google)).toEqual({ retryAfterMs: 1500 });
    expect(parseDurationMs('1m30.5s')).toBe(90_500);
    expect(parseDurationMs('20ms')).toBe(20);
    expect(parseDurationMs('soon')).toBeUndefined();
  });
});

describe('adaptive limiter', () => {
  it('a 429 without hints lowers pace and concurrency; successes bring them back; a declared cap holds', async () => {
    const limiter = new AdaptiveLimiter({ concurrency: 4 });
    expect(limiter.current).toMatchObject({ concurrency: 4, ratePerSecond: undefined });
    const first = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire(0, never())));
    for (const p of first) p.done('ok');
    const second = await Promise.all(Array.from({ length: 2 }, () => limiter.acquire(0, never())));
    second[0]?.done('ok');
    second[1]?.done('rate-limited');
    const after = limiter.current;
    expect(after.concurrency).toBe(2);
    // Five accepted in the last second, cut to 85 %.
    expect(after.ratePerSecond).toBeCloseTo(4.25, 5);
    for (let i = 0; i < 8; i++) (await limiter.acquire(0, never())).done('ok');
    expect(limiter.current.concurrency).toBe(4);
    expect(limiter.current.ratePerSecond).toBeGreaterThan(4.6);
    expect(limiter.stats).toMatchObject({ requests: 14, rateLimited: 1 });
    expect(limiter.stats.waitedMs).toBeGreaterThan(0);

    const capped = new AdaptiveLimiter({ concurrency: 2, requestsPerMinute: 120 });
    (await capped.acquire(0, never())).done('ok', { limitPerMinute: 6000 });
    expect(capped.current.ratePerSecond).toBe(2);
  });
});

describe('undeclared limits against loopback peers', () => {
  it('OpenAI-style 60/min with headers: every job delivered once, 429 retries burn no retry count', async () => {
    const peer = await startOpenAIPeer({ rateLimit: { limit: 1, windowMs: 1000 } });
    closers.push(() => peer.close());
    const generator = generatorFor(
      { type: 'openai', model: 'dall-e-2', baseUrl: peer.url, concurrency: 4, retries: 0 },
      { OPENAI_API_KEY: KEY },
    );
    const caller = createCaller(generator);
    const outcomes = await Promise.all(jobsFor(generator, 6, 256).map((j) => caller.call(j, never())));
    expect(outcomes.map((o) => o.failure)).toEqual(outcomes.map(() => undefined));
    expect([...peer.stats.generated.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    // The first answer's x-ratelimit-limit-requests sets the pace: few requests are turned away.
    const stats = caller.stats?.();
    expect(stats?.rateLimited).toBe(peer.stats.rateLimited);
    expect(stats?.requests).toBe(peer.stats.requests);
    expect(peer.stats.rateLimited).toBeLessThanOrEqual(4);
  });

  it('AUTOMATIC1111 behind a limit that answers 429 without Retry-After: all 20 delivered with 2 retries', async () => {
    const peer = await startA1111Peer({ rateLimit: { limit: 5, windowMs: 1000 }, plainRateLimit: true });
    closers.push(() => peer.close());
    const generator = generatorFor({ type: 'automatic1111', url: peer.url, concurrency: 4, retries: 2 });
    const caller = createCaller(generator);
    const outcomes = await Promise.all(jobsFor(generator, 20, 32).map((j) => caller.call(j, never())));
    expect(outcomes.filter((o) => o.failure)).toEqual([]);
    expect(peer.stats.generated.size).toBe(20);
    expect([...peer.stats.generated.values()].every((n) => n === 1)).toBe(true);
    const stats = caller.stats?.();
    expect(stats?.rateLimited).toBeGreaterThan(0);
    expect(stats?.rateLimited).toBe(peer.stats.rateLimited);
    // Learning, not hammering: far fewer 429s than jobs.
    expect(peer.stats.rateLimited).toBeLessThan(20);
    expect(stats?.waitedMs).toBeGreaterThan(0);
  });

  it('ComfyUI behind a limit that answers 429 without Retry-After: every job delivered', async () => {
    const peer = await startComfyPeer({ rateLimit: { limit: 3, windowMs: 1000 }, plainRateLimit: true });
    closers.push(() => peer.close());
    const generator = generatorFor({
      type: 'comfyui',
      url: peer.url,
      workflow: 'examples/comfyui/workflow.json',
      checkpoint: CHECKPOINTS[0],
      concurrency: 4,
      pollIntervalMs: 20,
    });
    const caller = createCaller(generator);
    const outcomes = await Promise.all(jobsFor(generator, 10, 64).map((j) => caller.call(j, never())));
    expect(outcomes.filter((o) => o.failure).map((o) => o.failure?.message)).toEqual([]);
    expect(peer.stats.rateLimited).toBeGreaterThan(0);
    expect(caller.stats?.().rateLimited).toBe(peer.stats.rateLimited);
  });

  it('a job that only ever meets 429s ends when its time budget is spent, saying so', async () => {
    const peer = await startA1111Peer({ retryAfterMs: 40 });
    closers.push(() => peer.close());
    peer.faults.failNext('429', 1000);
    const generator = generatorFor({ type: 'automatic1111', url: peer.url, retries: 1, budgetSeconds: 0.6 });
    const [outcome] = await Promise.all(
      jobsFor(generator, 1, 32).map((j) => createCaller(generator).call(j, never())),
    );
    expect(outcome?.failure?.kind).toBe('transient');
    expect(outcome?.failure?.status).toBe(429);
    expect(outcome?.failure?.message).toMatch(/time budget is spent; raise budgetSeconds/);
    // Many more attempts than `retries`: a 429 is waited out, not counted.
    expect(outcome?.attempts).toBeGreaterThan(3);
  });

  it('a bad key stops the back end: nothing queued is sent, each job says why', async () => {
    const peer = await startOpenAIPeer();
    closers.push(() => peer.close());
    const generator = generatorFor(
      { type: 'openai', model: 'dall-e-2', baseUrl: peer.url, concurrency: 2, retries: 3 },
      { OPENAI_API_KEY: 'sk-wrong-key-000000' },
    );
    const caller = createCaller(generator);
    const outcomes = await Promise.all(jobsFor(generator, 12, 256).map((j) => caller.call(j, never())));
    expect(outcomes.every((o) => o.failure?.status === 401)).toBe(true);
    // At most the requests already in flight when the first 401 came back.
    expect(peer.stats.unauthorized).toBeLessThanOrEqual(2);
    const notSent = outcomes.filter((o) => o.notSent);
    expect(notSent.length).toBeGreaterThanOrEqual(10);
    expect(notSent[0]?.failure?.message).toMatch(/^not sent: openai refused the credentials/);
    expect(caller.stoppedBy?.()).toMatch(/rejected the key in OPENAI_API_KEY \(401/);
  });

  it("one provider's 429 pause holds only its own queue", async () => {
    const slow = await startA1111Peer({ retryAfterMs: 2000 });
    const fast = await startA1111Peer();
    closers.push(
      () => slow.close(),
      () => fast.close(),
    );
    slow.faults.failNext('429');
    const slowGen = generatorFor({ type: 'automatic1111', url: slow.url, concurrency: 1 });
    const fastGen = generatorFor({ type: 'automatic1111', url: fast.url, concurrency: 2 });
    const slowCaller = createCaller(slowGen);
    const fastCaller = createCaller(fastGen);
    const held = Promise.all(jobsFor(slowGen, 3, 32).map((j) => slowCaller.call(j, never())));
    while (!slow.stats.faults['429']) await new Promise((r) => setTimeout(r, 5));
    const fastOutcomes = await Promise.all(jobsFor(fastGen, 6, 32).map((j) => fastCaller.call(j, never())));
    const fastDoneAt = performance.now();
    expect(fastOutcomes.every((o) => o.result)).toBe(true);
    const slowOutcomes = await held;
    expect(slowOutcomes.every((o) => o.result)).toBe(true);
    // Every request the held back end received after its 429 came after the other finished.
    const afterHold = slow.stats.arrivals.slice(1);
    expect(afterHold.length).toBeGreaterThan(0);
    for (const t of afterHold) expect(t).toBeGreaterThan(fastDoneAt);
  });
});
