/**
 * A `genops run` where nothing changed since the last complete run stops before loading any layer
 * (src/commands/rerun.ts, src/layers/fingerprint.ts): same result, same exit status, nothing
 * rewritten. Anything that could change what a run makes or leaves behind must make it run again,
 * and that run repairs what was damaged.
 */
import { execFile } from 'node:child_process';
import { cp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, userEnv, writeManifest } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const NOTHING_CHANGED = /nothing changed since the complete run/;

const MANIFEST = `version: 1
defaults:
  size: 64x48
assets:
  - id: sun
    prompt: a red sun over the sea
  - id: moon
    prompt: a pale moon over hills
`;

/** A completed run in a fresh folder: its manifest, and the CLI run in it with `extra` options. */
async function completedRun(extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = await tempDir();
  const manifest = await writeManifest(dir, MANIFEST);
  const genops = (args: string[] = [], more: NodeJS.ProcessEnv = env) =>
    runCli(['run', '-m', manifest, ...extra, ...args], more);
  const first = await genops();
  expect(first.code, first.stderr).toBe(0);
  return { dir, manifest, genops };
}

/** size, mtime, ctime and inode of every file under `dir`: what a rewrite would change. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const stats = await Promise.all(
    files.map(async (f) => {
      const s = await stat(f, { bigint: true });
      return [f, `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`] as const;
    }),
  );
  return new Map(stats);
}

async function blobOf(dir: string, asset: string): Promise<string> {
  const lock = JSON.parse(await readFile(path.join(dir, 'genops.lock'), 'utf8'));
  const sha = lock.assets[asset].blob as string;
  return path.join(dir, '.genops/blobs/sha256', sha.slice(0, 2), sha);
}

describe('genops run where nothing changed', () => {
  it('stops at once with the same result and exit status, and rewrites nothing', async () => {
    const { dir, genops } = await completedRun();
    const before = await snapshot(dir);
    const again = await genops();
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(NOTHING_CHANGED);
    expect(again.stderr).toMatch(/gate pass/);
    expect(again.stderr).not.toMatch(/synthesize:/);
    expect(await snapshot(dir)).toEqual(before);
    // --json prints the report the complete run made.
    const json = await genops(['--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(await readFile(path.join(dir, '.genops/run/report.json'), 'utf8')),
    );
  });

  it('runs again when the manifest changed, even by a comment', async () => {
    const { manifest, genops } = await completedRun();
    await writeFile(manifest, `${MANIFEST}# reviewed\n`);
    const again = await genops();
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(NOTHING_CHANGED);
    expect(again.stderr).toMatch(/synthesize: 0 generated, 2 cached/);
    // That run recorded the new manifest: the next one stops.
    expect((await genops()).stderr).toMatch(NOTHING_CHANGED);
  });

  it('runs again when the lockfile changed, and writes it back', async () => {
    const { dir, genops } = await completedRun();
    const lockfile = path.join(dir, 'genops.lock');
    const written = await readFile(lockfile, 'utf8');
    await writeFile(lockfile, written.replace('a red sun over the sea', 'a red sun over the lake'));
    const again = await genops();
    expect(again.stderr).not.toMatch(NOTHING_CHANGED);
    expect(await readFile(lockfile, 'utf8')).toBe(written);
  });

  it("runs again when a reviewer's decision was recorded, and ships it", async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, MANIFEST.replace('defaults:\n', 'defaults:\n  variants: 2\n'));
    const genops = () => runCli(['run', '-m', manifest]);
    expect((await genops()).code).toBe(0);
    const picked = await runCli(['pick', 'sun', '2', '--by', 'ana', '-m', manifest]);
    expect(picked.code, picked.stderr).toBe(0);
    expect((await genops()).stderr).not.toMatch(NOTHING_CHANGED);
    expect((await genops()).stderr).toMatch(NOTHING_CHANGED);
    // The decision file alone changes, as a git pull of a reviewer's commit changes it.
    const decisions = path.join(dir, 'genops.decisions.json');
    await writeFile(decisions, (await readFile(decisions, 'utf8')).replace('"ana"', '"bo"'));
    expect((await genops()).stderr).not.toMatch(NOTHING_CHANGED);
    const lock = JSON.parse(await readFile(path.join(dir, 'genops.lock'), 'utf8'));
    expect(lock.assets.sun.decision?.pick).toMatchObject({ by: 'bo' });
  });

  it('runs again when a delivered file was deleted or changed, and restores it', async () => {
    const { dir, genops } = await completedRun();
    const delivered = path.join(dir, 'generated');
    const files = (await readdir(delivered, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && e.name !== 'assets.json')
      .map((e) => path.join(e.parentPath, e.name));
    const [first, second] = files as [string, string];
    const original = await readFile(second);
    await rm(first);
    const afterDelete = await genops();
    expect(afterDelete.stderr).not.toMatch(NOTHING_CHANGED);
    expect((await stat(first)).isFile()).toBe(true);

    // Same size, other bytes.
    const tampered = Buffer.from(original);
    tampered[tampered.length - 1] = (tampered.at(-1) as number) ^ 0xff;
    await writeFile(second, tampered);
    const afterChange = await genops();
    expect(afterChange.stderr).not.toMatch(NOTHING_CHANGED);
    expect(await readFile(second)).toEqual(original);
  });

  it('runs again when a blob was tampered with: the blob is quarantined and made again', async () => {
    const { dir, genops } = await completedRun();
    const blob = await blobOf(dir, 'sun');
    const bytes = await readFile(blob);
    bytes[bytes.length - 5] = (bytes.at(-5) as number) ^ 0xff;
    await writeFile(blob, bytes);
    const again = await genops();
    expect(again.stderr).not.toMatch(NOTHING_CHANGED);
    expect(again.stderr).toMatch(/synthesize: 1 generated, 1 cached/);
    expect(await readdir(path.join(dir, '.genops/quarantine'))).toHaveLength(1);
  });

  it('runs again with other options or another environment for planning', async () => {
    const { dir, genops } = await completedRun();
    const other = await genops(['--stage']);
    expect(other.stderr).not.toMatch(NOTHING_CHANGED);
    expect((await genops(['--lockfile', path.join(dir, 'other.lock')])).stderr).not.toMatch(NOTHING_CHANGED);
    expect((await genops([], { GENOPS_ML_RUNTIMES: 'none' })).stderr).not.toMatch(NOTHING_CHANGED);
    expect((await genops([], { OPENAI_BASE_URL: 'http://127.0.0.1:9' })).stderr).not.toMatch(NOTHING_CHANGED);
    // Quiet and JSON output change nothing the run does.
    expect((await genops()).stderr).not.toMatch(NOTHING_CHANGED); // the previous run used another env
    const quiet = await genops(['-q', '--json']);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout)).toMatchObject({ schema: 'genops/report@1', gate: 'pass' });
    expect((await genops()).stderr).toMatch(NOTHING_CHANGED);
  });

  it('runs again after a layer command rewrote the run folder', async () => {
    const { manifest, genops } = await completedRun();
    expect((await runCli(['plan', '-m', manifest])).code).toBe(0);
    expect((await genops()).stderr).not.toMatch(NOTHING_CHANGED);
    expect((await runCli(['report', '-m', manifest])).code).toBe(0);
    expect((await genops()).stderr).not.toMatch(NOTHING_CHANGED);
  });

  it('records nothing for a run whose gate failed: its rerun runs, and fails the same way', async () => {
    const dir = await tempDir();
    // Every PNG is larger than 10 bytes: the moon fails QA.
    const manifest = await writeManifest(dir, `${MANIFEST}    qa: { maxBytes: 10 }\n`);
    const first = await runCli(['run', '-m', manifest]);
    expect(first.code).toBe(1);
    await expect(stat(path.join(dir, '.genops/run/fingerprint.json'))).rejects.toThrow();
    const again = await runCli(['run', '-m', manifest]);
    expect(again.code).toBe(1);
    expect(again.stderr).not.toMatch(NOTHING_CHANGED);
  });
});

/** The bin as a process, from a copy of the package (bin, lib, package.json) in `pkg`. */
async function binRun(pkg: string, args: string[], cwd: string, hook?: string) {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [...(hook ? ['--import', hook] : []), path.join(pkg, 'bin/genops.js'), ...args],
    { cwd, env: userEnv() },
  );
  return { stdout, stderr };
}

