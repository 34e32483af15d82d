/**
 * `mode: setup`: the job gets the `genops` command — this action's own bundled CLI, the version the
 * workflow pinned with `uses:` — for steps of its own (`genops plan --shards 3`, `genops synthesize
 * --shard 1/3`, `genops merge`), with no package to install from a registry. The composite's
 * pipeline steps all skip: no context is written.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { UsageError } from '../../core/errors.js';
import { PlanOutputs, SETUP_MODE } from '../constants.js';
import { EXIT } from './shared.js';

/** A shell word: single-quoted, so no character of the path is interpreted. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function setupStep(env: NodeJS.ProcessEnv): Promise<number> {
  const actionPath = env.GITHUB_ACTION_PATH;
  const temp = env.RUNNER_TEMP;
  if (!actionPath || !temp)
    throw new UsageError('mode setup runs on a runner (GITHUB_ACTION_PATH, RUNNER_TEMP)');
  const bin = path.join(temp, 'genops-bin');
  await mkdir(bin, { recursive: true });
  const shim = path.join(bin, 'genops');
  const entry = path.join(actionPath, 'dist', 'index.js');
  await writeFile(shim, `#!/usr/bin/env bash\nexec node ${quote(entry)} cli "$@"\n`);
  await chmod(shim, 0o755);
  core.addPath(bin);
  core.setOutput(PlanOutputs.Mode, SETUP_MODE);
  core.setOutput(PlanOutputs.Cache, 'false');
  core.info(`mode: ${SETUP_MODE} — \`genops\` (this action's CLI) is on PATH for the steps after this one`);
  return EXIT.ok;
}
