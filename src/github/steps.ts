import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { main } from '../cli.js';
import { sha256Hex } from '../core/canonical.js';
import { errorMessage, InputError, type InputProblem, UsageError } from '../core/errors.js';
import { streamLogger } from '../core/log.js';
import type { DeliveryResult, Plan, ReportData, Synthesis } from '../core/model.js';
import { rememberSecret } from '../core/secrets.js';
import { createContext, type LayerContext } from '../layers/context.js';
import { RUN_FILES } from '../layers/run-folder.js';
import { EMPTY_LOCKFILE, readLockfile } from '../lockfile/lockfile.js';
import { loadManifest } from '../manifest/load.js';
import { openWorkspace, statePaths } from '../store/workspace.js';
import { formatAnnotation, problemAnnotations, workspacePath } from './annotations.js';
import { listBranch } from './branch.js';
import { GitHubClient } from './client.js';
import { countChanges, renderComment } from './comment.js';
import {
  ACTION_FILES,
  CACHE_VERSION,
  Inputs,
  inputEnv,
  Outputs,
  PlanOutputs,
  SECRET_INPUTS,
  type StepName,
  Steps,
} from './constants.js';
import { runUrl } from './event.js';
import { blobPath, hydrateFromBranch, publishHandoff } from './handoff.js';
import { commitLockfile, type LockfileCommitResult } from './lockfile-commit.js';
import {
  BranchPreviewHost,
  loadPreviewFiles,
  makePreviews,
  type PreviewSet,
  previewFolder,
} from './previews.js';
import { type ActionSettings, loadSettings, readSettings, saveSettings } from './settings.js';
import { upsertSticky } from './sticky.js';
import { gateReason, renderJobSummary } from './summary.js';

/** Exit statuses of a step, as the CLI's: 0 ok, 2 bad input (fails the step). Gates fail only in `gate`. */
const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/**
 * One composite step. Layer steps run the CLI in-process (same logs, same exit codes as on a
 * laptop); a failed gate does not fail them, so QA, the report and the comment still run, and the
 * last step (`gate`) fails the job with one line saying why.
 */
export async function runStep(step: string, env: NodeJS.ProcessEnv): Promise<number> {
  if (!(Steps as readonly string[]).includes(step)) {
    core.setFailed(`unknown step "${step}"; one of ${Steps.join(', ')}`);
    return EXIT.badInput;
  }
  try {
    return await STEP[step as StepName](env);
  } catch (error) {
    if (error instanceof InputError) {
      process.stdout.write(problemAnnotations(error.problems, env));
      for (const p of error.problems) core.info(`${workspacePath(p.file, env)}: ${p.message}`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      core.setFailed(error.message);
      return EXIT.badInput;
    }
    core.setFailed(`${step}: ${errorMessage(error)}`);
    return EXIT.failed;
  }
}

const STEP: Record<StepName, (env: NodeJS.ProcessEnv) => Promise<number>> = {
  plan: planStep,
  synthesize: (env) => layerStep('synthesize', env),
  qa: (env) => layerStep('qa', env),
  deliver: (env) => layerStep('deliver', env),
  deploy: deployStep,
  report: reportStep,
  previews: previewsStep,
  handoff: handoffStep,
  lockfile: lockfileStep,
  comment: commentStep,
  gate: gateStep,
};

// ── plan ──────────────────────────────────────────────────────────────────────────────────────────

async function planStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = readSettings(env);
  await mkdir(settings.runDir, { recursive: true });
  const context = await saveSettings(settings);
  core.setOutput(PlanOutputs.Context, context);
  core.setOutput(PlanOutputs.Mode, settings.mode);
  core.setOutput(PlanOutputs.Cache, String(settings.cache && settings.mode !== 'comment'));
  core.setOutput(Outputs.RunDir, settings.runDir);
  core.info(`mode: ${settings.mode}${describeMode(settings)}`);
  if (settings.mode === 'comment') return EXIT.ok;
  await clearRunFolder(settings.runDir);

  // What the lockfile said before this run: the "before" of every preview.
  const before = path.join(settings.runDir, ACTION_FILES.lockfileBefore);
  await copyFile(settings.lockfile, before).catch(() =>
    writeFile(before, `${JSON.stringify(EMPTY_LOCKFILE)}\n`),
  );
  const pr = settings.event.pullRequest;
  if (pr) {
    await writeFile(
      path.join(settings.runDir, ACTION_FILES.pullRequest),
      `${JSON.stringify({ number: pr.number, headSha: pr.headSha }, null, 2)}\n`,
    );
  }

  const code = await cli('plan', settings, env);
  if (code !== 0) {
    await recordProblems(settings);
    return code;
  }
  const plan = await readJson<Plan>(path.join(settings.runDir, RUN_FILES.plan));
  const manifestId = sha256Hex(workspacePath(settings.manifest, env)).slice(0, 8);
  const prefix = `${settings.cacheKeyPrefix}-${CACHE_VERSION}-${manifestId}-`;
  const keys = plan.jobs.map((j) => j.key).sort();
  core.setOutput(PlanOutputs.CacheKey, `${prefix}${sha256Hex(keys.join('\n')).slice(0, 32)}`);
  core.setOutput(PlanOutputs.CacheRestoreKeys, prefix);
  const paths = statePaths(settings.stateDir);
  // Relative to the workspace when inside it: the cache version hashes this exact list.
  core.setOutput(
    PlanOutputs.CachePaths,
    [paths.blobs, paths.cache].map((p) => workspacePath(p, env)).join('\n'),
  );
  core.setOutput(Outputs.JobsTotal, plan.jobs.length);
  return EXIT.ok;
}

