/**
 * Issue 12's goals, measured on what users run: the compiled `genops` CLI as whole processes on
 * 1024² procedural images, each layer as its own process (as the action runs them), medians of
 * interleaved rounds, peak RSS as the kernel accounts it (GNU time).
 *
 * - memory: a cold `genops run` of 100, 300 and 1,000 assets: peak RSS, and its growth per asset;
 * - delivery: a cold run's QA + deliver wall against its synthesize wall;
 * - QA: `genops qa` (first QA: nothing measured yet) against a process that only decodes the same
 *   images at the same concurrency; then the same when every asset changed since the lockfile, so
 *   the comparison with the previous version (SSIM, diff image) runs;
 * - no-op: a `genops run` where nothing changed against `node -e 0`.
 *
 * - no-op at 10,000 assets: the same rerun of a completed run of `BENCH_NOOP_LARGE` (10,000) assets,
 *   made 64² so that its cold run takes minutes, not an hour (the rerun reads no pixels either way).
 *
 * `BENCH_MEMORY_ROUNDS` sets the cold runs per size (default 5, the sizes interleaved; their median
 * peak is the figure).
 * `BENCH_SCALE_SIZES=100,300` runs fewer sizes (the memory goal then reads the largest);
 * `BENCH_SCALE_PARTS=noop` runs only some parts (memory, delivery, qa, noop; the cold runs of the
 * memory part always run: the others use them); `BENCH_ROUNDS` sets the rounds (default 5).
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildCli,
  clearState,
  LIB,
  measureProcess,
  type ProcessRun,
  rangeNote,
  type Spread,
  spread,
  writeScaleManifest,
} from './process.js';
import type { BenchRow } from './run.js';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '100,300,1000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MEMORY_ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 5);
const LAYER_SET = 100;
const QA_SET = Math.min(300, Math.max(...SIZES));
const PARTS = new Set((process.env.BENCH_SCALE_PARTS ?? 'memory,delivery,qa,noop').split(','));
const NOOP_LARGE = Number(process.env.BENCH_NOOP_LARGE ?? 10_000);

export default async function scaleBench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-scale-'));
  try {
    const cli = buildCli();
    const genops = (args: string[]) => measureProcess(process.execPath, [cli, ...args, '-q']);
    const rows: BenchRow[] = [];
    const memory = await memoryRows(dir, genops);
    if (PARTS.has('memory')) rows.push(...memory.rows);
    if (PARTS.has('delivery')) rows.push(...(await deliveryRows(dir, genops)));
    if (PARTS.has('qa')) rows.push(...(await qaRows(dir, genops, memory.dirs)));
    if (PARTS.has('noop')) rows.push(...(await noOpRows(dir, genops, memory.dirs)));
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Genops = (args: string[]) => Promise<ProcessRun>;

async function memoryRows(dir: string, genops: Genops) {
  const rows: BenchRow[] = [];
  const dirs = new Map<number, string>();
  const peaks = new Map<number, Spread>();
  const manifests = new Map<number, string>();
  for (const count of SIZES) {
    const where = path.join(dir, `n${count}`);
    dirs.set(count, where);
    manifests.set(count, await writeScaleManifest(where, count));
  }
  // A peak is the highest point of a noisy curve (libvips' buffers come and go): several cold
  // runs, their median; the sizes in turn each round, so a change in the machine's load over the
  // rounds moves every size alike, as the growth between them assumes.
  const runsOf = new Map<number, ProcessRun[]>(SIZES.map((count) => [count, []]));
  for (let round = 0; round < MEMORY_ROUNDS; round++) {
    for (const count of SIZES) {
      await clearState(dirs.get(count) as string);
      runsOf.get(count)?.push(await genops(['run', '-m', manifests.get(count) as string]));
    }
  }
  for (const count of SIZES) {
    const where = dirs.get(count) as string;
    const runs = runsOf.get(count) as ProcessRun[];
    const layers = await layerSeconds(where);
    const peak = spread(runs.map((run) => run.peakMb));
    peaks.set(count, peak);
    rows.push({
      name: `cold run of ${count} assets: peak RSS`,
      value: peak.median,
      unit: 'MB',
      note: `median of ${MEMORY_ROUNDS} interleaved cold runs, range ${peak.min.toFixed(0)}–${peak.max.toFixed(0)} MB; wall ${spread(runs.map((r) => r.wallS)).median.toFixed(1)} s; last run's layers ${layers}`,
    });
  }
  const largest = Math.max(...SIZES);
  const smallest = Math.min(...SIZES);
  const peak = (peaks.get(largest) as Spread).median;
  rows.push({
    name: `peak RSS, cold run of ${largest} assets`,
    value: peak,
    unit: 'MB',
    target: '≤ 300 MB',
    pass: largest >= 1000 && peak <= 300,
    note:
      largest < 1000
        ? 'fewer than 1,000 assets run: not the goal'
        : `median of ${MEMORY_ROUNDS} cold runs (GNU time %M: the process, relaunched in place)`,
  });
  if (largest > smallest) {
    const growth = (peak - (peaks.get(smallest) as Spread).median) / (largest - smallest);
    rows.push({
      name: `RSS growth per asset, ${smallest} → ${largest}`,
      value: growth,
      unit: 'MB/asset',
      target: '≤ 0.05',
      pass: growth <= 0.05,
      note: 'from the medians',
    });
  }
  return { rows, dirs };
}

/** Seconds per layer from the run's report.json, for the note. */
async function layerSeconds(where: string): Promise<string> {
  const report = JSON.parse(await readFile(path.join(where, '.genops/run/report.json'), 'utf8'));
  return Object.entries(report.layers as Record<string, { durationMs?: number }>)
    .filter(([, layer]) => typeof layer?.durationMs === 'number')
    .map(([name, layer]) => `${name} ${((layer.durationMs as number) / 1000).toFixed(1)} s`)
    .join(', ');
}

