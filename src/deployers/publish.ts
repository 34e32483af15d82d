/**
 * The deploy transaction: content-hashed files first, the index (aliases, assets.json) only after
 * every one of them is stored and verified. A reader therefore never sees an index naming a file
 * that is not there; a failure half-way leaves the previous index live, and a rerun uploads only
 * what is still missing (the listing shows the rest) and then switches the index.
 */
import PQueue from 'p-queue';
import { errorMessage } from '../core/errors.js';
import type { DeliveryTarget } from './target.js';

export interface PublishFile {
  /** Path relative to the target's root. */
  path: string;
  /**
   * The bytes, or a function that makes them: a content file the target already has is never
   * loaded, so an unchanged asset costs neither an upload nor a render.
   */
  bytes: Buffer | (() => Promise<Buffer>);
  contentType: string;
  cacheControl: string;
  /** Hex sha256 of the bytes, when known (derivatives carry it): spares the target a hashing pass. */
  sha256?: string;
}

/** A target that can tell from its one listing whether a path already holds given bytes. */
export interface ComparingTarget extends DeliveryTarget {
  holds(path: string, bytes: Buffer): Promise<boolean>;
  /**
   * Whether the listing shows `path` as a copy of `original` (an alias of a content file this run
   * proved or wrote): no need to load the alias's bytes to compare them.
   */
  holdsCopy?(path: string, original: string): Promise<boolean>;
}

export interface PublishOptions {
  /** Writes in flight at once (default 16); the target may limit further. */
  concurrency?: number;
  /** The target's listing when the caller already has it: spares a second one. */
  listing?: Set<string>;
  /** Called after each file: for progress lines and logs. */
  onFile?: (event: PublishEvent) => void;
}

export interface PublishEvent {
  path: string;
  phase: 'content' | 'index';
  action: 'uploaded' | 'replaced' | 'skipped' | 'failed';
  error?: string;
}

export interface PublishResult {
  /** Content files written in this run. */
  uploaded: string[];
  /** Of those, files the target had with other bytes (damaged or tampered with), now replaced. */
  replaced: string[];
  /** Content files the target already had, with the right bytes (checked, not uploaded). */
  skipped: string[];
  /** Index files written, in write order. */
  indexWritten: string[];
  /** Index files the target already held byte for byte. */
  indexSkipped: string[];
  durationMs: number;
}

export class PublishError extends Error {
  override name = 'PublishError';
  constructor(
    readonly failures: { path: string; error: string }[],
    readonly partial: Omit<PublishResult, 'durationMs'>,
    readonly phase: 'content' | 'index',
  ) {
    const list = failures
      .slice(0, 5)
      .map((f) => `${f.path}: ${f.error}`)
      .join('; ');
    const more = failures.length > 5 ? ` (and ${failures.length - 5} more)` : '';
    const state =
      phase === 'content'
        ? 'the index was not touched: the previous version stays live; rerun to finish'
        : 'every content file is stored; the index is partly written; rerun to finish';
    super(`${failures.length} file(s) failed to publish — ${state}. ${list}${more}`);
  }
}

/**
 * Publishes `files` (content-hashed, immutable) and then `indexFiles` (aliases and assets.json).
 *
 * - Content files the target's listing already shows are skipped once the target proves they hold
 *   the bytes their sha256 names (`matches`); other bytes there are replaced.
 * - A failed content file does not stop the others (a rerun then has less to do), but it stops
 *   the index: PublishError is thrown and no index file is written.
 * - Index files that the target already holds byte for byte are skipped (when the target can tell,
 *   see `ComparingTarget`). An alias carrying the SHA-256 of a content file proven in this run is
 *   compared through the listing, without loading its bytes. The others are written concurrently, except the last one of
 *   `indexFiles`, which is written after all the rest succeeded: put assets.json last, so a reader
 *   who sees the new assets.json also sees the new aliases.
 */
