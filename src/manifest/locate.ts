import { type Document, isMap, isPair, isScalar, type LineCounter, type Node } from 'yaml';

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
