/**
 * What an image costs, before it is paid for: the built-in price table, the manifest's `prices:`
 * over it, and the estimate of a set of jobs per back end and in total. Pure: no I/O.
 *
 * Every row names where its figure was read and when. Prices change; a team with a contract rate,
 * or a model the table does not know, writes `prices:` in the manifest. Where a provider's own page
 * could not be read, the row says which public copy of it was used (`note`).
 */
import type { PriceOverride } from '../core/config.js';
import type { CostEstimate, CostLine, GenerationFacts, Job } from '../core/model.js';

export interface PriceRow {
  /** Generator type (`openai`, `stability`, `replicate`, `google`, `bfl`). */
  type: string;
  model: string;
  /** `WxH` the price is for; unset: any size. */
  size?: string;
  quality?: string;
  /** US dollars per image (per first megapixel when `usdPerExtraMegapixel` is set). */
  usd: number;
  /** Megapixel pricing (FLUX.2): each megapixel above the first adds this. */
  usdPerExtraMegapixel?: number;
  /** Where the figure was read. */
  source: string;
  /** When it was read (YYYY-MM-DD). */
  checked: string;
  note?: string;
}

/** Back ends that run on your own machine or draw offline: they never cost money per image. */
export const FREE_TYPES: readonly string[] = ['procedural', 'comfyui', 'automatic1111'];

const CHECKED = '2026-11-30';
const OPENAI = 'https://platform.openai.com/docs/pricing';
const OPENAI_NOTE =
  "OpenAI's page was not reachable from here; figures read from public copies of its table (fal.ai gpt-image-1 llms.txt, burncloud.com)";
const STABILITY = 'https://platform.stability.ai/pricing';
const STABILITY_NOTE =
  "1 credit = $0.01; Stability's page was not reachable from here; credits read from developer.puter.com/tutorials/stability-ai-api-pricing (Jun 2026)";
const BFL = 'https://docs.bfl.ml/quick_start/pricing';
const BFL2 = 'https://skills.sh/black-forest-labs/skills/bfl-api';
const GEMINI = 'https://ai.google.dev/gemini-api/docs/pricing';
const GEMINI_NOTE =
  "1290 output tokens per image up to 1024x1024 at $30 per million, as Google's pricing page says (read through discuss.ai.google.dev, which quotes it)";

function rows(
  base: Pick<PriceRow, 'type' | 'model' | 'source' | 'note'>,
  prices: [size: string | undefined, quality: string | undefined, usd: number][],
): PriceRow[] {
  return prices.map(([size, quality, usd]) => ({
    ...base,
    ...(size ? { size } : {}),
    ...(quality ? { quality } : {}),
    usd,
    checked: CHECKED,
  }));
}

/** Sizes a GPT image model bills at one price per quality: square, and the two 3:2 sizes. */
function gptImage(
  model: string,
  square: number[],
  wide: number[],
  source: string,
  note?: string,
): PriceRow[] {
  const qualities = ['low', 'medium', 'high'];
  return rows(
    { type: 'openai', model, source, note },
    qualities.flatMap((q, i): [string, string, number][] => [
      ['1024x1024', q, square[i] as number],
      ['1536x1024', q, wide[i] as number],
      ['1024x1536', q, wide[i] as number],
    ]),
  );
}

function flat(type: string, source: string, note: string | undefined, prices: [string, number][]) {
  return prices.flatMap(([model, usd]) => rows({ type, model, source, note }, [[undefined, undefined, usd]]));
}

