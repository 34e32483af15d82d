import { randomUUID } from 'node:crypto';
import {
  admit,
  countGenerated,
  FaultPlan,
  listen,
  makeImage,
  newStats,
  type Peer,
  type PeerOptions,
  RateLimiter,
  retryHeaders,
  sendBytes,
  sendJson,
  truncated,
} from './common.js';

/**
 * Black Forest Labs' FLUX API as documented (docs.bfl.ai; black-forest-labs/skills bfl-api
 * references): `POST /v1/{model}` with `x-key`, JSON `{prompt, width, height | aspect_ratio, seed,
 * output_format, safety_tolerance, prompt_upsampling}` → `{id, polling_url}`; `GET polling_url`
 * (with `x-key`) → `{id, status: Pending | Ready | Request Moderated | Content Moderated | Error |
 * Task not found, result?: {sample, seed, prompt}}`; `result.sample` is a signed URL fetched without
 * the key. FLUX.1 sides are 256..1440 in steps of 32 (FLUX.2: steps of 16), else 422 with FastAPI's
 * `{detail: [{loc, msg, type}]}`. 401 for a bad key, 429 "too many active tasks" with Retry-After.
 * Prompts containing "forbidden" end "Request Moderated", "unsafe-image" "Content Moderated",
 * "crash" "Error".
 */
export interface BflPeer extends Peer {
  submits: { model: string; body: Record<string, unknown> }[];
  polls: number;
  /** Result downloads that carried the key (must stay 0). */
  keyLeaks: number;
  options: PeerOptions & {
    apiKey?: string;
    processingMs?: number;
    /** Each task also answers Pending to this many polls, however long they take to come. */
    pendingPolls?: number;
    echoKey?: boolean;
    failPolls?: number;
  };
}

interface Task {
  id: string;
  body: Record<string, unknown>;
  createdAt: number;
  seed: number;
  polls: number;
}

const RATIO_SIDES: Record<string, [number, number]> = {
  '21:9': [1568, 672],
  '16:9': [1392, 752],
  '3:2': [1248, 832],
  '4:3': [1184, 880],
  '1:1': [1024, 1024],
  '3:4': [880, 1184],
  '2:3': [832, 1248],
  '9:16': [752, 1392],
  '9:21': [672, 1568],
};

