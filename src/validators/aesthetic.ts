import type { RawImage } from '../core/image.js';
import { align16, kernelMemory, type PixelKernel, pixelKernel, type StagedPixels } from './kernel.js';

/**
 * The offline, no-reference aesthetic score: 0–10 from five measurable properties of one shrunk
 * decode. It is a heuristic for catching broken, washed-out, flat or noisy images — not a model of
 * taste (CLIP and the LAION predictor do that when configured). Formula (docs/qa.md):
 *
 *   L = (77 R + 150 G + 29 B) / 256, integer            (luma, 0–255)
 *   sharpness  S  = 1 − exp(−mean|∇²L| / 6)             (4-neighbour Laplacian)
 *   exposure   E  = max(0, 1 − ((μL − 118) / 118)²) · (1 − min(1, 2·clipped))
 *                   clipped = share of pixels with L < 6 or L > 249
 *   contrast   C  = min(1, σL / 60)
 *   colour     Co = 1 − exp(−M / 40), M = Hasler–Süsstrunk colourfulness
 *   noise      N  = max(0, 1 − σn / 12), σn = Immerkær's fast noise estimate
 *   score = 10 · (0.25 S + 0.20 E + 0.20 C + 0.15 Co + 0.20 N)
 */
export interface AestheticBreakdown {
  score: number;
  sharpness: number;
  exposure: number;
  contrast: number;
  colourfulness: number;
  noise: number;
  /** Raw measurements behind the sub-scores, for reports. */
  raw: {
    laplacian: number;
    meanLuma: number;
    clipped: number;
    lumaStdDev: number;
    hasler: number;
    noiseSigma: number;
  };
  /** Per-channel standard deviation (0–255), used by the blank-image check. */
  channelStdDev: number[];
}

export const AESTHETIC_WEIGHTS = {
  sharpness: 0.25,
  exposure: 0.2,
  contrast: 0.2,
  colourfulness: 0.15,
  noise: 0.2,
};

export function aestheticScore(image: RawImage): AestheticBreakdown {
  return aestheticOfSample(image.data, image.width, image.height, image.channels, 1);
}

/** The sums over the sample grid that the score is built from (float64, exact integers). */
interface SampleSums {
  sumL: number;
  sumL2: number;
  clippedCount: number;
  sumR: number;
  sumR2: number;
  sumG: number;
  sumG2: number;
  sumB: number;
  sumB2: number;
  sumA: number;
  sumA2: number;
  sumRg: number;
  sumRg2: number;
  sumYb: number;
  sumYb2: number;
  /** Sum of |4-neighbour Laplacian| over the interior of the luma grid. */
  lap: number;
  /** Sum of |Immerkær's noise mask| over the interior. */
  noiseSum: number;
}

/**
 * The score on every `step`-th pixel of each `step`-th row of a raw decode, with no intermediate
 * image. Integer luma (×256) keeps the sums exact; they run in the WebAssembly kernel (kernel.wat)
 * where it loads, else in the JavaScript loops below, which give the same numbers. `staged`: the
 * decode already in the kernel's memory (measure.ts shares one copy with the grey thumbnail).
 */
export function aestheticOfSample(
  data: Uint8Array,
  width: number,
  height: number,
  ch: number,
  step: number,
  options: { kernel?: boolean; staged?: StagedPixels } = {},
): AestheticBreakdown {
  const W = Math.ceil(width / step);
  const H = Math.ceil(height / step);
  const kernel = options.kernel === false ? null : pixelKernel();
  const staged = options.kernel !== false && options.staged?.data === data ? options.staged : undefined;
  const sums =
    (kernel && kernelSums(kernel, data, width, height, ch, step, staged)) ??
    jsSums(data, width, height, ch, step);
  return scoreFromSums(sums, W, H, ch);
}

/**
 * The sums through the kernel: on the staged decode (every step-th row read in place), or else
 * on the sampled rows copied into its memory, packed. Undefined when its memory cannot hold them.
 */
