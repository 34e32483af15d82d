import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { createCaller } from '../../src/generators/caller.js';
import { describeRejection } from '../../src/generators/comfyui.js';
import { buildGraph, parseWorkflow } from '../../src/generators/comfyui-workflow.js';
import { GenerationError } from '../../src/generators/generator.js';
import { CHECKPOINTS, type ComfyPeer, LORAS, startComfyPeer } from '../peers/comfyui-peer.js';
import { ctx, dimensions, generatorFor, makeJob, rejection } from './helpers.js';

const EXAMPLE = path.resolve('examples/comfyui/workflow.json');
let peer: ComfyPeer;
let dir: string;
let exampleBytes: Buffer;

beforeAll(async () => {
  peer = await startComfyPeer();
  dir = await mkdtemp(path.join(tmpdir(), 'genops-comfy-'));
  exampleBytes = await readFile(EXAMPLE);
  await writeFile(path.join(dir, 'workflow.json'), exampleBytes);
});
afterAll(async () => {
  await peer.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  peer.graphs.length = 0;
  peer.silentSocket = false;
  peer.refuseSocket = false;
});

const gen = (config: Record<string, unknown> = {}) =>
  generatorFor(
    {
      type: 'comfyui',
      url: peer.url,
      workflow: 'workflow.json',
      checkpoint: CHECKPOINTS[0],
      pollIntervalMs: 20,
      ...config,
    },
    {},
    dir,
  );

const values = {
  prompt: 'a fox',
  negative: 'blur',
  seed: 99,
  width: 512,
  height: 768,
  checkpoint: 'model.safetensors',
  params: { denoise: 0.5 },
};

