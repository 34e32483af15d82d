import { closest, distance } from 'fastest-levenshtein';

/** The nearest known name to a misspelt one, if it is near enough to be a likely typo. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(name, known as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(name.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const match = nearest(name, known);
  return match ? `did you mean "${match}"?` : `expected one of: ${known.join(', ')}`;
}
