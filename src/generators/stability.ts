import type { BackendIdentity, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import { jobByteCap, readCapped, readCappedJson } from './bounded-body.js';
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
import { conformImage, decodeBase64Image } from './image-output.js';
import { assetParams, oneOf, stringOption, withSettings } from './options.js';
import { nearestRatio } from './sizes.js';

/**
 * Stability AI REST v2beta, `/v2beta/stable-image/generate/{core|ultra|sd3}`: multipart form in,
 * image bytes out. The seed is always sent explicitly and the one Stability reports back (`seed`
 * header) is recorded. Stability makes aspect ratios, not sizes: the nearest ratio is asked for and
 * the result cover-resized to the requested size.
 */
export const STABILITY_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.stability.ai';

export type StabilityEndpoint = 'core' | 'ultra' | 'sd3';
const ENDPOINTS: readonly StabilityEndpoint[] = ['core', 'ultra', 'sd3'];
export const ASPECT_RATIOS = ['21:9', '16:9', '3:2', '5:4', '1:1', '4:5', '2:3', '9:16', '9:21'] as const;
export const STYLE_PRESETS = [
  '3d-model',
  'analog-film',
  'anime',
  'cinematic',
  'comic-book',
  'digital-art',
  'enhance',
  'fantasy-art',
  'isometric',
  'line-art',
  'low-poly',
  'modeling-compound',
  'neon-punk',
  'origami',
  'photographic',
  'pixel-art',
  'tile-texture',
] as const;
const MAX_SEED = 4294967294;
const RATE_LIMIT_PAUSE_MS = 60_000;
const PARAMS: Record<string, string[]> = { stylePreset: ['style_preset'] };

/** The allowed ratio nearest to width:height, measured on a log scale (so 2:1 and 1:2 are as far from 1:1). */
export function nearestAspectRatio(width: number, height: number): (typeof ASPECT_RATIOS)[number] {
  return nearestRatio(width, height, ASPECT_RATIOS);
}

export function createStabilityGenerator(setup: GeneratorSetup): Generator {
  const { config, env } = setup;
  const which = oneOf('stability endpoint', stringOption(config, 'endpoint') ?? 'core', ENDPOINTS) ?? 'core';
  const sd3Model = which === 'sd3' ? (stringOption(config, 'model') ?? 'sd3.5-large') : undefined;
  const baseUrl = stringOption(config, 'baseUrl') ?? DEFAULT_BASE_URL;
  const apiKeyEnv = stringOption(config, 'apiKeyEnv') ?? 'STABILITY_API_KEY';
  const stylePreset = stringOption(config, 'stylePreset');
  const limits = limitsFrom(config, { concurrency: 4, timeoutMs: 120_000, retries: 4 });
  // 150 requests per 10 s per key is Stability's documented limit; stay under it by default.
  limits.requestsPerMinute ??= 600;
  const model = sd3Model ?? `stable-image-${which}`;
  const identity = withSettings(
    { type: 'stability', model, endpointClass: 'stability', version: STABILITY_VERSION },
    { stylePreset },
  );
  const url = endpoint(baseUrl, `v2beta/stable-image/generate/${which}`);

  const buildForm = (job: Job): { form: FormData; aspectRatio: string; outputFormat: string } => {
    const { request: req } = job;
    const params = assetParams('stability', job, PARAMS);
    const preset = oneOf('stability stylePreset', params.stylePreset ?? stylePreset, STYLE_PRESETS);
    if (preset && which === 'sd3')
      throw new GenerationError('stability stylePreset is not available on the sd3 endpoint', 'permanent');
    if (!Number.isInteger(req.seed) || req.seed < 0 || req.seed > MAX_SEED)
      throw new GenerationError(
        `stability seed must be an integer 0..${MAX_SEED}, not ${req.seed}`,
        'permanent',
      );
    // Stability encodes png, jpeg and webp (sd3: png, jpeg); anything else is transcoded from png.
    const native = which === 'sd3' ? ['png', 'jpeg'] : ['png', 'jpeg', 'webp'];
    const outputFormat = native.includes(req.format) ? req.format : 'png';
    const aspectRatio = nearestAspectRatio(req.width, req.height);
    const form = new FormData();
    form.set('prompt', req.prompt);
    if (req.negativePrompt) form.set('negative_prompt', req.negativePrompt);
    form.set('aspect_ratio', aspectRatio);
    form.set('seed', String(req.seed));
    form.set('output_format', outputFormat);
    if (preset) form.set('style_preset', preset);
    if (sd3Model) {
      form.set('model', sd3Model);
      form.set('mode', 'text-to-image');
      if (req.cfgScale !== undefined) {
        if (req.cfgScale < 1 || req.cfgScale > 10)
          throw new GenerationError(
            `stability sd3 cfg_scale must be 1..10, not ${req.cfgScale}`,
            'permanent',
          );
        form.set('cfg_scale', String(req.cfgScale));
      }
    }
    return { form, aspectRatio, outputFormat };
  };

  return {
    type: 'stability',
    identity: (): BackendIdentity => identity,
    limits: (): CallLimits => limits,
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      // Preset, seed and cfg problems fail this job only, before any request is paid for.
      const { form, aspectRatio } = buildForm(job);
      const key = readSecret(env, apiKeyEnv);
      if (!key) throw missingKey('stability', apiKeyEnv);
      const response = await request('stability', url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, accept: 'image/*' },
        body: form,
        signal: ctx.signal,
      });
      if (!response.ok) throw await stabilityError(response, apiKeyEnv);

      let bytes: Buffer;
      let finishReason = response.headers.get('finish-reason') ?? undefined;
      let seedText = response.headers.get('seed') ?? undefined;
      if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
        // The JSON variant (accept: application/json) — some gateways answer with it regardless.
        const json = (await readCappedJson('stability', response, jobByteCap(job))) as
          | { image?: string; finish_reason?: string; seed?: number }
          | undefined;
        finishReason = json?.finish_reason ?? finishReason;
        seedText = json?.seed !== undefined ? String(json.seed) : seedText;
        bytes = decodeBase64Image('stability', json?.image);
      } else {
        bytes = await readCapped('stability', response, jobByteCap(job));
      }
      if (finishReason === 'CONTENT_FILTERED') {
        throw new GenerationError(
          'stability filtered the output (finish-reason CONTENT_FILTERED): the image was blurred by its safety system',
          'policy',
          { status: response.status },
        );
      }
      const conformed = await conformImage('stability', bytes, job);
      const seed = seedText !== undefined && /^\d+$/.test(seedText) ? Number(seedText) : undefined;
      return {
        bytes: conformed.bytes,
        mediaType: conformed.mediaType,
        facts: {
          seed,
          model,
          // Seed 0 asks Stability for a random one; core/ultra may also change behind their names.
          reproducible: seed !== undefined && seed !== 0 && seed === job.request.seed,
          extra: {
            aspectRatio,
            finishReason: finishReason ?? 'SUCCESS',
            ...(response.headers.get('x-request-id')
              ? { requestId: response.headers.get('x-request-id') }
              : {}),
            ...(conformed.native ? { native: conformed.native } : {}),
          },
        },
      };
    },
  };
}

