import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { InputError } from '../core/errors.js';
import type { BackendIdentity, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import { jobByteCap, MAX_INFO_BYTES, readCapped } from './bounded-body.js';
import {
  buildGraph,
  type ComfyGraph,
  compareIds,
  graphSeed,
  parseWorkflow,
  type Workflow,
} from './comfyui-workflow.js';
import {
  type CallLimits,
  type GenerateContext,
  GenerationError,
  type GenerationResult,
  type Generator,
  type GeneratorSetup,
  limitsFrom,
} from './generator.js';
import { bearer, bodyText, endpoint, missingKey, request, statusError, tryJson } from './http.js';
import { conformImage } from './image-output.js';
import { numberOption, serverUrl, stringOption } from './options.js';

/**
 * ComfyUI: a workflow in API format, committed next to the manifest, filled per job and submitted to
 * `POST /prompt`. Completion is followed on `/ws` and confirmed in `/history/{id}` (polled on its own
 * when the socket cannot be opened or goes quiet); the image comes from `/view`.
 */
export const COMFYUI_VERSION = '1';

interface HistoryImage {
  filename: string;
  subfolder?: string;
  type?: string;
}
interface HistoryEntry {
  outputs?: Record<string, { images?: HistoryImage[] }>;
  status?: { status_str?: string; completed?: boolean; messages?: [string, Record<string, unknown>][] };
}
interface ExecutionError {
  node_id?: string;
  node_type?: string;
  exception_type?: string;
  exception_message?: string;
}

export function createComfyUIGenerator(setup: GeneratorSetup): Generator {
  const { config, env } = setup;
  const baseUrl = serverUrl(config) ?? 'http://127.0.0.1:8188';
  const workflowName = stringOption(config, 'workflow');
  if (!workflowName) {
    throw new InputError({
      file: setup.name,
      message: `generator "${setup.name}" (comfyui) needs workflow: the path of a workflow in API format`,
    });
  }
  // Read synchronously: the plan layer keys jobs by this file's hash before anything runs.
  const workflowFile = path.resolve(setup.baseDir, workflowName);
  let bytes: Buffer;
  try {
    bytes = readFileSync(workflowFile);
  } catch (error) {
    throw new InputError({
      file: workflowName,
      message: `cannot read the workflow of generator "${setup.name}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      hint: 'workflow: is relative to the manifest; export it from ComfyUI with Export (API)',
    });
  }
  const workflow: Workflow = parseWorkflow(workflowName, bytes);
  const checkpoint = stringOption(config, 'checkpoint') ?? workflow.checkpoint;
  if (workflow.placeholders.has('checkpoint') && !checkpoint) {
    throw new InputError({
      file: workflowName,
      message: `the workflow uses {{checkpoint}} but generator "${setup.name}" sets no checkpoint`,
      hint: 'add checkpoint: <file name> to the generator, or write {{checkpoint|<file name>}} in the workflow',
    });
  }
  const apiKeyEnv = stringOption(config, 'apiKeyEnv');
  const pollMs = numberOption(config, 'pollIntervalMs') ?? 1000;
  // One GPU runs one prompt at a time; a second in flight keeps the server's queue from running dry.
  const limits = limitsFrom(config, { concurrency: 2, timeoutMs: 600_000, retries: 2 });
  const identity: BackendIdentity = {
    type: 'comfyui',
    model: checkpoint ?? 'workflow-defined',
    endpointClass: 'comfyui',
    workflowHash: createHash('sha256').update(bytes).digest('hex'),
    version: COMFYUI_VERSION,
  };

  const headers = (json = false): Record<string, string> => {
    let token: string | undefined;
    if (apiKeyEnv) {
      token = readSecret(env, apiKeyEnv);
      if (!token) throw missingKey('comfyui', apiKeyEnv);
    }
    return { ...bearer(token), ...(json ? { 'content-type': 'application/json' } : {}) };
  };

  const graphFor = (job: Job): ComfyGraph => {
    const { request: req } = job;
    if (req.negativePrompt && !workflow.placeholders.has('negative')) {
      throw new GenerationError(
        `comfyui: asset "${job.asset}" has a negative prompt but ${workflowName} has no {{negative}} placeholder`,
        'permanent',
      );
    }
    return buildGraph(
      workflow,
      {
        prompt: req.prompt,
        negative: req.negativePrompt,
        seed: req.seed,
        width: req.width,
        height: req.height,
        steps: req.steps,
        cfg: req.cfgScale,
        checkpoint,
        sampler: req.sampler,
        scheduler: req.scheduler,
        params: req.params,
      },
      req.embeddings,
    );
  };

  const api = (route: string) => endpoint(baseUrl, route);

  const getJson = async (route: string, signal: AbortSignal): Promise<unknown> => {
    const response = await request('comfyui', api(route), { headers: headers(), signal });
    if (!response.ok)
      throw statusError('comfyui', response.status, await bodyText(response, 500), response.headers);
    return tryJson((await readCapped('comfyui', response, MAX_INFO_BYTES)).toString('utf8'));
  };

  const submit = async (graph: ComfyGraph, clientId: string, signal: AbortSignal): Promise<string> => {
    const response = await request('comfyui', api('prompt'), {
      method: 'POST',
      headers: headers(true),
      body: JSON.stringify({ prompt: graph, client_id: clientId }),
      signal,
    });
    const text = await bodyText(response, 64_000);
    if (response.status === 400) {
      throw new GenerationError(redact(describeRejection(workflowName, text)), 'permanent', { status: 400 });
    }
    if (!response.ok) throw statusError('comfyui', response.status, text.slice(0, 500), response.headers);
    const id = (tryJson(text) as { prompt_id?: unknown } | undefined)?.prompt_id;
    if (typeof id !== 'string')
      throw new GenerationError('comfyui /prompt answered without a prompt_id', 'transient');
    return id;
  };

  /** Waits for the prompt's history entry; the socket only wakes the loop early. */
  const waitForHistory = async (id: string, socket: WebSocket | undefined, signal: AbortSignal) => {
    let failure: GenerationError | undefined;
    let live = socket?.readyState === WebSocket.OPEN;
    let finished = false;
    let nudged = false;
    let waiter: (() => void) | undefined;
    const wake = () => {
      nudged = true;
      waiter?.();
    };
    const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) return; // previews
      const message = tryJson(data.toString()) as
        | { type?: string; data?: Record<string, unknown> }
        | undefined;
      if (message?.data?.prompt_id !== id) return;
      if (message.type === 'execution_error') failure = executionError(message.data as ExecutionError);
      if (message.type === 'execution_interrupted')
        failure = new GenerationError(`comfyui: prompt ${id} was interrupted on the server`, 'transient');
      if (
        message.type === 'execution_success' ||
        (message.type === 'executing' && message.data?.node === null)
      )
        finished = true;
      if (failure || finished) wake();
    };
    const onClose = () => {
      live = false;
      wake();
    };
    socket?.on('message', onMessage);
    socket?.on('close', onClose);
    const onAbort = () => wake();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        signal.throwIfAborted();
        if (failure) throw failure;
        const history = (await getJson(`history/${encodeURIComponent(id)}`, signal)) as
          | Record<string, HistoryEntry>
          | undefined;
        const entry = history?.[id];
        if (entry) {
          if (entry.status?.status_str === 'error') throw failure ?? historyError(id, entry);
          return entry;
        }
        if (failure) throw failure;
        // With the socket up, history is only a safety net; without it, it is the way we learn.
        // After the end event the entry lands within moments (it is written after execution_success).
        const wait = finished ? Math.min(pollMs, 100) : live ? pollMs * 5 : pollMs;
        if (!nudged) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, wait);
            waiter = done;
            function done() {
              clearTimeout(timer);
              waiter = undefined;
              resolve();
            }
          });
        }
        nudged = false;
      }
    } finally {
      socket?.off('message', onMessage);
      socket?.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    }
  };

  /** Best effort, after an abort: drop the prompt from the queue, interrupt it if it is running. */
  const cancelRemote = async (id: string) => {
    const signal = AbortSignal.timeout(5000);
    try {
      await fetch(api('queue'), {
        method: 'POST',
        headers: headers(true),
        body: JSON.stringify({ delete: [id] }),
        signal,
      });
      const queue = (await getJson('queue', signal)) as { queue_running?: unknown[][] } | undefined;
      if (queue?.queue_running?.some((item) => item[1] === id)) {
        await fetch(api('interrupt'), {
          method: 'POST',
          headers: headers(true),
          body: JSON.stringify({ prompt_id: id }),
          signal,
        });
      }
    } catch {
      // The server may be the reason we gave up; nothing more to do.
    }
  };

  return {
    type: 'comfyui',
    identity: () => identity,
    limits: (): CallLimits => limits,
    /** Every node class and every list-valued input (checkpoints, LoRAs, samplers…) against /object_info. */
    async preflight(jobs: Job[], ctx: GenerateContext): Promise<void> {
      // A job whose graph cannot be filled fails on its own in generate; what is checked here is
      // what would fail every job: names the server does not have.
      const graphs: ComfyGraph[] = [];
      for (const job of jobs) {
        try {
          graphs.push(graphFor(job));
        } catch {}
      }
      const info = (await getJson('object_info', ctx.signal)) as Record<string, ObjectInfo> | undefined;
      if (!info || typeof info !== 'object')
        throw new GenerationError('comfyui /object_info answered no JSON', 'transient');
      const report = checkAgainstObjectInfo(graphs, info);
      if (report)
        throw new GenerationError(
          `comfyui: ${workflowName} cannot run on ${baseUrl}:\n${report}`,
          'permanent',
        );
    },
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      const graph = graphFor(job);
      const clientId = randomUUID();
      const socket = await openSocket(baseUrl, clientId, headers(), ctx.signal);
      let id: string | undefined;
      try {
        id = await submit(graph, clientId, ctx.signal);
        const entry = await waitForHistory(id, socket, ctx.signal);
        const image = pickImage(entry);
        if (!image)
          throw new GenerationError(`comfyui: prompt ${id} finished without an output image`, 'permanent');
        const query = new URLSearchParams({
          filename: image.filename,
          subfolder: image.subfolder ?? '',
          type: image.type ?? 'output',
        });
        const response = await request('comfyui', `${api('view')}?${query}`, {
          headers: headers(),
          signal: ctx.signal,
        });
        if (!response.ok)
          throw statusError('comfyui', response.status, await bodyText(response, 500), response.headers);
        const bytes = await readCapped('comfyui', response, jobByteCap(job));
        const conformed = await conformImage('comfyui', bytes, job);
        return {
          bytes: conformed.bytes,
          mediaType: conformed.mediaType,
          facts: {
            seed: graphSeed(graph),
            model: checkpoint,
            // Same graph + seed gives the same initial noise; samplers may still differ across GPUs.
            reproducible: workflow.placeholders.has('seed'),
            extra: {
              promptId: id,
              workflowHash: identity.workflowHash,
              ...(conformed.native ? { native: conformed.native } : {}),
            },
          },
        };
      } catch (error) {
        if (id && ctx.signal.aborted) void cancelRemote(id);
        throw error;
      } finally {
        socket?.close();
      }
    },
  };
}

/** Opens `/ws?clientId=…`; resolves undefined (→ polling) if it cannot within a few seconds. */
function openSocket(
  baseUrl: string,
  clientId: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<WebSocket | undefined> {
  const url = new URL(endpoint(baseUrl, 'ws'));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('clientId', clientId);
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: 3000 });
    const done = (value: WebSocket | undefined) => {
      signal.removeEventListener('abort', onAbort);
      if (!value) socket.terminate();
      resolve(value);
    };
    const onAbort = () => done(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    // Errors after opening only end the socket; history polling carries on.
    socket.on('error', () => done(undefined));
    socket.once('open', () => done(socket));
  });
}

function pickImage(entry: HistoryEntry): HistoryImage | undefined {
  const all = Object.keys(entry.outputs ?? {})
    .sort(compareIds)
    .flatMap((node) => entry.outputs?.[node]?.images ?? []);
  return all.find((i) => (i.type ?? 'output') === 'output') ?? all[0];
}

function executionError(data: ExecutionError): GenerationError {
  const where = data.node_id
    ? `node ${data.node_id}${data.node_type ? ` (${data.node_type})` : ''}`
    : 'a node';
  const message = redact(
    `comfyui: ${where} failed: ${data.exception_type ?? 'error'}: ${(data.exception_message ?? '').trim()}`,
  );
  // Running out of GPU memory can pass when the server frees up; anything else will fail again.
  const transient = /OutOfMemory|out of memory/i.test(`${data.exception_type} ${data.exception_message}`);
  return new GenerationError(message, transient ? 'transient' : 'permanent');
}

function historyError(id: string, entry: HistoryEntry): GenerationError {
  const event = entry.status?.messages?.find(([type]) => type === 'execution_error');
  if (event) return executionError(event[1] as ExecutionError);
  return new GenerationError(`comfyui: prompt ${id} ended with status error`, 'permanent');
}

interface NodeError {
  errors?: { type?: string; message?: string; details?: string; extra_info?: { input_name?: string } }[];
  class_type?: string;
}

/** A 400 from /prompt in words: the error, then per node id its class, input names and details. */
export function describeRejection(workflowName: string, text: string): string {
  const body = tryJson(text) as { error?: unknown; node_errors?: unknown } | undefined;
  if (!body) return `comfyui rejected ${workflowName} (400): ${text.slice(0, 500)}`;
  const error = body.error;
  let head: string;
  if (typeof error === 'string') head = error;
  else if (error && typeof error === 'object') {
    const e = error as { type?: string; message?: string; details?: string };
    head =
      [e.type, e.message].filter(Boolean).join(': ') +
      (e.details && e.details !== e.message ? ` — ${e.details}` : '');
  } else head = 'invalid prompt';
  const lines = [`comfyui rejected ${workflowName} (400): ${head}`];
  // node_errors is {} in newer servers and [] in older ones.
  const nodeErrors =
    body.node_errors && typeof body.node_errors === 'object' && !Array.isArray(body.node_errors)
      ? (body.node_errors as Record<string, NodeError>)
      : {};
  for (const id of Object.keys(nodeErrors).sort(compareIds)) {
    const node = nodeErrors[id] as NodeError;
    for (const e of node.errors ?? []) {
      const input = e.extra_info?.input_name ? ` input ${e.extra_info.input_name}` : '';
      const detail = e.details ? ` — ${e.details}` : '';
      lines.push(
        `  node ${id} (${node.class_type ?? '?'})${input}: ${e.message ?? e.type ?? 'error'}${detail}`,
      );
    }
  }
  return lines.join('\n');
}

type InputSpec = [unknown, Record<string, unknown>?] | unknown[];
interface ObjectInfo {
  input?: { required?: Record<string, InputSpec>; optional?: Record<string, InputSpec> };
}

/** The choices of a combo input: `[[a, b], {}]` (classic) or `["COMBO", {options: [a, b]}]` (newer). */
export function comboChoices(spec: InputSpec | undefined): string[] | undefined {
  if (!Array.isArray(spec)) return undefined;
  if (Array.isArray(spec[0])) return spec[0].map(String);
  const options = (spec[1] as { options?: unknown } | undefined)?.options;
  if (spec[0] === 'COMBO' && Array.isArray(options)) return options.map(String);
  return undefined;
}

/** Missing node classes and values not in their lists, grouped, with what the server has. */
export function checkAgainstObjectInfo(
  graphs: ComfyGraph[],
  info: Record<string, ObjectInfo>,
): string | undefined {
  const missingClasses = new Map<string, Set<string>>();
  const missingValues = new Map<string, { values: Set<string>; choices: string[] }>();
  for (const graph of graphs) {
    for (const [id, node] of Object.entries(graph)) {
      const spec = info[node.class_type];
      if (!spec) {
        const ids = missingClasses.get(node.class_type) ?? new Set<string>();
        missingClasses.set(node.class_type, ids.add(id));
        continue;
      }
      for (const [input, value] of Object.entries(node.inputs)) {
        if (typeof value !== 'string') continue;
        const choices = comboChoices(spec.input?.required?.[input] ?? spec.input?.optional?.[input]);
        if (!choices || choices.includes(value)) continue;
        const label = `${node.class_type}.${input}`;
        const entry = missingValues.get(label) ?? { values: new Set<string>(), choices };
        entry.values.add(value);
        missingValues.set(label, entry);
      }
    }
  }
  const lines: string[] = [];
  for (const [cls, ids] of missingClasses) {
    lines.push(
      `  node class ${cls} (node ${[...ids].sort(compareIds).join(', ')}) is not installed on the server`,
    );
  }
  for (const [label, { values, choices }] of missingValues) {
    const shown = choices.slice(0, 20).join(', ');
    const more = choices.length > 20 ? `, … (${choices.length} in all)` : '';
    lines.push(
      `  ${label}: ${[...values].map((v) => `"${v}"`).join(', ')} not available; the server has: ${shown || 'none'}${more}`,
    );
  }
  return lines.length ? lines.join('\n') : undefined;
}
