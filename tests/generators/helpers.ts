import sharp from 'sharp';
import { contentKey } from '../../src/core/canonical.js';
import type { GenerationRequest, GeneratorConfig, Job } from '../../src/core/model.js';
import { createAutomatic1111Generator } from '../../src/generators/automatic1111.js';
import { createBflGenerator } from '../../src/generators/bfl.js';
import { createComfyUIGenerator } from '../../src/generators/comfyui.js';
import type { Generator, GeneratorFactory } from '../../src/generators/generator.js';
import { createGoogleGenerator } from '../../src/generators/google.js';
import { createOpenAIGenerator } from '../../src/generators/openai.js';
import { createProceduralGenerator } from '../../src/generators/procedural.js';
import { createReplicateGenerator } from '../../src/generators/replicate.js';
import { createStabilityGenerator } from '../../src/generators/stability.js';

export function makeJob(
  generator: Generator,
  request: Partial<GenerationRequest> = {},
  asset = 'hero',
  variant = 0,
): Job {
  const full: GenerationRequest = {
    prompt: 'a red fox in the snow',
    negativePrompt: '',
    width: 1024,
    height: 1024,
    format: 'png',
    seed: 1234,
    embeddings: [],
    params: {},
    ...request,
  };
  const backend = generator.identity();
  return {
    key: contentKey({ backend, request: full, variant }),
    asset,
    variant,
    generator: 'test',
    backend,
    request: full,
  };
}

/** The factories themselves (the registry loads them lazily; tests want them synchronously). */
const FACTORIES: Record<string, GeneratorFactory> = {
  procedural: createProceduralGenerator,
  openai: createOpenAIGenerator,
  stability: createStabilityGenerator,
  comfyui: createComfyUIGenerator,
  automatic1111: createAutomatic1111Generator,
  replicate: createReplicateGenerator,
  google: createGoogleGenerator,
  bfl: createBflGenerator,
};

export function generatorFor(
  config: GeneratorConfig,
  env: NodeJS.ProcessEnv = {},
  baseDir = process.cwd(),
): Generator {
  const factory = FACTORIES[config.type];
  if (!factory) throw new Error(`no test factory for ${config.type}`);
  return factory({ name: 'test', config, baseDir, env });
}

/** Runs one generate call with a fresh signal (tests call back ends directly, without the caller). */
export function ctx(timeoutMs = 10_000) {
  return { signal: AbortSignal.timeout(timeoutMs) };
}

export async function dimensions(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
}

/** Awaits a promise expected to reject and returns the error (fails the test if it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { kind?: string; options?: { status?: number; retryAfterMs?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { kind?: string };
  }
  throw new Error('expected a rejection, got a result');
}
