import { readFileSync } from 'node:fs';
import type { Mode } from './constants.js';

/** The few facts of the triggering event the action acts on, read once from GITHUB_EVENT_PATH. */
export interface RunEvent {
  name: string;
  owner: string;
  repo: string;
  defaultBranch: string;
  /** `refs/heads/main`, `refs/pull/7/merge`, … */
  ref: string;
  sha: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  pullRequest?: PullRequestInfo;
  /** workflow_run: the run whose artifact carries the report (fork-safe comment job). */
  workflowRun?: { id: number; headSha: string; event: string; conclusion: string | null };
  /** issue_comment: the comment that may carry `/genops` review commands. */
  comment?: CommentInfo;
}

/** An issue_comment event's comment, and what GitHub says about its author. */
export interface CommentInfo {
  /** `created`, `edited`, `deleted`: only a new comment is a command. */
  action: string;
  id: number;
  body: string;
  htmlUrl: string;
  author: string;
  /** `User` or `Bot`. */
  authorType: string;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE. */
  association: string;
  /** The issue or pull request number. */
  issue: number;
  /** Set only when the issue is a pull request. */
  onPullRequest: boolean;
}

export interface PullRequestInfo {
  number: number;
  headRef: string;
  headSha: string;
  headRepo: string;
  baseRef: string;
  baseRepo: string;
  /** Head in another repository: the token is read-only and secrets are absent. */
  fork: boolean;
}

interface Payload {
  repository?: { full_name?: string; default_branch?: string };
  pull_request?: {
    number: number;
    head: { ref: string; sha: string; repo: { full_name: string } | null };
    base: { ref: string; repo: { full_name: string } };
  };
  workflow_run?: { id: number; head_sha: string; event: string; conclusion: string | null };
  action?: string;
  issue?: { number: number; pull_request?: unknown };
  comment?: {
    id: number;
    body?: string | null;
    html_url?: string;
    user?: { login: string; type?: string } | null;
    author_association?: string;
  };
}

export function readEvent(env: NodeJS.ProcessEnv): RunEvent {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? payload.repository?.full_name ?? '/').split('/');
  const pr = payload.pull_request;
  const pullRequest: PullRequestInfo | undefined = pr && {
    number: pr.number,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    // A deleted fork leaves head.repo null: still not ours.
    headRepo: pr.head.repo?.full_name ?? '',
    baseRef: pr.base.ref,
    baseRepo: pr.base.repo.full_name,
    fork: pr.head.repo?.full_name !== pr.base.repo.full_name,
  };
  const wr = payload.workflow_run;
  return {
    name: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    defaultBranch: payload.repository?.default_branch ?? 'main',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID ?? '0',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    pullRequest,
    workflowRun: wr && { id: wr.id, headSha: wr.head_sha, event: wr.event, conclusion: wr.conclusion },
    comment: commentOf(payload),
  };
}

function commentOf(payload: Payload): CommentInfo | undefined {
  const { comment, issue } = payload;
  if (!comment || !issue) return undefined;
  return {
    action: payload.action ?? '',
    id: comment.id,
    body: comment.body ?? '',
    htmlUrl: comment.html_url ?? '',
    author: comment.user?.login ?? '',
    authorType: comment.user?.type ?? '',
    association: comment.author_association ?? 'NONE',
    issue: issue.number,
    onPullRequest: !!issue.pull_request,
  };
}

function readPayload(file: string | undefined): Payload {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Payload;
  } catch {
    return {};
  }
}

/**
 * `auto`: a pull request reviews (comment, previews, lockfile); a push to the default branch deploys
 * what the lockfile names; a workflow_run posts the comment of a fork's run; anything else checks.
 */
export function detectMode(event: RunEvent): Mode {
  if (event.name === 'pull_request' || event.name === 'pull_request_target') return 'pr';
  if (event.name === 'workflow_run') return 'comment';
  if (event.name === 'push' && event.ref === `refs/heads/${event.defaultBranch}`) return 'deploy';
  return 'check';
}

export function runUrl(event: RunEvent): string {
  return `${event.serverUrl}/${event.owner}/${event.repo}/actions/runs/${event.runId}/attempts/${event.runAttempt}`;
}