describe('comfyui workflow placeholders', () => {
  it('fills typed values, defaults and placeholders inside longer strings', () => {
    const workflow = parseWorkflow(
      'w.json',
      Buffer.from(
        JSON.stringify({
          '1': { class_type: 'CLIPTextEncode', inputs: { text: 'masterpiece, {{prompt}} ({{width}}px)' } },
          '2': {
            class_type: 'KSampler',
            inputs: {
              seed: '{{seed}}',
              steps: '{{steps|30}}',
              cfg: '{{cfg|6.5}}',
              denoise: '{{params.denoise}}',
              sampler_name: '{{sampler|euler}}',
            },
          },
          '3': { class_type: 'EmptyLatentImage', inputs: { width: '{{width}}', height: '{{height}}' } },
        }),
      ),
    );
    const graph = buildGraph(workflow, values, []);
    expect(graph['1']?.inputs.text).toBe('masterpiece, a fox (512px)');
    expect(graph['2']?.inputs).toEqual({
      seed: 99,
      steps: 30,
      cfg: 6.5,
      denoise: 0.5,
      sampler_name: 'euler',
    });
    expect(graph['3']?.inputs).toEqual({ width: 512, height: 768 });
    expect(buildGraph(workflow, { ...values, steps: 12, cfg: 3 }, [])['2']?.inputs).toMatchObject({
      steps: 12,
      cfg: 3,
    });
    // The parsed workflow is never mutated.
    expect(workflow.graph['2']?.inputs.seed).toBe('{{seed}}');
  });

  it('a params default keeps its JSON type: numbers and booleans as such, quoted and other text as text', () => {
    const workflow = parseWorkflow(
      'w.json',
      Buffer.from(
        JSON.stringify({
          '1': { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } },
          '2': {
            class_type: 'LoraLoaderModelOnly',
            inputs: {
              strength_model: '{{params.strength|1}}',
              scale: '{{params.scale|0.75}}',
              tiled: '{{params.tiled|false}}',
              label: '{{params.label|"7"}}',
              lora_name: '{{params.lora|detail.safetensors}}',
              note: 'x{{params.strength|1}}',
            },
          },
        }),
      ),
    );
    const inputs = buildGraph(workflow, { ...values, params: {} }, [])['2']?.inputs;
    expect(inputs).toEqual({
      strength_model: 1,
      scale: 0.75,
      tiled: false,
      label: '7',
      lora_name: 'detail.safetensors',
      note: 'x1',
    });
    // A value the asset sets still wins, as it is.
    expect(
      buildGraph(workflow, { ...values, params: { strength: 0.4 } }, [])['2']?.inputs.strength_model,
    ).toBe(0.4);
  });

  it('a placeholder without value or default is a permanent error naming node, class and input', () => {
    const workflow = parseWorkflow(
      'w.json',
      Buffer.from(
        JSON.stringify({
          '1': { class_type: 'KSampler', inputs: { text: '{{prompt}}', steps: '{{steps}}' } },
        }),
      ),
    );
    let error: unknown;
    try {
      buildGraph(workflow, values, []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as Error).message).toBe(
      'comfyui: node 1 (KSampler) input steps uses {{steps}} but the job has no steps; set steps: in the manifest or write {{steps|DEFAULT}} in the workflow',
    );
  });

  it('rejects UI-format files, unknown placeholders and workflows without {{prompt}} as input errors', () => {
    const ui = Buffer.from(JSON.stringify({ nodes: [], links: [], version: 0.4 }));
    expect(() => parseWorkflow('ui.json', ui)).toThrow(/UI workflow, not the API format/);
    const typo = Buffer.from(JSON.stringify({ '1': { class_type: 'X', inputs: { text: '{{promt}}' } } }));
    expect(() => parseWorkflow('t.json', typo)).toThrow(InputError);
    expect(() => parseWorkflow('t.json', typo)).toThrow(/unknown placeholder \{\{promt\}\} in node 1 \(X\)/);
    const none = Buffer.from(JSON.stringify({ '1': { class_type: 'X', inputs: { text: 'fixed' } } }));
    expect(() => parseWorkflow('n.json', none)).toThrow(/no \{\{prompt\}\} placeholder/);
  });

  it('chains LoRAs then hypernetworks after the checkpoint loader and rewires MODEL and CLIP consumers', () => {
    const workflow = parseWorkflow('example.json', exampleBytes);
    const graph = buildGraph(workflow, values, [
      { kind: 'lora', name: 'a.safetensors', weight: 0.7 },
      { kind: 'lora', name: 'b.safetensors', weight: -0.3 },
      { kind: 'hypernetwork', name: 'h.pt', weight: 0.5 },
      { kind: 'textual-inversion', name: 'ti', weight: 1.1 },
    ]);
    expect(graph['10']).toMatchObject({
      class_type: 'LoraLoader',
      inputs: {
        model: ['4', 0],
        clip: ['4', 1],
        lora_name: 'a.safetensors',
        strength_model: 0.7,
        strength_clip: 0.7,
      },
    });
    expect(graph['11']?.inputs).toMatchObject({
      model: ['10', 0],
      clip: ['10', 1],
      lora_name: 'b.safetensors',
    });
    expect(graph['12']).toMatchObject({
      class_type: 'HypernetworkLoader',
      inputs: { model: ['11', 0], strength: 0.5 },
    });
    expect(graph['3']?.inputs.model).toEqual(['12', 0]);
    expect(graph['6']?.inputs.clip).toEqual(['11', 1]);
    expect(graph['7']?.inputs.clip).toEqual(['11', 1]);
    expect(graph['8']?.inputs.vae).toEqual(['4', 2]);
    expect(graph['6']?.inputs.text).toBe('a fox, (embedding:ti:1.1)');
  });
});