export async function publish(
  target: DeliveryTarget,
  files: PublishFile[],
  indexFiles: PublishFile[],
  options: PublishOptions = {},
): Promise<PublishResult> {
  const started = performance.now();
  const content = dedupe(files);
  const index = dedupe(indexFiles);
  const clash = content.find((f) => index.some((i) => i.path === f.path));
  if (clash) throw new Error(`${clash.path} is both a content file and an index file`);

  const queue = new PQueue({ concurrency: options.concurrency ?? 16 });
  const result: Omit<PublishResult, 'durationMs'> = {
    uploaded: [],
    replaced: [],
    skipped: [],
    indexWritten: [],
    indexSkipped: [],
  };
  const failures: { path: string; error: string }[] = [];
  const emit = (event: PublishEvent) => options.onFile?.(event);

  const existing = options.listing ?? (await target.list());
  // Content files whose bytes at the target are proven this run (checked or written), by SHA-256.
  const proven = new Map<string, string>();
  await Promise.all(
    content.map((file) =>
      queue.add(async () => {
        try {
          const present = existing.has(file.path);
          // Present is not enough: the bytes there must still be the ones the name promises.
          if (present && (!file.sha256 || (await target.matches(file.path, file.sha256)))) {
            if (file.sha256) proven.set(file.sha256, file.path);
            result.skipped.push(file.path);
            emit({ path: file.path, phase: 'content', action: 'skipped' });
            return;
          }
          await target.put(file.path, await bytesOf(file), { ...file, replace: present });
          if (file.sha256) proven.set(file.sha256, file.path);
          result.uploaded.push(file.path);
          if (present) result.replaced.push(file.path);
          emit({ path: file.path, phase: 'content', action: present ? 'replaced' : 'uploaded' });
        } catch (error) {
          failures.push({ path: file.path, error: errorMessage(error) });
          emit({ path: file.path, phase: 'content', action: 'failed', error: errorMessage(error) });
        }
      }),
    ),
  );
  if (failures.length) throw new PublishError(failures, result, 'content');

  const writeIndex = async (file: PublishFile) => {
    try {
      const original = file.sha256 && proven.get(file.sha256);
      if (original && isComparing(target) && (await target.holdsCopy?.(file.path, original))) {
        result.indexSkipped.push(file.path);
        emit({ path: file.path, phase: 'index', action: 'skipped' });
        return;
      }
      const bytes = await bytesOf(file);
      if (isComparing(target) && (await target.holds(file.path, bytes))) {
        result.indexSkipped.push(file.path);
        emit({ path: file.path, phase: 'index', action: 'skipped' });
        return;
      }
      await target.put(file.path, bytes, file);
      result.indexWritten.push(file.path);
      emit({ path: file.path, phase: 'index', action: 'uploaded' });
    } catch (error) {
      failures.push({ path: file.path, error: errorMessage(error) });
      emit({ path: file.path, phase: 'index', action: 'failed', error: errorMessage(error) });
    }
  };
  const last = index.at(-1);
  await Promise.all(index.slice(0, -1).map((file) => queue.add(() => writeIndex(file))));
  if (failures.length) throw new PublishError(failures, result, 'index');
  if (last) await writeIndex(last);
  if (failures.length) throw new PublishError(failures, result, 'index');

  return { ...result, durationMs: Math.round(performance.now() - started) };
}

async function bytesOf(file: PublishFile): Promise<Buffer> {
  return typeof file.bytes === 'function' ? file.bytes() : file.bytes;
}

function isComparing(target: DeliveryTarget): target is ComparingTarget {
  return typeof (target as Partial<ComparingTarget>).holds === 'function';
}

/**
 * The same path twice is fine with the same bytes (two assets sharing a file), an error otherwise
 * (checked when both are given as bytes; a content-hashed path already implies its bytes).
 */
function dedupe(files: PublishFile[]): PublishFile[] {
  const byPath = new Map<string, PublishFile>();
  for (const file of files) {
    const seen = byPath.get(file.path);
    if (
      seen &&
      Buffer.isBuffer(seen.bytes) &&
      Buffer.isBuffer(file.bytes) &&
      !seen.bytes.equals(file.bytes)
    ) {
      throw new Error(`two different files for one path: ${file.path}`);
    }
    byPath.set(file.path, file);
  }
  return [...byPath.values()];
}
