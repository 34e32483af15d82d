import { redact } from '../core/secrets.js';
import type { RateHints } from './adaptive-limit.js';
import { GenerationError } from './generator.js';

/**
 * HTTP helpers shared by the back ends that speak plain fetch (Stability, ComfyUI, AUTOMATIC1111).
 * One rule for every back end: 408, 409, 425, 429 and 5xx are worth another try, anything else is not.
 */

/** Longest Retry-After we honour; a server asking for more is treated as a plain transient failure. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** `retry-after-ms` (OpenAI's, in ms) first, then `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** A duration as providers spell it: `1s`, `6m0s`, `20ms`, `1m30.5s`, `30s` (Google), or plain seconds. */
export function parseDurationMs(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = trimmed;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(match[1]) * (unit[match[2] as string] as number);
    rest = rest.replace(match[0], '');
  }
  return rest === '' && trimmed !== '' ? total : undefined;
}

/** Google's `RetryInfo` in an error body: `{error: {details: [{"@type": "…RetryInfo", retryDelay: "30s"}]}}`. */
export function retryInfoMs(body: unknown): number | undefined {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const d = detail as { '@type'?: unknown; retryDelay?: unknown };
    if (
      typeof d?.['@type'] === 'string' &&
      d['@type'].endsWith('RetryInfo') &&
      typeof d.retryDelay === 'string'
    )
      return parseDurationMs(d.retryDelay);
  }
  return undefined;
}

/**
 * What a response says about the provider's limits: Retry-After (or Google's RetryInfo in the
 * body) and OpenAI-style `x-ratelimit-{limit,remaining,reset}-requests` headers.
 */
export function rateHints(headers: Headers | undefined, body?: unknown): RateHints {
  const hints: RateHints = {};
  const wait = retryAfterMs(headers) ?? retryInfoMs(body);
  if (wait !== undefined) hints.retryAfterMs = Math.min(wait, MAX_RETRY_AFTER_MS);
  if (!headers) return hints;
  const number = (name: string) => {
    const value = Number.parseFloat(headers.get(name) ?? '');
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const limit = number('x-ratelimit-limit-requests');
  if (limit) hints.limitPerMinute = limit;
  const remaining = number('x-ratelimit-remaining-requests');
  if (remaining !== undefined) hints.remaining = remaining;
  const reset = parseDurationMs(headers.get('x-ratelimit-reset-requests'));
  if (reset !== undefined) hints.resetMs = Math.min(reset, MAX_RETRY_AFTER_MS);
  return hints;
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** A GenerationError for an HTTP failure: transient statuses carry the server's Retry-After. */
export function statusError(
  backend: string,
  status: number,
  detail: string,
  headers?: Headers,
): GenerationError {
  const message = redact(`${backend} answered ${status}${detail ? `: ${detail}` : ''}`);
  if (isTransientStatus(status)) {
    const hints = rateHints(headers, tryJson(detail));
    return new GenerationError(message, 'transient', { status, retryAfterMs: hints.retryAfterMs, hints });
  }
  return new GenerationError(message, 'permanent', { status });
}

/**
 * The response body as text, at most `limit` characters: the rest is never read (the connection is
 * let go), so a misbehaving server can flood neither an error message nor memory.
 */
export async function bodyText(response: Response, limit = 2000): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length > limit) {
        reader.cancel().catch(() => undefined);
        return `${text.slice(0, limit)}…`;
      }
    }
  } catch {
    // A cut connection: what arrived is all the detail there is.
  }
  return text;
}

/** Parses JSON or returns undefined: error bodies are not always what the documentation says. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `base` + `path`, keeping any path prefix of base (reverse proxies mount servers under one). */
export function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The message of a fetch failure, with the socket-level cause undici hides in `cause`. */
export function fetchFailure(backend: string, error: unknown): unknown {
  if (error instanceof GenerationError) return error;
  // Aborts (timeout, cancel) are classified by the caller, which knows which signal fired.
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return new GenerationError(redact(`${backend} request failed: ${message}${cause}`), 'transient', {
    cause: error,
  });
}

/** fetch that turns network failures into transient GenerationErrors (aborts pass through). */
export async function request(backend: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw fetchFailure(backend, error);
  }
}

export function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The error to throw when a required key is not in the environment: names the variable, never a value. */
export function missingKey(backend: string, envName: string): GenerationError {
  return new GenerationError(
    `${backend}: environment variable ${envName} is not set; export it (or set apiKeyEnv in the generator config)`,
    'permanent',
  );
}
