/** `{{ name }}` placeholders; names as in the schema's matrix keys. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface TemplateResult {
  text: string;
  /** Placeholders with no value, in order of appearance. */
  missing: string[];
}

/** Fills `{{var}}` placeholders. Pure; the caller turns `missing` into located errors. */
export function renderTemplate(template: string, vars: Record<string, string>): TemplateResult {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.hasOwn(vars, name)) return vars[name] as string;
    missing.push(name);
    return whole;
  });
  return { text, missing };
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/**
 * What is wrong with a template besides missing variables: a value that itself holds a placeholder
 * (templates are filled once, so `{{b}}` would reach the back end literally), and braces that are no
 * placeholder (`{{ a-b }}`, `{{a`), which would too.
 */
export function templateFaults(template: string, vars: Record<string, string>): string[] {
  const faults: string[] = [];
  for (const name of new Set(placeholders(template))) {
    const value = vars[name];
    if (value !== undefined && /\{\{|\}\}/.test(value))
      faults.push(
        `the value of "{{${name}}}" ("${value}") holds a placeholder itself; templates are filled once, not recursively`,
      );
  }
  const rest = template.replace(PLACEHOLDER, '');
  const stray = /\{\{[^}]*\}?\}?|\}\}/.exec(rest);
  if (stray)
    faults.push(`"${stray[0]}" is not a placeholder: write {{name}} with letters, digits and _ in the name`);
  return faults;
}
