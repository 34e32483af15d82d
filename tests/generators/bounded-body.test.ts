import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageByteCap } from '../../src/generators/bounded-body.js';
import { createCaller } from '../../src/generators/caller.js';
import type { Generator } from '../../src/generators/generator.js';
import { conformImage } from '../../src/generators/image-output.js';
import { startA1111Peer } from '../peers/automatic1111-peer.js';
import { CHECKPOINTS, startComfyPeer } from '../peers/comfyui-peer.js';
import { hugeSent, type Peer } from '../peers/common.js';
import { startOpenAIPeer } from '../peers/openai-peer.js';
import { startStabilityPeer } from '../peers/stability-peer.js';
import { generatorFor, makeJob } from './helpers.js';

/**
 * Every HTTP back end against its real loopback peer serving a body far past the cap: the request
 * is aborted after about the cap (the peer stops sending), the job fails at once naming the cap.
 * A bad answer (a truncated image) is retried once, not more, and the failure says so.
 */
const HUGE = 200 * 1024 * 1024;
const SIZE = { width: 256, height: 256 };
const CAP = imageByteCap(SIZE, 4096 * 4096);

interface Backend {
  name: string;
  start(): Promise<{ peer: Peer; generator: Generator }>;
}

let comfyDir: string;
beforeAll(async () => {
  comfyDir = await mkdtemp(path.join(tmpdir(), 'genops-bounded-'));
  await copyFile(path.resolve('examples/comfyui/workflow.json'), path.join(comfyDir, 'workflow.json'));
});
afterAll(() => rm(comfyDir, { recursive: true, force: true }));

const BACKENDS: Backend[] = [
  {
    name: 'openai (base64 JSON through the SDK)',
    async start() {
      const peer = await startOpenAIPeer({ apiKey: 'sk-a', hugeBytes: HUGE });
      const generator = generatorFor(
        { type: 'openai', model: 'dall-e-2', baseUrl: peer.url },
        { OPENAI_API_KEY: 'sk-a' },
      );
      return { peer, generator };
    },
  },
  {
    name: 'stability (image bytes)',
    async start() {
      const peer = await startStabilityPeer({ apiKey: 'sk-s', hugeBytes: HUGE });
      const generator = generatorFor({ type: 'stability', baseUrl: peer.url }, { STABILITY_API_KEY: 'sk-s' });
      return { peer, generator };
    },
  },
  {
    name: 'comfyui (/view bytes)',
    async start() {
      const peer = await startComfyPeer({ hugeBytes: HUGE });
      const config = {
        type: 'comfyui',
        url: peer.url,
        workflow: 'workflow.json',
        checkpoint: CHECKPOINTS[0],
        pollIntervalMs: 20,
      };
      return { peer, generator: generatorFor(config, {}, comfyDir) };
    },
  },
  {
    name: 'automatic1111 (base64 JSON)',
    async start() {
      const peer = await startA1111Peer({ hugeBytes: HUGE });
      return { peer, generator: generatorFor({ type: 'automatic1111', url: peer.url }) };
    },
  },
];

describe.each(BACKENDS)('$name', (backend) => {
  let peer: Peer;
  let generator: Generator;
  beforeAll(async () => {
    ({ peer, generator } = await backend.start());
  });
  afterAll(() => peer.close());

  it('a body past the cap aborts the request and fails the job at once, naming the cap', async () => {
    const caller = createCaller(generator, { minRetryDelayMs: 1 });
    const job = makeJob(generator, { ...SIZE, prompt: 'a huge answer', seed: 11 });
    peer.faults.failNext('huge');
    const before = hugeSent.bytes;
    const outcome = await caller.call(job, new AbortController().signal);
    expect(outcome.result).toBeUndefined();
    expect(outcome.failure).toMatchObject({ kind: 'permanent', attempts: 1 });
    expect(outcome.failure?.message).toMatch(/over the \d+-byte cap.*aborted.*limits\.maxResponseBytes/);
    // The peer stopped: the client hung up after about the cap, not after 200 MB.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const base64Cap = Math.ceil(CAP / 3) * 4 + 256 * 1024;
    expect(hugeSent.bytes - before).toBeLessThan(base64Cap + 16 * 1024 * 1024);
    expect(hugeSent.bytes - before).toBeLessThan(HUGE / 2);
  });

  it('a bad answer is retried once, then fails saying how many attempts it took', async () => {
    const caller = createCaller(generator, { minRetryDelayMs: 1 });
    const job = makeJob(generator, { ...SIZE, prompt: 'a cut answer', seed: 12 });
    const requests = peer.stats.requests;
    peer.faults.failNext('truncate', 3);
    const outcome = await caller.call(job, new AbortController().signal);
    expect(outcome.failure).toMatchObject({ kind: 'permanent', attempts: 2 });
    expect(outcome.failure?.message).toMatch(/truncated PNG.*bad answer again after 2 attempts/);
    expect(peer.stats.requests - requests).toBe(2);
    peer.faults.next(); // the third planned fault was never used
  });

  it('one bad answer followed by a good one succeeds on the second attempt', async () => {
    const caller = createCaller(generator, { minRetryDelayMs: 1 });
    const job = makeJob(generator, { ...SIZE, prompt: 'cut once', seed: 13 });
    peer.faults.failNext('truncate');
    const outcome = await caller.call(job, new AbortController().signal);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.attempts).toBe(2);
  });
});

