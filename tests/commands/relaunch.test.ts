/**
 * Image commands replace their process with one whose glibc allocator is set for libvips
 * (relaunch.ts). The relaunch is real: a probe script, started as a process, calls the compiled
 * module (lib/, built by tests/setup/build-lib.ts) in place of the CLI so each test can see the
 * relaunched program's environment, flags, process id, signals and exit; the last test runs the
 * bin itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { imageNodeFlags, relaunchImageCommand, wantsRelaunch } from '../../src/commands/relaunch.js';
import { SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const compiled = pathToFileURL(path.join(root, 'lib/commands/relaunch.js')).href;

/** The probe: before the relaunch it says so and relaunches; after it, it does what `mode` says. */
const PROBE = `
import { relaunch, wantsRelaunch } from ${JSON.stringify(compiled)};
const [mode] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\\n');
if (wantsRelaunch(process.env)) {
  say('before ' + process.pid);
  relaunch(process.env);
  say('relaunch failed');
} else {
  say('after ' + process.pid + ' ' + process.env.MALLOC_ARENA_MAX + ' ' + process.execArgv.join(','));
  if (mode === 'exit') process.exit(7);
  if (mode === 'signal') {
    process.on('SIGINT', () => { say('got SIGINT'); setTimeout(() => process.exit(130), 200); });
    say('ready');
    setInterval(() => {}, 1000);
  }
}
`;

interface Probe {
  process: ChildProcess;
  stdout: () => string;
  ended: Promise<number | null>;
  until: (text: string) => Promise<void>;
}

async function startProbe(mode: string, options: { detached?: boolean } = {}): Promise<Probe> {
  const dir = await tempDir();
  const script = path.join(dir, 'probe.mjs');
  await writeFile(script, PROBE);
  const env = { ...process.env };
  delete env.MALLOC_ARENA_MAX;
  const child = spawn(process.execPath, [script, mode], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: options.detached,
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = async (text: string) => {
    for (let i = 0; i < 200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain(text);
  };
  return { process: child, stdout: () => out, ended, until };
}

describe('relaunching image work in a tuned process', () => {
  it('relaunches only on Linux, where Node can replace its process, and only when the allocator is not set', () => {
    const execve = () => undefined;
    expect(wantsRelaunch({}, 'linux', execve)).toBe(true);
    expect(wantsRelaunch({ MALLOC_ARENA_MAX: '4' }, 'linux', execve)).toBe(false);
    expect(wantsRelaunch({}, 'darwin', execve)).toBe(false);
    expect(wantsRelaunch({}, 'win32', execve)).toBe(false);
    // Node before 22.15 has no process.execve: the command runs as started.
    expect(wantsRelaunch({}, 'linux', null)).toBe(false);
  });

  it("adds V8's young-generation cap unless the user set one, as a flag or in NODE_OPTIONS", () => {
    expect(imageNodeFlags([], {})).toEqual(['--max-semi-space-size=4']);
    expect(imageNodeFlags(['--max-old-space-size=900'], { NODE_OPTIONS: '--enable-source-maps' })).toEqual([
      '--max-semi-space-size=4',
    ]);
    expect(imageNodeFlags(['--max-semi-space-size=32'], {})).toEqual([]);
    expect(imageNodeFlags([], { NODE_OPTIONS: '--trace-gc --max_semi_space_size=64' })).toEqual([]);
  });

  it('the executable relaunches at once only a command line that starts with an image command', () => {
    // Each returns, so nothing was replaced: `plan` and `qa` make no image, and the allocator is set
    // for `synthesize`. (A relaunch here would have replaced the test runner itself.)
    expect(relaunchImageCommand(['plan', '-m', 'x.yaml'], {})).toBeUndefined();
    expect(relaunchImageCommand(['qa', '-m', 'x.yaml'], {})).toBeUndefined();
    expect(relaunchImageCommand(['synthesize'], { MALLOC_ARENA_MAX: '2' })).toBeUndefined();
  });

  it.runIf(wantsRelaunch({}))(
    'replaces the process: same process id, the allocator settings and flags, its own exit status',
    async () => {
      const probe = await startProbe('exit');
      expect(await probe.ended).toBe(7);
      const pid = probe.process.pid;
      expect(probe.stdout()).toBe(`before ${pid}\nafter ${pid} 2 --max-semi-space-size=4\n`);
    },
  );

  it.runIf(wantsRelaunch({}))(
    "a Ctrl-C to the terminal's process group reaches the relaunched program once",
    async () => {
      // The probe leads its own process group, as a command started from a shell does.
      const probe = await startProbe('signal', { detached: true });
      await probe.until('ready');
      process.kill(-(probe.process.pid as number), 'SIGINT');
      expect(await probe.ended).toBe(130);
      expect(probe.stdout().match(/got SIGINT/g)).toHaveLength(1);
    },
  );

  it('the bin runs image commands, relaunched or not, with their output and exit status', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, SMALL_MANIFEST);
    const genops = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(root, 'bin/genops.js'), ...args], {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: dir },
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        child.once('close', (code) => resolve({ code, stdout }));
      });
    // `run` relaunches after its no-op check (cli.ts), `report` before the CLI loads (genops.ts),
    // `qa` not at all.
    expect((await genops(['run', '-m', manifest, '-q'])).code).toBe(0);
    expect(existsSync(path.join(dir, 'genops.lock'))).toBe(true);
    const qa = await genops(['qa', '-m', manifest, '--json']);
    expect(qa.code).toBe(0);
    expect(JSON.parse(qa.stdout)).toMatchObject({ counts: { failed: 0 } });
    const bad = await genops(['qa', '-m', manifest, '-o', path.join(dir, 'no-run-here')]);
    expect(bad.code).toBe(2);
    const report = await genops(['report', '-m', manifest, '--json']);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ gate: 'pass' });
    const badSynthesis = await genops(['synthesize', '-m', manifest, '-o', path.join(dir, 'no-run-here')]);
    expect(badSynthesis.code).toBe(2);
  });
});