function kernelSums(
  kernel: PixelKernel,
  data: Uint8Array,
  width: number,
  height: number,
  ch: number,
  step: number,
  staged?: StagedPixels,
): SampleSums | undefined {
  const W = Math.ceil(width / step);
  const H = Math.ceil(height / step);
  const rowBytes = width * ch;
  const luma = staged ? staged.scratch : align16(H * rowBytes);
  const out = align16(luma + W * H + 16);
  const memory = kernelMemory(kernel, out + 17 * 8);
  if (!memory) return undefined;
  if (!staged) {
    const bytes = new Uint8Array(memory);
    for (let y = 0; y < H; y++) {
      const from = y * step * rowBytes;
      bytes.set(data.subarray(from, from + rowBytes), y * rowBytes);
    }
  }
  const rowStride = staged ? step * rowBytes : rowBytes;
  kernel.sampleSums(0, rowStride, H, W, step * ch, ch, luma, out);
  kernel.laplacianNoise(luma, W, H, out + 15 * 8);
  const v = new Float64Array(memory, out, 17);
  return {
    sumL: v[0] as number,
    sumL2: v[1] as number,
    clippedCount: v[2] as number,
    sumR: v[3] as number,
    sumR2: v[4] as number,
    sumG: v[5] as number,
    sumG2: v[6] as number,
    sumB: v[7] as number,
    sumB2: v[8] as number,
    sumA: v[9] as number,
    sumA2: v[10] as number,
    sumRg: v[11] as number,
    sumRg2: v[12] as number,
    sumYb: v[13] as number,
    sumYb2: v[14] as number,
    lap: v[15] as number,
    noiseSum: v[16] as number,
  };
}

/** The sums in JavaScript: the reference for the kernel, and the fallback without it. */
function jsSums(data: Uint8Array, width: number, height: number, ch: number, step: number): SampleSums {
  const W = Math.ceil(width / step);
  const H = Math.ceil(height / step);
  const luma = new Uint8Array(W * H);
  const channels = channelSums(data, width, ch, step, W, H, luma);
  const { lap, noiseSum } = interiorSums(luma, W, H);
  return { ...channels, lap, noiseSum };
}

/** Pass 1 over the sample grid: the per-pixel sums, writing each sample's luma into `luma` for pass 2. */
function channelSums(
  data: Uint8Array,
  width: number,
  ch: number,
  step: number,
  W: number,
  H: number,
  luma: Uint8Array,
): Omit<SampleSums, 'lap' | 'noiseSum'> {
  // Channel sums unrolled into locals: this loop runs on every sampled pixel.
  let sumL = 0,
    sumL2 = 0,
    clippedCount = 0;
  let sumR = 0,
    sumR2 = 0,
    sumG = 0,
    sumG2 = 0,
    sumB = 0,
    sumB2 = 0,
    sumA = 0,
    sumA2 = 0;
  let sumRg = 0,
    sumRg2 = 0,
    sumYb2 = 0,
    sumYb = 0;
  const rowStride = step * width * ch;
  const pixelStride = step * ch;
  let o = 0;
  for (let y = 0, row = 0; y < H; y++, row += rowStride) {
    for (let x = 0, p = row; x < W; x++, p += pixelStride, o++) {
      const r = data[p] as number;
      const g = data[p + 1] as number;
      const b = data[p + 2] as number;
      const l = (77 * r + 150 * g + 29 * b) >> 8;
      luma[o] = l;
      sumL += l;
      sumL2 += l * l;
      if (l < 6 || l > 249) clippedCount++;
      sumR += r;
      sumR2 += r * r;
      sumG += g;
      sumG2 += g * g;
      sumB += b;
      sumB2 += b * b;
      if (ch === 4) {
        const a = data[p + 3] as number;
        sumA += a;
        sumA2 += a * a;
      }
      const rg = r - g;
      const yb2 = r + g - 2 * b; // 2 × yb, halved below
      sumRg += rg;
      sumRg2 += rg * rg;
      sumYb += yb2;
      sumYb2 += yb2 * yb2;
    }
  }
  return {
    sumL,
    sumL2,
    clippedCount,
    sumR,
    sumR2,
    sumG,
    sumG2,
    sumB,
    sumB2,
    sumA,
    sumA2,
    sumRg,
    sumRg2,
    sumYb,
    sumYb2,
  };
}