describe('genops run where nothing changed, as a process', () => {
  it('loads neither the heavy modules (sharp, yaml, ajv, the AWS SDK) nor any layer', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, MANIFEST);
    await binRun(root, ['run', '-m', manifest], dir);
    const loaded = path.join(dir, 'loaded.txt');
    const hook = path.join(dir, 'hook.mjs');
    // Every module the ESM loader loads (CommonJS packages imported from lib/ come through it too),
    // written from the hooks' own thread as it loads them.
    const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(loaded)}, url + '\\n');
  return next(url, context);
}`;
    await writeFile(
      hook,
      `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`,
    );
    const again = await binRun(root, ['run', '-m', manifest], dir, hook);
    expect(again.stderr).toMatch(NOTHING_CHANGED);
    const urls = (await readFile(loaded, 'utf8')).split('\n');
    expect(urls.some((u) => u.endsWith('/lib/commands/rerun.js'))).toBe(true);
    for (const heavy of ['/node_modules/sharp/', '/node_modules/yaml/', '/node_modules/ajv', '/@aws-sdk/']) {
      expect(urls.filter((u) => u.includes(heavy))).toEqual([]);
    }
    expect(
      urls.filter((u) => /\/lib\/(layers\/(plan|synthesize|qa|deliver|report)|manifest)\//.test(u)),
    ).toEqual([]);
  });

  it('stops for the same manifest named from another working folder', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, MANIFEST);
    await binRun(root, ['run', '-m', 'genops.yaml'], dir);
    expect((await binRun(root, ['run', '-m', manifest], await tempDir())).stderr).toMatch(NOTHING_CHANGED);
  });

  it('runs again when the CLI is another version or another build', async () => {
    const pkg = await tempDir();
    await cp(path.join(root, 'bin'), path.join(pkg, 'bin'), { recursive: true });
    await cp(path.join(root, 'lib'), path.join(pkg, 'lib'), { recursive: true });
    await cp(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
    await symlink(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'));
    const dir = await tempDir();
    const manifest = await writeManifest(dir, MANIFEST);
    await binRun(pkg, ['run', '-m', manifest], dir);
    expect((await binRun(pkg, ['run', '-m', manifest], dir)).stderr).toMatch(NOTHING_CHANGED);

    const meta = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8'));
    await writeFile(path.join(pkg, 'package.json'), JSON.stringify({ ...meta, version: '99.0.0' }));
    expect((await binRun(pkg, ['run', '-m', manifest], dir)).stderr).not.toMatch(NOTHING_CHANGED);
    expect((await binRun(pkg, ['run', '-m', manifest], dir)).stderr).toMatch(NOTHING_CHANGED);

    // A rebuild rewrites lib/ (same version): the new build does not trust the old record.
    const module = path.join(pkg, 'lib/layers/fingerprint.js');
    await writeFile(module, await readFile(module));
    expect((await binRun(pkg, ['run', '-m', manifest], dir)).stderr).not.toMatch(NOTHING_CHANGED);
  });
});
