import { byCodeUnit } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import type { EmbeddingRef } from '../core/model.js';
import { GenerationError } from './generator.js';

/**
 * A ComfyUI workflow in API format — `{ "<nodeId>": { class_type, inputs } }`, what "Export (API)"
 * writes — with placeholders the plan fills per job. The convention (examples/comfyui/README.md):
 *
 * - An input whose whole value is `"{{name}}"` becomes the job's value, typed: numbers for `seed`,
 *   `width`, `height`, `steps`, `cfg`, `denoise`; strings for `prompt`, `negative`, `checkpoint`,
 *   `sampler`, `scheduler`; `{{params.x}}` takes the asset's `params.x` as it is.
 * - `"{{name|default}}"` uses `default` when the job has no value (e.g. `{{steps|20}}`); a
 *   `{{params.x|default}}` keeps the default's JSON type (`{{params.strength|1}}` is the number 1).
 * - Inside a longer string, placeholders are replaced textually (`"masterpiece, {{prompt}}"`).
 * - LoRAs become a LoraLoader chain, hypernetworks a HypernetworkLoader, after the checkpoint
 *   loader; textual inversions are appended to the prompt as `embedding:name`.
 */
export interface ComfyNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}
export type ComfyGraph = Record<string, ComfyNode>;
export type ComfyLink = [string, number];

const NUMERIC = new Set(['seed', 'width', 'height', 'steps', 'cfg', 'denoise']);
const TEXT = new Set(['prompt', 'negative', 'checkpoint', 'sampler', 'scheduler']);
const TOKEN = /\{\{\s*([A-Za-z][\w.]*)\s*(?:\|([^}]*))?\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z][\w.]*)\s*(?:\|([^}]*))?\}\}$/;
const CHECKPOINT_LOADERS = new Set(['CheckpointLoaderSimple', 'CheckpointLoader', 'unCLIPCheckpointLoader']);

export interface WorkflowValues {
  prompt: string;
  negative: string;
  seed: number;
  width: number;
  height: number;
  steps?: number;
  cfg?: number;
  denoise?: number;
  checkpoint?: string;
  sampler?: string;
  scheduler?: string;
  params: Record<string, unknown>;
}

export interface Workflow {
  file: string;
  graph: ComfyGraph;
  /** Placeholder names used anywhere in the graph. */
  placeholders: Set<string>;
  /** The checkpoint the workflow names itself: a literal ckpt_name or a `{{checkpoint|default}}`. */
  checkpoint?: string;
}

/** Parses and checks a workflow file: JSON, API format, known placeholders. Bad input is an InputError. */
export function parseWorkflow(file: string, bytes: Buffer): Workflow {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new InputError({ file, message: `workflow is not valid JSON (${(error as Error).message})` });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError({ file, message: 'workflow must be a JSON object of nodes (ComfyUI API format)' });
  }
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.nodes) && 'links' in record) {
    throw new InputError({
      file,
      message: 'this is a ComfyUI UI workflow, not the API format',
      hint: 'in ComfyUI use Workflow → Export (API) (or "Save (API Format)" with dev mode on) and commit that file',
    });
  }
  const problems: { path: string; message: string }[] = [];
  const placeholders = new Set<string>();
  for (const [id, node] of Object.entries(record)) {
    const n = node as Partial<ComfyNode> | null;
    if (
      !n ||
      typeof n !== 'object' ||
      typeof n.class_type !== 'string' ||
      !n.inputs ||
      typeof n.inputs !== 'object'
    ) {
      problems.push({ path: id, message: `node "${id}" needs a class_type string and an inputs object` });
      continue;
    }
    for (const [input, value] of Object.entries(n.inputs)) {
      if (typeof value !== 'string') continue;
      for (const match of value.matchAll(TOKEN)) {
        const name = match[1] as string;
        if (!isKnownPlaceholder(name)) {
          problems.push({
            path: `${id}.inputs.${input}`,
            message: `unknown placeholder {{${name}}} in node ${id} (${n.class_type})`,
          });
        }
        placeholders.add(name);
      }
    }
  }
  if (problems.length) {
    throw new InputError(
      problems.map((p) => ({
        file,
        path: p.path,
        message: p.message,
        hint: `placeholders are ${[...TEXT, ...NUMERIC].map((x) => `{{${x}}}`).join(' ')} and {{params.NAME}}`,
      })),
    );
  }
  const graph = record as ComfyGraph;
  if (!placeholders.has('prompt')) {
    throw new InputError({
      file,
      message: 'the workflow has no {{prompt}} placeholder, so every asset would get the same image',
      hint: 'put "{{prompt}}" as the text of the positive CLIPTextEncode node',
    });
  }
  return { file, graph, placeholders, checkpoint: workflowCheckpoint(graph) };
}

