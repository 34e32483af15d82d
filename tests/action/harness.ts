/**
 * Runs action.yml the way the runner runs a composite action, as far as this machine can:
 *
 * - parses action.yml and walks `runs.steps` in order, evaluating `if:` (with the implicit
 *   `success()`), `${{ inputs.* }}`, `${{ steps.*.outputs.* }}`, `${{ github.* }}`, `${{ runner.* }}`
 *   and `${{ env.* }}` in `env:`, `with:`, `working-directory:` and `run:`;
 * - runs `run:` steps with `bash --noprofile --norc -eo pipefail {0}` (the runner's `shell: bash`),
 *   with only the environment a runner gives: GITHUB_* / RUNNER_* variables, a fresh GITHUB_OUTPUT
 *   and GITHUB_STEP_SUMMARY file per step, GITHUB_ENV carried forward, GITHUB_EVENT_PATH holding a
 *   real event payload, GITHUB_ACTION_PATH pointing at the action's folder — and no INPUT_*;
 * - reads outputs (`name=value` and `name<<DELIMITER` blocks), the job summary, and the workflow
 *   commands (`::error file=…::`) the runner turns into annotations;
 * - maps the composite's `outputs:` at the end;
 * - models a cancelled run (`cancelAfter`): once cancelled, every later `if:` sees `cancelled()`
 *   true and `success()` false, as when a newer push cancels a run mid-way (`concurrency:`).
 *
 * `uses: actions/cache/restore@v5` and `actions/cache/save@v5` are the one part that cannot run
 * here (they need the runner's cache service): a local folder stands in for GitHub's cache, with its
 * rules — immutable keys, restore-key prefixes newest first, a version from the exact path list, and
 * branch scopes (a pull request run reads its own scope and the base branch's; a push reads its own).
 * `uses: actions/upload-artifact@v6` likewise writes to a local folder, with its layout and naming rules,
 * and `uses: actions/checkout@v5` fills the workspace with one commit's files from `RunOptions.checkout`
 * (the test's GitHub peer), emptied first as actions/checkout empties a folder that is not its clone.
 * and `actions/download-artifact@v6` reads it (attempt-scoped unless given run-id and github-token).
 * GITHUB_PATH is read after each step; the folders it adds come first on PATH for the later steps
 * (and, through `path`, for a workflow job's later steps: see workflow.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, type ExpressionContext, interpolate, type Value } from './expressions.js';

interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionYaml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface Annotation {
  level: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

export interface StepRun {
  id?: string;
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  log: string;
}

export interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  failed: boolean;
  cancelled: boolean;
  log: string;
  /** Folders the action's steps added to PATH (GITHUB_PATH): the job's later steps get them. */
  path: string[];
}

export interface RunOptions {
  actionDir: string;
  workspace: string;
  /** `with:` of the calling workflow step. */
  inputs: Record<string, string>;
  event: { name: string; payload: Record<string, unknown>; ref: string; sha: string };
  repository: string;
  apiUrl: string;
  token: string;
  cache: LocalCache;
  runId: string;
  /** Variables of the job (`env:` at job level); the runner's own come on top. */
  env?: Record<string, string>;
  /** The run is cancelled as this step (id) ends: the steps after it see `cancelled()`. */
  cancelAfter?: string;
  /** Where `actions/upload-artifact` puts artifacts (`<runId>/<name>/`); default `artifacts/` beside the workspace. */
  artifacts?: string;
  /** `actions/checkout`: the files of `ref` (a commit) in `repository`, or undefined if there is no such commit. */
  checkout?: (repository: string, ref: string) => Map<string, Buffer> | undefined;
  /** `github.run_attempt`: 2 and up for "Re-run failed jobs". */
  runAttempt?: string;
  /** Folders earlier steps of the job added to PATH (GITHUB_PATH), searched first. */
  path?: string[];
  /** RUNNER_TEMP of the job (it outlives one action); default a folder of this run. */
  runnerTemp?: string;
}

