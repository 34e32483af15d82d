import { describe, expect, it } from 'vitest';
import { contentKey } from '../../../src/core/canonical.js';
import type { PolicyConfig, QaGateConfig } from '../../../src/core/config.js';
import type { GreyImage } from '../../../src/core/image.js';
import type { Job, PlannedAsset, QaThresholds } from '../../../src/core/model.js';
import { clipGate } from '../../../src/validators/gates/clip.js';
import { hashGate } from '../../../src/validators/gates/hash.js';
import {
  GATES,
  type GateSubject,
  type ImageSource,
  isCacheable,
  type RegisteredGate,
  registerGate,
} from '../../../src/validators/gates/index.js';
import { nsfwGate } from '../../../src/validators/gates/nsfw.js';

const BLOB = 'a'.repeat(64);
const environment = { env: {}, baseDir: '.' };

interface SubjectOptions {
  backend?: string;
  prompt?: string;
  variants?: number;
  qa?: Partial<QaThresholds>;
  gates?: QaGateConfig;
  policy?: PolicyConfig;
}

function subject(options: SubjectOptions = {}): GateSubject {
  const job: Job = {
    key: 'job-0',
    asset: 'hero',
    variant: 0,
    generator: 'main',
    backend: { type: options.backend ?? 'openai', model: 'm', endpointClass: 'openai', version: '1' },
    request: {
      prompt: options.prompt ?? 'a red fox in snow',
      negativePrompt: '',
      width: 64,
      height: 64,
      format: 'png',
      seed: 1,
      embeddings: [],
      params: {},
    },
  };
  const asset: PlannedAsset = {
    id: 'hero',
    source: 'hero',
    vars: {},
    jobs: Array.from({ length: options.variants ?? 1 }, (_, i) => `job-${i}`),
    title: 'Hero',
    tags: [],
    qa: { minAesthetic: 4, alpha: 'any', colorSpace: 'any', maxPixels: 1e7, minStdDev: 2, ...options.qa },
    gates: options.gates ?? {},
    delivery: { formats: [], widths: [] },
  };
  return { job, asset, policy: options.policy ?? {} };
}

const wantedIds = (s: GateSubject) => GATES.filter((g) => g.wanted(s)).map((g) => g.id);
const keys = (s: GateSubject, gates: readonly RegisteredGate[] = GATES) =>
  Object.fromEntries(gates.map((g) => [g.id, g.bind(s).key(BLOB)]));

describe('the gate registry', () => {
  it('lists the gates in the order their checks are reported', () => {
    expect(GATES.map((g) => g.id)).toEqual(['hash', 'nsfw', 'moderation', 'clip', 'judge']);
  });

  it('wants NSFW on AI back ends by default, and on procedural only when policy.nsfw.enabled', () => {
    expect(wantedIds(subject({ backend: 'openai' }))).toEqual(['nsfw']);
    expect(wantedIds(subject({ backend: 'procedural' }))).toEqual([]);
    expect(wantedIds(subject({ backend: 'procedural', policy: { nsfw: { enabled: true } } }))).toEqual([
      'nsfw',
    ]);
    expect(wantedIds(subject({ backend: 'openai', policy: { nsfw: { enabled: false } } }))).toEqual([]);
  });

  it('wants CLIP only with a model, judge and moderation only when enabled, the hash with variants or similarity', () => {
    const procedural = (options: SubjectOptions) => subject({ backend: 'procedural', ...options });
    expect(wantedIds(procedural({ gates: { clip: { minScore: 0.2 } } }))).toEqual([]);
    expect(wantedIds(procedural({ gates: { clip: { model: 'models/clip' } } }))).toEqual(['clip']);
    expect(wantedIds(procedural({ gates: { judge: { model: 'x' } } }))).toEqual([]);
    expect(wantedIds(procedural({ gates: { judge: { enabled: true } } }))).toEqual(['judge']);
    expect(wantedIds(procedural({ policy: { moderation: { enabled: false } } }))).toEqual([]);
    expect(wantedIds(procedural({ policy: { moderation: { enabled: true } } }))).toEqual(['moderation']);
    expect(wantedIds(procedural({ variants: 2 }))).toEqual(['hash']);
    expect(wantedIds(procedural({ gates: { similarity: {} } }))).toEqual(['hash']);
  });

  it('reports CLIP as not configured when it is not wanted, and nothing for the other gates', () => {
    const s = subject({ backend: 'procedural' });
    expect(GATES.flatMap((g) => g.skipped(s))).toEqual([
      {
        id: 'clip.score',
        passed: true,
        value: 'not configured',
        reason: 'CLIP: not configured',
        severity: 'info',
      },
    ]);
  });
});