export const PRICES: readonly PriceRow[] = [
  ...gptImage('gpt-image-1', [0.011, 0.042, 0.167], [0.016, 0.063, 0.25], OPENAI, OPENAI_NOTE),
  ...gptImage(
    'gpt-image-1.5',
    [0.009, 0.034, 0.133],
    [0.013, 0.05, 0.2],
    'https://runware.ai/docs/models/openai-gpt-image-1-5',
    "not confirmed on OpenAI's own page",
  ),
  ...gptImage(
    'gpt-image-1-mini',
    [0.005, 0.011, 0.036],
    [0.006, 0.015, 0.052],
    'https://docs.apiyi.com/api-capabilities/gpt-image-2/historical-versions',
    "not confirmed on OpenAI's own page; the high-quality figures are the top of the published $0.005–$0.052 range",
  ),
  ...rows({ type: 'openai', model: 'dall-e-3', source: OPENAI, note: OPENAI_NOTE }, [
    ['1024x1024', 'standard', 0.04],
    ['1792x1024', 'standard', 0.08],
    ['1024x1792', 'standard', 0.08],
    ['1024x1024', 'hd', 0.08],
    ['1792x1024', 'hd', 0.12],
    ['1024x1792', 'hd', 0.12],
  ]),
  ...rows(
    {
      type: 'openai',
      model: 'dall-e-2',
      source: OPENAI,
      note: 'OpenAI’s long-standing DALL·E 2 prices; not re-confirmed in this check',
    },
    [
      ['256x256', undefined, 0.016],
      ['512x512', undefined, 0.018],
      ['1024x1024', undefined, 0.02],
    ],
  ),
  ...flat('stability', STABILITY, STABILITY_NOTE, [
    ['stable-image-ultra', 0.08],
    ['stable-image-core', 0.03],
    ['sd3.5-large', 0.065],
    ['sd3.5-large-turbo', 0.04],
    ['sd3.5-medium', 0.035],
  ]),
  ...flat('bfl', BFL, undefined, [
    ['flux-pro-1.1', 0.04],
    ['flux-pro-1.1-ultra', 0.06],
    ['flux-kontext-pro', 0.04],
    ['flux-kontext-max', 0.08],
  ]),
  ...flat('bfl', BFL2, 'read from the FLUX.1 table of Black Forest Labs’ own API skill', [
    ['flux-dev', 0.025],
  ]),
  ...(
    [
      ['flux-2-pro', 0.03, 0.015],
      ['flux-2-max', 0.07, 0.03],
      ['flux-2-flex', 0.06, 0.06],
      ['flux-2-klein-4b', 0.014, 0.001],
      ['flux-2-klein-9b', 0.015, 0.002],
    ] as const
  ).map(([model, usd, extra]) => ({
    type: 'bfl',
    model,
    usd,
    usdPerExtraMegapixel: extra,
    source: BFL2,
    checked: CHECKED,
    note: 'megapixel pricing: the first megapixel, then each further one (text to image)',
  })),
  ...flat('replicate', 'https://lumenfall.ai/models/black-forest-labs/flux1.1-pro', undefined, [
    ['black-forest-labs/flux-1.1-pro', 0.04],
  ]),
  ...flat('replicate', 'https://replicate.com/black-forest-labs/flux-pro', undefined, [
    ['black-forest-labs/flux-pro', 0.055],
  ]),
  ...flat(
    'replicate',
    'https://www.workflowlab.dev/cost/flux-api-options-compared',
    "verified there May 2026; not read on Replicate's own model page",
    [
      ['black-forest-labs/flux-schnell', 0.003],
      ['black-forest-labs/flux-dev', 0.025],
    ],
  ),
  ...flat('google', GEMINI, GEMINI_NOTE, [
    ['gemini-2.5-flash-image', 0.039],
    ['gemini-2.5-flash-image-preview', 0.039],
  ]),
  ...flat(
    'google',
    GEMINI,
    "Imagen 4 per-image prices as Google's pricing page says (read through discuss.ai.google.dev)",
    [
      ['imagen-4.0-fast-generate-001', 0.02],
      ['imagen-4.0-generate-001', 0.04],
      ['imagen-4.0-ultra-generate-001', 0.06],
    ],
  ),
];

/** A quality the back end defaults to when none is set; otherwise the dearest matching row is used. */
const DEFAULT_QUALITY: Record<string, string> = { 'dall-e-3': 'standard' };

export interface JobPrice {
  usd: number;
  source: string;
}

/**
 * What one job costs: 0 on a free back end; the manifest's row, else the table's; `undefined` when
 * no row knows the model. An unset or `auto` quality is priced at the dearest quality (the ceiling).
 */
export function priceOf(job: Job, overrides: readonly PriceOverride[] = []): JobPrice | undefined {
  const { type } = job.backend;
  if (FREE_TYPES.includes(type)) return { usd: 0, source: 'free (runs locally)' };
  const quality = qualityOf(job);
  const { width, height } = job.request;
  const own = pick(candidates(overrides, job, quality), width, height);
  if (own) return { usd: own.usd, source: 'manifest prices' };
  const row = pick(candidates(PRICES, job, quality), width, height) as PriceRow | undefined;
  if (!row) return undefined;
  const extraMp = Math.max(0, (width * height) / 1_000_000 - 1);
  return { usd: row.usd + (row.usdPerExtraMegapixel ?? 0) * extraMp, source: row.source };
}

