/**
 * Sharded synthesis end to end through the CLI (issue 14), on the procedural back end: plan once
 * with --shards 3, synthesize each shard into its own state folder (as matrix jobs would), merge,
 * then `run` generates nothing and writes what one unsharded run writes.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan, ReportData, Synthesis } from '../../src/core/model.js';
import { readJson, runCli, SMALL_MANIFEST, tempDir, withoutTimes, writeManifest } from '../helpers.js';
import { startA1111Peer } from '../peers/automatic1111-peer.js';

async function findFile(dir: string, name: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hit = entries.find((e) => e.isFile() && e.name === name && !e.parentPath.includes('.genops'));
  if (!hit) throw new Error(`${name} not found under ${dir}`);
  return path.join(hit.parentPath, hit.name);
}

describe('sharded synthesis', () => {
  it('plan --shards 3 → 3 shard runs → merge → run generates nothing, same lockfile and assets.json', async () => {
    const single = await tempDir();
    const sharded = await tempDir();
    const manifestA = await writeManifest(single, SMALL_MANIFEST);
    const manifestB = await writeManifest(sharded, SMALL_MANIFEST);
    expect((await runCli(['run', '-m', manifestA])).code).toBe(0);

    const planRun = path.join(sharded, 'plan-out');
    const planned = await runCli(['plan', '-m', manifestB, '--shards', '3', '--out', planRun, '--json']);
    expect(planned.code).toBe(0);
    expect(JSON.parse(planned.stdout)).toEqual({
      include: [{ shard: '1/3' }, { shard: '2/3' }, { shard: '3/3' }],
    });
    const plan = await readJson<Plan>(path.join(planRun, 'plan.json'));
    expect(plan.shards?.count).toBe(3);

    const shardStates: string[] = [];
    const seen = new Set<string>();
    for (const i of [1, 2, 3]) {
      // Each matrix job downloads plan.json into its own run folder and has its own state folder.
      const state = path.join(sharded, `shard-${i}`);
      const out = path.join(state, 'run');
      await mkdir(out, { recursive: true });
      await copyFile(path.join(planRun, 'plan.json'), path.join(out, 'plan.json'));
      const run = await runCli([
        'synthesize',
        '-m',
        manifestB,
        '--shard',
        `${i}/3`,
        '--state',
        state,
        '--out',
        out,
      ]);
      expect(run.code).toBe(0);
      const synthesis = await readJson<Synthesis>(path.join(out, 'synthesis.json'));
      for (const k of Object.keys(synthesis.entries)) {
        expect(seen.has(k)).toBe(false); // a job is generated once across shards
        seen.add(k);
        expect(plan.shards?.assignment[k]).toBe(i);
      }
      expect(synthesis.counts.generated).toBe(Object.keys(synthesis.entries).length);
      shardStates.push(state);
    }
    expect(seen.size).toBe(plan.jobs.length);

    const merged = path.join(sharded, '.genops');
    const merge = await runCli(['merge', '--state', merged, ...shardStates, '--json']);
    expect(merge.code).toBe(0);
    expect(JSON.parse(merge.stdout)).toMatchObject({ recordsAdded: plan.jobs.length, blobsCorrupt: [] });
    // Merging again changes nothing.
    const again = await runCli(['merge', '--state', merged, ...shardStates, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ blobsCopied: 0, recordsAdded: 0 });

    expect((await runCli(['run', '-m', manifestB])).code).toBe(0);
    const synthesis = await readJson<Synthesis>(path.join(merged, 'run/synthesis.json'));
    expect(synthesis.counts).toMatchObject({ generated: 0, cached: plan.jobs.length, failed: 0 });
    const report = await readJson<ReportData>(path.join(merged, 'run/report.json'));
    expect(report.gate).toBe('pass');

    const lockA = await readFile(path.join(single, 'genops.lock'), 'utf8');
    const lockB = await readFile(path.join(sharded, 'genops.lock'), 'utf8');
    expect(withoutTimes(lockB)).toEqual(withoutTimes(lockA));
    expect(lockB).toContain(JSON.parse(lockA).assets.one.blob);
    const assetsA = await readFile(await findFile(single, 'assets.json'), 'utf8');
    const assetsB = await readFile(await findFile(sharded, 'assets.json'), 'utf8');
    expect(withoutTimes(assetsB)).toEqual(withoutTimes(assetsA));
  });

  it('synthesize --export writes only what this run made, not the cache it started from', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const state = path.join(dir, '.genops');
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const cached = await readJson<Plan>(path.join(state, 'run/plan.json'));
    // Two new assets on top of the cached campaign, made as shard 1/1.
    const more = `${SMALL_MANIFEST}  - id: extra-one\n    prompt: a new teal square\n  - id: extra-two\n    prompt: a new red circle\n`;
    await writeManifest(dir, more);
    expect((await runCli(['plan', '-m', manifest, '--shards', '1'])).code).toBe(0);
    const out = path.join(dir, 'artifact');
    const run = await runCli(['synthesize', '-m', manifest, '--shard', '1/1', '--export', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/export: 2 new blobs \(\d+ KiB\), 2 job records, 0 refusals/);
    const synthesis = await readJson<Synthesis>(path.join(state, 'run/synthesis.json'));
    const made = Object.values(synthesis.entries).filter((e) => e.status === 'generated');
    expect(made).toHaveLength(2);
    const blobs = (await readdir(path.join(out, 'blobs'), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    expect(blobs).toEqual(made.map((e) => e.blob).sort());
    expect(synthesis.counts.cached).toBe(cached.jobs.length);

    // The export is a state folder merge takes: a fresh target gets exactly those two jobs.
    const target = path.join(dir, 'merged');
    const merge = await runCli(['merge', '--state', target, out, '--json']);
    expect(merge.code).toBe(0);
    expect(JSON.parse(merge.stdout)).toMatchObject({ blobsCopied: 2, recordsAdded: 2, recordsRejected: [] });
  });

  it('merge verifies: a damaged blob is not copied and its record is skipped', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const shard = path.join(dir, 'shard');
    expect((await runCli(['plan', '-m', manifest, '--state', shard])).code).toBe(0);
    expect((await runCli(['synthesize', '-m', manifest, '--state', shard])).code).toBe(0);
    const blobs = (await readdir(path.join(shard, 'blobs'), { recursive: true, withFileTypes: true })).filter(
      (e) => e.isFile(),
    );
    const damaged = blobs[0];
    if (!damaged) throw new Error('no blob');
    await writeFile(path.join(damaged.parentPath, damaged.name), 'not the image');
    const target = path.join(dir, 'merged');
    const merge = await runCli(['merge', '--state', target, shard, '--json']);
    expect(merge.code).toBe(1);
    const result = JSON.parse(merge.stdout) as { blobsCorrupt: string[]; recordsRejected: string[] };
    expect(result.blobsCorrupt).toEqual([damaged.name]);
    expect(result.recordsRejected.length).toBeGreaterThanOrEqual(1);
    expect(merge.stderr).toMatch(/does not match its hash/);
    expect((await runCli(['merge', '--state', target, path.join(dir, 'missing')])).code).toBe(2);
  });

  it('a shard that fails is rerun alone: only its unfinished jobs are sent again', async () => {
    const peer = await startA1111Peer();
    try {
      const dir = await tempDir();
      const assets = Array.from(
        { length: 9 },
        (_, i) => `  - id: a${i}\n    prompt: picture ${i}\n    size: 64x64\n    generator: gpu\n`,
      ).join('');
      const manifest = await writeManifest(
        dir,
        `version: 1\ngenerators:\n  gpu: { type: automatic1111, url: ${peer.url}, retries: 0 }\nassets:\n${assets}`,
      );
      const planRun = path.join(dir, 'plan-out');
      expect((await runCli(['plan', '-m', manifest, '--shards', '3', '--out', planRun])).code).toBe(0);
      const shard = async (i: number) => {
        const state = path.join(dir, `shard-${i}`);
        const out = path.join(state, 'run');
        await mkdir(out, { recursive: true });
        await copyFile(path.join(planRun, 'plan.json'), path.join(out, 'plan.json'));
        const run = await runCli([
          'synthesize',
          '-m',
          manifest,
          '--shard',
          `${i}/3`,
          '--state',
          state,
          '--out',
          out,
        ]);
        return { code: run.code, synthesis: await readJson<Synthesis>(path.join(out, 'synthesis.json')) };
      };
      expect((await shard(1)).code).toBe(0);
      expect((await shard(3)).code).toBe(0);
      const before = peer.stats.requests;
      peer.faults.failNext('500', 2); // shard 2's first two requests fail
      const failed = await shard(2);
      expect(failed.code).toBe(3); // the back end failed: the run could not produce what it was asked
      expect(failed.synthesis.counts.failed).toBe(2);
      const size = failed.synthesis.counts.jobs;
      expect(peer.stats.requests - before).toBe(size);

      const rerun = await shard(2);
      expect(rerun.code).toBe(0);
      expect(rerun.synthesis.counts).toMatchObject({ jobs: size, generated: 2, cached: size - 2, failed: 0 });
      expect(peer.stats.requests - before).toBe(size + 2);

      const merged = path.join(dir, '.genops');
      const states = [1, 2, 3].map((i) => path.join(dir, `shard-${i}`));
      expect((await runCli(['merge', '--state', merged, ...states])).code).toBe(0);
      const sent = peer.stats.requests;
      // (The peer paints flat colours, which QA rejects as blank: synthesis is what is measured here.)
      expect((await runCli(['plan', '-m', manifest])).code).toBe(0);
      expect((await runCli(['synthesize', '-m', manifest])).code).toBe(0);
      const whole = await readJson<Synthesis>(path.join(merged, 'run/synthesis.json'));
      expect(whole.counts).toMatchObject({ jobs: 9, cached: 9, generated: 0 });
      expect(peer.stats.requests).toBe(sent);
      expect(peer.stats.generated.size).toBe(9);
    } finally {
      await peer.close();
    }
  });
});