/** Cold rounds, each layer its own process: (QA + deliver) ÷ synthesize. */
async function deliveryRows(dir: string, genops: Genops): Promise<BenchRow[]> {
  const where = path.join(dir, 'layers');
  const manifest = await writeScaleManifest(where, LAYER_SET);
  const ratios: number[] = [];
  const walls = { synthesize: [] as number[], qa: [] as number[], deliver: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    await clearState(where);
    await genops(['plan', '-m', manifest]);
    const synthesize = (await genops(['synthesize', '-m', manifest])).wallS;
    const qa = (await genops(['qa', '-m', manifest])).wallS;
    const deliver = (await genops(['deliver', '-m', manifest])).wallS;
    walls.synthesize.push(synthesize);
    walls.qa.push(qa);
    walls.deliver.push(deliver);
    ratios.push((qa + deliver) / synthesize);
  }
  const ratio = spread(ratios);
  const row = (layer: keyof typeof walls): BenchRow => {
    const s = spread(walls[layer]);
    return {
      name: `cold ${layer}, ${LAYER_SET} assets (process)`,
      value: s.median,
      unit: 's',
      note: rangeNote(s, 2),
    };
  };
  return [
    row('synthesize'),
    row('qa'),
    row('deliver'),
    {
      name: '(QA + deliver) ÷ synthesize wall, cold',
      value: ratio.median,
      unit: '×',
      target: '≤ 1.0×',
      pass: ratio.median <= 1,
      note: `${rangeNote(ratio)}; ${ROUNDS} rounds`,
    },
  ];
}

/**
 * `genops qa` against decode-only, both whole processes at the QA concurrency, interleaved. First QA:
 * measurement caches cleared. Changed: a manifest whose every prompt changed, QA'd against the
 * lockfile of the first, with the caches as they were after its synthesis.
 */
