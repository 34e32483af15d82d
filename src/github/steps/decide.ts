/**
 * Step `decide` (issue_comment only), after QA: applies the accepted comment's commands to
 * genops.decisions.json against this run's plan and QA, then runs the layers again so the pick,
 * approval or reroll takes effect before delivery writes genops.lock. Every command applies or none:
 * an invalid one (unknown asset, variant out of range, a check the manifest does not let anyone
 * approve) gets a reply, and nothing after this step writes anything.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { type CommandOptions, type CommandResult, plan, qa, synthesize } from '../../commands/index.js';
import type { Plan, QaReport } from '../../core/model.js';
import { RUN_FILES } from '../../layers/run-folder.js';
import {
  applyReviewComment,
  decisionsPath,
  parseReviewCommands,
  readDecisions,
  writeDecisions,
} from '../../lockfile/decisions.js';
import { ACTION_FILES } from '../constants.js';
import { rejectedReply } from '../review.js';
import { loadSettings } from '../settings.js';
import { applySecrets, callCommand, EXIT, gitHub, readJson, readOptional, skip } from './shared.js';

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
  const review = settings.review;
  if (!review) return skip('not a review command');
  const planned = await readJson<Plan>(path.join(settings.runDir, RUN_FILES.plan));
  const checked = await readOptional<QaReport>(path.join(settings.runDir, RUN_FILES.qa));
  const file = decisionsPath(settings.lockfile);
  const result = applyReviewComment(await readDecisions(file), review.body, {
    assets: planned.assets,
    jobs: planned.jobs,
    qa: checked,
    by: review.by,
    source: review.commentUrl,
  });
  if (result.errors.length) {
    const client = gitHub(settings, env, true);
    await client.react(review.commentId, 'confused');
    await client.createComment(review.pullRequest.number, rejectedReply(review, result.errors));
    return skip(`not applied: ${result.errors.join('; ')}`);
  }
  await writeDecisions(file, result.decisions);
  const outcome: ReviewOutcome = {
    messages: result.messages,
    commands: parseReviewCommands(review.body).commands.map((c) =>
      [c.kind, c.asset, 'variant' in c ? c.variant : 'gate' in c ? c.gate : undefined]
        .filter((x) => x !== undefined)
        .join(' '),
    ),
  };
  await writeFile(path.join(settings.runDir, ACTION_FILES.review), `${JSON.stringify(outcome, null, 2)}\n`);

  // The layers again, on the decisions: a reroll plans new jobs; a pick or approval changes QA's choice.
  applySecrets(env);
  const layers: ((o: CommandOptions) => Promise<CommandResult<unknown>>)[] = [plan, synthesize, qa];
  for (const command of layers) {
    const outcome = await callCommand(settings, env, command);
    if (outcome.code !== EXIT.ok) return outcome.code;
  }
  core.setOutput(DecideOutputs.Applied, 'true');
  for (const m of result.messages) core.info(m);
  return EXIT.ok;
}
