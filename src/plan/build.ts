import { contentKey } from '../core/canonical.js';
import type { QaGateConfig } from '../core/config.js';
import { InputError, type InputProblem } from '../core/errors.js';
import type {
  BackendIdentity,
  EmbeddingRef,
  GenerationRequest,
  GeneratorConfig,
  Job,
  PlannedAsset,
  PromptRewrite,
  QaThresholds,
} from '../core/model.js';
import { imageByteCap } from '../generators/bounded-body.js';
import { BUILTIN_GENERATORS } from '../generators/index.js';
import type { LoadedManifest } from '../manifest/load.js';
import { formatPath } from '../manifest/locate.js';
import type { AssetSpec, Manifest, QaSpec, WeightedName } from '../manifest/types.js';
import { type CompiledRules, checkPrompt, compileRules } from '../validators/policy.js';
import { mergeQaGates } from './gates.js';
import { type Combination, combinationOrigin, expandMatrix, matrixKeyFaults, matrixSize } from './matrix.js';
import { foldedName, unportableName } from './names.js';
import { optimizeConfigFor, type RewriteRequest, rewriteRequest } from './optimize.js';
import { applyStyles } from './prompt.js';
import { seedFor } from './seeds.js';
import { placeholders, renderTemplate, templateFaults } from './template.js';

/** Bump when the key recipe changes: every key changes with it, on purpose. */
export const KEY_VERSION = 1;
export const DEFAULT_MAX_JOBS = 10_000;
/** The highest limits.maxJobs the schema accepts: what the planner handles in bounded memory (measured). */
export const MAX_JOBS_LIMIT = 100_000;
export const DEFAULT_MAX_PIXELS = 4096 * 4096;
const DEFAULT_SIZE = '1024x1024';
const SAFE_ID = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;

export const DEFAULT_QA: QaThresholds = {
  minAesthetic: 3,
  alpha: 'any',
  colorSpace: 'srgb',
  maxPixels: DEFAULT_MAX_PIXELS,
  minStdDev: 2,
};

export interface PlanInput {
  loaded: LoadedManifest;
  /** Identity of each generator configuration, by name (I/O: may hash a workflow file). */
  identityOf: (name: string, config: GeneratorConfig) => BackendIdentity;
  /** Prompt rewrites found or made so far, by rewrite key (src/layers/optimize.ts). */
  rewrites?: ReadonlyMap<string, string>;
  /** Seed offsets of rerolled assets, by asset id (genops.decisions.json). */
  rerolls?: ReadonlyMap<string, number>;
}

export interface PlanResult {
  generators: Record<string, GeneratorConfig>;
  assets: PlannedAsset[];
  jobs: Job[];
  /** Rewrites `optimize:` asks for that `rewrites` lacks (their jobs keep the original prompt until given). */
  wanted: RewriteRequest[];
}

/**
 * Layer 1, pure: manifest → deliverable assets and their candidate jobs, each with a content key.
 * All problems are collected and thrown together, each at its place in the file.
 */