describe('gate cache keys', () => {
  const all: SubjectOptions = {
    variants: 2,
    gates: { clip: { model: 'clip' }, judge: { enabled: true }, similarity: {} },
    policy: { moderation: { enabled: true }, nsfw: { thresholds: { Porn: 0.5 } } },
  };
  const everything = subject(all);

  it('change with the gate’s own version, and not with another gate’s', () => {
    const before = keys(everything);
    const bumped = GATES.map((g) => (g.id === 'nsfw' ? registerGate({ ...nsfwGate, version: 3 }) : g));
    const after = keys(everything, bumped);
    expect(after.nsfw).not.toBe(before.nsfw);
    expect({ ...after, nsfw: undefined }).toEqual({ ...before, nsfw: undefined });
  });

  it('change with the inputs that change a gate’s answer, and only that gate’s', () => {
    const before = keys(everything);
    const changed = (options: SubjectOptions) =>
      Object.entries(keys(subject(options)))
        .filter(([id, key]) => key !== before[id])
        .map(([id]) => id);
    expect(changed({ ...all, prompt: 'a grey wolf' })).toEqual(['moderation', 'clip', 'judge']);
    expect(changed({ ...all, policy: { ...all.policy, nsfw: { thresholds: { Porn: 0.9 } } } })).toEqual([
      'nsfw',
    ]);
    expect(changed({ ...all, gates: { ...all.gates, similarity: { hash: 'dhash' } } })).toEqual(['hash']);
    expect(changed({ ...all, gates: { ...all.gates, judge: { enabled: true, minScore: 7 } } })).toEqual([
      'judge',
    ]);
    expect(changed({ ...all, qa: { minAesthetic: 6 } })).toEqual(['clip']);
    // What no gate reads is no part of any key.
    expect(changed({ ...all, qa: { minStdDev: 9 }, backend: 'comfyui' })).toEqual([]);
  });

  it('are the keys the single GATE_VERSION = 2 made, so records cached before the split are still found', () => {
    const s = keys(everything);
    const prompt = everything.job.request.prompt;
    const legacy = (gate: string, inputs: unknown) => contentKey({ v: 2, gate, blob: BLOB, inputs });
    expect(s.hash).toBe(legacy('hash', { algorithm: 'phash' }));
    expect(s.nsfw).toBe(legacy('nsfw', { thresholds: { Porn: 0.5 } }));
    expect(s.moderation).toBe(legacy('moderation', { prompt, moderation: { enabled: true } }));
    expect(s.clip).toBe(legacy('clip', { prompt, clip: { model: 'clip' }, minAesthetic: 4 }));
    expect(s.judge).toBe(legacy('judge', { prompt, judge: { enabled: true } }));
  });
});

describe('running a registered gate', () => {
  const thumbnail: GreyImage = {
    data: Float32Array.from({ length: 32 * 32 }, (_, i) => (i * 37) % 256),
    width: 32,
    height: 32,
  };
  const source = (grey: GreyImage | undefined): ImageSource => ({
    pixels: () => Promise.reject(new Error('the hash needs no pixels')),
    bytes: () => Promise.reject(new Error('the hash needs no bytes')),
    thumbnail: async () => grey,
  });

  it('fetches only the image form the gate needs', async () => {
    const record = await registerGate(hashGate).bind(subject()).run(source(thumbnail), environment);
    expect(record).toMatchObject({ checks: [], scores: {} });
    expect(record?.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives no record when the image no longer decodes', async () => {
    expect(await registerGate(hashGate).bind(subject()).run(source(undefined), environment)).toBeUndefined();
  });

  it('scores an unloadable CLIP folder as an error, which is not cached', async () => {
    const s = subject({ gates: { clip: { model: '/nonexistent/clip-model' } } });
    const record = await registerGate(clipGate)
      .bind(s)
      .run(
        {
          ...source(thumbnail),
          pixels: async () => ({ data: Buffer.alloc(12), width: 2, height: 2, channels: 3 }),
        },
        environment,
      );
    expect(record?.checks[0]).toMatchObject({ id: 'clip.score', passed: false, value: 'error' });
    expect(record && isCacheable(record)).toBe(false);
  });

  it('caches records whose checks all ran', () => {
    const check = { id: 'x', passed: false, severity: 'gate' as const };
    expect(isCacheable({ checks: [{ ...check, value: 0.3 }], scores: {} })).toBe(true);
    expect(isCacheable({ checks: [], scores: {}, hash: 'ab' })).toBe(true);
    expect(isCacheable({ checks: [{ ...check, value: 'not run' }], scores: {} })).toBe(false);
  });
});
