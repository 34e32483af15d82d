/**
 * Optional runtimes: the ML gates' packages (onnxruntime-node for CLIP, TensorFlow.js and nsfwjs for
 * NSFW) weigh hundreds of MB, so they are optional peer dependencies of the npm package and a
 * separate, on-demand install in the action. A gate loads them through here: from the normal module
 * path first, then from `GENOPS_ML_MODULES` (a folder holding a node_modules/ of its own: the action
 * points it at the runtime it installed only for manifests that turn those gates on). When neither
 * has them, the error says what to install.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The ML runtimes and what each gate needs, with versions the project is tested with. */
export const ML_RUNTIMES = {
  clip: ['onnxruntime-node'],
  nsfw: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'nsfwjs'],
} as const;
export type MlGate = keyof typeof ML_RUNTIMES;

export class MissingRuntimeError extends Error {
  override name = 'MissingRuntimeError';
}

/** Where `name` resolves: the normal lookup from this file, else the folder GENOPS_ML_MODULES names. */
export function resolveOptional(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const roots = [import.meta.url, ...mlRoots(env).map((root) => path.join(root, 'package.json'))];
  for (const root of roots) {
    try {
      return createRequire(root).resolve(name);
    } catch {
      // next root
    }
  }
  return undefined;
}

function mlRoots(env: NodeJS.ProcessEnv): string[] {
  return (env.GENOPS_ML_MODULES ?? '').split(path.delimiter).filter(Boolean);
}

/** `import(name)` for a package of an ML gate, or an error naming the install that fixes it. */
export async function importOptional<T>(name: string, gate: MlGate): Promise<T> {
  const resolved = resolveOptional(name);
  if (!resolved) throw new MissingRuntimeError(missingRuntimeMessage(gate));
  // webpackIgnore: the action's bundler must leave this import to Node (it names a file on the runner).
  return (await import(/* webpackIgnore: true */ pathToFileURL(resolved).href)) as T;
}

export function missingRuntimeMessage(gate: MlGate): string {
  const packages = ML_RUNTIMES[gate].join(' ');
  return (
    `the ${gate === 'clip' ? 'CLIP' : 'NSFW'} gate needs ${packages}, which are optional: ` +
    `install them beside genops (npm install --onnxruntime-node-install=skip ${packages})`
  );
}
