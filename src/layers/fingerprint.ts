/**
 * The fingerprint of a complete run: after a `genops run` in which every job was made and every
 * asset passed and was delivered, what it depended on and what it left behind. A rerun whose
 * fingerprint matches would read the same inputs and write the same outputs, so it stops here,
 * before the manifest parser, the image library or any layer is loaded, and writes nothing.
 *
 * What must be equal: the CLI's build, Node's version, the command's options (resolved paths, the
 * delivery mode), the environment that planning reads (`GENOPS_*`, `*_BASE_URL`), the manifest's
 * bytes (by sha256), and the stat (size, mtime, ctime, inode, as git's index keeps it) of every file
 * under the run folder and the local delivery folders, every job's blob, the job index, the
 * lockfile, the reviewers' decisions (present or missing) and the files the manifest names (ComfyUI workflows, C2PA certificate and key). A file
 * written since, deleted, replaced or tampered with changes its ctime at least, so the rerun does
 * the full work (which verifies, repairs and records again).
 *
 * Only runs that are certain to repeat are recorded: no shared store and no remote target (their
 * state is not on this disk), no failed job and no gate that could not run (a rerun tries those
 * again). This module stays free of heavy imports: the CLI loads it before anything else.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { byCodeUnit, sha256Hex } from '../core/canonical.js';
import type { DeliverMode, Plan, QaReport, ReportData, Synthesis } from '../core/model.js';
import { decisionsPath } from '../lockfile/decisions.js';
import { TEMP_PREFIX, writeFileAtomic } from '../store/atomic.js';
import { FsBlobStore } from '../store/fs-blob-store.js';
import { statSignature as signatureOf } from '../store/stat-signature.js';
import { baseDirOf, type LayerContext, localTargetDir } from './context.js';
import { RUN_FILES, runPath } from './run-folder.js';

const SCHEMA = 'genops/fingerprint@1';
const UNREADABLE = 'unreadable';

export interface RunFingerprint {
  schema: typeof SCHEMA;
  /** sha256 of what must be equal besides files: CLI build, Node, options, environment. */
  key: string;
  manifestSha256: string;
  /** Folder → (path under it → its stat signature, store/stat-signature.ts). */
  files: Record<string, Record<string, string>>;
  /** What the run said at its end, said again by a rerun that stops here. */
  summary: { assets: number; jobs: number; gate: ReportData['gate'] };
  recordedAt: string;
}

/** Everything a complete run produced, as its layers returned it. */
export interface CompleteRun {
  plan: Plan;
  synthesis: Synthesis;
  qa: QaReport;
  report: ReportData;
}

/**
 * The recorded fingerprint, when nothing it names changed since; otherwise undefined (also when
 * there is none, or it cannot be read).
 */
export function unchangedRun(ctx: LayerContext, mode: DeliverMode): RunFingerprint | undefined {
  try {
    return matching(ctx, mode);
  } catch {
    return undefined; // no fingerprint, or not one this build can read: run
  }
}

function matching(ctx: LayerContext, mode: DeliverMode): RunFingerprint | undefined {
  const recorded = JSON.parse(readFileSync(runPath(ctx.runDir, 'fingerprint'), 'utf8')) as RunFingerprint;
  if (recorded.schema !== SCHEMA || recorded.key !== runKey(ctx, mode)) return undefined;
  if (sha256Hex(readFileSync(ctx.manifestPath)) !== recorded.manifestSha256) return undefined;
  for (const [root, files] of Object.entries(recorded.files)) {
    for (const [name, signature] of Object.entries(files)) {
      if (signature === UNREADABLE || statSignature(path.join(root, name)) !== signature) return undefined;
    }
  }
  return recorded;
}

/**
 * Records the fingerprint of a run that is certain to repeat; removes a stale one otherwise.
 * Returns whether it recorded.
 */