export function buildPlan({
  loaded,
  identityOf,
  rewrites = new Map(),
  rerolls = new Map(),
}: PlanInput): PlanResult {
  const { manifest, file, locator } = loaded;
  const problems: InputProblem[] = [];
  const at: Report = (path, message, hint, made = [], key) =>
    problems.push({
      file,
      ...locator.locate(path, key),
      path: formatPath(path),
      message: `${message}${madeBy(loaded, made)}`,
      hint,
    });

  const generators = { ...BUILTIN_GENERATORS, ...(manifest.generators ?? {}) };
  const maxJobs = manifest.limits?.maxJobs ?? DEFAULT_MAX_JOBS;
  const maxPixels = manifest.limits?.maxPixels ?? DEFAULT_MAX_PIXELS;

  checkJobCap(loaded, maxJobs);

  const identities = new Map<string, BackendIdentity>();
  const identity = (name: string) => {
    let id = identities.get(name);
    if (!id) {
      id = identityOf(name, generators[name] as GeneratorConfig);
      identities.set(name, id);
    }
    return id;
  };

  const assets: PlannedAsset[] = [];
  const jobs = new Map<string, Job>();
  const seenIds = new Map<string, { id: string; index: number }>();
  const seenAliases = new Map<string, { alias: string; index: number; shared?: boolean }>();
  const wanted = new Map<string, RewriteRequest>();

  manifest.assets.forEach((spec, index) => {
    const base = ['assets', index];
    const generatorName = spec.generator ?? manifest.defaults?.generator ?? 'procedural';
    const [width, height] = parseSize(spec.size ?? manifest.defaults?.size ?? DEFAULT_SIZE);
    if (width * height > maxPixels) {
      at(
        [...base, spec.size ? 'size' : 'id'],
        `${width}x${height} is ${width * height} pixels, over the limit of ${maxPixels}`,
        'use a smaller size, or raise limits.maxPixels deliberately',
      );
      return;
    }
    const styleNames = spec.styles ?? manifest.defaults?.styles ?? [];
    const styles = styleNames.map((name) => manifest.styles?.[name] ?? {});
    const variants = spec.variants ?? manifest.defaults?.variants ?? 1;
    const gates = mergeQaGates(gatesOf(manifest.defaults?.qa), gatesOf(spec.qa));
    const rules = policyRules(loaded, spec, index);
    const matrixFaults = matrixKeyFaults(
      spec.matrix,
      new Set(templatesOf(manifest, spec).flatMap(placeholders)),
    );
    for (const f of matrixFaults) at([...base, 'matrix', ...f.path], f.message, f.hint, [], f.key);
    if (matrixFaults.length) return;
    const optimize = optimizeConfigFor(manifest, spec);
    const optimizeAt = spec.optimize ? ['assets', index, 'optimize'] : ['defaults', 'optimize'];

    for (const combo of expandMatrix(spec.matrix)) {
      const vars: Combination = { ...stringVars(spec.vars), ...combo };
      const made = combinationOrigin(spec.matrix, combo).map((p) => [...base, 'matrix', ...p]);
      const id = assetId(spec, combo, vars);
      const rendered = renderFields(manifest, spec, { index, id, vars, made }, at);
      if (!claimId(id, { index, made }, seenIds, at)) continue;
      claimAlias(spec.delivery?.alias, index, seenAliases, at);

      const styled = applyStyles(rendered.prompt.text, rendered.negative.text, styles);
      const { negativePrompt } = styled;
      const { prompt, optimized, policy } = resolvePrompt(styled.prompt, rules, {
        optimize,
        at: optimizeAt,
        rewrites,
        wanted,
      });
      const backend = identity(generatorName);
      const keys: string[] = [];
      for (let variant = 0; variant < variants; variant++) {
        const reroll = { offset: rerolls.get(id) ?? 0, variants };
        const request = requestFor(
          manifest,
          spec,
          { id, variant, reroll },
          { prompt, negativePrompt, width, height },
        );
        const key = jobKey(backend, request, variant);
        keys.push(key);
        if (!jobs.has(key)) {
          const maxResponseBytes = imageByteCap(request, maxPixels, manifest.limits?.maxResponseBytes);
          jobs.set(key, {
            key,
            asset: id,
            variant,
            generator: generatorName,
            backend,
            request,
            policy,
            maxResponseBytes,
            ...(optimized ? { optimized } : {}),
          });
        }
      }
      assets.push(
        plannedAsset(manifest, spec, { id, vars, keys, title: rendered.title.text, gates, maxPixels }),
      );
    }
  });

  if (problems.length) throw new InputError(problems);
  // Only the configurations in use travel to later layers, in a stable order.
  const used = Object.fromEntries(
    [...identities.keys()].sort().map((name) => [name, generators[name] as GeneratorConfig]),
  );
  return { generators: used, assets, jobs: [...jobs.values()], wanted: [...wanted.values()] };
}

/**
 * The prompt a job sends and its policy checks. The policy is checked before any back end is paid,
 * and on the original before it is sent to the optimisation model: a blocked prompt never leaves
 * the machine. With a rewrite, both are checked (a rewrite may add what the original did not say).
 */
