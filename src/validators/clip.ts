/**
 * CLIP scoring from a model folder the user supplies (see docs/clip.md), run with onnxruntime-node:
 *
 * - CLIPScore (Hessel et al. 2021): `2.5 · max(cos(E_text("A photo depicts " + prompt), E_image), 0)`,
 *   0–2.5, reported as score `clip` and check `clip.score`;
 * - the LAION aesthetic predictor ("linearMSE", collapsed to one affine map on the L2-normalised
 *   768-d ViT-L/14 image embedding: `w · e + b`, about 1–10), reported as score `aesthetic.laion`
 *   and check `aesthetic.laion`, when the folder holds `aesthetic.json`.
 *
 * Folder layout (files may also sit in an `onnx/` subfolder, as transformers.js repositories have them):
 *   vision_model.onnx   input `pixel_values` float32 [N,3,224,224] → output `image_embeds` float32 [N,D]
 *   text_model.onnx     inputs `input_ids` int64 [N,L] (and `attention_mask` int64 [N,L] if declared)
 *                       → output `text_embeds` float32 [N,D]
 *   tokenizer.json, or vocab.json + merges.txt    CLIP BPE
 *   aesthetic.json      optional: {"w": number[D], "b": number}
 *   preprocessor_config.json   optional: image_mean, image_std, size.shortest_edge, crop_size
 *
 * Without a configured folder nothing is computed: the check says "CLIP: not configured".
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as ort from 'onnxruntime-node';
import type { ClipConfig } from '../core/config.js';
import type { RawImage } from '../core/image.js';
import type { CheckResult } from '../core/model.js';
import { importOptional } from '../core/optional-module.js';
import { CLIP_PREPROCESS, type PreprocessOptions, preprocessClip } from './clip-preprocess.js';
import { type ClipTokenizer, CONTEXT_LENGTH, loadClipTokenizer } from './clip-tokenizer.js';

/** Hessel et al.'s rescaling weight. */
export const CLIPSCORE_W = 2.5;
/** Hessel et al.'s caption prefix. */
export const CLIPSCORE_PREFIX = 'A photo depicts ';

/** `qa.clip` in the manifest. */
export interface AestheticHead {
  w: number[];
  b: number;
}

export interface TextEmbedding {
  embedding: Float32Array;
  /** Tokens the whole text needs; more than 77 when it was cut. */
  tokens: number;
  truncated: boolean;
}

export interface ClipModel {
  readonly folder: string;
  readonly dims: number;
  readonly aesthetic?: AestheticHead;
  /** L2-normalised image embedding. */
  embedImage(image: RawImage): Promise<Float32Array>;
  /** L2-normalised text embedding. */
  embedText(text: string): Promise<TextEmbedding>;
  release(): Promise<void>;
}

export class ClipModelError extends Error {
  override name = 'ClipModelError';
}

export interface ClipLoadOptions {
  /** onnxruntime intra-op threads; 0 (default) lets it choose. */
  threads?: number;
}

const loaded = new Map<string, Promise<ClipModel>>();

/** Loads a model folder once per process (per absolute path). Throws ClipModelError saying what is missing. */
export function loadClipModel(folder: string, options: ClipLoadOptions = {}): Promise<ClipModel> {
  const abs = path.resolve(folder);
  let model = loaded.get(abs);
  if (!model) {
    model = openFolder(abs, options);
    loaded.set(abs, model);
    model.catch(() => loaded.delete(abs));
  }
  return model;
}

