import type { BackendIdentity, GeneratorConfig, Plan } from '../core/model.js';
import { BUILTIN_GENERATORS, createGenerator } from '../generators/index.js';
import { loadManifest } from '../manifest/load.js';
import { buildPlan, referencedGenerators } from '../plan/build.js';
import { assignShards } from '../plan/shards.js';
import { baseDirOf, type LayerContext } from './context.js';
import { startTimer, writeRunFile } from './run-folder.js';

/** Layer 1: manifest → plan.json. Nothing is written unless the whole manifest is valid. */
export async function planLayer(ctx: LayerContext): Promise<Plan> {
  const stop = startTimer();
  const loaded = await loadManifest(ctx.manifestPath, { cacheDir: ctx.workspace.paths.manifests });
  const baseDir = baseDirOf(ctx);
  // Identities of the generators the assets use (loading only those back ends' modules).
  const configs = { ...BUILTIN_GENERATORS, ...loaded.manifest.generators };
  const identities = new Map<string, BackendIdentity>();
  for (const name of referencedGenerators(loaded.manifest)) {
    const config = configs[name] as GeneratorConfig;
    identities.set(name, (await createGenerator({ name, config, baseDir, env: ctx.env })).identity());
  }
  const identityOf = (name: string) => identities.get(name) as BackendIdentity;
  const { generators, assets, jobs } = buildPlan({ loaded, identityOf });
  await loaded.remember?.();
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
    ...(ctx.shards
      ? { shards: { count: ctx.shards, assignment: assignShards(jobKeys(jobs), ctx.shards) } }
      : {}),
    timings: stop(),
  };
  await writeRunFile(ctx.runDir, 'plan', plan);
  ctx.log.info(
    `plan: ${assets.length} assets, ${jobs.length} jobs${ctx.shards ? ` in ${ctx.shards} shards` : ''} (${plan.timings.durationMs} ms)`,
  );
  return plan;
}

function jobKeys(jobs: Plan['jobs']): string[] {
  return jobs.map((job) => job.key);
}