function resolvePrompt(
  original: string,
  rules: CompiledRules,
  {
    optimize,
    at,
    rewrites,
    wanted,
  }: {
    optimize: ReturnType<typeof optimizeConfigFor>;
    at: (string | number)[];
    rewrites: ReadonlyMap<string, string>;
    wanted: Map<string, RewriteRequest>;
  },
): { prompt: string; optimized?: PromptRewrite; policy?: Job['policy'] } {
  const checks = rules.block.length ? checkPrompt(original, rules) : undefined;
  const blocked = checks?.some((c) => !c.passed);
  if (!optimize || blocked) return { prompt: original, policy: checks };
  const request = rewriteRequest(optimize, original, at);
  const rewritten = rewrites.get(request.key);
  if (rewritten === undefined) {
    wanted.set(request.key, request);
    return { prompt: original, policy: checks };
  }
  const optimized = { key: request.key, model: request.model, original };
  if (!rules.block.length) return { prompt: rewritten, optimized };
  const own = checkPrompt(rewritten, rules).map((c) =>
    c.passed || !c.reason ? c : { ...c, reason: `the optimised prompt: ${c.reason}` },
  );
  return { prompt: rewritten, optimized, policy: own };
}

/** Reports a problem at a path of the manifest; `made` lists the matrix entries behind it. */
type Report = (
  path: (string | number)[],
  message: string,
  hint?: string,
  made?: (string | number)[][],
  /** A key of the map at `path`, to point at the key itself. */
  key?: string,
) => void;

/** ` (made by matrix entries assets[0].matrix.color[1] at 7:14, …)`, or nothing for a plain asset. */
function madeBy({ locator }: LoadedManifest, made: (string | number)[][]): string {
  if (!made.length) return '';
  const where = made.map((path) => {
    const { line, column } = locator.locate(path);
    return `${formatPath(path)} at ${line}:${column}`;
  });
  return ` (matrix combination from ${where.join(', ')})`;
}

/**
 * The job cap, checked on the matrix product before anything is expanded: refused in milliseconds at
 * the asset that passes it (its matrix, when that alone is over).
 */
function checkJobCap({ manifest, file, locator }: LoadedManifest, maxJobs: number): void {
  let total = 0;
  manifest.assets.forEach((spec, index) => {
    if (total > maxJobs) return;
    const combinations = matrixSize(spec.matrix);
    const variants = spec.variants ?? manifest.defaults?.variants ?? 1;
    const jobs = combinations * variants;
    total += jobs;
    if (total <= maxJobs) return;
    const alone = jobs > maxJobs;
    const path = ['assets', index, ...(alone && spec.matrix ? ['matrix'] : [])];
    throw new InputError({
      file,
      ...locator.locate(path),
      path: formatPath(path),
      message: alone
        ? `asset "${spec.id}" expands to ${combinations} combinations × ${variants} variants = ${jobs} jobs, over the cap of ${maxJobs}`
        : `the manifest passes the cap of ${maxJobs} jobs at asset "${spec.id}" (${total} jobs so far, this asset adds ${jobs})`,
      hint: `shrink the matrices or variants, or raise limits.maxJobs (at most ${MAX_JOBS_LIMIT})`,
    });
  });
}

/** The asset's prompt policy: the manifest's, the defaults' and its own rules, each traced to its place. */
function policyRules({ manifest, file, locator }: LoadedManifest, spec: AssetSpec, index: number) {
  return compileRules(
    { rules: manifest.policy, origin: () => ({ file, ...locator.locate(['policy']), path: 'policy' }) },
    {
      rules: gatesOf(manifest.defaults?.qa),
      origin: () => ({ file, ...locator.locate(['defaults', 'qa']), path: 'defaults.qa' }),
    },
    {
      rules: gatesOf(spec.qa),
      origin: () => ({ file, ...locator.locate(['assets', index, 'qa']), path: `assets[${index}].qa` }),
    },
  );
}

/** The templates of an asset: id, prompt, negative prompt, title. */
function templatesOf(manifest: Manifest, spec: AssetSpec): string[] {
  return [spec.id, spec.prompt, spec.negative ?? manifest.defaults?.negative ?? '', spec.title ?? ''];
}

/**
 * Prompt, negative prompt and title (the id by default) rendered with the combination's vars; each
 * missing variable, placeholder inside a value and stray brace is reported, with the matrix entries
 * that made the combination.
 */