function locate(folder: string, name: string): string | undefined {
  for (const candidate of [path.join(folder, name), path.join(folder, 'onnx', name)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

type OnnxRuntime = typeof ort;

/** onnxruntime-node, an optional peer (see core/optional-module.ts), loaded with the first model. */
async function onnxRuntime(): Promise<OnnxRuntime> {
  const module = await importOptional<OnnxRuntime & { default?: OnnxRuntime }>('onnxruntime-node', 'clip');
  return module.default ?? module;
}

async function openFolder(folder: string, options: ClipLoadOptions): Promise<ClipModel> {
  if (!existsSync(folder)) {
    throw new ClipModelError(`CLIP model folder ${folder} does not exist — see docs/clip.md to export one`);
  }
  const visionFile = locate(folder, 'vision_model.onnx');
  const textFile = locate(folder, 'text_model.onnx');
  if (!visionFile || !textFile) {
    const missing = [visionFile ? '' : 'vision_model.onnx', textFile ? '' : 'text_model.onnx'].filter(
      Boolean,
    );
    throw new ClipModelError(`CLIP model folder ${folder} has no ${missing.join(' or ')} — see docs/clip.md`);
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.threads ?? 0,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  const runtime = await onnxRuntime();
  const [vision, text, tokenizer, preprocess, aesthetic] = await Promise.all([
    runtime.InferenceSession.create(visionFile, sessionOptions),
    runtime.InferenceSession.create(textFile, sessionOptions),
    loadClipTokenizer(folder).catch((e: Error) => {
      throw new ClipModelError(e.message);
    }),
    readPreprocess(folder),
    readAesthetic(folder),
  ]);
  expectNames(vision, visionFile, ['pixel_values'], 'image_embeds');
  expectNames(text, textFile, ['input_ids'], 'text_embeds');

  const model = new OnnxClip(runtime, folder, vision, text, tokenizer, preprocess, aesthetic);
  // One probe fixes the embedding size and checks the aesthetic head against it.
  const probe = await model.embedText('');
  model.dims = probe.embedding.length;
  if (aesthetic && aesthetic.w.length !== probe.embedding.length) {
    throw new ClipModelError(
      `aesthetic.json has ${aesthetic.w.length} weights but the model's embeddings have ${probe.embedding.length} dimensions — the LAION predictor needs ViT-L/14 (768)`,
    );
  }
  return model;
}

function expectNames(session: ort.InferenceSession, file: string, inputs: string[], output: string): void {
  const missing = inputs.filter((n) => !session.inputNames.includes(n));
  if (missing.length || !session.outputNames.includes(output)) {
    throw new ClipModelError(
      `${file} must take ${inputs.join(', ')} and give ${output}; it takes ${session.inputNames.join(', ')} and gives ${session.outputNames.join(', ')}`,
    );
  }
}

async function readPreprocess(folder: string): Promise<PreprocessOptions> {
  const file = path.join(folder, 'preprocessor_config.json');
  if (!existsSync(file)) return CLIP_PREPROCESS;
  const c = JSON.parse(await readFile(file, 'utf8')) as {
    image_mean?: number[];
    image_std?: number[];
    size?: number | { shortest_edge?: number };
    crop_size?: number | { height?: number; width?: number };
  };
  const triple = (v: number[] | undefined, fallback: readonly [number, number, number]) =>
    v?.length === 3 ? (v as unknown as [number, number, number]) : fallback;
  const resize = typeof c.size === 'number' ? c.size : (c.size?.shortest_edge ?? CLIP_PREPROCESS.resize);
  const crop = typeof c.crop_size === 'number' ? c.crop_size : (c.crop_size?.height ?? CLIP_PREPROCESS.crop);
  return {
    resize,
    crop,
    mean: triple(c.image_mean, CLIP_PREPROCESS.mean),
    std: triple(c.image_std, CLIP_PREPROCESS.std),
  };
}

async function readAesthetic(folder: string): Promise<AestheticHead | undefined> {
  const file = path.join(folder, 'aesthetic.json');
  if (!existsSync(file)) return undefined;
  const head = JSON.parse(await readFile(file, 'utf8')) as Partial<AestheticHead>;
  if (!Array.isArray(head.w) || typeof head.b !== 'number' || head.w.some((x) => typeof x !== 'number')) {
    throw new ClipModelError(`${file} must be {"w": number[], "b": number}`);
  }
  return { w: head.w, b: head.b };
}

class OnnxClip implements ClipModel {
  dims = 0;

  constructor(
    private readonly runtime: OnnxRuntime,
    readonly folder: string,
    private readonly vision: ort.InferenceSession,
    private readonly text: ort.InferenceSession,
    private readonly tokenizer: ClipTokenizer,
    private readonly preprocess: PreprocessOptions,
    readonly aesthetic: AestheticHead | undefined,
  ) {}

  async embedImage(image: RawImage): Promise<Float32Array> {
    const pixels = await preprocessClip(image, this.preprocess);
    const side = this.preprocess.crop;
    const out = await this.vision.run({
      pixel_values: new this.runtime.Tensor('float32', pixels, [1, 3, side, side]),
    });
    return normalize(firstRow(out.image_embeds, 'image_embeds'));
  }

  async embedText(text: string): Promise<TextEmbedding> {
    const { ids, truncated, length: tokens } = this.tokenizer.encode(text, CONTEXT_LENGTH);
    // Pad only when the model was exported with a fixed sequence length (pad = end token, as HF pads CLIP).
    const fixed = fixedLength(this.text, 'input_ids');
    const length = fixed ?? ids.length;
    const inputIds = new BigInt64Array(length).fill(BigInt(this.tokenizer.endId));
    const mask = new BigInt64Array(length);
    ids.slice(0, length).forEach((id, i) => {
      inputIds[i] = BigInt(id);
      mask[i] = 1n;
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new this.runtime.Tensor('int64', inputIds, [1, length]),
    };
    if (this.text.inputNames.includes('attention_mask')) {
      feeds.attention_mask = new this.runtime.Tensor('int64', mask, [1, length]);
    }
    const out = await this.text.run(feeds);
    return { embedding: normalize(firstRow(out.text_embeds, 'text_embeds')), tokens, truncated };
  }

  async release(): Promise<void> {
    loaded.delete(this.folder);
    await Promise.all([this.vision.release(), this.text.release()]);
  }
}

function fixedLength(session: ort.InferenceSession, input: string): number | undefined {
  const meta = session.inputMetadata.find((m) => m.name === input);
  const dim = meta?.isTensor ? meta.shape[1] : undefined;
  return typeof dim === 'number' && dim > 0 ? dim : undefined;
}

function firstRow(tensor: ort.Tensor | undefined, name: string): Float32Array {
  if (tensor?.type !== 'float32') throw new ClipModelError(`the model gave no float32 ${name}`);
  const dims = tensor.dims;
  const width = dims[dims.length - 1] ?? 0;
  return (tensor.data as Float32Array).slice(0, width);
}

/** The vector scaled to unit length (a zero vector stays zero). */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length)
    throw new ClipModelError(`embeddings differ in size: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** CLIPScore: 2.5 · max(cos, 0). */
export function clipScore(imageEmbedding: Float32Array, textEmbedding: Float32Array): number {
  return CLIPSCORE_W * Math.max(cosine(imageEmbedding, textEmbedding), 0);
}

/** The LAION predictor on a normalised image embedding. */
export function aestheticScore(head: AestheticHead, imageEmbedding: Float32Array): number {
  if (head.w.length !== imageEmbedding.length) {
    throw new ClipModelError(
      `aesthetic head has ${head.w.length} weights for a ${imageEmbedding.length}-d embedding`,
    );
  }
  const e = normalize(imageEmbedding);
  let s = head.b;
  for (let i = 0; i < e.length; i++) s += (head.w[i] as number) * (e[i] as number);
  return s;
}

export interface ClipOutcome {
  checks: CheckResult[];
  /** `clip` (0–2.5) and, with aesthetic.json, `aesthetic.laion`. Empty when not configured. */
  scores: Record<string, number>;
}

export interface ClipScoringOptions {
  /** Folder that a relative `config.model` is resolved against (the manifest's folder). */
  baseDir?: string;
  /** Gate for `aesthetic.laion` (e.g. the asset's qa.minAesthetic). Unset: reported only. */
  minAesthetic?: number;
  load?: ClipLoadOptions;
}

export const CLIP_NOT_CONFIGURED = 'CLIP: not configured';

/**
 * Scores one image against its prompt. Not configured → one info check saying so and no scores.
 * A configured folder that cannot be loaded or run → a failed gate check with the reason: the user
 * asked for this gate, so it must not pass silently.
 */
export async function scoreWithClip(
  config: ClipConfig | undefined,
  image: RawImage,
  prompt: string,
  options: ClipScoringOptions = {},
): Promise<ClipOutcome> {
  if (!config?.model) return notConfiguredOutcome();
  const folder = path.resolve(options.baseDir ?? '.', config.model);
  try {
    const model = await loadClipModel(folder, options.load);
    const [imageEmb, text] = await Promise.all([
      model.embedImage(image),
      model.embedText(`${config.prefix ?? CLIPSCORE_PREFIX}${prompt}`),
    ]);
    const score = clipScore(imageEmb, text.embedding);
    const scores: Record<string, number> = { clip: score };
    const cut = text.truncated ? ` (prompt cut to ${CONTEXT_LENGTH} tokens of ${text.tokens})` : '';
    const checks: CheckResult[] = [clipScoreCheck(score, config.minScore, cut)];
    if (model.aesthetic) {
      const a = aestheticScore(model.aesthetic, imageEmb);
      scores['aesthetic.laion'] = a;
      checks.push(laionCheck(a, options.minAesthetic));
    }
    return { checks, scores };
  } catch (error) {
    return failedOutcome(folder, config.minScore, error);
  }
}

function notConfiguredOutcome(): ClipOutcome {
  return {
    checks: [
      {
        id: 'clip.score',
        passed: true,
        value: 'not configured',
        threshold: 'not gated',
        reason: `${CLIP_NOT_CONFIGURED} — set qa.clip.model to a CLIP model folder (docs/clip.md)`,
        severity: 'info',
      },
    ],
    scores: {},
  };
}

/** `clip.score`: a gate against `minScore` when set, else reported only. `cut` notes a truncated prompt. */
function clipScoreCheck(score: number, minScore: number | undefined, cut: string): CheckResult {
  return minScore === undefined
    ? {
        id: 'clip.score',
        passed: true,
        value: round(score),
        threshold: 'not gated (qa.clip.minScore unset)',
        reason: `CLIPScore ${round(score)} of 2.5${cut}`,
        severity: 'info',
      }
    : {
        id: 'clip.score',
        passed: score >= minScore,
        value: round(score),
        threshold: minScore,
        reason: `CLIPScore ${round(score)} ${score >= minScore ? '≥' : '<'} ${minScore}${cut}`,
        severity: 'gate',
      };
}

/** `aesthetic.laion`: a gate against `min` when set, else reported only. */
function laionCheck(a: number, min: number | undefined): CheckResult {
  return min === undefined
    ? {
        id: 'aesthetic.laion',
        passed: true,
        value: round(a),
        threshold: 'not gated',
        reason: `LAION aesthetic predictor ${round(a)} (about 1–10)`,
        severity: 'info',
      }
    : {
        id: 'aesthetic.laion',
        passed: a >= min,
        value: round(a),
        threshold: min,
        reason: `LAION aesthetic ${round(a)} ${a >= min ? '≥' : '<'} ${min}`,
        severity: 'gate',
      };
}

/** A configured model that could not load or run: a failed gate, so the gate never passes silently. */
function failedOutcome(folder: string, minScore: number | undefined, error: unknown): ClipOutcome {
  return {
    checks: [
      {
        id: 'clip.score',
        passed: false,
        value: 'error',
        threshold: minScore ?? 'a working model folder',
        reason: `CLIP model ${folder} could not score: ${error instanceof Error ? error.message : String(error)}`,
        severity: 'gate',
      },
    ],
    scores: {},
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
