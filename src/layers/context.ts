import path from 'node:path';
import type { LocalTarget } from '../core/config.js';
import type { Logger } from '../core/log.js';
import { defaultLockfile } from '../lockfile/lockfile.js';
import type { ShardRef } from '../plan/shards.js';
import { defaultRunDir, defaultStateDir, openWorkspace, type Workspace } from '../store/workspace.js';

/** Everything a layer needs from its surroundings; built once at the edge (CLI or action). */
export interface LayerContext {
  /** Manifest path as the user gave it. */
  manifestPath: string;
  /** Folder holding plan.json, synthesis.json, qa.json, reports. */
  runDir: string;
  /** Blob store and caches. */
  workspace: Workspace;
  lockfilePath: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Aborted on Ctrl-C / SIGTERM: layers stop starting work and save what they have. */
  signal: AbortSignal;
  /** Send prompts a provider refused before again (they are skipped otherwise). */
  retryRefused?: boolean;
  /** Plan: split the jobs over this many synthesis runs. Synthesize: make only this shard's jobs. */
  shards?: number;
  shard?: ShardRef;
}

export interface ContextOptions {
  manifestPath?: string;
  runDir?: string;
  stateDir?: string;
  lockfilePath?: string;
  env?: NodeJS.ProcessEnv;
  log: Logger;
  signal?: AbortSignal;
  retryRefused?: boolean;
  shards?: number;
  shard?: ShardRef;
}

export const DEFAULT_MANIFEST = 'genops.yaml';

/** Defaults live beside the manifest: `.genops/` for state, `genops.lock` for the lockfile. */
export function createContext(options: ContextOptions): LayerContext {
  const manifestPath = options.manifestPath ?? DEFAULT_MANIFEST;
  const stateDir = options.stateDir ?? defaultStateDir(manifestPath);
  return {
    manifestPath,
    runDir: options.runDir ?? defaultRunDir(manifestPath),
    workspace: openWorkspace(stateDir),
    lockfilePath: options.lockfilePath ?? defaultLockfile(manifestPath),
    env: options.env ?? process.env,
    log: options.log,
    signal: options.signal ?? new AbortController().signal,
    ...(options.retryRefused ? { retryRefused: true } : {}),
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

export function baseDirOf(ctx: LayerContext): string {
  return path.dirname(path.resolve(ctx.manifestPath));
}

/** The folder a local delivery target writes to: `dir` relative to the manifest, `generated` by default. */
export function localTargetDir(ctx: LayerContext, config: LocalTarget): string {
  return path.resolve(baseDirOf(ctx), config.dir ?? 'generated');
}
