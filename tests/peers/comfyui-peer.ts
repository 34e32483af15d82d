import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import {
  admit,
  delay,
  FaultPlan,
  listen,
  makeImage,
  newStats,
  type Peer,
  type PeerOptions,
  PNG_START,
  RateLimiter,
  sendBytes,
  sendJson,
  streamHuge,
  truncated,
} from './common.js';

/**
 * ComfyUI (reference/backends.md §1): POST /prompt validates the graph against its node classes
 * (400 with `error` + `node_errors` per node id, or invalid_prompt for an unknown class), then one
 * worker runs prompts in order, sending WS events on /ws?clientId= (execution_start, executing,
 * progress, executed, execution_success, then history, then executing node=null). GET /history/{id},
 * /view, /object_info (classic `[[…], {}]` combos for checkpoints, `["COMBO", {options}]` for LoRAs),
 * /queue, /interrupt. Routes also under /api.
 *
 * Extra faults: `silentSocket` sends no WS events (the client must poll), `executionError` makes the
 * next prompt fail in KSampler.
 */
export interface ComfyPeer extends Peer {
  /** Graphs accepted, in order. */
  graphs: Record<string, { class_type: string; inputs: Record<string, unknown> }>[];
  silentSocket: boolean;
  /** Refuse WebSocket upgrades altogether. */
  refuseSocket: boolean;
  failExecutionNext(count?: number): void;
  /** Prompt ids deleted from the queue or interrupted. */
  cancelled: string[];
  sockets: number;
  /** GET /history/{id} requests served. */
  historyRequests: number;
}

export const CHECKPOINTS = ['sd_xl_base_1.0.safetensors', 'dreamshaper_8.safetensors'];
export const LORAS = ['pixel-art-xl.safetensors', 'add_detail.safetensors'];

type Spec = [unknown, Record<string, unknown>?];
const OBJECT_INFO: Record<
  string,
  { input: { required: Record<string, Spec> }; output: string[]; output_node?: boolean }
> = {
  CheckpointLoaderSimple: {
    input: { required: { ckpt_name: [CHECKPOINTS, {}] } },
    output: ['MODEL', 'CLIP', 'VAE'],
  },
  LoraLoader: {
    input: {
      required: {
        model: ['MODEL'],
        clip: ['CLIP'],
        lora_name: ['COMBO', { options: LORAS }],
        strength_model: ['FLOAT', { default: 1, min: -100, max: 100 }],
        strength_clip: ['FLOAT', { default: 1, min: -100, max: 100 }],
      },
    },
    output: ['MODEL', 'CLIP'],
  },
  CLIPTextEncode: {
    input: { required: { text: ['STRING', { multiline: true }], clip: ['CLIP'] } },
    output: ['CONDITIONING'],
  },
  EmptyLatentImage: {
    input: {
      required: {
        width: ['INT', { default: 512, min: 16, max: 16384 }],
        height: ['INT', { default: 512, min: 16, max: 16384 }],
        batch_size: ['INT', { default: 1, min: 1, max: 4096 }],
      },
    },
    output: ['LATENT'],
  },
  KSampler: {
    input: {
      required: {
        model: ['MODEL'],
        seed: ['INT', { default: 0, min: 0, max: 2 ** 64 - 1 }],
        steps: ['INT', { default: 20, min: 1, max: 10000 }],
        cfg: ['FLOAT', { default: 8, min: 0, max: 100 }],
        sampler_name: [['euler', 'euler_ancestral', 'dpmpp_2m'], {}],
        scheduler: [['normal', 'karras', 'simple'], {}],
        positive: ['CONDITIONING'],
        negative: ['CONDITIONING'],
        latent_image: ['LATENT'],
        denoise: ['FLOAT', { default: 1, min: 0, max: 1 }],
      },
    },
    output: ['LATENT'],
  },
  VAEDecode: { input: { required: { samples: ['LATENT'], vae: ['VAE'] } }, output: ['IMAGE'] },
  SaveImage: {
    input: { required: { images: ['IMAGE'], filename_prefix: ['STRING', { default: 'ComfyUI' }] } },
    output: [],
    output_node: true,
  },
};

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;
interface NodeErrorItem {
  type: string;
  message: string;
  details: string;
  extra_info: Record<string, unknown>;
}

