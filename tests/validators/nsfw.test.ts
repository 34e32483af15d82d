import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkNsfw,
  classifyNsfw,
  DEFAULT_NSFW_THRESHOLDS,
  loadNsfwModel,
  NSFW_CLASSES,
  type NsfwScores,
  nsfwCheck,
} from '../../src/validators/nsfw.js';
import { noise, scene } from './helpers/images.js';

// Offline means offline: any fetch, and any TCP connection at all (node-fetch, undici, http), throws.
const attempts: string[] = [];
beforeAll(() => {
  vi.stubGlobal('fetch', async (url: unknown) => {
    attempts.push(`fetch ${String(url)}`);
    throw new Error('network disabled in this test');
  });
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
    this: net.Socket,
    ...args: unknown[]
  ) {
    attempts.push(`connect ${JSON.stringify(args[0])}`);
    throw new Error('network disabled in this test');
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('embedded NSFW classifier (nsfwjs + tfjs wasm)', () => {
  it('runs behind a working network guard', async () => {
    expect(() => net.connect(9, '127.0.0.1')).toThrow('network disabled');
    await expect(fetch('https://example.com/')).rejects.toThrow('network disabled');
    attempts.length = 0;
  });

  it('loads offline once per process and returns the five classes summing to ≈ 1', async () => {
    const loadMs = await loadNsfwModel();
    expect(loadMs).toBeGreaterThan(0);
    const scores = await classifyNsfw(scene(400, 300, 7));
    expect(Object.keys(scores).sort()).toEqual([...NSFW_CLASSES].sort());
    const sum = Object.values(scores).reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0.99);
    expect(sum).toBeLessThan(1.01);
    for (const p of Object.values(scores)) expect(p).toBeGreaterThanOrEqual(0);
    // The singleton: a second call does not load again (same promise, same load time).
    expect(await loadNsfwModel()).toBe(loadMs);
    expect(attempts).toEqual([]);
  });

  it('is deterministic and tells different images apart', async () => {
    const a = await classifyNsfw(scene(256, 256, 11));
    const again = await classifyNsfw(scene(256, 256, 11));
    const b = await classifyNsfw(noise(256, 256, 3));
    expect(again).toEqual(a);
    expect(b).not.toEqual(a);
  });

  it('takes RGBA input (transparency flattened) and gives a policy check with every watched class', async () => {
    const rgba = scene(200, 200, 5);
    const data = Buffer.alloc(200 * 200 * 4);
    for (let i = 0; i < 200 * 200; i++) {
      rgba.data.copy(data, i * 4, i * 3, i * 3 + 3);
      data[i * 4 + 3] = i % 200 < 100 ? 255 : 0;
    }
    const { check, scores } = await checkNsfw({ data, width: 200, height: 200, channels: 4 });
    expect(scores).toBeDefined();
    expect(check.id).toBe('policy.nsfw');
    expect(check.severity).toBe('policy');
    expect(check.value).toMatch(/^Porn 0\.\d{3}, Hentai 0\.\d{3}, Sexy 0\.\d{3}$/);
    expect(check.threshold).toBe('Porn < 0.6, Hentai < 0.6, Sexy < 0.85');
    expect(attempts).toEqual([]);
  });
});

describe('NSFW verdict rules', () => {
  const scores = (s: Partial<NsfwScores>): NsfwScores => ({
    Drawing: 0,
    Hentai: 0,
    Neutral: 1,
    Porn: 0,
    Sexy: 0,
    ...s,
  });

  it('a class at or above its threshold fails, below passes', () => {
    expect(nsfwCheck(scores({ Porn: DEFAULT_NSFW_THRESHOLDS.Porn })).passed).toBe(false);
    expect(nsfwCheck(scores({ Porn: DEFAULT_NSFW_THRESHOLDS.Porn - 0.001 })).passed).toBe(true);
    const sexy = nsfwCheck(scores({ Sexy: 0.9, Neutral: 0.1 }));
    expect(sexy.passed).toBe(false);
    expect(sexy.reason).toBe('NSFW classifier: Sexy 0.900 ≥ 0.85');
  });

  it('per-class thresholds from the manifest override the defaults', () => {
    const s = scores({ Sexy: 0.5, Neutral: 0.5 });
    expect(nsfwCheck(s).passed).toBe(true);
    expect(nsfwCheck(s, { Sexy: 0.4 }).passed).toBe(false);
    expect(nsfwCheck(scores({ Hentai: 0.7 }), { Hentai: 0.95 }).passed).toBe(true);
  });
});