export async function loadActionYaml(actionDir: string): Promise<ActionYaml> {
  return parse(await readFile(path.join(actionDir, 'action.yml'), 'utf8')) as ActionYaml;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const action = await loadActionYaml(options.actionDir);
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const temp = await mkdtemp(path.join(tmpdir(), 'genops-runner-'));
  const eventPath = path.join(temp, 'event.json');
  await writeFile(eventPath, JSON.stringify(options.event.payload, null, 2));
  const [owner] = options.repository.split('/');

  const github: Record<string, Value> = {
    action_path: options.actionDir,
    token: options.token,
    event_name: options.event.name,
    event: options.event.payload as Value,
    workspace: options.workspace,
    repository: options.repository,
    repository_owner: owner ?? '',
    ref: options.event.ref,
    sha: options.event.sha,
    run_id: options.runId,
    run_attempt: options.runAttempt ?? '1',
    server_url: 'https://github.com',
    api_url: options.apiUrl,
  };
  const runner = { os: 'Linux', arch: 'X64', temp: options.runnerTemp ?? path.join(temp, 'runner-temp') };
  await mkdir(runner.temp, { recursive: true });

  const inputs: Record<string, Value> = {};
  const baseCtx = (
    steps: Record<string, Value>,
    env: Record<string, string>,
    failed: boolean,
    cancelled = false,
  ): ExpressionContext => ({
    contexts: { github, runner, inputs, steps, env },
    status: { failed, cancelled },
  });
  for (const [name, spec] of Object.entries(action.inputs)) {
    inputs[name] = options.inputs[name] ?? interpolate(spec.default ?? '', baseCtx({}, {}, false));
  }
  if (options.cancelAfter && !action.runs.steps.some((s) => s.id === options.cancelAfter))
    throw new Error(`cancelAfter: no step "${options.cancelAfter}" in action.yml`);
  for (const name of Object.keys(options.inputs))
    if (!(name in action.inputs)) throw new Error(`input "${name}" is not declared in action.yml`);

  const runnerEnv: Record<string, string> = {
    // The runner's PATH: node and npm (which may themselves come from a `node` package, as .ci/run's
    // Node 24 does), but no package's node_modules/.bin.
    PATH: [
      ...(options.path ?? []),
      ...(process.env.PATH ?? '/usr/bin:/bin')
        .split(path.delimiter)
        .filter((p) => !/node_modules[\\/]\.bin/.test(p)),
    ].join(path.delimiter),
    HOME: process.env.HOME ?? temp,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: options.actionDir,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_REPOSITORY_OWNER: owner ?? '',
    GITHUB_REF: options.event.ref,
    GITHUB_SHA: options.event.sha,
    GITHUB_RUN_ID: options.runId,
    GITHUB_RUN_ATTEMPT: options.runAttempt ?? '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl,
    RUNNER_OS: runner.os,
    RUNNER_ARCH: runner.arch,
    RUNNER_TEMP: runner.temp,
  };
  const jobEnv: Record<string, string> = { ...(options.env ?? {}) };
  const steps: Record<string, Value> = {};
  const result: ActionRun = {
    steps: [],
    outputs: {},
    summary: '',
    annotations: [],
    failed: false,
    cancelled: false,
    log: '',
    path: [],
  };
  const scopes = cacheScopes(options);

  for (const [index, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? step.uses ?? `step ${index}`;
    const ctx = baseCtx(steps, jobEnv, result.failed, result.cancelled);
    const record: StepRun = { id: step.id, name, outcome: 'skipped', outputs: {}, log: '' };
    const started = performance.now();
    result.steps.push(record);
    if (!condition(step.if, ctx)) {
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]),
    );
    const withs = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]),
    );
    let ok: boolean;
    if (step.uses) {
      ok = await runUses(step.uses, withs, options, scopes, record);
    } else {
      if (step.shell !== 'bash') throw new Error(`step "${name}": composite run steps need shell: bash`);
      const files = {
        output: path.join(temp, `output-${index}`),
        summary: path.join(temp, `summary-${index}`),
        envFile: path.join(temp, `env-${index}`),
        pathFile: path.join(temp, `path-${index}`),
      };
      await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
      const script = path.join(temp, `step-${index}.sh`);
      await writeFile(script, interpolate(step.run ?? '', ctx));
      const cwd = step['working-directory']
        ? path.resolve(options.workspace, interpolate(step['working-directory'], ctx))
        : options.workspace;
      const code = await bash(
        script,
        cwd,
        {
          ...runnerEnv,
          ...jobEnv,
          ...env,
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
          GITHUB_ENV: files.envFile,
          GITHUB_PATH: files.pathFile,
          PATH: [...result.path, runnerEnv.PATH].join(path.delimiter),
        },
        record,
      );
      record.outputs = parseKeyValueFile(await readFile(files.output, 'utf8'));
      Object.assign(jobEnv, parseKeyValueFile(await readFile(files.envFile, 'utf8')));
      result.path.unshift(...(await readFile(files.pathFile, 'utf8')).split('\n').filter(Boolean).reverse());
      const summary = await readFile(files.summary, 'utf8');
      if (summary) result.summary += summary;
      result.annotations.push(...parseAnnotations(record.log));
      ok = code === 0;
    }
    record.outcome = ok ? 'success' : 'failure';
    if (!ok) result.failed = true;
    result.log += `── ${name} (${record.outcome}, ${Math.round(performance.now() - started)} ms)\n${record.log}`;
    if (process.env.HARNESS_TIMES)
      process.stderr.write(`${name}: ${Math.round(performance.now() - started)} ms\n`);
    if (step.id)
      steps[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
    if (step.id && step.id === options.cancelAfter) result.cancelled = true;
  }

  const end = baseCtx(steps, jobEnv, result.failed, result.cancelled);
  for (const [name, spec] of Object.entries(action.outputs))
    result.outputs[name] = interpolate(spec.value, end);
  await rm(temp, { recursive: true, force: true });
  return result;
}

