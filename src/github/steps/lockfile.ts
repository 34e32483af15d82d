/** Step `lockfile`: commits the updated genops.lock to the pull request's branch when the gate passed. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { ReportData } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import { decisionsPath } from '../../lockfile/decisions.js';
import { workspacePath } from '../../report/annotations.js';
import { ACTION_FILES, Inputs, Outputs } from '../constants.js';
import { commitFiles, commitLockfile, type LockfileCommitResult } from '../lockfile-commit.js';
import type { ReviewRequest } from '../review.js';
import { type ActionSettings, loadSettings } from '../settings.js';
import type { ReviewOutcome } from './decide.js';
import { EXIT, gitHub, readOptional, skip } from './shared.js';

export async function lockfileStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const pr = settings.event.pullRequest;
  // A review decision is never dropped silently: with `false` it comes back as a patch.
  if (settings.commitLockfile === 'never' && !settings.review)
    return skip(`${Inputs.CommitLockfile} is false`);
  if (!pr) return skip('not a pull request');
  if (pr.fork) return skip('fork pull request: the token cannot push to the fork');
  const report = await readOptional<ReportData>(path.join(settings.runDir, RUN_FILES.reportJson));
  const record = (result: LockfileCommitResult) =>
    writeFile(path.join(settings.runDir, ACTION_FILES.lockfileCommit), `${JSON.stringify(result)}\n`);
  // A decision is recorded even when the gate still fails: the next command (an approval) builds on it.
  if (report?.gate !== 'pass' && !settings.review) {
    await record({ action: 'skipped', reason: 'the gate did not pass' });
    return skip('the gate did not pass: genops.lock is not committed');
  }
  const result = settings.review
    ? await commitReview(settings, env)
    : await commitLockfile(gitHub(settings, env, true), {
        localFile: settings.lockfile,
        repoPath: workspacePath(settings.lockfile, env),
        branch: pr.headRef,
        message: settings.commitMessage,
        holdBack: holdBackReason(settings),
      });
  if (result.action === 'committed') {
    core.setOutput(Outputs.LockfileCommit, result.commit);
    core.info(`genops.lock committed to ${pr.headRef}: ${result.commit}`);
  } else if (result.action === 'skipped') core.warning(`genops.lock not committed: ${result.reason}`);
  else if (result.action === 'stale') core.info(`genops.lock differs on ${pr.headRef}: ${result.reason}`);
  else core.info(`genops.lock on ${pr.headRef} is already current`);
  await record(result);
  return EXIT.ok;
}

/**
 * A review command's decision and the lockfile it produced, in one commit on the head this run
 * checked out, naming the reviewer and linking the comment; the same `commit-lockfile` rules.
 */
async function commitReview(settings: ActionSettings, env: NodeJS.ProcessEnv): Promise<LockfileCommitResult> {
  const review = settings.review as ReviewRequest;
  const outcome = await readOptional<ReviewOutcome>(path.join(settings.runDir, ACTION_FILES.review));
  const decisions = decisionsPath(settings.lockfile);
  return commitFiles(gitHub(settings, env, true), {
    files: [decisions, settings.lockfile].map((f) => ({ localFile: f, repoPath: workspacePath(f, env) })),
    branch: review.pullRequest.headRef,
    parent: review.pullRequest.headSha,
    message: reviewCommitMessage(review, outcome?.commands ?? []),
    holdBack: holdBackReason(settings),
  });
}

/** `genops: @ana picks hero/skyline 2` and the comment it came from. */
function reviewCommitMessage(review: ReviewRequest, commands: string[]): string {
  const what = commands.length === 1 ? (commands[0] as string) : `${commands.length} review decisions`;
  return [
    `genops: ${what} (by @${review.by})`,
    '',
    ...commands.map((c) => `- ${c}`),
    '',
    `Decided by @${review.by} in ${review.commentUrl}`,
  ].join('\n');
}

/**
 * Why this run leaves the commit to the author, if it does. A commit pushed with the default
 * GITHUB_TOKEN starts no workflow, so a repository with required checks would get a head commit whose
 * checks never report: by default the action commits only with a token that starts workflows.
 */
function holdBackReason(settings: ActionSettings): string | undefined {
  if (settings.commitLockfile === 'never') return `${Inputs.CommitLockfile} is false`;
  if (settings.commitLockfile === 'auto' && !settings.tokenStartsWorkflows) {
    return 'the default GITHUB_TOKEN cannot start the checks of its own commit';
  }
  return undefined;
}
