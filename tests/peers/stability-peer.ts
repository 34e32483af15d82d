import {
  admit,
  FaultPlan,
  listen,
  makeImage,
  newStats,
  type Peer,
  type PeerOptions,
  PNG_START,
  RateLimiter,
  retryHeaders,
  sendBytes,
  sendJson,
  streamHuge,
  truncated,
} from './common.js';

/**
 * Stability v2beta `POST /v2beta/stable-image/generate/{core|ultra|sd3}` (reference/backends.md §3):
 * multipart form in; with `accept: image/*` the image bytes out with `finish-reason` and `seed`
 * headers. Errors are `{id, name, errors[]}`: 401, 403 content_moderation for prompts containing
 * "forbidden", 429 rate limit. Prompts containing "blurry-nsfw" come back CONTENT_FILTERED.
 * Seed 0 means random: the peer picks one and reports it.
 */
export interface StabilityPeer extends Peer {
  options: PeerOptions & { omitRetryAfter?: boolean };
  /** Form fields received, in order, with the endpoint. */
  forms: { endpoint: string; fields: Record<string, string> }[];
}

const RATIO_SIZES: Record<string, [number, number]> = {
  '21:9': [1536, 640],
  '16:9': [1344, 768],
  '3:2': [1216, 832],
  '5:4': [1152, 896],
  '1:1': [1024, 1024],
  '4:5': [896, 1152],
  '2:3': [832, 1216],
  '9:16': [768, 1344],
  '9:21': [640, 1536],
};

export async function startStabilityPeer(
  options: PeerOptions & { apiKey?: string; scale?: number; omitRetryAfter?: boolean } = {},
): Promise<StabilityPeer> {
  const apiKey = options.apiKey ?? 'sk-stability-peer-key';
  // Real outputs are about a megapixel; tests shrink them to stay fast.
  const scale = options.scale ?? 1 / 8;
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const forms: StabilityPeer['forms'] = [];
  const error = (status: number, name: string, errors: string[], headers: Record<string, string> = {}) => ({
    status,
    body: { id: 'a1b2c3d4e5f6', name, errors },
    headers,
  });

  const server = await listen(async (req, res, raw) => {
    const match = /^\/v2beta\/stable-image\/generate\/(core|ultra|sd3)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      const e = error(404, 'not_found', [`${req.method} ${req.url} not found`]);
      return sendJson(res, e.status, e.body);
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      const e = error(401, 'unauthorized', ['authorization: invalid or missing API key']);
      return sendJson(res, e.status, e.body);
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/form-data')) {
      const e = error(400, 'bad_request', ['content-type: must be multipart/form-data']);
      return sendJson(res, e.status, e.body);
    }
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) fields[k] = String(v);
    forms.push({ endpoint: match[1] as string, fields });
    const { fault, retryAfterMs, done } = await admit(peer, res);
    if (fault === 'hang') return;
    done();
    if (fault === 'rate' || fault === '429') {
      const e = error(429, 'rate_limit_exceeded', [
        'You have exceeded the rate limit of 150 requests within a 10 second period',
      ]);
      // Stability documents no rate-limit headers; the peer sends a plain Retry-After unless told not to.
      const headers: Record<string, string> = peer.options.omitRetryAfter
        ? {}
        : { 'retry-after': retryHeaders(retryAfterMs ?? 50)['retry-after'] as string };
      return sendJson(res, e.status, e.body, headers);
    }
    if (fault === '500') {
      const e = error(500, 'internal_error', ['An unexpected server error occurred, please try again.']);
      return sendJson(res, e.status, e.body);
    }
    if (fault === 'huge') {
      const headers = { 'content-type': 'image/png', 'finish-reason': 'SUCCESS', seed: fields.seed ?? '0' };
      return streamHuge(res, peer.options, { headers, start: PNG_START, filler: 0 });
    }
    const prompt = fields.prompt ?? '';
    if (!prompt) return sendJson(res, 400, error(400, 'bad_request', ['prompt: cannot be empty']).body);
    const ratio = fields.aspect_ratio ?? '1:1';
    const size = RATIO_SIZES[ratio];
    if (!size)
      return sendJson(res, 400, error(400, 'bad_request', [`aspect_ratio: invalid value ${ratio}`]).body);
    if (/forbidden/i.test(prompt)) {
      const e = error(403, 'content_moderation', [
        'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.',
      ]);
      return sendJson(res, e.status, e.body);
    }
    let seed = Number(fields.seed ?? 0);
    if (seed === 0) seed = 1 + Math.floor(Math.random() * 4294967293);
    const format = (fields.output_format ?? 'png') as 'png' | 'jpeg' | 'webp';
    const w = Math.round((size[0] * scale) / 8) * 8;
    const h = Math.round((size[1] * scale) / 8) * 8;
    let bytes = await makeImage(`${prompt}\0${seed}\0${fields.style_preset ?? ''}`, w, h, format);
    if (fault === 'truncate') bytes = truncated(bytes);
    const identity = `${prompt}\0${fields.seed}`;
    stats.generated.set(identity, (stats.generated.get(identity) ?? 0) + 1);
    sendBytes(res, 200, bytes, {
      'content-type': `image/${format}`,
      'finish-reason': /blurry-nsfw/.test(prompt) ? 'CONTENT_FILTERED' : 'SUCCESS',
      seed: String(seed),
      'x-request-id': `req-${stats.requests}`,
    });
  });
  return { url: server.url, stats, faults: peer.faults, options, close: server.close, forms };
}
