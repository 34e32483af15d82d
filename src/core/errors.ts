/** Where in a user's file a problem sits. line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Path inside the document, e.g. `assets[2].size`. */
  path?: string;
}

export interface InputProblem extends SourceLocation {
  message: string;
  /** What to do about it, when we can tell. */
  hint?: string;
}

/**
 * Bad input: the user can fix it. The CLI exits 2, prints every problem as
 * `file:line:col: path: message (hint)` and writes nothing.
 */
export class InputError extends Error {
  readonly problems: InputProblem[];
  constructor(problems: InputProblem[] | InputProblem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  const path = p.path ? ` ${p.path}:` : '';
  const hint = p.hint ? ` — ${p.hint}` : '';
  return `${where}:${path} ${p.message}${hint}`;
}

/** Misuse of the command line. Also exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