/** Stability errors: `{id, name, errors[]}`. 403 is content moderation (policy); 429 waits. */
async function stabilityError(response: Response, apiKeyEnv: string): Promise<GenerationError> {
  const text = await bodyText(response);
  const body = tryJson(text) as { name?: unknown; errors?: unknown } | undefined;
  const name = typeof body?.name === 'string' ? body.name : undefined;
  const errors = Array.isArray(body?.errors) ? body.errors.map(String).join('; ') : text;
  const detail = redact(name ? `${name}: ${errors}` : errors);
  const status = response.status;
  if (status === 403 || name === 'content_moderation') {
    return new GenerationError(`stability refused the prompt (${status}) ${detail}`, 'policy', { status });
  }
  if (status === 401) {
    return new GenerationError(`stability rejected the key in ${apiKeyEnv} (401): ${detail}`, 'permanent', {
      status,
    });
  }
  if (status === 402) {
    return new GenerationError(`stability needs credits (402): ${detail}`, 'permanent', { status });
  }
  const error = statusError('stability', status, detail, response.headers);
  if (status === 429 && error.options.retryAfterMs === undefined) {
    // No Retry-After documented: Stability's support pages describe a 60 s timeout after exceeding
    // the limit, and retrying sooner only earns another 429.
    return new GenerationError(error.message, 'transient', { status, retryAfterMs: RATE_LIMIT_PAUSE_MS });
  }
  return error;
}
