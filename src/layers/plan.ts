import { InputError } from '../core/errors.js';
import type { BackendIdentity, GeneratorConfig, Job, Plan } from '../core/model.js';
import { BUILTIN_GENERATORS, createGenerator, renamedOptions } from '../generators/index.js';
import { decisionsPath, readDecisions, rerollOffsets } from '../lockfile/decisions.js';
import { type LoadedManifest, loadManifest } from '../manifest/load.js';
import { formatPath } from '../manifest/locate.js';
import { buildPlan, referencedGenerators } from '../plan/build.js';
import { estimateCost } from '../plan/prices.js';
import { assignShards } from '../plan/shards.js';
import { describeCost } from '../report/cost.js';
import { looksCached } from '../store/workspace.js';
import { baseDirOf, type LayerContext } from './context.js';
import type { OptimizeOptions } from './optimize.js';
import { startTimer, writeRunFile } from './run-folder.js';

/**
 * Layer 1: manifest → plan.json. Nothing is written unless the whole manifest is valid. With
 * `optimize:`, the planner runs twice: once to learn which rewrites it needs (bad input fails here,
 * before any model is asked), then with them.
 */
export async function planLayer(
  ctx: LayerContext,
  options: Pick<OptimizeOptions, 'fetch'> = {},
): Promise<Plan> {
  const stop = startTimer();
  const loaded = await loadManifest(ctx.manifestPath, { cacheDir: ctx.workspace.paths.manifests });
  const baseDir = baseDirOf(ctx);
  // Identities of the generators the assets use (loading only those back ends' modules).
  const configs = { ...BUILTIN_GENERATORS, ...loaded.manifest.generators };
  const identities = new Map<string, BackendIdentity>();
  for (const name of referencedGenerators(loaded.manifest)) {
    const config = configs[name] as GeneratorConfig;
    for (const warning of renamedOptions(name, config)) ctx.log.warn(`${ctx.manifestPath}: ${warning}`);
    try {
      identities.set(name, (await createGenerator({ name, config, baseDir, env: ctx.env })).identity());
    } catch (error) {
      throw atNamingLine(error, loaded, name, config);
    }
  }
  const identityOf = (name: string) => identities.get(name) as BackendIdentity;
  const rerolls = rerollOffsets(await readDecisions(decisionsPath(ctx.lockfilePath)));
  let built = buildPlan({ loaded, identityOf, rerolls });
  if (built.wanted.length) {
    const locate = (path: (string | number)[]) => ({ file: loaded.file, ...loaded.locator.locate(path) });
    // Loaded only here: it brings the OpenAI SDK, which a manifest without `optimize:` never needs.
    const { resolveRewrites } = await import('./optimize.js');
    const rewrites = await resolveRewrites(ctx, built.wanted, { ...options, locate });
    built = buildPlan({ loaded, identityOf, rewrites, rerolls });
  }
  const { generators, assets, jobs } = built;
  await loaded.remember?.();
  const { limits, prices } = loaded.manifest;
  const cost = estimateCost(await uncached(ctx, jobs), prices);
  const plan: Plan = {
    schema: 'genops/plan@1',
    manifest: ctx.manifestPath,
    manifestHash: loaded.hash,
    generators,
    policy: loaded.manifest.policy,
    store: loaded.manifest.store,
    targets: loaded.manifest.delivery?.targets ?? [{ type: 'local' }],
    assets,
    jobs,
    cost,
    ...(limits?.maxCostUsd !== undefined ? { maxCostUsd: limits.maxCostUsd } : {}),
    ...(prices?.length ? { prices } : {}),
    ...(ctx.shards
      ? { shards: { count: ctx.shards, assignment: assignShards(jobKeys(jobs), ctx.shards) } }
      : {}),
    timings: stop(),
  };
  await writeRunFile(ctx.runDir, 'plan', plan);
  ctx.log.info(
    `plan: ${assets.length} assets, ${jobs.length} jobs${ctx.shards ? ` in ${ctx.shards} shards` : ''} (${plan.timings.durationMs} ms)`,
  );
  ctx.log.info(`plan: estimated cost ${describeCost(cost)}`);
  return plan;
}

/**
 * A generator's bad input about a file its configuration names (a ComfyUI workflow that is missing or
 * unreadable) is reported at the manifest line that names the file, with the file in the message.
 */
function atNamingLine(
  error: unknown,
  loaded: LoadedManifest,
  name: string,
  config: GeneratorConfig,
): unknown {
  if (!(error instanceof InputError)) return error;
  return new InputError(
    error.problems.map((problem) => {
      if (problem.line !== undefined) return problem;
      const key = Object.keys(config).find((k) => config[k] === problem.file);
      const at = ['generators', name, ...(key ? [key] : [])];
      return {
        ...problem,
        file: loaded.file,
        ...loaded.locator.locate(at),
        path: formatPath(at),
        message: key ? `${problem.file}: ${problem.message}` : problem.message,
      };
    }),
  );
}

/** Jobs the local cache cannot serve and the policy does not stop: what synthesis would pay for. */
async function uncached(ctx: LayerContext, jobs: Job[]): Promise<Job[]> {
  const missing = await Promise.all(
    jobs.map(async (job) => {
      if (job.policy?.some((c) => !c.passed)) return undefined;
      return (await looksCached(ctx.workspace, job.key)) ? undefined : job;
    }),
  );
  return missing.filter((job): job is Job => job !== undefined);
}

function jobKeys(jobs: Plan['jobs']): string[] {
  return jobs.map((job) => job.key);
}
