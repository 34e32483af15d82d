import { parseArgs } from 'node:util';
import {
  type CommandOptions,
  type CommandResult,
  deliver,
  history,
  merge,
  parseShard,
  parseShardCount,
  plan,
  qa,
  report,
  run,
  shardMatrix,
  synthesize,
} from './commands/index.js';
import { errorMessage, InputError, UsageError } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { DeliverMode } from './core/model.js';
import { redact } from './core/secrets.js';
import type { HistoryEntry } from './lockfile/history.js';
import { commandLogger, reportProblems } from './report/annotations.js';

export const EXIT = { ok: 0, gateFailed: 1, badInput: 2, interrupted: 130 } as const;

const HELP = `genops — generated images as code

Usage: genops <command> [options]

Commands (each reads and writes the run folder, so each can be its own CI step):
  plan         manifest → plan.json (prompts, seeds, job keys)
  synthesize   plan.json → synthesis.json (cached jobs skip the back end)
  qa           synthesis.json → qa.json (technical checks, scores, best-of-N)
  deliver      qa.json → files with provenance, assets.json, genops.lock
  report       report.json and report.md from the run folder
  run          all of the above
  history ID   an asset's versions from the lockfile's git history
  merge SRC…   merge shard state folders into --state DIR (blobs verified, job records united)

deliver modes:
  (default)        derive, store, upload to the targets, write assets.json and genops.lock
  --stage          derive and store, write genops.lock with the final URLs, upload nothing (pull requests)
  --locked         upload exactly what genops.lock names, from the store, generating nothing (merge);
                   fails (exit 2) when the lockfile is stale, unless --allow-generate
  --locked --ref R publish the lockfile as it was at git commit R (rollback)

Options:
  -m, --manifest PATH   manifest file (default: genops.yaml)
  -o, --out DIR         run folder (default: <manifest dir>/.genops/run)
      --state DIR       blob store and caches (default: <manifest dir>/.genops)
      --lockfile PATH   lockfile (default: <manifest dir>/genops.lock)
      --json            print the result as JSON on stdout
      --stage, --locked, --ref R, --allow-generate   see deliver modes
      --retry-refused   send prompts a provider refused on an earlier run again (skipped otherwise)
      --shards N        plan: split the jobs over N synthesis runs (--json prints the GitHub matrix)
      --shard I/N       synthesize: only shard I's jobs (use its own --state folder, then merge)
  -q, --quiet           only warnings and errors on stderr
  -h, --help            this help

Exit status: 0 all gates passed, 1 a gate failed, 2 bad input or usage, 130 interrupted.
`;

type Command = 'plan' | 'synthesize' | 'qa' | 'deliver' | 'report' | 'run' | 'history' | 'merge';
const COMMANDS: Command[] = ['plan', 'synthesize', 'qa', 'deliver', 'report', 'run', 'history', 'merge'];

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
}

/** The whole CLI as a function, so tests run it in-process; returns the exit status. */
export async function main(io: CliIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(io.argv);
  } catch (error) {
    io.stderr.write(`error: ${errorMessage(error)}\n\n${HELP}`);
    return EXIT.badInput;
  }
  if (args.values.help || args.positionals.length === 0) {
    io.stdout.write(HELP);
    return args.values.help ? EXIT.ok : EXIT.badInput;
  }
  const log = commandLogger(io, { quiet: args.values.quiet });
  try {
    const command = args.positionals[0] as string;
    if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command}"`);
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
    const { result, gateFailed, interrupted } = await execute(command as Command, where, args);
    if (args.values.json) io.stdout.write(`${redact(JSON.stringify(result, null, 2))}\n`);
    if (interrupted) return EXIT.interrupted;
    return gateFailed ? EXIT.gateFailed : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      reportProblems(error.problems, io, log);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n\n${HELP}`);
      return EXIT.badInput;
    }
    log.error(errorMessage(error));
    return EXIT.gateFailed;
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
      'retry-refused': { type: 'boolean' },
      shards: { type: 'string' },
      shard: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Args = ReturnType<typeof parse>;

/** The deliver mode the flags ask for. */
function deliverMode(args: Args): DeliverMode {
  const { stage, locked, ref } = args.values;
  if (stage && locked) throw new UsageError('--stage and --locked exclude each other');
  if (ref && !locked) throw new UsageError('--ref needs --locked (it publishes an older lockfile)');
  return locked ? 'locked' : stage ? 'stage' : 'publish';
}

/** argv → the command's typed options → the command. */
async function execute(command: Command, where: CommandOptions, args: Args): Promise<CommandResult<unknown>> {
  switch (command) {
    case 'plan': {
      if (!args.values.shards) return plan(where);
      const shards = parseShardCount(args.values.shards);
      const planned = await plan({ ...where, shards });
      // --json prints the matrix the synthesis jobs run over; plan.json records the assignment.
      return { ...planned, result: shardMatrix(shards) };
    }
    case 'synthesize':
      return synthesize(args.values.shard ? { ...where, shard: parseShard(args.values.shard) } : where);
    case 'merge':
      return merge({ ...where, sources: args.positionals.slice(1) });
    case 'qa':
      return qa(where);
    case 'report':
      return report(where);
    case 'deliver':
      return deliver({
        ...where,
        mode: deliverMode(args),
        ref: args.values.ref,
        allowGenerate: args.values['allow-generate'],
      });
    case 'run': {
      const mode = deliverMode(args);
      if (mode === 'locked')
        throw new UsageError('run generates; use `deliver --locked` to deploy a lockfile');
      return run({ ...where, mode });
    }
    case 'history': {
      const assetId = args.positionals[1];
      if (!assetId) throw new UsageError('history needs an asset id: genops history hero/city');
      const entries = await history({ ...where, assetId });
      printHistory(entries.result, where.log);
      return entries;
    }
  }
}

function printHistory(entries: HistoryEntry[], log: Logger): void {
  for (const e of entries) {
    const url = e.urls[0] ?? '';
    const score = e.scores.aesthetic !== undefined ? ` score ${e.scores.aesthetic}` : '';
    log.info(
      `${e.commit.slice(0, 10)} ${e.date} ${e.author} ${e.change} ${e.blob?.slice(0, 12) ?? '-'}${score} ${url}`,
    );
  }
}
