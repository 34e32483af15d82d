import type { GeneratorConfig } from '../core/model.js';
import { createAutomatic1111Generator } from './automatic1111.js';
import { createComfyUIGenerator } from './comfyui.js';
import type { Generator, GeneratorFactory, GeneratorSetup } from './generator.js';
import { createOpenAIGenerator } from './openai.js';
import { createProceduralGenerator } from './procedural.js';
import { createStabilityGenerator } from './stability.js';

/** Every back end by its manifest `type`. Factories must not need secrets: those are read at generate time. */
const FACTORIES: Record<string, GeneratorFactory> = {
  procedural: createProceduralGenerator,
  openai: createOpenAIGenerator,
  stability: createStabilityGenerator,
  comfyui: createComfyUIGenerator,
  automatic1111: createAutomatic1111Generator,
};

export const BUILTIN_GENERATORS: Record<string, GeneratorConfig> = { procedural: { type: 'procedural' } };

export function registerGenerator(type: string, factory: GeneratorFactory): void {
  FACTORIES[type] = factory;
}

export function createGenerator(setup: GeneratorSetup): Generator {
  const factory = FACTORIES[setup.config.type];
  if (!factory) throw new Error(`no generator of type "${setup.config.type}" is available`);
  return factory(setup);
}