export async function startBflPeer(options: BflPeer['options'] = {}): Promise<BflPeer> {
  const apiKey = options.apiKey ?? 'bfl-peer-key-0001';
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const tasks = new Map<string, Task>();
  const self: BflPeer = {
    url: '',
    stats,
    faults: peer.faults,
    options,
    close: async () => {},
    submits: [],
    polls: 0,
    keyLeaks: 0,
  };

  const server = await listen(async (req, res, raw) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    if (req.method === 'GET' && url.pathname.startsWith('/results/')) {
      if (req.headers['x-key'] || req.headers.authorization) self.keyLeaks++;
      const task = tasks.get(url.pathname.slice('/results/'.length).split('.')[0] as string);
      if (!task || url.searchParams.get('sig') !== task.id.slice(0, 8))
        return sendBytes(res, 403, Buffer.from('<Error><Code>AuthenticationFailed</Code></Error>'), {
          'content-type': 'application/xml',
        });
      const format = task.body.output_format === 'png' ? 'png' : 'jpeg';
      const [w, h] = RATIO_SIDES[String(task.body.aspect_ratio)] ?? [
        Number(task.body.width),
        Number(task.body.height),
      ];
      const bytes = await makeImage(
        `${task.body.prompt}\0${task.seed}`,
        Math.round(w / 8),
        Math.round(h / 8),
        format,
      );
      return sendBytes(res, 200, bytes, { 'content-type': `image/${format}` });
    }
    if (req.headers['x-key'] !== apiKey) {
      const detail = options.echoKey
        ? `Invalid API key ${String(req.headers['x-key'] ?? '')}`
        : 'Invalid API key';
      return sendJson(res, 401, { detail });
    }
    if (req.method === 'GET' && url.pathname === '/v1/get_result') {
      self.polls++;
      if (options.failPolls) {
        // A blip while the task runs on: the next N polls answer 503.
        options.failPolls--;
        return sendJson(res, 503, { detail: 'Service Unavailable' });
      }
      const id = url.searchParams.get('id') ?? '';
      const task = tasks.get(id);
      if (!task) return sendJson(res, 200, { id, status: 'Task not found' });
      task.polls++;
      if (
        Date.now() - task.createdAt < (options.processingMs ?? 0) ||
        task.polls <= (options.pendingPolls ?? 0)
      )
        return sendJson(res, 200, { id, status: 'Pending', result: null, progress: 0.5 });
      const prompt = String(task.body.prompt);
      if (/forbidden/i.test(prompt))
        return sendJson(res, 200, { id, status: 'Request Moderated', result: null });
      if (/unsafe-image/i.test(prompt))
        return sendJson(res, 200, { id, status: 'Content Moderated', result: null });
      if (/crash/i.test(prompt))
        return sendJson(res, 200, { id, status: 'Error', result: null, error: 'Internal generation error' });
      const ext = task.body.output_format === 'png' ? 'png' : 'jpeg';
      return sendJson(res, 200, {
        id,
        status: 'Ready',
        result: {
          sample: `${self.url}/results/${id}.${ext}?sig=${id.slice(0, 8)}`,
          prompt,
          seed: task.seed,
          start_time: task.createdAt / 1000,
          end_time: Date.now() / 1000,
          duration: (Date.now() - task.createdAt) / 1000,
        },
      });
    }
    const match = /^\/v1\/([a-z0-9.-]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return sendJson(res, 404, { detail: 'Not Found' });
    const model = match[1] as string;
    const body = JSON.parse(raw.toString() || '{}') as Record<string, unknown>;
    self.submits.push({ model, body });
    const invalid = validate(model, body);
    if (invalid) return sendJson(res, 422, { detail: [invalid] });

    const { fault, retryAfterMs, done } = await admit(peer, res);
    if (fault === 'hang') return;
    done();
    if (fault === 'rate' || fault === '429')
      return sendJson(
        res,
        429,
        { detail: 'You have exceeded the number of active tasks (24). Please wait.' },
        {
          'retry-after': retryHeaders(retryAfterMs ?? 50)['retry-after'] as string,
        },
      );
    if (fault === '500') return sendJson(res, 500, { detail: 'Internal Server Error' });
    if (fault === 'truncate')
      return sendBytes(res, 200, truncated(Buffer.from('{"id": "abc", "polling_url": "x"}')), {
        'content-type': 'application/json',
      });
    const id = randomUUID();
    const seed = typeof body.seed === 'number' ? body.seed : Math.floor(Math.random() * 2 ** 31);
    tasks.set(id, { id, body, createdAt: Date.now(), seed, polls: 0 });
    countGenerated(stats, `${body.prompt}\0${body.seed}`);
    return sendJson(res, 200, { id, polling_url: `${self.url}/v1/get_result?id=${id}`, cost: 4 });
  });
  self.url = server.url;
  self.close = server.close;
  return self;
}

/** FastAPI-style validation of the fields the peer checks. */
function validate(model: string, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const err = (field: string, msg: string) => ({ loc: ['body', field], msg, type: 'value_error' });
  if (typeof body.prompt !== 'string' || !body.prompt) return err('prompt', 'Field required');
  if (body.output_format !== undefined && !['jpeg', 'png'].includes(String(body.output_format)))
    return err('output_format', "Input should be 'jpeg' or 'png'");
  if (/^flux-(kontext|pro-1\.1-ultra)/.test(model)) {
    if (body.aspect_ratio !== undefined && !(String(body.aspect_ratio) in RATIO_SIDES))
      return err('aspect_ratio', 'Aspect ratio must be between 21:9 and 9:21');
    return undefined;
  }
  const flux2 = model.startsWith('flux-2');
  const step = flux2 ? 16 : 32;
  for (const side of ['width', 'height']) {
    const v = body[side];
    if (v === undefined) continue;
    if (typeof v !== 'number' || v % step !== 0) return err(side, `Input should be a multiple of ${step}`);
    if (!flux2 && (v < 256 || v > 1440)) return err(side, 'Input should be between 256 and 1440');
  }
  if (flux2 && Number(body.width ?? 1024) * Number(body.height ?? 1024) > 4_000_000)
    return err('width', 'Total pixels must not exceed 4 megapixels');
  if (
    body.safety_tolerance !== undefined &&
    (Number(body.safety_tolerance) < 0 || Number(body.safety_tolerance) > 6)
  )
    return err('safety_tolerance', 'Input should be between 0 and 6');
  return undefined;
}
