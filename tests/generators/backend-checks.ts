import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { sha256Hex } from '../../src/core/canonical.js';
import { silentLogger } from '../../src/core/log.js';
import type { GeneratorConfig, Plan, Synthesis } from '../../src/core/model.js';
import { createCaller } from '../../src/generators/caller.js';
import { createContext } from '../../src/layers/context.js';
import { planLayer } from '../../src/layers/plan.js';
import { synthesizeLayer } from '../../src/layers/synthesize.js';
import { runCli } from '../helpers.js';
import type { Fault, Peer, PeerOptions } from '../peers/common.js';
import { generatorFor, makeJob } from './helpers.js';

/**
 * The checks every hosted back end passes, against its loopback peer: 30 % faults with nothing lost
 * or generated twice, a wrong key that is clear and never printed, the example manifest through the
 * real layers (and a rerun with 0 requests), and a run killed with SIGKILL that resumes.
 */
export interface BackendUnderTest {
  type: string;
  keyEnv: string;
  key: string;
  /** Starts the peer; `slowMs` makes each generation take about that long; `echoKey` quotes keys in errors. */
  start(options: PeerOptions & { apiKey: string; slowMs?: number; echoKey?: boolean }): Promise<Peer>;
  /** The generator config pointing at the peer (limits are added by the checks). */
  config(peer: Peer): GeneratorConfig;
  /** examples/<example>, and the generators in it to point at the peer. */
  example: string;
  exampleGenerators: string[];
  /** The peer's URL as the generator's `baseUrl` (the API root the provider's own client takes). */
  baseUrl(peer: Peer): string;
  /** Settings added to the example's generators under test (e.g. a short poll interval). */
  tuning?: Record<string, unknown>;
  /** Another model the peer serves, for the first example generator: its jobs alone must regenerate. */
  otherModel: string;
}

const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const peers: Peer[] = [];

async function copyExample(
  b: BackendUnderTest,
  peer: Peer,
  change?: (doc: ReturnType<typeof parseDocument>) => void,
) {
  const name = b.example;
  const dir = await mkdtemp(path.join(tmpdir(), `genops-${name}-`));
  dirs.push(dir);
  await cp(path.join(root, 'examples', name), dir, { recursive: true });
  const manifest = path.join(dir, 'genops.yaml');
  const doc = parseDocument(await readFile(manifest, 'utf8'));
  for (const g of b.exampleGenerators) {
    doc.setIn(['generators', g, 'baseUrl'], b.baseUrl(peer));
    for (const [k, v] of Object.entries(b.tuning ?? {})) doc.setIn(['generators', g, k], v);
  }
  change?.(doc);
  await writeFile(manifest, doc.toString());
  return { dir, manifest };
}

async function editManifest(manifest: string, change: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(await readFile(manifest, 'utf8'));
  change(doc);
  await writeFile(manifest, doc.toString());
}

async function layers(
  manifest: string,
  env: NodeJS.ProcessEnv,
): Promise<{ plan: Plan; synthesis: Synthesis }> {
  const ctx = createContext({ manifestPath: manifest, log: silentLogger, env });
  return { plan: await planLayer(ctx), synthesis: await synthesizeLayer(ctx) };
}

