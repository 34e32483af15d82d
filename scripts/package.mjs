#!/usr/bin/env node
/**
 * Builds the action's dist/ — what a user's runner gets with `uses: genops/action@v1`:
 *
 *   1. tsc compiles src/ to ESM JavaScript (ncc's own TypeScript loader breaks on TypeScript 7, and
 *      from ESM input ncc resolves the `import` condition of the ESM-only @actions/core 3 and
 *      @actions/github 9, which it cannot from CommonJS).
 *   2. ncc bundles build/action/index.js and everything it imports into dist/index.js, except the
 *      packages in EXTERNALS (native binaries and wasm files no bundler can carry).
 *   3. dist/package.json and dist/package-lock.json pin exactly the version of sharp (and its
 *      dependencies, with integrity hashes) that this repository's lockfile resolved, so the
 *      action's first step `npm ci` installs it for the runner's own OS and CPU — cached after.
 *      Each ML gate's runtime gets the same in dist/ml/<gate>/ (ML_RUNTIMES in
 *      src/core/optional-module.ts), installed by the action only for manifests whose gates load it.
 *
 * Deterministic: the same sources and lockfile give the same dist/ (check-dist.yml relies on it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const build = path.join(root, 'build', 'action-package');
/**
 * Packages installed at run time, not bundled: sharp's native binary (every manifest), and the ML
 * gates' optional runtimes — onnxruntime-node's native binary, and TensorFlow.js with its wasm back
 * end and nsfwjs, which read .wasm files from their package folders and must share one tfjs instance.
 */
const BASE_RUNTIME = ['sharp'];

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

rmSync(build, { recursive: true, force: true });
run(process.execPath, [
  path.join(root, 'node_modules/typescript/bin/tsc'),
  '-p',
  'tsconfig.build.json',
  '--outDir',
  path.join(build, 'src'),
  '--sourceMap',
  'false',
]);
// The ML gates and the packages each loads, from the compiled source (one list, in optional-module.ts).
const { ML_RUNTIMES } = await import(pathToFileURL(path.join(build, 'src/core/optional-module.js')).href);
const EXTERNALS = [...BASE_RUNTIME, ...Object.values(ML_RUNTIMES).flat()];
// Files src/ reads beside itself (`new URL('../../schemas/…', import.meta.url)`): ncc emits them as
// assets of the bundle when they sit where that URL points.
cpSync(path.join(root, 'schemas'), path.join(build, 'schemas'), { recursive: true });

rmSync(dist, { recursive: true, force: true });
run(process.execPath, [
  path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
  'build',
  path.join(build, 'src/action/index.js'),
  '--out',
  dist,
  '--license',
  'licenses.txt',
  '--quiet',
  // No build cache (~/.cache/ncc): a warm cache ordered one module's imports differently from the
  // cold build a fresh CI machine makes, and check-dist failed on bytes that meant the same.
  '--no-cache',
  ...EXTERNALS.flatMap((e) => ['--external', e]),
]);
rmSync(build, { recursive: true, force: true });

// ncc writes ESM as dist/index.js with a dist/package.json of `"type": "module"` (replaced below).
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('ncc did not write dist/index.js');

// Each runtime's closure, copied from the repository's lockfile (resolved URLs and integrity).
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
/** Where npm put `name` for the package at `from` (node's lookup: nested folders first, then up). */
const resolve = (from, name) => {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
  }
};

/** package.json and package-lock.json of a runtime folder that installs exactly `names`. */
function writeRuntime(dir, name, description, names) {
  const packages = {};
  const visit = (key) => {
    if (packages[key]) return;
    const entryOf = lock.packages[key];
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entryOf;
    packages[key] = kept;
    // npm installs peers too (nsfwjs peers on @tensorflow/tfjs and buffer): follow all three kinds.
    for (const dep of Object.keys({
      ...entryOf.dependencies,
      ...entryOf.optionalDependencies,
      ...entryOf.peerDependencies,
    })) {
      const found = resolve(key, dep);
      if (found) visit(found);
    }
  };
  for (const n of names) {
    if (!lock.packages[`node_modules/${n}`]) throw new Error(`${n} is not in package-lock.json`);
    visit(`node_modules/${n}`);
  }
  const dependencies = Object.fromEntries(names.map((n) => [n, lock.packages[`node_modules/${n}`].version]));
  const manifest = { name, private: true, description, type: 'module', dependencies };
  const runtimeLock = {
    name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name, dependencies },
      ...Object.fromEntries(
        Object.keys(packages)
          .sort()
          .map((k) => [k, packages[k]]),
      ),
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(runtimeLock, null, 2)}\n`);
  return Object.keys(packages).length;
}

const base = writeRuntime(
  dist,
  'genops-action-runtime',
  'Native dependencies of the GenOps action, installed on the runner by `npm ci` (see action.yml).',
  BASE_RUNTIME,
);
const ml = Object.entries(ML_RUNTIMES).map(
  ([gate, names]) =>
    `${gate} ${writeRuntime(
      path.join(dist, 'ml', gate),
      `genops-action-runtime-${gate}`,
      `The ${gate} gate's runtime, installed by the action only when a manifest's gates load it.`,
      names,
    )}`,
);
process.stdout.write(
  `dist/: index.js + runtime ${base} packages (${BASE_RUNTIME.join(', ')}); ML: ${ml.join(', ')}\n`,
);
