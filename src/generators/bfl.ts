import type { BackendIdentity, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import { jobByteCap } from './bounded-body.js';
import {
  type CallLimits,
  type GenerateContext,
  GenerationError,
  type GenerationResult,
  type Generator,
  type GeneratorSetup,
  limitsFrom,
} from './generator.js';
import { bodyText, endpoint, missingKey, request, statusError, tryJson } from './http.js';
import { conformImage } from './image-output.js';
import { numberOption, stringOption, withSettings } from './options.js';
import { downloadResult, mayCarryKey, pause, pollPatiently } from './remote.js';
import { nearestRatio } from './sizes.js';

/**
 * Black Forest Labs' FLUX API (https://docs.bfl.ai): `POST {baseUrl}/v1/{model}` with the key in
 * `x-key` answers `{id, polling_url}`; the polling URL is read until `Ready`, and `result.sample`
 * (a signed URL, valid about 10 minutes) is downloaded without the key. The seed is sent and the one
 * BFL reports (`result.seed`) recorded. BFL documents no cancel call: an aborted job's task runs out.
 */
export const BFL_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.bfl.ai';
/** Regional polling hosts (api.eu1.bfl.ai…) may carry the key; nothing else may. */
const BFL_HOSTS = '.bfl.ai';
const MODERATED = new Set(['Request Moderated', 'Content Moderated']);
const FAILED = new Set(['Error', 'Failed', 'Task not found']);
/** Models that take `aspect_ratio` instead of width/height. */
const RATIO_MODELS = /^flux-(kontext|pro-1\.1-ultra)/;
const KONTEXT_RATIOS = ['21:9', '16:9', '3:2', '4:3', '1:1', '3:4', '2:3', '9:16', '9:21'] as const;
/** FLUX.1 endpoints: sides 256..1440 in steps of 32. FLUX.2: steps of 16, up to 4 megapixels. */
const FLUX1 = { step: 32, min: 256, max: 1440, maxPixels: 1440 * 1440 };
const FLUX2 = { step: 16, min: 64, max: 4096, maxPixels: 4_000_000 };

interface PollAnswer {
  status?: string;
  result?: { sample?: string; seed?: number };
  error?: unknown;
}

/** A size the model takes with the asset's aspect ratio, as close to its pixel count as allowed. */
export function bflSize(model: string, width: number, height: number): { width: number; height: number } {
  const rule = model.startsWith('flux-2') ? FLUX2 : FLUX1;
  const scale = Math.min(1, rule.max / Math.max(width, height), Math.sqrt(rule.maxPixels / (width * height)));
  const snap = (side: number) =>
    Math.min(rule.max, Math.max(rule.min, Math.round((side * scale) / rule.step) * rule.step));
  return { width: snap(width), height: snap(height) };
}

export function createBflGenerator(setup: GeneratorSetup): Generator {
  const { config, env } = setup;
  const model = stringOption(config, 'model') ?? 'flux-pro-1.1';
  const baseUrl = stringOption(config, 'baseUrl') ?? DEFAULT_BASE_URL;
  const apiKeyEnv = stringOption(config, 'apiKeyEnv') ?? 'BFL_API_KEY';
  const safetyTolerance = numberOption(config, 'safetyTolerance');
  const promptUpsampling = typeof config.promptUpsampling === 'boolean' ? config.promptUpsampling : undefined;
  const pollMs = numberOption(config, 'pollIntervalMs') ?? 500;
  // BFL allows 24 tasks in flight per key (6 for flux-kontext-max); a task is in flight until Ready.
  const limits = limitsFrom(config, { concurrency: 4, timeoutMs: 300_000, retries: 4 });
  const identity = withSettings(
    { type: 'bfl', model, endpointClass: 'bfl', version: BFL_VERSION },
    { safetyTolerance, promptUpsampling },
  );
  const submitUrl = endpoint(baseUrl, `v1/${encodeURIComponent(model)}`);

  const bodyFor = (job: Job): Record<string, unknown> => {
    const { request: req } = job;
    if (Object.keys(req.params).length)
      throw new GenerationError(
        `asset "${job.asset}": the bfl back end takes no params (got ${Object.keys(req.params).join(', ')})`,
        'permanent',
      );
    const body: Record<string, unknown> = {
      prompt: req.negativePrompt ? `${req.prompt}\n\nAvoid: ${req.negativePrompt}` : req.prompt,
      seed: req.seed,
      // FLUX encodes jpeg and png; webp and avif are transcoded from png.
      output_format: req.format === 'jpeg' ? 'jpeg' : 'png',
    };
    if (RATIO_MODELS.test(model)) body.aspect_ratio = nearestRatio(req.width, req.height, KONTEXT_RATIOS);
    else Object.assign(body, bflSize(model, req.width, req.height));
    if (safetyTolerance !== undefined) body.safety_tolerance = safetyTolerance;
    if (promptUpsampling !== undefined) body.prompt_upsampling = promptUpsampling;
    return body;
  };

  const key = (): string => {
    const value = readSecret(env, apiKeyEnv);
    if (!value) throw missingKey('bfl', apiKeyEnv);
    return value;
  };

  const submit = async (body: Record<string, unknown>, signal: AbortSignal) => {
    const response = await request('bfl', submitUrl, {
      method: 'POST',
      headers: { 'x-key': key(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw await bflError(response, apiKeyEnv);
    const answer = tryJson(await bodyText(response, 64_000)) as
      | { id?: unknown; polling_url?: unknown }
      | undefined;
    if (typeof answer?.id !== 'string')
      throw new GenerationError('bfl answered the submit without a task id', 'transient');
    const pollingUrl =
      typeof answer.polling_url === 'string'
        ? answer.polling_url
        : `${endpoint(baseUrl, 'v1/get_result')}?id=${encodeURIComponent(answer.id)}`;
    if (!mayCarryKey(pollingUrl, baseUrl, BFL_HOSTS))
      throw new GenerationError(
        `bfl returned a polling_url outside ${baseUrl} and *.bfl.ai; not sending the key there`,
        'permanent',
      );
    return { id: answer.id, pollingUrl };
  };

  const poll = async (pollingUrl: string, signal: AbortSignal): Promise<PollAnswer> => {
    for (;;) {
      await pause(pollMs, signal);
      const answer = await pollPatiently(
        async () => {
          const response = await request('bfl', pollingUrl, {
            headers: { 'x-key': key(), accept: 'application/json' },
            signal,
          });
          if (!response.ok) throw await bflError(response, apiKeyEnv);
          const body = tryJson(await bodyText(response, 64_000)) as PollAnswer | undefined;
          if (typeof body?.status !== 'string')
            throw new GenerationError('bfl polling answered without a status', 'transient');
          return body;
        },
        signal,
        pollMs,
      );
      const status = answer.status as string;
      if (status === 'Ready' || MODERATED.has(status) || FAILED.has(status)) return answer as PollAnswer;
    }
  };

  return {
    type: 'bfl',
    identity: (): BackendIdentity => identity,
    limits: (): CallLimits => limits,
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      const body = bodyFor(job);
      const task = await submit(body, ctx.signal);
      const answer = await poll(task.pollingUrl, ctx.signal);
      const status = answer.status as string;
      const detail = redact(typeof answer.error === 'string' ? `: ${answer.error}` : '');
      if (MODERATED.has(status))
        throw new GenerationError(`bfl moderated task ${task.id} (${status})${detail}`, 'policy');
      if (FAILED.has(status))
        // Nothing was made; a new task may well succeed (and costs nothing extra).
        throw new GenerationError(`bfl task ${task.id} ended "${status}"${detail}`, 'transient');
      const sample = answer.result?.sample;
      if (typeof sample !== 'string')
        throw new GenerationError(`bfl task ${task.id} is Ready without a sample`, 'transient');
      const bytes = await downloadResult('bfl', sample, ctx.signal, jobByteCap(job));
      const conformed = await conformImage('bfl', bytes, job);
      const seed = typeof answer.result?.seed === 'number' ? answer.result.seed : undefined;
      return {
        bytes: conformed.bytes,
        mediaType: conformed.mediaType,
        facts: {
          seed: seed ?? job.request.seed,
          model,
          reproducible: seed === job.request.seed,
          extra: {
            taskId: task.id,
            ...(body.aspect_ratio
              ? { aspectRatio: body.aspect_ratio }
              : { size: `${body.width}x${body.height}` }),
            ...(conformed.native ? { native: conformed.native } : {}),
          },
        },
      };
    },
  };
}

/** BFL errors: FastAPI `{detail}` (422 lists the fields), 402 credits, 429 too many active tasks. */
async function bflError(response: Response, apiKeyEnv: string): Promise<GenerationError> {
  const text = await bodyText(response);
  const body = tryJson(text) as { detail?: unknown; message?: unknown; retry_after?: unknown } | undefined;
  const raw = body?.detail ?? body?.message;
  const detail = redact(
    typeof raw === 'string' ? raw : raw !== undefined ? JSON.stringify(raw) : text.slice(0, 500),
  );
  const status = response.status;
  if (status === 401 || status === 403)
    return new GenerationError(`bfl rejected the key in ${apiKeyEnv} (${status}): ${detail}`, 'permanent', {
      status,
    });
  if (status === 402)
    return new GenerationError(`bfl needs credits (402): ${detail}`, 'permanent', { status });
  const error = statusError('bfl', status, detail, response.headers);
  if (status === 429 && error.options.retryAfterMs === undefined && typeof body?.retry_after === 'number')
    return new GenerationError(error.message, 'transient', { status, retryAfterMs: body.retry_after * 1000 });
  return error;
}
