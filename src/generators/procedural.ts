import { createHash } from 'node:crypto';
import PQueue from 'p-queue';
import { MEDIA_TYPES } from '../core/formats.js';
import { imageConcurrency } from '../core/image.js';
import type { BackendIdentity, Job } from '../core/model.js';
import { mulberry32 } from '../core/random.js';
import {
  type CallLimits,
  type GenerationResult,
  type Generator,
  type GeneratorSetup,
  limitsFrom,
} from './generator.js';

/**
 * The built-in offline generator: a procedural stand-in, NOT an AI model. It draws an SVG scene
 * whose palette and shapes come from the prompt's words (named colours are used as given, other words
 * pick hues by hash; "sun", "mountain", "city", "sea", "star", "forest"… pick shapes), rasterised by
 * sharp. Same job, same bytes: it needs no network and no key, so examples and tests run anywhere.
 */
export const PROCEDURAL_VERSION = '1';

const NAMED_COLOURS: Record<string, string> = {
  red: '#d7263d',
  crimson: '#dc143c',
  scarlet: '#ff2400',
  orange: '#f46036',
  amber: '#ffbf00',
  gold: '#e2b007',
  golden: '#e2b007',
  yellow: '#f9dc5c',
  lime: '#9ef01a',
  green: '#2e933c',
  emerald: '#50c878',
  olive: '#708238',
  teal: '#1b998b',
  cyan: '#00bcd4',
  turquoise: '#40e0d0',
  aqua: '#00ffff',
  blue: '#1e5eff',
  navy: '#1b2a49',
  indigo: '#4b0082',
  violet: '#8f00ff',
  purple: '#6a0dad',
  magenta: '#d61c8c',
  pink: '#ff8fab',
  rose: '#ff66a3',
  brown: '#7b4b2a',
  beige: '#e8d8b0',
  tan: '#d2b48c',
  white: '#f7f7f2',
  ivory: '#fffff0',
  cream: '#fff5d6',
  grey: '#8d99ae',
  gray: '#8d99ae',
  silver: '#c0c0c8',
  black: '#111318',
  charcoal: '#2b2d42',
  sepia: '#704214',
  coral: '#ff7f50',
  salmon: '#fa8072',
  mint: '#98ff98',
  lavender: '#b57edc',
  peach: '#ffcba4',
  sky: '#87ceeb',
  ocher: '#cc7722',
  ochre: '#cc7722',
  neon: '#39ff14',
};

type ShapeKind = 'sun' | 'mountains' | 'city' | 'waves' | 'stars' | 'trees' | 'blobs' | 'grid';
const SHAPE_WORDS: Record<string, ShapeKind> = {
  sun: 'sun',
  moon: 'sun',
  planet: 'sun',
  circle: 'sun',
  orb: 'sun',
  sunset: 'sun',
  sunrise: 'sun',
  dawn: 'sun',
  dusk: 'sun',
  mountain: 'mountains',
  mountains: 'mountains',
  peak: 'mountains',
  hills: 'mountains',
  volcano: 'mountains',
  city: 'city',
  skyline: 'city',
  building: 'city',
  buildings: 'city',
  tower: 'city',
  street: 'city',
  town: 'city',
  sea: 'waves',
  ocean: 'waves',
  wave: 'waves',
  waves: 'waves',
  water: 'waves',
  river: 'waves',
  lake: 'waves',
  beach: 'waves',
  star: 'stars',
  stars: 'stars',
  night: 'stars',
  space: 'stars',
  galaxy: 'stars',
  cosmic: 'stars',
  forest: 'trees',
  tree: 'trees',
  trees: 'trees',
  jungle: 'trees',
  garden: 'trees',
  park: 'trees',
  pattern: 'grid',
  grid: 'grid',
  tile: 'grid',
  tiles: 'grid',
  geometric: 'grid',
  icon: 'grid',
};

/**
 * Rasterising is CPU work: however many jobs are in flight (`concurrency`, per generator), the
 * process renders one image per core at a time (imageConcurrency says why).
 */
const renders = new PQueue({ concurrency: imageConcurrency() });

/** Images being rasterised right now, in this process (for tests of the bound). */
export function rendersInFlight(): number {
  return renders.pending;
}

