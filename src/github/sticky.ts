import type { GitHubClient, IssueComment } from './client.js';
import { stickyMarker } from './comment.js';

export interface StickyResult {
  comment: IssueComment;
  action: 'created' | 'updated' | 'unchanged';
  /** Duplicates left by runs that raced (no `concurrency:`), removed. */
  removed: number;
}

/**
 * One comment per pull request and header: found by its hidden marker *and* its author being the
 * token's own identity, and edited in place, so a second push updates it instead of adding another.
 * Anyone can paste the marker into a comment: such a comment is never edited or deleted. Should two
 * runs have raced and both created one, the oldest is kept and the others are deleted.
 */
export async function upsertSticky(
  client: GitHubClient,
  issue: number,
  header: string,
  body: string,
): Promise<StickyResult> {
  const marker = stickyMarker(header);
  const me = await client.viewerLogin();
  const mine = (await client.listComments(issue)).filter(
    (c) => c.body.includes(marker) && sameAccount(c.author, me),
  );
  const [first, ...duplicates] = mine;
  for (const d of duplicates) await client.deleteComment(d.id);
  if (!first) return { comment: await client.createComment(issue, body), action: 'created', removed: 0 };
  if (first.body === body) return { comment: first, action: 'unchanged', removed: duplicates.length };
  return {
    comment: await client.updateComment(first.id, body),
    action: 'updated',
    removed: duplicates.length,
  };
}

/** REST names a bot `github-actions[bot]`, GraphQL's viewer `github-actions`; logins ignore case. */
export function sameAccount(author: string, viewer: string): boolean {
  const bare = (login: string) => login.replace(/\[bot\]$/i, '').toLowerCase();
  return author !== '' && bare(author) === bare(viewer);
}
