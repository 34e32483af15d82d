import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMAND_HELP, COMMAND_NAMES, type CommandName, HELP } from './commands/help.js';
import type { CommandOptions, CommandResult } from './commands/index.js';
import { init } from './commands/init.js';
import { IMAGE_COMMANDS, relaunch, wantsRelaunch } from './commands/relaunch.js';
import { unchangedSinceLastRun } from './commands/rerun.js';
import { errorMessage, InputError, type InputProblem, UsageError } from './core/errors.js';
import type { DeliverMode } from './core/model.js';
import { redact } from './core/secrets.js';
import type { HistoryEntry } from './lockfile/history.js';
import { commandLogger, reportProblems } from './report/annotations.js';

export const EXIT = { ok: 0, gateFailed: 1, badInput: 2, incomplete: 3, interrupted: 130 } as const;

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
  /**
   * Set by the process wiring when image work should run in a process with the allocator set up
   * for it (relaunch.ts): replaces this process with one that runs this command line; returns only
   * if it could not, and the command then runs here.
   */
  relaunch?: () => void;
}

/**
 * The package's version, from the package.json beside lib/ (or src/) — for the action's bundle, the
 * repository's, beside dist/. Through require: ncc rewrites a `new URL(…, import.meta.url)` read
 * into a stub module.
 */
export function version(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return 'unknown (no package.json beside this build)';
  }
}

/**
 * The CLI wired to this process (stdio, exit status, Ctrl-C): the `genops` executable, and the
 * action's `node dist/index.js cli …` (the same CLI, bundled in the action's dist/).
 */
export async function runAsProcess(argv: string[]): Promise<void> {
  // The AWS SDK warns once per process on Node 20 (its support ends in 2027): noise in every CI log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const interrupt = interruptSignal();
  process.exitCode = await main({
    argv,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt,
    relaunch: wantsRelaunch(process.env) ? () => relaunch(process.env) : undefined,
  });
}

/** Ctrl-C / SIGTERM: the first asks layers to stop and save; a second one exits at once. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = (name: string) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write(`\n${name}: finishing in-flight writes; press again to quit at once\n`);
    controller.abort();
  };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const name of signals) process.on(name, abort);
  return controller.signal;
}

/**
 * The whole CLI as a function, so tests run it in-process; returns the exit status. Results go to
 * stdout, progress and logs to stderr.
 */
export async function main(io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = parse(io.argv);
  } catch (error) {
    // Which command was meant, for the help that follows: the first word that names one.
    const meant = io.argv.find((a): a is CommandName => COMMAND_NAMES.includes(a as CommandName));
    return usageFailure(io, io.argv.includes('--json'), errorMessage(error), meant);
  }
  const command = args.positionals[0];
  if (args.values.version) {
    io.stdout.write(
      args.values.json ? `${JSON.stringify({ version: version() })}\n` : `genops ${version()}\n`,
    );
    return EXIT.ok;
  }
  if (args.values.help || command === 'help') {
    const topic = (command === 'help' ? args.positionals[1] : command) as CommandName | undefined;
    io.stdout.write(topic && topic in COMMAND_HELP ? `${COMMAND_HELP[topic]}\n` : HELP);
    return EXIT.ok;
  }
  if (!command) {
    io.stderr.write(HELP);
    return EXIT.badInput;
  }
  const log = commandLogger(io, { quiet: args.values.quiet });
  const json = args.values.json ?? false;
  try {
    if (!COMMAND_NAMES.includes(command as CommandName)) {
      throw new UsageError(`unknown command "${command}" — the commands are ${COMMAND_NAMES.join(', ')}`);
    }
    const where: CommandOptions = {
      manifestPath: args.values.manifest,
      runDir: args.values.out,
      stateDir: args.values.state,
      lockfilePath: args.values.lockfile,
      env: io.env,
      log,
      signal: io.signal,
      retryRefused: args.values['retry-refused'],
    };
    const outcome = await execute(command as CommandName, where, args, io);
    if (json) io.stdout.write(`${redact(JSON.stringify(outcome.result, null, 2))}\n`);
    if (outcome.interrupted) return EXIT.interrupted;
    if (outcome.incomplete) return EXIT.incomplete;
    if ((outcome as { badInput?: boolean }).badInput) return EXIT.badInput;
    return outcome.gateFailed ? EXIT.gateFailed : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      reportProblems(error.problems, io, log);
      if (json) printError(io, inputErrorJson(error.problems));
      return EXIT.badInput;
    }
    if (error instanceof UsageError) return usageFailure(io, json, error.message, command as CommandName);
    log.error(errorMessage(error));
    if (json) printError(io, { kind: 'internal', message: errorMessage(error) });
    return EXIT.incomplete;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      manifest: { type: 'string', short: 'm' },
      out: { type: 'string', short: 'o' },
      state: { type: 'string' },
      lockfile: { type: 'string' },
      json: { type: 'boolean' },
      stage: { type: 'boolean' },
      locked: { type: 'boolean' },
      ref: { type: 'string' },
      'allow-generate': { type: 'boolean' },
      prompt: { type: 'string' },
      count: { type: 'string' },
      generator: { type: 'string' },
      size: { type: 'string' },
      html: { type: 'boolean' },
      'retry-refused': { type: 'boolean' },
      shards: { type: 'string' },
      shard: { type: 'string' },
      by: { type: 'string' },
      source: { type: 'string' },
      comment: { type: 'string' },
      export: { type: 'string' },
      sharded: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}

