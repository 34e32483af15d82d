import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { Lockfile, ReportData } from '../core/model.js';
import { reviewThumbnail } from '../deployers/derivatives.js';
import { writeJsonAtomic } from '../store/atomic.js';
import type { BlobStore } from '../store/blob-store.js';
import { blobUrl, commitToBranch } from './branch.js';
import type { GitHubClient } from './client.js';
import type { PreviewLink } from './comment.js';
import { ACTION_FILES } from './constants.js';

/** What the previews step leaves in the run folder: thumbnail files and this index of them. */
export interface PreviewSet {
  schema: 'genops/previews@1';
  items: PreviewItem[];
  /** New or changed assets beyond the limit: not rendered. */
  omitted: number;
}

export interface PreviewItem {
  id: string;
  change: string;
  verdict: string;
  /** File names inside the previews folder. */
  before?: string;
  after?: string;
  /** The QA layer's diff against the last approved version, for a changed asset. */
  diff?: string;
}

/** Thumbnails kept small: a comment shows them at 240 px, and each one is a request to GitHub. */
const THUMB = { size: 480, quality: 70 } as const;
export const MAX_PREVIEWS = 40;
/** Bytes of one thumbnail read back from an artifact (untrusted in the fork-safe job). */
const MAX_THUMB_BYTES = 2 * 1024 * 1024;

export function thumbnail(bytes: Buffer): Promise<Buffer> {
  return reviewThumbnail(bytes, THUMB.size, THUMB.quality);
}

/** `hero/city` → `003-hero_city`: a safe, unique file name. */
function fileStem(index: number, id: string): string {
  return `${String(index).padStart(3, '0')}-${id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}`;
}

/**
 * Layer of the previews step: thumbnails of every new, changed or failed asset (the new image, and
 * the one in the lockfile before this run beside it), written to `<run>/previews/`. Old images come
 * from the blob store; `fetchOld` may find them elsewhere (the store branch).
 */
export async function makePreviews(options: {
  runDir: string;
  report: ReportData;
  before: Lockfile;
  blobs: BlobStore;
  fetchOld?: (sha256: string) => Promise<Buffer | undefined>;
  warn: (message: string) => void;
}): Promise<PreviewSet> {
  const { report, before, blobs } = options;
  const dir = path.join(options.runDir, ACTION_FILES.previewsDir);
  await mkdir(dir, { recursive: true });
  const wanted = report.assets.filter((a) => a.change !== 'unchanged' || a.verdict === 'fail');
  const shown = wanted.slice(0, MAX_PREVIEWS);
  const items: PreviewItem[] = [];
  let index = 0;
  for (const row of shown) {
    const stem = fileStem(index++, row.id);
    const item: PreviewItem = { id: row.id, change: row.change, verdict: row.verdict };
    if (row.blob) {
      try {
        await writeFile(path.join(dir, `${stem}.after.webp`), await thumbnail(await blobs.get(row.blob)));
        item.after = `${stem}.after.webp`;
      } catch (error) {
        options.warn(`preview of ${row.id}: ${errorMessage(error)}`);
      }
    }
    const oldBlob = before.assets[row.id]?.blob;
    if (oldBlob && oldBlob !== row.blob) {
      try {
        const bytes = (await blobs.has(oldBlob))
          ? await blobs.get(oldBlob)
          : await options.fetchOld?.(oldBlob);
        if (bytes) {
          await writeFile(path.join(dir, `${stem}.before.webp`), await thumbnail(bytes));
          item.before = `${stem}.before.webp`;
        } else
          options.warn(
            `preview of ${row.id}: the previous image ${oldBlob.slice(0, 12)} is not in the store`,
          );
      } catch (error) {
        options.warn(`previous preview of ${row.id}: ${errorMessage(error)}`);
      }
    }
    // The QA layer names the diff inside the run folder; anything else is not read.
    if (row.diff && !path.isAbsolute(row.diff) && !row.diff.split(/[\\/]/).includes('..')) {
      try {
        const bytes = await readFile(path.join(options.runDir, row.diff));
        await writeFile(path.join(dir, `${stem}.diff.webp`), await thumbnail(bytes));
        item.diff = `${stem}.diff.webp`;
      } catch (error) {
        options.warn(`diff preview of ${row.id}: ${errorMessage(error)}`);
      }
    }
    items.push(item);
  }
  const set: PreviewSet = { schema: 'genops/previews@1', items, omitted: wanted.length - shown.length };
  await writeJsonAtomic(path.join(options.runDir, ACTION_FILES.previews), set);
  return set;
}

