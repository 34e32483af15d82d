/**
 * Image commands run in a child process with glibc's allocator set for libvips (relaunch.ts). The
 * child is a real process started by the compiled module (lib/, built by tests/setup/build-lib.ts):
 * a probe script stands in for the CLI so each test can see the child's environment, its signals
 * and its end; the last test runs the bin itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { imageNodeFlags, relaunchImageCommand, wantsRelaunch } from '../../src/commands/relaunch.js';
import { SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const compiled = pathToFileURL(path.join(root, 'lib/commands/relaunch.js')).href;

/** The probe: as a parent it relaunches itself; as the child it does what `mode` says. */
const PROBE = `
import { writeFileSync } from 'node:fs';
import { onParentGone, relaunch, wantsRelaunch } from ${JSON.stringify(compiled)};
const [mode, marker] = process.argv.slice(2);
if (wantsRelaunch(process.env)) {
  process.exitCode = await relaunch(process.env);
} else {
  const say = (line) => process.stdout.write(line + '\\n');
  say('child ' + process.pid + ' ' + process.env.MALLOC_ARENA_MAX + ' ' + process.execArgv.join(','));
  if (mode === 'exit') process.exit(7);
  if (mode === 'signal') {
    process.on('SIGINT', () => { say('got SIGINT'); setTimeout(() => process.exit(130), 200); });
    say('ready');
    setInterval(() => {}, 1000);
  }
  if (mode === 'orphan') {
    onParentGone(() => { writeFileSync(marker, 'stopped'); process.exit(0); });
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

async function startProbe(mode: string, marker = '', options: { detached?: boolean } = {}): Promise<Probe> {
  const dir = await tempDir();
  const script = path.join(dir, 'probe.mjs');
  await writeFile(script, PROBE);
  const env = { ...process.env };
  delete env.MALLOC_ARENA_MAX;
  const child = spawn(process.execPath, [script, mode, marker], {
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('relaunching image work in a tuned child', () => {
  it('relaunches only on Linux and only when the allocator is not set already', () => {
    expect(wantsRelaunch({}, 'linux')).toBe(true);
    expect(wantsRelaunch({ MALLOC_ARENA_MAX: '4' }, 'linux')).toBe(false);
    expect(wantsRelaunch({}, 'darwin')).toBe(false);
    expect(wantsRelaunch({}, 'win32')).toBe(false);
  });

  it("adds V8's young-generation cap unless the user set one, as a flag or in NODE_OPTIONS", () => {
    expect(imageNodeFlags([], {})).toEqual(['--max-semi-space-size=4']);
    expect(imageNodeFlags(['--max-old-space-size=900'], { NODE_OPTIONS: '--enable-source-maps' })).toEqual([
      '--max-semi-space-size=4',
    ]);
    expect(imageNodeFlags(['--max-semi-space-size=32'], {})).toEqual([]);
    expect(imageNodeFlags([], { NODE_OPTIONS: '--trace-gc --max_semi_space_size=64' })).toEqual([]);
  });

  it('the executable relaunches at once only a command line that starts with an image command', async () => {
    // Neither starts a child: `plan` makes no image, and the allocator is set for `qa`.
    expect(await relaunchImageCommand(['plan', '-m', 'x.yaml'], {})).toBeUndefined();
    expect(await relaunchImageCommand(['qa'], { MALLOC_ARENA_MAX: '2' })).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')(
    'gives the child the allocator settings and passes its exit status on',
    async () => {
      const probe = await startProbe('exit');
      expect(await probe.ended).toBe(7);
      expect(probe.stdout()).toMatch(/^child \d+ 2 --max-semi-space-size=4\n$/);
      expect(probe.stdout()).not.toContain(`child ${probe.process.pid} `);
    },
  );

  it.runIf(process.platform === 'linux')(
    "a Ctrl-C to the terminal's process group reaches the child exactly once",
    async () => {
      // The probe leads its own process group, as a command started from a shell does.
      const probe = await startProbe('signal', '', { detached: true });
      await probe.until('ready');
      // Its own group: else the terminal signals it and the parent forwards a second SIGINT, which
      // quits at once instead of saving (two signals close together may merge, so this is checked).
      const childPid = Number(/child (\d+)/.exec(probe.stdout())?.[1]);
      const groupOf = async (pid: number) =>
        (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ')[2];
      expect(await groupOf(childPid)).not.toBe(await groupOf(probe.process.pid as number));
      process.kill(-(probe.process.pid as number), 'SIGINT');
      expect(await probe.ended).toBe(130);
      expect(probe.stdout().match(/got SIGINT/g)).toHaveLength(1);
    },
  );

  it.runIf(process.platform === 'linux')('the child stops when its parent is killed outright', async () => {
    const marker = path.join(await tempDir(), 'stopped');
    const probe = await startProbe('orphan', marker);
    await probe.until('ready');
    const childPid = Number(/child (\d+)/.exec(probe.stdout())?.[1]);
    probe.process.kill('SIGKILL');
    await probe.ended;
    for (let i = 0; i < 100 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(childPid)).toBe(false);
    expect(await readFile(marker, 'utf8')).toBe('stopped');
  });

  it('the bin runs image commands through the child, which writes their output and exit status', async () => {
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
    // `run` relaunches after its no-op check (cli.ts), `qa` before the CLI loads (genops.ts).
    expect((await genops(['run', '-m', manifest, '-q'])).code).toBe(0);
    expect(existsSync(path.join(dir, 'genops.lock'))).toBe(true);
    const qa = await genops(['qa', '-m', manifest, '--json']);
    expect(qa.code).toBe(0);
    expect(JSON.parse(qa.stdout)).toMatchObject({ counts: { failed: 0 } });
    const bad = await genops(['qa', '-m', manifest, '-o', path.join(dir, 'no-run-here')]);
    expect(bad.code).toBe(2);
  });
});