async function qaRows(dir: string, genops: Genops, dirs: Map<number, string>): Promise<BenchRow[]> {
  const where = dirs.get(QA_SET) as string;
  const decoder = await writeDecoder(dir);
  // First QA: no approved version to compare with.
  const noLockfile = ['--lockfile', path.join(where, 'none.lock')];
  const firstArgs = ['qa', '-m', path.join(where, 'genops.yaml'), ...noLockfile];
  const first = await qaAgainstDecode(genops, decoder, where, firstArgs);
  // The same with the review gallery's images made too (from QA's decodes), as the first `genops qa`
  // after `genops synthesize` makes them (above, the cold run had made them already).
  const withGallery = await qaAgainstDecode(genops, decoder, where, firstArgs, undefined, true);

  // Every asset changed: new prompts, same ids, the first manifest's lockfile as the previous version.
  const changed = await writeScaleManifest(where, QA_SET, { suffix: ' at dusk', name: 'changed.yaml' });
  const out = path.join(where, 'run-changed');
  await genops(['plan', '-m', changed, '-o', out]);
  await genops(['synthesize', '-m', changed, '-o', out]);
  const second = await qaAgainstDecode(genops, decoder, where, ['qa', '-m', changed, '-o', out], out);

  const rows = (label: string, r: QaRatio, goal: number): BenchRow[] => [
    {
      name: `genops qa, ${label}, ${QA_SET} × 1024²`,
      value: QA_SET / r.qa.median,
      unit: 'img/s',
      note: `wall ${rangeNote(r.qa, 2)} s`,
    },
    {
      name: `decode-only process, same images`,
      value: QA_SET / r.decode.median,
      unit: 'img/s',
      note: `wall ${rangeNote(r.decode, 2)} s`,
    },
    {
      name: `genops qa ÷ decode-only throughput, ${label}`,
      value: r.ratio.median,
      unit: '×',
      target: `≥ ${goal}×`,
      pass: r.ratio.median >= goal,
      note: `${rangeNote(r.ratio)}; ${ROUNDS} interleaved rounds`,
    },
  ];
  const gallery: BenchRow = {
    name: 'genops qa ÷ decode-only throughput, first QA with gallery thumbnails made',
    value: withGallery.ratio.median,
    unit: '×',
    note: `${rangeNote(withGallery.ratio)}; not the goal's definition (gallery made by the cold run)`,
  };
  return [
    ...rows('first QA', first, 0.7),
    gallery,
    ...rows('every asset changed (SSIM, diffs)', second, 0.5),
  ];
}

interface QaRatio {
  qa: ReturnType<typeof spread>;
  decode: ReturnType<typeof spread>;
  ratio: ReturnType<typeof spread>;
}

async function qaAgainstDecode(
  genops: Genops,
  decoder: string,
  where: string,
  qaArgs: string[],
  runDir = path.join(where, '.genops/run'),
  gallery = false,
): Promise<QaRatio> {
  const synthesis = JSON.parse(await readFile(path.join(runDir, 'synthesis.json'), 'utf8'));
  const blobs = Object.values(synthesis.entries as Record<string, { blob?: string }>)
    .map((e) => e.blob)
    .filter((b): b is string => Boolean(b))
    .map((b) => path.join(where, '.genops/blobs/sha256', b.slice(0, 2), b));
  const list = path.join(runDir, 'blobs.txt');
  await writeFile(list, blobs.join('\n'));
  const cache = path.join(where, '.genops/cache');
  // What QA measures and keeps of the images under test: cleared each round so each round is their
  // first QA. The previous versions' grey thumbnails stay, as the QA that approved them left them
  // (every QA keeps the thumbnail of each image it decodes).
  const tested = blobs.map((b) => path.basename(b));
  const forget = async () => {
    await Promise.all(
      ['measure', 'gates'].map((d) => rm(path.join(cache, d), { recursive: true, force: true })),
    );
    await Promise.all(
      tested.map((b) => rm(path.join(cache, 'thumbs', b.slice(0, 2), `${b}.grey`), { force: true })),
    );
    if (gallery) await rm(path.join(runDir, 'gallery'), { recursive: true, force: true });
  };
  const qa: number[] = [];
  const decode: number[] = [];
  const ratio: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await forget();
    const q = (await genops(qaArgs)).wallS;
    const decoded = await measureProcess(process.execPath, [decoder, list]);
    // measureProcess accepts exit 1 (a failed gate); the decoder has no gate, so 1 is a failure.
    if (decoded.code !== 0) throw new Error(`the decode-only process exited ${decoded.code}`);
    const d = decoded.wallS;
    qa.push(q);
    decode.push(d);
    ratio.push(d / q);
  }
  return { qa: spread(qa), decode: spread(decode), ratio: spread(ratio) };
}

