import { parseArgs } from 'node:util';
import { errorMessage, InputError, UsageError } from './core/errors.js';
import { type Logger, streamLogger } from './core/log.js';
import { redact } from './core/secrets.js';
import { annotateProblems } from './github/annotations.js';
import { createContext, type LayerContext } from './layers/context.js';
import { deliverLayer } from './layers/deliver.js';
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

Options:
  -m, --manifest PATH   manifest file (default: genops.yaml)
  -o, --out DIR         run folder (default: <manifest dir>/.genops/run)
      --state DIR       blob store and caches (default: <manifest dir>/.genops)
      --lockfile PATH   lockfile (default: <manifest dir>/genops.lock)
      --json            print the result as JSON on stdout
  -q, --quiet           only warnings and errors on stderr
  -h, --help            this help

Exit status: 0 all gates passed, 1 a gate failed, 2 bad input or usage, 130 interrupted.
`;

type Command = 'plan' | 'synthesize' | 'qa' | 'deliver' | 'report' | 'run';
const COMMANDS: Command[] = ['plan', 'synthesize', 'qa', 'deliver', 'report', 'run'];

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
  const log = streamLogger(io.stderr, { tty: !!io.stderr.isTTY && !io.env.CI, quiet: args.values.quiet });
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
    const { result, gateFailed } = await execute(command as Command, ctx, log);
    if (args.values.json) io.stdout.write(`${redact(JSON.stringify(result, null, 2))}\n`);
    if (ctx.signal.aborted) return EXIT.interrupted;
    return gateFailed ? EXIT.gateFailed : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      annotateProblems(error.problems, io.env, io.stdout);
      for (const p of error.problems)
        log.error(redact(`${formatLocation(p)}${p.message}${p.hint ? ` — ${p.hint}` : ''}`));
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

function formatLocation(p: InputError['problems'][number]): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.path ? `${p.path}: ` : ''}`;
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
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function execute(
  command: Command,
  ctx: LayerContext,
  log: Logger,
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
      const delivery = await log.group('deliver', () => deliverLayer(ctx));
      await reportLayer(ctx);
      return { result: delivery, gateFailed: delivery.failed.length > 0 };
    }
    case 'report': {
      const report = await reportLayer(ctx);
      return { result: report, gateFailed: report.gate === 'fail' };
    }
    case 'run': {
      await log.group('plan', () => planLayer(ctx));
      await log.group('synthesize', () => synthesizeLayer(ctx));
      if (ctx.signal.aborted) return { result: await reportLayer(ctx), gateFailed: true };
      await log.group('qa', () => qaLayer(ctx));
      await log.group('deliver', () => deliverLayer(ctx));
      const report = await reportLayer(ctx);
      log.info(`report: ${ctx.runDir}/report.md — gate ${report.gate}`);
      return { result: report, gateFailed: report.gate !== 'pass' };
    }
  }
}
