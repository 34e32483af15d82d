import { appendFile, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { Lockfile } from '../../src/core/model.js';
import type { VerifyResult } from '../../src/layers/verify.js';
import { damage, readJson, runCli, SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

describe('genops verify', () => {
  it('repairs delivered files from the store and drops cache records naming missing blobs', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const clean = await runCli(['verify', '-m', manifest, '--json']);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toContain('everything holds');
    const before = JSON.parse(clean.stdout) as VerifyResult;
    expect(before.blobs.checked).toBeGreaterThan(0);

    const lock = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    const [changed, gone] = Object.values(lock.assets).flatMap((a) => a.files);
    await damage(path.join(dir, 'generated', changed?.path as string));
    await rm(path.join(dir, 'generated', gone?.path as string));
    const stray = {
      k: 'f'.repeat(64),
      v: { key: 'f'.repeat(64), blob: '0'.repeat(64), mediaType: 'image/png' },
    };
    await appendFile(path.join(dir, '.genops/cache/jobs/index.ndjson'), `${JSON.stringify(stray)}\n`);

    const repaired = await runCli(['verify', '-m', manifest, '--json']);
    expect(repaired.code, repaired.stderr).toBe(0);
    const result = JSON.parse(repaired.stdout) as VerifyResult;
    expect(result.targets[0]?.replaced).toEqual([changed?.path]);
    expect(result.targets[0]?.redelivered).toEqual([gone?.path]);
    expect(result.dropped).toEqual([{ index: 'jobs', key: 'f'.repeat(64) }]);
    for (const file of [changed, gone]) {
      expect(sha256Hex(await readFile(path.join(dir, 'generated', file?.path as string)))).toBe(file?.sha256);
    }
    expect(await readFile(path.join(dir, '.genops/cache/jobs/index.ndjson'), 'utf8')).not.toContain(
      '0'.repeat(64),
    );
  });

  it('quarantines a damaged blob and exits 1 naming the locked asset it cannot repair; a run makes it again', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const lock = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    const asset = lock.assets.one as Lockfile['assets'][string];
    await damage(path.join(dir, '.genops/blobs/sha256', asset.blob.slice(0, 2), asset.blob));

    const found = await runCli(['verify', '-m', manifest]);
    expect(found.code).toBe(1);
    expect(found.stderr).toMatch(new RegExp(`blob ${asset.blob} was damaged .*quarantine`));
    expect(found.stderr).toMatch(
      /lockfile asset "one": its generated image .* is damaged in the store \(quarantined\); run `genops run`/,
    );
    expect(await readdir(path.join(dir, '.genops/quarantine'))).toHaveLength(1);

    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const again = await runCli(['verify', '-m', manifest]);
    expect(again.code, again.stderr).toBe(0);
  });
});
