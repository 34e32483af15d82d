import { InputError } from '../core/errors.js';
import type { BackendIdentity, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import { IMAGEN_WITHDRAWN } from '../manifest/load.js';
import { jobByteCap, readCappedJson } from './bounded-body.js';
import {
  type CallLimits,
  type GenerateContext,
  GenerationError,
  type GenerationResult,
  type Generator,
  type GeneratorSetup,
  limitsFrom,
} from './generator.js';
import { bodyText, endpoint, request, statusError, tryJson } from './http.js';
import { conformImage, decodeBase64Image } from './image-output.js';
import { oneOf, stringOption, withSettings } from './options.js';
import { nearestRatio } from './sizes.js';

/**
 * Google's Gemini API image models ("Nano Banana": gemini-2.5-flash-image, gemini-3-pro-image,
 * gemini-3.1-flash-image…) through `POST /v1beta/models/{model}:generateContent` with
 * `responseModalities: ["IMAGE"]`. Size is asked for as `imageConfig.aspectRatio` (nearest offered)
 * and `imageSize` (smallest tier that covers the long edge), then cover-resized to the exact size.
 *
 * Plain HTTP, not @google/genai: the request is one JSON POST, and the SDK brings its own retry
 * layer that would stack on the caller's. Imagen (`:predict`) is refused: Google shut every Imagen
 * model down in the Gemini API on 17 August 2026.
 */
export const GOOGLE_VERSION = '1';
const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
const DEFAULT_MODEL = 'gemini-3.1-flash-image';
/** The SDK's order: GOOGLE_API_KEY wins over GEMINI_API_KEY when both are set. */
const KEY_ENVS = ['GOOGLE_API_KEY', 'GEMINI_API_KEY'];

const RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
/** gemini-3.1-flash-image adds the extreme ratios. */
const WIDE_RATIOS = [...RATIOS, '1:4', '4:1', '1:8', '8:1'] as const;
const IMAGE_SIZES = ['1K', '2K', '4K'] as const;
type ImageSize = (typeof IMAGE_SIZES)[number];
/** Long edge of each tier, about (Google: "~1024 / ~2048 / ~4096 pixels on the longest edge"). */
const TIER_EDGE: Record<ImageSize, number> = { '1K': 1024, '2K': 2048, '4K': 4096 };
/** Finishes and prompt blocks that mean the safety system said no: not worth another try. */
const POLICY_FINISHES = new Set([
  'SAFETY',
  'IMAGE_SAFETY',
  'PROHIBITED_CONTENT',
  'IMAGE_PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'RECITATION',
  'IMAGE_RECITATION',
]);

interface Part {
  text?: string;
  inlineData?: { mimeType?: string; data?: string };
  thought?: boolean;
}
interface GenerateContentResponse {
  candidates?: { content?: { parts?: Part[] }; finishReason?: string; finishMessage?: string }[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  modelVersion?: string;
  responseId?: string;
  usageMetadata?: Record<string, unknown>;
}

/** Whether the model takes `imageSize` (the 2.5 flash image model makes 1K only). */
function takesImageSize(model: string): boolean {
  return !model.startsWith('gemini-2.');
}

/** The smallest tier whose long edge covers the asset's long edge (the largest if none does). */
export function imageSizeFor(width: number, height: number): ImageSize {
  const edge = Math.max(width, height);
  return IMAGE_SIZES.find((size) => TIER_EDGE[size] >= edge) ?? '4K';
}

export function createGoogleGenerator(setup: GeneratorSetup): Generator {
  const { config, env, name } = setup;
  const model = (stringOption(config, 'model') ?? DEFAULT_MODEL).replace(/^models\//, '');
  if (!model.startsWith('gemini-')) {
    throw new InputError({
      file: name,
      path: `generators.${name}.model`,
      message: model.startsWith('imagen-')
        ? `"${model}": ${IMAGEN_WITHDRAWN}`
        : `"${model}" is not a Gemini image model`,
      hint: 'e.g. model: gemini-3.1-flash-image',
    });
  }
  const baseUrl = stringOption(config, 'baseUrl') ?? DEFAULT_BASE_URL;
  const keyEnvs = stringOption(config, 'apiKeyEnv')
    ? [stringOption(config, 'apiKeyEnv') as string]
    : KEY_ENVS;
  const imageSize = oneOf('google imageSize', stringOption(config, 'imageSize'), IMAGE_SIZES);
  const limits = limitsFrom(config, { concurrency: 4, timeoutMs: 180_000, retries: 4 });
  const identity = withSettings(
    { type: 'google', model, endpointClass: 'gemini-api', version: GOOGLE_VERSION },
    { imageSize },
  );
  const url = endpoint(baseUrl, `v1beta/models/${encodeURIComponent(model)}:generateContent`);

  const bodyFor = (job: Job) => {
    const { request: req } = job;
    if (Object.keys(req.params).length)
      throw new GenerationError(
        `asset "${job.asset}": the google back end takes no params (got ${Object.keys(req.params).join(', ')})`,
        'permanent',
      );
    const text = req.negativePrompt ? `${req.prompt}\n\nAvoid: ${req.negativePrompt}` : req.prompt;
    const ratios = model.startsWith('gemini-3.1-flash-image') ? WIDE_RATIOS : RATIOS;
    const aspectRatio = nearestRatio(req.width, req.height, ratios);
    const size = takesImageSize(model) ? (imageSize ?? imageSizeFor(req.width, req.height)) : undefined;
    return {
      aspectRatio,
      size,
      body: {
        contents: [{ role: 'user', parts: [{ text }] }],
        generationConfig: {
          responseModalities: ['IMAGE'],
          // Gemini takes an int32 seed; it makes sampling repeatable where the model allows it.
          seed: req.seed % 2 ** 31,
          imageConfig: { aspectRatio, ...(size ? { imageSize: size } : {}) },
        },
      },
    };
  };

  const keyOf = (): string => {
    for (const envName of keyEnvs) {
      const key = readSecret(env, envName);
      if (key) return key;
    }
    throw new GenerationError(
      `google: environment variable ${keyEnvs.join(' or ')} is not set; export it (or set apiKeyEnv in the generator config)`,
      'permanent',
    );
  };

  return {
    type: 'google',
    identity: (): BackendIdentity => identity,
    limits: (): CallLimits => limits,
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      const { body, aspectRatio, size } = bodyFor(job);
      const response = await request('google', url, {
        method: 'POST',
        headers: { 'x-goog-api-key': keyOf(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: ctx.signal,
      });
      if (!response.ok) throw await googleError(response, keyEnvs.join(' or '));
      const answer = (await readCappedJson('google', response, jobByteCap(job))) as
        | GenerateContentResponse
        | undefined;
      if (!answer || typeof answer !== 'object')
        throw new GenerationError('google answered with something that is not JSON', 'transient');
      const bytes = decodeBase64Image('google', imageData(answer));
      const conformed = await conformImage('google', bytes, job);
      return {
        bytes: conformed.bytes,
        mediaType: conformed.mediaType,
        facts: {
          // Gemini does not report a seed; the one sent is recorded, without a promise of a replay.
          seed: body.generationConfig.seed,
          model: answer.modelVersion ?? model,
          reproducible: false,
          extra: {
            aspectRatio,
            ...(size ? { imageSize: size } : {}),
            ...(answer.responseId ? { responseId: answer.responseId } : {}),
            ...(answer.usageMetadata ? { usage: answer.usageMetadata } : {}),
            ...(conformed.native ? { native: conformed.native } : {}),
          },
        },
      };
    },
  };
}

/** The first image part's base64 data, or why there is none (policy blocks are never retried). */
function imageData(answer: GenerateContentResponse): string {
  const block = answer.promptFeedback?.blockReason;
  if (block) {
    const why = answer.promptFeedback?.blockReasonMessage;
    throw new GenerationError(`google blocked the prompt (${block})${why ? `: ${why}` : ''}`, 'policy');
  }
  const candidate = answer.candidates?.[0];
  const finish = candidate?.finishReason;
  if (finish && POLICY_FINISHES.has(finish)) {
    const why = candidate?.finishMessage;
    throw new GenerationError(
      `google withheld the image (finishReason ${finish})${why ? `: ${why}` : ''}`,
      'policy',
    );
  }
  const parts = candidate?.content?.parts ?? [];
  const image = parts.find(
    (p) => !p.thought && p.inlineData?.data && p.inlineData.mimeType?.startsWith('image/'),
  );
  if (image?.inlineData?.data) return image.inlineData.data;
  const said = parts
    .map((p) => p.text)
    .filter(Boolean)
    .join(' ')
    .slice(0, 300);
  // NO_IMAGE, IMAGE_OTHER, or a text-only answer: the model may well draw it on another try.
  throw new GenerationError(
    `google returned no image (finishReason ${finish ?? 'none'})${said ? `: ${redact(said)}` : ''}`,
    'transient',
  );
}

interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: { '@type'?: string; reason?: string; retryDelay?: string }[];
  };
}

/** google.rpc errors: a wrong key is 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID. */
async function googleError(response: Response, keyEnv: string): Promise<GenerationError> {
  const text = await bodyText(response);
  const body = (tryJson(text) as GoogleErrorBody | undefined)?.error;
  const status = response.status;
  const details = Array.isArray(body?.details) ? body.details : [];
  const reason = details.find((d) => d?.['@type']?.endsWith('google.rpc.ErrorInfo'))?.reason;
  const detail = redact(
    [body?.status, body?.message].filter((x) => typeof x === 'string').join(': ') || text.slice(0, 500),
  );
  if (
    reason === 'API_KEY_INVALID' ||
    status === 401 ||
    (status === 403 && body?.status === 'PERMISSION_DENIED')
  ) {
    return new GenerationError(
      `google rejected the key in ${keyEnv} (${status} ${reason ?? body?.status ?? ''}): ${detail}`,
      'permanent',
      {
        status,
      },
    );
  }
  const error = statusError('google', status, detail, response.headers);
  const delay = details.find((d) => d?.['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const delayMs = delay ? durationMs(delay) : undefined;
  if (error.kind === 'transient' && delayMs !== undefined)
    return new GenerationError(error.message, 'transient', { status, retryAfterMs: delayMs });
  return error;
}

/** A protobuf Duration in JSON ("34s", "1.5s") in milliseconds. */
export function durationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}
