/**
 * Step `decide` (issue_comment only), after QA: records the accepted comment's commands in
 * genops.decisions.json, checked against this run's plan and QA (`genops review`); step `rerun`
 * then runs the layers again on them. Every command applies or none: an invalid one (unknown asset,
 * variant out of range, a check the manifest does not let anyone approve) gets a reply, and nothing
 * after this step writes anything.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { type CommandOptions, type CommandResult, plan, qa, synthesize } from '../../commands/index.js';
import { review } from '../../commands/review.js';
import { parseReviewCommands, type ReviewCommand } from '../../lockfile/decisions.js';
import { ACTION_FILES } from '../constants.js';
import { rejectedReply } from '../review.js';
import { loadSettings } from '../settings.js';
import { applySecrets, callCommand, EXIT, gitHub, skip } from './shared.js';

/** decide step output: `true` once the commands are in genops.decisions.json and the layers ran again. */
export const DecideOutputs = { Applied: 'applied' } as const;

/** What the `decide` step leaves for the lockfile commit and the reply. */
export interface ReviewOutcome {
  messages: string[];
  /** One line per command, for the commit message. */
  commands: string[];
}

export async function decideStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  const request = settings.review;
  if (!request) return skip('not a review command');
  // Planning may ask the chat model for a prompt rewrite (`optimize:`) genops.lock lacks.
  applySecrets(env);
  const recorded = await callCommand(settings, env, (o) =>
    review({ ...o, body: request.body, by: request.by, source: request.commentUrl }),
  );
  if (recorded.code !== EXIT.ok) return recorded.code;
  const { applied, errors } = recorded.result.result;
  if (errors.length) {
    // genops.decisions.json changed only on this runner: nothing after this step commits it.
    const client = gitHub(settings, env, true);
    await client.react(request.commentId, 'confused');
    await client.createComment(request.pullRequest.number, rejectedReply(request, errors));
    return skip(`not applied: ${errors.join('; ')}`);
  }
  const outcome: ReviewOutcome = {
    messages: applied,
    commands: parseReviewCommands(request.body).commands.map(commandLine),
  };
  await writeFile(path.join(settings.runDir, ACTION_FILES.review), `${JSON.stringify(outcome, null, 2)}\n`);

  core.setOutput(DecideOutputs.Applied, 'true');
  for (const m of applied) core.info(m);
  return EXIT.ok;
}

/**
 * Step `rerun`: the layers again on the recorded decisions — a reroll plans and generates new
 * candidates, a pick or approval changes QA's choice — before delivery writes genops.lock. Holds the
 * back ends' keys and not the GitHub token, as `synthesize` does.
 */
export async function rerunStep(env: NodeJS.ProcessEnv): Promise<number> {
  const settings = await loadSettings(env);
  if (!settings.review) return skip('not a review command');
  applySecrets(env);
  const layers: ((o: CommandOptions) => Promise<CommandResult<unknown>>)[] = [plan, synthesize, qa];
  for (const command of layers) {
    const again = await callCommand(settings, env, command);
    if (again.code !== EXIT.ok) return again.code;
  }
  return EXIT.ok;
}

/** `pick hero/skyline 2`, `reroll hero/skyline`, `approve hero/skyline clip.score`. */
function commandLine(c: ReviewCommand): string {
  const arg = c.kind === 'pick' ? c.variant : c.kind === 'approve' ? c.gate : undefined;
  return [c.kind, c.asset, arg].filter((x) => x !== undefined).join(' ');
}