function renderFields(
  manifest: Manifest,
  spec: AssetSpec,
  combo: { index: number; id: string; vars: Combination; made: (string | number)[][] },
  at: Report,
) {
  const { index, id, vars, made } = combo;
  const base = ['assets', index];
  const templates = {
    id: spec.id.includes('{{') ? spec.id : '',
    prompt: spec.prompt,
    negative: spec.negative ?? manifest.defaults?.negative ?? '',
    title: spec.title ?? id,
  };
  const templatePath = {
    id: [...base, 'id'],
    prompt: [...base, 'prompt'],
    negative: spec.negative !== undefined ? [...base, 'negative'] : ['defaults', 'negative'],
    title: [...base, spec.title !== undefined ? 'title' : 'id'],
  };
  const rendered = {
    id: renderTemplate(templates.id, vars),
    prompt: renderTemplate(templates.prompt, vars),
    negative: renderTemplate(templates.negative, vars),
    title: renderTemplate(templates.title, vars),
  };
  for (const field of ['id', 'prompt', 'negative', 'title'] as const) {
    if (field === 'title' && spec.title === undefined) continue; // the id, checked as the id
    const template = templates[field];
    for (const name of new Set(rendered[field].missing)) {
      at(
        templatePath[field],
        `template variable "{{${name}}}" has no value`,
        `define it under vars: or matrix: of asset "${spec.id}" (known: ${Object.keys(vars).join(', ') || 'none'})`,
        made,
      );
    }
    for (const fault of templateFaults(template, vars)) at(templatePath[field], fault, undefined, made);
  }
  return rendered;
}

/**
 * Takes the id for assets[index]; false, with the problem reported, when it is not path-safe, cannot
 * name files on some OS, or is taken (also when only the case differs).
 */
function claimId(
  id: string,
  from: { index: number; made: (string | number)[][] },
  seenIds: Map<string, { id: string; index: number }>,
  at: Report,
): boolean {
  const where = ['assets', from.index, 'id'];
  if (id.includes('{{')) return false; // an unfilled id template, reported with its variables
  if (!SAFE_ID.test(id) || id.includes('..')) {
    at(
      where,
      `asset id "${id}" would escape the output folder or is not path-safe`,
      'use a-z, 0-9, - _ . and / only',
      from.made,
    );
    return false;
  }
  const unportable = unportableName(id);
  if (unportable) {
    at(
      where,
      `asset id "${id}" ${unportable}`,
      'ids name folders and files on every target; choose another',
      from.made,
    );
    return false;
  }
  const previous = seenIds.get(foldedName(id));
  if (previous !== undefined) {
    const same =
      previous.id === id
        ? `duplicate asset id "${id}"`
        : `asset id "${id}" differs from "${previous.id}" only in case`;
    at(
      where,
      `${same} (also assets[${previous.index}])`,
      'give every asset (and matrix combination) its own id',
      from.made,
    );
    return false;
  }
  seenIds.set(foldedName(id), { id, index: from.index });
  return true;
}

/** An alias names one file at the target's root: portable, and nobody else's (in any case). */
function claimAlias(
  alias: string | undefined,
  index: number,
  seen: Map<string, { alias: string; index: number; shared?: boolean }>,
  at: Report,
): void {
  if (alias === undefined) return;
  const where = ['assets', index, 'delivery', 'alias'];
  const previous = seen.get(foldedName(alias));
  if (!previous) {
    const unportable = unportableName(alias);
    if (unportable) at(where, `alias "${alias}" ${unportable}`, 'choose another alias');
    seen.set(foldedName(alias), { alias, index });
  } else if (previous.index === index) {
    // The same asset's next matrix combination: said once.
    if (!previous.shared)
      at(
        where,
        `alias "${alias}" would be shared by every combination of the matrix`,
        'an alias names one file: give it to an asset without a matrix',
      );
    previous.shared = true;
  } else {
    const clash =
      previous.alias === alias
        ? `alias "${alias}" is also used by assets[${previous.index}]`
        : `alias "${alias}" differs from "${previous.alias}" (assets[${previous.index}]) only in case`;
    at(where, clash, 'each alias names one file; on macOS and Windows case does not tell files apart');
  }
}

/** One variant's request: the styled prompts and size, the rest from the asset over the defaults. */
function requestFor(
  manifest: Manifest,
  spec: AssetSpec,
  { id, variant, reroll }: { id: string; variant: number; reroll: { offset: number; variants: number } },
  styled: { prompt: string; negativePrompt: string; width: number; height: number },
): GenerationRequest {
  return {
    prompt: styled.prompt,
    negativePrompt: styled.negativePrompt,
    width: styled.width,
    height: styled.height,
    format: spec.format ?? manifest.defaults?.format ?? 'png',
    seed: seedFor(id, variant, spec.seed, reroll),
    steps: spec.steps ?? manifest.defaults?.steps,
    cfgScale: spec.cfgScale ?? manifest.defaults?.cfgScale,
    sampler: spec.sampler ?? manifest.defaults?.sampler,
    scheduler: spec.scheduler ?? manifest.defaults?.scheduler,
    embeddings: embeddingsOf(spec),
    params: spec.params ?? {},
  };
}

