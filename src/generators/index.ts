import type { GeneratorConfig } from '../core/model.js';
import type { Generator, GeneratorFactory, GeneratorSetup } from './generator.js';

/**
 * Every back end by its manifest `type`, loaded on first use: a run on the procedural generator never
 * loads the OpenAI SDK or a WebSocket client (start-up time is part of every CI step).
 * Factories must not need secrets: those are read at generate time.
 */
const FACTORIES: Record<string, () => Promise<GeneratorFactory>> = {
  procedural: async () => (await import('./procedural.js')).createProceduralGenerator,
  openai: async () => (await import('./openai.js')).createOpenAIGenerator,
  stability: async () => (await import('./stability.js')).createStabilityGenerator,
  comfyui: async () => (await import('./comfyui.js')).createComfyUIGenerator,
  automatic1111: async () => (await import('./automatic1111.js')).createAutomatic1111Generator,
  replicate: async () => (await import('./replicate.js')).createReplicateGenerator,
  google: async () => (await import('./google.js')).createGoogleGenerator,
  bfl: async () => (await import('./bfl.js')).createBflGenerator,
};

export { renamedOptions } from './options.js';

export const BUILTIN_GENERATORS: Record<string, GeneratorConfig> = { procedural: { type: 'procedural' } };

/** Back ends that may list several servers (`urls:`), and each server's concurrency unless set. */
const POOLABLE: Record<string, number> = { comfyui: 2, automatic1111: 1 };

export async function createGenerator(setup: GeneratorSetup): Promise<Generator> {
  const load = FACTORIES[setup.config.type];
  if (!load) throw new Error(`no generator of type "${setup.config.type}" is available`);
  const factory = await load();
  const perServer = POOLABLE[setup.config.type];
  if (perServer !== undefined && setup.config.urls !== undefined) {
    const { createPooledGenerator, poolServers } = await import('./endpoint-pool.js');
    const concurrency = typeof setup.config.concurrency === 'number' ? setup.config.concurrency : perServer;
    return createPooledGenerator(setup, factory, poolServers(setup, concurrency) ?? []);
  }
  return factory(setup);
}
