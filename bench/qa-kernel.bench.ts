/**
 * Issue 12: the QA layer's per-pixel measures in the hand-written WebAssembly kernel (kernel.wat)
 * against the closest libvips operations sharp exposes, on the same full 1024² decodes (the decode
 * itself is common to both and left out), CPU time per image (both of libvips' threads and the
 * main thread count), medians of interleaved rounds.
 *
 * - grey thumbnail (block means of BT.601 luma over every pixel): the kernel, its JavaScript
 *   reference, and libvips' shrink to 256² followed by the luma of each block (`resize`, which is
 *   not the same numbers: its reduce step is not a plain block mean);
 * - the aesthetic sums (every 4th pixel of every 4th row): the kernel, its JavaScript reference,
 *   libvips' nearest-neighbour `resize` to the sample grid then the kernel, and `stats()` (which
 *   gives only the per-channel sums, a part of what the score needs).
 *
 * The layer keeps the faster; the kernel won (see the closing note of issue 12), so no libvips path
 * is in src/.
 */
import sharp from 'sharp';
import type { RawImage } from '../src/core/image.js';
import { aestheticOfSample } from '../src/validators/aesthetic.js';
import { greyThumbnail } from '../src/validators/grey.js';
import { spread } from './process.js';
import { makeImages } from './qa-gates.bench.js';
import type { BenchRow } from './run.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const rawInput = (r: RawImage) =>
  sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });

const MEASURES: Record<string, (r: RawImage) => unknown> = {
  'grey thumbnail, kernel': (r) => greyThumbnail({ ...r }),
  'grey thumbnail, JavaScript': (r) => greyThumbnail({ ...r }, { kernel: false }),
  'grey thumbnail, libvips resize + luma': async (r) => {
    const { data, info } = await rawInput(r)
      .resize(256, 256, { kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const luma = new Float32Array(info.width * info.height);
    for (let i = 0, p = 0; i < luma.length; i++, p += info.channels)
      luma[i] = Math.round(
        (299 * (data[p] as number) + 587 * (data[p + 1] as number) + 114 * (data[p + 2] as number)) / 1000,
      );
    return luma;
  },
  'aesthetic sums, kernel': (r) => aestheticOfSample(r.data, r.width, r.height, r.channels, 4),
  'aesthetic sums, JavaScript': (r) =>
    aestheticOfSample(r.data, r.width, r.height, r.channels, 4, { kernel: false }),
  'aesthetic sums, libvips nearest resize + kernel': async (r) => {
    const { data, info } = await rawInput(r)
      .resize(256, 256, { kernel: 'nearest' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return aestheticOfSample(data, info.width, info.height, info.channels, 1);
  },
  'channel sums only, libvips stats()': (r) => rawInput(r).stats(),
};

export default async function qaKernelBench(): Promise<BenchRow[]> {
  sharp.cache(false);
  const raws: RawImage[] = [];
  for (const png of await makeImages()) {
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    raws.push({ data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 });
  }
  const cpu = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, measure] of Object.entries(MEASURES)) {
      const start = process.cpuUsage();
      for (const raw of raws) await measure(raw);
      const used = process.cpuUsage(start);
      cpu.set(name, [...(cpu.get(name) ?? []), (used.user + used.system) / 1000 / raws.length]);
    }
  }
  return [...cpu].map(([name, values]) => {
    const s = spread(values);
    return {
      name: `${name}, CPU per 1024² image`,
      value: s.median,
      unit: 'ms',
      note: `range ${s.min.toFixed(2)}–${s.max.toFixed(2)}; ${ROUNDS} interleaved rounds`,
    };
  });
}