export function createProceduralGenerator(setup: GeneratorSetup): Generator {
  const limits = limitsFrom(setup.config, { concurrency: 4, timeoutMs: 60_000, retries: 0 });
  return {
    type: 'procedural',
    identity: (): BackendIdentity => ({
      type: 'procedural',
      model: 'genops-procedural',
      endpointClass: 'builtin',
      version: PROCEDURAL_VERSION,
    }),
    limits: (): CallLimits => limits,
    async generate(job: Job): Promise<GenerationResult> {
      const { width, height, format } = job.request;
      const svg = sceneSvg(job.request.prompt, job.request.negativePrompt, job.request.seed, width, height);
      // Loaded on the first image: planning asks this generator its identity, and a run where every
      // job is cached never pays for loading sharp.
      const [{ default: sharp }, { encodeGenerated }] = await Promise.all([
        import('sharp'),
        import('./image-output.js'),
      ]);
      const bytes = await renders.add(() =>
        encodeGenerated(
          // Opaque output: the scene covers the canvas, so an alpha channel would only cost bytes.
          sharp(Buffer.from(svg), { density: 72 }).resize(width, height, { fit: 'fill' }).removeAlpha(),
          format,
        ),
      );
      return {
        bytes,
        mediaType: MEDIA_TYPES[format],
        facts: { seed: job.request.seed, model: 'genops-procedural', reproducible: true },
      };
    },
  };
}
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

function hueOf(word: string): number {
  return createHash('sha256').update(word).digest().readUInt16BE(0) % 360;
}

/** The palette: named colours first (in prompt order), then hues of the other words. */
export function paletteFor(prompt: string, negative: string): string[] {
  const banned = new Set(words(negative).filter((w) => w in NAMED_COLOURS));
  const promptWords = words(prompt);
  const named = promptWords
    .filter((w) => w in NAMED_COLOURS && !banned.has(w))
    .map((w) => NAMED_COLOURS[w] as string);
  const others = promptWords
    .filter((w) => !(w in NAMED_COLOURS) && w.length > 3)
    .map((w) => `hsl(${hueOf(w)}, ${55 + (hueOf(`${w}s`) % 35)}%, ${35 + (hueOf(`${w}l`) % 35)}%)`);
  const palette = [...new Set([...named, ...others])];
  while (palette.length < 4) palette.push(`hsl(${(hueOf(prompt) + palette.length * 97) % 360}, 60%, 50%)`);
  return palette;
}

export function shapesFor(prompt: string): ShapeKind[] {
  const kinds = [
    ...new Set(
      words(prompt)
        .map((w) => SHAPE_WORDS[w])
        .filter((k): k is ShapeKind => !!k),
    ),
  ];
  return kinds.length ? kinds : ['blobs'];
}

export function sceneSvg(
  prompt: string,
  negative: string,
  seed: number,
  width: number,
  height: number,
): string {
  const rnd = mulberry32(seed ^ createHash('sha256').update(prompt).digest().readUInt32BE(0));
  const palette = paletteFor(prompt, negative);
  const pick = () => palette[Math.floor(rnd() * palette.length)] as string;
  const [sky1, sky2] = [palette[0] as string, palette[1] as string];
  const W = width;
  const H = height;
  const parts: string[] = [
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="${rnd().toFixed(3)}" y2="1">` +
      `<stop offset="0" stop-color="${sky1}"/><stop offset="1" stop-color="${sky2}"/></linearGradient>` +
      `<radialGradient id="glow"><stop offset="0" stop-color="#fff" stop-opacity="0.9"/>` +
      `<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
  ];
  for (const kind of shapesFor(prompt)) parts.push(drawShape(kind, W, H, rnd, pick));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}

/** One shape's SVG. Each drawer takes its `rnd` draws in a fixed order: same seed, same image. */
function drawShape(kind: ShapeKind, W: number, H: number, rnd: () => number, pick: () => string): string {
  switch (kind) {
    case 'sun':
      return drawSun(W, H, rnd, pick);
    case 'mountains':
      return drawMountains(W, H, rnd, pick);
    case 'city':
      return drawCity(W, H, rnd, pick);
    case 'waves':
      return drawWaves(W, H, rnd, pick);
    case 'stars':
      return drawStars(W, H, rnd);
    case 'trees':
      return drawTrees(W, H, rnd, pick);
    case 'grid':
      return drawGrid(W, H, rnd, pick);
    case 'blobs':
      return drawBlobs(W, H, rnd, pick);
  }
}

/** SVG coordinates with one decimal: keeps the markup (and so the bytes) stable and short. */
function n(v: number): string {
  return v.toFixed(1);
}

function drawSun(W: number, H: number, rnd: () => number, pick: () => string): string {
  const r = Math.min(W, H) * (0.08 + rnd() * 0.12);
  const cx = W * (0.2 + rnd() * 0.6);
  const cy = H * (0.15 + rnd() * 0.3);
  return (
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r * 2.2)}" fill="url(#glow)" opacity="0.6"/>` +
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${pick()}"/>`
  );
}

