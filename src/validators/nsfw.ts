/**
 * Embedded NSFW classifier: nsfwjs (its MobileNetV2Mid graph model, weights inside the npm package)
 * on TensorFlow.js with the WebAssembly back end, whose .wasm files are read from the installed
 * package folder. Nothing is fetched from the network. The model loads once per process, on first
 * use. MobileNetV2Mid rather than the smaller MobileNetV2: nsfwjs gives it ≈ 93 % accuracy against
 * ≈ 90 %, and as a graph model it ran faster here (74 vs 129 ms per image on the 2-core runner).
 *
 * The image goes in as the shrunk decode, resized by sharp to 224×224 (squashed, as nsfwjs itself
 * would, but with proper anti-aliasing); transparency is flattened onto white.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '../core/image.js';
import type { CheckResult } from '../core/model.js';
import {
  importOptional,
  MissingRuntimeError,
  missingRuntimeMessage,
  resolveOptional,
} from '../core/optional-module.js';

export const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
export type NsfwClass = (typeof NSFW_CLASSES)[number];
export type NsfwWatched = 'Porn' | 'Hentai' | 'Sexy';
export type NsfwScores = Record<NsfwClass, number>;

/**
 * A class at or above its threshold fails the image. Sexy is held to a higher bar than Porn and
 * Hentai: it fires on swimwear and fashion, which many projects generate on purpose.
 */
export const DEFAULT_NSFW_THRESHOLDS: Record<NsfwWatched, number> = { Porn: 0.6, Hentai: 0.6, Sexy: 0.85 };

const SIZE = 224;
export const NSFW_MODEL = 'MobileNetV2Mid';

interface Loaded {
  classify(pixels: Int32Array): Promise<NsfwScores>;
  loadMs: number;
}

let loading: Promise<Loaded> | undefined;

/** The folder holding tfjs-backend-wasm's .wasm files, inside the installed package. */
export function wasmDirectory(): string {
  const main = resolveOptional('@tensorflow/tfjs-backend-wasm');
  if (!main) throw new MissingRuntimeError(missingRuntimeMessage('nsfw'));
  return `${path.dirname(main)}${path.sep}`;
}

async function load(): Promise<Loaded> {
  const started = performance.now();
  const tf = await importOptional<typeof import('@tensorflow/tfjs')>('@tensorflow/tfjs', 'nsfw');
  const wasm = await importOptional<typeof import('@tensorflow/tfjs-backend-wasm')>(
    '@tensorflow/tfjs-backend-wasm',
    'nsfw',
  );
  wasm.setWasmPaths(wasmDirectory());
  if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its wasm back end');
  await tf.ready();
  const nsfwjs = await importOptional<typeof import('nsfwjs')>('nsfwjs', 'nsfw');
  // nsfwjs announces the model it loads on console.info; keep the CLI's output ours.
  const info = console.info;
  console.info = () => {};
  let model: Awaited<ReturnType<typeof nsfwjs.load>>;
  try {
    model = await nsfwjs.load(NSFW_MODEL);
  } finally {
    console.info = info;
  }
  return {
    loadMs: performance.now() - started,
    async classify(pixels) {
      const input = tf.tensor3d(pixels, [SIZE, SIZE, 3], 'int32');
      try {
        const predictions = await model.classify(input, NSFW_CLASSES.length);
        const scores = Object.fromEntries(NSFW_CLASSES.map((c) => [c, 0])) as NsfwScores;
        for (const p of predictions) scores[p.className as NsfwClass] = p.probability;
        return scores;
      } finally {
        input.dispose();
      }
    },
  };
}

/** Loads the model if this process has not yet; resolves to the load time in ms (first call). */
export async function loadNsfwModel(): Promise<number> {
  loading ??= load().catch((error) => {
    loading = undefined; // let a later call try again
    throw error;
  });
  return (await loading).loadMs;
}

/** The five class probabilities (they sum to ≈ 1). */
export async function classifyNsfw(image: RawImage): Promise<NsfwScores> {
  await loadNsfwModel();
  const model = await (loading as Promise<Loaded>);
  return model.classify(await toModelInput(image));
}

async function toModelInput(image: RawImage): Promise<Int32Array> {
  const { data, width, height, channels } = image;
  const rgb = await sharp(data, { raw: { width, height, channels } })
    .flatten({ background: '#ffffff' })
    .resize(SIZE, SIZE, { fit: 'fill', kernel: 'lanczos3' })
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Int32Array(rgb);
}

/** The verdict for given probabilities: pure. */
export function nsfwCheck(
  scores: NsfwScores,
  thresholds: Partial<Record<NsfwWatched, number>> = {},
): CheckResult {
  const limits = { ...DEFAULT_NSFW_THRESHOLDS, ...thresholds };
  const watched = Object.keys(limits) as NsfwWatched[];
  const over = watched.filter((c) => scores[c] >= limits[c]);
  const value = watched.map((c) => `${c} ${scores[c].toFixed(3)}`).join(', ');
  const threshold = watched.map((c) => `${c} < ${limits[c]}`).join(', ');
  return {
    id: 'policy.nsfw',
    passed: over.length === 0,
    value,
    threshold,
    reason: over.length
      ? `NSFW classifier: ${over.map((c) => `${c} ${scores[c].toFixed(3)} ≥ ${limits[c]}`).join(', ')}`
      : `NSFW classifier: highest class ${topClass(scores)}`,
    severity: 'policy',
  };
}

function topClass(scores: NsfwScores): string {
  const [name, p] = Object.entries(scores).sort((a, b) => b[1] - a[1])[0] ?? ['?', 0];
  return `${name} ${p.toFixed(3)}`;
}

/**
 * Classifies and judges one image. A classifier that cannot run fails the check (a safety gate that
 * did not run has not passed), with the error as the reason.
 */
export async function checkNsfw(
  image: RawImage,
  thresholds?: Partial<Record<NsfwWatched, number>>,
): Promise<{ check: CheckResult; scores?: NsfwScores }> {
  try {
    const scores = await classifyNsfw(image);
    return { check: nsfwCheck(scores, thresholds), scores };
  } catch (error) {
    return {
      check: {
        id: 'policy.nsfw',
        passed: false,
        value: 'not run',
        threshold: 'classifier verdict',
        reason: `NSFW classifier failed: ${error instanceof Error ? error.message : String(error)}`,
        severity: 'policy',
      },
    };
  }
}
