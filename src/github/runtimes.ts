/**
 * The action's runtimes on the runner. dist/node_modules (sharp alone, ≈ 40 MB) is installed by
 * action.yml's first steps for every manifest. The ML gates' runtimes (onnxruntime-node for CLIP,
 * TensorFlow.js and nsfwjs for NSFW: hundreds of MB) live in dist/ml/<gate>/, each with the
 * package.json and lock that scripts/package.mjs pins, and are installed — and cached under their
 * own key — only when the plan's gates want them.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sha256Hex } from '../core/canonical.js';
import { ML_RUNTIMES, type MlGate } from '../core/optional-module.js';

/**
 * dist/ of the running action: the folder of the script node was started with (`node
 * dist/index.js <step>`), which inside a container job is the container's path to it — unlike
 * `github.action_path`, which names the host's.
 */
export function actionDist(env: NodeJS.ProcessEnv = process.env): string {
  return env.GENOPS_ACTION_DIST ?? path.dirname(path.resolve(process.argv[1] ?? '.'));
}

export function mlRuntimeDir(gate: MlGate, dist = actionDist()): string {
  return path.join(dist, 'ml', gate);
}

/** GENOPS_ML_MODULES for the steps that run gates: every ML runtime folder (installed or not). */
export function mlModulesPath(dist = actionDist()): string {
  return (Object.keys(ML_RUNTIMES) as MlGate[]).map((g) => mlRuntimeDir(g, dist)).join(path.delimiter);
}

/** The cache key and folders of the wanted runtimes: one entry per OS, CPU, set and pinned lock. */
export async function mlRuntimeCache(
  gates: MlGate[],
  env: NodeJS.ProcessEnv,
  dist = actionDist(env),
): Promise<{ key: string; paths: string[] }> {
  const locks = await Promise.all(
    gates.map((g) => readFile(path.join(mlRuntimeDir(g, dist), 'package-lock.json'), 'utf8').catch(() => '')),
  );
  const platform = `${env.RUNNER_OS ?? process.platform}-${env.RUNNER_ARCH ?? process.arch}`;
  return {
    key: `genops-ml-${platform}-${gates.join('-')}-${sha256Hex(locks.join('\n')).slice(0, 16)}`,
    paths: gates.map((g) => path.join(mlRuntimeDir(g, dist), 'node_modules')),
  };
}

/**
 * `npm ci` of one runtime from its pinned lock. onnxruntime-node's install script would download
 * CUDA binaries from outside the npm registry; its CPU binaries ship in the package, so it is told
 * to skip — here, in the action's own step, not in the user's environment.
 */
export async function installMlRuntime(gate: MlGate, dist = actionDist()): Promise<void> {
  const dir = mlRuntimeDir(gate, dist);
  await promisify(execFile)('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
    shell: process.platform === 'win32',
    maxBuffer: 16 * 1024 * 1024,
  });
  await pruneForeignBinaries(path.join(dir, 'node_modules'));
}

/**
 * onnxruntime-node ships its native library for every OS and CPU (≈ 250 MB); this runner needs
 * one. The others are removed before the folder is cached.
 */
export async function pruneForeignBinaries(nodeModules: string): Promise<void> {
  const napi = path.join(nodeModules, 'onnxruntime-node', 'bin', 'napi-v6');
  const platforms = await readdir(napi).catch(() => [] as string[]);
  for (const platform of platforms) {
    const dir = path.join(napi, platform);
    if (platform !== process.platform) {
      await rm(dir, { recursive: true, force: true });
      continue;
    }
    for (const arch of await readdir(dir)) {
      if (arch !== process.arch) await rm(path.join(dir, arch), { recursive: true, force: true });
    }
  }
}
