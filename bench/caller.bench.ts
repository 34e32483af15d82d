/**
 * The one caller under load, through the real OpenAI SDK against the loopback OpenAI peer:
 * 200 jobs, 200 ms per request, concurrency 8, 600 requests per minute. The ideal wall time is
 * max(jobs / concurrency × latency, jobs / (rpm / 60)) = max(5 s, 20 s) = 20 s; the caller should
 * land within 10 % of it. Then the same with 30 % transient faults (500 and 429 with
 * retry-after-ms): every job must complete and none may be generated twice.
 */
import type { Job } from '../src/core/model.js';
import { createCaller } from '../src/generators/caller.js';
import type { Generator } from '../src/generators/generator.js';
import { createOpenAIGenerator } from '../src/generators/openai.js';
import { startOpenAIPeer } from '../tests/peers/openai-peer.js';
import type { BenchRow } from './run.js';

const JOBS = 200;
const LATENCY_MS = 200;
const CONCURRENCY = 8;
const RPM = 600;
const KEY = 'sk-bench-peer-key-0001';
const IDEAL_S = Math.max((JOBS / CONCURRENCY) * (LATENCY_MS / 1000), JOBS / (RPM / 60));

function generatorFor(url: string): Generator {
  return createOpenAIGenerator({
    name: 'bench',
    // dall-e-2 at 256x256 keeps the peer's image encoding out of the measurement.
    config: {
      type: 'openai',
      model: 'dall-e-2',
      baseUrl: url,
      concurrency: CONCURRENCY,
      requestsPerMinute: RPM,
      retries: 8,
    },
    baseDir: '.',
    env: { OPENAI_API_KEY: KEY },
  });
}

function jobs(generator: Generator, prefix: string, n = JOBS): Job[] {
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
      width: 256,
      height: 256,
      format: 'png',
      seed: i,
      embeddings: [],
      params: {},
    },
  }));
}

async function runOnce(prefix: string, faultRate: number) {
  const peer = await startOpenAIPeer({
    apiKey: KEY,
    latencyMs: LATENCY_MS,
    // The peer enforces the same limit (a little shorter window for loopback jitter): a 429 for
    // exceeding it would show the caller overran the provider.
    rateLimit: { limit: RPM / 60, windowMs: 950 },
    faultRate,
    faultKinds: ['500', '429'],
    retryAfterMs: 100,
    faultSeed: 2026,
  });
  try {
    const generator = generatorFor(peer.url);
    const caller = createCaller(generator);
    const signal = new AbortController().signal;
    const started = performance.now();
    const outcomes = await Promise.all(jobs(generator, prefix).map((job) => caller.call(job, signal)));
    const wallS = (performance.now() - started) / 1000;
    const generatedTwice = [...peer.stats.generated.values()].filter((n) => n > 1).length;
    return {
      wallS,
      completed: outcomes.filter((o) => o.result).length,
      attempts: outcomes.reduce((n, o) => n + o.attempts, 0),
      requests: peer.stats.requests,
      generated: peer.stats.generated.size,
      generatedTwice,
      injected: (peer.stats.faults['500'] ?? 0) + (peer.stats.faults['429'] ?? 0),
      rateLimited: peer.stats.rateLimited,
      maxInFlight: peer.stats.maxInFlight,
    };
  } finally {
    await peer.close();
  }
}

export default async function (): Promise<BenchRow[]> {
  // Warm up the SDK, sharp and the sockets so the first measured second is not a cold start.
  const warm = await startOpenAIPeer({ apiKey: KEY });
  const warmGenerator = generatorFor(warm.url);
  const warmCaller = createCaller(warmGenerator);
  await Promise.all(
    jobs(warmGenerator, 'warm', 16).map((j) => warmCaller.call(j, new AbortController().signal)),
  );
  await warm.close();

  const clean = await runOnce('clean', 0);
  const faulty = await runOnce('faulty', 0.3);
  // With faults, every retry is one more request against the same 600/min: the bound grows with them.
  const retryIdealS = Math.max(
    (faulty.requests / CONCURRENCY) * (LATENCY_MS / 1000),
    faulty.requests / (RPM / 60),
  );
  const ratio = clean.wallS / IDEAL_S;
  return [
    { name: 'ideal wall time (200 jobs, 200 ms, c=8, 600/min)', value: IDEAL_S, unit: 's' },
    { name: 'clean: wall time', value: clean.wallS, unit: 's' },
    { name: 'clean: wall ÷ ideal', value: ratio, unit: '×', target: '≤ 1.10', pass: ratio <= 1.1 },
    {
      name: 'clean: completed, max in flight',
      value: clean.completed,
      unit: 'jobs',
      target: `${JOBS}, ≤ ${CONCURRENCY} at once`,
      pass: clean.completed === JOBS && clean.maxInFlight <= CONCURRENCY,
      note: `max ${clean.maxInFlight} in flight`,
    },
    {
      name: 'clean: peer 429s for > 10 arrivals in 950 ms',
      value: clean.rateLimited,
      unit: '429s',
      note: 'the caller starts ≤ 10 per 1000 ms; arrivals jitter on a loaded loopback',
    },
    { name: '30% faults: wall time', value: faulty.wallS, unit: 's' },
    {
      name: '30% faults: wall ÷ ideal',
      value: faulty.wallS / IDEAL_S,
      unit: '×',
      note: 'retries cost requests under the same rate limit',
    },
    {
      name: '30% faults: wall ÷ ideal for the requests made',
      value: faulty.wallS / retryIdealS,
      unit: '×',
      note: `${faulty.requests} requests (${faulty.injected} faults injected)`,
    },
    {
      name: '30% faults: completed',
      value: faulty.completed,
      unit: 'jobs',
      target: `${JOBS}`,
      pass: faulty.completed === JOBS,
      note: `${faulty.attempts} attempts`,
    },
    {
      name: '30% faults: jobs generated twice',
      value: faulty.generatedTwice,
      unit: 'jobs',
      target: '0',
      pass: faulty.generatedTwice === 0 && faulty.generated === JOBS,
      note: `${faulty.generated} distinct generations, ${faulty.rateLimited} rate-limit 429s`,
    },
  ];
}