function describeMode(s: ActionSettings): string {
  const pr = s.event.pullRequest;
  if (s.mode === 'pr' && pr)
    return ` — pull request #${pr.number}${pr.fork ? ' from a fork: read-only token, so no comment, previews branch or lockfile commit here; upload the run folder as an artifact and post from a workflow_run job' : ''}`;
  if (s.mode === 'deploy') return ` — push to ${s.event.defaultBranch}: deliver what genops.lock names`;
  if (s.mode === 'comment') return ' — post the comment of a pull request run from its artifact';
  return '';
}

/**
 * A self-hosted runner keeps its workspace: files of an earlier run must not pass for this run's
 * (a stale report.json after a failed layer, a stale problems.json after a fix). Only the files
 * GenOps writes are removed.
 */
async function clearRunFolder(runDir: string): Promise<void> {
  const ours = [...Object.values(RUN_FILES), ...Object.values(ACTION_FILES)].filter(
    (f) => f !== ACTION_FILES.context,
  );
  await Promise.all(ours.map((f) => rm(path.join(runDir, f), { recursive: true, force: true })));
}

/** Why the manifest did not load, kept for the comment and the summary. */
async function recordProblems(settings: ActionSettings): Promise<void> {
  try {
    await loadManifest(settings.manifest);
  } catch (error) {
    if (error instanceof InputError)
      await writeFile(
        path.join(settings.runDir, ACTION_FILES.problems),
        `${JSON.stringify(error.problems, null, 2)}\n`,
      );
  }
}

// ── layers ────────────────────────────────────────────────────────────────────────────────────────

async function layerStep(command: 'synthesize' | 'qa' | 'deliver', env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  applySecrets(env);
  // Only deploy publishes to remote targets: a review run stores what it approved and writes
  // genops.lock with the final URLs, but must not change what users get before the merge. A local
  // folder target is the runner's own workspace, so a review run may fill it.
  const extra =
    command === 'deliver' && settings.mode !== 'deploy' && (await remoteTargets(settings)).length
      ? ['--stage']
      : [];
  const code = await cli(command, settings, env, extra);
  // 1 = a gate failed: recorded in the run folder; the `gate` step fails the job after the report.
  return code === 1 ? EXIT.ok : code;
}

/** Delivery targets of the plan other than a local folder (S3, …). */
async function remoteTargets(s: ActionSettings): Promise<string[]> {
  const plan = await readOptional<Plan>(path.join(s.runDir, RUN_FILES.plan));
  return (plan?.targets ?? []).filter((t) => t.type !== 'local').map((t) => t.type);
}

