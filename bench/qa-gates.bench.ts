/**
 * Quality gates: the offline checks other than NSFW (perceptual hash + SSIM against the previous
 * version + prompt policy) against sharp's decode-only throughput, measured side by side on the
 * same 40 varied 1024² PNGs; then the NSFW classifier's load time and time per image.
 *
 * The checks work on the QA layer's one shrunk decode (RawImage, here 512 px on the long side),
 * so the ratio says how much the gates add to the decoding the QA layer does anyway. Both sides
 * run one image at a time with sharp limited to one thread, and each is timed in alternating
 * rounds; the median round counts.
 */
import sharp from 'sharp';
import { compareWithPrevious } from '../src/validators/change.js';
import type { RawImage } from '../src/validators/image.js';
import { classifyNsfw, loadNsfwModel } from '../src/validators/nsfw.js';
import { checkPrompt, compileRules } from '../src/validators/policy.js';
import { perceptualHash } from '../src/validators/similarity.js';
import type { BenchRow } from './run.js';

const COUNT = 40;
const SIDE = 1024;
const SHRUNK = 512;
const ROUNDS = 5;

/** Varied content: blurred noise at several scales, shapes, gradients, text-like stripes. */
async function makeImages(): Promise<Buffer[]> {
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

async function shrunkDecode(bytes: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(bytes)
    .resize(SHRUNK, SHRUNK, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
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
  try {
    const pngs = await makeImages();
    const current = await Promise.all(pngs.map(shrunkDecode));
    // Previous approved versions: half the same picture re-encoded (unchanged), half another picture.
    const previous = await Promise.all(
      pngs.map(async (png, i) =>
        i % 2
          ? shrunkDecode(await sharp(png).jpeg({ quality: 80 }).toBuffer())
          : shrunkDecode(pngs[(i + 1) % COUNT] as Buffer),
      ),
    );
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
    const parts = { hash: 0, ssim: 0, policy: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      for (const png of pngs) await sharp(png).raw().toBuffer();
      decodeRates.push(COUNT / ((performance.now() - t) / 1000));

      verdicts = [];
      t = performance.now();
      for (let i = 0; i < COUNT; i++) {
        // Fresh objects each round: the grey image is cached per RawImage object, and in the QA
        // layer every image is seen once (the hash and the comparison share it, as here).
        const now = { ...(current[i] as RawImage) };
        const before = { ...(previous[i] as RawImage) };
        const a = performance.now();
        perceptualHash(now);
        const b = performance.now();
        const change = await compareWithPrevious(now, before);
        const c = performance.now();
        checkPrompt(prompts[i] as string, rules);
        const d = performance.now();
        parts.hash += b - a;
        parts.ssim += c - b;
        parts.policy += d - c;
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

    const loadMs = await loadNsfwModel();
    // Warm-up once (first inference compiles kernels), then time every image.
    await classifyNsfw(current[0] as RawImage);
    t1 = performance.now();
    for (const raw of current) await classifyNsfw(raw);
    const nsfwMs = (performance.now() - t1) / COUNT;

    return [
      {
        name: 'decode-only, sharp 1024² PNG → raw',
        value: decodeRate,
        unit: 'img/s',
        note: `median of ${ROUNDS} rounds × ${COUNT} images, sharp on 1 thread`,
      },
      {
        name: 'offline gates: pHash + SSIM vs previous + prompt policy',
        value: checkRate,
        unit: 'img/s',
        note: `on the ${SHRUNK}px decode, median round; mean per image over all rounds: pHash ${per(parts.hash).toFixed(1)} ms, SSIM + verdict (+ diff PNG when changed) ${per(parts.ssim).toFixed(1)} ms, policy ${per(parts.policy).toFixed(2)} ms (GC pauses land here); verdicts ${unchanged}/${COUNT} unchanged, as constructed ${COUNT / 2}`,
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
        name: 'NSFW model load (nsfwjs MobileNetV2, tfjs wasm)',
        value: loadMs,
        unit: 'ms',
        note: 'once per process',
      },
      {
        name: 'NSFW per image after load',
        value: nsfwMs,
        unit: 'ms',
        note: `${COUNT} images from the ${SHRUNK}px decode (sharp 224² resize included)`,
      },
    ];
  } finally {
    sharp.concurrency(threads);
  }
}
