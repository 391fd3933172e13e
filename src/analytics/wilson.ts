/** A proportion with its 95% Wilson score interval: unlike p ± 1.96·SE it stays inside [0, 1] and is honest at small n. */
export interface Proportion { value: number | null; low: number | null; high: number | null }

const Z = 1.959963984540054; // the normal quantile for a two-sided 95% interval

export function wilson(successes: number, n: number, z = Z): Proportion {
  if (n <= 0) return { value: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