/** The CLI, in-process, on this run's folders. */
async function cli(
  command: string,
  s: ActionSettings,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<number> {
  const argv = [command, '-m', shown(s.manifest, s), '-o', s.runDir, '--state', s.stateDir];
  return main({
    argv: [...argv, '--lockfile', shown(s.lockfile, s), ...extra],
    env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

/**
 * The manifest and lockfile as the user names them (`art/genops.yaml`): in every message, report
 * and comment. Relative only when the step runs in the workspace, which run steps of a composite do.
 */
function shown(file: string, s: ActionSettings): string {
  const rel = path.relative(s.event.workspace, file);
  return process.cwd() === path.resolve(s.event.workspace) && !rel.startsWith('..') ? rel : file;
}

/** Secret inputs to the variables back ends read; empty inputs leave the job's own env alone. */
function applySecrets(env: NodeJS.ProcessEnv): void {
  for (const [input, target] of Object.entries(SECRET_INPUTS)) {
    const value = env[inputEnv(input)];
    delete env[inputEnv(input)];
    if (!value) continue;
    if (input !== Inputs.AwsRegion) {
      core.setSecret(value);
      rememberSecret(value);
    }
    env[target] = value;
  }
}

function layerContext(s: ActionSettings, env: NodeJS.ProcessEnv): LayerContext {
  return createContext({
    manifestPath: shown(s.manifest, s),
    runDir: s.runDir,
    stateDir: s.stateDir,
    lockfilePath: shown(s.lockfile, s),
    env,
    log: streamLogger(process.stderr, { tty: false }),
  });
}

// ── deploy ────────────────────────────────────────────────────────────────────────────────────────

/** Push to the default branch: deliver exactly what genops.lock names, generating nothing. */
async function deployStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  applySecrets(env);
  if (settings.storeBranch) {
    // No shared S3 store: the pull-request run handed its approved bytes over on the store branch.
    const ctx = layerContext(settings, env);
    const plan = await readJson<Plan>(path.join(settings.runDir, RUN_FILES.plan));
    const lock = await readLockfile(settings.lockfile);
    const got = await hydrateFromBranch(
      gitHub(settings, env, true),
      settings.storeBranch,
      ctx.workspace,
      lock,
      plan,
    );
    core.info(
      `store branch ${settings.storeBranch}: fetched ${got.blobs} images and ${got.records} cache records${got.missing.length ? `; ${got.missing.length} locked files are not there` : ''}`,
    );
  }
  const code = await cli('deliver', settings, env, [
    '--locked',
    ...(settings.allowGenerateOnDeploy ? ['--allow-generate'] : []),
  ]);
  if (code === EXIT.ok) core.info('deploy: the reviewed assets are live, nothing generated');
  return code === 1 ? EXIT.ok : code;
}

// ── report ────────────────────────────────────────────────────────────────────────────────────────

async function reportStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  const problems = await readOptional<InputProblem[]>(path.join(settings.runDir, ACTION_FILES.problems));
  const synthesis = await readOptional<Synthesis>(path.join(settings.runDir, RUN_FILES.synthesis));
  const delivery = await readOptional<DeliveryResult>(path.join(settings.runDir, RUN_FILES.delivery));
  const reportMd = path.join(settings.runDir, RUN_FILES.reportMd);

  const gate = report?.gate ?? 'fail';
  const c = report ? countChanges(report) : undefined;
  const outputs: [string, string | number][] = [
    [Outputs.Mode, settings.mode],
    [Outputs.Gate, problems ? 'fail' : gate],
    [Outputs.JobsTotal, synthesis?.counts.jobs ?? 0],
    [Outputs.JobsGenerated, synthesis?.counts.generated ?? 0],
    [Outputs.JobsCached, synthesis?.counts.cached ?? 0],
    [Outputs.JobsFailed, synthesis?.counts.failed ?? 0],
    [Outputs.AssetsTotal, report?.assets.length ?? 0],
    [Outputs.AssetsNew, c?.new ?? 0],
    [Outputs.AssetsChanged, (c?.new ?? 0) + (c?.changed ?? 0)],
    [Outputs.AssetsFailed, c?.failed ?? 0],
    [Outputs.AssetsJson, delivery?.assetsJson ?? ''],
    [Outputs.ReportJson, report ? path.join(settings.runDir, RUN_FILES.reportJson) : ''],
    [Outputs.ReportMarkdown, report ? reportMd : ''],
    [Outputs.RunDir, settings.runDir],
    [Outputs.Lockfile, settings.lockfile],
  ];
  for (const [name, value] of outputs) core.setOutput(name, value);

  const facts: [string, string][] = [['mode', settings.mode]];
  if (synthesis)
    facts.push([
      'synthesis',
      `${synthesis.counts.generated} generated, ${synthesis.counts.cached} from cache or store, ${synthesis.counts.failed} failed`,
    ]);
  if (delivery?.assetsJson) facts.push(['assets.json', workspacePath(delivery.assetsJson, env)]);
  const markdown = report ? await readFile(reportMd, 'utf8').catch(() => undefined) : undefined;
  await core.summary.addRaw(renderJobSummary({ reportMarkdown: markdown, report, problems, facts })).write();
  if (report) await annotateFailedAssets(settings, report, env);
  return EXIT.ok;
}

/** A failed asset as an error on its entry in the manifest. */
async function annotateFailedAssets(s: ActionSettings, report: ReportData, env: NodeJS.ProcessEnv) {
  const failed = report.assets.filter((a) => a.verdict === 'fail');
  if (!failed.length) return;
  const plan = await readOptional<Plan>(path.join(s.runDir, RUN_FILES.plan));
  let loaded: Awaited<ReturnType<typeof loadManifest>> | undefined;
  try {
    loaded = await loadManifest(s.manifest);
  } catch {
    loaded = undefined;
  }
  for (const a of failed) {
    const source = plan?.assets.find((p) => p.id === a.id)?.source ?? a.id;
    const index = loaded?.manifest.assets.findIndex((m) => m.id === source) ?? -1;
    const at = loaded && index >= 0 ? loaded.locator.locate(['assets', index]) : undefined;
    process.stdout.write(
      formatAnnotation({
        level: 'error',
        file: workspacePath(s.manifest, env),
        line: at?.line,
        col: at?.column,
        title: `genops: ${a.id} failed QA`,
        message: a.reasons.join('; ') || 'no candidate passed QA',
      }),
    );
  }
}

// ── previews, hand-off, lockfile, comment ─────────────────────────────────────────────────────────

async function previewsStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  if (!report) return skip('no report: the pipeline did not get to QA');
  const before = await readLockfile(path.join(settings.runDir, ACTION_FILES.lockfileBefore));
  const workspace = openWorkspace(settings.stateDir);
  const client =
    settings.storeBranch && !settings.event.pullRequest?.fork ? gitHub(settings, env, false) : undefined;
  let remote: Map<string, string> | undefined;
  const set = await makePreviews({
    runDir: settings.runDir,
    report,
    before,
    blobs: workspace.blobs,
    fetchOld: client
      ? async (sha) => {
          remote ??= (await listBranch(client, settings.storeBranch)).files;
          const gitSha = remote.get(blobPath(sha));
          return gitSha ? client.readBlob(gitSha) : undefined;
        }
      : undefined,
    warn: (m) => core.warning(m),
  });
  core.info(`previews: ${set.items.length} assets${set.omitted ? ` (${set.omitted} more not shown)` : ''}`);
  return EXIT.ok;
}

async function handoffStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (!settings.storeBranch)
    return skip(`${Inputs.StoreBranch} is empty: the manifest's store carries images`);
  if (settings.event.pullRequest?.fork) return skip('fork pull request: the token cannot write');
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  if (report?.gate !== 'pass') return skip('the gate did not pass: nothing to hand to the merge run');
  const synthesis = await readJson<Synthesis>(path.join(settings.runDir, RUN_FILES.synthesis));
  const client = gitHub(settings, env, true);
  const pr = settings.event.pullRequest;
  const result = await publishHandoff(
    client,
    settings.storeBranch,
    openWorkspace(settings.stateDir),
    synthesis,
    await readLockfile(settings.lockfile),
    `genops store: reviewed images${pr ? ` of #${pr.number}` : ''}`,
  );
  core.info(
    `store branch ${settings.storeBranch}: ${result.uploaded} files added, ${result.present} images already there`,
  );
  return EXIT.ok;
}