/** The deliverable asset of one combination: its jobs, metadata, QA and delivery, the asset over the defaults. */
function plannedAsset(
  manifest: Manifest,
  spec: AssetSpec,
  made: Pick<PlannedAsset, 'id' | 'vars' | 'title' | 'gates'> & { keys: string[]; maxPixels: number },
): PlannedAsset {
  return {
    id: made.id,
    source: spec.id,
    vars: made.vars,
    jobs: made.keys,
    title: made.title,
    tags: [...(manifest.defaults?.tags ?? []), ...(spec.tags ?? [])],
    credit: spec.credit ?? manifest.defaults?.credit,
    creator: spec.creator ?? manifest.defaults?.creator,
    license: spec.license ?? manifest.defaults?.license,
    qa: {
      ...DEFAULT_QA,
      maxPixels: made.maxPixels,
      ...thresholdsOf(manifest.defaults?.qa),
      ...thresholdsOf(spec.qa),
    },
    gates: made.gates,
    delivery: {
      formats: spec.delivery?.formats ?? manifest.defaults?.delivery?.formats ?? [],
      widths: spec.delivery?.widths ?? manifest.defaults?.delivery?.widths ?? [],
      alias: spec.delivery?.alias,
      c2pa: spec.delivery?.c2pa ?? manifest.defaults?.delivery?.c2pa,
    },
  };
}

/** Names of the generator configurations the assets use (references were checked on load). */
export function referencedGenerators(manifest: Manifest): string[] {
  return [
    ...new Set(manifest.assets.map((a) => a.generator ?? manifest.defaults?.generator ?? 'procedural')),
  ];
}

/**
 * The job key: sha256 over the canonical JSON of everything that changes the output — back-end
 * identity, the resolved request, the variant — and nothing else (no names, paths, times or secrets).
 */
export function jobKey(backend: BackendIdentity, request: GenerationRequest, variant: number): string {
  return contentKey({ v: KEY_VERSION, backend, request, variant });
}

export function parseSize(size: string): [number, number] {
  const [w, h] = size.split('x').map(Number);
  return [w as number, h as number];
}

const GATE_KEYS = ['block', 'allow', 'clip', 'judge', 'weights', 'similarity', 'overridable'] as const;

/** The technical thresholds of a `qa:` block (everything but the gate fields). */
function thresholdsOf(qa: QaSpec | undefined): Partial<QaThresholds> {
  return Object.fromEntries(
    Object.entries(qa ?? {}).filter(([k]) => !(GATE_KEYS as readonly string[]).includes(k)),
  );
}

/** The quality-gate fields of a `qa:` block. */
function gatesOf(qa: QaSpec | undefined): QaGateConfig {
  return Object.fromEntries(
    Object.entries(qa ?? {}).filter(([k]) => (GATE_KEYS as readonly string[]).includes(k)),
  );
}

function stringVars(vars: AssetSpec['vars']): Combination {
  return Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Matrix assets: an id template renders per combination; a plain id gets the values appended. */
function assetId(spec: AssetSpec, combo: Combination, vars: Combination): string {
  if (spec.id.includes('{{')) return renderTemplate(spec.id, vars).text;
  const values = Object.values(combo);
  if (!values.length) return spec.id;
  return `${spec.id}-${values
    .map((v) =>
      v
        .toLowerCase()
        .replace(/[^a-z0-9_.]+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .join('-')}`;
}

function embeddingsOf(spec: AssetSpec): EmbeddingRef[] {
  const list = (kind: EmbeddingRef['kind'], items: WeightedName[] | undefined): EmbeddingRef[] =>
    (items ?? []).map((item) => ({ kind, name: item.name, weight: item.weight ?? 1 }));
  return [
    ...list('lora', spec.loras),
    ...list('hypernetwork', spec.hypernetworks),
    ...list('textual-inversion', spec.embeddings),
  ];
}