type Args = ReturnType<typeof parse>;

/** Usage errors: one line saying what is wrong, then where to look; exit 2. */
function usageFailure(io: CliIo, json: boolean, message: string, command?: CommandName): number {
  const fix = command ? `genops ${command} --help` : 'genops --help';
  if (json) printError(io, { kind: 'usage', message, fix });
  io.stderr.write(`error: ${message}\n(${fix} lists the options)\n`);
  return EXIT.badInput;
}

/** `{"error": {...}}` on stdout: the first problem's place at the top, every problem in `problems`. */
function inputErrorJson(problems: InputProblem[]): Record<string, unknown> {
  const [first] = problems;
  return {
    kind: 'input',
    file: first?.file,
    line: first?.line,
    column: first?.column,
    path: first?.path,
    message: first?.message,
    fix: first?.hint,
    problems: problems.map(({ hint, ...p }) => ({ ...p, fix: hint })),
  };
}

function printError(io: CliIo, error: Record<string, unknown>): void {
  io.stdout.write(`${redact(JSON.stringify({ error }, null, 2))}\n`);
}

/** The deliver mode the flags ask for. */
function deliverMode(args: Args): DeliverMode {
  const { stage, locked, ref } = args.values;
  if (stage && locked) throw new UsageError('--stage and --locked exclude each other');
  if (ref && !locked) throw new UsageError('--ref needs --locked (it publishes an older lockfile)');
  return locked ? 'locked' : stage ? 'stage' : 'publish';
}

const PROMPT_FLAGS = ['count', 'generator', 'size'] as const;

