/**
 * Issue 2's figures: (a) a no-op rerun of a generated 1,000-asset manifest, everything cached, timed
 * as a user runs it (a fresh `node` process on the compiled CLI); (b) QA measurement throughput
 * against sharp's decode-only throughput on the same 1024² images, measured side by side.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import sharp from 'sharp';
import { createProceduralGenerator } from '../src/generators/procedural.js';
import { decodeAndMeasure, QA_CONCURRENCY } from '../src/validators/measure.js';
import type { BenchRow } from './run.js';

const root = path.resolve(import.meta.dirname, '..');

export default async function pipelineBench(): Promise<BenchRow[]> {
  return [...(await noOpRerun()), ...(await qaThroughput())];
}

async function noOpRerun(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-bench-'));
  try {
    const build = path.join(dir, 'build');
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), [
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      build,
    ]);
    // The compiled CLI resolves schemas/ beside its own folder, as in the package.
    execFileSync('cp', ['-r', path.join(root, 'schemas'), dir]);
    execFileSync('ln', ['-s', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]);
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
    const assets = Array.from(
      { length: 1000 },
      (_, i) =>
        `  - id: asset-${i}\n    prompt: a ${['red', 'blue', 'green', 'gold'][i % 4]} sun over the sea number ${i}\n`,
    ).join('');
    const manifest = path.join(dir, 'genops.yaml');
    await writeFile(manifest, `version: 1\ndefaults: { size: 64x64 }\nassets:\n${assets}`);
    const cli = path.join(build, 'genops.js');
    const run = () => {
      const t0 = performance.now();
      execFileSync(process.execPath, [cli, 'run', '-m', manifest, '-q'], {
        env: { ...process.env, CI: 'true' },
      });
      return (performance.now() - t0) / 1000;
    };
    const cold = run();
    const reruns = [run(), run(), run()].sort((a, b) => a - b);
    const median = reruns[1] as number;
    const report = JSON.parse(await readFile(path.join(dir, '.genops/run/report.json'), 'utf8'));
    const generated = report.layers.synthesize.generated as number;
    return [
      { name: '1,000-asset cold run (generates all)', value: cold, unit: 's' },
      {
        name: '1,000-asset no-op rerun, wall (median of 3)',
        value: median,
        unit: 's',
        target: '≤ 1.5 s',
        pass: median <= 1.5,
      },
      {
        name: 'generator calls in the rerun',
        value: generated,
        unit: 'calls',
        target: '0',
        pass: generated === 0,
      },
      { name: 'rerun ÷ cold', value: median / cold, unit: '×' },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function qaThroughput(): Promise<BenchRow[]> {
  const generator = createProceduralGenerator({
    name: 'p',
    config: { type: 'procedural' },
    baseDir: '.',
    env: {},
  });
  const prompts = [
    'a red sun over blue mountains',
    'a neon city skyline at night with stars',
    'teal ocean waves on a golden beach',
    'a green forest pattern',
  ];
  const images: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    const job = {
      request: {
        prompt: `${prompts[i % 4]} ${i}`,
        negativePrompt: '',
        width: 1024,
        height: 1024,
        format: 'png',
        seed: i,
        embeddings: [],
        params: {},
      },
    };
    images.push((await generator.generate(job as never, { signal: new AbortController().signal })).bytes);
  }
  const concurrency = QA_CONCURRENCY;
  const perSecond = async (work: (b: Buffer) => Promise<unknown>) => {
    const queue = new PQueue({ concurrency });
    const t0 = performance.now();
    await Promise.all(images.map((b) => queue.add(() => work(b))));
    return images.length / ((performance.now() - t0) / 1000);
  };
  const decodeOnly = (b: Buffer) => sharp(b).raw().toBuffer();
  const qa = (b: Buffer) => decodeAndMeasure(b, 16_777_216);
  await perSecond(decodeOnly); // warm-up
  await perSecond(qa);
  const ratios: number[] = [];
  const decodeRates: number[] = [];
  const qaRates: number[] = [];
  // Interleaved rounds so both see the same machine load.
  for (let round = 0; round < 5; round++) {
    const d = await perSecond(decodeOnly);
    const q = await perSecond(qa);
    decodeRates.push(d);
    qaRates.push(q);
    ratios.push(q / d);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const ratio = median(ratios);
  return [
    { name: 'sharp decode-only, 1024² PNG', value: median(decodeRates), unit: 'img/s' },
    { name: 'QA measurement (decode + checks + score)', value: median(qaRates), unit: 'img/s' },
    {
      name: 'QA ÷ decode-only throughput (median of 5 rounds)',
      value: ratio,
      unit: '×',
      target: '≥ 0.7×',
      pass: ratio >= 0.7,
    },
  ];
}