async function lockfileStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const pr = settings.event.pullRequest;
  if (!settings.commitLockfile) return skip(`${Inputs.CommitLockfile} is false`);
  if (!pr) return skip('not a pull request');
  if (pr.fork) return skip('fork pull request: the token cannot push to the fork');
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  const record = (result: LockfileCommitResult) =>
    writeFile(path.join(settings.runDir, ACTION_FILES.lockfileCommit), `${JSON.stringify(result)}\n`);
  if (report?.gate !== 'pass') {
    await record({ action: 'skipped', reason: 'the gate did not pass' });
    return skip('the gate did not pass: genops.lock is not committed');
  }
  const result = await commitLockfile(gitHub(settings, env, true), {
    localFile: settings.lockfile,
    repoPath: workspacePath(settings.lockfile, env),
    branch: pr.headRef,
    message: settings.commitMessage,
  });
  if (result.action === 'committed') {
    core.setOutput(Outputs.LockfileCommit, result.commit);
    core.info(`genops.lock committed to ${pr.headRef}: ${result.commit}`);
  } else if (result.action === 'skipped') core.warning(`genops.lock not committed: ${result.reason}`);
  else core.info(`genops.lock on ${pr.headRef} is already current`);
  await record(result);
  return EXIT.ok;
}

async function commentStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (!settings.comment) return skip(`${Inputs.Comment} is false`);
  const untrusted = settings.mode === 'comment';
  if (!untrusted && settings.event.pullRequest?.fork)
    return skip(
      `fork pull request: upload ${settings.runDir} as an artifact; a workflow_run job posts the comment`,
    );
  const client = gitHub(settings, env, true);

  const number = untrusted ? await verifiedPullRequest(settings, client) : settings.event.pullRequest?.number;
  if (!number) return skip('no pull request to comment on');

  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  const problems = await readOptional<InputProblem[]>(path.join(settings.runDir, ACTION_FILES.problems));
  const set = await readOptional<PreviewSet>(path.join(settings.runDir, ACTION_FILES.previews));
  let previews: Parameters<typeof renderComment>[0]['previews'];
  if (report && set && settings.previews === 'branch') {
    const { files, links } = await loadPreviewFiles(settings.runDir, set, untrusted);
    const folder = previewFolder(number, settings.event.runId, settings.event.runAttempt);
    const host = new BranchPreviewHost(client, settings.previewsBranch, settings.event.serverUrl, {
      days: settings.previewsRetentionDays,
      pr: number,
    });
    const published: { urls: Map<string, string>; commit?: string } = files.size
      ? await host.publish(files, folder)
      : { urls: new Map() };
    if (published.commit) core.setOutput(Outputs.PreviewsCommit, published.commit);
    const url = (name: string | undefined) => (name ? published.urls.get(name) : undefined);
    previews = {
      links: links.map((l) => ({ ...l, before: url(l.before), after: url(l.after), diff: url(l.diff) })),
      omitted: Number(set.omitted) || 0,
    };
  } else if (settings.previews === 'none') {
    previews = { links: [], omitted: 0, note: 'Previews are off (input previews: none).' };
  }
  const lockNote = await lockfileNote(settings);
  const body = renderComment({
    header: settings.commentHeader,
    report: report && sanitizeReport(report, untrusted),
    problems: report ? undefined : problems,
    previews,
    runUrl: runUrl(settings.event),
    lockfile: lockNote,
  });
  const result = await upsertSticky(client, number, settings.commentHeader, body);
  core.setOutput(Outputs.CommentId, result.comment.id);
  core.setOutput(Outputs.CommentUrl, result.comment.htmlUrl);
  core.info(
    `comment ${result.action}: ${result.comment.htmlUrl}${result.removed ? ` (${result.removed} duplicates removed)` : ''}`,
  );
  return EXIT.ok;
}