function qualityOf(job: Job): string | undefined {
  const chosen = job.request.params.quality ?? job.backend.settings?.quality;
  const quality = typeof chosen === 'string' && chosen !== 'auto' ? chosen : undefined;
  return quality ?? DEFAULT_QUALITY[job.backend.model];
}

/** Rows of this type and model (a Replicate `owner/name:version` matches `owner/name`) and quality. */
function candidates<R extends PriceOverride>(table: readonly R[], job: Job, quality?: string): R[] {
  const { type, model } = job.backend;
  const bare = model.split(':')[0];
  const ofModel = table.filter((r) => r.type === type && (r.model === model || r.model === bare));
  if (!quality) return ofModel;
  const exact = ofModel.filter((r) => r.quality === quality);
  return exact.length ? exact : ofModel.filter((r) => r.quality === undefined);
}

/**
 * The row for a size: the exact size; else the smallest priced size that holds it (back ends with
 * fixed sizes make the next size up and shrink it); else a row for any size; else the dearest row.
 * With several qualities left (none chosen), the dearest.
 */
function pick<R extends PriceOverride>(list: R[], width: number, height: number): R | undefined {
  if (!list.length) return undefined;
  const dearest = (rs: R[]) => rs.reduce((a, b) => (b.usd > a.usd ? b : a));
  const sized = (size: string) => size.split('x').map(Number) as [number, number];
  const exact = list.filter((r) => r.size === `${width}x${height}`);
  if (exact.length) return dearest(exact);
  const holding = list
    .filter((r) => r.size && sized(r.size)[0] >= width && sized(r.size)[1] >= height)
    .sort((a, b) => area(a.size) - area(b.size));
  if (holding.length) return dearest(holding.filter((r) => area(r.size) === area(holding[0]?.size)));
  const any = list.filter((r) => !r.size);
  return dearest(any.length ? any : list);
}

function area(size: string | undefined): number {
  const [w = 0, h = 0] = (size ?? '0x0').split('x').map(Number);
  return w * h;
}

/**
 * The job as the back end says it made it, for pricing what was spent: OpenAI reports the quality
 * (`auto` resolved) and the size it made, so a spend is not priced at the estimate's ceiling.
 */
export function asMade(job: Job, facts: GenerationFacts | undefined): Job {
  const extra = facts?.extra ?? {};
  const quality = typeof extra.quality === 'string' ? extra.quality : undefined;
  const size = typeof extra.size === 'string' ? /^(\d+)x(\d+)$/.exec(extra.size) : null;
  if (!quality && !size) return job;
  const request = { ...job.request, params: { ...job.request.params, ...(quality ? { quality } : {}) } };
  if (size) Object.assign(request, { width: Number(size[1]), height: Number(size[2]) });
  return { ...job, request };
}

/** Micro-dollars, so sums of many small prices do not drift. */
const MICRO = 1_000_000;

/** The cost of these jobs, per generator configuration and in total. */
export function estimateCost(jobs: readonly Job[], overrides: readonly PriceOverride[] = []): CostEstimate {
  const lines = new Map<string, CostLine & { micro: number }>();
  for (const job of jobs) {
    const id = `${job.generator}\0${job.backend.model}`;
    let line = lines.get(id);
    if (!line) {
      const { type, model } = job.backend;
      line = { generator: job.generator, type, model, jobs: 0, usd: 0, unpriced: 0, sources: [], micro: 0 };
      lines.set(id, line);
    }
    line.jobs++;
    const price = priceOf(job, overrides);
    if (!price) {
      line.unpriced++;
      continue;
    }
    line.micro += Math.round(price.usd * MICRO);
    if (!line.sources.includes(price.source)) line.sources.push(price.source);
  }
  const out = [...lines.values()]
    .map(({ micro, ...line }) => ({ ...line, usd: micro / MICRO }))
    .sort((a, b) => a.generator.localeCompare(b.generator) || a.model.localeCompare(b.model));
  const micro = out.reduce((n, l) => n + Math.round(l.usd * MICRO), 0);
  return {
    currency: 'USD',
    usd: micro / MICRO,
    jobs: jobs.length,
    unpriced: out.reduce((n, l) => n + l.unpriced, 0),
    lines: out,
  };
}