export async function recordCompleteRun(
  ctx: LayerContext,
  mode: DeliverMode,
  run: CompleteRun,
): Promise<boolean> {
  const file = runPath(ctx.runDir, 'fingerprint');
  const blobs = ctx.workspace.blobs;
  if (!repeats(run) || !(blobs instanceof FsBlobStore)) {
    rmSync(file, { force: true });
    return false;
  }
  const files: RunFingerprint['files'] = {};
  // Folders by absolute path: a rerun from another working folder checks the same files.
  const add = (folder: string, name: string) => {
    const root = path.resolve(folder);
    files[root] ??= {};
    (files[root] as Record<string, string>)[name] = statSignature(path.join(root, name));
  };
  for (const name of filesUnder(ctx.runDir)) if (name !== RUN_FILES.fingerprint) add(ctx.runDir, name);
  for (const target of run.plan.targets) {
    if (target.type !== 'local') continue;
    const root = localTargetDir(ctx, target);
    for (const name of filesUnder(root)) add(root, name);
  }
  for (const entry of Object.values(run.synthesis.entries)) {
    if (entry.blob) add(blobs.root, path.relative(blobs.root, blobs.pathOf(entry.blob)));
  }
  const decisions = decisionsPath(ctx.lockfilePath);
  for (const single of [ctx.workspace.jobs.file, ctx.lockfilePath, decisions, ...namedFiles(ctx, run.plan)]) {
    add(path.dirname(path.resolve(single)), path.basename(single));
  }
  const fingerprint: RunFingerprint = {
    schema: SCHEMA,
    key: runKey(ctx, mode),
    manifestSha256: run.plan.manifestHash,
    files,
    summary: { assets: run.plan.assets.length, jobs: run.plan.jobs.length, gate: run.report.gate },
    recordedAt: new Date().toISOString(),
  };
  await writeFileAtomic(file, JSON.stringify(fingerprint), { fsync: false });
  return true;
}

/**
 * A run repeats exactly when its state is all on this disk and nothing in it is left for a rerun
 * to try again: every job made, every gate answered, every asset passed and delivered.
 */
function repeats({ plan, synthesis, qa, report }: CompleteRun): boolean {
  if (plan.store || plan.targets.some((t) => t.type !== 'local')) return false;
  if (report.gate !== 'pass' || synthesis.counts.failed > 0 || qa.counts.failed > 0) return false;
  return Object.values(qa.jobs).every((job) =>
    job.checks.every((c) => c.value !== 'not run' && c.value !== 'error'),
  );
}

/** Files the manifest names that change what a run makes: ComfyUI workflows, C2PA certificate and key. */
function namedFiles(ctx: LayerContext, plan: Plan): string[] {
  const baseDir = baseDirOf(ctx);
  const named = new Set<string>();
  for (const config of Object.values(plan.generators)) {
    if (config.type === 'comfyui' && typeof config.workflow === 'string') named.add(config.workflow);
  }
  for (const asset of plan.assets) {
    const c2pa = asset.delivery.c2pa;
    if (c2pa?.certificate) named.add(c2pa.certificate);
    if (c2pa?.privateKey) named.add(c2pa.privateKey);
  }
  return [...named].map((file) => path.resolve(baseDir, file));
}

/** What must be equal besides files, hashed: CLI build, Node, resolved options, environment. */
function runKey(ctx: LayerContext, mode: DeliverMode): string {
  const env = Object.entries(ctx.env)
    .filter(([name]) => /^GENOPS_|_BASE_URL$/.test(name))
    .sort(([a], [b]) => byCodeUnit(a, b));
  return sha256Hex(
    JSON.stringify({
      cli: cliBuild(),
      node: process.version,
      manifest: path.resolve(ctx.manifestPath),
      runDir: path.resolve(ctx.runDir),
      state: path.resolve(ctx.workspace.paths.root),
      lockfile: path.resolve(ctx.lockfilePath),
      mode,
      retryRefused: ctx.retryRefused === true,
      env,
    }),
  );
}

/**
 * The CLI's build: package.json (its version) and this compiled module's own stat, which every
 * build rewrites, so a rebuilt CLI never trusts a fingerprint its previous build recorded.
 */
function cliBuild(): string {
  const here = fileURLToPath(import.meta.url);
  const manifest = path.join(path.dirname(here), '..', '..', 'package.json');
  let pkg = '';
  try {
    pkg = sha256Hex(readFileSync(manifest));
  } catch {
    // Bundled (the action's dist/): the bundle's own stat below stands for the build.
  }
  return `${pkg}:${statSignature(here)}`;
}

/** The file's stat signature (store/stat-signature.ts), `missing` or `unreadable`. */
function statSignature(file: string): string {
  try {
    const s = statSync(file, { throwIfNoEntry: false });
    return s ? signatureOf(s) : 'missing';
  } catch {
    return UNREADABLE;
  }
}

/** Every file under `root` (relative paths), skipping temporary files of atomic writes. */
function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith(TEMP_PREFIX))
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}
