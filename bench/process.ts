/**
 * Measuring what users run: the compiled CLI as a whole process, its wall time and peak resident
 * memory as the kernel accounts them (GNU time's `%M`), and medians over interleaved rounds so two
 * commands compared see the same machine load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const GNU_TIME = '/usr/bin/time';
let timed = 0;

export interface ProcessRun {
  wallS: number;
  peakMb: number;
  /** User + system CPU seconds: what the process itself cost, less swayed by other load than wall. */
  cpuS: number;
  code: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The compiled source the package ships (`npm run build`), which the bin runs. */
export const LIB = path.join(root, 'lib');

/**
 * Builds lib/ as `npm run build` does and returns the bin users run (`bin/genops.js` → lib/): the
 * benchmarks time that, not a copy compiled for them.
 */
export function buildCli(): string {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
    },
  );
  return path.join(root, 'bin/genops.js');
}

/** Runs a command to its end under GNU time: wall seconds, peak RSS in MB, exit status. */
export async function measureProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ProcessRun> {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: apt-get install -y time`);
  const out = path.join(tmpdir(), `genops-bench-time-${process.pid}-${++timed}`);
  const t0 = performance.now();
  const child = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', out, command, ...args], {
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wallS = (performance.now() - t0) / 1000;
  const [kb, user, system] = ((await readFile(out, 'utf8')).trim().split('\n').at(-1) ?? '')
    .split(' ')
    .map(Number) as [number, number, number];
  await rm(out, { force: true });
  const code = child.status ?? 128;
  if (code !== 0 && code !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${code}: ${child.stderr.toString().slice(-2000)}`);
  }
  return { wallS, peakMb: kb / 1024, cpuS: user + system, code };
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}

export const rangeNote = (s: Spread, digits = 3) =>
  `median of runs; range ${s.min.toFixed(digits)}–${s.max.toFixed(digits)}`;

/**
 * A manifest of `count` procedural assets, 1024² unless `size` says otherwise; `suffix` changes every
 * prompt (a new image each).
 */
export async function writeScaleManifest(
  dir: string,
  count: number,
  options: { suffix?: string; extra?: string; name?: string; size?: string } = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const colours = ['red', 'blue', 'green', 'gold'];
  const assets = Array.from(
    { length: count },
    (_, i) =>
      `  - id: asset-${i}\n    prompt: a ${colours[i % 4]} sun over the sea number ${i}${options.suffix ?? ''}\n`,
  ).join('');
  const file = path.join(dir, options.name ?? 'genops.yaml');
  await writeFile(
    file,
    `version: 1\ndefaults: { size: ${options.size ?? '1024x1024'} }\n${options.extra ?? ''}assets:\n${assets}`,
  );
  return file;
}

/** Forgets a cold run's state beside a manifest: store, caches, run folder, delivered files, lockfile. */
export async function clearState(dir: string): Promise<void> {
  for (const name of ['.genops', 'generated', 'genops.lock'])
    await rm(path.join(dir, name), { recursive: true, force: true });
}
