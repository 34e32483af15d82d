import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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
 * Replicate's HTTP API as documented (replicate.com/docs/reference/http, topics/predictions):
 * - `POST /v1/models/{owner}/{name}/predictions {input}` and `POST /v1/predictions {version, input}`,
 *   bearer token; `Prefer: wait=N` holds the request until the prediction ends or N s pass (here:
 *   `syncWindowMs`), otherwise it comes back `starting`/`processing` with `urls.get`/`urls.cancel`.
 * - `GET /v1/predictions/{id}`, `POST /v1/predictions/{id}/cancel`.
 * - Output: a list of file URLs (served from `/files/…`, no credentials, as replicate.delivery is).
 * - Errors as problem details `{title, detail, status}`: 401, 404 unknown model, 422 bad input,
 *   429 "Request was throttled. Your rate limit resets in ~Ns." with Retry-After.
 * - A prompt containing "nsfw" fails "NSFW content detected…" (the FLUX safety checker); "crash"
 *   fails with a model error. Logs say "Using seed: N", as FLUX models print.
 * Faults (429/500/hang/garbage) hit the create request, before any prediction exists.
 */
export interface ReplicatePeer extends Peer {
  /** Create bodies received, with their path and Prefer header. */
  creates: { path: string; prefer?: string; cancelAfter?: string; body: Record<string, unknown> }[];
  cancels: string[];
  polls: number;
  /** Requests for result files that carried an Authorization header (must stay 0). */
  keyLeaks: number;
  options: PeerOptions & ReplicatePeerOptions;
}

interface ReplicatePeerOptions {
  apiKey?: string;
  /** How long a prediction runs. */
  processingMs?: number;
  /** Each prediction also reads as processing for this many polls, however long they take to come. */
  pendingPolls?: number;
  /** How long `Prefer: wait` holds the request at most (Replicate: up to 60 s). */
  syncWindowMs?: number;
  /** Models the peer knows (owner/name); others are 404. */
  models?: string[];
  /** Worst case for redaction tests: error details quote the token received. */
  echoToken?: boolean;
  /** The next N prediction reads answer 502 (a blip while the prediction runs on). */
  failPolls?: number;
}

interface Prediction {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  createdAt: number;
  status: string;
  error: string | null;
  output: string[] | null;
  seed: number;
  polls: number;
}

const RATIO_SIDES: Record<string, [number, number]> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '21:9': [1536, 640],
  '3:2': [1216, 832],
  '2:3': [832, 1216],
  '4:5': [896, 1088],
  '5:4': [1088, 896],
  '3:4': [896, 1152],
  '4:3': [1152, 896],
  '9:16': [768, 1344],
  '9:21': [640, 1536],
};

const versionOf = (model: string) => createHash('sha256').update(model).digest('hex');