function drawMountains(W: number, H: number, rnd: () => number, pick: () => string): string {
  const out: string[] = [];
  for (let layer = 0; layer < 3; layer++) {
    const base = H * (0.6 + layer * 0.12);
    let d = `M0 ${n(H)} L0 ${n(base)}`;
    for (let x = 0; x <= W; x += W / (4 + layer * 2)) d += ` L${n(x)} ${n(base - rnd() * H * 0.35)}`;
    out.push(
      `<path d="${d} L${n(W)} ${n(H)} Z" fill="${pick()}" opacity="${(0.7 + layer * 0.1).toFixed(2)}"/>`,
    );
  }
  return out.join('');
}

function drawCity(W: number, H: number, rnd: () => number, pick: () => string): string {
  const out: string[] = [];
  for (let x = 0; x < W; ) {
    const w = W * (0.04 + rnd() * 0.08);
    const h = H * (0.2 + rnd() * 0.5);
    const colour = pick();
    out.push(
      `<rect x="${n(x)}" y="${n(H - h)}" width="${n(w)}" height="${n(h)}" fill="${colour}" opacity="0.92"/>`,
    );
    for (let wy = H - h + 8; wy < H - 8; wy += Math.max(6, H * 0.03)) {
      if (rnd() < 0.5)
        out.push(
          `<rect x="${n(x + w * 0.2)}" y="${n(wy)}" width="${n(w * 0.2)}" height="${n(Math.max(2, H * 0.01))}" fill="#fff7c2" opacity="0.8"/>`,
        );
    }
    x += w + W * 0.005;
  }
  return out.join('');
}

function drawWaves(W: number, H: number, rnd: () => number, pick: () => string): string {
  const out: string[] = [];
  for (let i = 0; i < 5; i++) {
    const y = H * (0.65 + i * 0.07);
    const amp = H * (0.02 + rnd() * 0.03);
    let d = `M0 ${n(y)}`;
    for (let x = 0; x <= W; x += W / 8) d += ` Q${n(x + W / 16)} ${n(y - amp)} ${n(x + W / 8)} ${n(y)}`;
    out.push(`<path d="${d} L${n(W)} ${n(H)} L0 ${n(H)} Z" fill="${pick()}" opacity="0.55"/>`);
  }
  return out.join('');
}

function drawStars(W: number, H: number, rnd: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < 60; i++) {
    out.push(
      `<circle cx="${n(rnd() * W)}" cy="${n(rnd() * H * 0.7)}" r="${n(0.5 + rnd() * Math.max(1, W / 400))}" fill="#ffffff" opacity="${(0.4 + rnd() * 0.6).toFixed(2)}"/>`,
    );
  }
  return out.join('');
}

function drawTrees(W: number, H: number, rnd: () => number, pick: () => string): string {
  const out: string[] = [];
  for (let i = 0; i < 14; i++) {
    const x = rnd() * W;
    const h = H * (0.15 + rnd() * 0.25);
    const w = h * 0.45;
    out.push(
      `<path d="M${n(x)} ${n(H - h - H * 0.05)} L${n(x + w / 2)} ${n(H - H * 0.05)} L${n(x - w / 2)} ${n(H - H * 0.05)} Z" fill="${pick()}"/>`,
    );
  }
  return out.join('');
}

function drawGrid(W: number, H: number, rnd: () => number, pick: () => string): string {
  const out: string[] = [];
  const cells = 4 + Math.floor(rnd() * 5);
  const cw = W / cells;
  const ch = H / cells;
  for (let gx = 0; gx < cells; gx++) {
    for (let gy = 0; gy < cells; gy++) {
      if (rnd() < 0.45)
        out.push(
          `<rect x="${n(gx * cw + cw * 0.1)}" y="${n(gy * ch + ch * 0.1)}" width="${n(cw * 0.8)}" height="${n(ch * 0.8)}" rx="${n(cw * 0.15)}" fill="${pick()}" opacity="0.85"/>`,
        );
    }
  }
  return out.join('');
}

function drawBlobs(W: number, H: number, rnd: () => number, pick: () => string): string {
  const out: string[] = [];
  for (let i = 0; i < 7; i++) {
    out.push(
      `<ellipse cx="${n(rnd() * W)}" cy="${n(rnd() * H)}" rx="${n(W * (0.05 + rnd() * 0.2))}" ry="${n(H * (0.05 + rnd() * 0.2))}" fill="${pick()}" opacity="${(0.5 + rnd() * 0.4).toFixed(2)}"/>`,
    );
  }
  return out.join('');
}