/**
 * workflow_run: the artifact says which pull request it belongs to, but a fork wrote it. Believe it
 * only if that pull request's head is the commit the triggering run built.
 */
async function verifiedPullRequest(s: ActionSettings, client: GitHubClient): Promise<number | undefined> {
  const claimed = await readOptional<{ number: unknown }>(path.join(s.runDir, ACTION_FILES.pullRequest));
  const number = Number(claimed?.number);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${ACTION_FILES.pullRequest} in the artifact names no pull request`);
  const headSha = s.event.workflowRun?.headSha;
  const head = await client.pullHead(number);
  if (!head || !headSha || head.sha !== headSha)
    throw new Error(
      `pull request #${number} is not at ${headSha ?? '(no workflow_run head)'}: refusing to comment`,
    );
  return number;
}

/** Numbers and enums from an artifact are coerced, so a forged report cannot smuggle markup through them. */
function sanitizeReport(report: ReportData, untrusted: boolean): ReportData {
  if (!untrusted) return report;
  const verdicts = ['pass', 'fail', 'pending'] as const;
  const changes = ['new', 'changed', 'unchanged', 'unknown'] as const;
  const pick = <T extends string>(v: unknown, all: readonly T[], fallback: T): T =>
    (all as readonly unknown[]).includes(v) ? (v as T) : fallback;
  const num = (v: unknown) => (Number.isFinite(Number(v)) ? Number(v) : 0);
  const metrics = (m: unknown) =>
    m && typeof m === 'object'
      ? Object.fromEntries(Object.entries(m).map(([k, v]) => [String(k).replace(/\W/g, ''), num(v)]))
      : undefined;
  return {
    schema: 'genops/report@1',
    manifest: String(report.manifest),
    gate: pick(report.gate, ['pass', 'fail', 'incomplete'] as const, 'incomplete'),
    layers: Object.fromEntries(
      Object.entries(report.layers ?? {}).map(([k, v]) => [k, metrics(v)]),
    ) as ReportData['layers'],
    assets: (Array.isArray(report.assets) ? report.assets : []).slice(0, 2000).map((a) => ({
      id: String(a.id),
      title: String(a.title ?? a.id),
      verdict: pick(a.verdict, verdicts, 'pending'),
      change: pick(a.change, changes, 'unknown'),
      chosenVariant: a.chosenVariant === undefined ? undefined : num(a.chosenVariant),
      variants: num(a.variants),
      generator: String(a.generator ?? ''),
      model: String(a.model ?? ''),
      prompt: String(a.prompt ?? ''),
      scores: metrics(a.scores) ?? {},
      reasons: (Array.isArray(a.reasons) ? a.reasons : []).slice(0, 10).map(String),
      checks: [],
      reproducible: a.reproducible !== false,
    })),
  };
}

