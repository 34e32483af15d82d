/**
 * Review commands from pull request comments (`/genops pick|reroll|approve`): who may give them,
 * what the action hands from the `review` step to the pipeline, and the replies a commenter reads.
 * The commands themselves are parsed and applied by src/lockfile/decisions.ts.
 */
import { escapeMarkdown, truncate } from '../report/escape.js';
import type { GitHubClient } from './client.js';
import type { CommentInfo } from './event.js';
import { sameAccount } from './sticky.js';

/** What the `review` step verified, for the steps after the checkout (a file under RUNNER_TEMP). */
export interface ReviewRequest {
  commentId: number;
  commentUrl: string;
  /** The comment as written; the `decide` step applies its commands. */
  body: string;
  /** The commenter's login: the decision's `by`. */
  by: string;
  pullRequest: { number: number; headRef: string; headSha: string; headRepo: string; baseRef: string };
}

/** Associations GitHub gives people who may hold write access; the permission API decides. */
const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
/** Base permissions (maintain counts as write) that may decide what ships. */
const WRITE_PERMISSIONS = ['admin', 'write'];

export type Authorization = { ok: true } | { ok: false; reason: string };

/**
 * Whether the commenter may decide: a person (not a bot), whose association with the repository is
 * OWNER, MEMBER or COLLABORATOR — and whom GitHub's permission API confirms with write, maintain or
 * admin, since an association says nothing of the role (a MEMBER or COLLABORATOR may only read).
 */
export async function authorize(client: GitHubClient, comment: CommentInfo): Promise<Authorization> {
  const who = `@${comment.author}`;
  if (comment.authorType === 'Bot' || /\[bot\]$/i.test(comment.author))
    return { ok: false, reason: `${who} is a bot; review commands come from people` };
  if (!TRUSTED_ASSOCIATIONS.includes(comment.association))
    return {
      ok: false,
      reason: `${who} is not a collaborator of this repository (${comment.association.toLowerCase().replace(/_/g, ' ')})`,
    };
  const permission = await client.permissionOf(comment.author);
  if (!WRITE_PERMISSIONS.includes(permission))
    return { ok: false, reason: `${who} has ${permission} access to this repository, not write` };
  return { ok: true };
}

/** This action's own comments (its replies, the sticky) are never commands, whoever the token is. */
export async function isOwnComment(client: GitHubClient, comment: CommentInfo): Promise<boolean> {
  return sameAccount(comment.author, await client.viewerLogin());
}

/**
 * A reply quotes nothing a later run could read as a command: every line of ours starts with text,
 * and the commenter's words appear only inside inline code or escaped.
 */
function mention(login: string): string {
  return `@${login.replace(/[^\w-]/g, '')}`;
}

function inlineCode(text: string): string {
  return `<code>${escapeMarkdown(truncate(text, 200))}</code>`;
}

export function refusalReply(comment: CommentInfo, reason: string): string {
  return [
    `${mention(comment.author)} GenOps did not act on [this comment](${comment.htmlUrl}): ${escapeMarkdown(reason)}.`,
    '',
    'Only people with write access to this repository may pick, reroll or approve images. Nothing changed.',
  ].join('\n');
}

export function malformedReply(comment: CommentInfo, errors: string[]): string {
  return [
    `${mention(comment.author)} GenOps could not read [this comment](${comment.htmlUrl}); nothing changed:`,
    '',
    ...errors.map((e) => `- ${escapeMarkdown(truncate(e, 400))}`),
    '',
    `Commands, one a line: ${inlineCode('/genops pick ASSET N')} (N counts from 1, as in the comment's table), ${inlineCode('/genops reroll ASSET')}, ${inlineCode('/genops approve ASSET [CHECK]')}.`,
  ].join('\n');
}

export function rejectedReply(request: ReviewRequest, errors: string[]): string {
  return [
    `${mention(request.by)} GenOps did not apply [this comment](${request.commentUrl}); nothing was committed:`,
    '',
    ...errors.map((e) => `- ${escapeMarkdown(truncate(e, 400))}`),
  ].join('\n');
}

export function closedReply(comment: CommentInfo): string {
  return `${mention(comment.author)} this pull request is closed: GenOps records decisions only on open pull requests. Nothing changed.`;
}

export function forkReply(comment: CommentInfo, headRepo: string): string {
  return [
    `${mention(comment.author)} this pull request comes from a fork (${inlineCode(headRepo || 'a deleted fork')}): GenOps cannot push to it, and does not run a fork's manifest with this repository's secrets. Nothing changed.`,
    '',
    `The author can record the decision on the branch: ${inlineCode('genops pick ASSET N')}, ${inlineCode('genops reroll ASSET')} or ${inlineCode('genops approve ASSET [CHECK]')}, then ${inlineCode('genops run')}, and push genops.decisions.json with genops.lock; the decision is reviewed with the rest of the pull request.`,
  ].join('\n');
}

/** The outcome of an applied command, once the lockfile step has had its say. */
export function appliedReply(
  request: ReviewRequest,
  messages: string[],
  outcome:
    | { action: 'committed'; commit: string; url: string }
    | { action: 'unchanged' }
    | { action: 'stale'; reason: string }
    | { action: 'skipped'; reason: string },
): string {
  const lines = [`${mention(request.by)} GenOps applied [this comment](${request.commentUrl}):`, ''];
  lines.push(...messages.map((m) => `- ${escapeMarkdown(truncate(m, 400))}`), '');
  if (outcome.action === 'committed')
    lines.push(
      `Committed genops.decisions.json and genops.lock to ${inlineCode(request.pullRequest.headRef)} in [${outcome.commit.slice(0, 7)}](${outcome.url}); the merge deploys this choice. The pull request's comment above shows it.`,
    );
  else if (outcome.action === 'unchanged')
    lines.push('genops.decisions.json and genops.lock on the branch already say this: nothing to commit.');
  else if (outcome.action === 'stale')
    lines.push(
      `Not committed: ${escapeMarkdown(outcome.reason)}. The patch of genops.decisions.json and genops.lock is in the pull request's comment above: apply it and push, or run the same ${inlineCode('genops pick|reroll|approve')} and ${inlineCode('genops run')} locally. A GitHub App token as ${inlineCode('github-token')} lets GenOps commit it.`,
    );
  else lines.push(`Not committed: ${escapeMarkdown(outcome.reason)}. Comment again to retry.`);
  return lines.join('\n');
}
