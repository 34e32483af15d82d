/**
 * The README's set-up, as a new user runs it: a clone of this repository into an empty folder, the
 * README's two commands, and only the environment the machine gives a user's shell (no CI flag, no
 * onnxruntime switches, no API keys). The commands are read from the README itself, so the test follows what it says.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, userEnv } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** The two commands of the README's first code block (the comment after `#` dropped). */
async function readmeCommands(): Promise<[string, string]> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
  expect(lines).toHaveLength(2);
  return lines as [string, string];
}

describe('a fresh clone', () => {
  it('installs and runs the README commands with no environment set by hand', {
    timeout: 900_000,
  }, async () => {
    const [first, second] = await readmeCommands();
    expect(first).toMatch(/^npm ci && /);
    expect(second).toBe('npm test');
    const dir = await tempDir('genops-clone-');
    const clone = path.join(dir, 'genops');
    await exec('git', ['clone', '--quiet', root, clone]);

    const install = await exec('bash', ['-c', first], { cwd: clone, env: userEnv(), maxBuffer: 64 << 20 });
    expect(install.stderr).not.toMatch(/api\.nuget\.org|ENOTFOUND/);
    const lock = JSON.parse(await readFile(path.join(clone, 'examples/basic/genops.lock'), 'utf8'));
    expect(Object.keys(lock.assets).length).toBeGreaterThan(5);
    const report = JSON.parse(
      await readFile(path.join(clone, 'examples/basic/.genops/run/report.json'), 'utf8'),
    );
    expect(report.gate).toBe('pass');

    // The test command, narrowed to one small folder: the whole suite would start this test again.
    const tests = await exec('bash', ['-c', `${second} -- tests/core`], {
      cwd: clone,
      env: userEnv(),
      maxBuffer: 64 << 20,
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary
    expect(tests.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+\d+ passed/);
  });
});