function bash(script: string, cwd: string, env: Record<string, string>, record: StepRun): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    child.stdout.on('data', (c) => {
      record.log += c;
    });
    child.stderr.on('data', (c) => {
      record.log += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** GITHUB_OUTPUT / GITHUB_ENV: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i] as string);
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delim} in a runner file`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`malformed runner file line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProp = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** `::error file=a,line=3::message` lines, as the runner reads them from a step's output. */
export function parseAnnotations(log: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of log.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const a: Annotation = { level: m[1] as string, message: unescapeData(m[3] as string) };
    for (const prop of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = prop.indexOf('=');
      const key = prop.slice(0, eq);
      const value = unescapeProp(prop.slice(eq + 1));
      if (key === 'line' || key === 'col') a[key] = Number(value);
      else if (key === 'file' || key === 'title') a[key] = value;
    }
    out.push(a);
  }
  return out;
}

// ── uses: — only the cache actions, through the local stand-in ───────────────────────────────────

export async function runUses(
  uses: string,
  withs: Record<string, string>,
  options: RunOptions,
  scopes: { read: string[]; write: string },
  record: StepRun,
): Promise<boolean> {
  const lines = (withs.path ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  // `!pattern` lines exclude what they match, as in @actions/cache (only `dir/**/name*` here).
  const paths = lines.filter((p) => !p.startsWith('!')).map((p) => path.resolve(options.workspace, p));
  const excluded = lines.filter((p) => p.startsWith('!')).map((p) => excludePattern(options.workspace, p));
  if (uses === 'actions/cache/restore@v5') {
    const restoreKeys = (withs['restore-keys'] ?? '')
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean);
    const hit = await options.cache.restore(paths, withs.key ?? '', restoreKeys, scopes.read);
    record.outputs = {
      'cache-hit': String(hit?.exact ?? false),
      'cache-primary-key': withs.key ?? '',
      'cache-matched-key': hit?.key ?? '',
    };
    record.log += hit
      ? `Cache restored from key: ${hit.key}\n`
      : `Cache not found for input keys: ${withs.key}\n`;
    return true;
  }
  if (uses === 'actions/cache/save@v5') {
    const saved = await options.cache.save(paths, withs.key ?? '', scopes.write, (file) =>
      excluded.some((test) => test(file)),
    );
    record.log += saved
      ? `Cache saved with key: ${withs.key}\n`
      : `Failed to save: Unable to reserve cache with key ${withs.key}, another job may be creating this cache.\n`;
    return true;
  }
  if (uses === 'actions/upload-artifact@v6') return uploadArtifact(withs, paths, options, record);
  if (uses === 'actions/checkout@v5') return checkoutCommit(withs, options, record);
  if (uses === 'actions/download-artifact@v6') return downloadArtifact(withs, options, record);
  throw new Error(`uses: ${uses} cannot run in this harness`);
}

let artifactIds = 0;

