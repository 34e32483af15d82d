/**
 * The manifest fields the quality gates read, as types (schemas/manifest.schema.json `$defs.qa`
 * and `$defs.policy`), and how an asset's `qa` is layered over `defaults.qa`.
 */
import type { PolicyConfig } from '../manifest/types.js';
import type { ClipConfig } from './clip.js';
import type { JudgeConfig } from './judge.js';
import type { PromptRules } from './policy.js';
import type { SelectionWeights } from './selection.js';
import type { HashAlgorithm } from './similarity.js';

export interface SimilarityConfig {
  hash?: HashAlgorithm;
  maxDistance?: number;
  acrossAssets?: 'info' | 'gate';
  unchangedSsim?: number;
  unchangedLocalSsim?: number;
}

/** The gate fields of `qa` (defaults or per asset), next to the technical thresholds. */
export interface QaGateConfig extends PromptRules {
  clip?: ClipConfig;
  judge?: Omit<JudgeConfig, 'maxRetries' | 'timeoutMs' | 'fetch'>;
  weights?: SelectionWeights;
  similarity?: SimilarityConfig;
}

/** `policy` with the moderation fields the gates add. */
export interface PolicyGateConfig extends PolicyConfig {
  moderation?: PolicyConfig['moderation'] & {
    thresholds?: Record<string, number>;
    onError?: 'fail' | 'skip';
  };
}

/**
 * An asset's gate config over the defaults: block/allow lists add up (an asset cannot drop a
 * default rule), nested objects merge field by field, the asset's field winning.
 */
export function mergeQaGates(defaults: QaGateConfig = {}, asset: QaGateConfig = {}): QaGateConfig {
  const out: QaGateConfig = {};
  const block = [...(defaults.block ?? []), ...(asset.block ?? [])];
  const allow = [...(defaults.allow ?? []), ...(asset.allow ?? [])];
  if (block.length) out.block = block;
  if (allow.length) out.allow = allow;
  for (const key of ['clip', 'judge', 'weights', 'similarity'] as const) {
    if (defaults[key] || asset[key]) Object.assign(out, { [key]: { ...defaults[key], ...asset[key] } });
  }
  return out;
}
