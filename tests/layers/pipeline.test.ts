import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import { silentLogger } from '../../src/core/log.js';
import type { Lockfile, QaReport, Synthesis } from '../../src/core/model.js';
import type { Generator } from '../../src/generators/generator.js';
import { createProceduralGenerator } from '../../src/generators/procedural.js';
import { createContext } from '../../src/layers/context.js';
import { planLayer } from '../../src/layers/plan.js';
import { synthesizeLayer } from '../../src/layers/synthesize.js';
import { readJson, runCli, SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** The procedural generator, counting calls: proves which jobs reached a back end. */
function countingProcedural(calls: string[]): (name: string) => Generator {
  return (name) => {
    const real = createProceduralGenerator({ name, config: { type: 'procedural' }, baseDir: '.', env: {} });
    return {
      ...real,
      generate: (job, ctx) => {
        calls.push(job.key);
        return real.generate(job, ctx);
      },
    };
  };
}

describe('the pipeline on embedded defaults', () => {
  it('runs end to end, then reruns with every job a cache hit and no generator call', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const first = await runCli(['run', '-m', manifest]);
    expect(first.code, first.stderr).toBe(0);

    const lock = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    expect(Object.keys(lock.assets)).toEqual(['one', 'two-gold', 'two-teal']);
    const assets = await readJson<{
      assets: Record<string, { file: string; sha256: string; width: number }>;
    }>(path.join(dir, 'generated/assets.json'));
    for (const [id, a] of Object.entries(assets.assets)) {
      const bytes = await readFile(path.join(dir, 'generated', a.file));
      expect(sha256Hex(bytes)).toBe(a.sha256);
      expect(a.file).toMatch(new RegExp(`^${id}/[a-z0-9-]+-${a.width}w\\.${a.sha256.slice(0, 12)}\\.png$`));
    }

    // Second run through the layer API, with a generator that counts its calls.
    const calls: string[] = [];
    const ctx = createContext({ manifestPath: manifest, log: silentLogger });
    await planLayer(ctx);
    const synthesis = await synthesizeLayer(ctx, countingProcedural(calls));
    expect(calls).toEqual([]);
    expect(synthesis.counts).toEqual({ jobs: 4, generated: 0, cached: 4, failed: 0 });

    const lockStat = await stat(path.join(dir, 'genops.lock'));
    const again = await runCli(['run', '-m', manifest, '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.layers.synthesize).toMatchObject({ cacheHits: 4, cacheMisses: 0, generated: 0 });
    expect(report.layers.deliver).toMatchObject({ filesWritten: 0 });
    expect(await readJson<Lockfile>(path.join(dir, 'genops.lock'))).toEqual(lock);
    // Nothing changed, so the lockfile was not rewritten (a no-op leaves the working tree alone).
    const after = await stat(path.join(dir, 'genops.lock'));
    expect([after.mtimeMs, after.ino]).toEqual([lockStat.mtimeMs, lockStat.ino]);
  });

  it('regenerates exactly the jobs whose inputs changed', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    await writeManifest(dir, SMALL_MANIFEST.replace('a {{c}} ocean wave', 'a {{c}} ocean wave at night'));
    const calls: string[] = [];
    const ctx = createContext({ manifestPath: manifest, log: silentLogger });
    const plan = await planLayer(ctx);
    const synthesis = await synthesizeLayer(ctx, countingProcedural(calls));
    const changed = plan.jobs.filter((j) => j.asset.startsWith('two-')).map((j) => j.key);
    expect(calls.sort()).toEqual(changed.sort());
    expect(synthesis.counts).toMatchObject({ generated: 2, cached: 2 });
  });

  it('fails the gate with exit 1 and reasons, keeping the last approved version in the lockfile', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const before = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    await writeManifest(
      dir,
      SMALL_MANIFEST.replace('    variants: 2\n', '    variants: 2\n    qa: { minAesthetic: 9.9 }\n').replace(
        'a red sun',
        'a crimson sun',
      ),
    );
    const run = await runCli(['run', '-m', manifest]);
    expect(run.code).toBe(1);
    const qa = await readJson<QaReport>(path.join(dir, '.genops/run/qa.json'));
    const one = qa.assets.find((a) => a.id === 'one');
    expect(one?.verdict).toBe('fail');
    expect(one?.reasons.join()).toMatch(/aesthetic score .* is below 9.9/);
    const md = await readFile(path.join(dir, '.genops/run/report.md'), 'utf8');
    expect(md).toMatch(/❌ failed \(1 of 3 assets\)/);
    expect(md.indexOf('<code>one</code>')).toBeLessThan(md.indexOf('<code>two-gold</code>'));
    const after = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    expect(after.assets.one).toEqual(before.assets.one);
  });

  it('each layer runs as its own command from the run folder', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const out = path.join(dir, 'run-folder');
    expect((await runCli(['qa', '-m', manifest, '-o', out])).stderr).toMatch(
      /plan.json is missing — run `genops plan` first/,
    );
    for (const layer of ['plan', 'synthesize', 'qa', 'deliver']) {
      const run = await runCli([layer, '-m', manifest, '-o', out]);
      expect(run.code, `${layer}: ${run.stderr}`).toBe(0);
    }
    for (const file of [
      'plan.json',
      'synthesis.json',
      'qa.json',
      'delivery.json',
      'report.json',
      'report.md',
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    const report = await readJson<{ layers: Record<string, { durationMs: number }> }>(
      path.join(out, 'report.json'),
    );
    expect(Object.keys(report.layers)).toEqual(['plan', 'synthesize', 'qa', 'deliver']);
  });

  it('Ctrl-C stops new generation, keeps what was paid for, records the rest as cancelled', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      'version: 1\nassets:\n  - id: many\n    prompt: a red sun\n    size: 256x256\n    variants: 16\n',
    );
    const controller = new AbortController();
    const calls: string[] = [];
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const ctx = createContext({ manifestPath: manifest, log, signal: controller.signal });
    await planLayer(ctx);
    const slow = (name: string): Generator => {
      const g = countingProcedural(calls)(name);
      return {
        ...g,
        generate: async (job, c) => {
          if (calls.length >= 3) controller.abort();
          return g.generate(job, c);
        },
      };
    };
    const synthesis = await synthesizeLayer(ctx, slow);
    // The calls in flight when Ctrl-C came finish and are stored; no new call starts.
    expect(synthesis.counts.generated).toBe(calls.length);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    const cancelled = Object.values(synthesis.entries).filter((e) => e.failure?.kind === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(synthesis.counts.generated + cancelled.length).toBe(16);
    // The jobs that never started are one line, not one each (a large batch printed hundreds).
    const notStarted = cancelled.filter((e) => e.attempts === 0).length;
    expect(warnings.filter((w) => w.includes('not started'))).toEqual([
      `synthesize: interrupted; ${notStarted} job(s) not started: rerun to make them`,
    ]);
    expect(warnings.filter((w) => w.includes('before completion'))).toEqual([]);
    // Whatever was generated is a complete cache entry with a verifiable blob.
    for (const entry of Object.values(synthesis.entries).filter((e) => e.status === 'generated')) {
      expect(sha256Hex(await ctx.workspace.blobs.get(entry.blob as string))).toBe(entry.blob);
    }
  });

  it('a run killed with SIGKILL mid-synthesis leaves no partial entry, and a rerun resumes', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      'version: 1\ndefaults: { size: 1536x1536, variants: 12 }\nassets:\n  - id: big\n    prompt: a neon city skyline at night with stars\n  - id: wide\n    prompt: mountains at dusk\n',
    );
    const bin = path.join(root, 'bin/genops.js');
    await exec(process.execPath, [bin, 'plan', '-m', manifest]);
    const victim = spawn(process.execPath, [bin, 'synthesize', '-m', manifest], {
      stdio: 'ignore',
    });
    const log = path.join(dir, '.genops/cache/jobs/index.ndjson');
    const records = async () =>
      (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line.endsWith('}'));
    const deadline = Date.now() + 120_000;
    while ((await records()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    const survived = await records();
    expect(survived.length).toBeGreaterThanOrEqual(2);
    expect(survived.length).toBeLessThan(24);

    const blobs = await readdir(path.join(dir, '.genops/blobs'), { recursive: true, withFileTypes: true });
    for (const f of blobs.filter((e) => e.isFile() && !e.name.startsWith('.tmp-'))) {
      expect(sha256Hex(await readFile(path.join(f.parentPath, f.name)))).toBe(f.name);
    }

    const resumed = await runCli(['synthesize', '-m', manifest]);
    expect(resumed.code).toBe(0);
    const synthesis = await readJson<Synthesis>(path.join(dir, '.genops/run/synthesis.json'));
    expect(synthesis.counts.cached).toBeGreaterThanOrEqual(survived.length);
    expect(synthesis.counts.cached + synthesis.counts.generated).toBe(24);
    expect(synthesis.counts.failed).toBe(0);
    // Whatever temporary files the kill left (its writer is dead) are gone after the resume.
    for (const folder of ['.genops/blobs', '.genops/cache']) {
      const left = await readdir(path.join(dir, folder), { recursive: true });
      expect(left.filter((f) => path.basename(f).startsWith('.tmp-'))).toEqual([]);
    }
  });
});

describe('interruption from the CLI', () => {
  it('exits 130 and leaves a readable synthesis.json when interrupted', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const controller = new AbortController();
    controller.abort();
    const run = await runCli(['run', '-m', manifest], {}, controller.signal);
    expect(run.code).toBe(130);
    const synthesis = await readJson<Synthesis>(path.join(dir, '.genops/run/synthesis.json'));
    expect(Object.values(synthesis.entries).every((e) => e.failure?.kind === 'cancelled')).toBe(true);
    expect(existsSync(path.join(dir, 'genops.lock'))).toBe(false);
  });
});
