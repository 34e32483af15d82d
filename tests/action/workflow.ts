/**
 * Runs a workflow file (.github/workflows/*.yml) the way GitHub runs it, as far as this machine can,
 * on top of the composite-action harness (harness.ts):
 *
 * - jobs in the order `needs:` gives; a job whose needs did not all succeed is skipped (the
 *   implicit `success()` of a job without `if:`); `outputs:` evaluated when the job ends;
 * - `strategy.matrix` from an expression (`${{ fromJSON(needs.plan.outputs.matrix) }}`), expanded
 *   from its `include` list: one job per entry, each on a fresh runner;
 * - steps: `run:` (through a one-step composite, so the runner's environment, GITHUB_OUTPUT and
 *   GITHUB_PATH are the harness's), `uses: genops/action@v1` (the built action, by runAction), the
 *   cache and artifact actions (the harness's local stand-ins), `actions/checkout` (the test's files
 *   written to a fresh workspace) and `actions/setup-node` (nothing: the harness's node is on PATH);
 * - "Re-run failed jobs": give the previous attempt; its successful jobs keep their outputs and
 *   are not run again, the others run as attempt N+1.
 *
 * The matrix jobs run one after another (GitHub runs them at once): each gets the same workspace
 * path, as every runner does, so the cache's path version matches across jobs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { condition, type ExpressionContext, evaluate, interpolate, type Value } from './expressions.js';
import { checkout } from './fixtures.js';
import { type ActionRun, cacheScopes, type RunOptions, runAction, runUses, type StepRun } from './harness.js';

interface WorkflowStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface WorkflowJob {
  needs?: string | string[];
  outputs?: Record<string, string>;
  strategy?: { matrix?: string | Record<string, unknown>; 'fail-fast'?: boolean };
  env?: Record<string, string>;
  steps: WorkflowStep[];
}

interface WorkflowYaml {
  name: string;
  env?: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

export interface JobRun {
  job: string;
  /** The matrix entry of this job, if it is one of a matrix's. */
  matrix?: Record<string, Value>;
  /** `skipped` when its needs did not succeed; `kept` when a rerun reused this attempt's success. */
  result: 'success' | 'failure' | 'skipped';
  attempt: string;
  outputs: Record<string, string>;
  steps: StepRun[];
  /** The genops/action runs of the job, in order. */
  actions: ActionRun[];
  log: string;
}

export interface WorkflowRun {
  attempt: string;
  jobs: JobRun[];
  failed: boolean;
}

export interface WorkflowOptions
  extends Pick<RunOptions, 'actionDir' | 'event' | 'repository' | 'apiUrl' | 'token' | 'cache' | 'runId'> {
  /** The workflow file, as committed (not a copy). */
  file: string;
  /** Where runners' workspaces live (`<root>/work/site/site`). */
  root: string;
  /** What actions/checkout writes into each job's workspace. */
  files: Record<string, string | Buffer>;
  artifacts: string;
  /** `inputs` of a workflow_dispatch. */
  inputs?: Record<string, string>;
  secrets?: Record<string, string>;
  /** The attempt this rerun follows: its successful jobs are kept, the rest run again. */
  previous?: WorkflowRun;
  /** Called before each job runs (a test's fault injection), with the attempt it runs as. */
  beforeJob?: (job: string, matrix: Record<string, Value> | undefined, attempt: string) => void;
}

const instanceId = (job: string, matrix?: Record<string, Value>) =>
  matrix ? `${job} ${JSON.stringify(matrix)}` : job;

export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowRun> {
  const workflow = parse(await readFile(options.file, 'utf8')) as WorkflowYaml;
  const attempt = String(Number(options.previous?.attempt ?? '0') + 1);
  const run: WorkflowRun = { attempt, jobs: [], failed: false };
  const kept = new Map(
    (options.previous?.jobs ?? [])
      .filter((j) => j.result === 'success')
      .map((j) => [instanceId(j.job, j.matrix), j]),
  );
  for (const name of jobOrder(workflow)) {
    const job = workflow.jobs[name] as WorkflowJob;
    const needs = [job.needs ?? []].flat();
    const needsCtx: Record<string, Value> = {};
    for (const need of needs) {
      const instances = run.jobs.filter((j) => j.job === need);
      const result = instances.every((j) => j.result === 'success') ? 'success' : 'failure';
      needsCtx[need] = { result, outputs: Object.assign({}, ...instances.map((j) => j.outputs)) };
    }
    const ready = needs.every((n) => (needsCtx[n] as { result: string }).result === 'success');
    const base = contexts(options, attempt, needsCtx);
    const matrices = ready ? expandMatrix(job, base) : [undefined];
    for (const matrix of matrices) {
      const previous = kept.get(instanceId(name, matrix));
      if (previous) {
        run.jobs.push(previous);
        continue;
      }
      if (!ready) {
        run.jobs.push({
          job: name,
          result: 'skipped',
          attempt,
          outputs: {},
          steps: [],
          actions: [],
          log: '',
        });
        continue;
      }
      options.beforeJob?.(name, matrix, attempt);
      const result = await runJob(options, workflow, name, job, { ...base, matrix: matrix ?? null }, attempt);
      if (matrix) result.matrix = matrix;
      run.jobs.push(result);
      if (result.result === 'failure') run.failed = true;
    }
  }
  return run;
}

