/**
 * Step `review`, first on an issue_comment: is this a `/genops` command on a pull request, from
 * someone with write access? Runs before anything of the pull request is checked out. A refusal, a
 * malformed command or a fork's pull request gets a reply and stops here; an accepted command gets
 * 👀 and the pull request's head, which action.yml checks out for the pipeline.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { parseReviewCommands } from '../../lockfile/decisions.js';
import { readEvent } from '../event.js';
import {
  authorize,
  closedReply,
  forkReply,
  isOwnComment,
  malformedReply,
  type ReviewRequest,
  refusalReply,
} from '../review.js';
import { EXIT, gitHubFor, skip } from './shared.js';

/** review step outputs read by action.yml. */
export const ReviewOutputs = { Proceed: 'proceed', HeadSha: 'head-sha', Request: 'request' } as const;

export async function reviewStep(env: NodeJS.ProcessEnv): Promise<number> {
  const event = readEvent(env);
  const comment = event.comment;
  if (event.name !== 'issue_comment' || !comment) return skip('not an issue_comment event');
  if (comment.action !== 'created') return skip(`comment ${comment.action}: only a new comment is a command`);
  if (!comment.onPullRequest) return skip('a comment on an issue, not on a pull request');
  const parsed = parseReviewCommands(comment.body);
  if (!parsed.commands.length && !parsed.errors.length) return skip('no /genops command in the comment');

  const client = gitHubFor(event, env);
  if (await isOwnComment(client, comment)) return skip("the action's own comment");
  const auth = await authorize(client, comment);
  if (!auth.ok) {
    await client.createComment(comment.issue, refusalReply(comment, auth.reason));
    core.notice(`refused: ${auth.reason}`);
    return EXIT.ok;
  }
  if (parsed.errors.length) {
    await client.react(comment.id, 'confused');
    await client.createComment(comment.issue, malformedReply(comment, parsed.errors));
    return skip(`malformed command: ${parsed.errors.join('; ')}`);
  }
  const pr = await client.pullHead(comment.issue);
  if (pr?.state !== 'open') {
    await client.createComment(comment.issue, closedReply(comment));
    return skip(`pull request #${comment.issue} is not open`);
  }
  const fork = pr.repo !== `${event.owner}/${event.repo}`;
  if (fork) {
    await client.createComment(comment.issue, forkReply(comment, pr.repo));
    return skip('fork pull request: instructions replied');
  }
  await client.react(comment.id, 'eyes');
  const request: ReviewRequest = {
    commentId: comment.id,
    commentUrl: comment.htmlUrl,
    body: comment.body,
    by: comment.author,
    pullRequest: {
      number: comment.issue,
      headRef: pr.ref,
      headSha: pr.sha,
      headRepo: pr.repo,
      baseRef: pr.baseRef,
    },
  };
  // Outside the workspace: the checkout that follows empties it.
  const file = path.join(env.RUNNER_TEMP || os.tmpdir(), `genops-review-${comment.id}.json`);
  await writeFile(file, `${JSON.stringify(request, null, 2)}\n`);
  core.setOutput(ReviewOutputs.Proceed, 'true');
  core.setOutput(ReviewOutputs.HeadSha, pr.sha);
  core.setOutput(ReviewOutputs.Request, file);
  core.info(
    `@${comment.author} (write access): ${parsed.commands.length} command(s) for #${comment.issue}, head ${pr.ref} at ${pr.sha}`,
  );
  return EXIT.ok;
}
