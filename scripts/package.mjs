#!/usr/bin/env node
/**
 * Builds the action's dist/ — what a user's runner gets with `uses: genops/action@v1`:
 *
 *   1. tsc compiles src/ to ESM JavaScript (ncc's own TypeScript loader breaks on TypeScript 7, and
 *      from ESM input ncc resolves the `import` condition of the ESM-only @actions/core 3 and
 *      @actions/github 9, which it cannot from CommonJS).
 *   2. ncc bundles build/action/index.js and everything it imports into dist/index.js, except the
 *      packages in EXTERNALS (native binaries and wasm files no bundler can carry).
 *   3. dist/package.json and dist/package-lock.json pin exactly the versions of the externals (and
 *      their dependencies, with integrity hashes) that this repository's lockfile resolved, so the
 *      action's first step `npm ci` installs them for the runner's own OS and CPU — cached after.
 *
 * Deterministic: the same sources and lockfile give the same dist/ (check-dist.yml relies on it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const build = path.join(root, 'build', 'action-package');
/**
 * Packages installed at run time by `npm ci` in dist/: native binaries no bundler can carry (sharp,
 * onnxruntime-node), and TensorFlow.js with its wasm back end and nsfwjs, which read .wasm files from
 * their package folders and must share one tfjs instance.
 */
const EXTERNALS = [
  'sharp',
  'onnxruntime-node',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'nsfwjs',
];

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
  ...EXTERNALS.flatMap((e) => ['--external', e]),
]);
rmSync(build, { recursive: true, force: true });

// ncc writes ESM as dist/index.js with a dist/package.json of `"type": "module"` (replaced below).
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('ncc did not write dist/index.js');

// The externals' closure, copied from the repository's lockfile (resolved URLs and integrity).
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const packages = {};
/** Where npm put `name` for the package at `from` (node's lookup: nested folders first, then up). */
const resolve = (from, name) => {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
  }
};
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
for (const name of EXTERNALS) {
  if (!lock.packages[`node_modules/${name}`]) throw new Error(`${name} is not in package-lock.json`);
  visit(`node_modules/${name}`);
}
const dependencies = Object.fromEntries(
  EXTERNALS.map((e) => [e, lock.packages[`node_modules/${e}`].version]),
);
const manifest = {
  name: 'genops-action-runtime',
  private: true,
  description:
    'Native dependencies of the GenOps action, installed on the runner by `npm ci` (see action.yml).',
  type: 'module',
  dependencies,
};
const runtimeLock = {
  name: manifest.name,
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: manifest.name, dependencies },
    ...Object.fromEntries(
      Object.keys(packages)
        .sort()
        .map((k) => [k, packages[k]]),
    ),
  },
};
mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(path.join(dist, 'package-lock.json'), `${JSON.stringify(runtimeLock, null, 2)}\n`);
process.stdout.write(
  `dist/: index.js + runtime ${Object.keys(packages).length} packages pinned (${EXTERNALS.join(', ')})\n`,
);
