/**
 * Prompt optimisation, the I/O half: each rewrite the planner wants is taken from genops.lock, else
 * from the state folder's cache, else asked of the chat model once and cached at once. So a rerun,
 * or CI with the lockfile, never calls the model, and a rewrite changes only when its inputs do.
 */
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import { openAIClient } from '../clients/openai.js';
import { InputError, type SourceLocation } from '../core/errors.js';
import { readSecret, redact } from '../core/secrets.js';
import { readLockfile } from '../lockfile/lockfile.js';
import { formatPath } from '../manifest/locate.js';
import { parseRewrite, type RewriteRequest, rewriteMessages } from '../plan/optimize.js';
import { JsonIndex } from '../store/json-index.js';
import type { LayerContext } from './context.js';

/** What the state folder keeps of one rewrite. */
export interface CachedRewrite {
  key: string;
  model: string;
  original: string;
  rewritten: string;
  createdAt: string;
}

export interface OptimizeOptions {
  /** Where a manifest path is, for messages (the loaded manifest's locator). */
  locate?: (path: (string | number)[]) => SourceLocation;
  /** Test seam: the fetch the OpenAI SDK uses. */
  fetch?: typeof fetch;
}

/** Rewrites at once: a batch of assets should not wait on one call at a time, nor flood the API. */
const CONCURRENCY = 4;
const TIMEOUT_MS = 60_000;
/**
 * The SDK's retries (429, 5xx, connection errors, honouring Retry-After) are the only retries here:
 * nothing else retries a rewrite, so they do not stack.
 */
const SDK_RETRIES = 2;

/** Every wanted rewrite by key. Throws (naming the asset's prompt) when one cannot be had. */
export async function resolveRewrites(
  ctx: LayerContext,
  wanted: readonly RewriteRequest[],
  options: OptimizeOptions = {},
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!wanted.length) return found;
  const lock = await readLockfile(ctx.lockfilePath);
  for (const asset of Object.values(lock.assets)) {
    if (asset.optimization) found.set(asset.optimization.key, asset.prompt);
  }
  const fromLock = wanted.filter((w) => found.has(w.key)).length;
  const cache = new JsonIndex<CachedRewrite>(ctx.workspace.paths.prompts);
  let fromCache = 0;
  const missing: RewriteRequest[] = [];
  for (const request of wanted) {
    if (found.has(request.key)) continue;
    const hit = await cache.get(request.key);
    if (hit?.key === request.key) {
      found.set(request.key, hit.rewritten);
      fromCache++;
    } else missing.push(request);
  }
  if (missing.length) await askAll(ctx, missing, cache, found, options);
  const models = [...new Set(missing.map((m) => m.model))].join(', ');
  ctx.log.info(
    `optimize: ${wanted.length} prompt(s): ${fromLock} from the lockfile, ${fromCache} cached, ${missing.length} rewritten${models ? ` by ${models}` : ''}`,
  );
  return found;
}

async function askAll(
  ctx: LayerContext,
  missing: RewriteRequest[],
  cache: JsonIndex<CachedRewrite>,
  found: Map<string, string>,
  options: OptimizeOptions,
): Promise<void> {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  // One signal for the batch: the SDK leaves a listener on the signal of every request it made.
  const batch = new AbortController();
  setMaxListeners(0, batch.signal);
  const abort = () => batch.abort();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    await Promise.all(missing.map((request) => queue.add(() => askOne(request, batch.signal))));
  } finally {
    ctx.signal.removeEventListener('abort', abort);
  }

  async function askOne(request: RewriteRequest, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new Error('interrupted before every prompt was rewritten');
    const rewritten = await ask(ctx, request, signal, options);
    // Cached as soon as it is made: an interrupted plan pays for no rewrite twice.
    await cache.set(request.key, {
      key: request.key,
      model: request.model,
      original: request.prompt,
      rewritten,
      createdAt: new Date().toISOString(),
    });
    found.set(request.key, rewritten);
  }
}

/** One chat completion; a refusal, an empty answer or an API error is an error naming the prompt. */
async function ask(
  ctx: LayerContext,
  request: RewriteRequest,
  signal: AbortSignal,
  options: OptimizeOptions,
): Promise<string> {
  const apiKey = readSecret(ctx.env, request.apiKeyEnv);
  if (!apiKey) {
    throw new InputError({
      file: ctx.manifestPath,
      ...options.locate?.(request.at),
      path: formatPath(request.at),
      message: `prompt optimisation needs ${request.apiKeyEnv}, which is not set, and genops.lock has no rewrite of "${clip(request.prompt)}"`,
      hint: `set ${request.apiKeyEnv} (or optimize.apiKeyEnv), commit genops.lock from a run that had it, or set optimize.enabled: false`,
    });
  }
  const client = openAIClient({
    apiKey,
    baseUrl: request.baseUrl,
    maxRetries: SDK_RETRIES,
    timeoutMs: TIMEOUT_MS,
    fetch: options.fetch,
    env: ctx.env,
  });
  try {
    const reply = await client.chat.completions.create(
      { model: request.model, messages: rewriteMessages(request) },
      { signal },
    );
    const message = reply.choices[0]?.message;
    if (message?.refusal) throw new Error(`the model refused: ${message.refusal}`);
    return parseRewrite(message?.content);
  } catch (error) {
    const why = redact(error instanceof Error ? error.message : String(error));
    throw new Error(`optimize: rewriting "${clip(request.prompt)}" with ${request.model} failed: ${why}`);
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
