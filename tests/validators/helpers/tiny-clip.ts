/**
 * Builds a tiny CLIP model folder with the real file names, tensor names and shapes:
 *
 * vision_model.onnx   pixel_values [1,3,224,224] → AveragePool 56×56 → [1,3,4,4] → Reshape [1,48]
 *                     → MatMul proj [48,D] → image_embeds [1,D]
 * text_model.onnx     input_ids [1,L] → Gather(embed [V,D]) → × attention_mask → ReduceSum over L
 *                     → text_embeds [1,D]   (or, `fixedLength`, input_ids [1,77] only, pads summed too)
 * vocab.json + merges.txt (or tokenizer.json), aesthetic.json {w, b}
 *
 * It returns the weights and the vocabulary so tests compute expected values on their own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rng } from './images.js';
import { DataType, encodeModel } from './onnx.js';

/** Single characters of the test vocabulary (ASCII map to themselves in CLIP's byte alphabet). */
const CHARS = [..."abcdefghijklmnopqrstuvwxyz0123456789!,.'", 'Ã', '©'];
/** Merges in rank order. */
export const MERGES: [string, string][] = [
  ['c', 'a'],
  ['ca', 't</w>'],
  ['d', 'o'],
  ['do', 'g</w>'],
  ['p', 'h'],
  ['ph', 'o'],
  ['t', 'o</w>'],
  ['pho', 'to</w>'],
  ['a', 'b'],
  ['b', 'c</w>'],
  ['r', 'e'],
  ['re', 'd</w>'],
];

export function testVocab(): Map<string, number> {
  const tokens = [
    ...CHARS,
    ...CHARS.map((c) => `${c}</w>`),
    ...MERGES.map(([a, b]) => a + b),
    '<|startoftext|>',
    '<|endoftext|>',
  ];
  return new Map(tokens.map((t, i) => [t, i]));
}

export interface TinyClip {
  dir: string;
  dims: number;
  vocab: Map<string, number>;
  /** [48][D] */
  proj: number[][];
  /** [V][D] */
  embed: number[][];
  head: { w: number[]; b: number };
}

export interface TinyClipOptions {
  dims?: number;
  seed?: number;
  /** Write tokenizer.json and put the models in onnx/ (the transformers.js layout). */
  hfLayout?: boolean;
  /** Text model with a fixed [1,77] input and no attention_mask. */
  fixedLength?: boolean;
  /** Flip the sign of the text embeddings (cosine below zero). */
  negateText?: boolean;
  aesthetic?: boolean | { w: number[]; b: number };
  /** Output name of the vision model (to test the error for a wrong one). */
  imageOutput?: string;
}

export async function buildTinyClip(dir: string, options: TinyClipOptions = {}): Promise<TinyClip> {
  const dims = options.dims ?? 768;
  const next = rng(options.seed ?? 42);
  const vocab = testVocab();
  // Positive weights: bright images and any text then have clearly positive cosine similarity.
  const proj = Array.from({ length: 48 }, () => Array.from({ length: dims }, () => next()));
  const sign = options.negateText ? -1 : 1;
  const embed = Array.from({ length: vocab.size }, () => Array.from({ length: dims }, () => sign * next()));
  const head =
    typeof options.aesthetic === 'object'
      ? options.aesthetic
      : { w: Array.from({ length: dims }, () => next() * 2 - 1), b: 5.5 };

  const modelDir = options.hfLayout ? path.join(dir, 'onnx') : dir;
  await mkdir(modelDir, { recursive: true });

  const vision = encodeModel({
    nodes: [
      {
        op: 'AveragePool',
        inputs: ['pixel_values'],
        outputs: ['pooled'],
        attributes: {
          kernel_shape: { kind: 'ints', value: [56, 56] },
          strides: { kind: 'ints', value: [56, 56] },
        },
      },
      { op: 'Reshape', inputs: ['pooled', 'flat_shape'], outputs: ['flat'] },
      { op: 'MatMul', inputs: ['flat', 'proj'], outputs: [options.imageOutput ?? 'image_embeds'] },
    ],
    initializers: [
      { name: 'flat_shape', dims: [2], values: [1, 48], int64: true },
      { name: 'proj', dims: [48, dims], values: proj.flat() },
    ],
    inputs: [{ name: 'pixel_values', elemType: DataType.FLOAT, shape: [1, 3, 224, 224] }],
    outputs: [{ name: options.imageOutput ?? 'image_embeds', elemType: DataType.FLOAT, shape: [1, dims] }],
  });

  const text = options.fixedLength
    ? encodeModel({
        nodes: [
          { op: 'Gather', inputs: ['embed', 'input_ids'], outputs: ['tokens'] },
          {
            op: 'ReduceSum',
            inputs: ['tokens', 'seq_axis'],
            outputs: ['text_embeds'],
            attributes: { keepdims: { kind: 'int', value: 0 } },
          },
        ],
        initializers: [
          { name: 'embed', dims: [vocab.size, dims], values: embed.flat() },
          { name: 'seq_axis', dims: [1], values: [1], int64: true },
        ],
        inputs: [{ name: 'input_ids', elemType: DataType.INT64, shape: [1, 77] }],
        outputs: [{ name: 'text_embeds', elemType: DataType.FLOAT, shape: [1, dims] }],
      })
    : encodeModel({
        nodes: [
          { op: 'Gather', inputs: ['embed', 'input_ids'], outputs: ['tokens'] },
          {
            op: 'Cast',
            inputs: ['attention_mask'],
            outputs: ['mask_f'],
            attributes: { to: { kind: 'int', value: DataType.FLOAT } },
          },
          { op: 'Unsqueeze', inputs: ['mask_f', 'last_axis'], outputs: ['mask_3d'] },
          { op: 'Mul', inputs: ['tokens', 'mask_3d'], outputs: ['masked'] },
          {
            op: 'ReduceSum',
            inputs: ['masked', 'seq_axis'],
            outputs: ['text_embeds'],
            attributes: { keepdims: { kind: 'int', value: 0 } },
          },
        ],
        initializers: [
          { name: 'embed', dims: [vocab.size, dims], values: embed.flat() },
          { name: 'last_axis', dims: [1], values: [2], int64: true },
          { name: 'seq_axis', dims: [1], values: [1], int64: true },
        ],
        inputs: [
          { name: 'input_ids', elemType: DataType.INT64, shape: ['batch', 'sequence'] },
          { name: 'attention_mask', elemType: DataType.INT64, shape: ['batch', 'sequence'] },
        ],
        outputs: [{ name: 'text_embeds', elemType: DataType.FLOAT, shape: ['batch', dims] }],
      });

  await writeFile(path.join(modelDir, 'vision_model.onnx'), vision);
  await writeFile(path.join(modelDir, 'text_model.onnx'), text);
  if (options.hfLayout) {
    const tokenizer = {
      version: '1.0',
      added_tokens: [
        { id: vocab.get('<|startoftext|>'), content: '<|startoftext|>', special: true },
        { id: vocab.get('<|endoftext|>'), content: '<|endoftext|>', special: true },
      ],
      model: { type: 'BPE', vocab: Object.fromEntries(vocab), merges: MERGES.map(([a, b]) => `${a} ${b}`) },
    };
    await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  } else {
    await writeFile(path.join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(vocab)));
    await writeFile(
      path.join(dir, 'merges.txt'),
      `#version: 0.2\n${MERGES.map((m) => m.join(' ')).join('\n')}\n`,
    );
  }
  if (options.aesthetic !== false) await writeFile(path.join(dir, 'aesthetic.json'), JSON.stringify(head));
  return { dir, dims, vocab, proj, embed, head };
}