/**
 * Where thumbnails get URLs a comment can show. The branch host needs only the token; an S3 host
 * (public or CDN URLs through GitHub's image proxy) fits the same interface when a manifest store is
 * configured.
 */
export interface PreviewHost {
  publish(
    files: Map<string, Buffer>,
    folder: string,
  ): Promise<{ urls: Map<string, string>; commit?: string }>;
}

export class BranchPreviewHost implements PreviewHost {
  constructor(
    private readonly client: GitHubClient,
    private readonly branch: string,
    private readonly serverUrl: string,
    /** Folders (`pr-7/…`) to prune: the same PR's older runs, and anything past retention. */
    private readonly retention: { days: number; pr?: number; now?: Date },
  ) {}

  async publish(files: Map<string, Buffer>, folder: string) {
    const add = new Map([...files].map(([name, bytes]) => [`${folder}/${name}`, bytes]));
    const now = this.retention.now ?? new Date();
    const cutoff = now.getTime() - this.retention.days * 86_400_000;
    const samePr = this.retention.pr !== undefined ? `pr-${this.retention.pr}/` : undefined;
    const keep = (p: string) => {
      if (p.startsWith(`${folder}/`)) return true;
      if (samePr && p.startsWith(samePr)) return false;
      const stamp = /\/(\d{8}T\d{6}Z)-/.exec(p)?.[1];
      return !stamp || parseStamp(stamp) >= cutoff;
    };
    const result = await commitToBranch(this.client, this.branch, {
      add,
      keep,
      message: `genops previews: ${folder}`,
      replaceHistory: true,
    });
    const urls = new Map(
      [...files.keys()].map((name) => [
        name,
        blobUrl(this.serverUrl, this.client.owner, this.client.repo, this.branch, `${folder}/${name}`),
      ]),
    );
    return { urls, commit: result?.commit };
  }
}

/** `pr-7/20261125T213600Z-123456-1`: the PR, when, and which run. */
export function previewFolder(pr: number, runId: string, attempt: string, now = new Date()): string {
  return `pr-${pr}/${stamp(now)}-${runId}-${attempt}`;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function parseStamp(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return 0;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

/**
 * The thumbnails to publish, read back from the run folder. In the fork-safe job that folder is an
 * artifact a fork's code wrote: names are checked and every image is decoded and re-encoded, so only
 * a small WebP of real pixels can reach the branch.
 */
export async function loadPreviewFiles(
  runDir: string,
  set: PreviewSet,
  untrusted: boolean,
): Promise<{ files: Map<string, Buffer>; links: PreviewLink[] }> {
  const dir = path.join(runDir, ACTION_FILES.previewsDir);
  const files = new Map<string, Buffer>();
  const links: PreviewLink[] = [];
  const read = async (name: string | undefined): Promise<string | undefined> => {
    if (!name || !/^[A-Za-z0-9._-]+\.webp$/.test(name) || name.startsWith('.')) return undefined;
    try {
      let bytes: Buffer = await readFile(path.join(dir, name));
      if (untrusted) {
        if (bytes.length > MAX_THUMB_BYTES) return undefined;
        bytes = await thumbnail(bytes);
      }
      files.set(name, bytes);
      return name;
    } catch {
      return undefined;
    }
  };
  for (const item of set.items.slice(0, MAX_PREVIEWS)) {
    links.push({
      id: String(item.id),
      change: String(item.change),
      verdict: String(item.verdict),
      before: await read(item.before),
      after: await read(item.after),
      diff: await read(item.diff),
    });
  }
  return { files, links };
}
