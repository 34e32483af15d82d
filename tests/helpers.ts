import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { main } from '../src/cli.js';

const made: string[] = [];

/** A JSON file, parsed. */
export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** Same length, other bytes: the damage a size check cannot see. */
export async function damage(file: string): Promise<void> {
  const bytes = await readFile(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] as number) ^ 0xff;
  await writeFile(file, bytes);
}

/** A fresh temporary folder, removed after the test. */
export async function tempDir(prefix = 'genops-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5 })));
});

export async function writeManifest(dir: string, text: string, name = 'genops.yaml'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  signal?: AbortSignal,
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await main({ argv, env: { CI: 'true', ...env }, stdout, stderr, signal });
  return { code, stdout: out, stderr: err };
}

/** A small valid manifest on the procedural generator. */
export const SMALL_MANIFEST = `version: 1
defaults:
  size: 128x96
styles:
  warm:
    positive: warm light
    negative: cold
    mood: cosy
assets:
  - id: one
    prompt: a red sun over blue mountains
    styles: [warm]
    variants: 2
  - id: two-{{c}}
    prompt: a {{c}} ocean wave
    matrix:
      c: [teal, gold]
`;

/**
 * The environment a user's shell has on this machine, without anything this project's runs set:
 * no CI flag, no GENOPS_* or ONNXRUNTIME_* switches, none of the npm_* variables `npm test` adds.
 * What the machine itself provides (PATH, HOME, its CA certificates for the registry) stays.
 */
export function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(CI|GITHUB_.*|GENOPS_.*|ONNXRUNTIME_.*|npm_.*|INIT_CWD|VITEST.*|NODE_OPTIONS|NODE_ENV|TEST)$/i.test(
          key,
        ),
    ),
  );
}

/**
 * Two runs made at different moments differ in generation times, and so in the delivered files,
 * whose XMP provenance carries that time (hence their hashes, names and sizes). Everything else —
 * assets, job keys, chosen blobs, seeds, prompts, scores, file formats and sizes — must be equal.
 */
const TIME_BOUND = new Set(['createdAt', 'sha256', 'bytes']);
export function withoutTimes(text: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value === 'string') return value.replace(/\.[0-9a-f]{12}\./g, '.HASH.');
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !TIME_BOUND.has(k))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(JSON.parse(text));
}
