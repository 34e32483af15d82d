import type { BackendIdentity, GeneratorConfig, Job } from '../core/model.js';
import { GenerationError } from './generator.js';

/**
 * Generator-config settings that change the output (OpenAI `quality`, Stability `stylePreset`, …) go
 * into the identity as `settings`, so the plan's job key — sha256 over the whole identity object —
 * changes with them. Empty settings are left out, so adding a setting later does not move every key.
 */
export function withSettings(identity: BackendIdentity, settings: Record<string, unknown>): BackendIdentity {
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length ? { ...identity, settings: defined } : identity;
}

export function stringOption(config: GeneratorConfig, name: string): string | undefined {
  const value = config[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A back end's server address: `baseUrl`, the one name every back end uses. ComfyUI and
 * AUTOMATIC1111 once called it `url`; that still works, with a warning (see renamedOptions).
 */
export function serverUrl(config: GeneratorConfig): string | undefined {
  return stringOption(config, 'baseUrl') ?? stringOption(config, 'url');
}

/** Options a generator config still spells by an old name: the warning for each, naming the fix. */
export function renamedOptions(name: string, config: GeneratorConfig): string[] {
  if (!('url' in config) || (config.type !== 'comfyui' && config.type !== 'automatic1111')) return [];
  return [
    `generators.${name}.url is the old name of baseUrl (one name for a server address across back ends): rename it to baseUrl`,
  ];
}

export function numberOption(config: GeneratorConfig, name: string): number | undefined {
  const value = config[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Per-asset `params` a back end accepts, by manifest name (camelCase) with API-name aliases
 * (snake_case). Unknown names are refused: params enter the job key, so a typo would otherwise cost
 * a silent regeneration and do nothing.
 */
export function assetParams(
  backend: string,
  job: Job,
  known: Record<string, string[]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byAlias = new Map<string, string>();
  for (const [name, aliases] of Object.entries(known)) {
    byAlias.set(name, name);
    for (const alias of aliases) byAlias.set(alias, name);
  }
  for (const [key, value] of Object.entries(job.request.params)) {
    const name = byAlias.get(key);
    if (!name) {
      throw new GenerationError(
        `asset "${job.asset}": params.${key} is not a ${backend} parameter (known: ${Object.keys(known).join(', ')})`,
        'permanent',
      );
    }
    out[name] = value;
  }
  return out;
}

/** A value from a closed list, or a permanent error naming the field, the value and the choices. */
export function oneOf<T extends string>(
  what: string,
  value: unknown,
  allowed: readonly T[],
  why = '',
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new GenerationError(
    `${what} ${JSON.stringify(value)} is not allowed${why}; use one of: ${allowed.join(', ')}`,
    'permanent',
  );
}
