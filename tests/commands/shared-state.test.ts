import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, writeManifest } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

const manifestOf = (ids: string[]) =>
  `version: 1\ndefaults: { size: 96x64, variants: 2 }\nassets:\n${ids
    .map((id) => `  - id: ${id}\n    prompt: a quiet ${id} landscape at dawn\n`)
    .join('')}`;

describe('one state folder shared by runs at the same time', () => {
  it('two manifests and two copies of one manifest, run at once, each deliver all their assets', async () => {
    const dir = await tempDir();
    const state = path.join(dir, 'shared-state');
    const projects = [
      { name: 'first', ids: ['hills', 'lake', 'moor'] },
      { name: 'second', ids: ['dunes', 'reef'] },
      { name: 'copy-one', ids: ['forest', 'glacier', 'meadow'] },
      { name: 'copy-two', ids: ['forest', 'glacier', 'meadow'] },
    ];
    const manifests = await Promise.all(
      projects.map(async (p) => {
        await mkdir(path.join(dir, p.name));
        return writeManifest(path.join(dir, p.name), manifestOf(p.ids));
      }),
    );
    // Real processes, started together, one --state.
    const runs = await Promise.allSettled(
      manifests.map((m) => exec(tsx, [path.join(root, 'src/genops.ts'), 'run', '-m', m, '--state', state])),
    );
    for (const run of runs) expect(run.status, JSON.stringify(run)).toBe('fulfilled');

    for (const [i, project] of projects.entries()) {
      const folder = path.dirname(manifests[i] as string);
      const lock = JSON.parse(await readFile(path.join(folder, 'genops.lock'), 'utf8'));
      expect(Object.keys(lock.assets).sort()).toEqual([...project.ids].sort());
      const assets = JSON.parse(await readFile(path.join(folder, 'generated/assets.json'), 'utf8'));
      expect(Object.keys(assets.assets).sort()).toEqual([...project.ids].sort());
      // Its own run folder, beside its manifest.
      const plan = JSON.parse(await readFile(path.join(folder, '.genops/run/plan.json'), 'utf8'));
      expect(plan.assets.map((a: { id: string }) => a.id).sort()).toEqual([...project.ids].sort());
    }
  }, 240_000);
});