/** Pass 2, one pass over the interior of the W×H luma grid for the Laplacian and Immerkær's noise mask. */
function interiorSums(luma: Uint8Array, W: number, H: number): { lap: number; noiseSum: number } {
  let lap = 0;
  let noiseSum = 0;
  for (let y = 1; y < H - 1; y++) {
    const row = y * W;
    for (let x = 1; x < W - 1; x++) {
      const i = row + x;
      const c = luma[i] as number;
      const u = luma[i - W] as number;
      const d = luma[i + W] as number;
      const l = luma[i - 1] as number;
      const r = luma[i + 1] as number;
      lap += Math.abs(4 * c - u - d - l - r);
      const corners =
        (luma[i - W - 1] as number) +
        (luma[i - W + 1] as number) +
        (luma[i + W - 1] as number) +
        (luma[i + W + 1] as number);
      noiseSum += Math.abs(corners - 2 * (u + d + l + r) + 4 * c);
    }
  }
  return { lap, noiseSum };
}

/** The breakdown from the sums over a W×H sample grid: pure arithmetic. */
function scoreFromSums(sums: SampleSums, W: number, H: number, ch: number): AestheticBreakdown {
  const { sumL, sumL2, clippedCount, sumR, sumR2, sumG, sumG2, sumB, sumB2, sumA, sumA2 } = sums;
  const { sumRg, sumRg2, sumYb, sumYb2, lap, noiseSum } = sums;
  const n = W * H;
  const sd = (sum: number, sum2: number) => Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2));
  const meanL = sumL / n;
  const sdL = sd(sumL, sumL2);
  const clipped = clippedCount / n;
  const muRg = sumRg / n;
  const muYb = sumYb / n / 2;
  const sdRg = sd(sumRg, sumRg2);
  const sdYb = sd(sumYb, sumYb2) / 2;
  const hasler = Math.sqrt(sdRg * sdRg + sdYb * sdYb) + 0.3 * Math.sqrt(muRg * muRg + muYb * muYb);
  const channelStdDev = [sd(sumR, sumR2), sd(sumG, sumG2), sd(sumB, sumB2)];
  if (ch === 4) channelStdDev.push(sd(sumA, sumA2));

  const interior = Math.max(1, (W - 2) * (H - 2));
  const laplacian = lap / interior;
  const noiseSigma = (Math.sqrt(Math.PI / 2) * noiseSum) / (6 * interior);

  const sharpness = 1 - Math.exp(-laplacian / 6);
  const exposure = Math.max(0, 1 - ((meanL - 118) / 118) ** 2) * (1 - Math.min(1, 2 * clipped));
  const contrast = Math.min(1, sdL / 60);
  const colourfulness = 1 - Math.exp(-hasler / 40);
  const noise = Math.max(0, 1 - noiseSigma / 12);
  const w = AESTHETIC_WEIGHTS;
  const score =
    10 *
    (w.sharpness * sharpness +
      w.exposure * exposure +
      w.contrast * contrast +
      w.colourfulness * colourfulness +
      w.noise * noise);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    score: round(score),
    sharpness: round(sharpness),
    exposure: round(exposure),
    contrast: round(contrast),
    colourfulness: round(colourfulness),
    noise: round(noise),
    raw: {
      laplacian: round(laplacian),
      meanLuma: round(meanL),
      clipped: round(clipped),
      lumaStdDev: round(sdL),
      hasler: round(hasler),
      noiseSigma: round(noiseSigma),
    },
    channelStdDev: channelStdDev.map(round),
  };
}
