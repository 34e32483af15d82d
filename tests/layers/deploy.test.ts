import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { Lockfile, Synthesis } from '../../src/core/model.js';
import { readJson, runCli, tempDir, writeManifest } from '../helpers.js';
import { MOTO_CREDENTIALS, type Moto, startMoto } from '../peers/moto.js';

const exec = promisify(execFile);
const BUCKET = 'genops-deploy';
let moto: Moto;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  moto = await startMoto();
  env = { S3_KEY: MOTO_CREDENTIALS.accessKeyId, S3_SECRET: MOTO_CREDENTIALS.secretAccessKey };
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  await moto.createBucket(BUCKET, { publicRead: true });
});

const manifestText = (prompt: string) => `version: 1
defaults: { size: 96x64 }
store: { type: s3, bucket: ${BUCKET}, prefix: store/, endpoint: ${'{{ENDPOINT}}'}, forcePathStyle: true, accessKeyIdEnv: S3_KEY, secretAccessKeyEnv: S3_SECRET }
delivery:
  targets:
    - { type: s3, bucket: ${BUCKET}, prefix: site/, endpoint: ${'{{ENDPOINT}}'}, forcePathStyle: true, accessKeyIdEnv: S3_KEY, secretAccessKeyEnv: S3_SECRET }
assets:
  - id: hero/city
    prompt: ${prompt}
    delivery: { formats: [webp], widths: [48], alias: hero/city }
  - id: icon
    prompt: a red sun icon
`;

async function repo(prompt: string) {
  const dir = await tempDir();
  const manifest = await writeManifest(dir, manifestText(prompt).replaceAll('{{ENDPOINT}}', moto.endpoint));
  return { dir, manifest };
}

describe('deploy exactly what was reviewed, through the shared S3 store', () => {
  it('a pull-request run stages; the merge run publishes the same bytes from the store without generating', async () => {
    const { dir, manifest } = await repo('a violet city skyline at dusk');
    // Pull request: generate, gate, store, lockfile with final URLs — upload nothing to the site.
    const pr = await runCli(['run', '-m', manifest, '--stage'], env);
    expect(pr.code, pr.stderr).toBe(0);
    const lock = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    const listing = async (prefix: string) => {
      const res = await fetch(`${moto.endpoint}/${BUCKET}?list-type=2&prefix=${prefix}`);
      return [...(await res.text()).matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1] as string);
    };
    expect(await listing('site/')).toEqual([]);
    expect((await listing('store/')).length).toBeGreaterThan(0);

    // Merge: a fresh runner (no local .genops), deliver --locked from the store.
    await rm(path.join(dir, '.genops'), { recursive: true, force: true });
    expect((await runCli(['plan', '-m', manifest], env)).code).toBe(0);
    const deploy = await runCli(['deliver', '-m', manifest, '--locked', '--json'], env);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(JSON.parse(deploy.stdout)).toMatchObject({ mode: 'locked', delivered: ['hero/city', 'icon'] });
    // Nothing was generated: there is no synthesis in this run folder at all.
    await expect(readFile(path.join(dir, '.genops/run/synthesis.json'))).rejects.toThrow();

    // Every URL in assets.json serves exactly the bytes the lockfile names.
    const assets = (await (await fetch(`${moto.endpoint}/${BUCKET}/site/assets.json`)).json()) as {
      assets: Record<string, { url: string; sha256: string; srcset: Record<string, string> }>;
    };
    for (const [id, a] of Object.entries(assets.assets)) {
      const bytes = Buffer.from(await (await fetch(a.url)).arrayBuffer());
      expect(sha256Hex(bytes)).toBe(lock.assets[id]?.files[0]?.sha256);
    }
    expect(assets.assets['hero/city']?.srcset.webp).toMatch(/ 48w, .* 96w$/);
    const alias = await fetch(`${moto.endpoint}/${BUCKET}/site/hero/city.png`);
    expect(alias.headers.get('cache-control')).toBe('public, max-age=60');
    expect(sha256Hex(Buffer.from(await alias.arrayBuffer()))).toBe(
      lock.assets['hero/city']?.files[0]?.sha256,
    );

    // Re-deploying the unchanged lockfile uploads nothing.
    const again = await runCli(['deliver', '-m', manifest, '--locked', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ written: 0 });
  });

  it('refuses a stale lockfile (exit 2, naming the asset), unless generating is allowed', async () => {
    const { dir, manifest } = await repo('a violet city skyline at dusk');
    expect((await runCli(['run', '-m', manifest, '--stage'], env)).code).toBe(0);
    await writeManifest(
      dir,
      manifestText('a golden city skyline at dawn').replaceAll('{{ENDPOINT}}', moto.endpoint),
    );
    expect((await runCli(['plan', '-m', manifest], env)).code).toBe(0);
    const stale = await runCli(['deliver', '-m', manifest, '--locked'], env);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/asset "hero\/city" changed in the manifest after the lockfile was written/);
    expect(stale.stderr).toMatch(/--allow-generate/);

    const allowed = await runCli(['deliver', '-m', manifest, '--locked', '--allow-generate'], env);
    expect(allowed.code, allowed.stderr).toBe(0);
    const synthesis = await readJson<Synthesis>(path.join(dir, '.genops/run/synthesis.json'));
    expect(synthesis.counts.generated).toBe(1);
  });

  it('rolls back: --locked --ref publishes an older lockfile, and history lists the versions', async () => {
    const { dir, manifest } = await repo('a violet city skyline at dusk');
    const git = (...args: string[]) => exec('git', args, { cwd: dir });
    await git('init', '-q', '-b', 'main');
    await git('config', 'user.email', 'dev@example.com');
    await git('config', 'user.name', 'Dev');
    expect((await runCli(['run', '-m', manifest], env)).code).toBe(0);
    const first = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    await git('add', 'genops.yaml', 'genops.lock');
    await git('commit', '-q', '-m', 'first city');
    await writeManifest(
      dir,
      manifestText('a golden city skyline at dawn').replaceAll('{{ENDPOINT}}', moto.endpoint),
    );
    expect((await runCli(['run', '-m', manifest], env)).code).toBe(0);
    await git('commit', '-q', '-am', 'golden city');

    const history = await runCli(['history', 'hero/city', '-m', manifest, '--json'], env);
    expect(history.code, history.stderr).toBe(0);
    const entries = JSON.parse(history.stdout) as { change: string; blob: string; subject: string }[];
    expect(entries.map((e) => e.subject)).toEqual(['golden city', 'first city']);
    expect(entries[1]?.blob).toBe(first.assets['hero/city']?.blob);

    const rollback = await runCli(['deliver', '-m', manifest, '--locked', '--ref', 'HEAD~1', '--json'], env);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(JSON.parse(rollback.stdout).written).toBe(0);
    const live = (await (await fetch(`${moto.endpoint}/${BUCKET}/site/assets.json`)).json()) as {
      assets: Record<string, { sha256: string }>;
    };
    expect(live.assets['hero/city']?.sha256).toBe(first.assets['hero/city']?.files[0]?.sha256);
  });
});