function isKnownPlaceholder(name: string): boolean {
  return NUMERIC.has(name) || TEXT.has(name) || /^params\.[A-Za-z_]\w*$/.test(name);
}

/** The loader LoRAs attach to: the one that takes `{{checkpoint}}`, else the first by node id. */
export function checkpointLoader(graph: ComfyGraph): string | undefined {
  const loaders = Object.keys(graph)
    .filter((id) => CHECKPOINT_LOADERS.has(graph[id]?.class_type ?? ''))
    .sort(compareIds);
  return (
    loaders.find((id) => {
      const name = graph[id]?.inputs.ckpt_name;
      return typeof name === 'string' && WHOLE.exec(name)?.[1] === 'checkpoint';
    }) ?? loaders[0]
  );
}

function workflowCheckpoint(graph: ComfyGraph): string | undefined {
  const id = checkpointLoader(graph);
  const name = id ? graph[id]?.inputs.ckpt_name : undefined;
  if (typeof name !== 'string') return undefined;
  const whole = WHOLE.exec(name);
  if (!whole) return name;
  return whole[1] === 'checkpoint' && whole[2] ? whole[2].trim() : undefined;
}

/**
 * The graph for one job: placeholders filled, LoRAs and hypernetworks chained in. A placeholder with
 * neither a value nor a default is a permanent error naming the node, its class and the input.
 */
export function buildGraph(
  workflow: Workflow,
  values: WorkflowValues,
  embeddings: EmbeddingRef[],
): ComfyGraph {
  const inversions = embeddings.filter((e) => e.kind === 'textual-inversion');
  const prompt = [
    values.prompt,
    ...inversions.map((e) => (e.weight === 1 ? `embedding:${e.name}` : `(embedding:${e.name}:${e.weight})`)),
  ]
    .filter(Boolean)
    .join(', ');
  const lookup = (name: string): unknown => {
    if (name.startsWith('params.')) return values.params[name.slice('params.'.length)];
    if (name === 'prompt') return prompt;
    if (name === 'cfg') return values.cfg;
    return (values as unknown as Record<string, unknown>)[name];
  };
  const graph: ComfyGraph = {};
  for (const [id, node] of Object.entries(workflow.graph)) {
    const inputs: Record<string, unknown> = {};
    for (const [input, value] of Object.entries(node.inputs)) {
      inputs[input] =
        typeof value === 'string'
          ? fill(value, lookup, `node ${id} (${node.class_type}) input ${input}`)
          : value;
    }
    graph[id] = { ...node, inputs: structuredClone(inputs) };
  }
  return chainNetworks(graph, embeddings);
}

function fill(value: string, lookup: (name: string) => unknown, where: string): unknown {
  const resolve = (name: string, fallback: string | undefined): unknown => {
    const found = lookup(name);
    if (found !== undefined && found !== null && found !== '') return found;
    if (fallback !== undefined) return defaultValue(name, fallback.trim());
    if (name === 'negative') return '';
    const field = name === 'cfg' ? 'cfgScale' : name;
    throw new GenerationError(
      `comfyui: ${where} uses {{${name}}} but the job has no ${name}; set ${field}: in the manifest or write {{${name}|DEFAULT}} in the workflow`,
      'permanent',
    );
  };
  const whole = WHOLE.exec(value);
  if (whole) {
    const name = whole[1] as string;
    const resolved = resolve(name, whole[2]);
    if (NUMERIC.has(name)) {
      const number = typeof resolved === 'number' ? resolved : Number(resolved);
      if (!Number.isFinite(number))
        throw new GenerationError(
          `comfyui: ${where}: {{${name}}} must be a number, not ${JSON.stringify(resolved)}`,
          'permanent',
        );
      return number;
    }
    return resolved;
  }
  return value.replace(TOKEN, (_, name: string, fallback: string | undefined) =>
    String(resolve(name, fallback)),
  );
}

