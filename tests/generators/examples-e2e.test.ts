import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { silentLogger } from '../../src/core/log.js';
import type { Plan, Synthesis } from '../../src/core/model.js';
import { createContext } from '../../src/layers/context.js';
import { planLayer } from '../../src/layers/plan.js';
import { synthesizeLayer } from '../../src/layers/synthesize.js';
import { startA1111Peer } from '../peers/automatic1111-peer.js';
import { startComfyPeer } from '../peers/comfyui-peer.js';
import type { Peer } from '../peers/common.js';
import { startOpenAIPeer } from '../peers/openai-peer.js';
import { startStabilityPeer } from '../peers/stability-peer.js';

/**
 * Each example manifest through the real plan and synthesize layers against its loopback peer:
 * everything generates once, a rerun is all cache hits, and changing the model (or the ComfyUI
 * workflow file) regenerates exactly that generator's jobs while the rest stay cached.
 */
const dirs: string[] = [];
const peers: Peer[] = [];
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A control asset on the built-in generator: it must stay cached through every back-end change. */
const CONTROL = {
  id: 'control/offline',
  prompt: 'a blue sun over green hills',
  generator: 'procedural',
  size: '64x64',
};

async function copyExample(name: string, urls: Record<string, { key: string; value: string }>) {
  const dir = await mkdtemp(path.join(tmpdir(), `genops-e2e-${name}-`));
  dirs.push(dir);
  await cp(path.resolve('examples', name), dir, { recursive: true });
  const manifest = path.join(dir, 'genops.yaml');
  await edit(manifest, (doc) => {
    for (const [generator, { key, value }] of Object.entries(urls))
      doc.setIn(['generators', generator, key], value);
    doc.addIn(['assets'], CONTROL);
  });
  return { dir, manifest };
}

async function edit(manifest: string, change: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(await readFile(manifest, 'utf8'));
  change(doc);
  await writeFile(manifest, doc.toString());
}

async function run(manifest: string, env: NodeJS.ProcessEnv): Promise<{ plan: Plan; synthesis: Synthesis }> {
  const ctx = createContext({ manifestPath: manifest, log: silentLogger, env });
  const plan = await planLayer(ctx);
  const synthesis = await synthesizeLayer(ctx);
  return { plan, synthesis };
}

/** Generated keys of a run, by generator name. */
function generatedBy(plan: Plan, synthesis: Synthesis): Record<string, number> {
  const out: Record<string, number> = {};
  for (const job of plan.jobs) {
    if (synthesis.entries[job.key]?.status === 'generated')
      out[job.generator] = (out[job.generator] ?? 0) + 1;
  }
  return out;
}

const jobsOf = (plan: Plan, generator: string) => plan.jobs.filter((j) => j.generator === generator).length;

function expectNoFailures(synthesis: Synthesis) {
  const failed = Object.values(synthesis.entries).filter((e) => e.status === 'failed');
  expect(failed.map((e) => e.failure?.message)).toEqual([]);
}

