/**
 * The CLI's conventions, as a user meets them: the bin users run (compiled lib/, started as a
 * process, tests/setup/build-lib.ts builds it), its version, per-command help, JSON on stdout for
 * results and errors, and exit codes that tell a failed gate (1) from bad input (2) from a run that
 * could not produce its images (3).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from './helpers.js';
import { startOpenAIPeer } from './peers/openai-peer.js';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/genops.js');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };

/** The bin as a process in `cwd`, with a clean environment (no CI flag, no keys). */
async function genops(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return promisify(execFile)(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('genops as a command', () => {
  it('--version prints the package version and exits 0', async () => {
    const dir = await tempDir();
    const out = await genops(['--version'], dir);
    expect(out).toMatchObject({ code: 0, stdout: `genops ${pkg.version}\n` });
    expect(JSON.parse((await genops(['--version', '--json'], dir)).stdout)).toEqual({ version: pkg.version });
  });

  it('<command> --help shows that command, its options and an example, exit 0', async () => {
    for (const command of ['plan', 'deliver', 'run', 'init', 'history']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^genops ${command}`));
      expect(help.stdout).toMatch(/Example/);
    }
    expect((await runCli(['deliver', '--help'])).stdout).toContain('--locked');
    expect((await runCli(['run', '--help'])).stdout).toContain('--prompt');
    expect((await runCli(['--help'])).stdout).toMatch(/3 +the run could not produce/);
  });

  it('--json prints {"error": …} with the place and the fix for bad input, exit 2', async () => {
    const dir = await tempDir();
    const file = await writeManifest(dir, 'version: 1\nassets:\n  - id: a\n    prompt: x\n    size: big\n');
    const out = await runCli(['plan', '-m', file, '--json']);
    expect(out.code).toBe(2);
    const { error } = JSON.parse(out.stdout);
    expect(error).toMatchObject({ kind: 'input', file, line: 5, path: 'assets[0].size' });
    expect(error.message).toEqual(expect.any(String));
    expect(error.problems).toHaveLength(1);
    const usage = await runCli(['plan', '--nope', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error).toMatchObject({ kind: 'usage', fix: 'genops plan --help' });
  });

  it('a back end that cannot be reached exits 3, not 1 like a failed gate', async () => {
    const dir = await tempDir();
    const file = await writeManifest(
      dir,
      'version: 1\ngenerators:\n  a1111: { type: automatic1111, baseUrl: "http://127.0.0.1:9", retries: 0 }\nassets:\n  - id: a\n    prompt: x\n    generator: a1111\n',
    );
    const down = await runCli(['run', '-m', file, '--json']);
    expect(down.code).toBe(3);
    expect(JSON.parse(down.stdout).gate).not.toBe('pass');
    // The same asset failing a gate on an image that was produced: 1.
    const gated = await writeManifest(
      dir,
      'version: 1\nassets:\n  - id: a\n    prompt: x\n    qa: { minAesthetic: 9.9 }\n',
      'gated.yaml',
    );
    expect((await runCli(['run', '-m', gated])).code).toBe(1);
  });

  it('reads `url` as the old name of baseUrl, with a warning naming the fix', async () => {
    const dir = await tempDir();
    const file = await writeManifest(
      dir,
      'version: 1\ngenerators:\n  a1111: { type: automatic1111, url: "http://127.0.0.1:9" }\nassets:\n  - id: a\n    prompt: x\n    generator: a1111\n',
    );
    const out = await runCli(['plan', '-m', file]);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('generators.a1111.url is the old name of baseUrl');
  });

  it('an OpenAI-compatible baseUrl without /v1 gets a hint, not a bare 404', async () => {
    const peer = await startOpenAIPeer({ apiKey: 'sk-test' });
    try {
      const dir = await tempDir();
      const rootUrl = peer.url.replace(/\/v1$/, '');
      const file = await writeManifest(
        dir,
        `version: 1\ngenerators:\n  gpt: { type: openai, baseUrl: "${rootUrl}", retries: 0 }\nassets:\n  - id: a\n    prompt: x\n    generator: gpt\n`,
      );
      const out = await runCli(['run', '-m', file], { OPENAI_API_KEY: 'sk-test' });
      expect(out.code).toBe(3);
      expect(out.stderr).toContain(`usually ends in /v1 (try ${rootUrl}/v1)`);
    } finally {
      await peer.close();
    }
  });
});

describe('genops run --prompt', () => {
  it('runs the whole pipeline with no manifest and delivers N images into generated/', async () => {
    const dir = await tempDir();
    const out = await genops(
      ['run', '--prompt', 'cyberpunk city at night', '--count', '3', '--size', '256x192', '--json'],
      dir,
    );
    expect(out.code).toBe(0);
    const { manifest, report } = JSON.parse(out.stdout);
    expect(manifest.assets.map((a: { id: string }) => a.id)).toEqual([
      'cyberpunk-city-at-night-1',
      'cyberpunk-city-at-night-2',
      'cyberpunk-city-at-night-3',
    ]);
    expect(report.gate).toBe('pass');
    const assets = JSON.parse(await readFile(path.join(dir, 'generated/assets.json'), 'utf8'));
    expect(Object.keys(assets.assets)).toHaveLength(3);
    // A rerun is all cache hits.
    const again = await genops(
      ['run', '--prompt', 'cyberpunk city at night', '--count', '3', '--size', '256x192', '--json'],
      dir,
    );
    expect(JSON.parse(again.stdout).report.layers.synthesize).toMatchObject({ generated: 0, cacheHits: 3 });
  });

  it('refuses --prompt with --manifest, and a bad --count, naming the flag (exit 2)', async () => {
    const dir = await tempDir();
    const both = await genops(['run', '--prompt', 'x', '-m', 'genops.yaml'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--prompt and --manifest exclude each other');
    for (const count of ['0', 'five', '2.5']) {
      const bad = await genops(['run', '--prompt', 'x', '--count', count], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--count');
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('genops init', () => {
  it('writes a manifest that runs offline as it is, the three workflows and the .gitignore entry', async () => {
    const dir = await tempDir();
    const out = await genops(['init'], dir);
    expect(out.code).toBe(0);
    for (const file of [
      'genops-pr.yml',
      'genops-deploy.yml',
      'genops-fork-comment.yml',
      'genops-review.yml',
    ]) {
      expect(await readFile(path.join(dir, '.github/workflows', file), 'utf8')).toContain('genops/action@v1');
    }
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toContain('.genops/');
    const run = await genops(['run'], dir);
    expect(run.code).toBe(0);
    expect(await readFile(path.join(dir, 'genops.lock'), 'utf8')).toContain('hero/home');
  });

  it('never overwrites: an existing file is kept and named, exit 0', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'genops.yaml'), 'mine\n');
    await writeFile(path.join(dir, '.gitignore'), 'node_modules/\n.genops/\n');
    const out = await genops(['init'], dir);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('kept genops.yaml');
    expect(out.stderr).toContain('kept .gitignore');
    expect(await readFile(path.join(dir, 'genops.yaml'), 'utf8')).toBe('mine\n');
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n.genops/\n');
    const second = await genops(['init'], dir);
    expect(second.stderr).toContain('kept .github/workflows/genops-pr.yml');
  });

  it('--sharded writes the sharded review workflow in place of the single-runner one', async () => {
    const dir = await tempDir();
    const out = await genops(['init', '--sharded', '--json'], dir);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).written).toEqual([
      'genops.yaml',
      '.github/workflows/genops-sharded.yml',
      '.github/workflows/genops-deploy.yml',
      '.gitignore',
    ]);
    const workflow = await readFile(path.join(dir, '.github/workflows/genops-sharded.yml'), 'utf8');
    // The action's own CLI, nothing to install from a registry.
    expect(workflow).toContain('mode: setup');
    expect(workflow).not.toMatch(/npm install/);
    expect(workflow).toContain('--export');
    expect(await readdir(path.join(dir, '.github/workflows'))).not.toContain('genops-pr.yml');
    expect((await genops(['init', '--help'], dir)).stdout).toContain('--sharded');
  });
});
