/**
 * Every secret value the process has read, so any text leaving the process (logs, reports, PR
 * comments, error messages) can be scrubbed. Secrets enter only through `readSecret`.
 */
const known = new Set<string>();

/** Reads a secret from the environment by name and remembers its value for redaction. */
export function readSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value) rememberSecret(value);
  return value || undefined;
}

export function rememberSecret(value: string): void {
  // Very short values would redact ordinary words; no real key is this short.
  if (value.length >= 6) known.add(value);
}

/** The text with every known secret replaced by `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join('***');
  return out;
}
