/**
 * Reviewers' decisions from the CLI (`genops pick|reroll|approve`) or from a whole PR comment
 * (`genops review --comment FILE`): each command is checked against the current plan (and its QA,
 * when qa.json of this plan is in the run folder) and recorded in genops.decisions.json beside the
 * lockfile. The next run applies them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../core/errors.js';
import type { QaReport } from '../core/model.js';
import { createContext, type LayerContext } from '../layers/context.js';
import { planLayer } from '../layers/plan.js';
import { readRunFile } from '../layers/run-folder.js';
import {
  applyReviewCommand,
  type Decisions,
  decisionsPath,
  parseReviewCommands,
  type ReviewCommand,
  readDecisions,
  serializeDecisions,
  writeDecisions,
} from '../lockfile/decisions.js';
import { git } from '../lockfile/git.js';
import type { CommandOptions, CommandResult } from './index.js';

export interface ReviewOptions extends CommandOptions {
  /** The commands to apply, in order (the CLI's pick/reroll/approve). */
  commands?: ReviewCommand[];
  /** Or a comment body whose `/genops …` lines are the commands. */
  body?: string;
  /** Who decides: a GitHub login or a name; default `git config user.name`, else $USER. */
  by?: string;
  /** Where the decision came from (the PR comment's URL). */
  source?: string;
  /** ISO time of the decision; default now. */
  at?: string;
}

export interface ReviewResult {
  /** The decision file written (or that would have been). */
  file: string;
  /** Who the decisions are recorded for. */
  by: string;
  /** One line per applied command, for the reply. */
  applied: string[];
  /** One line per refused or malformed command: what is wrong and what to do. */
  errors: string[];
  /** The file's content changed and was written. */
  changed: boolean;
  decisions: Decisions;
}

/** A review's outcome; `badInput` when any command was refused (the CLI exits 2). */
export type ReviewCommandResult = CommandResult<ReviewResult> & { badInput: boolean };

/**
 * Plans (so reroll offsets and the manifest as it is now are what decisions are checked against),
 * applies the commands, and writes the decision file when anything changed. Refused commands
 * change nothing and are listed in `errors`; the others are still recorded.
 */
export async function review(options: ReviewOptions): Promise<ReviewCommandResult> {
  const ctx = createContext(options);
  const result = await recordDecisions(ctx, options);
  for (const line of result.errors) ctx.log.warn(line);
  return {
    result,
    gateFailed: false,
    interrupted: ctx.signal.aborted,
    incomplete: false,
    badInput: result.errors.length > 0,
  };
}

async function recordDecisions(ctx: LayerContext, options: ReviewOptions): Promise<ReviewResult> {
  const parsed =
    options.body !== undefined ? parseReviewCommands(options.body) : { commands: [], errors: [] };
  const commands = [...(options.commands ?? []), ...parsed.commands];
  const errors = [...parsed.errors];
  const file = decisionsPath(ctx.lockfilePath);
  const by = options.by?.trim() || (await defaultReviewer(ctx));
  const before = await readDecisions(file);
  if (!commands.length && !errors.length) errors.push('no `/genops …` command found');
  let decisions = before;
  const applied: string[] = [];
  if (commands.length) {
    const plan = await ctx.log.group('plan', () => planLayer(ctx));
    const qa = await currentQa(
      ctx,
      plan.manifestHash,
      plan.jobs.map((j) => j.key),
    );
    const context = { assets: plan.assets, jobs: plan.jobs, qa, by, at: options.at, source: options.source };
    for (const command of commands) {
      const outcome = applyReviewCommand(decisions, command, context);
      if (outcome.ok) {
        decisions = outcome.decisions;
        applied.push(outcome.message);
      } else errors.push(outcome.error);
    }
  }
  const changed = serializeDecisions(decisions) !== serializeDecisions(before);
  if (changed) await writeDecisions(file, decisions);
  for (const line of applied) ctx.log.info(line);
  if (changed) ctx.log.info(`recorded in ${file}; commit it with the manifest`);
  return { file, by, applied, errors, changed, decisions };
}

/**
 * One CLI decision: refused input is an InputError at the manifest (exit 2) naming the fix; the
 * decision file is left as it was.
 */
export async function decide(
  options: ReviewOptions & { commands: [ReviewCommand] },
): Promise<ReviewCommandResult> {
  const ctx = createContext(options);
  const result = await recordDecisions(ctx, options);
  if (result.errors.length) {
    throw new InputError(result.errors.map((message) => ({ file: ctx.manifestPath, message })));
  }
  return { result, gateFailed: false, interrupted: ctx.signal.aborted, incomplete: false, badInput: false };
}

/** `review --comment FILE`: the comment body from a file (`-` for stdin is the caller's business). */
export async function readCommentFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the comment file ${file}: ${(error as Error).message}`);
  }
}

/** qa.json of this very plan, when the run folder has it: it tells which gates failed. */
async function currentQa(
  ctx: LayerContext,
  manifestHash: string,
  keys: string[],
): Promise<QaReport | undefined> {
  try {
    const qa = await readRunFile(ctx.runDir, 'qa');
    if (qa.manifestHash !== manifestHash || !keys.every((key) => key in qa.jobs)) return undefined;
    return qa;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** `git config user.name` in the manifest's folder, else $USER, else `unknown`. */
async function defaultReviewer(ctx: LayerContext): Promise<string> {
  try {
    const name = (await git(path.dirname(path.resolve(ctx.manifestPath)), ['config', 'user.name']))
      .toString()
      .trim();
    if (name) return name;
  } catch {
    // Not a repository, or no name configured: fall back to the login name.
  }
  return ctx.env.USER?.trim() || ctx.env.USERNAME?.trim() || 'unknown';
}

/** Parses the CLI's `pick ASSET N`, `reroll ASSET`, `approve ASSET [CHECK]` positionals. */
export function cliReviewCommand(verb: 'pick' | 'reroll' | 'approve', args: string[]): ReviewCommand {
  const [asset, arg, ...extra] = args;
  const usage = {
    pick: 'genops pick ASSET N',
    reroll: 'genops reroll ASSET',
    approve: 'genops approve ASSET [CHECK]',
  }[verb];
  if (!asset) throw new UsageError(`${verb} needs an asset id: ${usage}`);
  if (extra.length || (verb === 'reroll' && arg !== undefined))
    throw new UsageError(`too many arguments: ${usage}`);
  if (verb === 'reroll') return { kind: 'reroll', asset };
  if (verb === 'approve') return arg ? { kind: 'approve', asset, gate: arg } : { kind: 'approve', asset };
  if (arg === undefined || !/^[1-9][0-9]*$/.test(arg)) {
    throw new UsageError(`pick needs a variant number counted from 1 (as the gallery shows): ${usage}`);
  }
  return { kind: 'pick', asset, variant: Number(arg) };
}