/** Jobs in declaration order, each after the jobs it needs. */
function jobOrder(workflow: WorkflowYaml): string[] {
  const order: string[] = [];
  const visit = (name: string, trail: string[]) => {
    if (order.includes(name)) return;
    if (trail.includes(name)) throw new Error(`needs: cycle through ${name}`);
    const job = workflow.jobs[name];
    if (!job) throw new Error(`needs: no job "${name}"`);
    for (const need of [job.needs ?? []].flat()) visit(need, [...trail, name]);
    order.push(name);
  };
  for (const name of Object.keys(workflow.jobs)) visit(name, []);
  return order;
}

function contexts(
  options: WorkflowOptions,
  attempt: string,
  needs: Record<string, Value>,
): Record<string, Value> {
  return {
    github: {
      token: options.token,
      event_name: options.event.name,
      event: options.event.payload as Value,
      repository: options.repository,
      ref: options.event.ref,
      sha: options.event.sha,
      run_id: options.runId,
      run_attempt: attempt,
    },
    inputs: options.inputs ?? {},
    secrets: options.secrets ?? {},
    needs,
    env: {},
  };
}

function expandMatrix(job: WorkflowJob, ctx: Record<string, Value>): (Record<string, Value> | undefined)[] {
  const spec = job.strategy?.matrix;
  if (spec === undefined) return [undefined];
  const value =
    typeof spec === 'string'
      ? evaluate(spec.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1').trim(), exprCtx(ctx, {}, false))
      : (spec as Value);
  const include = (value as { include?: Record<string, Value>[] } | null)?.include;
  if (!include || Object.keys(value as object).length !== 1)
    throw new Error('matrix: only an `include` list can run in this harness');
  return include;
}

function exprCtx(
  base: Record<string, Value>,
  steps: Record<string, Value>,
  failed: boolean,
): ExpressionContext {
  return { contexts: { ...base, steps }, status: { failed, cancelled: false } };
}

async function runJob(
  options: WorkflowOptions,
  workflow: WorkflowYaml,
  name: string,
  job: WorkflowJob,
  base: Record<string, Value>,
  attempt: string,
): Promise<JobRun> {
  const result: JobRun = {
    job: name,
    result: 'success',
    attempt,
    outputs: {},
    steps: [],
    actions: [],
    log: '',
  };
  // A fresh runner: an empty workspace until actions/checkout fills it.
  let workspace = await checkout(options.root, {});
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...workflow.env, ...job.env }))
    env[k] = interpolate(String(v), exprCtx({ ...base, env }, {}, false));
  const steps: Record<string, Value> = {};
  const pathAdded: string[] = [];
  const runnerTemp = await mkdtemp(path.join(tmpdir(), 'genops-runner-temp-'));
  const runOptions = (): RunOptions => ({
    actionDir: options.actionDir,
    workspace,
    inputs: {},
    event: options.event,
    repository: options.repository,
    apiUrl: options.apiUrl,
    token: options.token,
    cache: options.cache,
    runId: options.runId,
    artifacts: options.artifacts,
    runAttempt: attempt,
    path: [...pathAdded],
    runnerTemp,
    env,
  });
  for (const [index, step] of job.steps.entries()) {
    const ctx = exprCtx({ ...base, env }, steps, result.result === 'failure');
    const label = step.name ?? step.id ?? step.uses ?? `run ${index}`;
    const record: StepRun = { id: step.id, name: label, outcome: 'skipped', outputs: {}, log: '' };
    result.steps.push(record);
    if (!condition(step.if, ctx)) {
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const withs = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]),
    );
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]),
    );
    let ok = true;
    if (step.uses?.startsWith('actions/checkout@')) {
      workspace = await checkout(options.root, options.files);
      record.log = `checked out ${Object.keys(options.files).length} files\n`;
    } else if (step.uses?.startsWith('actions/setup-node@')) {
      record.log = `node ${process.version} (the harness's)\n`;
    } else if (step.uses === 'genops/action@v1') {
      const action = await runAction({ ...runOptions(), inputs: withs, env: { ...env, ...stepEnv } });
      result.actions.push(action);
      pathAdded.unshift(...action.path);
      record.outputs = action.outputs;
      record.log = action.log;
      ok = !action.failed;
    } else if (step.uses) {
      const opts = runOptions();
      ok = await runUses(step.uses, withs, opts, cacheScopes(opts), record);
    } else {
      const shell = await runShell(runOptions(), interpolate(step.run ?? '', ctx), stepEnv);
      pathAdded.unshift(...shell.path);
      record.outputs = shell.steps[0]?.outputs ?? {};
      record.log = shell.steps[0]?.log ?? shell.log;
      ok = !shell.failed;
    }
    record.outcome = ok ? 'success' : 'failure';
    if (!ok) result.result = 'failure';
    result.log += `── ${name} ${base.matrix ? JSON.stringify(base.matrix) : ''}: ${label} (${record.outcome})\n${record.log}`;
    if (step.id)
      steps[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
  }
  await rm(runnerTemp, { recursive: true, force: true });
  const end = exprCtx({ ...base, env }, steps, result.result === 'failure');
  for (const [k, v] of Object.entries(job.outputs ?? {})) result.outputs[k] = interpolate(String(v), end);
  return result;
}

/**
 * A workflow's `run:` step, already interpolated, as the one step of a composite: the harness gives
 * it the runner's environment and reads its GITHUB_OUTPUT, GITHUB_ENV and GITHUB_PATH.
 */
async function runShell(
  runOptions: RunOptions,
  script: string,
  env: Record<string, string>,
): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-run-step-'));
  const action = {
    inputs: {},
    outputs: {},
    runs: { using: 'composite', steps: [{ shell: 'bash', run: script }] },
  };
  await writeFile(path.join(dir, 'action.yml'), stringify(action));
  try {
    return await runAction({ ...runOptions, actionDir: dir, env: { ...runOptions.env, ...env } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
