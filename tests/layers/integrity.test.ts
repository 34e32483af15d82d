import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { Lockfile, Synthesis } from '../../src/core/model.js';
import { TEMP_WRITER } from '../../src/store/atomic.js';
import { damage, readJson, runCli, SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

describe('verify before trusting', () => {
  it('a cache hit whose blob was damaged is a miss: quarantined, made again, and the run says so', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const first = await readJson<Synthesis>(path.join(dir, '.genops/run/synthesis.json'));
    const blob = Object.values(first.entries)[0]?.blob as string;
    const file = path.join(dir, '.genops/blobs/sha256', blob.slice(0, 2), blob);
    await damage(file);

    const rerun = await runCli(['run', '-m', manifest]);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`blob ${blob} was damaged .*quarantine.*made again`));
    const second = await readJson<Synthesis>(path.join(dir, '.genops/run/synthesis.json'));
    expect(second.counts.generated).toBe(1);
    expect(sha256Hex(await readFile(file))).toBe(blob);
    expect(await readdir(path.join(dir, '.genops/quarantine'))).toHaveLength(1);
  });

  it('deliver and deliver --locked replace a delivered file whose bytes changed at the target', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const lock = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    const files = Object.values(lock.assets).flatMap((a) => a.files);
    const [first, second] = files as [(typeof files)[0], (typeof files)[0]];
    await damage(path.join(dir, 'generated', first.path));

    const locked = await runCli(['deliver', '--locked', '-m', manifest]);
    expect(locked.code).toBe(0);
    expect(locked.stderr).toContain(`replaced 1 file(s)`);
    expect(sha256Hex(await readFile(path.join(dir, 'generated', first.path)))).toBe(first.sha256);

    await damage(path.join(dir, 'generated', second.path));
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    expect(sha256Hex(await readFile(path.join(dir, 'generated', second.path)))).toBe(second.sha256);
  });
});

describe('temporary files left by killed writers', () => {
  it('are removed by the next run once stale, while a young one (a live writer) is left alone', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['plan', '-m', manifest])).code).toBe(0);
    const fan = path.join(dir, '.genops/blobs/sha256/ab');
    const jobs = path.join(dir, '.genops/cache/jobs');
    await mkdir(fan, { recursive: true });
    await mkdir(jobs, { recursive: true });
    const old = [path.join(fan, '.tmp-ab12-0a0b0c'), path.join(jobs, '.tmp-index.ndjson-0d0e0f')];
    const young = path.join(fan, '.tmp-ab34-101112');
    for (const file of [...old, young]) await writeFile(file, 'half a blob');
    const anHourAgo = new Date(Date.now() - 3600_000);
    for (const file of old) await utimes(file, anHourAgo, anHourAgo);

    const run = await runCli(['synthesize', '-m', manifest]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('removed 2 temporary file(s)');
    for (const file of old) expect(existsSync(file)).toBe(false);
    expect(existsSync(young)).toBe(true);
  });

  it('are removed at once when the writer named in them (this host, its pid) is no longer running', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['plan', '-m', manifest])).code).toBe(0);
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    const [host] = TEMP_WRITER.split('.');
    const fan = path.join(dir, '.genops/blobs/sha256/cd');
    await mkdir(fan, { recursive: true });
    const dead = path.join(fan, `.tmp-cd12-${host}.${child.pid}-0a0b0c0d0e0f`);
    const live = path.join(fan, `.tmp-cd34-${TEMP_WRITER}-0a0b0c0d0e0f`);
    await writeFile(dead, 'half a blob');
    await writeFile(live, 'a blob in flight');

    const run = await runCli(['synthesize', '-m', manifest]);
    expect(run.code).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