/** A script that decodes every listed file to raw pixels with sharp, QA_CONCURRENCY at a time. */
async function writeDecoder(dir: string): Promise<string> {
  const measure = path.join(LIB, 'validators/measure.js');
  // By absolute URL: the script lives in a temporary folder, where no node_modules resolves `sharp`.
  const sharpUrl = pathToFileURL(createRequire(import.meta.url).resolve('sharp')).href;
  const file = path.join(dir, 'decode-only.mjs');
  await writeFile(
    file,
    `import { readFile } from 'node:fs/promises';
import sharp from ${JSON.stringify(sharpUrl)};
import { QA_CONCURRENCY } from ${JSON.stringify(pathToFileURL(measure).href)};
const files = (await readFile(process.argv[2], 'utf8')).split('\\n').filter(Boolean);
let next = 0;
const worker = async () => {
  while (next < files.length) {
    const bytes = await readFile(files[next++]);
    await sharp(bytes).raw().toBuffer();
  }
};
await Promise.all(Array.from({ length: QA_CONCURRENCY }, worker));
`,
  );
  return file;
}

/**
 * A rerun where nothing changed against Node's own start-up, interleaved: of the largest cold run
 * (1024²), and of a completed run of NOOP_LARGE 64² assets.
 */
async function noOpRows(dir: string, genops: Genops, dirs: Map<number, string>): Promise<BenchRow[]> {
  const count = Math.max(...SIZES);
  const manifest = path.join(dirs.get(count) as string, 'genops.yaml');
  const large = await writeScaleManifest(path.join(dir, 'noop-large'), NOOP_LARGE, { size: '64x64' });
  const cold = await genops(['run', '-m', large]);
  // One full rerun each first: a run folder made before the fingerprint existed records it now.
  await genops(['run', '-m', manifest]);
  await genops(['run', '-m', large]);
  const runs: number[] = [];
  const node: number[] = [];
  const ratios: number[] = [];
  const larges: number[] = [];
  const largeCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = (await genops(['run', '-m', manifest])).wallS;
    const b = (await measureProcess(process.execPath, ['-e', '0'])).wallS;
    const rerun = await genops(['run', '-m', large]);
    larges.push(rerun.wallS);
    largeCpu.push(rerun.cpuS);
    runs.push(a);
    node.push(b);
    ratios.push(a / b);
  }
  const ratio = spread(ratios);
  const wall = spread(runs);
  const largeWall = spread(larges);
  return [
    { name: `no-op rerun of ${count} assets, wall`, value: wall.median, unit: 's', note: rangeNote(wall, 2) },
    { name: '`node -e 0`, wall', value: spread(node).median, unit: 's', note: rangeNote(spread(node), 3) },
    {
      name: `no-op rerun of ${count} assets ÷ node -e 0`,
      value: ratio.median,
      unit: '×',
      target: '≤ 5×',
      pass: count >= 1000 && ratio.median <= 5,
      note: `${rangeNote(ratio, 1)}; ${ROUNDS} interleaved rounds`,
    },
    {
      name: `no-op rerun of ${NOOP_LARGE} assets, wall`,
      value: largeWall.median,
      unit: 's',
      target: '≤ 1.5 s',
      pass: NOOP_LARGE >= 10_000 && largeWall.median <= 1.5,
      note: `${rangeNote(largeWall, 2)}; CPU (user + sys) ${rangeNote(spread(largeCpu), 2)} s; 64² images (cold run ${cold.wallS.toFixed(0)} s): the rerun reads no pixels`,
    },
  ];
}