/**
 * actions/upload-artifact@v6's rules, on a local folder: the files under the least common ancestor
 * of the paths keep their layout, names are unique within a run (v4 artifacts are immutable), no
 * files is a warning (or nothing, or an error, by `if-no-files-found`); outputs id and URL.
 */
async function uploadArtifact(
  withs: Record<string, string>,
  paths: string[],
  options: RunOptions,
  record: StepRun,
): Promise<boolean> {
  const name = withs.name || 'artifact';
  const store = options.artifacts ?? path.join(path.dirname(options.workspace), 'artifacts');
  const dest = path.join(store, options.runId, name);
  if (await exists(dest)) {
    record.log += `Failed to CreateArtifact: (409) Conflict: an artifact with this name already exists on the workflow run\n`;
    return false;
  }
  const files: string[] = [];
  for (const p of paths) files.push(...(await filesUnder(p)));
  if (!files.length) {
    const mode = withs['if-no-files-found'] || 'warn';
    record.log += `No files were found with the provided path: ${paths.join(', ')}. No artifacts will be uploaded.\n`;
    return mode !== 'error';
  }
  const roots = paths.filter((p) => files.some((f) => f === p || f.startsWith(`${p}${path.sep}`)));
  const root = commonAncestor(roots.map((p) => (files.includes(p) ? path.dirname(p) : p)));
  for (const file of files) await cp(file, path.join(dest, path.relative(root, file)));
  await writeFile(`${dest}.attempt`, options.runAttempt ?? '1');
  const id = ++artifactIds;
  record.outputs = {
    'artifact-id': String(id),
    'artifact-url': `https://github.com/${options.repository}/actions/runs/${options.runId}/artifacts/${id}`,
  };
  record.log += `Artifact ${name} has been successfully uploaded! ${files.length} files\n`;
  return true;
}

/** actions/checkout@v5 of one commit into the workspace (no `path:`); outputs `ref` and `commit`. */
async function checkoutCommit(
  withs: Record<string, string>,
  options: RunOptions,
  record: StepRun,
): Promise<boolean> {
  if (withs.path) throw new Error('actions/checkout with path: cannot run in this harness');
  const repository = withs.repository || options.repository;
  const ref = withs.ref ?? '';
  const files = options.checkout?.(repository, ref);
  if (!files) {
    record.log += `##[error]fatal: couldn't find remote ref ${ref} in ${repository}\n`;
    return false;
  }
  for (const entry of await readdir(options.workspace))
    await rm(path.join(options.workspace, entry), { recursive: true, force: true });
  for (const [file, bytes] of files) {
    await mkdir(path.dirname(path.join(options.workspace, file)), { recursive: true });
    await writeFile(path.join(options.workspace, file), bytes);
  }
  record.outputs = { ref, commit: ref };
  record.log += `Checked out ${repository}@${ref}: ${files.size} files\n`;
  return true;
}

/**
 * actions/download-artifact@v6 on the same local folder: `name` (into `path`) or `pattern` (each into
 * `path/<name>/`). Without `run-id` and `github-token` it sees only artifacts of the current attempt,
 * as on GitHub (the runner's artifact service is attempt-scoped; the REST API is run-scoped): a
 * rerun job needs both to read what attempt 1 uploaded.
 */
