import { randomBytes } from 'node:crypto';
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
  sendBytes,
  sendJson,
} from './common.js';

/**
 * The Gemini API's `POST /v1beta/models/{model}:generateContent` for image models, as documented
 * (ai.google.dev/api/generate-content, googleapis/js-genai types): key in `x-goog-api-key` (or
 * `?key=`); `generationConfig.responseModalities` must ask for IMAGE; `imageConfig.aspectRatio` and
 * `imageSize` (1K/2K/4K; not on gemini-2.5-flash-image) choose the size. The answer is
 * `{candidates: [{content: {parts: [{inlineData: {mimeType, data}}]}, finishReason}], usageMetadata,
 * modelVersion, responseId}`. Errors are google.rpc statuses `{error: {code, message, status, details}}`:
 * a wrong key is 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID; quota is 429
 * RESOURCE_EXHAUSTED with a RetryInfo `retryDelay`; an unknown model 404 NOT_FOUND; Imagen's
 * `:predict` is 404 (shut down 17 August 2026).
 * Prompts containing "forbidden" are blocked (`promptFeedback.blockReason: PROHIBITED_CONTENT`);
 * "unsafe-image" ends with `finishReason: IMAGE_SAFETY` and no image; "words-only" answers text only.
 */
export interface GooglePeer extends Peer {
  bodies: { model: string; body: GenerateBody }[];
  options: PeerOptions & { apiKey?: string; echoKey?: boolean };
}

interface GenerateBody {
  contents?: { parts?: { text?: string }[] }[];
  generationConfig?: {
    responseModalities?: string[];
    seed?: number;
    imageConfig?: { aspectRatio?: string; imageSize?: string };
  };
}

const RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const WIDE = ['1:4', '4:1', '1:8', '8:1'];
const EDGE: Record<string, number> = { '1K': 1024, '2K': 2048, '4K': 4096 };

const rpcError = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, ...(details.length ? { details } : {}) },
});

export async function startGooglePeer(
  options: PeerOptions & { apiKey?: string; echoKey?: boolean } = {},
): Promise<GooglePeer> {
  const apiKey = options.apiKey ?? 'AIza-google-peer-key';
  const stats = newStats();
  const peer = {
    stats,
    faults: new FaultPlan(options),
    options,
    limiter: new RateLimiter(options.rateLimit),
  };
  const bodies: GooglePeer['bodies'] = [];

  const server = await listen(async (req, res, raw) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    const given = String(req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? '');
    if (given !== apiKey) {
      const message = options.echoKey
        ? `API key not valid: ${given}. Please pass a valid API key.`
        : 'API key not valid. Please pass a valid API key.';
      return sendJson(
        res,
        400,
        rpcError(400, 'INVALID_ARGUMENT', message, [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
          { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
        ]),
      );
    }
    const match = /^\/v1beta\/models\/([^/:]+):(generateContent|predict)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match)
      return sendJson(res, 404, rpcError(404, 'NOT_FOUND', `${url.pathname} not found`));
    const model = decodeURIComponent(match[1] as string);
    if (match[2] === 'predict' || !model.startsWith('gemini-') || !model.includes('image'))
      return sendJson(
        res,
        404,
        rpcError(
          404,
          'NOT_FOUND',
          `models/${model} is not found for API version v1beta, or is not supported for ${match[2]}.`,
        ),
      );
    const body = JSON.parse(raw.toString() || '{}') as GenerateBody;
    bodies.push({ model, body });
    const config = body.generationConfig ?? {};
    const ratio = config.imageConfig?.aspectRatio ?? '1:1';
    const size = config.imageConfig?.imageSize;
    const allowed = model.startsWith('gemini-3.1-flash-image') ? [...RATIOS, ...WIDE] : RATIOS;
    const invalid = !config.responseModalities?.includes('IMAGE')
      ? 'responseModalities must include IMAGE for this model'
      : !allowed.includes(ratio)
        ? `Unsupported aspect ratio: ${ratio}`
        : size !== undefined && (!(size in EDGE) || model.startsWith('gemini-2.'))
          ? `image_size ${size} is not supported by ${model}`
          : undefined;
    if (invalid) return sendJson(res, 400, rpcError(400, 'INVALID_ARGUMENT', invalid));

    const { fault, retryAfterMs, done } = await admit(peer, res);
    if (fault === 'hang') return;
    done();
    if (fault === 'rate' || fault === '429') {
      const seconds = ((retryAfterMs ?? 50) / 1000).toFixed(3).replace(/\.?0+$/, '');
      return sendJson(
        res,
        429,
        rpcError(
          429,
          'RESOURCE_EXHAUSTED',
          'You exceeded your current quota, please check your plan and billing details.',
          [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [
                { quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests' },
              ],
            },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` },
          ],
        ),
      );
    }
    if (fault === '500')
      return sendJson(
        res,
        500,
        rpcError(
          500,
          'INTERNAL',
          'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
        ),
      );
    if (fault === 'truncate')
      return sendBytes(res, 200, Buffer.from('{"candidates": [{"content": {"parts": [{"inlineDa'), {
        'content-type': 'application/json',
      });

    const prompt = body.contents?.[0]?.parts?.map((p) => p.text ?? '').join(' ') ?? '';
    const usageMetadata = { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 };
    const responseId = randomBytes(9).toString('base64url');
    if (/forbidden/i.test(prompt))
      return sendJson(res, 200, {
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        usageMetadata,
        modelVersion: model,
        responseId,
      });
    if (/unsafe-image/i.test(prompt))
      return sendJson(res, 200, {
        candidates: [{ finishReason: 'IMAGE_SAFETY', index: 0 }],
        usageMetadata,
        modelVersion: model,
        responseId,
      });
    if (/words-only/i.test(prompt))
      return sendJson(res, 200, {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'I can describe it instead.' }] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata,
        modelVersion: model,
        responseId,
      });
    const [rw, rh] = ratio.split(':').map(Number) as [number, number];
    const edge = EDGE[size ?? '1K'] as number;
    // Real outputs are megapixels; the peer paints them at 1/16 scale to stay fast.
    const long = edge / 16;
    const w = Math.round(rw >= rh ? long : (long * rw) / rh);
    const h = Math.round(rh >= rw ? long : (long * rh) / rw);
    const bytes = await makeImage(`${prompt}\0${config.seed}`, Math.max(8, w), Math.max(8, h), 'png');
    countGenerated(stats, `${prompt}\0${config.seed}`);
    return sendJson(res, 200, {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Here is your image.' },
              { inlineData: { mimeType: 'image/png', data: bytes.toString('base64') } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata,
      modelVersion: model,
      responseId,
    });
  });
  return { url: server.url, stats, faults: peer.faults, options, close: server.close, bodies };
}
