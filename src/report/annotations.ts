import path from 'node:path';
import { formatProblem, type InputProblem } from '../core/errors.js';
import { type Logger, streamLogger } from '../core/log.js';
import { redact } from '../core/secrets.js';

/**
 * Workflow commands (`::error file=…,line=…::message`) the runner turns into annotations on the
 * file and line of the pull request's diff. Formatting follows the runner's escaping rules
 * (actions/toolkit `command.ts`): `%`, CR and LF in the message; also `:` and `,` in properties.
 */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  /** Relative to the repository root (GITHUB_WORKSPACE), or GitHub cannot place it. */
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

export function formatAnnotation(a: Annotation): string {
  const props = (
    [
      ['file', a.file],
      ['line', a.line],
      ['col', a.col],
      ['title', a.title === undefined ? undefined : redact(a.title)],
    ] as const
  )
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${a.level}${props ? ` ${props}` : ''}::${escapeData(redact(a.message))}\n`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A path GitHub can place in the diff: relative to the workspace, with forward slashes. */
export function workspacePath(file: string, env: NodeJS.ProcessEnv): string {
  const root = env.GITHUB_WORKSPACE ?? process.cwd();
  const rel = path.relative(root, path.resolve(file));
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

/** Manifest problems as error annotations on their file and line. */
export function problemAnnotations(problems: InputProblem[], env: NodeJS.ProcessEnv): string {
  return problems
    .map((p) =>
      formatAnnotation({
        level: 'error',
        file: workspacePath(p.file, env),
        line: p.line,
        col: p.column,
        title: p.path ? `genops: ${p.path}` : 'genops',
        message: `${p.message}${p.hint ? ` — ${p.hint}` : ''}`,
      }),
    )
    .join('');
}

/** Where a command's words go: stderr for people, stdout for the runner's workflow commands. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const onRunner = (env: NodeJS.ProcessEnv) => env.GITHUB_ACTIONS === 'true';

/**
 * A log line a runner reads: it takes any line starting (after blanks) with `::` as a workflow
 * command, and `##[` anywhere in a line as an old-style one; manifest text in a message (a prompt
 * with line breaks) could forge annotations, masks or outputs. Both are broken with a zero-width
 * space; everything else is left as it was.
 */
export function escapeWorkflowLog(text: string): string {
  return text.replace(/^([ \t]*):(?=:)/gm, '$1:\u200b').replace(/##\[/g, '#\u200b#[');
}

/** The log of a command: stderr, one updating progress line on a terminal; on a runner, warnings as annotations. */
export function commandLogger(io: CommandIo, options: { quiet?: boolean } = {}): Logger {
  const stderr = onRunner(io.env)
    ? ({
        write: (chunk: string) => io.stderr.write(escapeWorkflowLog(String(chunk))),
      } as NodeJS.WritableStream)
    : io.stderr;
  return streamLogger(stderr, {
    tty: !!io.stderr.isTTY && !io.env.CI,
    quiet: options.quiet,
    onWarning: onRunner(io.env)
      ? (message) => io.stdout.write(formatAnnotation({ level: 'warning', message }))
      : undefined,
  });
}

/**
 * Bad input, told once: each problem on the log with file:line:column and the fix, and on a
 * runner also as an annotation on its line (stdout, where the runner reads workflow commands).
 */
export function reportProblems(problems: InputProblem[], io: CommandIo, log: Logger): void {
  if (onRunner(io.env)) io.stdout.write(problemAnnotations(problems, io.env));
  for (const p of problems) log.error(redact(formatProblem(p)));
}
