import type { GeneratorConfig, ImageFormat, QaThresholds } from '../core/model.js';

/** The manifest as validated by schemas/manifest.schema.json (see that file for every field's meaning). */
export interface Manifest {
  version: 1;
  defaults?: Defaults;
  styles?: Record<string, StylePreset>;
  generators?: Record<string, GeneratorConfig>;
  policy?: PolicyConfig;
  assets: AssetSpec[];
  delivery?: { targets?: DeliveryTarget[] };
  limits?: { maxJobs?: number; maxPixels?: number };
}

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
}

export interface Defaults extends Sampling {
  generator?: string;
  size?: string;
  format?: ImageFormat;
  variants?: number;
  styles?: string[];
  negative?: string;
  qa?: Partial<QaThresholds>;
  delivery?: AssetDeliverySpec;
  creator?: string;
  credit?: string;
  license?: string;
  tags?: string[];
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
  qa?: Partial<QaThresholds>;
  tags?: string[];
  creator?: string;
  credit?: string;
  license?: string;
  delivery?: AssetDeliverySpec;
}

export type MatrixSpec = {
  include?: Record<string, MatrixValue>[];
  exclude?: Record<string, MatrixValue>[];
} & Record<string, MatrixValue[] | Record<string, MatrixValue>[] | undefined>;

export interface PolicyConfig {
  block?: string[];
  allow?: string[];
  nsfw?: { enabled?: boolean; thresholds?: Partial<Record<'Porn' | 'Hentai' | 'Sexy', number>> };
  moderation?: { enabled?: boolean; model?: string; apiKeyEnv?: string; baseUrl?: string };
}

export type DeliveryTarget = LocalTarget | S3Target;

export interface LocalTarget {
  type: 'local';
  dir?: string;
  baseUrl?: string;
}

export interface S3Target {
  type: 's3';
  bucket: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  publicBaseUrl?: string;
  accessKeyIdEnv?: string;
  secretAccessKeyEnv?: string;
  concurrency?: number;
}
