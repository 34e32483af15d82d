import { type Document, isMap, isPair, isScalar, type LineCounter, type Node, Parser, visit } from 'yaml';

/** Maps a path in the parsed document back to a line and column in the YAML text. */
export class DocumentLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Line/column of the node at `path`; of the key itself when `key` names a member of that map. */
  locate(path: (string | number)[], key?: string): { line: number; column: number } {
    let offset = 0;
    // Walk as far down the path as the document goes, so a missing member points at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        offset = node.range[0];
        if (key !== undefined && depth === path.length && isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
          const keyNode = pair?.key as Node | undefined;
          if (keyNode?.range) offset = keyNode.range[0];
        }
        break;
      }
    }
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}

/** `assets[2].size` from ['assets', 2, 'size']. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : String(part)),
    '',
  );
}

/** ['assets', 2, 'size'] from ajv's `/assets/2/size`. */
export function parsePointer(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** A construct of YAML text that the parser cannot tell about where it starts. */
export interface TextFault {
  offset: number;
  message: string;
}

const CLOSERS: Record<string, string> = { '[': ']', '{': '}' };

/**
 * Quotes and flow brackets that are never closed, at the offset where they open: the parser itself
 * reports them where it gave up (often the end of the file), which is not where the fix goes.
 */
export function unclosedConstructs(text: string): TextFault[] {
  const faults: TextFault[] = [];
  const walk = (token: unknown): void => {
    if (!token || typeof token !== 'object') return;
    if (Array.isArray(token)) {
      for (const t of token) walk(t);
      return;
    }
    const t = token as { type?: string; offset?: number; source?: string; start?: unknown; end?: unknown };
    if (t.type === 'double-quoted-scalar' && !/^"(?:[^"\\]|\\[\s\S])*"$/.test(t.source ?? ''))
      faults.push({ offset: t.offset ?? 0, message: 'YAML syntax: this "quote is never closed' });
    if (t.type === 'single-quoted-scalar' && !/^'(?:[^']|'')*'$/.test(t.source ?? ''))
      faults.push({ offset: t.offset ?? 0, message: "YAML syntax: this 'quote is never closed" });
    if (t.type === 'flow-collection') {
      const start = t.start as { offset: number; source: string };
      const closer = CLOSERS[start.source] ?? ']';
      const ends = (t.end as { source?: string }[] | undefined) ?? [];
      if (!ends.some((e) => e.source === closer))
        faults.push({
          offset: start.offset,
          message: `YAML syntax: this ${start.source} is never closed with ${closer}`,
        });
    }
    for (const [key, value] of Object.entries(t)) if (key !== 'start' && key !== 'end') walk(value);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return faults;
}

/** Aliases whose anchor is not defined before them, at the alias. */
export function danglingAliases(doc: Document): TextFault[] {
  const faults: TextFault[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined)
        faults.push({
          offset: node.range?.[0] ?? 0,
          message: `YAML alias *${node.source} has no anchor &${node.source} before it`,
        });
    },
  });
  return faults;
}
