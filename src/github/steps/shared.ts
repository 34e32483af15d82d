/** What every step shares: exit statuses, run-folder reads, the GitHub client, and how a step calls a command. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { CommandOptions, CommandResult } from '../../commands/index.js';
import { errorMessage, InputError, type InputProblem, UsageError } from '../../core/errors.js';
import { rememberSecret } from '../../core/secrets.js';
import { commandLogger, reportProblems } from '../../report/annotations.js';
import { GitHubClient } from '../client.js';
import { Inputs, inputEnv, SECRET_INPUTS } from '../constants.js';
import type { RunEvent } from '../event.js';
import type { ActionSettings } from '../settings.js';

/** Exit statuses of a step, as the CLI's: 0 ok, 2 bad input (fails the step). Gates fail only in `gate`. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export type Step = (env: NodeJS.ProcessEnv) => Promise<number>;

const io = (env: NodeJS.ProcessEnv) => ({ env, stdout: process.stdout, stderr: process.stderr });

/** Where this run's command works: the action's folders, the job's environment, the step's log. */
export function commandOptions(s: ActionSettings, env: NodeJS.ProcessEnv): CommandOptions {
  return {
    manifestPath: shown(s.manifest, s),
    runDir: s.runDir,
    stateDir: s.stateDir,
    lockfilePath: shown(s.lockfile, s),
    env,
    log: commandLogger(io(env)),
  };
}

export type CommandOutcome<T> =
  | { code: typeof EXIT.ok; result: CommandResult<T> }
  | { code: typeof EXIT.badInput; problems: InputProblem[] }
  | { code: typeof EXIT.failed };

/**
 * A command on this run's folders, failing as the CLI does: bad input is told on the log and as
 * annotations (2); any other error is logged (1) and left to the `gate` step, which fails the job
 * after the report and the comment had their say.
 */
export async function callCommand<T>(
  s: ActionSettings,
  env: NodeJS.ProcessEnv,
  command: (options: CommandOptions) => Promise<CommandResult<T>>,
): Promise<CommandOutcome<T>> {
  const options = commandOptions(s, env);
  try {
    return { code: EXIT.ok, result: await command(options) };
  } catch (error) {
    if (error instanceof InputError) {
      reportProblems(error.problems, io(env), options.log);
      return { code: EXIT.badInput, problems: error.problems };
    }
    options.log.error(errorMessage(error));
    return { code: EXIT.failed };
  }
}

/**
 * The manifest and lockfile as the user names them (`art/genops.yaml`): in every message, report
 * and comment. Relative only when the step runs in the workspace, which run steps of a composite do.
 */
export function shown(file: string, s: ActionSettings): string {
  const rel = path.relative(s.event.workspace, file);
  return process.cwd() === path.resolve(s.event.workspace) && !rel.startsWith('..') ? rel : file;
}

/** Secret inputs to the variables back ends read; empty inputs leave the job's own env alone. */
export function applySecrets(env: NodeJS.ProcessEnv): void {
  for (const [input, target] of Object.entries(SECRET_INPUTS)) {
    const value = env[inputEnv(input)];
    delete env[inputEnv(input)];
    if (!value) continue;
    if (input !== Inputs.AwsRegion) {
      core.setSecret(value);
      rememberSecret(value);
    }
    env[target] = value;
  }
}

export function gitHub(s: ActionSettings, env: NodeJS.ProcessEnv, required: true): GitHubClient;
export function gitHub(s: ActionSettings, env: NodeJS.ProcessEnv, required: false): GitHubClient | undefined;
export function gitHub(
  s: ActionSettings,
  env: NodeJS.ProcessEnv,
  required: boolean,
): GitHubClient | undefined {
  if (!env[inputEnv(Inputs.GithubToken)]) {
    if (required) throw new UsageError(`input ${Inputs.GithubToken} is empty`);
    return undefined;
  }
  return gitHubFor(s.event, env);
}

/** The client for this event's repository, before any settings exist (the `review` step). */
export function gitHubFor(event: RunEvent, env: NodeJS.ProcessEnv): GitHubClient {
  const token = env[inputEnv(Inputs.GithubToken)];
  if (!token) throw new UsageError(`input ${Inputs.GithubToken} is empty`);
  core.setSecret(token);
  return new GitHubClient(token, event.owner, event.repo, event.apiUrl, { log: (m) => core.info(m) });
}

export function skip(reason: string): number {
  core.info(`skipped: ${reason}`);
  return EXIT.ok;
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

export async function readOptional<T>(file: string): Promise<T | undefined> {
  try {
    return await readJson<T>(file);
  } catch {
    return undefined;
  }
}
