/**
 * `genops run --prompt TEXT`: the whole pipeline with no manifest. The implicit manifest (one asset
 * per requested image, ids from the prompt) is written under the state folder, so the run is an
 * ordinary run: cached, checked, delivered into `generated/`, reproducible from that file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../core/errors.js';
import type { ReportData } from '../core/model.js';
import { type CommandResult, type RunCommandOptions, run } from './index.js';

export interface PromptRequest {
  prompt: string;
  /** Images to deliver: 1–100. */
  count: number;
  /** A generator type (procedural, openai, stability, …); its key comes from the environment. */
  generator: string;
  size: string;
}

export const PROMPT_DEFAULTS = { count: 1, generator: 'procedural', size: '1024x1024' } as const;
const MAX_COUNT = 100;

/** The flags as typed → a request, or a usage error naming the flag. */
export function promptRequest(flags: {
  prompt: string;
  count?: string;
  generator?: string;
  size?: string;
}): PromptRequest {
  const prompt = flags.prompt.trim();
  if (!prompt) throw new UsageError('--prompt is empty: give the text of the image, e.g. --prompt "red sun"');
  const count = flags.count === undefined ? PROMPT_DEFAULTS.count : Number(flags.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT} (got "${flags.count}")`);
  }
  const size = flags.size ?? PROMPT_DEFAULTS.size;
  if (!/^[1-9]\d{0,4}x[1-9]\d{0,4}$/.test(size)) {
    throw new UsageError(`--size must be WIDTHxHEIGHT in pixels, e.g. --size 1024x576 (got "${size}")`);
  }
  const generator = flags.generator ?? PROMPT_DEFAULTS.generator;
  if (!/^[a-z][a-z0-9-]*$/.test(generator)) {
    throw new UsageError(
      `--generator must be a generator type such as procedural or openai (got "${generator}")`,
    );
  }
  return { prompt, count, generator, size };
}

/** The implicit manifest: pure. Ids are the prompt's first words, numbered when more than one. */
export function promptManifest(request: PromptRequest, deliverDir: string): Record<string, unknown> {
  const slug =
    request.prompt
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'image';
  const ids =
    request.count === 1 ? [slug] : Array.from({ length: request.count }, (_, i) => `${slug}-${i + 1}`);
  return {
    version: 1,
    ...(request.generator === 'procedural'
      ? {}
      : { generators: { [request.generator]: { type: request.generator } } }),
    defaults: { generator: request.generator, size: request.size },
    assets: ids.map((id) => ({ id, prompt: request.prompt })),
    delivery: { targets: [{ type: 'local', dir: deliverDir }] },
  };
}

/** Writes the implicit manifest under the state folder; returns its path. */
export async function writePromptManifest(
  stateDir: string,
  manifest: Record<string, unknown>,
): Promise<string> {
  const file = path.join(stateDir, 'prompt', 'genops.yaml');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `# Written by genops run --prompt; rerun it with genops run -m ${file}\n${stringify(manifest)}`,
  );
  return file;
}

/**
 * The whole pipeline on the implicit manifest: state in `<cwd>/.genops` (or --state), images into
 * `<cwd>/generated`. The result carries the manifest it ran, so `--json` shows it.
 */
export async function runFromPrompt(
  options: RunCommandOptions,
  flags: { prompt: string; count?: string; generator?: string; size?: string },
): Promise<CommandResult<{ manifest: Record<string, unknown>; report: ReportData }>> {
  const request = promptRequest(flags);
  const stateDir = path.resolve(options.stateDir ?? '.genops');
  const manifest = promptManifest(request, path.resolve('generated'));
  const manifestPath = await writePromptManifest(stateDir, manifest);
  const outcome = await run({ ...options, manifestPath, stateDir });
  return { ...outcome, result: { manifest, report: outcome.result } };
}
