import type { BackendIdentity, EmbeddingRef, Job } from '../core/model.js';
import { readSecret, redact } from '../core/secrets.js';
import { badAnswer, jobByteCap, MAX_INFO_BYTES, readCapped, readCappedJson } from './bounded-body.js';
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
import { assetParams, serverUrl, stringOption, withSettings } from './options.js';

/**
 * AUTOMATIC1111 / Forge `POST /sdapi/v1/txt2img`. LoRAs and hypernetworks travel in the prompt as
 * `<lora:name:weight>` / `<hypernet:name:weight>` (that is how the web UI's extra networks work),
 * the checkpoint as `override_settings.sd_model_checkpoint`. The actual seed and model hash come back
 * in `info`, a JSON *string*.
 */
export const AUTOMATIC1111_VERSION = '1';
const PARAMS: Record<string, string[]> = {
  clipSkip: ['clip_skip'],
  restoreFaces: ['restore_faces'],
  tiling: [],
  denoisingStrength: ['denoising_strength'],
  enableHr: ['enable_hr'],
  hrScale: ['hr_scale'],
  hrUpscaler: ['hr_upscaler'],
  vae: ['sd_vae'],
};

/** The prompt with extra-network tags: LoRAs, hypernetworks, then textual inversions by name. */
export function a1111Prompt(prompt: string, embeddings: EmbeddingRef[]): string {
  const tags = embeddings.map((e) => {
    if (e.kind === 'lora') return `<lora:${e.name}:${e.weight}>`;
    if (e.kind === 'hypernetwork') return `<hypernet:${e.name}:${e.weight}>`;
    return e.weight === 1 ? e.name : `(${e.name}:${e.weight})`;
  });
  return [prompt, ...tags].filter(Boolean).join(' ');
}

interface A1111Info {
  seed?: number;
  sd_model_name?: string;
  sd_model_hash?: string;
  sd_vae_name?: string;
  sd_vae_hash?: string;
  sampler_name?: string;
  version?: string;
}

