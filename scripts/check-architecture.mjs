#!/usr/bin/env node
/**
 * Holds the source to the shape docs/architecture.md describes (run by `npm run lint`):
 * - no import cycles between files;
 * - folders import only folders on a lower floor of LAYERS (and their own), except the imports
 *   listed in ALLOWED_UPWARD, each with its reason;
 * - no function longer than MAX_FUNCTION_LINES lines of its own (nested functions not counted).
 * Prints every breach with its file and line and exits 1; prints one summary line when clean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The repository to check: this one, or another named by `--root DIR` (the tests' fixtures). */
const rootFlag = process.argv.indexOf('--root');
const ROOT =
  rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1]) : path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const MAX_FUNCTION_LINES = 80;

/**
 * Floors, bottom first: a folder (or a file directly under src/) imports only folders on lower
 * floors, never a sibling on its own floor. docs/architecture.md draws the same picture.
 */
const LAYERS = [
  ['core'],
  ['store', 'clients'],
  ['manifest', 'lockfile'],
  ['generators', 'validators', 'deployers', 'report'],
  ['plan'],
  ['layers'],
  ['commands'],
  ['cli.ts', 'github'],
  ['genops.ts', 'action'],
];

/**
 * Imports that run from a lower floor to a higher one on purpose, `from -> to` (paths from the
 * repository root) with the reason: none today. Add one only with its why.
 */
const ALLOWED_UPWARD = new Map();

const floorOf = new Map(LAYERS.flatMap((names, floor) => names.map((n) => [n, floor])));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return d.name.endsWith('.ts') ? [full] : [];
  });
}

const rel = (file) => path.relative(ROOT, file);
const unitOf = (file) => path.relative(SRC, file).split(path.sep)[0];

function importsOf(file, source) {
  const out = [];
  const visit = (node) => {
    let spec;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      spec = node.moduleSpecifier;
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      spec = node.arguments[0];
    if (spec?.text.startsWith('.')) {
      const target = path.resolve(path.dirname(file), spec.text).replace(/\.js$/, '.ts');
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      out.push({ target, line: line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

/** Functions whose own lines (nested functions' lines taken out) pass the limit. */
function longFunctions(source) {
  const out = [];
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node, owner) => {
    if (isFunction(node) && node.body) {
      const start = lineOf(node.getStart(source));
      const end = lineOf(node.getEnd());
      const nested = [];
      const collect = (child) => {
        if (isFunction(child) && child.body)
          nested.push(lineOf(child.getEnd()) - lineOf(child.getStart(source)) + 1);
        else ts.forEachChild(child, collect);
      };
      ts.forEachChild(node.body, collect);
      const own = end - start + 1 - nested.reduce((a, b) => a + b, 0);
      const name = node.name?.getText(source) ?? owner ?? '(anonymous)';
      if (own > MAX_FUNCTION_LINES) out.push({ name, line: start + 1, own });
    }
    const next = ts.isVariableDeclaration(node) ? node.name.getText(source) : owner;
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(source);
  return out;
}

function findCycles(graph) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const dfs = (file) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) dfs(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) dfs(file);
  return cycles;
}

const problems = [];
const graph = new Map();
let upward = 0;
const files = sourceFiles(SRC).filter((f) => !f.endsWith('.generated.ts'));
for (const file of files) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const from = unitOf(file);
  if (!floorOf.has(from)) problems.push(`${rel(file)}: ${from} is on no floor of LAYERS`);
  graph.set(file, []);
  for (const { target, line } of importsOf(file, source)) {
    graph.get(file).push(target);
    const to = unitOf(target);
    if (to === from) continue;
    const pair = `${rel(file)} -> ${rel(target)}`;
    const [a, b] = [floorOf.get(from), floorOf.get(to)];
    if (a > b) continue;
    if (ALLOWED_UPWARD.has(pair)) {
      upward++;
      continue;
    }
    problems.push(
      `${rel(file)}:${line}: ${from} (floor ${a + 1}) imports ${to} (floor ${b + 1}): move the shared piece down`,
    );
  }
  for (const f of longFunctions(source))
    problems.push(
      `${rel(file)}:${f.line}: ${f.name} has ${f.own} lines of its own (at most ${MAX_FUNCTION_LINES})`,
    );
}
for (const cycle of findCycles(graph)) problems.push(`import cycle: ${cycle.map(rel).join(' -> ')}`);

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`architecture: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(
  `architecture: ${files.length} files, no cycles, ${upward} allowed upward import(s), no function over ${MAX_FUNCTION_LINES} lines`,
);
