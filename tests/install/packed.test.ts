/**
 * The package as users install it: `npm pack`, then `npm install --omit=dev` of the tarball into an
 * empty folder, with only the environment the machine gives a user's shell. Its `genops` bin must be
 * compiled JavaScript that runs without any dev tool, and run the example manifest offline.
 */
import { execFile } from 'node:child_process';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, userEnv } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('the packed package', () => {
  it('installs with --omit=dev into an empty folder and runs the example through its bin', {
    timeout: 600_000,
  }, async () => {
    const dir = await tempDir('genops-pack-');
    const { stdout } = await exec('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: root,
      env: userEnv(),
      maxBuffer: 64 << 20,
    });
    const tarball = path.join(dir, stdout.trim().split('\n').at(-1) as string);
    const user = path.join(dir, 'user');
    await exec('mkdir', ['-p', user]);
    await exec('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], {
      cwd: user,
      env: userEnv(),
    });

    const installed = path.join(user, 'node_modules');
    const packages = await readdir(installed);
    // No dev tool and no ML runtime came with it: those are optional.
    for (const absent of ['tsx', 'typescript', 'vitest', 'onnxruntime-node', 'nsfwjs'])
      expect(packages).not.toContain(absent);
    const genops = path.join(installed, '.bin', 'genops');
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    expect((await exec(genops, ['--version'], { cwd: user, env: userEnv() })).stdout).toBe(
      `genops ${pkg.version}\n`,
    );

    await copyFile(path.join(root, 'examples/basic/genops.yaml'), path.join(user, 'genops.yaml'));
    const run = await exec(genops, ['run', '--json'], { cwd: user, env: userEnv(), maxBuffer: 64 << 20 });
    expect(JSON.parse(run.stdout).gate).toBe('pass');
    expect(await readdir(path.join(user, 'generated'))).toContain('assets.json');
  });
});