describe('comfyui generator against the peer', () => {
  it('submits the filled graph, follows the socket and returns the image from /view', async () => {
    const g = gen();
    const sockets = peer.sockets;
    const job = makeJob(g, {
      prompt: 'a castle',
      negativePrompt: 'fog',
      width: 96,
      height: 64,
      seed: 4242,
      steps: 8,
    });
    const result = await g.generate(job, ctx());
    expect(peer.sockets).toBe(sockets + 1);
    const graph = peer.graphs[0];
    expect(graph?.['3']?.inputs).toMatchObject({
      seed: 4242,
      steps: 8,
      cfg: 7,
      sampler_name: 'euler',
      scheduler: 'normal',
    });
    expect(graph?.['4']?.inputs.ckpt_name).toBe(CHECKPOINTS[0]);
    expect(graph?.['6']?.inputs.text).toBe('a castle');
    expect(graph?.['7']?.inputs.text).toBe('fog');
    expect(await dimensions(result.bytes)).toEqual({ width: 96, height: 64, format: 'png' });
    expect(result.facts).toMatchObject({ seed: 4242, model: CHECKPOINTS[0], reproducible: true });
  });

  it('learns completion from the socket, polling history only as a safety net', async () => {
    const slow = await startComfyPeer({ latencyMs: 300 });
    try {
      const config = {
        type: 'comfyui',
        url: slow.url,
        workflow: 'workflow.json',
        checkpoint: CHECKPOINTS[0],
        pollIntervalMs: 20,
      };
      const g = generatorFor(config, {}, dir);
      await g.generate(makeJob(g, { width: 64, height: 64 }), ctx());
      // 300 ms at one safety poll per 100 ms, plus the poll the end event triggers.
      expect(slow.historyRequests).toBeLessThanOrEqual(6);
      slow.silentSocket = true;
      const before = slow.historyRequests;
      await g.generate(makeJob(g, { width: 64, height: 64, prompt: 'again' }), ctx());
      expect(slow.historyRequests - before).toBeGreaterThanOrEqual(2);
    } finally {
      await slow.close();
    }
  });

  it('falls back to polling /history when the socket stays silent or cannot connect', async () => {
    const g = gen();
    peer.silentSocket = true;
    const silent = await g.generate(makeJob(g, { width: 64, height: 64, prompt: 'silent' }), ctx());
    expect(silent.mediaType).toBe('image/png');
    peer.silentSocket = false;
    peer.refuseSocket = true;
    const refused = await g.generate(
      makeJob(g, { width: 64, height: 64, prompt: 'refused', format: 'webp' }),
      ctx(),
    );
    expect(await dimensions(refused.bytes)).toEqual({ width: 64, height: 64, format: 'webp' });
  });

  it('sends LoRAs through the server validation as a LoraLoader chain', async () => {
    const g = gen();
    await g.generate(
      makeJob(g, {
        width: 64,
        height: 64,
        embeddings: [{ kind: 'lora', name: LORAS[0] as string, weight: 0.8 }],
      }),
      ctx(),
    );
    expect(peer.graphs[0]?.['10']).toMatchObject({
      class_type: 'LoraLoader',
      inputs: { lora_name: LORAS[0] },
    });
    expect(peer.graphs[0]?.['3']?.inputs.model).toEqual(['10', 0]);
  });

  it('a 400 names the node ids, class types and input names', async () => {
    const g = gen({ checkpoint: 'missing.safetensors' });
    const error = await rejection(g.generate(makeJob(g, { width: 64, height: 64 }), ctx()));
    expect(error).toMatchObject({ kind: 'permanent', options: { status: 400 } });
    expect(error.message).toContain(
      'comfyui rejected workflow.json (400): prompt_outputs_failed_validation: Prompt outputs failed validation',
    );
    expect(error.message).toContain(
      "node 4 (CheckpointLoaderSimple) input ckpt_name: Value not in list — ckpt_name: 'missing.safetensors' not in",
    );
  });

  it('formats the old and new error shapes, including node_errors as []', () => {
    expect(describeRejection('w.json', '{"error":"no prompt","node_errors":[]}')).toBe(
      'comfyui rejected w.json (400): no prompt',
    );
    expect(
      describeRejection(
        'w.json',
        JSON.stringify({
          error: {
            type: 'invalid_prompt',
            message: 'Cannot execute because node Foo does not exist.',
            details: "Node ID '#12'",
          },
          node_errors: [],
        }),
      ),
    ).toBe(
      "comfyui rejected w.json (400): invalid_prompt: Cannot execute because node Foo does not exist. — Node ID '#12'",
    );
  });

  it('preflight lists missing checkpoints, LoRAs and node classes with what the server has', async () => {
    const g = gen({ checkpoint: 'juggernaut.safetensors' });
    const job = makeJob(g, {
      embeddings: [
        { kind: 'lora', name: 'nope.safetensors', weight: 1 },
        { kind: 'hypernetwork', name: 'h.pt', weight: 1 },
      ],
    });
    const error = await rejection(g.preflight?.([job], ctx()) ?? Promise.resolve());
    expect(error.message).toContain(
      `CheckpointLoaderSimple.ckpt_name: "juggernaut.safetensors" not available; the server has: ${CHECKPOINTS.join(', ')}`,
    );
    expect(error.message).toContain(
      `LoraLoader.lora_name: "nope.safetensors" not available; the server has: ${LORAS.join(', ')}`,
    );
    expect(error.message).toContain('node class HypernetworkLoader (node 11) is not installed');
    expect(peer.graphs).toHaveLength(0);
    const ok = gen();
    await ok.preflight?.(
      [makeJob(ok, { embeddings: [{ kind: 'lora', name: LORAS[1] as string, weight: 1 }] })],
      ctx(),
    );
  });

  it('an execution_error is permanent and names the node; a truncated /view is transient', async () => {
    const g = gen();
    peer.failExecutionNext();
    const error = await rejection(g.generate(makeJob(g, { width: 64, height: 64, prompt: 'boom' }), ctx()));
    expect(error.kind).toBe('permanent');
    expect(error.message).toBe(
      'comfyui: node 3 (KSampler) failed: RuntimeError: Expected all tensors to be on the same device',
    );
    peer.faults.failNext('truncate');
    expect(
      (await rejection(g.generate(makeJob(g, { width: 64, height: 64, prompt: 'cut' }), ctx()))).kind,
    ).toBe('transient');
  });

  it('a timeout cancels the prompt on the server and the caller retries it', async () => {
    const slow = await startComfyPeer({ latencyMs: 400 });
    try {
      const g = generatorFor(
        {
          type: 'comfyui',
          url: slow.url,
          workflow: 'workflow.json',
          checkpoint: CHECKPOINTS[0],
          pollIntervalMs: 20,
          timeoutSeconds: 0.15,
          retries: 1,
        },
        {},
        dir,
      );
      const outcome = await createCaller(g, { minRetryDelayMs: 1 }).call(
        makeJob(g, { width: 64, height: 64 }),
        new AbortController().signal,
      );
      expect(outcome.failure).toMatchObject({ kind: 'timeout', attempts: 2 });
      // The cancel is sent after the attempt gave up; on a loaded machine it may take a moment.
      for (let waited = 0; slow.cancelled.length === 0 && waited < 3000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      expect(slow.cancelled.length).toBeGreaterThanOrEqual(1);
    } finally {
      await slow.close();
    }
  });

  it('identity: checkpoint as model, sha256 of the workflow bytes; a changed file changes it', async () => {
    const id = gen().identity();
    expect(id).toEqual({
      type: 'comfyui',
      model: CHECKPOINTS[0],
      endpointClass: 'comfyui',
      workflowHash: createHash('sha256').update(exampleBytes).digest('hex'),
      version: '1',
    });
    await writeFile(path.join(dir, 'other.json'), Buffer.concat([exampleBytes, Buffer.from('\n')]));
    expect(gen({ workflow: 'other.json' }).identity().workflowHash).not.toBe(id.workflowHash);
  });

  it('a missing workflow file or checkpoint is an input error at construction', () => {
    expect(() => gen({ workflow: 'nope.json' })).toThrow(
      /cannot read the workflow of generator "test" \(ENOENT\)/,
    );
    expect(() => gen({ checkpoint: undefined })).toThrow(
      /uses \{\{checkpoint\}\} but generator "test" sets no checkpoint/,
    );
  });
});
