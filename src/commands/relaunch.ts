/**
 * Image work in a child process whose C allocator is set up for it. glibc's malloc gives every
 * thread that allocates its own arena (up to 8 per core), and libvips' multi-megabyte pixel buffers
 * freed in one arena stay resident there while another arena grows: peak RSS then grows with the
 * batch. Two arenas flatten it at no cost in CPU time. glibc reads the setting from the environment
 * at start-up only, so the CLI starts itself once more with it, and only once it knows there is
 * image work (a rerun where nothing changed never does). Also tried: a fixed mmap threshold
 * (MALLOC_MMAP_THRESHOLD_) took another 40–55 MB off a 300-image synthesis but tripled its system
 * time (every 4 MB render buffer mapped and faulted in anew): left out.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export const MALLOC_SETTINGS = { MALLOC_ARENA_MAX: '2' } as const;

/**
 * Node's flags for the child: V8's young generation capped at 4 MB a semi-space (Node 24 grows it
 * to 16). QA frees its decodes at once (releaseNow), so V8 collects seldom and its heap grew to
 * 150 MB committed, 18–35 MB used, by the end of a 1,000-asset run. Capped: cold runs of 1,000
 * 1024² assets peaked at 206–234 MB instead of 248–278 MB (3 interleaved pairs; another 2 pairs
 * 211–214 vs 245–253), wall and CPU time unchanged (0.98–1.02×); a first QA of 300 the same
 * (wall 0.88–1.08×). A user's own `--max-semi-space-size` (flag or NODE_OPTIONS) is kept.
 */
export const IMAGE_NODE_FLAGS = ['--max-semi-space-size=4'] as const;

/** IMAGE_NODE_FLAGS less those the user set already, on the command line or in NODE_OPTIONS. */
export function imageNodeFlags(execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const set = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return IMAGE_NODE_FLAGS.filter((flag) => {
    const name = flag.split('=')[0] as string;
    return !set.some((given) => given.split('=')[0]?.replaceAll('_', '-') === name);
  });
}

/**
 * Commands that decode or encode images, run in the child where the process allows it; `run` too,
 * once its no-op check has found work (cli.ts).
 */
export const IMAGE_COMMANDS: ReadonlySet<string> = new Set(['synthesize', 'qa', 'deliver', 'report']);

/**
 * Whether to hand image work to a child: on Linux (glibc; musl ignores the settings, harmlessly),
 * unless the allocator is set already — in the child, in the action (action.yml sets it), or by a
 * user who chose their own value.
 */
export function wantsRelaunch(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' && env.MALLOC_ARENA_MAX === undefined;
}

/**
 * Runs this process's own command line again in a child with MALLOC_SETTINGS and IMAGE_NODE_FLAGS
 * and returns its exit status. The child has its own process group, so a terminal's Ctrl-C reaches
 * this process only, which forwards each signal once (the child's first interrupt saves, the
 * second quits). If this process dies, the child sees its IPC channel close and stops as on an
 * interrupt.
 */
export function relaunch(env: NodeJS.ProcessEnv): Promise<number> {
  // Node's own flags carry over, except the debugger's: its port is this process's.
  const flags = process.execArgv.filter((flag) => !flag.startsWith('--inspect'));
  const image = imageNodeFlags(flags, env);
  const child = spawn(process.execPath, [...flags, ...image, ...process.argv.slice(1)], {
    env: { ...env, ...MALLOC_SETTINGS },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    const done = () => {
      for (const signal of forwarded) process.off(signal, forward);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/**
 * For the executable, before it loads the CLI: a command line that starts with an image command
 * is relaunched at once, so the parent does not load the CLI only to hand it on. Undefined when it
 * is not (the CLI then decides, after parsing).
 */
export async function relaunchImageCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<number | undefined> {
  if (!IMAGE_COMMANDS.has(argv[0] ?? '') || !wantsRelaunch(env)) return undefined;
  return relaunch(env);
}

/**
 * In a relaunched child: the parent's IPC channel must not keep the process alive, and its closing
 * (the parent was killed) is an interrupt.
 */
export function onParentGone(interrupt: () => void): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', interrupt);
}