function validate(graph: Graph): { status: 200 } | { status: 400; body: unknown } {
  for (const [id, node] of Object.entries(graph)) {
    if (!node || typeof node.class_type !== 'string') {
      return {
        status: 400,
        body: {
          error: {
            type: 'invalid_prompt',
            message: 'Cannot execute because a node is missing the class_type property.',
            details: `Node ID '#${id}'`,
            extra_info: {},
          },
          node_errors: [],
        },
      };
    }
    if (!OBJECT_INFO[node.class_type]) {
      return {
        status: 400,
        body: {
          error: {
            type: 'invalid_prompt',
            message: `Cannot execute because node ${node.class_type} does not exist.`,
            details: `Node ID '#${id}'`,
            extra_info: {},
          },
          node_errors: {},
        },
      };
    }
  }
  const outputs = Object.keys(graph).filter((id) => OBJECT_INFO[graph[id]?.class_type ?? '']?.output_node);
  if (!outputs.length) {
    return {
      status: 400,
      body: {
        error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} },
        node_errors: [],
      },
    };
  }
  const nodeErrors: Record<
    string,
    { errors: NodeErrorItem[]; dependent_outputs: string[]; class_type: string }
  > = {};
  for (const [id, node] of Object.entries(graph)) {
    const spec = OBJECT_INFO[node.class_type];
    const errors: NodeErrorItem[] = [];
    for (const [input, config] of Object.entries(spec?.input.required ?? {})) {
      const value = node.inputs[input];
      const info = { input_name: input, input_config: config, received_value: value };
      if (value === undefined) {
        errors.push({
          type: 'required_input_missing',
          message: 'Required input is missing',
          details: input,
          extra_info: { input_name: input },
        });
        continue;
      }
      if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string') {
        const source = graph[value[0]];
        const type = source ? OBJECT_INFO[source.class_type]?.output[value[1] as number] : undefined;
        const expected = Array.isArray(config[0]) || config[0] === 'COMBO' ? undefined : config[0];
        if (!source || (expected && type !== expected)) {
          errors.push({
            type: 'return_type_mismatch',
            message: 'Return type mismatch between linked nodes',
            details: `${input}, received_type(${type ?? 'missing node'}) mismatch input_type(${String(expected)})`,
            extra_info: info,
          });
        }
        continue;
      }
      const choices = Array.isArray(config[0])
        ? (config[0] as string[])
        : config[0] === 'COMBO'
          ? ((config[1]?.options as string[]) ?? [])
          : undefined;
      if (choices) {
        if (!choices.includes(String(value))) {
          errors.push({
            type: 'value_not_in_list',
            message: 'Value not in list',
            details: `${input}: '${value}' not in ${JSON.stringify(choices)}`,
            extra_info: info,
          });
        }
      } else if (config[0] === 'INT' || config[0] === 'FLOAT') {
        if (typeof value !== 'number' || (config[0] === 'INT' && !Number.isInteger(value))) {
          errors.push({
            type: 'invalid_input_type',
            message: `Failed to convert an input value to a ${config[0]} value`,
            details: `${input}, ${value}`,
            extra_info: info,
          });
        } else if (typeof config[1]?.min === 'number' && value < (config[1].min as number)) {
          errors.push({
            type: 'value_smaller_than_min',
            message: `Value ${value} smaller than min of ${config[1].min}`,
            details: input,
            extra_info: info,
          });
        }
      }
    }
    if (errors.length) nodeErrors[id] = { errors, dependent_outputs: outputs, class_type: node.class_type };
  }
  if (Object.keys(nodeErrors).length) {
    const details = Object.values(nodeErrors)
      .flatMap((n) => n.errors.map((e) => `${e.message}: ${e.details}`))
      .join('\n');
    return {
      status: 400,
      body: {
        error: {
          type: 'prompt_outputs_failed_validation',
          message: 'Prompt outputs failed validation',
          details,
          extra_info: {},
        },
        node_errors: nodeErrors,
      },
    };
  }
  return { status: 200 };
}

