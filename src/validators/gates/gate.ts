/**
 * The QA gate interface: a gate that looks at one generated image (perceptual hash, NSFW,
 * moderation, CLIP, judge) is one module implementing QualityGate, listed in GATES (index.ts). The
 * QA layer owns the I/O: it fetches only the image form a wanted gate needs and caches each gate's
 * record under gateKey, so bumping one gate's version re-runs that gate alone.
 */
import { contentKey } from '../../core/canonical.js';
import type { PolicyConfig } from '../../core/config.js';
import type { GreyImage, RawImage } from '../../core/image.js';
import type { CheckResult, Job, PlannedAsset } from '../../core/model.js';
import type { MlGate } from '../../core/optional-module.js';

/** What a gate is asked about: one job, its asset (with the asset's gate configuration), the policy. */
export interface GateSubject {
  job: Job;
  asset: PlannedAsset;
  policy: PolicyConfig;
}

/** The blob as stored, for services that take the encoded file. */
export interface EncodedImage {
  bytes: Buffer;
  mediaType: string;
}

/** The forms of one image a gate can work from. */
export interface GateImages {
  /** The shrunk decode (at most SHRUNK_SIZE px a side) that measuring made. */
  pixels: RawImage;
  bytes: EncodedImage;
  /** The grey block-mean thumbnail of the full decode. */
  thumbnail: GreyImage;
}

export type GateNeed = keyof GateImages;

/** Fetches each form on demand; undefined when the image no longer decodes. */
export type ImageSource = { [N in GateNeed]: () => Promise<GateImages[N] | undefined> };

/** What a gate said about a blob: cached under gateKey. */
export interface GateRecord {
  checks: CheckResult[];
  scores: Record<string, number>;
  /** The perceptual hash, from the hash gate. */
  hash?: string;
}

/** Where a gate runs. Not part of any cache key: API keys and the manifest's folder do not change answers. */
export interface GateEnvironment {
  env: NodeJS.ProcessEnv;
  /** The manifest's folder, which a relative model path resolves against. */
  baseDir: string;
}

/** One QA gate. `I` is everything its answer depends on besides the image. */
export interface QualityGate<N extends GateNeed, I> {
  /** Names the gate in its cache key. */
  readonly id: string;
  /** Bump when the answer for the same image and inputs changes: only this gate's records are dropped. */
  readonly version: number;
  /** The image form `run` works from; the layer decodes or fetches only what wanted gates need. */
  readonly needs: N;
  /** The optional ML runtime this gate loads (installed on demand: core/optional-module.ts). */
  readonly runtime?: MlGate;
  wanted(subject: GateSubject): boolean;
  /** What of the subject changes the answer: with id, version and blob it is the cache key. */
  inputs(subject: GateSubject): I;
  /** Sees the inputs, not the subject, so nothing outside the cache key can shape a cached answer. */
  run(image: GateImages[N], inputs: I, environment: GateEnvironment): Promise<GateRecord>;
  /** Checks reported when the gate is not wanted, e.g. CLIP saying it is not configured. */
  skipped?(subject: GateSubject): CheckResult[];
}

/** A gate as GATES holds it: inputs bound to a subject, so gates of different input types share one list. */
export interface RegisteredGate {
  readonly id: string;
  readonly version: number;
  readonly needs: GateNeed;
  readonly runtime?: MlGate;
  wanted(subject: GateSubject): boolean;
  skipped(subject: GateSubject): CheckResult[];
  bind(subject: GateSubject): BoundGate;
}

export interface BoundGate {
  key(blob: string): string;
  /** Undefined when the image form the gate needs cannot be had: the image no longer decodes. */
  run(images: ImageSource, environment: GateEnvironment): Promise<GateRecord | undefined>;
}

/**
 * A gate's cache key. Same shape as the former shared GATE_VERSION key (versions start at its 2), so
 * records cached before gates were split up are still found.
 */
export function gateKey(gate: { id: string; version: number }, blob: string, inputs: unknown): string {
  return contentKey({ gate: gate.id, v: gate.version, blob, inputs });
}

/** A gate that could not run (a service down) is not remembered: the next run tries again. */
export function isCacheable(record: GateRecord): boolean {
  return record.checks.every((c) => c.value !== 'not run' && c.value !== 'error');
}

export function registerGate<N extends GateNeed, I>(gate: QualityGate<N, I>): RegisteredGate {
  return {
    id: gate.id,
    version: gate.version,
    needs: gate.needs,
    runtime: gate.runtime,
    wanted: (subject) => gate.wanted(subject),
    skipped: (subject) => gate.skipped?.(subject) ?? [],
    bind(subject) {
      const inputs = gate.inputs(subject);
      return {
        key: (blob) => gateKey(gate, blob, inputs),
        async run(images, environment) {
          const image = await images[gate.needs]();
          return image === undefined ? undefined : gate.run(image, inputs, environment);
        },
      };
    },
  };
}
