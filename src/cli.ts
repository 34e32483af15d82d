import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, formatProblem, InputError, UsageError } from './core/errors.js';
import { type Logger, streamLogger } from './core/log.js';
import { redact } from './core/secrets.js';
import { annotateProblems, formatAnnotation } from './github/annotations.js';
import { createContext, type LayerContext } from './layers/context.js';
import { type DeliverOptions, deliverLayer } from './layers/deliver.js';
import { planLayer } from './layers/plan.js';
import { qaLayer } from './layers/qa.js';
import { reportLayer } from './layers/report.js';
import { synthesizeLayer } from './layers/synthesize.js';

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
  -q, --quiet           only warnings and errors on stderr
  -h, --help            this help

Exit status: 0 all gates passed, 1 a gate failed, 2 bad input or usage, 130 interrupted.
`;

type Command = 'plan' | 'synthesize' | 'qa' | 'deliver' | 'report' | 'run' | 'history';
const COMMANDS: Command[] = ['plan', 'synthesize', 'qa', 'deliver', 'report', 'run', 'history'];

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
  const onRunner = io.env.GITHUB_ACTIONS === 'true';
  const log = streamLogger(io.stderr, {
    tty: !!io.stderr.isTTY && !io.env.CI,
    quiet: args.values.quiet,
    // On a GitHub runner warnings become annotations (workflow commands on stdout).
    onWarning: onRunner
      ? (message) => io.stdout.write(formatAnnotation({ level: 'warning', message }))
      : undefined,
  });
  try {
    const command = args.positionals[0] as string;
    if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command}"`);
    const ctx = createContext({
      manifestPath: args.values.manifest,
      runDir: args.values.out,
      stateDir: args.values.state,
      lockfilePath: args.values.lockfile,
      env: io.env,
      log,
      signal: io.signal,
    });
    const { result, gateFailed } = await execute(command as Command, ctx, log, args);
    if (args.values.json) io.stdout.write(`${redact(JSON.stringify(result, null, 2))}\n`);
    if (ctx.signal.aborted) return EXIT.interrupted;
    return gateFailed ? EXIT.gateFailed : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      annotateProblems(error.problems, io.env, io.stdout);
      for (const p of error.problems) log.error(redact(formatProblem(p)));
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
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Args = ReturnType<typeof parse>;

function deliverOptions(args: Args): DeliverOptions {
  const { stage, locked, ref } = args.values;
  if (stage && locked) throw new UsageError('--stage and --locked exclude each other');
  if (ref && !locked) throw new UsageError('--ref needs --locked (it publishes an older lockfile)');
  return { mode: locked ? 'locked' : stage ? 'stage' : 'publish', ref };
}

async function execute(
  command: Command,
  ctx: LayerContext,
  log: Logger,
  args: Args,
): Promise<{ result: unknown; gateFailed: boolean }> {
  switch (command) {
    case 'plan':
      return { result: await log.group('plan', () => planLayer(ctx)), gateFailed: false };
    case 'synthesize': {
      const synthesis = await log.group('synthesize', () => synthesizeLayer(ctx));
      return { result: synthesis, gateFailed: synthesis.counts.failed > 0 };
    }
    case 'qa': {
      const qa = await log.group('qa', () => qaLayer(ctx));
      await reportLayer(ctx);
      return { result: qa, gateFailed: qa.counts.failed > 0 };
    }
    case 'deliver': {
      const options = deliverOptions(args);
      if (options.mode === 'locked' && args.values['allow-generate'] && !options.ref) {
        // Deploy what the lockfile names; where it is stale, generate and gate as a full run would.
        await planLayer(ctx);
        try {
          const delivery = await log.group('deliver', () => deliverLayer(ctx, options));
          return { result: delivery, gateFailed: delivery.failed.length > 0 };
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          log.warn(`lockfile is stale; generating as allowed by --allow-generate:\n${error.message}`);
          return runAll(ctx, log, { mode: 'publish' });
        }
      }
      const delivery = await log.group('deliver', () => deliverLayer(ctx, options));
      await reportLayer(ctx);
      return { result: delivery, gateFailed: delivery.failed.length > 0 };
    }
    case 'history': {
      const id = args.positionals[1];
      if (!id) throw new UsageError('history needs an asset id: genops history hero/city');
      const { lockfileHistory } = await import('./lockfile/history.js');
      const lockfile = path.resolve(ctx.lockfilePath);
      const entries = await lockfileHistory(path.dirname(lockfile), lockfile, id);
      for (const e of entries) {
        const url = e.urls[0] ?? '';
        const score = e.scores.aesthetic !== undefined ? ` score ${e.scores.aesthetic}` : '';
        log.info(
          `${e.commit.slice(0, 10)} ${e.date} ${e.author} ${e.change} ${e.blob?.slice(0, 12) ?? '-'}${score} ${url}`,
        );
      }
      if (!entries.length) log.info(`no history for "${id}" in ${ctx.lockfilePath}`);
      return { result: entries, gateFailed: false };
    }
    case 'report': {
      const report = await reportLayer(ctx);
      return { result: report, gateFailed: report.gate === 'fail' };
    }
    case 'run': {
      const options = deliverOptions(args);
      if (options.mode === 'locked')
        throw new UsageError('run generates; use `deliver --locked` to deploy a lockfile');
      return runAll(ctx, log, options);
    }
  }
}

/** All four layers and the report: `genops run`, and a stale deploy that may generate. */
async function runAll(
  ctx: LayerContext,
  log: Logger,
  options: DeliverOptions,
): Promise<{ result: unknown; gateFailed: boolean }> {
  await log.group('plan', () => planLayer(ctx));
  await log.group('synthesize', () => synthesizeLayer(ctx));
  if (ctx.signal.aborted) return { result: await reportLayer(ctx), gateFailed: true };
  await log.group('qa', () => qaLayer(ctx));
  await log.group('deliver', () => deliverLayer(ctx, options));
  const report = await reportLayer(ctx);
  log.info(`report: ${ctx.runDir}/report.md — gate ${report.gate}`);
  return { result: report, gateFailed: report.gate !== 'pass' };
}
