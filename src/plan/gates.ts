/** How an asset's `qa` gate fields are layered over `defaults.qa`. */
import type { QaGateConfig } from '../core/config.js';

/**
 * An asset's gate config over the defaults: block/allow lists add up (an asset cannot drop a
 * default rule), nested objects merge field by field, the asset's field winning; `overridable` is
 * the asset's list or else the defaults'.
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
  // An asset's list replaces the defaults' whole, so an asset can allow fewer overrides (or none: []).
  const overridable = asset.overridable ?? defaults.overridable;
  if (overridable?.length) out.overridable = [...overridable];
  return out;
}
