import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/core/image.js';
import { CLIP_NOT_CONFIGURED, loadClipModel, scoreWithClip } from '../../src/validators/clip.js';
import { clipCropRgb, preprocessClip, resizedSize } from '../../src/validators/clip-preprocess.js';
import { loadClipTokenizer } from '../../src/validators/clip-tokenizer.js';
import { rng, solid } from './helpers/images.js';
import { buildTinyClip, type TinyClip } from './helpers/tiny-clip.js';

// Written out again here, not imported, so the test checks the module's constants too.
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

let root: string;
let tiny: TinyClip;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'genops-clip-'));
  tiny = await buildTinyClip(path.join(root, 'plain'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Bright noise, so the tiny model's positive weights give a clearly positive cosine. */
function brightNoise(width: number, height: number, seed: number): RawImage {
  const next = rng(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = 128 + Math.floor(next() * 128);
  return { data, width, height, channels: 3 };
}

/** Crops `image` (no resize) at (left, top) to 224² HWC bytes. */
function cropBytes(image: RawImage, left: number, top: number): Uint8Array {
  const out = new Uint8Array(224 * 224 * 3);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      for (let c = 0; c < 3; c++) {
        out[(y * 224 + x) * 3 + c] = image.data[((y + top) * image.width + x + left) * 3 + c] as number;
      }
    }
  }
  return out;
}

/** The tiny vision graph computed by hand: normalise, 56×56 block means, projection. */
function expectedImageEmbedding(model: TinyClip, rgb: Uint8Array): number[] {
  const pooled: number[] = [];
  for (let c = 0; c < 3; c++) {
    for (let by = 0; by < 4; by++) {
      for (let bx = 0; bx < 4; bx++) {
        let sum = 0;
        for (let y = by * 56; y < by * 56 + 56; y++) {
          for (let x = bx * 56; x < bx * 56 + 56; x++) {
            sum += ((rgb[(y * 224 + x) * 3 + c] as number) / 255 - (MEAN[c] as number)) / (STD[c] as number);
          }
        }
        pooled.push(sum / (56 * 56));
      }
    }
  }
  return Array.from({ length: model.dims }, (_, d) =>
    pooled.reduce((s, p, k) => s + p * (model.proj[k]?.[d] as number), 0),
  );
}

function expectedTextEmbedding(model: TinyClip, tokens: string[], padTo?: number): number[] {
  const ids = tokens.map((t) => {
    const id = model.vocab.get(t);
    if (id === undefined) throw new Error(`test vocabulary has no ${t}`);
    return id;
  });
  const end = model.vocab.get('<|endoftext|>') as number;
  while (padTo && ids.length < padTo) ids.push(end);
  return Array.from({ length: model.dims }, (_, d) =>
    ids.reduce((s, id) => s + (model.embed[id]?.[d] as number), 0),
  );
}

function cos(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
}

function unit(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

const letters = (word: string) => [...word.slice(0, -1), `${word.slice(-1)}</w>`];
/** "A photo depicts " as the test vocabulary tokenises it, worked out by hand from MERGES. */
const PREFIX_TOKENS = ['a</w>', 'photo</w>', ...letters('depicts')];

describe('CLIP BPE tokenizer', () => {
  it('applies merges by rank, byte-level, with CLIP pre-tokenisation', async () => {
    const tok = await loadClipTokenizer(tiny.dir);
    const ids = (tokens: string[]) => tokens.map((t) => tiny.vocab.get(t));
    const S = '<|startoftext|>';
    const E = '<|endoftext|>';
    expect(tok.encode('A photo of a CAT').ids).toEqual(
      ids([S, 'a</w>', 'photo</w>', 'o', 'f</w>', 'a</w>', 'cat</w>', E]),
    );
    // Rank order decides: "a b" (rank 8) merges before "b c</w>" (rank 9) can.
    expect(tok.encode('abc').ids).toEqual(ids([S, 'ab', 'c</w>', E]));
    // UTF-8 bytes through the byte alphabet; digits one by one; punctuation runs; contractions.
    expect(tok.encode('café 42!').ids).toEqual(
      ids([S, 'ca', 'f', 'Ã', '©</w>', '4</w>', '2</w>', '!</w>', E]),
    );
    expect(tok.encode("  RED\n\tdog's ").ids).toEqual(ids([S, 'red</w>', 'dog</w>', "'", 's</w>', E]));
  });

  it('cuts long text to 77 tokens, keeping the end token last', async () => {
    const tok = await loadClipTokenizer(tiny.dir);
    const long = tok.encode(Array.from({ length: 100 }, () => 'dog').join(' '));
    expect(long.ids).toHaveLength(77);
    expect(long.truncated).toBe(true);
    expect(long.ids.at(-1)).toBe(tiny.vocab.get('<|endoftext|>'));
    expect(tok.encode('dog').truncated).toBe(false);
  });
});

describe('CLIP preprocessing', () => {
  it('a 224² image is only normalised, channels first, with CLIP mean/std', async () => {
    const img = brightNoise(224, 224, 1);
    const px = await preprocessClip(img);
    expect(px).toHaveLength(3 * 224 * 224);
    for (const [x, y, c] of [
      [0, 0, 0],
      [223, 223, 2],
      [17, 101, 1],
    ] as const) {
      const byte = img.data[(y * 224 + x) * 3 + c] as number;
      expect(px[c * 224 * 224 + y * 224 + x]).toBeCloseTo(
        (byte / 255 - (MEAN[c] as number)) / (STD[c] as number),
        5,
      );
    }
  });

  it('centre-crops the long side: offset floor((size − 224) / 2)', async () => {
    const wide = brightNoise(300, 224, 2);
    expect(Buffer.from(await clipCropRgb(wide)).equals(Buffer.from(cropBytes(wide, 38, 0)))).toBe(true);
    const tall = brightNoise(224, 301, 3);
    expect(Buffer.from(await clipCropRgb(tall)).equals(Buffer.from(cropBytes(tall, 0, 38)))).toBe(true);
  });

  it('resizes the shortest side to 224 before cropping', async () => {
    expect(resizedSize(640, 480, 224)).toEqual({ width: 298, height: 224 });
    expect(resizedSize(100, 50, 224)).toEqual({ width: 448, height: 224 });
    // 448² of 56-px tiles becomes 224² of 28-px tiles: tile centres keep their colour.
    const next = rng(9);
    const colours = Array.from({ length: 64 }, () => [0, 1, 2].map(() => Math.floor(next() * 256)));
    const data = Buffer.alloc(448 * 448 * 3);
    for (let y = 0; y < 448; y++) {
      for (let x = 0; x < 448; x++)
        data.set(colours[Math.floor(y / 56) * 8 + Math.floor(x / 56)] as number[], (y * 448 + x) * 3);
    }
    const crop = await clipCropRgb({ data, width: 448, height: 448, channels: 3 });
    for (let t = 0; t < 64; t++) {
      const cx = (t % 8) * 28 + 14;
      const cy = Math.floor(t / 8) * 28 + 14;
      for (let c = 0; c < 3; c++) {
        expect(
          Math.abs((crop[(cy * 224 + cx) * 3 + c] as number) - (colours[t]?.[c] as number)),
        ).toBeLessThanOrEqual(1);
      }
    }
    const flat = await clipCropRgb(solid(640, 480, [200, 40, 90]));
    expect(new Set(flat).size).toBe(3);
  });
});

describe('CLIP scoring on a tiny ONNX model', () => {
  it('CLIPScore and the LAION head equal the values computed by hand', async () => {
    const img = brightNoise(224, 224, 4);
    const prompt = 'a red dog';
    const outcome = await scoreWithClip({ model: tiny.dir }, img, prompt);
    const imageEmb = expectedImageEmbedding(tiny, cropBytes(img, 0, 0));
    const textEmb = expectedTextEmbedding(tiny, [
      '<|startoftext|>',
      ...PREFIX_TOKENS,
      'a</w>',
      'red</w>',
      'dog</w>',
      '<|endoftext|>',
    ]);
    const expectedClip = 2.5 * Math.max(cos(imageEmb, textEmb), 0);
    const e = unit(imageEmb);
    const expectedAesthetic = tiny.head.b + tiny.head.w.reduce((s, w, i) => s + w * (e[i] as number), 0);
    expect(expectedClip).toBeGreaterThan(0.5);
    expect(outcome.scores.clip).toBeCloseTo(expectedClip, 5);
    expect(outcome.scores['aesthetic.laion']).toBeCloseTo(expectedAesthetic, 4);
    expect(outcome.checks.map((c) => [c.id, c.severity, c.passed])).toEqual([
      ['clip.score', 'info', true],
      ['aesthetic.laion', 'info', true],
    ]);
    expect(outcome.checks[0]?.value).toBeCloseTo(expectedClip, 3);
  });

  it('the transformers.js layout (onnx/ + tokenizer.json) gives the same score', async () => {
    const hf = await buildTinyClip(path.join(root, 'hf'), { hfLayout: true });
    const img = brightNoise(224, 224, 5);
    const a = await scoreWithClip({ model: tiny.dir }, img, 'a cat');
    const b = await scoreWithClip({ model: hf.dir }, img, 'a cat');
    expect(b.scores.clip).toBeCloseTo(a.scores.clip as number, 6);
  });

  it('a model with a fixed 77-token input gets end-token padding', async () => {
    const fixed = await buildTinyClip(path.join(root, 'fixed'), { fixedLength: true });
    const img = brightNoise(224, 224, 6);
    const outcome = await scoreWithClip({ model: fixed.dir, prefix: '' }, img, 'a cat');
    const textEmb = expectedTextEmbedding(
      fixed,
      ['<|startoftext|>', 'a</w>', 'cat</w>', '<|endoftext|>'],
      77,
    );
    const imageEmb = expectedImageEmbedding(fixed, cropBytes(img, 0, 0));
    expect(outcome.scores.clip).toBeCloseTo(2.5 * Math.max(cos(imageEmb, textEmb), 0), 5);
  });

  it('a negative cosine scores exactly 0 (max(cos, 0))', async () => {
    const neg = await buildTinyClip(path.join(root, 'neg'), { negateText: true, aesthetic: false });
    const outcome = await scoreWithClip({ model: neg.dir }, brightNoise(224, 224, 7), 'a dog');
    expect(outcome.scores.clip).toBe(0);
    expect(outcome.scores['aesthetic.laion']).toBeUndefined();
  });

  it('minScore and minAesthetic make gates', async () => {
    const img = brightNoise(224, 224, 8);
    const free = await scoreWithClip({ model: tiny.dir }, img, 'a dog');
    const clip = free.scores.clip as number;
    const laion = free.scores['aesthetic.laion'] as number;
    const pass = await scoreWithClip({ model: tiny.dir, minScore: clip - 0.01 }, img, 'a dog', {
      minAesthetic: laion - 0.01,
    });
    expect(pass.checks.map((c) => [c.id, c.severity, c.passed])).toEqual([
      ['clip.score', 'gate', true],
      ['aesthetic.laion', 'gate', true],
    ]);
    const fail = await scoreWithClip({ model: tiny.dir, minScore: clip + 0.01 }, img, 'a dog', {
      minAesthetic: laion + 0.01,
    });
    expect(fail.checks.map((c) => c.passed)).toEqual([false, false]);
    expect(fail.checks[0]?.threshold).toBe(clip + 0.01);
    expect(fail.checks[0]?.reason).toMatch(/^CLIPScore [\d.]+ < /);
  });

  it('a prompt longer than the context is scored on its first 77 tokens, and says so', async () => {
    const long = Array.from({ length: 90 }, () => 'cat').join(' ');
    const outcome = await scoreWithClip({ model: tiny.dir }, brightNoise(224, 224, 9), long);
    expect(outcome.checks[0]?.reason).toContain('prompt cut to 77 tokens of 101');
  });

  it('a relative model folder resolves against the manifest folder; the model loads once', async () => {
    const a = await loadClipModel(tiny.dir);
    const b = await loadClipModel(path.relative(process.cwd(), tiny.dir));
    expect(b).toBe(a);
    expect(a.dims).toBe(768);
    const outcome = await scoreWithClip({ model: 'plain' }, brightNoise(224, 224, 1), 'a cat', {
      baseDir: root,
    });
    expect(outcome.scores.clip).toBeGreaterThan(0);
  });
});

describe('CLIP without a usable model', () => {
  it('no model folder: "CLIP: not configured", and no number', async () => {
    const outcome = await scoreWithClip(undefined, brightNoise(32, 32, 1), 'a cat');
    expect(outcome.scores).toEqual({});
    expect(outcome.checks).toHaveLength(1);
    expect(outcome.checks[0]).toMatchObject({
      id: 'clip.score',
      passed: true,
      severity: 'info',
      value: 'not configured',
    });
    expect(outcome.checks[0]?.reason).toContain(CLIP_NOT_CONFIGURED);
    expect((await scoreWithClip({ minScore: 0.5 }, brightNoise(32, 32, 1), 'x')).checks[0]?.value).toBe(
      'not configured',
    );
  });

  it('a configured folder that is missing or incomplete fails the gate with the reason', async () => {
    const missing = await scoreWithClip({ model: path.join(root, 'nope') }, brightNoise(32, 32, 1), 'a cat');
    expect(missing.scores).toEqual({});
    expect(missing.checks[0]).toMatchObject({ id: 'clip.score', passed: false, severity: 'gate' });
    expect(missing.checks[0]?.reason).toContain('does not exist');

    const partial = await buildTinyClip(path.join(root, 'partial'));
    await unlink(path.join(partial.dir, 'text_model.onnx'));
    const noText = await scoreWithClip({ model: partial.dir }, brightNoise(32, 32, 1), 'a cat');
    expect(noText.checks[0]?.reason).toContain('has no text_model.onnx');

    const noTok = await buildTinyClip(path.join(root, 'notok'));
    await unlink(path.join(noTok.dir, 'merges.txt'));
    const tokless = await scoreWithClip({ model: noTok.dir }, brightNoise(32, 32, 1), 'a cat');
    expect(tokless.checks[0]?.reason).toContain('expected tokenizer.json, or vocab.json and merges.txt');
  });

  it('wrong tensor names and a head of the wrong size are explained', async () => {
    const named = await buildTinyClip(path.join(root, 'named'), { imageOutput: 'pooler_output' });
    const a = await scoreWithClip({ model: named.dir }, brightNoise(32, 32, 1), 'a cat');
    expect(a.checks[0]?.reason).toContain(
      'must take pixel_values and give image_embeds; it takes pixel_values and gives pooler_output',
    );

    const small = await buildTinyClip(path.join(root, 'small'), {
      dims: 16,
      aesthetic: { w: [1, 2, 3], b: 0 },
    });
    const b = await scoreWithClip({ model: small.dir }, brightNoise(32, 32, 1), 'a cat');
    expect(b.checks[0]?.reason).toContain('aesthetic.json has 3 weights but the model');
  });
});
