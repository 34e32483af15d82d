import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lockfile, Plan } from '../../src/core/model.js';
import { verifyC2pa } from '../../src/deployers/c2pa.js';
import { makeTestPki } from '../deployers/pki.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';

/**
 * The README promises that `delivery.c2pa` in a manifest signs delivered PNG and JPEG files. The
 * plan used to drop the setting, so nothing was ever signed from a manifest: manifest → run →
 * the delivered files carry a valid C2PA manifest by the configured signer.
 */
describe('delivery.c2pa from the manifest', () => {
  it.each([
    ['on the asset', (c2pa: string) => ({ defaults: '', asset: `    delivery: { c2pa: ${c2pa} }\n` })],
    ['in defaults', (c2pa: string) => ({ defaults: `  delivery: { c2pa: ${c2pa} }\n`, asset: '' })],
  ])(
    '%s: run signs the delivered PNG and JPEG',
    async (_where, place) => {
      const dir = await tempDir();
      const pki = makeTestPki(dir);
      const c2pa = `{ certificate: ${path.basename(pki.es256.cert)}, privateKey: ${path.basename(pki.es256.key)} }`;
      const { defaults, asset } = place(c2pa);
      const manifest = await writeManifest(
        dir,
        `version: 1\ndefaults:\n  size: 96x64\n${defaults}` +
          'delivery:\n  targets: [{ type: local, dir: site }]\n' +
          `assets:\n  - id: hero\n    prompt: a signed violet skyline\n${asset}` +
          '  - id: photo\n    prompt: a signed jpeg\n    format: jpeg\n' +
          asset,
      );
      const run = await runCli(['run', '-m', manifest]);
      expect(run.code, run.stderr).toBe(0);

      const plan = JSON.parse(await readFile(path.join(dir, '.genops/run/plan.json'), 'utf8')) as Plan;
      for (const planned of plan.assets)
        expect(planned.delivery.c2pa?.certificate).toBe(path.basename(pki.es256.cert));

      const lock = JSON.parse(await readFile(path.join(dir, 'genops.lock'), 'utf8')) as Lockfile;
      const files = Object.values(lock.assets).flatMap((a) => a.files);
      expect(files.map((f) => f.format).sort()).toEqual(['jpeg', 'png']);
      for (const file of files) {
        const verdict = await verifyC2pa(await readFile(path.join(dir, 'site', file.path)));
        expect(verdict.present, file.path).toBe(true);
        expect(verdict.valid, file.path).toBe(true);
        expect(verdict.signer).toContain('CN=GenOps Test Signer');
      }
    },
    60_000,
  );
});