async function lockfileNote(s: ActionSettings): Promise<string | undefined> {
  const result = await readOptional<{ action: string; commit?: string; reason?: string }>(
    path.join(s.runDir, ACTION_FILES.lockfileCommit),
  );
  if (!result) return undefined;
  if (result.action === 'committed') return `genops.lock updated in ${String(result.commit).slice(0, 7)}`;
  if (result.action === 'unchanged') return 'genops.lock is current';
  return `genops.lock not committed${result.reason ? ` (${result.reason.replace(/[^\w .,:;()/'-]/g, '')})` : ''}`;
}

// ── gate ──────────────────────────────────────────────────────────────────────────────────────────

async function gateStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (settings.mode === 'comment') return EXIT.ok;
  const problems = await readOptional<InputProblem[]>(path.join(settings.runDir, ACTION_FILES.problems));
  if (problems?.length) {
    core.setFailed(`GenOps: the manifest has ${problems.length} problem(s); see the annotations`);
    return EXIT.badInput;
  }
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  if (!report) {
    core.setFailed('GenOps: no report was written; an earlier step failed');
    return EXIT.failed;
  }
  if (report.gate === 'pass') {
    core.info(`GenOps gate passed: ${report.assets.length} assets`);
    return EXIT.ok;
  }
  if (!settings.failOnGate) {
    core.warning(`${gateReason(report)} (${Inputs.FailOnGate} is false)`);
    return EXIT.ok;
  }
  core.setFailed(gateReason(report));
  return EXIT.failed;
}

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────

function gitHub(s: ActionSettings, env: NodeJS.ProcessEnv, required: true): GitHubClient;
function gitHub(s: ActionSettings, env: NodeJS.ProcessEnv, required: false): GitHubClient | undefined;
function gitHub(s: ActionSettings, env: NodeJS.ProcessEnv, required: boolean): GitHubClient | undefined {
  const token = env[inputEnv(Inputs.GithubToken)];
  if (!token) {
    if (required) throw new UsageError(`input ${Inputs.GithubToken} is empty`);
    return undefined;
  }
  core.setSecret(token);
  return new GitHubClient(token, s.event.owner, s.event.repo, s.event.apiUrl);
}

function skip(reason: string): number {
  core.info(`skipped: ${reason}`);
  return EXIT.ok;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

async function readOptional<T>(file: string): Promise<T | undefined> {
  try {
    return await readJson<T>(file);
  } catch {
    return undefined;
  }
}