export async function startComfyPeer(options: PeerOptions & { token?: string } = {}): Promise<ComfyPeer> {
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const clients = new Map<string, WebSocket>();
  const history = new Map<string, unknown>();
  const files = new Map<string, Buffer>();
  /** Files whose /view streams a `huge` body instead. */
  const huge = new Set<string>();
  const graphs: ComfyPeer['graphs'] = [];
  const cancelled: string[] = [];
  let executionErrors = 0;
  let number = 0;
  let worker: Promise<void> = Promise.resolve();
  const running = new Set<string>();
  const pending = new Set<string>();

  const send = (clientId: string | undefined, type: string, data: Record<string, unknown>) => {
    if (result.silentSocket || !clientId) return;
    const socket = clients.get(clientId);
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type, data }));
  };

  const execute = async (
    id: string,
    graph: Graph,
    clientId: string | undefined,
    fault: string | undefined,
  ) => {
    if (!pending.delete(id)) return; // deleted from the queue
    running.add(id);
    const timestamp = () => Date.now();
    send(clientId, 'execution_start', { prompt_id: id, timestamp: timestamp() });
    const order = Object.keys(graph);
    for (const node of order) send(clientId, 'executing', { node, display_node: node, prompt_id: id });
    send(clientId, 'progress', { value: 1, max: 1, prompt_id: id, node: order[0] });
    if (options.latencyMs) await delay(options.latencyMs);
    const messages: [string, Record<string, unknown>][] = [
      ['execution_start', { prompt_id: id, timestamp: timestamp() }],
    ];
    const sampler = order.find((n) => graph[n]?.class_type === 'KSampler') ?? order[0];
    if (executionErrors > 0 || !running.has(id)) {
      const interrupted = !running.has(id);
      if (!interrupted) executionErrors--;
      const event = interrupted
        ? { prompt_id: id, node_id: sampler, node_type: 'KSampler', executed: [] }
        : {
            prompt_id: id,
            node_id: sampler,
            node_type: 'KSampler',
            executed: [],
            exception_message: 'Expected all tensors to be on the same device',
            exception_type: 'RuntimeError',
            traceback: ['Traceback (most recent call last):'],
            current_inputs: {},
            current_outputs: {},
            timestamp: timestamp(),
          };
      const type = interrupted ? 'execution_interrupted' : 'execution_error';
      send(clientId, type, event);
      messages.push([type, event]);
      history.set(id, {
        prompt: [number, id, graph, { client_id: clientId }, []],
        outputs: {},
        status: { status_str: 'error', completed: false, messages },
        meta: {},
      });
      running.delete(id);
      send(clientId, 'executing', { node: null, prompt_id: id });
      return;
    }
    const outputs: Record<string, { images: { filename: string; subfolder: string; type: string }[] }> = {};
    const latent = order.find((n) => graph[n]?.class_type === 'EmptyLatentImage');
    const width = Number(graph[latent ?? '']?.inputs.width ?? 512);
    const height = Number(graph[latent ?? '']?.inputs.height ?? 512);
    const withoutPrefix = Object.fromEntries(
      Object.entries(graph).map(([k, v]) => [
        k,
        { ...v, inputs: { ...v.inputs, filename_prefix: undefined } },
      ]),
    );
    const identity = createHash('sha256').update(JSON.stringify(withoutPrefix)).digest('hex');
    for (const node of order.filter((n) => graph[n]?.class_type === 'SaveImage')) {
      const filename = `ComfyUI_${String(files.size + 1).padStart(5, '0')}_.png`;
      let bytes = await makeImage(identity, width, height, 'png');
      if (fault === 'truncate') bytes = truncated(bytes);
      if (fault === 'huge') huge.add(filename);
      files.set(filename, bytes);
      outputs[node] = { images: [{ filename, subfolder: '', type: 'output' }] };
      send(clientId, 'executed', { node, display_node: node, output: outputs[node], prompt_id: id });
    }
    stats.generated.set(identity, (stats.generated.get(identity) ?? 0) + 1);
    send(clientId, 'execution_success', { prompt_id: id, timestamp: timestamp() });
    messages.push(['execution_success', { prompt_id: id, timestamp: timestamp() }]);
    // History lands a moment after execution_success, as in main.py's prompt_worker.
    await delay(5);
    history.set(id, {
      prompt: [number, id, graph, { client_id: clientId }, Object.keys(outputs)],
      outputs,
      status: { status_str: 'success', completed: true, messages },
      meta: {},
    });
    running.delete(id);
    send(clientId, 'executing', { node: null, prompt_id: id });
  };

  const route = async (method: string, url: URL, body: Buffer, res: ServerResponse) => {
    const path = url.pathname.replace(/^\/api(?=\/)/, '');
    if (method === 'POST' && path === '/prompt') {
      const json = JSON.parse(body.toString() || '{}') as { prompt?: Graph; client_id?: string };
      if (!json.prompt) {
        return sendJson(res, 400, {
          error: {
            type: 'no_prompt',
            message: 'No prompt provided',
            details: 'No prompt provided',
            extra_info: {},
          },
          node_errors: {},
        });
      }
      const check = validate(json.prompt);
      if (check.status === 400) return sendJson(res, 400, check.body);
      const { fault, retryAfterMs, done } = await admit(
        { ...peer, options: { ...options, latencyMs: 0 } },
        res,
      );
      if (fault === 'hang') return;
      done();
      if (fault === 'rate' || fault === '429')
        return sendJson(
          res,
          429,
          { error: 'Too many requests' },
          retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
        );
      if (fault === '500') return sendJson(res, 500, { error: 'Internal Server Error' });
      const id = randomUUID();
      graphs.push(json.prompt);
      pending.add(id);
      const graph = json.prompt;
      worker = worker.then(() => execute(id, graph, json.client_id, fault));
      return sendJson(res, 200, { prompt_id: id, number: number++, node_errors: {} });
    }
    const historyMatch = /^\/history\/([^/]+)$/.exec(path);
    if (method === 'GET' && historyMatch) {
      result.historyRequests++;
      const id = decodeURIComponent(historyMatch[1] as string);
      const entry = history.get(id);
      return sendJson(res, 200, entry ? { [id]: entry } : {});
    }
    if (method === 'GET' && path === '/view') {
      const filename = url.searchParams.get('filename') ?? '';
      if (filename.includes('..') || filename.startsWith('/'))
        return sendJson(res, 400, { error: 'invalid filename' });
      const bytes = files.get(filename);
      if (!bytes) return sendJson(res, 404, { error: 'not found' });
      if (huge.has(filename))
        return streamHuge(res, options, {
          headers: { 'content-type': 'image/png' },
          start: PNG_START,
          filler: 0,
        });
      return sendBytes(res, 200, bytes, {
        'content-type': 'image/png',
        'content-disposition': `filename="${filename}"`,
      });
    }
    if (method === 'GET' && path === '/object_info') return sendJson(res, 200, OBJECT_INFO);
    if (method === 'GET' && path === '/queue') {
      return sendJson(res, 200, {
        queue_running: [...running].map((id) => [0, id, {}, {}, []]),
        queue_pending: [...pending].map((id) => [0, id, {}, {}, []]),
      });
    }
    if (method === 'POST' && path === '/queue') {
      const json = JSON.parse(body.toString() || '{}') as { delete?: string[] };
      for (const id of json.delete ?? []) if (pending.delete(id)) cancelled.push(id);
      return sendJson(res, 200, {});
    }
    if (method === 'POST' && path === '/interrupt') {
      const json = JSON.parse(body.toString() || '{}') as { prompt_id?: string };
      for (const id of [...running]) {
        if (!json.prompt_id || json.prompt_id === id) {
          running.delete(id);
          cancelled.push(id);
        }
      }
      return sendJson(res, 200, {});
    }
    return sendJson(res, 404, { error: 'not found' });
  };

  const wss = new WebSocketServer({ noServer: true });
  const server = await listen(
    async (req, res, body) => {
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`)
        return sendJson(res, 401, { error: 'unauthorized' });
      await route(req.method ?? 'GET', new URL(req.url ?? '/', 'http://peer'), body, res);
    },
    (http) =>
      http.on('upgrade', (req, socket, head) => {
        const url = new URL(req.url ?? '/', 'http://peer');
        if (result.refuseSocket || url.pathname.replace(/^\/api(?=\/)/, '') !== '/ws')
          return socket.destroy();
        wss.handleUpgrade(req, socket, head, (ws) => {
          const clientId = url.searchParams.get('clientId') ?? randomUUID().replace(/-/g, '');
          clients.set(clientId, ws);
          result.sockets++;
          ws.on('close', () => clients.delete(clientId));
          ws.send(
            JSON.stringify({
              type: 'status',
              data: { status: { exec_info: { queue_remaining: pending.size } }, sid: clientId },
            }),
          );
        });
      }),
  );

  const result: ComfyPeer = {
    url: server.url,
    stats,
    faults: peer.faults,
    options,
    graphs,
    silentSocket: false,
    refuseSocket: false,
    cancelled,
    sockets: 0,
    historyRequests: 0,
    failExecutionNext(count = 1) {
      executionErrors += count;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await server.close();
    },
  };
  return result;
}
