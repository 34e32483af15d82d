/**
 * The one choke point for running git: argument arrays only (no shell), stdout as bytes, and errors
 * that carry git's own message.
 */
import { spawn } from 'node:child_process';

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no message'}`);
  }
}

/** Runs git in `cwd` and returns stdout; `input` is written to stdin. */
export function git(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      // No pager, no prompts, no user config that changes output formats.
      env: { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 20_000) err += chunk.toString();
    });
    child.on('error', (error) => reject(new GitError(args, null, error.message)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(args, code, err));
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input; 'close' reports why
    child.stdin.end(input ?? '');
  });
}

/** `<rev>:<path>` objects read in one `git cat-file --batch`; undefined where missing. */
export async function readObjects(cwd: string, specs: string[]): Promise<(Buffer | undefined)[]> {
  if (!specs.length) return [];
  for (const spec of specs) {
    if (/[\n\r]/.test(spec)) throw new Error(`object name with a line break: ${JSON.stringify(spec)}`);
  }
  const out = await git(cwd, ['cat-file', '--batch'], `${specs.join('\n')}\n`);
  const results: (Buffer | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < specs.length; i++) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) throw new Error('git cat-file --batch: truncated output');
    const header = out.subarray(pos, eol).toString();
    pos = eol + 1;
    // `<sha> <type> <size>` or `<name> missing` / `<name> ambiguous`
    const match = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
    if (!match) {
      results.push(undefined);
      continue;
    }
    const size = Number(match[2]);
    results.push(match[1] === 'blob' ? out.subarray(pos, pos + size) : undefined);
    pos += size + 1; // contents, then a newline
  }
  return results;
}
