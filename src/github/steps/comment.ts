/**
 * Step `comment`: the one sticky comment on the pull request — the QA table, previews hosted on
 * the previews branch, the lockfile's fate. In `comment` mode (workflow_run after a fork's run) the
 * run folder is an artifact a fork wrote, so it is verified and sanitised first.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type { InputProblem } from '../../core/errors.js';
import type { ReportData } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { coerceHumanChoice } from '../../report/decisions.js';
import type { GitHubClient } from '../client.js';
import { renderComment } from '../comment.js';
import { ACTION_FILES, Inputs, Outputs } from '../constants.js';
import { runUrl } from '../event.js';
import type { LockfileCommitResult } from '../lockfile-commit.js';
import { BranchPreviewHost, loadPreviewFiles, type PreviewSet, previewFolder } from '../previews.js';
import { appliedReply, type ReviewRequest } from '../review.js';
import { type ActionSettings, loadSettings } from '../settings.js';
import { upsertSticky } from '../sticky.js';
import type { ReviewOutcome } from './decide.js';
import { EXIT, gitHub, readOptional, skip } from './shared.js';

export async function commentStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (!settings.comment) return skip(`${Inputs.Comment} is false`);
  const untrusted = settings.mode === 'comment';
  if (!untrusted && settings.event.pullRequest?.fork)
    return skip(
      `fork pull request: upload ${settings.runDir} as an artifact; a workflow_run job posts the comment`,
    );
  const review = settings.review
    ? await readOptional<ReviewOutcome>(path.join(settings.runDir, ACTION_FILES.review))
    : undefined;
  if (settings.review && !review) return skip('the review command was not applied (replied)');
  const client = gitHub(settings, env, true);

  const number = untrusted ? await verifiedPullRequest(settings, client) : settings.event.pullRequest?.number;
  if (!number) return skip('no pull request to comment on');

  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  const problems = await readOptional<InputProblem[]>(path.join(settings.runDir, ACTION_FILES.problems));
  const previews = await commentPreviews(settings, client, number, { untrusted, hasReport: !!report });
  const lockResult = await readOptional<LockfileCommitResult>(
    path.join(settings.runDir, ACTION_FILES.lockfileCommit),
  );
  const lockNote = lockfileNote(lockResult);
  const body = renderComment({
    header: settings.commentHeader,
    report: report && sanitizeReport(report, untrusted),
    problems: report ? undefined : problems,
    previews,
    runUrl: runUrl(settings.event),
    gallery: galleryLink(settings, env),
    lockfile: lockNote,
    // A fork's artifact is not trusted to speak for the lockfile: its patch is not shown.
    staleLockfile: lockResult?.action === 'stale' && !untrusted ? lockResult : undefined,
  });
  const result = await upsertSticky(client, number, settings.commentHeader, body);
  core.setOutput(Outputs.CommentId, result.comment.id);
  core.setOutput(Outputs.CommentUrl, result.comment.htmlUrl);
  core.info(
    `comment ${result.action}: ${result.comment.htmlUrl}${result.removed ? ` (${result.removed} duplicates removed)` : ''}`,
  );
  if (settings.review && review) await replyToReview(settings, client, review, lockResult);
  return EXIT.ok;
}

/** The commenter learns what became of their command: committed (🚀), or why not and what to do. */
async function replyToReview(
  settings: ActionSettings,
  client: GitHubClient,
  outcome: ReviewOutcome,
  lockResult: LockfileCommitResult | undefined,
): Promise<void> {
  const request = settings.review as ReviewRequest;
  const { serverUrl, owner, repo } = settings.event;
  const result = lockResult ?? { action: 'skipped', reason: 'the lockfile step did not run' };
  const reply = appliedReply(
    request,
    outcome.messages,
    result.action === 'committed'
      ? { ...result, url: `${serverUrl}/${owner}/${repo}/commit/${result.commit}` }
      : result,
  );
  const reaction = { committed: 'rocket', unchanged: '+1', stale: 'confused', skipped: 'confused' } as const;
  await client.react(request.commentId, reaction[result.action]);
  await client.createComment(request.pullRequest.number, reply);
}

type CommentPreviews = Parameters<typeof renderComment>[0]['previews'];

/** The previews made by the `previews` step, published on the previews branch; their URLs for the comment. */
async function commentPreviews(
  settings: ActionSettings,
  client: GitHubClient,
  number: number,
  { untrusted, hasReport }: { untrusted: boolean; hasReport: boolean },
): Promise<CommentPreviews> {
  if (settings.previews === 'none')
    return { links: [], omitted: 0, note: 'Previews are off (input previews: none).' };
  const set = await readOptional<PreviewSet>(path.join(settings.runDir, ACTION_FILES.previews));
  if (!hasReport || !set || settings.previews !== 'branch') return undefined;
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
  return {
    links: links.map((l) => ({ ...l, before: url(l.before), after: url(l.after), diff: url(l.diff) })),
    omitted: Number(set.omitted) || 0,
  };
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
      human: coerceHumanChoice(a.human),
    })),
  };
}

/**
 * The gallery artifact's URL from the upload step (only one of this repository's runs is linked);
 * in `comment` mode, the pull request run that uploaded it.
 */
function galleryLink(settings: ActionSettings, env: NodeJS.ProcessEnv): string | undefined {
  const { serverUrl, owner, repo, workflowRun } = settings.event;
  const runs = `${serverUrl}/${owner}/${repo}/actions/runs/`;
  if (settings.mode === 'comment') return workflowRun ? `${runs}${workflowRun.id}` : undefined;
  const url = env.GENOPS_GALLERY_URL ?? '';
  return url.startsWith(runs) && /^[\w:/.-]+$/.test(url) ? url : undefined;
}

function lockfileNote(result: LockfileCommitResult | undefined): string | undefined {
  if (!result) return undefined;
  if (result.action === 'committed') return `genops.lock updated in ${String(result.commit).slice(0, 7)}`;
  if (result.action === 'unchanged') return 'genops.lock is current';
  if (result.action === 'stale') return 'genops.lock is out of date on this branch (patch above)';
  return `genops.lock not committed${result.reason ? ` (${result.reason.replace(/[^\w .,:;()/'-]/g, '')})` : ''}`;
}
