import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';

const MANIFEST = `version: 1
defaults: { size: 64x64 }
assets:
  - id: sun
    prompt: a red sun
  - id: sea
    title: The sea
    prompt: teal waves
`;

describe('parsed-manifest cache', () => {
  it('gives back the same manifest without parsing, and its locator still finds places', async () => {
    const dir = await tempDir();
    const file = await writeManifest(dir, MANIFEST);
    const cacheDir = path.join(dir, 'cache');
    const first = await loadManifest(file, { cacheDir });
    // Nothing is kept until the caller says the manifest checked out.
    expect(await readdir(dir)).not.toContain('cache');
    await first.remember?.();
    expect(await readdir(cacheDir)).toHaveLength(1);

    const second = await loadManifest(file, { cacheDir });
    expect(second.remember).toBeUndefined(); // a hit
    expect(second.manifest).toEqual(first.manifest);
    expect(second.hash).toBe(first.hash);
    for (const at of [
      ['assets', 1, 'title'],
      ['assets', 0],
      ['defaults', 'size'],
    ])
      expect(second.locator.locate(at)).toEqual(first.locator.locate(at));
    expect(second.locator.locate(['assets', 1, 'title'])).toEqual({ line: 7, column: 12 });
  });

  it('a changed byte or a torn cache file is a miss, never stale data', async () => {
    const dir = await tempDir();
    const file = await writeManifest(dir, MANIFEST);
    const cacheDir = path.join(dir, 'cache');
    await (await loadManifest(file, { cacheDir })).remember?.();
    const [cached] = await readdir(cacheDir);

    await writeManifest(dir, MANIFEST.replace('teal waves', 'grey waves'));
    const edited = await loadManifest(file, { cacheDir });
    expect(edited.remember).toBeDefined();
    expect(edited.manifest.assets[1]?.prompt).toBe('grey waves');

    await writeManifest(dir, MANIFEST);
    await writeFile(path.join(cacheDir, cached as string), '{"version": 1, "assets": [');
    const torn = await loadManifest(file, { cacheDir });
    expect(torn.remember).toBeDefined();
    expect(torn.manifest.assets).toHaveLength(2);
  });

  it('a manifest that fails the plan is not remembered, and its error keeps file and line', async () => {
    const dir = await tempDir();
    const bad = `${MANIFEST}  - id: sun\n    prompt: a second sun\n`;
    const file = await writeManifest(dir, bad);
    for (let run = 0; run < 2; run++) {
      const result = await runCli(['plan', '-m', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/genops\.yaml:9:\d+/);
    }
    expect(await readdir(path.join(dir, '.genops')).catch(() => [])).not.toContain('cache');
  });
});
