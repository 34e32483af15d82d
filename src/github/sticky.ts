import type { GitHubClient, IssueComment } from './client.js';
import { stickyMarker } from './comment.js';

export interface StickyResult {
  comment: IssueComment;
  action: 'created' | 'updated' | 'unchanged';
  /** Duplicates left by runs that raced (no `concurrency:`), removed. */
  removed: number;
}

/**
 * One comment per pull request and header: found by its hidden marker and edited in place, so a
 * second push updates it instead of adding another. Should two runs have raced and both created
 * one, the oldest is kept and the others are deleted.
 */
export async function upsertSticky(
  client: GitHubClient,
  issue: number,
  header: string,
  body: string,
): Promise<StickyResult> {
  const marker = stickyMarker(header);
  const mine = (await client.listComments(issue)).filter((c) => c.body.includes(marker));
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
