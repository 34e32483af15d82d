/**
 * What the review gallery shows, built from the run folder's files (pure: no I/O). One entry per
 * asset, in the report's order (failures first), with every candidate variant and the previous
 * approved version, so a reviewer can compare what a score alone cannot tell.
 */
import type { AssetRow, CheckResult, HumanChoice, Job, PlannedAsset, ReportData } from '../../core/model.js';
import type { RunFiles } from '../summary.js';

export interface GalleryVariant {
  index: number;
  key: string;
  seed: number;
  /** The seed the back end says it used, when it differs or reports one. */
  reportedSeed?: number;
  blob?: string;
  /** Relative URL of the image from report.html, when a thumbnail could be made. */
  image?: string;
  state: 'pass' | 'fail' | 'missing';
  chosen: boolean;
  scores: Record<string, number>;
  checks: CheckResult[];
  /** Why the back end made no image. */
  failure?: string;
  revisedPrompt?: string;
}

export interface GalleryAsset {
  id: string;
  title: string;
  tags: string[];
  verdict: AssetRow['verdict'];
  change: AssetRow['change'];
  reasons: string[];
  prompt: string;
  /** Set when `optimize:` rewrote the prompt: the prompt as the manifest resolved it. */
  originalPrompt?: string;
  negativePrompt: string;
  /** Generator configuration name in the manifest, and its back end type. */
  generator: string;
  backend: string;
  model: string;
  reproducible: boolean;
  /** Requested size: the images' aspect ratio before they load. */
  width: number;
  height: number;
  /** The chosen variant's aesthetic score, for sorting. */
  score?: number;
  variants: GalleryVariant[];
  previous?: { blob: string; image?: string };
  /** Relative URL of the QA layer's diff image. */
  diff?: string;
  ssim?: number;
  /** Reviewers' pick, approvals and reroll, and notes of decisions that no longer apply. */
  human?: HumanChoice;
}

export interface GalleryData {
  manifest: string;
  gate: ReportData['gate'];
  summary: string;
  assets: GalleryAsset[];
}

/** Blobs the gallery shows (every variant and every previous version), to make thumbnails of. */
export function galleryBlobs(files: RunFiles): string[] {
  const blobs = new Set<string>();
  for (const entry of Object.values(files.synthesis?.entries ?? {})) if (entry.blob) blobs.add(entry.blob);
  for (const asset of files.qa?.assets ?? []) if (asset.previous) blobs.add(asset.previous);
  return [...blobs];
}

/** A run-folder-relative path as a URL path: each segment percent-encoded (ids hold `/`, spaces, …). */
export function relativeUrl(runPath: string): string {
  return runPath.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/**
 * The run's files, the report drawn from them and the thumbnails made (blob → path relative to the
 * run folder) → the gallery's data.
 */
export function galleryData(
  files: RunFiles,
  report: ReportData,
  summary: string,
  images: ReadonlyMap<string, string>,
): GalleryData {
  const planned = new Map(files.plan.assets.map((a) => [a.id, a]));
  const jobs = new Map(files.plan.jobs.map((j) => [j.key, j]));
  const qaAssets = new Map(files.qa?.assets.map((a) => [a.id, a]));
  const assets = report.assets.flatMap((row) => {
    const asset = planned.get(row.id);
    if (!asset) return [];
    const verdict = qaAssets.get(row.id);
    const image = (blob?: string) => {
      const file = blob ? images.get(blob) : undefined;
      return file ? relativeUrl(file) : undefined;
    };
    const entry: GalleryAsset = {
      id: row.id,
      title: row.title,
      tags: asset.tags,
      verdict: row.verdict,
      change: row.change,
      reasons: row.reasons,
      prompt: row.prompt,
      ...(row.originalPrompt !== undefined ? { originalPrompt: row.originalPrompt } : {}),
      negativePrompt: '',
      generator: '',
      backend: row.generator,
      model: row.model,
      reproducible: row.reproducible,
      score: row.scores.aesthetic,
      width: 1,
      height: 1,
      variants: variantsOf(files, jobs, asset, verdict?.chosen, image),
      ssim: row.ssim,
      ...(row.human ? { human: row.human } : {}),
    };
    const job = jobs.get(verdict?.chosen ?? asset.jobs[0] ?? '');
    if (job) {
      entry.negativePrompt = job.request.negativePrompt;
      entry.generator = job.generator;
      entry.width = job.request.width;
      entry.height = job.request.height;
    }
    const chosenBlob = entry.variants.find((v) => v.chosen)?.blob;
    if (verdict?.previous && verdict.previous !== chosenBlob) {
      entry.previous = { blob: verdict.previous, image: image(verdict.previous) };
    }
    if (row.diff && isInside(row.diff)) entry.diff = relativeUrl(row.diff);
    return [entry];
  });
  return { manifest: report.manifest, gate: report.gate, summary, assets };
}

function variantsOf(
  files: RunFiles,
  jobs: ReadonlyMap<string, Job>,
  asset: PlannedAsset,
  chosen: string | undefined,
  image: (blob?: string) => string | undefined,
): GalleryVariant[] {
  return asset.jobs.flatMap((key, index) => {
    const job = jobs.get(key);
    if (!job) return [];
    const entry = files.synthesis?.entries[key];
    const qa = files.qa?.jobs[key];
    const checks = [...(job.policy ?? []), ...(qa?.checks ?? [])];
    const variant: GalleryVariant = {
      index,
      key,
      seed: job.request.seed,
      blob: entry?.blob,
      image: image(entry?.blob),
      state: entry?.blob ? (qa?.verdict ?? 'pass') : 'missing',
      chosen: key === chosen,
      scores: qa?.scores ?? {},
      checks,
    };
    if (entry?.facts?.seed !== undefined && entry.facts.seed !== job.request.seed)
      variant.reportedSeed = entry.facts.seed;
    if (entry?.failure) variant.failure = entry.failure.message;
    if (entry?.facts?.revisedPrompt) variant.revisedPrompt = entry.facts.revisedPrompt;
    return [variant];
  });
}

/** Only a path inside the run folder is linked (the QA layer names diffs; anything else is not). */
function isInside(runPath: string): boolean {
  return !runPath.startsWith('/') && !/^[A-Za-z]:/.test(runPath) && !runPath.split(/[\\/]/).includes('..');
}
