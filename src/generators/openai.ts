import type OpenAI from 'openai';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ImageGenerateParamsNonStreaming, ImagesResponse } from 'openai/resources/images';
import { openAIClient } from '../clients/openai.js';
import type { BackendIdentity, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import {
  badAnswer,
  base64BodyCap,
  cappedFetch,
  jobByteCap,
  ownError,
  readCapped,
  withByteCap,
} from './bounded-body.js';
import {
  type CallLimits,
  type GenerateContext,
  GenerationError,
  type GenerationResult,
  type Generator,
  type GeneratorSetup,
  limitsFrom,
} from './generator.js';
import { isTransientStatus, missingKey, rateHints, request } from './http.js';
import { conformImage, decodeBase64Image } from './image-output.js';
import { assetParams, numberOption, oneOf, stringOption, withSettings } from './options.js';

/**
 * OpenAI Images (and Azure OpenAI / compatible servers via `baseUrl`) through the official SDK.
 * The SDK's own retries are switched off (maxRetries: 0): the one caller retries, so a job is never
 * retried 3 × N times. OpenAI takes no seed: results are stored samples, `reproducible: false`.
 */
export const OPENAI_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export type OpenAIFamily = 'gpt-image' | 'gpt-image-2' | 'dall-e-3' | 'dall-e-2';
const FAMILIES: readonly OpenAIFamily[] = ['gpt-image', 'gpt-image-2', 'dall-e-3', 'dall-e-2'];

const FIXED_SIZES: Record<Exclude<OpenAIFamily, 'gpt-image-2'>, [number, number][]> = {
  'gpt-image': [
    [1024, 1024],
    [1536, 1024],
    [1024, 1536],
  ],
  'dall-e-3': [
    [1024, 1024],
    [1792, 1024],
    [1024, 1792],
  ],
  'dall-e-2': [
    [256, 256],
    [512, 512],
    [1024, 1024],
  ],
};
const QUALITIES: Record<OpenAIFamily, readonly string[]> = {
  'gpt-image': ['auto', 'low', 'medium', 'high'],
  'gpt-image-2': ['auto', 'low', 'medium', 'high'],
  'dall-e-3': ['standard', 'hd'],
  'dall-e-2': ['standard'],
};
const PROMPT_LIMITS: Record<OpenAIFamily, number> = {
  'gpt-image': 32_000,
  'gpt-image-2': 32_000,
  'dall-e-3': 4_000,
  'dall-e-2': 1_000,
};
/** gpt-image-2 takes any WxH with both sides divisible by 16, ratio within 1:3..3:1, up to 3840x2160. */
const GPT_IMAGE_2 = { step: 16, maxEdge: 3840, maxPixels: 3840 * 2160, maxRatio: 3 };
/** How far a fixed size's aspect ratio may be from the requested one and still be cover-resized. */
const RATIO_TOLERANCE = 0.02;

/** Per-asset params: manifest name → accepted API-name aliases. */
const PARAMS: Record<string, string[]> = {
  quality: [],
  background: [],
  outputCompression: ['output_compression'],
  style: [],
  moderation: [],
};

interface OpenAISettings {
  quality?: string;
  background?: string;
  outputCompression?: number;
  style?: string;
  moderation?: string;
}

export function familyOf(model: string, configured?: string): OpenAIFamily {
  if (configured) {
    const family = oneOf('openai family', configured, FAMILIES);
    if (family) return family;
  }
  if (model.startsWith('dall-e-2')) return 'dall-e-2';
  if (model.startsWith('dall-e-3')) return 'dall-e-3';
  if (model.startsWith('gpt-image-2')) return 'gpt-image-2';
  return 'gpt-image';
}

/**
 * The size to ask for: the requested one when the model makes it, else the smallest size the model
 * makes with the same aspect ratio that is at least as large (the result is downscaled). Otherwise a
 * permanent error that lists what the model can make.
 */
export function openaiSize(model: string, family: OpenAIFamily, width: number, height: number): string {
  if (family === 'gpt-image-2') {
    const w = Math.ceil(width / GPT_IMAGE_2.step) * GPT_IMAGE_2.step;
    const h = Math.ceil(height / GPT_IMAGE_2.step) * GPT_IMAGE_2.step;
    const ratio = Math.max(w, h) / Math.min(w, h);
    if (
      Math.max(w, h) <= GPT_IMAGE_2.maxEdge &&
      w * h <= GPT_IMAGE_2.maxPixels &&
      ratio <= GPT_IMAGE_2.maxRatio
    )
      return `${w}x${h}`;
    throw new GenerationError(
      `openai model "${model}" cannot make ${width}x${height}: sides must be at most ${GPT_IMAGE_2.maxEdge}, ` +
        `at most ${GPT_IMAGE_2.maxPixels} pixels and within 1:3..3:1 (sides are rounded up to multiples of 16)`,
      'permanent',
    );
  }
  const sizes = FIXED_SIZES[family];
  const wanted = Math.log(width / height);
  const fitting = sizes
    .filter(([w, h]) => Math.abs(Math.log(w / h) - wanted) <= RATIO_TOLERANCE && w >= width && h >= height)
    .sort((a, b) => a[0] * a[1] - b[0] * b[1]);
  const best = fitting[0];
  if (best) return `${best[0]}x${best[1]}`;
  const list = sizes.map(([w, h]) => `${w}x${h}`).join(', ');
  throw new GenerationError(
    `openai model "${model}" cannot make ${width}x${height}: it makes ${list}; ` +
      'use one of those sizes, or a smaller size with the same aspect ratio (it is downscaled)',
    'permanent',
  );
}

export function createOpenAIGenerator(setup: GeneratorSetup): Generator {
  const { config, env } = setup;
  const model = stringOption(config, 'model') ?? 'gpt-image-1';
  const configuredFamily = stringOption(config, 'family');
  const baseURL = stringOption(config, 'baseUrl') ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
  const apiKeyEnv = stringOption(config, 'apiKeyEnv') ?? 'OPENAI_API_KEY';
  const limits = limitsFrom(config, { concurrency: 4, timeoutMs: 180_000, retries: 4 });
  const settings: OpenAISettings = {
    quality: stringOption(config, 'quality'),
    background: stringOption(config, 'background'),
    outputCompression: numberOption(config, 'outputCompression'),
    style: stringOption(config, 'style'),
    moderation: stringOption(config, 'moderation'),
  };
  const identity = withSettings(
    {
      type: 'openai',
      model,
      endpointClass: endpointClassOf(config.endpointClass, baseURL),
      version: OPENAI_VERSION,
    },
    { ...settings, family: configuredFamily },
  );

  let client: { key: string; sdk: OpenAI } | undefined;
  const sdkFor = (key: string): OpenAI => {
    if (client?.key !== key) {
      client = {
        key,
        sdk: openAIClient({
          apiKey: key,
          baseUrl: baseURL,
          // Our caller retries (with the rate limiter in front); retries in the SDK would multiply.
          maxRetries: 0,
          timeoutMs: limits.timeoutMs,
          // Bodies are read by the SDK: capped at the job's image cap (withByteCap below).
          fetch: cappedFetch,
          env,
        }),
      };
    }
    return client.sdk;
  };

  const buildBody = (job: Job): ImageGenerateParamsNonStreaming => {
    const family = familyOf(model, configuredFamily);
    const chosen = { ...settings, ...assetParams('openai', job, PARAMS) } as Record<string, unknown>;
    const { request } = job;
    const prompt = request.negativePrompt
      ? `${request.prompt}\n\nAvoid: ${request.negativePrompt}`
      : request.prompt;
    if (prompt.length > PROMPT_LIMITS[family]) {
      throw new GenerationError(
        `asset "${job.asset}": the prompt is ${prompt.length} characters; openai model "${model}" takes at most ${PROMPT_LIMITS[family]}`,
        'permanent',
      );
    }
    const body: ImageGenerateParamsNonStreaming = {
      model,
      prompt,
      n: 1,
      size: openaiSize(model, family, request.width, request.height),
    };
    const quality = oneOf(`openai quality for ${model}:`, chosen.quality, QUALITIES[family]);
    if (quality) body.quality = quality as ImageGenerateParamsNonStreaming['quality'];
    if (family === 'dall-e-2' || family === 'dall-e-3') {
      body.response_format = 'b64_json';
      for (const name of ['background', 'outputCompression', 'moderation'] as const) {
        if (chosen[name] !== undefined)
          throw new GenerationError(
            `openai ${name} is only for GPT image models, not "${model}"`,
            'permanent',
          );
      }
      if (family === 'dall-e-3')
        body.style = oneOf('openai style', chosen.style, ['vivid', 'natural'] as const);
      else if (chosen.style !== undefined)
        throw new GenerationError(`openai style is only for dall-e-3, not "${model}"`, 'permanent');
      return body;
    }
    if (chosen.style !== undefined)
      throw new GenerationError(`openai style is only for dall-e-3, not "${model}"`, 'permanent');
    // GPT image models encode png, jpeg and webp themselves; avif is transcoded from png.
    const outputFormat = request.format === 'avif' ? 'png' : request.format;
    body.output_format = outputFormat;
    const background = oneOf('openai background', chosen.background, [
      'auto',
      'transparent',
      'opaque',
    ] as const);
    if (background === 'transparent') {
      if (family === 'gpt-image-2')
        throw new GenerationError(`openai model "${model}" cannot make transparent backgrounds`, 'permanent');
      if (request.format === 'jpeg')
        throw new GenerationError(
          `asset "${job.asset}": a transparent background needs format png, webp or avif, not jpeg`,
          'permanent',
        );
    }
    if (background) body.background = background;
    const compression = chosen.outputCompression;
    if (compression !== undefined) {
      if (
        typeof compression !== 'number' ||
        !Number.isInteger(compression) ||
        compression < 0 ||
        compression > 100
      )
        throw new GenerationError(
          `openai outputCompression must be an integer 0..100, not ${compression}`,
          'permanent',
        );
      if (outputFormat !== 'png') body.output_compression = compression;
    }
    const moderation = oneOf('openai moderation', chosen.moderation, ['auto', 'low'] as const);
    if (moderation) body.moderation = moderation;
    return body;
  };

  return {
    type: 'openai',
    identity: (): BackendIdentity => identity,
    limits: (): CallLimits => limits,
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      // Size, quality and param problems fail this job only, before any request is paid for.
      const body = buildBody(job);
      const key = readSecret(env, apiKeyEnv);
      if (!key) throw missingKey('openai', apiKeyEnv);
      const cap = jobByteCap(job);
      let response: ImagesResponse;
      let headers: Headers;
      try {
        const answer = await withByteCap('openai', base64BodyCap(cap), () =>
          sdkFor(key).images.generate(body, { signal: ctx.signal }).withResponse(),
        );
        response = answer.data;
        headers = answer.response.headers;
      } catch (error) {
        throw mapSdkError(error, apiKeyEnv, baseURL);
      }
      const image = response.data?.[0];
      let bytes: Buffer;
      if (image?.b64_json) bytes = decodeBase64Image('openai', image.b64_json);
      else if (image?.url) bytes = await download(image.url, cap, ctx.signal);
      else throw badAnswer('openai returned no image in data[0]');
      const conformed = await conformImage('openai', bytes, job);
      return {
        bytes: conformed.bytes,
        mediaType: conformed.mediaType,
        rateHints: rateHints(headers),
        facts: {
          model,
          revisedPrompt: image.revised_prompt ?? undefined,
          reproducible: false,
          extra: {
            size: body.size,
            ...(response.quality ? { quality: response.quality } : {}),
            ...(response.background ? { background: response.background } : {}),
            ...(response.usage ? { usage: response.usage } : {}),
            ...(conformed.native ? { native: conformed.native } : {}),
          },
        },
      };
    },
  };
}

