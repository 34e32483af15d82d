import type { GeneratorConfig } from '../core/model.js';
import type { Generator, GeneratorFactory, GeneratorSetup } from './generator.js';
import { createProceduralGenerator } from './procedural.js';

/** Every back end by its manifest `type`. Factories must not need secrets: those are read at generate time. */
const FACTORIES: Record<string, GeneratorFactory> = {
  procedural: createProceduralGenerator,
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