export function createAutomatic1111Generator(setup: GeneratorSetup): Generator {
  const { config, env } = setup;
  const baseUrl = serverUrl(config) ?? 'http://127.0.0.1:7860';
  const checkpoint = stringOption(config, 'checkpoint');
  const authEnv = stringOption(config, 'apiKeyEnv');
  // One GPU serves one image at a time; more concurrency only queues inside the server.
  const limits = limitsFrom(config, { concurrency: 1, timeoutMs: 600_000, retries: 2 });
  const identity = withSettings(
    {
      type: 'automatic1111',
      // Without a configured checkpoint the server's current one answers: name it so, not a guess.
      model: checkpoint ?? 'server-default',
      endpointClass: 'automatic1111',
      version: AUTOMATIC1111_VERSION,
    },
    {},
  );

  const headers = (): Record<string, string> => {
    const out: Record<string, string> = { 'content-type': 'application/json' };
    if (authEnv) {
      const credentials = readSecret(env, authEnv);
      if (!credentials) throw missingKey('automatic1111', authEnv);
      out.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    return out;
  };

  const buildBody = (job: Job): Record<string, unknown> => {
    const { request: req } = job;
    const params = assetParams('automatic1111', job, PARAMS);
    const override: Record<string, unknown> = {};
    if (checkpoint) override.sd_model_checkpoint = checkpoint;
    if (params.vae !== undefined) override.sd_vae = params.vae;
    if (params.clipSkip !== undefined) override.CLIP_stop_at_last_layers = params.clipSkip;
    const body: Record<string, unknown> = {
      prompt: a1111Prompt(req.prompt, req.embeddings),
      negative_prompt: req.negativePrompt,
      seed: req.seed,
      subseed: -1,
      subseed_strength: 0,
      width: req.width,
      height: req.height,
      batch_size: 1,
      n_iter: 1,
      steps: req.steps,
      cfg_scale: req.cfgScale,
      sampler_name: req.sampler,
      scheduler: req.scheduler,
      restore_faces: params.restoreFaces,
      tiling: params.tiling,
      enable_hr: params.enableHr,
      hr_scale: params.hrScale,
      hr_upscaler: params.hrUpscaler,
      denoising_strength: params.denoisingStrength,
      override_settings: override,
      override_settings_restore_afterwards: true,
      send_images: true,
      save_images: false,
    };
    return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  };

  const getJson = async (path: string, signal: AbortSignal): Promise<unknown | undefined> => {
    const response = await request('automatic1111', endpoint(baseUrl, path), { headers: headers(), signal });
    if (response.status === 404) return undefined; // an older or trimmed server: skip that check
    if (!response.ok) throw await a1111Error(response, authEnv);
    return tryJson((await readCapped('automatic1111', response, MAX_INFO_BYTES)).toString('utf8'));
  };

  return {
    type: 'automatic1111',
    identity: (): BackendIdentity => identity,
    limits: (): CallLimits => limits,
    /** Checks the checkpoint, LoRA and hypernetwork names against the server before the batch. */
    async preflight(jobs: Job[], ctx: GenerateContext): Promise<void> {
      // Only server-wide problems stop the batch; a job with bad params fails on its own in generate.
      const problems: string[] = [];
      if (checkpoint) {
        const models = (await getJson('sdapi/v1/sd-models', ctx.signal)) as
          | { title?: string; model_name?: string; filename?: string; hash?: string }[]
          | undefined;
        if (Array.isArray(models)) {
          const names = models.flatMap((m) => [
            m.title,
            m.model_name,
            m.filename?.split(/[\\/]/).pop(),
            m.hash,
          ]);
          if (!names.includes(checkpoint))
            problems.push(
              missing(
                'checkpoint',
                [checkpoint],
                models.map((m) => m.title ?? m.model_name ?? ''),
              ),
            );
        }
      }
      for (const [kind, path] of [
        ['lora', 'sdapi/v1/loras'],
        ['hypernetwork', 'sdapi/v1/hypernetworks'],
      ] as const) {
        const wanted = new Set(
          jobs.flatMap((j) => j.request.embeddings.filter((e) => e.kind === kind).map((e) => e.name)),
        );
        if (!wanted.size) continue;
        const listed = (await getJson(path, ctx.signal)) as { name?: string; alias?: string }[] | undefined;
        if (!Array.isArray(listed)) continue;
        const names = new Set(listed.flatMap((l) => [l.name, l.alias]).filter(Boolean));
        const absent = [...wanted].filter((n) => !names.has(n));
        if (absent.length)
          problems.push(
            missing(
              kind,
              absent,
              listed.map((l) => l.name ?? ''),
            ),
          );
      }
      if (problems.length) throw new GenerationError(problems.join('\n'), 'permanent');
    },
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      const body = buildBody(job);
      const response = await request('automatic1111', endpoint(baseUrl, 'sdapi/v1/txt2img'), {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify(body),
        signal: ctx.signal,
      });
      if (!response.ok) throw await a1111Error(response, authEnv);
      const json = (await readCappedJson('automatic1111', response, jobByteCap(job))) as {
        images?: unknown[];
        info?: unknown;
      } | null;
      if (!json || typeof json !== 'object')
        throw badAnswer('automatic1111 answered 200 with no JSON object');
      const bytes = decodeBase64Image('automatic1111', json.images?.[0]);
      const info = parseInfo(json.info);
      const conformed = await conformImage('automatic1111', bytes, job);
      return {
        bytes: conformed.bytes,
        mediaType: conformed.mediaType,
        facts: {
          seed: typeof info?.seed === 'number' ? info.seed : undefined,
          model: info?.sd_model_name ?? checkpoint,
          modelHash: info?.sd_model_hash ?? undefined,
          // GPU noise differs across vendors (randn_source), so "reproducible" means on this server.
          reproducible: info?.seed === job.request.seed,
          extra: {
            ...(info?.sd_vae_name ? { vae: info.sd_vae_name } : {}),
            ...(info?.sd_vae_hash ? { vaeHash: info.sd_vae_hash } : {}),
            ...(info?.sampler_name ? { sampler: info.sampler_name } : {}),
            ...(info?.version ? { serverVersion: info.version } : {}),
            ...(info ? {} : { info: 'unparsed' }),
            ...(conformed.native ? { native: conformed.native } : {}),
          },
        },
      };
    },
  };
}

/** `info` is a JSON string made by json.dumps; a fork that sends an object is accepted too. */
export function parseInfo(info: unknown): A1111Info | undefined {
  if (info && typeof info === 'object') return info as A1111Info;
  if (typeof info !== 'string') return undefined;
  const parsed = tryJson(info);
  return parsed && typeof parsed === 'object' ? (parsed as A1111Info) : undefined;
}

function missing(kind: string, names: string[], available: string[]): string {
  const shown = available.filter(Boolean).slice(0, 20);
  const more = available.length > shown.length ? `, … (${available.length} in all)` : '';
  return `automatic1111: ${kind} ${names.map((n) => `"${n}"`).join(', ')} not on the server; available: ${shown.join(', ') || 'none'}${more}`;
}

/** FastAPI 422 `{detail: [{loc, msg, type}]}` → the fields and messages; 4xx permanent, 5xx transient. */
async function a1111Error(response: Response, authEnv: string | undefined): Promise<GenerationError> {
  const text = await bodyText(response);
  const body = tryJson(text) as { detail?: unknown; error?: unknown; errors?: unknown } | undefined;
  let detail = text;
  if (Array.isArray(body?.detail)) {
    detail = body.detail
      .map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).join('.')}: ${d.msg ?? ''}`)
      .join('; ');
  } else if (typeof body?.detail === 'string') {
    detail = [body.error, body.detail, body.errors].filter((x) => typeof x === 'string' && x).join(': ');
  }
  detail = redact(detail);
  if (response.status === 401) {
    return new GenerationError(
      `automatic1111 refused the credentials${authEnv ? ` in ${authEnv}` : ' (set apiKeyEnv to a variable holding user:password)'} (401): ${detail}`,
      'permanent',
      { status: 401 },
    );
  }
  return statusError('automatic1111', response.status, detail, response.headers);
}