export async function startReplicatePeer(
  options: PeerOptions & ReplicatePeerOptions = {},
): Promise<ReplicatePeer> {
  const apiKey = options.apiKey ?? 'r8_replicate_peer_token';
  const models = options.models ?? ['black-forest-labs/flux-schnell', 'stability-ai/sdxl'];
  const byVersion = new Map(models.map((m) => [versionOf(m), m]));
  // The published SDXL version, so the example's pinned model runs here as it does on Replicate.
  byVersion.set('39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b', 'stability-ai/sdxl');
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const predictions = new Map<string, Prediction>();
  const files = new Map<string, Promise<Buffer>>();
  const self: ReplicatePeer = {
    url: '',
    stats,
    faults: peer.faults,
    options,
    close: async () => {},
    creates: [],
    cancels: [],
    polls: 0,
    keyLeaks: 0,
  };
  let base = '';

  const problem = (status: number, title: string, detail: string) => ({ title, detail, status });
  const settle = (p: Prediction) => {
    if (p.status === 'succeeded' || p.status === 'failed' || p.status === 'canceled') return;
    if (
      Date.now() - p.createdAt < (options.processingMs ?? 0) ||
      (Boolean(options.pendingPolls) && p.polls <= (options.pendingPolls ?? 0))
    ) {
      p.status = 'processing';
      return;
    }
    const prompt = String(p.input.prompt ?? '');
    if (/nsfw/i.test(prompt)) {
      p.status = 'failed';
      p.error = 'NSFW content detected. Try running it again, or try a different prompt.';
      return;
    }
    if (/crash/i.test(prompt)) {
      p.status = 'failed';
      p.error = 'CUDA out of memory. Tried to allocate 2.00 GiB';
      return;
    }
    const format = String(p.input.output_format ?? 'webp');
    const name = `${p.id}.${format}`;
    const [w, h] = RATIO_SIDES[String(p.input.aspect_ratio ?? '1:1')] ?? [
      Number(p.input.width ?? 1024),
      Number(p.input.height ?? 1024),
    ];
    const sharpFormat = format === 'jpg' ? 'jpeg' : (format as 'png' | 'webp');
    files.set(name, makeImage(`${prompt}\0${p.seed}`, Math.round(w / 8), Math.round(h / 8), sharpFormat));
    p.status = 'succeeded';
    p.output = [`${base}/files/${name}`];
  };
  const view = (p: Prediction) => ({
    id: p.id,
    model: p.model,
    version: p.version,
    input: p.input,
    logs: p.status === 'starting' ? '' : `Using seed: ${p.seed}\n`,
    output: p.output,
    error: p.error,
    status: p.status,
    created_at: new Date(p.createdAt).toISOString(),
    data_removed: false,
    metrics: p.status === 'succeeded' ? { predict_time: (options.processingMs ?? 0) / 1000 } : {},
    urls: {
      get: `${base}/v1/predictions/${p.id}`,
      cancel: `${base}/v1/predictions/${p.id}/cancel`,
      web: `https://replicate.com/p/${p.id}`,
    },
  });
  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${apiKey}`;
  const unauthenticated = (req: IncomingMessage) =>
    problem(
      401,
      'Unauthenticated',
      options.echoToken
        ? `Invalid token ${String(req.headers.authorization ?? '').replace(/^Bearer /, '')}`
        : 'You did not pass a valid authentication token',
    );

  const server = await listen(async (req, res, raw) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      if (req.headers.authorization || req.headers['x-key']) self.keyLeaks++;
      const file = files.get(url.pathname.slice('/files/'.length));
      if (!file) return sendJson(res, 404, problem(404, 'Not found', 'file not found'));
      const ext = url.pathname.split('.').pop();
      return sendBytes(res, 200, await file, { 'content-type': `image/${ext === 'jpg' ? 'jpeg' : ext}` });
    }
    if (!authorized(req)) return sendJson(res, 401, unauthenticated(req));
    const poll = /^\/v1\/predictions\/([\w-]+)(\/cancel)?$/.exec(url.pathname);
    if (poll) {
      const p = predictions.get(poll[1] as string);
      if (!p)
        return sendJson(res, 404, problem(404, 'Not found', 'The requested resource could not be found.'));
      if (poll[2] && req.method === 'POST') {
        self.cancels.push(p.id);
        settle(p);
        if (p.status === 'starting' || p.status === 'processing') p.status = 'canceled';
        return sendJson(res, 200, view(p));
      }
      if (req.method !== 'GET') return sendJson(res, 405, problem(405, 'Method not allowed', ''));
      self.polls++;
      p.polls++;
      if (options.failPolls) {
        options.failPolls--;
        return sendJson(res, 502, problem(502, 'Bad Gateway', 'upstream connect error'));
      }
      settle(p);
      return sendJson(res, 200, view(p));
    }
    const official = /^\/v1\/models\/([\w.-]+\/[\w.-]+)\/predictions$/.exec(url.pathname);
    if (req.method !== 'POST' || (!official && url.pathname !== '/v1/predictions'))
      return sendJson(res, 404, problem(404, 'Not found', `${req.method} ${url.pathname}`));
    const body = JSON.parse(raw.toString() || '{}') as { version?: string; input?: Record<string, unknown> };
    self.creates.push({
      path: url.pathname,
      prefer: req.headers.prefer as string | undefined,
      cancelAfter: req.headers['cancel-after'] as string | undefined,
      body,
    });
    const model = official ? official[1] : byVersion.get(String(body.version));
    if (!model || !models.includes(model))
      return sendJson(res, 404, problem(404, 'Not found', 'The requested resource could not be found.'));
    const { fault, retryAfterMs, done } = await admit(peer, res);
    if (fault === 'hang') return;
    done();
    if (fault === 'rate' || fault === '429') {
      const ms = retryAfterMs ?? 50;
      return sendJson(
        res,
        429,
        problem(
          429,
          'Request was throttled.',
          `Request was throttled. Your rate limit resets in ~${Math.ceil(ms / 1000)}s.`,
        ),
        { 'retry-after': retryHeaders(ms)['retry-after'] as string },
      );
    }
    if (fault === '500')
      return sendJson(res, 500, problem(500, 'Internal Server Error', 'Something went wrong'));
    if (fault === 'truncate') {
      const text = Buffer.from(JSON.stringify({ id: 'x', status: 'starting', urls: {} }));
      return sendBytes(res, 201, truncated(text), { 'content-type': 'application/json' });
    }
    const input = body.input ?? {};
    if (typeof input.prompt !== 'string' || !input.prompt)
      return sendJson(res, 422, {
        ...problem(422, 'Input validation failed', '- input: prompt is required'),
        invalid_fields: [{ type: 'required', field: 'input.prompt' }],
      });
    const p: Prediction = {
      id: randomBytes(13).toString('hex').slice(0, 26),
      model,
      version: body.version ?? versionOf(model),
      input,
      createdAt: Date.now(),
      status: 'starting',
      error: null,
      output: null,
      seed: typeof input.seed === 'number' ? input.seed : Math.floor(Math.random() * 2 ** 31),
      polls: 0,
    };
    predictions.set(p.id, p);
    countGenerated(stats, `${input.prompt}\0${input.seed}`);
    const wait = /^wait(?:=(\d+))?$/.exec(String(req.headers.prefer ?? ''));
    if (wait) {
      const window = Math.min(Number(wait[1] ?? 60) * 1000, options.syncWindowMs ?? 60_000);
      const until = Date.now() + window;
      while (Date.now() < until && Date.now() - p.createdAt < (options.processingMs ?? 0))
        await new Promise((r) => setTimeout(r, 5));
      settle(p);
    }
    return sendJson(res, 201, view(p));
  });
  base = server.url;
  self.url = server.url;
  self.close = server.close;
  return self;
}