async function downloadArtifact(
  withs: Record<string, string>,
  options: RunOptions,
  record: StepRun,
): Promise<boolean> {
  const store = options.artifacts ?? path.join(path.dirname(options.workspace), 'artifacts');
  const runDir = path.join(store, options.runId);
  const acrossAttempts = Boolean(withs['run-id'] && withs['github-token']);
  const visible: string[] = [];
  for (const entry of await readdir(runDir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const attempt = await readFile(path.join(runDir, `${entry.name}.attempt`), 'utf8');
    if (acrossAttempts || attempt === (options.runAttempt ?? '1')) visible.push(entry.name);
  }
  const dest = path.resolve(options.workspace, withs.path || '.');
  if (withs.name) {
    if (!visible.includes(withs.name)) {
      record.log += `Unable to download artifact(s): Artifact not found for name: ${withs.name}\n`;
      return false;
    }
    await cp(path.join(runDir, withs.name), dest, { recursive: true });
    record.log += `Artifact ${withs.name} downloaded to ${dest}\n`;
    return true;
  }
  const glob = new RegExp(
    `^${(withs.pattern || '*').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
  );
  const picked = visible.filter((name) => glob.test(name)).sort();
  for (const name of picked) await cp(path.join(runDir, name), path.join(dest, name), { recursive: true });
  record.log += `Total of ${picked.length} artifact(s) downloaded: ${picked.join(', ')}\n`;
  return true;
}

async function filesUnder(p: string): Promise<string[]> {
  const info = await stat(p).catch(() => undefined);
  if (!info) return [];
  if (info.isFile()) return [p];
  const entries = await readdir(p, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function commonAncestor(dirs: string[]): string {
  const split = dirs.map((d) => d.split(path.sep));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

/** A pull request run reads its own ref's caches and the base branch's; other runs their ref's. */
export function cacheScopes(options: RunOptions): { read: string[]; write: string } {
  const pr = (options.event.payload as { pull_request?: { base?: { ref?: string } } }).pull_request;
  const own = options.event.ref;
  return { read: pr?.base?.ref ? [own, `refs/heads/${pr.base.ref}`] : [own], write: own };
}

/**
 * The local stand-in for GitHub's cache service. Entries live in `<root>/<scope>/<key>/`, each with
 * the path list's version (sha256 of the exact list, as @actions/cache computes it), so a restore
 * with another list misses, as it does on GitHub.
 */
export class LocalCache {
  constructor(readonly root: string) {}

  private dir(scope: string, key: string): string {
    return path.join(this.root, encodeURIComponent(scope), encodeURIComponent(key));
  }

  private version(paths: string[]): string {
    return createHash('sha256').update(paths.join('|')).digest('hex');
  }

  async keys(scope: string): Promise<string[]> {
    try {
      return (await readdir(path.join(this.root, encodeURIComponent(scope)))).map(decodeURIComponent);
    } catch {
      return [];
    }
  }

  async restore(
    paths: string[],
    key: string,
    restoreKeys: string[],
    scopes: string[],
  ): Promise<{ key: string; exact: boolean } | undefined> {
    const version = this.version(paths);
    const candidates: { scope: string; key: string; created: number }[] = [];
    for (const scope of scopes) {
      for (const k of await this.keys(scope)) {
        const meta = await readFile(path.join(this.dir(scope, k), 'meta.json'), 'utf8')
          .then(JSON.parse)
          .catch(() => undefined);
        if (meta?.version === version) candidates.push({ scope, key: k, created: meta.created });
      }
    }
    const pick =
      candidates.find((c) => c.key === key) ??
      restoreKeys
        .map(
          (prefix) =>
            candidates.filter((c) => c.key.startsWith(prefix)).sort((a, b) => b.created - a.created)[0],
        )
        .find(Boolean);
    if (!pick) return undefined;
    const dir = this.dir(pick.scope, pick.key);
    for (const [i, p] of paths.entries()) {
      const from = path.join(dir, String(i));
      if (await exists(from)) {
        await rm(p, { recursive: true, force: true });
        await cp(from, p, { recursive: true });
      }
    }
    return { key: pick.key, exact: pick.key === key };
  }

  async save(
    paths: string[],
    key: string,
    scope: string,
    isExcluded: (file: string) => boolean = () => false,
  ): Promise<boolean> {
    const dir = this.dir(scope, key);
    if (await exists(dir)) return false; // immutable
    await mkdir(dir, { recursive: true });
    for (const [i, p] of paths.entries())
      if (await exists(p))
        await cp(p, path.join(dir, String(i)), { recursive: true, filter: (src) => !isExcluded(src) });
    await writeFile(
      path.join(dir, 'meta.json'),
      JSON.stringify({ version: this.version(paths), created: Date.now() + Math.random() }),
    );
    return true;
  }
}

/** `!dir/**\/prefix*`: files named `prefix…` anywhere under `dir`. */
function excludePattern(workspace: string, line: string): (file: string) => boolean {
  const match = /^!(.+)\/\*\*\/([^/*]+)\*$/.exec(line);
  if (!match) throw new Error(`cache path pattern ${line} cannot run in this harness`);
  const dir = path.resolve(workspace, match[1] as string);
  const prefix = match[2] as string;
  return (file) => file.startsWith(dir + path.sep) && path.basename(file).startsWith(prefix);
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