export function backendChecks(b: BackendUnderTest): void {
  afterAll(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const env = { [b.keyEnv]: b.key };
  const started = async (options: Parameters<BackendUnderTest['start']>[0]) => {
    const peer = await b.start(options);
    peers.push(peer);
    return peer;
  };

  describe(`${b.type}: the checks every back end passes`, () => {
    it('30% faults (429, 500, hang, garbage): every job completes, none is generated twice', async () => {
      const faultKinds: Fault[] = ['429', '500', 'hang', 'truncate'];
      const peer = await started({
        apiKey: b.key,
        faultRate: 0.3,
        faultKinds,
        retryAfterMs: 5,
        faultSeed: 11,
      });
      const g = generatorFor({ ...b.config(peer), concurrency: 4, retries: 12, timeoutSeconds: 1.5 }, env);
      const caller = createCaller(g, { minRetryDelayMs: 2, maxRetryDelayMs: 20 });
      const jobs = Array.from({ length: 30 }, (_, i) =>
        makeJob(g, { prompt: `chaos ${i}`, seed: 100 + i, width: 64, height: 64 }),
      );
      const outcomes = await Promise.all(jobs.map((j) => caller.call(j, new AbortController().signal)));
      expect(outcomes.filter((o) => o.failure).map((o) => o.failure?.message)).toEqual([]);
      const faults = Object.values(peer.stats.faults).reduce((n, x) => n + x, 0);
      expect(faults).toBeGreaterThan(5);
      expect(Object.keys(peer.stats.faults).sort()).toEqual(['429', '500', 'hang', 'truncate']);
      expect(peer.stats.generated.size).toBe(30);
      expect([...peer.stats.generated.values()].every((n) => n === 1)).toBe(true);
    }, 60_000);

    it('a wrong key fails at once, names the variable and is never printed', async () => {
      const peer = await started({ apiKey: b.key, echoKey: true });
      const wrongKey = `${b.key}-but-wrong-0123`;
      const g = generatorFor({ ...b.config(peer), retries: 3 }, { [b.keyEnv]: wrongKey });
      const outcome = await createCaller(g, { minRetryDelayMs: 1 }).call(
        makeJob(g),
        new AbortController().signal,
      );
      expect(outcome.failure).toMatchObject({ kind: 'permanent', attempts: 1 });
      expect(outcome.failure?.message).toContain(b.keyEnv);
      expect(outcome.failure?.message).toMatch(/rejected the (key|token)/);
      expect(outcome.failure?.message).not.toContain(wrongKey);

      // Through the CLI too: nothing it prints or writes holds the key.
      const { dir, manifest } = await copyExample(b, peer);
      expect((await runCli(['plan', '-m', manifest], { [b.keyEnv]: wrongKey })).code).toBe(0);
      const run = await runCli(['synthesize', '-m', manifest], { [b.keyEnv]: wrongKey });
      expect(run.code).not.toBe(0);
      const written = await readFile(path.join(dir, '.genops/run/synthesis.json'), 'utf8');
      for (const text of [run.stdout, run.stderr, written]) expect(text).not.toContain(wrongKey);
      expect(written).toContain(b.keyEnv);
    }, 60_000);

    it('the example generates through plan + synthesize, a rerun makes 0 requests, a model change regenerates only its jobs', async () => {
      const peer = await started({ apiKey: b.key });
      const { manifest } = await copyExample(b, peer);
      const first = await layers(manifest, env);
      const failed = Object.values(first.synthesis.entries).filter((e) => e.status === 'failed');
      expect(failed.map((e) => e.failure?.message)).toEqual([]);
      expect(first.synthesis.counts.generated).toBe(first.plan.jobs.length);
      for (const entry of Object.values(first.synthesis.entries)) expect(entry.facts?.model).toBeTruthy();
      const requests = peer.stats.requests;
      const again = await layers(manifest, env);
      expect(again.synthesis.counts).toMatchObject({ generated: 0, cached: first.plan.jobs.length });
      expect(peer.stats.requests).toBe(requests);

      // The model is in the job key: changing it regenerates that generator's jobs and nothing else.
      const changedGenerator = b.exampleGenerators[0] as string;
      await editManifest(manifest, (doc) =>
        doc.setIn(['generators', changedGenerator, 'model'], b.otherModel),
      );
      const changed = await layers(manifest, env);
      const regenerated = changed.plan.jobs.filter(
        (j) => changed.synthesis.entries[j.key]?.status === 'generated',
      );
      const ofChanged = changed.plan.jobs.filter((j) => j.generator === changedGenerator);
      expect(regenerated.map((j) => j.generator)).toEqual(ofChanged.map(() => changedGenerator));
      expect(changed.synthesis.counts.cached).toBe(changed.plan.jobs.length - ofChanged.length);
      expect(peer.stats.requests).toBe(requests + ofChanged.length);
    }, 60_000);

    it('a run killed with SIGKILL leaves no partial entry, and a rerun resumes without regenerating', async () => {
      const peer = await started({ apiKey: b.key, slowMs: 150 });
      const { dir, manifest } = await copyExample(b, peer, (doc) => {
        doc.set(
          'assets',
          doc.createNode([{ id: 'many', prompt: 'a lighthouse in a storm', size: '64x64', variants: 16 }]),
        );
        doc.setIn(['defaults', 'generator'], b.exampleGenerators[0]);
        doc.setIn(['generators', b.exampleGenerators[0] as string, 'concurrency'], 2);
        // This check is about resuming, not pacing: the example's declared rate would spread 16 jobs
        // over 16 s and more under load.
        doc.deleteIn(['generators', b.exampleGenerators[0] as string, 'requestsPerMinute']);
      });
      const cli = path.join(root, 'src/genops.ts');
      expect((await runCli(['plan', '-m', manifest], env)).code).toBe(0);
      // node itself, not the tsx wrapper: SIGKILL on the wrapper would leave its node child running.
      const victim = spawn(process.execPath, ['--import', 'tsx', cli, 'synthesize', '-m', manifest], {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, ...env },
      });
      const log = path.join(dir, '.genops/cache/jobs/index.ndjson');
      const records = async () =>
        (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line.endsWith('}'));
      const deadline = Date.now() + 60_000;
      while ((await records()).length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      victim.kill('SIGKILL');
      await new Promise((r) => victim.once('exit', r));
      // Requests in flight at the kill still finish on the peer (a peer with latency makes the image
      // after its delay): let them land before counting what was made.
      await new Promise((r) => setTimeout(r, 1000));
      const survived = await records();
      const madeAtKill = peer.stats.generated.size;
      expect(survived.length).toBeGreaterThanOrEqual(3);
      expect(survived.length).toBeLessThan(16);
      const blobs = await readdir(path.join(dir, '.genops/blobs'), { recursive: true, withFileTypes: true });
      for (const f of blobs.filter((e) => e.isFile() && !e.name.startsWith('.tmp-')))
        expect(sha256Hex(await readFile(path.join(f.parentPath, f.name)))).toBe(f.name);

      const resumed = await runCli(['synthesize', '-m', manifest], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const synthesis = JSON.parse(
        await readFile(path.join(dir, '.genops/run/synthesis.json'), 'utf8'),
      ) as Synthesis;
      expect(synthesis.counts.failed, JSON.stringify(synthesis.counts)).toBe(0);
      expect(
        synthesis.counts.cached,
        `${JSON.stringify(synthesis.counts)} ${survived.join('\n')}`,
      ).toBeGreaterThanOrEqual(survived.length);
      expect(synthesis.counts.cached + synthesis.counts.generated).toBe(16);
      // Only what was paid for but not yet recorded at the kill (in flight) is made again.
      const twice = [...peer.stats.generated.values()].filter((n) => n > 1).length;
      expect(twice, `made ${madeAtKill}, recorded ${survived.length}`).toBe(madeAtKill - survived.length);
      expect(twice).toBeLessThanOrEqual(3);
    }, 120_000);
  });
}