describe('example manifests through plan + synthesize against the peers', () => {
  it('openai: generates, reruns from cache, and a model change regenerates only that generator', async () => {
    const peer = await startOpenAIPeer({ apiKey: 'sk-e2e-openai-key' });
    peers.push(peer);
    const env = { OPENAI_API_KEY: 'sk-e2e-openai-key' };
    const base = { key: 'baseUrl', value: peer.url };
    const { manifest } = await copyExample('openai', { gpt: base, dalle: base });
    // The example's 50/min would space these 4 requests 1.2 s apart; the peer has no such limit.
    await edit(manifest, (doc) => doc.setIn(['generators', 'gpt', 'requestsPerMinute'], 6000));

    const first = await run(manifest, env);
    expectNoFailures(first.synthesis);
    expect(first.synthesis.counts).toMatchObject({ jobs: 5, generated: 5, cached: 0 });
    expect(first.plan.jobs.find((j) => j.generator === 'gpt')?.backend).toMatchObject({
      model: 'gpt-image-1',
      settings: { quality: 'medium' },
    });
    const dalle = Object.values(first.synthesis.entries).find((e) => e.facts?.revisedPrompt);
    expect(dalle?.facts).toMatchObject({ model: 'dall-e-3', reproducible: false });

    const again = await run(manifest, env);
    expect(again.synthesis.counts).toMatchObject({ generated: 0, cached: 5 });
    expect(peer.stats.requests).toBe(4);

    await edit(manifest, (doc) => doc.setIn(['generators', 'gpt', 'model'], 'gpt-image-1.5'));
    const changed = await run(manifest, env);
    expectNoFailures(changed.synthesis);
    expect(generatedBy(changed.plan, changed.synthesis)).toEqual({ gpt: jobsOf(changed.plan, 'gpt') });
    expect(changed.synthesis.counts).toMatchObject({ generated: 3, cached: 2 });
    expect(peer.stats.requests).toBe(7);
  });

  it('stability: a changed sd3 model regenerates its job only; a changed style preset its generator only', async () => {
    const peer = await startStabilityPeer({ apiKey: 'sk-e2e-stability' });
    peers.push(peer);
    const env = { STABILITY_API_KEY: 'sk-e2e-stability' };
    const base = { key: 'baseUrl', value: peer.url };
    const { manifest } = await copyExample('stability', { core: base, sd35: base });

    const first = await run(manifest, env);
    expectNoFailures(first.synthesis);
    expect(first.synthesis.counts).toMatchObject({ jobs: 5, generated: 5 });
    const seeds = Object.values(first.synthesis.entries).map((e) => e.facts?.seed);
    expect(seeds.filter((s) => typeof s === 'number')).toHaveLength(5);

    await edit(manifest, (doc) => doc.setIn(['generators', 'sd35', 'model'], 'sd3.5-medium'));
    const model = await run(manifest, env);
    expect(generatedBy(model.plan, model.synthesis)).toEqual({ sd35: 1 });
    expect(model.synthesis.counts).toMatchObject({ generated: 1, cached: 4 });

    await edit(manifest, (doc) => doc.setIn(['generators', 'core', 'stylePreset'], 'cinematic'));
    const style = await run(manifest, env);
    expect(generatedBy(style.plan, style.synthesis)).toEqual({ core: 3 });
    // 4 Stability jobs (the fifth is the offline control), then 1, then 3.
    expect(peer.stats.requests).toBe(4 + 1 + 3);
    expect(
      peer.forms
        .slice(-3)
        .map((f) => f.fields.style_preset)
        .sort(),
    ).toEqual(['cinematic', 'cinematic', 'fantasy-art']);
  });

  it('comfyui: a changed workflow file or checkpoint regenerates the comfy jobs, the rest stay cached', async () => {
    const peer = await startComfyPeer();
    peers.push(peer);
    const { dir, manifest } = await copyExample('comfyui', { comfy: { key: 'baseUrl', value: peer.url } });
    await edit(manifest, (doc) => doc.setIn(['generators', 'comfy', 'pollIntervalMs'], 20));

    const first = await run(manifest, {});
    expectNoFailures(first.synthesis);
    const comfyJobs = jobsOf(first.plan, 'comfy');
    expect(comfyJobs).toBe(4);
    expect(first.synthesis.counts).toMatchObject({ jobs: 5, generated: 5 });
    // The LoRA reached the server as a LoraLoader chain, and the sizes are the assets' sizes.
    expect(peer.graphs.some((g) => Object.values(g).some((n) => n.class_type === 'LoraLoader'))).toBe(true);

    const again = await run(manifest, {});
    expect(again.synthesis.counts).toMatchObject({ generated: 0, cached: 5 });

    const workflow = path.join(dir, 'workflow.json');
    await writeFile(workflow, `${await readFile(workflow, 'utf8')}\n`);
    const edited = await run(manifest, {});
    expect(edited.plan.jobs[0]?.backend.workflowHash).not.toBe(first.plan.jobs[0]?.backend.workflowHash);
    expect(generatedBy(edited.plan, edited.synthesis)).toEqual({ comfy: comfyJobs });
    expect(edited.synthesis.counts.cached).toBe(1);

    await edit(manifest, (doc) =>
      doc.setIn(['generators', 'comfy', 'checkpoint'], 'dreamshaper_8.safetensors'),
    );
    const model = await run(manifest, {});
    expectNoFailures(model.synthesis);
    expect(generatedBy(model.plan, model.synthesis)).toEqual({ comfy: comfyJobs });
    expect(model.synthesis.counts.cached).toBe(1);
    expect(peer.graphs).toHaveLength(comfyJobs * 3);
  });

  it('automatic1111: a changed checkpoint regenerates the a1111 jobs, the rest stay cached', async () => {
    const peer = await startA1111Peer();
    peers.push(peer);
    const { manifest } = await copyExample('automatic1111', { a1111: { key: 'baseUrl', value: peer.url } });

    const first = await run(manifest, {});
    expectNoFailures(first.synthesis);
    expect(first.synthesis.counts).toMatchObject({ jobs: 5, generated: 5 });
    expect(peer.bodies.some((b) => String(b.prompt).includes('<lora:add_detail:0.6>'))).toBe(true);
    const facts = Object.values(first.synthesis.entries).find((e) => e.facts?.modelHash)?.facts;
    expect(facts).toMatchObject({ model: 'dreamshaper_8', modelHash: '879db523c3' });

    await edit(manifest, (doc) => doc.setIn(['generators', 'a1111', 'checkpoint'], 'sd_xl_base_1.0'));
    const changed = await run(manifest, {});
    expectNoFailures(changed.synthesis);
    expect(generatedBy(changed.plan, changed.synthesis)).toEqual({ a1111: 4 });
    expect(changed.synthesis.counts.cached).toBe(1);
    expect(peer.bodies).toHaveLength(8);
  });
});