/**
 * A placeholder's `|default` as the node expects it: a number for numeric placeholders, text for
 * the text ones, and for `{{params.x|…}}` its JSON type (`1` the number, `true` the boolean, `"1"`
 * and anything not JSON the text), as a value in the workflow itself would be.
 */
function defaultValue(name: string, text: string): unknown {
  if (NUMERIC.has(name)) return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  if (TEXT.has(name) || text === '') return text;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value === 'object' ? text : value;
  } catch {
    return text;
  }
}

/** Inserts LoraLoader (model + clip) and HypernetworkLoader (model) nodes after the checkpoint loader. */
export function chainNetworks(graph: ComfyGraph, embeddings: EmbeddingRef[]): ComfyGraph {
  const loras = embeddings.filter((e) => e.kind === 'lora');
  const hypernetworks = embeddings.filter((e) => e.kind === 'hypernetwork');
  if (!loras.length && !hypernetworks.length) return graph;
  const loader = checkpointLoader(graph);
  if (!loader) {
    throw new GenerationError(
      `comfyui: the workflow has no ${[...CHECKPOINT_LOADERS].join('/')} node to attach LoRAs or hypernetworks to`,
      'permanent',
    );
  }
  let next = Math.max(0, ...Object.keys(graph).map((id) => (/^\d+$/.test(id) ? Number(id) : 0))) + 1;
  const newId = () => {
    while (String(next) in graph) next++;
    return String(next++);
  };
  let model: ComfyLink = [loader, 0];
  let clip: ComfyLink = [loader, 1];
  const added = new Set<string>();
  for (const lora of loras) {
    const id = newId();
    graph[id] = {
      class_type: 'LoraLoader',
      inputs: { model, clip, lora_name: lora.name, strength_model: lora.weight, strength_clip: lora.weight },
      _meta: { title: `genops LoRA ${lora.name}` },
    };
    added.add(id);
    model = [id, 0];
    clip = [id, 1];
  }
  for (const hypernetwork of hypernetworks) {
    const id = newId();
    graph[id] = {
      class_type: 'HypernetworkLoader',
      inputs: { model, hypernetwork_name: hypernetwork.name, strength: hypernetwork.weight },
      _meta: { title: `genops hypernetwork ${hypernetwork.name}` },
    };
    added.add(id);
    model = [id, 0];
  }
  // Every consumer of the loader's MODEL and CLIP now reads the end of the chain (VAE stays direct).
  for (const [id, node] of Object.entries(graph)) {
    if (added.has(id)) continue;
    for (const [input, value] of Object.entries(node.inputs)) {
      if (!isLink(value) || value[0] !== loader) continue;
      if (value[1] === 0) node.inputs[input] = [...model];
      else if (value[1] === 1) node.inputs[input] = [...clip];
    }
  }
  return graph;
}

export function isLink(value: unknown): value is ComfyLink {
  return (
    Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number'
  );
}

/** Numeric ids in numeric order, then the rest by text: "2" < "10" < "a". */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : Number.NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : Number.NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return byCodeUnit(a, b);
}

/** The seed the graph will sample with (KSampler `seed`, KSamplerAdvanced/RandomNoise `noise_seed`). */
export function graphSeed(graph: ComfyGraph): number | undefined {
  for (const id of Object.keys(graph).sort(compareIds)) {
    const inputs = graph[id]?.inputs ?? {};
    for (const name of ['seed', 'noise_seed'])
      if (typeof inputs[name] === 'number') return inputs[name] as number;
  }
  return undefined;
}