/** argv → the command's typed options → the command. */
async function execute(
  command: CommandName,
  where: CommandOptions,
  args: Args,
  io: CliIo,
): Promise<CommandResult<unknown>> {
  const promptOnly = PROMPT_FLAGS.find((f) => args.values[f] !== undefined);
  if ((command !== 'run' || args.values.prompt === undefined) && promptOnly) {
    throw new UsageError(`--${promptOnly} goes with run --prompt`);
  }
  if (command === 'run') return runCommand(where, args, io);
  if (IMAGE_COMMANDS.has(command)) io.relaunch?.();
  // Loaded here, not at start-up: a rerun where nothing changed stops before them (runCommand).
  const {
    deliver,
    galleryFile,
    history,
    merge,
    parseShard,
    parseShardCount,
    plan,
    qa,
    report,
    shardMatrix,
    synthesize,
    verify,
  } = await import('./commands/index.js');
  switch (command) {
    case 'init': {
      const dir = path.resolve(args.positionals[1] ?? '.');
      const result = await init(dir, { sharded: args.values.sharded });
      for (const file of result.written) where.log.info(`wrote ${file}`);
      for (const file of result.kept) where.log.info(`kept ${file} (exists; not overwritten)`);
      return { result, gateFailed: false, interrupted: false, incomplete: false };
    }
    case 'plan': {
      if (!args.values.shards) return plan(where);
      const shards = parseShardCount(args.values.shards);
      const planned = await plan({ ...where, shards });
      // --json prints the matrix the synthesis jobs run over; plan.json records the assignment.
      return { ...planned, result: shardMatrix(shards) };
    }
    case 'synthesize':
      return synthesize({
        ...where,
        ...(args.values.shard ? { shard: parseShard(args.values.shard) } : {}),
        ...(args.values.export ? { exportDir: path.resolve(args.values.export) } : {}),
      });
    case 'merge':
      return merge({ ...where, sources: args.positionals.slice(1) });
    case 'qa':
      return qa(where);
    case 'report': {
      const made = await report(where);
      if (args.values.html) where.log.info(`gallery: ${pathToFileURL(galleryFile(where)).href}`);
      return made;
    }
    case 'deliver':
      return deliver({
        ...where,
        mode: deliverMode(args),
        ref: args.values.ref,
        allowGenerate: args.values['allow-generate'],
      });
    case 'verify':
      return verify(where);
    case 'history': {
      const assetId = args.positionals[1];
      if (!assetId) throw new UsageError('history needs an asset id: genops history hero/city');
      const entries = await history({ ...where, assetId });
      if (!args.values.json) printHistory(entries.result, io.stdout);
      return entries;
    }
    case 'pick':
    case 'reroll':
    case 'approve':
    case 'review':
      return reviewCommand(command, where, args);
  }
}

/** A reviewer's decision from the command line, or every `/genops` line of a comment body. */
async function reviewCommand(
  command: 'pick' | 'reroll' | 'approve' | 'review',
  where: CommandOptions,
  args: Args,
): Promise<CommandResult<unknown>> {
  const { cliReviewCommand, decide, readCommentFile, review } = await import('./commands/review.js');
  const { by, source } = args.values;
  if (command !== 'review') {
    const decision = cliReviewCommand(command, args.positionals.slice(1));
    return decide({ ...where, commands: [decision], by, source });
  }
  if (!args.values.comment) throw new UsageError('review needs --comment FILE: the comment body');
  const body = await readCommentFile(args.values.comment);
  return review({ ...where, body, by, source });
}

async function runCommand(where: CommandOptions, args: Args, io: CliIo): Promise<CommandResult<unknown>> {
  const mode = deliverMode(args);
  if (mode === 'locked') throw new UsageError('run generates; use `deliver --locked` to deploy a lockfile');
  const { prompt, count, generator, size } = args.values;
  if (prompt === undefined) {
    const unchanged = await unchangedSinceLastRun({ ...where, mode }, { report: args.values.json === true });
    if (unchanged) return unchanged;
    io.relaunch?.();
    const { run } = await import('./commands/index.js');
    return run({ ...where, mode });
  }
  if (where.manifestPath !== undefined) {
    throw new UsageError('--prompt and --manifest exclude each other: use one of them');
  }
  io.relaunch?.();
  // Loaded only for --prompt: it brings the YAML writer, which other commands never need.
  const { runFromPrompt } = await import('./commands/prompt.js');
  return runFromPrompt({ ...where, mode }, { prompt, count, generator, size });
}

/** One line per version on stdout, so the table can be piped. */
function printHistory(entries: HistoryEntry[], out: NodeJS.WritableStream): void {
  for (const e of entries) {
    const url = e.urls[0] ?? '';
    const score = e.scores.aesthetic !== undefined ? ` score ${e.scores.aesthetic}` : '';
    out.write(
      `${e.commit.slice(0, 10)} ${e.date} ${e.author} ${e.change} ${e.blob?.slice(0, 12) ?? '-'}${score} ${url}\n`,
    );
  }
}
