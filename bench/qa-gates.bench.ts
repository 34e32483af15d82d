/**
 * Quality gates: the offline checks other than NSFW (grey thumbnail + perceptual hash + SSIM against
 * the previous version + prompt policy) against sharp's decode-only throughput, measured side by
 * side on the same 40 varied 1024² PNGs; then the NSFW classifier's load time and time per image.
 *
 * The gates start where the QA layer's decode leaves them: the full raw decode (the thumbnail is
 * made from every pixel of it), the previous approved version's thumbnail in the thumbnail cache
 * on disk (as a rerun finds it), the new thumbnail written there. So the ratio says how much the
 * gates add to the decoding the QA layer does anyway. Both sides run one image at a time with
 * sharp limited to one thread, and each is timed in alternating rounds; the median round counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '../src/core/image.js';
import { ThumbnailCache } from '../src/store/thumbnails.js';
import { compareWithPrevious } from '../src/validators/change.js';
import { greyThumbnail } from '../src/validators/grey.js';
import { subsample } from '../src/validators/measure.js';
import { classifyNsfw, loadNsfwModel, NSFW_MODEL } from '../src/validators/nsfw.js';
import { checkPrompt, compileRules } from '../src/validators/policy.js';
import { perceptualHash } from '../src/validators/similarity.js';
import type { BenchRow } from './run.js';

const COUNT = 40;
const SIDE = 1024;
const ROUNDS = Number(process.env.ROUNDS ?? 5);

/** Varied content: blurred noise at several scales, shapes, gradients, text-like stripes. */
export async function makeImages(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < COUNT; i++) {
    const hue = (i * 37) % 360;
    const kind = i % 4;
    let img: ReturnType<typeof sharp>;
    if (kind === 0) {
      const noise = await sharp({
        create: {
          width: SIDE,
          height: SIDE,
          channels: 3,
          background: '#808080',
          noise: { type: 'gaussian', mean: 128, sigma: 40 + i },
        },
      })
        .png()
        .toBuffer();
      img = sharp(noise).blur(0.5 + (i % 7));
    } else {
      const shapes = Array.from({ length: 6 + (i % 9) }, (_, k) => {
        const x = (k * 173 + i * 61) % SIDE;
        const y = (k * 97 + i * 131) % SIDE;
        const r = 40 + ((k * 53 + i * 17) % 200);
        const fill = `hsl(${(hue + k * 45) % 360},70%,${30 + ((k * 11) % 50)}%)`;
        return kind === 1
          ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/>`
          : kind === 2
            ? `<rect x="${x}" y="${y}" width="${r * 2}" height="${r}" fill="${fill}" transform="rotate(${k * 13} ${x} ${y})"/>`
            : `<rect x="0" y="${(k * SIDE) / 15}" width="${SIDE}" height="${SIDE / 30}" fill="${fill}"/>`;
      }).join('');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}">
        <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="hsl(${hue},60%,20%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,80%)"/>
        </linearGradient></defs>
        <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
      img = sharp(Buffer.from(svg));
    }
    out.push(await img.png().toBuffer());
  }
  return out;
}

async function fullDecode(bytes: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export default async function (): Promise<BenchRow[]> {
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  let cacheDir: string | undefined;
  try {
    const pngs = await makeImages();
    const current = await Promise.all(pngs.map(fullDecode));
    // Previous approved versions, their thumbnails cached as earlier runs leave them: half the same
    // picture re-encoded (unchanged), half another picture.
    cacheDir = await mkdtemp(path.join(tmpdir(), 'genops-gates-bench-'));
    const thumbnails = new ThumbnailCache(cacheDir);
    const previousBlob = (i: number) => `prev-${i}`;
    for (let i = 0; i < COUNT; i++) {
      const previous =
        i % 2
          ? await fullDecode(
              await sharp(pngs[i] as Buffer)
                .jpeg({ quality: 80 })
                .toBuffer(),
            )
          : (current[(i + 1) % COUNT] as RawImage);
      thumbnails.set(previousBlob(i), greyThumbnail({ ...previous }));
    }
    const rules = compileRules({
      rules: {
        block: [
          'gore',
          'blood',
          'nude',
          'nudity',
          '/\\bkill(s|ed|ing)?\\b/i',
          'weapon',
          'corpse',
          'beheading',
          'swastika',
          'nsfw',
        ],
        allow: ['blood orange', 'weapon rack'],
      },
    });
    const prompts = pngs.map(
      (_, i) =>
        `asset ${i}: a lighthouse at dusk, volumetric light, blood orange sky, 35mm, ${i % 3 ? 'calm' : 'stormy'} sea`,
    );

    let verdicts: string[] = [];
    const decodeRates: number[] = [];
    const checkRates: number[] = [];
    const parts = { thumbnail: 0, cache: 0, hash: 0, ssim: 0, policy: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      for (const png of pngs) await sharp(png).raw().toBuffer();
      decodeRates.push(COUNT / ((performance.now() - t) / 1000));

      verdicts = [];
      t = performance.now();
      for (let i = 0; i < COUNT; i++) {
        // A fresh object each round: the thumbnail is remembered per decode object.
        const decoded = { ...(current[i] as RawImage) };
        const a = performance.now();
        const thumbnail = greyThumbnail(decoded);
        const b = performance.now();
        thumbnails.set(`now-${i}`, thumbnail);
        const before = thumbnails.get(previousBlob(i));
        const c = performance.now();
        perceptualHash(thumbnail);
        const d = performance.now();
        const change = await compareWithPrevious(thumbnail, before);
        const e = performance.now();
        checkPrompt(prompts[i] as string, rules);
        const f = performance.now();
        parts.thumbnail += b - a;
        parts.cache += c - b;
        parts.hash += d - c;
        parts.ssim += e - d;
        parts.policy += f - e;
        verdicts.push(change.verdict);
      }
      checkRates.push(COUNT / ((performance.now() - t) / 1000));
    }
    const decodeRate = median(decodeRates);
    const checkRate = median(checkRates);
    const per = (ms: number) => ms / (ROUNDS * COUNT);
    const unchanged = verdicts.filter((v) => v === 'unchanged').length;

    const POLICY_RUNS = 2000;
    let t1 = performance.now();
    for (let i = 0; i < POLICY_RUNS; i++) checkPrompt(prompts[i % COUNT] as string, rules);
    const policyUs = ((performance.now() - t1) * 1000) / POLICY_RUNS;

    // NSFW sees what the QA layer gives it: the nearest-neighbour sample of the decode (256 px).
    const samples = current.map((raw) => subsample(raw, raw.channels));
    const loadMs = await loadNsfwModel();
    // Warm-up once (first inference compiles kernels), then time every image.
    await classifyNsfw(samples[0] as RawImage);
    t1 = performance.now();
    for (const raw of samples) await classifyNsfw(raw);
    const nsfwMs = (performance.now() - t1) / COUNT;

    return [
      {
        name: 'decode-only, sharp 1024² PNG → raw',
        value: decodeRate,
        unit: 'img/s',
        note: `median of ${ROUNDS} rounds × ${COUNT} images, sharp on 1 thread`,
      },
      {
        name: 'offline gates: thumbnail + pHash + SSIM vs previous + prompt policy',
        value: checkRate,
        unit: 'img/s',
        note: `from the full decode, median round; mean per image over all rounds: grey thumbnail ${per(parts.thumbnail).toFixed(1)} ms, thumbnail cache write + read ${per(parts.cache).toFixed(2)} ms, pHash ${per(parts.hash).toFixed(2)} ms, SSIM + verdict (+ diff PNG when changed) ${per(parts.ssim).toFixed(1)} ms, policy ${per(parts.policy).toFixed(2)} ms (GC pauses land here); verdicts ${unchanged}/${COUNT} unchanged, as constructed ${COUNT / 2}`,
      },
      {
        name: 'offline gates ÷ decode-only',
        value: checkRate / decodeRate,
        unit: '×',
        note: `the gates add ${(1000 / checkRate).toFixed(1)} ms per image to a ${(1000 / decodeRate).toFixed(1)} ms full decode; SSIM at 256 px with a 7×7 box window`,
      },
      {
        name: 'prompt policy alone',
        value: policyUs,
        unit: 'µs/prompt',
        note: `${rules.block.length} block + ${rules.allow.length} allow rules, ${POLICY_RUNS} prompts in a tight loop`,
      },
      {
        name: `NSFW model load (nsfwjs ${NSFW_MODEL}, tfjs wasm)`,
        value: loadMs,
        unit: 'ms',
        note: 'once per process',
      },
      {
        name: 'NSFW per image after load',
        value: nsfwMs,
        unit: 'ms',
        note: `${COUNT} images, the QA layer's 256 px sample (sharp 224² resize included)`,
      },
    ];
  } finally {
    sharp.concurrency(threads);
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }
}
