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
