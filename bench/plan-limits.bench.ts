/**
 * The planner's limits: a 1000×1000 matrix must be refused in well under a second (the product is
 * computed before anything expands), and a manifest at the schema's job cap (limits.maxJobs
 * 100,000) must plan in bounded memory. Both go through the real parse, schema and plan code.
 */
import type { BackendIdentity } from '../src/core/model.js';
import { parseManifestText } from '../src/manifest/load.js';
import { buildPlan, MAX_JOBS_LIMIT } from '../src/plan/build.js';
import type { BenchRow } from './run.js';

const identity: BackendIdentity = {
  type: 'procedural',
  model: 'bench',
  endpointClass: 'local',
  version: '1',
};

function matrixManifest(a: number, b: number, maxJobs?: number): Buffer {
  const values = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
  return Buffer.from(
    `version: 1\n${maxJobs ? `limits: { maxJobs: ${maxJobs} }\n` : ''}assets:\n` +
      '  - id: m-{{a}}-{{b}}\n    prompt: a {{a}} and a {{b}} under warm light\n    size: 64x64\n' +
      `    matrix:\n      a: [${values(a)}]\n      b: [${values(b)}]\n`,
  );
}

function plan(bytes: Buffer) {
  const loaded = { ...parseManifestText('bench.yaml', bytes), baseDir: '.', hash: 'bench' };
  return buildPlan({ loaded, identityOf: () => identity });
}

export default async function bench(): Promise<BenchRow[]> {
  let started = performance.now();
  let refused = false;
  try {
    plan(matrixManifest(1000, 1000));
  } catch (error) {
    refused = /over the cap/.test((error as Error).message);
  }
  const refuseMs = performance.now() - started;

  const heapBefore = process.memoryUsage().heapUsed;
  started = performance.now();
  const atCap = plan(matrixManifest(MAX_JOBS_LIMIT / 100, 100, MAX_JOBS_LIMIT));
  const planJson = JSON.stringify(atCap);
  const planS = (performance.now() - started) / 1000;
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return [
    {
      name: 'refuse a 1000×1000 matrix (parse, schema, cap)',
      value: refuseMs,
      unit: 'ms',
      target: '≤ 2000 ms',
      pass: refused && refuseMs <= 2000,
    },
    {
      name: `plan ${atCap.jobs.length} jobs (the maxJobs ceiling)`,
      value: planS,
      unit: 's',
      note: `heap held ${heapMiB.toFixed(0)} MiB, plan.json ${(planJson.length / 2 ** 20).toFixed(0)} MiB`,
    },
  ];
}
