/**
 * Image work in a process whose C allocator is set up for it. glibc's malloc gives every thread
 * that allocates its own arena (up to 8 per core), and libvips' multi-megabyte pixel buffers freed
 * in one arena stay resident there while another arena grows: peak RSS then grows with the batch.
 * Two arenas flatten it at no cost in CPU time for synthesis and delivery (not for QA: see
 * IMAGE_COMMANDS). glibc reads the setting from the environment at start-up only, so the CLI
 * replaces itself with a fresh Node that has it, and only once it knows there is image work (a
 * rerun where nothing changed never does). Replacing the process (execve) instead of starting a
 * child and waiting for it took a one-asset `genops report` from 0.260 to 0.234 s (farm-bench
 * medians, 15 pairs), and leaves no idle parent resident. Also tried: a fixed mmap threshold
 * (MALLOC_MMAP_THRESHOLD_) took another 40–55 MB off a 300-image synthesis but tripled its system
 * time (every 4 MB render buffer mapped and faulted in anew): left out.
 */
export const MALLOC_SETTINGS = { MALLOC_ARENA_MAX: '2' } as const;

/**
 * Node's flags for the relaunched process: V8's young generation capped at 4 MB a semi-space
 * (Node 24 grows it to 16). QA frees its decodes at once (releaseNow), so V8 collects seldom and
 * its heap grew to 150 MB committed, 18–35 MB used, by the end of a 1,000-asset run. Capped: cold
 * runs of 1,000 1024² assets peaked at 206–234 MB instead of 248–278 MB (3 interleaved pairs;
 * another 2 pairs 211–214 vs 245–253), wall and CPU time unchanged (0.98–1.02×); a first QA of 300
 * the same (wall 0.88–1.08×). A user's own `--max-semi-space-size` (flag or NODE_OPTIONS) is kept.
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
 * Commands that make or re-encode images (synthesis renders, delivery's derivatives, the report's
 * gallery images), relaunched where the process allows it; `run` too, once its no-op check has
 * found work (cli.ts). Not `qa`: it frees each decode at once, and with glibc's own arenas a first
 * QA of 1,000 1024² images ran 0.885× the wall time and 0.89× the CPU of the two-arena process
 * (farm-bench, 3 interleaved pairs, V8's cap in both); without the relaunch at all, a first QA of
 * 300 ran 0.876× the wall (9 pairs). Its memory levels off after the first seconds (peaks 192–212
 * against 160–171 MB at 1,000).
 */
export const IMAGE_COMMANDS: ReadonlySet<string> = new Set(['synthesize', 'deliver', 'report']);

/**
 * Whether to relaunch image work: on Linux (glibc; musl ignores the settings, harmlessly) where
 * Node can replace its process (`process.execve`, Node ≥ 22.15), unless the allocator is set
 * already — after the relaunch, in the action (action.yml sets it), or by a user who chose their
 * own value. Without `execve` the command runs as it was started, with glibc's defaults.
 */
export function wantsRelaunch(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  execve: unknown = process.execve,
): boolean {
  return platform === 'linux' && env.MALLOC_ARENA_MAX === undefined && typeof execve === 'function';
}

/**
 * Replaces this process with Node running the same command line under MALLOC_SETTINGS and
 * IMAGE_NODE_FLAGS (execve: same process id, so signals, the exit status and stdio are simply the
 * new program's; no parent stays behind to forward them). Returns only if the replacement failed;
 * the caller then carries on in this process.
 */
export function relaunch(env: NodeJS.ProcessEnv): void {
  // Node's own flags carry over, the debugger's too: its port closes with this process image.
  const flags = [...process.execArgv, ...imageNodeFlags(process.execArgv, env)];
  try {
    process.execve?.(process.execPath, [process.execPath, ...flags, ...process.argv.slice(1)], {
      ...env,
      ...MALLOC_SETTINGS,
    });
  } catch {
    // execve(2) failed (E2BIG, ENOMEM…): this process is unchanged and does the work itself.
  }
}

/**
 * For the executable, before it loads the CLI: a command line that starts with an image command
 * is relaunched at once, so the CLI is loaded only once. Returns when it is not (the CLI then
 * decides, after parsing).
 */
export function relaunchImageCommand(argv: string[], env: NodeJS.ProcessEnv): void {
  if (IMAGE_COMMANDS.has(argv[0] ?? '') && wantsRelaunch(env)) relaunch(env);
}
