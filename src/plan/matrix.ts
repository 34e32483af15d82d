import type { MatrixSpec } from '../manifest/types.js';

export type Combination = Record<string, string>;

/** Number of combinations before include/exclude: checked against the job cap before expanding. */
export function matrixSize(matrix: MatrixSpec | undefined): number {
  if (!matrix) return 1;
  const axes = axesOf(matrix);
  const product = axes.reduce((n, [, values]) => n * values.length, axes.length ? 1 : 0);
  return product + (matrix.include?.length ?? 0);
}

/**
 * Expands a matrix the way GitHub Actions does: the cartesian product of the axes, minus every
 * combination that matches an `exclude` entry, then each `include` entry either extends the
 * combinations it matches (when it only adds new keys) or is added as a combination of its own.
 */
export function expandMatrix(matrix: MatrixSpec | undefined): Combination[] {
  if (!matrix) return [{}];
  const axes = axesOf(matrix);
  let combos: Combination[] = axes.length ? [{}] : [];
  for (const [name, values] of axes) {
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: String(value) })));
  }
  const excludes = (matrix.exclude ?? []).map(stringify);
  combos = combos.filter((combo) => !excludes.some((ex) => matches(combo, ex)));

  const axisNames = new Set(axes.map(([name]) => name));
  for (const entry of (matrix.include ?? []).map(stringify)) {
    const onAxes = Object.fromEntries(Object.entries(entry).filter(([k]) => axisNames.has(k)));
    const extra = Object.entries(entry).filter(([k]) => !axisNames.has(k));
    const targets =
      extra.length && Object.keys(onAxes).length ? combos.filter((c) => matches(c, onAxes)) : [];
    if (targets.length) for (const combo of targets) Object.assign(combo, Object.fromEntries(extra));
    else if (!combos.some((c) => sameCombination(c, entry))) combos.push(entry);
  }
  return combos.length ? combos : [{}];
}

function axesOf(matrix: MatrixSpec): [string, (string | number | boolean)[]][] {
  return Object.entries(matrix).filter(
    (entry): entry is [string, (string | number | boolean)[]] =>
      entry[0] !== 'include' && entry[0] !== 'exclude',
  );
}

function stringify(entry: Record<string, string | number | boolean>): Combination {
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, String(v)]));
}

function matches(combo: Combination, pattern: Combination): boolean {
  return Object.entries(pattern).every(([k, v]) => combo[k] === v);
}

function sameCombination(a: Combination, b: Combination): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && matches(a, b);
}
