import {
  admit,
  FaultPlan,
  listen,
  makeImage,
  newStats,
  type Peer,
  type PeerOptions,
  RateLimiter,
  retryHeaders,
  sendJson,
  streamHuge,
  truncated,
} from './common.js';

/**
 * OpenAI Images, `POST /v1/images/generations`, as documented (reference/backends.md §2): bearer
 * key, JSON in, `{created, data: [{b64_json, revised_prompt?}], usage…}` out, errors as
 * `{error: {message, type, param, code}}` — 400 moderation_blocked (GPT image) or
 * content_policy_violation (DALL·E) for prompts containing "forbidden", 401 for a wrong key, 429
 * with retry-after-ms, 400 for a size the model does not make.
 */
export interface OpenAIPeer extends Peer {
  /** Bodies received, in order. */
  bodies: Record<string, unknown>[];
}

const SIZES: Record<string, string[]> = {
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'gpt-image': ['1024x1024', '1536x1024', '1024x1536', 'auto'],
};

export async function startOpenAIPeer(options: PeerOptions & { apiKey?: string } = {}): Promise<OpenAIPeer> {
  const apiKey = options.apiKey ?? 'sk-test-peer-key-123456';
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const bodies: Record<string, unknown>[] = [];
  const error = (message: string, type: string, code: string | null, param: string | null = null) => ({
    error: { message, type, param, code },
  });

  const server = await listen(async (req, res, raw) => {
    if (req.method !== 'POST' || req.url !== '/v1/images/generations') {
      return sendJson(
        res,
        404,
        error(`Invalid URL (${req.method} ${req.url})`, 'invalid_request_error', null),
      );
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      stats.unauthorized++;
      const shown = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      return sendJson(
        res,
        401,
        error(
          `Incorrect API key provided: ${shown.slice(0, 3)}***${shown.slice(-4)}.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      );
    }
    const body = JSON.parse(raw.toString()) as Record<string, unknown>;
    bodies.push(body);
    const { fault, retryAfterMs, done } = await admit(peer, res);
    if (fault === 'hang') return;
    if (fault === 'huge') {
      done();
      // A base64 PNG that never ends, in the documented JSON shape.
      return streamHuge(res, options, {
        headers: { 'content-type': 'application/json' },
        start: Buffer.from('{"created":1,"data":[{"b64_json":"iVBORw0KGgo'),
        filler: 0x41,
        end: Buffer.from('"}]}'),
      });
    }
    if (fault === 'rate' || fault === '429') {
      done();
      return sendJson(
        res,
        429,
        error(
          'Rate limit reached for images per min. Please try again later.',
          'requests',
          'rate_limit_exceeded',
        ),
        {
          ...peer.limiter.headers(),
          ...retryHeaders(retryAfterMs ?? 50),
          'x-ratelimit-remaining-requests': '0',
        },
      );
    }
    if (fault === '500') {
      done();
      return sendJson(
        res,
        500,
        error('The server had an error while processing your request.', 'server_error', null),
      );
    }
    const model = String(body.model ?? 'dall-e-2');
    const family = model.startsWith('dall-e') ? model : 'gpt-image';
    const prompt = String(body.prompt ?? '');
    const size = String(body.size ?? '1024x1024');
    if (body.n !== undefined && body.n !== 1) {
      done();
      return sendJson(
        res,
        400,
        error('n must be 1 in this peer', 'invalid_request_error', 'invalid_value', 'n'),
      );
    }
    if (!model.startsWith('gpt-image-2') && !(SIZES[family] ?? []).includes(size)) {
      done();
      return sendJson(
        res,
        400,
        error(
          `Invalid value: '${size}'. Supported values are: ${(SIZES[family] ?? []).map((s) => `'${s}'`).join(', ')}.`,
          'invalid_request_error',
          'invalid_value',
          'size',
        ),
      );
    }
    if (/forbidden/i.test(prompt)) {
      done();
      return family === 'gpt-image'
        ? sendJson(
            res,
            400,
            error(
              'Your request was rejected by the safety system. If you believe this is an error, contact us. safety_violations=[violence].',
              'image_generation_user_error',
              'moderation_blocked',
            ),
          )
        : sendJson(
            res,
            400,
            error(
              'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
              'invalid_request_error',
              'content_policy_violation',
            ),
          );
    }
    const [w, h] = size.split('x').map(Number) as [number, number];
    const format = (body.output_format as 'png' | 'jpeg' | 'webp' | undefined) ?? 'png';
    let bytes = await makeImage(`${model}\0${prompt}`, w, h, format);
    if (fault === 'truncate') bytes = truncated(bytes);
    stats.generated.set(prompt, (stats.generated.get(prompt) ?? 0) + 1);
    done();
    sendJson(
      res,
      200,
      {
        created: Math.floor(Date.now() / 1000),
        data: [
          {
            b64_json: bytes.toString('base64'),
            ...(model === 'dall-e-3' ? { revised_prompt: `A detailed rendering of ${prompt}` } : {}),
          },
        ],
        ...(family === 'gpt-image'
          ? {
              background: body.background ?? 'opaque',
              output_format: format,
              quality: body.quality ?? 'medium',
              size,
              usage: {
                input_tokens: 10,
                input_tokens_details: { image_tokens: 0, text_tokens: 10 },
                output_tokens: 1056,
                total_tokens: 1066,
              },
            }
          : {}),
      },
      peer.limiter.headers(),
    );
  });
  return { url: `${server.url}/v1`, stats, faults: peer.faults, options, close: server.close, bodies };
}
