import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { Plan, QaReport, Synthesis } from '../core/model.js';
import { writeFileAtomic } from '../store/atomic.js';

/** The run folder's files: each layer's output is the next layer's input. */
export const RUN_FILES = {
  plan: 'plan.json',
  synthesis: 'synthesis.json',
  qa: 'qa.json',
  delivery: 'delivery.json',
  reportJson: 'report.json',
  reportMd: 'report.md',
  reportHtml: 'report.html',
  /** What a complete run depended on and left behind: a rerun that matches it stops (fingerprint.ts). */
  fingerprint: 'fingerprint.json',
} as const;

type RunFile = keyof typeof RUN_FILES;

interface RunFileTypes {
  plan: Plan;
  synthesis: Synthesis;
  qa: QaReport;
}

const PRODUCER: Record<keyof RunFileTypes, string> = { plan: 'plan', synthesis: 'synthesize', qa: 'qa' };
const SCHEMA: Record<keyof RunFileTypes, string> = {
  plan: 'genops/plan@1',
  synthesis: 'genops/synthesis@1',
  qa: 'genops/qa@1',
};

export function runPath(runDir: string, file: RunFile): string {
  return path.join(runDir, RUN_FILES[file]);
}

/** Reads a previous layer's output, with a clear error when that layer has not run. */
export async function readRunFile<K extends keyof RunFileTypes>(
  runDir: string,
  file: K,
): Promise<RunFileTypes[K]> {
  const where = runPath(runDir, file);
  const kept = await keptValue(where);
  if (kept) return kept as RunFileTypes[K];
  let text: string;
  try {
    text = await readFile(where, 'utf8');
  } catch {
    throw new InputError({
      file: where,
      message: `${RUN_FILES[file]} is missing`,
      hint: `run \`genops ${PRODUCER[file]}\` first with the same --out folder`,
    });
  }
  let data: { schema?: string };
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError({
      file: where,
      message: 'is not valid JSON',
      hint: `rerun \`genops ${PRODUCER[file]}\``,
    });
  }
  if (data.schema !== SCHEMA[file]) {
    throw new InputError({
      file: where,
      message: `has schema ${JSON.stringify(data.schema)}, expected ${SCHEMA[file]}`,
      hint: `rerun \`genops ${PRODUCER[file]}\` with this version of genops`,
    });
  }
  return data as RunFileTypes[K];
}

export async function writeRunFile(runDir: string, file: RunFile, value: unknown): Promise<string> {
  const where = runPath(runDir, file);
  // Machine files, often megabytes for big manifests: compact JSON (the reports are for people).
  // No fsync: a run file is rebuilt by rerunning its layer, and the rename alone keeps it whole
  // when the process is killed; the flush cost a no-op run a disk round trip per layer.
  const text = `${JSON.stringify(value)}\n`;
  await writeFileAtomic(where, text, { fsync: false });
  const written = await stat(where);
  kept.set(where, { value, size: written.size, mtimeMs: written.mtimeMs });
  return where;
}

/**
 * What this process last wrote to each run file, so the next layer of one `genops run` does not
 * read and parse it again. Used only while the file's size and mtime are still those it wrote.
 */
const kept = new Map<string, { value: unknown; size: number; mtimeMs: number }>();

async function keptValue(where: string): Promise<unknown> {
  const entry = kept.get(where);
  if (!entry) return undefined;
  const now = await stat(where).catch(() => undefined);
  if (now?.size === entry.size && now.mtimeMs === entry.mtimeMs) return entry.value;
  kept.delete(where);
  return undefined;
}

/** Wall-clock start and monotonic duration of a layer. */
export function startTimer(): () => { startedAt: string; durationMs: number } {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  return () => ({ startedAt, durationMs: Math.round((performance.now() - t0) * 10) / 10 });
}
