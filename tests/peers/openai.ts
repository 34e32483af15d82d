/**
 * A loopback stand-in for the two OpenAI endpoints the quality gates call, answering in the
 * documented shapes (reference/backends.md §2; openai-node's resources/moderations.ts and
 * chat/completions): POST /v1/moderations and POST /v1/chat/completions, errors as
 * `{"error": {message, type, param, code}}`. Each test scripts the replies and reads the requests.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface PeerReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type Handler = (request: RecordedRequest) => PeerReply | Promise<PeerReply>;

export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** One moderation result in the documented shape; `scores` overrides the default small scores. */
export function moderationResult(scores: Partial<Record<string, number>> = {}, flagged: string[] = []) {
  const categories: Record<string, boolean> = {};
  const category_scores: Record<string, number> = {};
  const category_applied_input_types: Record<string, string[]> = {};
  for (const c of MODERATION_CATEGORIES) {
    categories[c] = flagged.includes(c);
    category_scores[c] = scores[c] ?? 0.0001;
    const imageCapable = [
      'self-harm',
      'self-harm/instructions',
      'self-harm/intent',
      'sexual',
      'violence',
      'violence/graphic',
    ];
    category_applied_input_types[c] = imageCapable.includes(c) ? ['text', 'image'] : ['text'];
  }
  return { flagged: flagged.length > 0, categories, category_scores, category_applied_input_types };
}

export function moderationResponse(
  results: ReturnType<typeof moderationResult>[],
  model = 'omni-moderation-latest',
) {
  return { id: 'modr-test', model, results };
}

export function chatResponse(content: string | null, refusal: string | null = null, model = 'gpt-4.1-mini') {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_760_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

export function errorResponse(
  status: number,
  message: string,
  code: string | null,
  type = 'invalid_request_error',
) {
  return { status, body: { error: { message, type, param: null, code } } };
}

export interface OpenAIPeer {
  baseUrl: string;
  requests: RecordedRequest[];
  on(path: '/v1/moderations' | '/v1/chat/completions', handler: Handler): void;
  close(): Promise<void>;
}

export async function startOpenAIPeer(): Promise<OpenAIPeer> {
  const handlers = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      // leave empty: the handler sees what arrived
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const recorded = { path, headers: req.headers, body };
    requests.push(recorded);
    const auth = req.headers.authorization;
    let reply: PeerReply;
    const handler = handlers.get(path);
    if (req.method !== 'POST' || !handler) {
      reply = errorResponse(404, `Unknown request URL: ${req.method} ${path}`, 'unknown_url');
    } else if (!auth?.startsWith('Bearer ')) {
      reply = errorResponse(401, "You didn't provide an API key.", null);
    } else {
      reply = await handler(recorded);
    }
    res.writeHead(reply.status ?? 200, {
      'content-type': 'application/json',
      'x-request-id': `req_${requests.length}`,
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    on: (path, handler) => {
      handlers.set(path, handler);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
