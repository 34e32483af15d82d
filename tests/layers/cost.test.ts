/**
 * Cost known before it is spent, through the CLI, with the OpenAI image back end talking to its
 * loopback peer (tests/peers/openai-peer.ts): the plan estimates cache misses, synthesis stops
 * before the first paid request above limits.maxCostUsd, and the report says what was spent.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, ReportData, Synthesis } from '../../src/core/model.js';
import { escapeMarkdown } from '../../src/report/escape.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';
import { type OpenAIPeer, startOpenAIPeer } from '../peers/openai-peer.js';

const KEY = 'sk-test-peer-key-123456';
const env = { OPENAI_API_KEY: KEY };
let peer: OpenAIPeer;

beforeAll(async () => {
  peer = await startOpenAIPeer({ apiKey: KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.bodies.length = 0;
});

/** 2 assets × 2 variants of gpt-image-1 at low quality, 1024x1024: 4 × $0.011 = $0.044. */
const manifest = (extra = '', model = 'gpt-image-1') => `version: 1
defaults:
  generator: img
  size: 1024x1024
  variants: 2
  # The peer's images are flat test cards: QA is not what these tests hold.
  qa:
    minAesthetic: 0
    minStdDev: 0
generators:
  img:
    type: openai
    model: ${model.replace(/-auto$/, '')}
    ${model === 'gpt-image-1-auto' ? '' : 'quality: low'}
    baseUrl: ${peer.url}
  local:
    type: procedural
assets:
  - id: moon
    prompt: a pale moon
  - id: sun
    prompt: a low sun
  - id: free
    generator: local
    size: 64x64
    prompt: a free sketch
${extra}`;

async function project(text: string) {
  const dir = await tempDir();
  const file = await writeManifest(dir, text);
  const read = async <T>(name: string): Promise<T> =>
    JSON.parse(await readFile(path.join(dir, '.genops/run', name), 'utf8'));
  return { dir, file, read };
}

describe('cost estimate and limits.maxCostUsd', () => {
  it('estimates the cache misses per back end, generates within the limit, and reports what was spent', async () => {
    const p = await project(manifest('limits:\n  maxCostUsd: 1\n'));
    const planned = await runCli(['plan', '-m', p.file], env);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = await p.read<Plan>('plan.json');
    expect(plan.cost?.usd).toBe(0.044);
    expect(plan.cost?.jobs).toBe(6);
    expect(plan.cost?.lines.map((l) => [l.generator, l.model, l.jobs, l.usd])).toEqual([
      ['img', 'gpt-image-1', 4, 0.044],
      ['local', 'genops-procedural', 2, 0],
    ]);
    expect(planned.stderr).toContain('estimated cost $0.044 for 6 jobs (img/gpt-image-1 $0.044)');

    const run = await runCli(['run', '-m', p.file], env);
    expect(run.code, run.stderr).toBe(0);
    expect(peer.bodies).toHaveLength(4);
    const report = await p.read<ReportData>('report.json');
    expect(report.cost).toMatchObject({
      estimate: { usd: 0.044, jobs: 6 },
      spent: { usd: 0.044 },
      limitUsd: 1,
    });
    const md = await readFile(path.join(p.dir, '.genops/run/report.md'), 'utf8');
    expect(md).toContain(
      escapeMarkdown(
        'cost: estimated $0.044 for 6 jobs (img/gpt-image-1 $0.044) · spent $0.044 · limit $1.00',
      ),
    );

    // Everything is cached now: nothing to pay for, nothing spent. (The plan command rewrites the
    // run folder, so the rerun is a full one, not the stop of a run where nothing changed.)
    expect((await runCli(['plan', '-m', p.file], env)).code).toBe(0);
    const rerun = await runCli(['run', '-m', p.file], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(peer.bodies).toHaveLength(4);
    expect((await p.read<Plan>('plan.json')).cost?.usd).toBe(0);
    const again = await p.read<ReportData>('report.json');
    expect(again.cost).toMatchObject({ estimate: { usd: 0, jobs: 0 }, spent: { usd: 0 } });
  });

  it('stops synthesis before the first paid request when the estimate is above the limit (exit 1)', async () => {
    const p = await project(manifest('limits:\n  maxCostUsd: 0.04\n'));
    expect((await runCli(['plan', '-m', p.file], env)).code).toBe(0);
    const synth = await runCli(['synthesize', '-m', p.file], env);
    expect(synth.code).toBe(1);
    expect(peer.bodies).toHaveLength(0);
    expect(synth.stderr).toContain(
      'estimated cost $0.044 for 6 jobs (img/gpt-image-1 $0.044) exceeds limits.maxCostUsd $0.04; nothing was generated',
    );
    const synthesis = await p.read<Synthesis>('synthesis.json');
    expect(synthesis.cost).toMatchObject({ stopped: true, limitUsd: 0.04, spent: { usd: 0 } });
    expect(synthesis.counts).toMatchObject({ generated: 0, failed: 6 });
    expect(Object.values(synthesis.entries)[0]?.failure).toMatchObject({ kind: 'budget', attempts: 0 });

    // `run` stops at the same place and reports the figure; the gate fails.
    const run = await runCli(['run', '-m', p.file], env);
    expect(run.code).toBe(1);
    expect(peer.bodies).toHaveLength(0);
    const report = await p.read<ReportData>('report.json');
    expect(report.gate).toBe('fail');
    expect(report.cost).toMatchObject({ stopped: true, estimate: { usd: 0.044 }, limitUsd: 0.04 });
    const md = await readFile(path.join(p.dir, '.genops/run/report.md'), 'utf8');
    expect(md).toContain('over the limit: nothing was generated');
  });

  it('estimates an unset quality at its ceiling and prices the spend by the quality the API made', async () => {
    // No quality: the API chooses (this peer answers `medium`), so the estimate is the `high` ceiling.
    const p = await project(manifest('', 'gpt-image-1-auto'));
    const run = await runCli(['run', '-m', p.file], env);
    expect(run.code, run.stderr).toBe(0);
    const report = await p.read<ReportData>('report.json');
    expect(report.cost?.estimate.usd).toBe(0.668);
    expect(report.cost?.spent?.usd).toBe(0.168);
  });

  it('refuses a limit it cannot hold (a paid model with no price) until prices: names it', async () => {
    const unknown = await project(manifest('limits:\n  maxCostUsd: 5\n', 'my-azure-deployment'));
    const stopped = await runCli(['run', '-m', unknown.file], env);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('4 with no price');
    expect(stopped.stderr).toContain('add it under prices:');
    expect(peer.bodies).toHaveLength(0);

    const priced = await project(
      manifest(
        'limits:\n  maxCostUsd: 5\nprices:\n  - type: openai\n    model: my-azure-deployment\n    usd: 0.02\n',
        'my-azure-deployment',
      ),
    );
    const run = await runCli(['run', '-m', priced.file], env);
    expect(run.code, run.stderr).toBe(0);
    expect(peer.bodies).toHaveLength(4);
    const report = await priced.read<ReportData>('report.json');
    expect(report.cost?.spent).toMatchObject({ usd: 0.08, unpriced: 0 });
    expect(report.cost?.spent?.lines[0]?.sources).toEqual(['manifest prices']);
  });
});
