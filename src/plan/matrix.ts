import { nearest } from '../manifest/suggest.js';
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

/** A matrix problem at a path under the asset's `matrix`. */
export interface MatrixFault {
  /** The entry, under `matrix`; `key` is the offending key in it. */
  path: (string | number)[];
  key: string;
  message: string;
  hint?: string;
}

/**
 * `exclude` keys must name a dimension, as in GitHub Actions ("Matrix exclude key … does not match
 * any key within the matrix"). An `include` key may add a variable, but one that is no dimension and
 * no template of the asset uses is a typo that would silently change nothing but the id.
 */
export function matrixKeyFaults(matrix: MatrixSpec | undefined, used: ReadonlySet<string>): MatrixFault[] {
  if (!matrix) return [];
  const axes = axesOf(matrix).map(([name]) => name);
  const faults: MatrixFault[] = [];
  const suggest = (key: string, known: string[]) => {
    const near = known.length ? nearest(key, known) : undefined;
    return near ? `did you mean "${near}"?` : `the dimensions are: ${known.join(', ') || 'none'}`;
  };
  (matrix.exclude ?? []).forEach((entry, i) => {
    for (const key of Object.keys(entry).filter((k) => !axes.includes(k)))
      faults.push({
        path: ['exclude', i],
        key,
        message: `exclude key "${key}" matches no matrix dimension`,
        hint: suggest(key, axes),
      });
  });
  (matrix.include ?? []).forEach((entry, i) => {
    for (const key of Object.keys(entry).filter((k) => !axes.includes(k) && !used.has(k)))
      faults.push({
        path: ['include', i],
        key,
        message: `include key "${key}" matches no matrix dimension and no template of the asset uses it`,
        hint: suggest(key, [...new Set([...axes, ...used])]),
      });
  });
  return faults;
}

/** Where a combination came from: the axis values and include entries (paths under `matrix`) that made it. */
export function combinationOrigin(matrix: MatrixSpec | undefined, combo: Combination): (string | number)[][] {
  if (!matrix) return [];
  const axes = new Map(axesOf(matrix));
  const origins: (string | number)[][] = [];
  const include = (matrix.include ?? []).map(stringify);
  for (const [key, value] of Object.entries(combo)) {
    const index = axes.get(key)?.findIndex((v) => String(v) === value) ?? -1;
    if (index >= 0) {
      origins.push([key, index]);
      continue;
    }
    const from = include.findIndex((entry) => entry[key] === value);
    if (from >= 0 && !origins.some((o) => o[0] === 'include' && o[1] === from))
      origins.push(['include', from]);
  }
  return origins;
}
