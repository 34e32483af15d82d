/**
 * Sizes for back ends that take an aspect ratio (and a size tier) instead of pixels: the nearest
 * ratio they offer is asked for, and the result is cover-resized to the exact size afterwards.
 */

/** The ratio from `ratios` ("w:h") nearest to width:height, on a log scale (2:1 and 1:2 are as far from 1:1). */
export function nearestRatio<T extends string>(width: number, height: number, ratios: readonly T[]): T {
  const wanted = Math.log(width / height);
  let best = ratios[0] as T;
  let distance = Number.POSITIVE_INFINITY;
  for (const ratio of ratios) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const d = Math.abs(Math.log(w / h) - wanted);
    if (d < distance) {
      best = ratio;
      distance = d;
    }
  }
  return best;
}