function endpointClassOf(configured: unknown, baseURL: string): string {
  if (typeof configured === 'string' && configured) return configured;
  if (baseURL === DEFAULT_BASE_URL) return 'openai';
  try {
    return new URL(baseURL).hostname.endsWith('.azure.com') ? 'azure' : 'openai-compatible';
  } catch {
    return 'openai-compatible';
  }
}

/** SDK errors → GenerationError. Refusals by the safety system are `policy` and never retried. */
export function mapSdkError(error: unknown, apiKeyEnv: string, baseURL = DEFAULT_BASE_URL): unknown {
  // Aborts are the caller's to classify: it knows whether the timeout or a cancel fired.
  if (error instanceof APIUserAbortError) return error;
  // Ours, raised inside the SDK's fetch or body read (a body past its cap), possibly wrapped.
  const own = ownError(error);
  if (own) return own;
  if (error instanceof APIConnectionTimeoutError)
    return new GenerationError('openai request timed out', 'timeout', { cause: error });
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new GenerationError(redact(`openai connection failed${cause}`), 'transient', { cause: error });
  }
  if (!(error instanceof APIError) || error.status === undefined) return error;
  const status = error.status;
  const code = error.code ?? undefined;
  const detail = redact(messageOf(error));
  const tag = code ? ` ${code}` : '';
  if (code === 'moderation_blocked' || code === 'content_policy_violation') {
    return new GenerationError(`openai refused the prompt (${status}${tag}): ${detail}`, 'policy', {
      status,
    });
  }
  if (status === 401) {
    return new GenerationError(
      `openai rejected the key in ${apiKeyEnv} (401${tag}): ${detail}`,
      'permanent',
      { status },
    );
  }
  if (status === 429 && code === 'insufficient_quota') {
    return new GenerationError(`openai quota exhausted (429${tag}): ${detail} — check billing`, 'permanent', {
      status,
    });
  }
  if (
    status === 404 &&
    !/\/v\d+\/?$/.test(new URL(baseURL).pathname) &&
    !baseURL.includes('openai.azure.com')
  ) {
    return new GenerationError(
      `openai answered 404 at ${baseURL}: ${detail} — an OpenAI-compatible baseUrl usually ends in /v1 (try ${baseURL.replace(/\/+$/, '')}/v1)`,
      'permanent',
      { status },
    );
  }
  const shouldRetry = error.headers?.get('x-should-retry');
  const transient = shouldRetry === 'true' || (shouldRetry !== 'false' && isTransientStatus(status));
  const message = `openai answered ${status}${tag}: ${detail}`;
  const hints = rateHints(error.headers);
  return transient
    ? new GenerationError(message, 'transient', { status, retryAfterMs: hints.retryAfterMs, hints })
    : new GenerationError(message, 'permanent', { status });
}

function messageOf(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

/** dall-e-2 answers with a URL unless asked for base64; we ask, but a compatible server may not listen. */
async function download(url: string, cap: number, signal: AbortSignal): Promise<Buffer> {
  const response = await request('openai', url, { signal });
  if (!response.ok) throw new GenerationError(`openai image URL answered ${response.status}`, 'transient');
  return readCapped('openai', response, cap);
}
