/** Step `runtimes`: installs the ML gates' runtimes the plan wants (action.yml runs it on a cache miss). */
import * as core from '@actions/core';
import { ML_RUNTIMES, type MlGate } from '../../core/optional-module.js';
import { installMlRuntime } from '../runtimes.js';
import { EXIT } from './shared.js';

export async function runtimesStep(env: NodeJS.ProcessEnv): Promise<number> {
  const gates = (env.GENOPS_ML_RUNTIMES ?? '').split(/\s+/).filter(Boolean);
  const unknown = gates.filter((g) => !(g in ML_RUNTIMES));
  if (unknown.length) {
    core.setFailed(`unknown ML runtime ${unknown.join(', ')}; one of ${Object.keys(ML_RUNTIMES).join(', ')}`);
    return EXIT.badInput;
  }
  for (const gate of gates as MlGate[]) {
    const started = performance.now();
    await installMlRuntime(gate);
    core.info(
      `${gate} runtime (${ML_RUNTIMES[gate].join(', ')}) installed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return EXIT.ok;
}
