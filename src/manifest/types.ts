import type {
  DeliveryTargetConfig,
  OptimizeConfig,
  PolicyConfig,
  PriceOverride,
  QaGateConfig,
  S3Target,
} from '../core/config.js';
import type { AssetDelivery, GeneratorConfig, ImageFormat, QaThresholds } from '../core/model.js';

/** The manifest as validated by schemas/manifest.schema.json (see that file for every field's meaning). */
export interface Manifest {
  version: 1;
  defaults?: Defaults;
  styles?: Record<string, StylePreset>;
  generators?: Record<string, GeneratorConfig>;
  policy?: PolicyConfig;
  assets: AssetSpec[];
  delivery?: { targets?: DeliveryTargetConfig[] };
  store?: S3Target;
  limits?: { maxJobs?: number; maxPixels?: number; maxResponseBytes?: number; maxCostUsd?: number };
  prices?: PriceOverride[];
}

/** `qa:` — technical thresholds plus the quality-gate fields (block/allow, clip, judge, weights, similarity). */
export type QaSpec = Partial<QaThresholds> & QaGateConfig;

export interface StylePreset {
  positive?: string;
  negative?: string;
  mood?: string;
}

export interface WeightedName {
  name: string;
  weight?: number;
}

type MatrixValue = string | number | boolean;

export interface Sampling {
  steps?: number;
  cfgScale?: number;
  sampler?: string;
  scheduler?: string;
}

export interface AssetDeliverySpec {
  formats?: ImageFormat[];
  widths?: number[];
  alias?: string;
  c2pa?: AssetDelivery['c2pa'];
}

export interface Defaults extends Sampling {
  generator?: string;
  size?: string;
  format?: ImageFormat;
  variants?: number;
  styles?: string[];
  negative?: string;
  qa?: QaSpec;
  delivery?: AssetDeliverySpec;
  creator?: string;
  credit?: string;
  license?: string;
  tags?: string[];
  optimize?: OptimizeConfig;
}

export interface AssetSpec extends Sampling {
  id: string;
  title?: string;
  prompt: string;
  negative?: string;
  vars?: Record<string, MatrixValue>;
  matrix?: MatrixSpec;
  styles?: string[];
  generator?: string;
  size?: string;
  format?: ImageFormat;
  variants?: number;
  seed?: number;
  loras?: WeightedName[];
  hypernetworks?: WeightedName[];
  embeddings?: WeightedName[];
  params?: Record<string, unknown>;
  qa?: QaSpec;
  tags?: string[];
  creator?: string;
  credit?: string;
  license?: string;
  delivery?: AssetDeliverySpec;
  optimize?: OptimizeConfig;
}

export type MatrixSpec = {
  include?: Record<string, MatrixValue>[];
  exclude?: Record<string, MatrixValue>[];
} & Record<string, MatrixValue[] | Record<string, MatrixValue>[] | undefined>;
