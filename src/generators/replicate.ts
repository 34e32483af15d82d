import { InputError } from '../core/errors.js';
import type { BackendIdentity, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import { jobByteCap, MAX_INFO_BYTES, readCapped } from './bounded-body.js';
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
import { numberOption, oneOf, stringOption, withSettings } from './options.js';
import { downloadResult, mayCarryKey, pause, pollPatiently } from './remote.js';
import { nearestRatio } from './sizes.js';

/**
 * Replicate predictions (https://replicate.com/docs/reference/http). `model: owner/name` runs an
 * official model (`POST /models/{owner}/{name}/predictions`); `owner/name:<version>` or a bare
 * version id pins one version (`POST /predictions` with `version`). The request asks to wait
 * (`Prefer: wait`); a prediction still running when the server lets go is polled at `urls.get`.
 * Output files are downloaded at once (Replicate deletes them after an hour). On abort the
 * prediction is cancelled, so a timed-out or interrupted job stops costing money.
 *
 * Inputs are model-specific: `prompt`, `seed`, the size (as `aspect_ratio`, or `width`/`height`,
 * per `sizeInput`), `output_format` and `negative_prompt` are filled in; `input:` in the generator
 * config and an asset's `params` are passed through as they are.
 */
export const REPLICATE_VERSION = '1';
const DEFAULT_BASE_URL = 'https://api.replicate.com/v1';
/** Longest `Prefer: wait` Replicate honours, in seconds. */
const MAX_WAIT_SECONDS = 60;
/** Replicate's documented limit for creating predictions. */
const CREATE_REQUESTS_PER_MINUTE = 600;
const VERSION_ID = /^[0-9a-f]{64}$/;
const MODEL_NAME = /^[\w.-]+\/[\w.-]+$/;
/** FLUX's `aspect_ratio` values on Replicate (flux-schnell, flux-dev, flux-1.1-pro). */
export const REPLICATE_ASPECT_RATIOS = [
  '21:9',
  '16:9',
  '3:2',
  '4:3',
  '5:4',
  '1:1',
  '4:5',
  '3:4',
  '2:3',
  '9:16',
  '9:21',
] as const;
const SIZE_INPUTS = ['aspect_ratio', 'width_height', 'none'] as const;
/** Terminal states: https://replicate.com/docs/topics/predictions/lifecycle */
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

interface Prediction {
  id?: string;
  model?: string;
  version?: string;
  status?: string;
  output?: unknown;
  error?: unknown;
  logs?: string;
  metrics?: { predict_time?: number };
  urls?: { get?: string; cancel?: string };
}

interface ModelRef {
  /** `owner/name`, or undefined when only a version id was given. */
  name?: string;
  version?: string;
}

export function parseModelRef(model: string, version?: string): ModelRef | undefined {
  if (VERSION_ID.test(model)) return { version: model };
  const [name, pinned] = model.split(':', 2);
  if (!name || !MODEL_NAME.test(name)) return undefined;
  const chosen = pinned ?? version;
  if (chosen !== undefined && !VERSION_ID.test(chosen)) return undefined;
  return { name, version: chosen };
}

export function createReplicateGenerator(setup: GeneratorSetup): Generator {
  const { config, env, name } = setup;
  const modelText = stringOption(config, 'model');
  const ref = modelText ? parseModelRef(modelText, stringOption(config, 'version')) : undefined;
  if (!ref) {
    throw new InputError({
      file: name,
      path: `generators.${name}.model`,
      message: `replicate model ${JSON.stringify(modelText ?? '')} is not "owner/name", "owner/name:<version id>" or a 64-character version id`,
      hint: 'e.g. model: black-forest-labs/flux-schnell',
    });
  }
  const baseUrl = stringOption(config, 'baseUrl') ?? DEFAULT_BASE_URL;
  const apiKeyEnv = stringOption(config, 'apiKeyEnv') ?? 'REPLICATE_API_TOKEN';
  const sizeInput = oneOf(
    'replicate sizeInput',
    stringOption(config, 'sizeInput') ?? 'aspect_ratio',
    SIZE_INPUTS,
  );
  const input = isRecord(config.input) ? config.input : {};
  const pollMs = numberOption(config, 'pollIntervalMs') ?? 1000;
  const limits = limitsFrom(config, { concurrency: 4, timeoutMs: 300_000, retries: 4 });
  // The create request must come back (with an id to cancel) well before the job's timeout.
  const waitSeconds = Math.min(
    MAX_WAIT_SECONDS,
    Math.max(1, Math.floor(limits.timeoutMs / 2000)),
    Math.max(1, numberOption(config, 'waitSeconds') ?? MAX_WAIT_SECONDS),
  );
  limits.requestsPerMinute ??= CREATE_REQUESTS_PER_MINUTE;
  const model = ref.name ? (ref.version ? `${ref.name}:${ref.version}` : ref.name) : (ref.version as string);
  const identity = withSettings(
    { type: 'replicate', model, endpointClass: 'replicate', version: REPLICATE_VERSION },
    { input: Object.keys(input).length ? input : undefined, sizeInput },
  );
  const createUrl = ref.version
    ? endpoint(baseUrl, 'predictions')
    : endpoint(baseUrl, `models/${ref.name}/predictions`);

  const inputFor = (job: Job): Record<string, unknown> => {
    const { request: req } = job;
    const out: Record<string, unknown> = { prompt: req.prompt, seed: req.seed };
    if (req.negativePrompt) out.negative_prompt = req.negativePrompt;
    if (sizeInput === 'aspect_ratio')
      out.aspect_ratio = nearestRatio(req.width, req.height, REPLICATE_ASPECT_RATIOS);
    if (sizeInput === 'width_height') Object.assign(out, { width: req.width, height: req.height });
    // FLUX on Replicate encodes webp, jpg and png; avif is transcoded from png.
    out.output_format = req.format === 'jpeg' ? 'jpg' : req.format === 'avif' ? 'png' : req.format;
    return { ...out, ...input, ...req.params };
  };

  const auth = () => {
    const token = readSecret(env, apiKeyEnv);
    if (!token) throw missingKey('replicate', apiKeyEnv);
    return { authorization: `Bearer ${token}` };
  };

  /** urls.get / urls.cancel when they are on the API's origin, else the documented path under baseUrl. */
  const predictionUrl = (p: Prediction, which: 'get' | 'cancel'): string => {
    const given = p.urls?.[which];
    if (given && mayCarryKey(given, baseUrl)) return given;
    const id = encodeURIComponent(String(p.id));
    return endpoint(baseUrl, which === 'get' ? `predictions/${id}` : `predictions/${id}/cancel`);
  };

  const create = async (input: Record<string, unknown>, signal: AbortSignal): Promise<Prediction> => {
    const body: Record<string, unknown> = { input };
    if (ref.version) body.version = ref.version;
    const response = await request('replicate', createUrl, {
      method: 'POST',
      headers: {
        ...auth(),
        'content-type': 'application/json',
        prefer: `wait=${waitSeconds}`,
        // If we vanish (kill -9), Replicate stops the prediction itself instead of billing it to the end.
        'cancel-after': `${Math.max(5, Math.ceil(limits.timeoutMs / 1000))}s`,
      },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw await replicateError(response, apiKeyEnv);
    return predictionOf((await readCapped('replicate', response, MAX_INFO_BYTES)).toString('utf8'));
  };

  const poll = async (first: Prediction, signal: AbortSignal): Promise<Prediction> => {
    let current = first;
    while (!TERMINAL.has(String(current.status))) {
      await pause(pollMs, signal);
      const url = predictionUrl(current, 'get');
      current = await pollPatiently(
        async () => {
          const response = await request('replicate', url, { headers: auth(), signal });
          if (!response.ok) throw await replicateError(response, apiKeyEnv);
          return predictionOf((await readCapped('replicate', response, MAX_INFO_BYTES)).toString('utf8'));
        },
        signal,
        pollMs,
      );
    }
    return current;
  };

  /** Best effort, after an abort: stop the prediction so it is not billed to the end. */
  const cancel = async (p: Prediction) => {
    try {
      await fetch(predictionUrl(p, 'cancel'), {
        method: 'POST',
        headers: auth(),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      // The server may be why we gave up; Cancel-After stops it anyway.
    }
  };

  return {
    type: 'replicate',
    identity: (): BackendIdentity => identity,
    limits: (): CallLimits => limits,
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      let prediction: Prediction | undefined;
      const input = inputFor(job);
      try {
        prediction = await create(input, ctx.signal);
        const done = await poll(prediction, ctx.signal);
        const url = outputUrl(done);
        const bytes = await downloadResult('replicate', url, ctx.signal, jobByteCap(job));
        const conformed = await conformImage('replicate', bytes, job);
        const loggedSeed = seedFromLogs(done.logs);
        const usedModel = done.model && done.version ? `${done.model}:${done.version}` : model;
        return {
          bytes: conformed.bytes,
          mediaType: conformed.mediaType,
          facts: {
            seed: loggedSeed ?? job.request.seed,
            model: usedModel,
            // Only a pinned version is the same code and weights next time.
            reproducible: Boolean(ref.version) && (loggedSeed ?? job.request.seed) === job.request.seed,
            extra: {
              predictionId: done.id,
              // What the price of a run depends on besides the model (the cost estimate reads it).
              ...(input.aspect_ratio ? { aspectRatio: input.aspect_ratio } : {}),
              ...(input.width ? { size: `${input.width}x${input.height}` } : {}),
              ...(done.version ? { version: done.version } : {}),
              ...(done.metrics?.predict_time !== undefined ? { predictTime: done.metrics.predict_time } : {}),
              ...(conformed.native ? { native: conformed.native } : {}),
            },
          },
        };
      } catch (error) {
        if (prediction?.id && ctx.signal.aborted && !TERMINAL.has(String(prediction.status)))
          void cancel(prediction);
        throw error;
      }
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function predictionOf(text: string): Prediction {
  const body = tryJson(text);
  if (!isRecord(body) || typeof body.id !== 'string' || typeof body.status !== 'string') {
    throw new GenerationError('replicate answered with something that is not a prediction', 'transient');
  }
  return body as Prediction;
}

/** A finished prediction's first output file, or the reason there is none. */
function outputUrl(p: Prediction): string {
  if (p.status === 'succeeded') {
    const output = Array.isArray(p.output) ? p.output[0] : p.output;
    if (typeof output === 'string' && output) return output;
    throw new GenerationError(`replicate prediction ${p.id} succeeded without an output file`, 'permanent');
  }
  const detail = redact(typeof p.error === 'string' ? p.error : JSON.stringify(p.error ?? null));
  if (p.status === 'failed') {
    // NSFW checkers (FLUX, SDXL) fail the prediction; Replicate tags sensitive content E005.
    if (/nsfw|\bE005\b|flagged as sensitive|safety/i.test(detail))
      throw new GenerationError(`replicate refused the prompt or output: ${detail}`, 'policy');
    throw new GenerationError(`replicate prediction ${p.id} failed: ${detail}`, 'permanent');
  }
  // canceled by someone else, or aborted before it started (deadline): nothing was made; try again.
  throw new GenerationError(`replicate prediction ${p.id} ended ${p.status}`, 'transient');
}

/** Many image models log the seed they used ("Using seed: 42"); the API has no field for it. */
export function seedFromLogs(logs: string | undefined): number | undefined {
  const match = logs ? /seed[^\d\n]{0,12}(\d{1,20})/i.exec(logs) : null;
  if (!match) return undefined;
  const seed = Number(match[1]);
  return Number.isSafeInteger(seed) ? seed : undefined;
}

/** Replicate errors are problem details: `{title, detail, status}`. */
async function replicateError(response: Response, apiKeyEnv: string): Promise<GenerationError> {
  const text = await bodyText(response);
  const body = tryJson(text);
  const detail = redact(
    isRecord(body) ? [body.title, body.detail].filter((x) => typeof x === 'string').join(': ') : text,
  );
  const status = response.status;
  if (status === 401 || status === 403) {
    return new GenerationError(
      `replicate rejected the token in ${apiKeyEnv} (${status}): ${detail}`,
      'permanent',
      {
        status,
      },
    );
  }
  if (status === 402)
    return new GenerationError(`replicate needs credit (402): ${detail}`, 'permanent', { status });
  const error = statusError('replicate', status, detail, response.headers);
  if (status === 429 && error.options.retryAfterMs === undefined) {
    // "Request was throttled. Your rate limit resets in ~30s."
    const seconds = /resets in ~?(\d+)\s*s/i.exec(detail)?.[1];
    if (seconds)
      return new GenerationError(error.message, 'transient', {
        status,
        retryAfterMs: Number(seconds) * 1000,
      });
  }
  return error;
}