describe('the cap', () => {
  it('follows the requested size, stays within limits.maxPixels and yields to the override', () => {
    // Small requests get room for any hosted native size (2048x2048 at 8 bytes a pixel, + 1 MiB).
    expect(imageByteCap({ width: 256, height: 256 }, 4096 * 4096)).toBe(2048 * 2048 * 8 + 1024 * 1024);
    // Large ones get 4x their pixels, up to maxPixels.
    expect(imageByteCap({ width: 2048, height: 2048 }, 4096 * 4096)).toBe(4096 * 4096 * 8 + 1024 * 1024);
    expect(imageByteCap({ width: 2048, height: 2048 }, 2048 * 2048)).toBe(2048 * 2048 * 8 + 1024 * 1024);
    expect(imageByteCap({ width: 1024, height: 1024 }, 4096 * 4096, 5000)).toBe(5000);
  });

  it('a Content-Length past the cap fails before the body is read', async () => {
    const peer = await startStabilityPeer({ apiKey: 'sk-s', hugeBytes: HUGE, hugeDeclared: true });
    try {
      const generator = generatorFor({ type: 'stability', baseUrl: peer.url }, { STABILITY_API_KEY: 'sk-s' });
      const job = makeJob(generator, { ...SIZE, prompt: 'declared', seed: 14 });
      peer.faults.failNext('huge');
      const outcome = await createCaller(generator).call(job, new AbortController().signal);
      expect(outcome.failure?.message).toMatch(
        new RegExp(`declared ${HUGE} bytes, over the ${CAP}-byte cap`),
      );
    } finally {
      await peer.close();
    }
  });

  it('the manifest override (planned into the job) caps an ordinary answer', async () => {
    const peer = await startStabilityPeer({ apiKey: 'sk-s', scale: 1 / 2 });
    try {
      const generator = generatorFor({ type: 'stability', baseUrl: peer.url }, { STABILITY_API_KEY: 'sk-s' });
      const job = {
        ...makeJob(generator, { ...SIZE, prompt: 'small cap', seed: 15 }),
        maxResponseBytes: 1024,
      };
      const outcome = await createCaller(generator).call(job, new AbortController().signal);
      expect(outcome.failure).toMatchObject({ kind: 'permanent', attempts: 1 });
      expect(outcome.failure?.message).toMatch(/over the 1024-byte cap/);
    } finally {
      await peer.close();
    }
  });
});

const GIGABYTE = 1024 * 1024 * 1024;
const BIG_PEERS = [
  {
    name: 'stability, raw image bytes',
    start: () => startStabilityPeer({ apiKey: 'sk-s', hugeBytes: GIGABYTE }),
    generator: (url: string) => `{ type: stability, baseUrl: "${url}", retries: 0 }`,
    env: { STABILITY_API_KEY: 'sk-s' },
  },
  {
    name: 'openai, base64 JSON read by the SDK',
    start: () => startOpenAIPeer({ apiKey: 'sk-a', hugeBytes: GIGABYTE }),
    generator: (url: string) => `{ type: openai, model: dall-e-2, baseUrl: "${url}", retries: 0 }`,
    env: { OPENAI_API_KEY: 'sk-a' },
  },
];

describe('memory of the genops process on a huge body', () => {
  it.each(BIG_PEERS)(
    '$name: stays bounded while the peer streams 1 GiB (peak RSS of the genops process)',
    async (big) => {
      const peer = await big.start();
      try {
        const dir = await mkdtemp(path.join(tmpdir(), 'genops-rss-'));
        const manifest = path.join(dir, 'genops.yaml');
        await writeFile(
          manifest,
          `version: 1\ngenerators:\n  g: ${big.generator(peer.url)}\n` +
            'assets:\n  - id: huge\n    generator: g\n    size: 1024x1024\n    prompt: a huge answer\n',
        );
        peer.faults.failNext('huge');
        const before = hugeSent.bytes;
        const child = await runGenops(['run', '-m', manifest], big.env);
        await rm(dir, { recursive: true, force: true });
        const peakMiB = Number(/peak-rss-kib (\d+)/.exec(child.stderr)?.[1]) / 1024;
        console.log(`peak RSS of genops run on a 1 GiB body (${big.name}): ${peakMiB.toFixed(0)} MiB`);
        expect(child.stderr).toMatch(/over the \d+-byte cap for this image; the request was aborted/);
        expect(peakMiB).toBeGreaterThan(0);
        expect(peakMiB).toBeLessThan(400);
        expect(hugeSent.bytes - before).toBeLessThan(GIGABYTE / 8);
      } finally {
        await peer.close();
      }
    },
    120_000,
  );
});

/** Runs src/genops.ts in its own node process, which reports its peak RSS (getrusage) on exit. */
function runGenops(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const hook = 'process.on("exit",()=>writeSync(2,"peak-rss-kib "+process.resourceUsage().maxRSS+"\\n"));';
  const report = `data:text/javascript,import{writeSync}from"node:fs";${hook}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', report, 'src/genops.ts', ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('pixels an answer may declare', () => {
  it('an image declaring more pixels than the cap was made for is refused without decoding', async () => {
    // 12000x12000 RGB declared in 100 bytes (under sharp's own 268-megapixel guard): 432 MB to decode.
    const bomb = pngDeclaring(12_000, 12_000);
    const job = makeJob(generatorFor({ type: 'procedural' }), SIZE);
    await expect(conformImage('peer', bomb, job)).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringMatching(
        /12000x12000 = 144000000 pixels, more than the 4194304 this request allows; not decoded/,
      ),
    });
  });
});

/** A structurally whole PNG (valid CRCs, IEND) whose header declares `width`×`height`. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
