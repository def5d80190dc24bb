// Stats: Fisher's exact test for a 2 × 2 table, two-sided, as R's `fisher.test` computes it: the sum
// of the hypergeometric probabilities of every table with the same margins that is as likely as, or
// less likely than, the observed one (with R's relative tolerance 1 + 1e-7). Pure.
import dhyper from '@stdlib/stats-base-dists-hypergeometric-pmf';

/**
 * Table `[[a, b], [c, d]]`; R: m = a + c (first column), n = b + d, k = a + b (first row), x = a.
 * Follows src/library/stats/R/fisher.test.R, `alternative = "two.sided"`, `or = 1`.
 */
export function fisherTest(a: number, b: number, c: number, d: number): { pValue: number } {
  for (const v of [a, b, c, d]) if (!Number.isInteger(v) || v < 0) throw new Error(`fisherTest: cells must be counts, got ${[a, b, c, d].join(', ')}`);
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  // @stdlib's pmf(x, N, K, draws): N = population (m + n), K = successes in it (m), draws = k.
  const densities: number[] = [];
  for (let x = lo; x <= hi; x++) densities.push(dhyper(x, m + n, m, k));
  const total = densities.reduce((s, v) => s + v, 0);
  const observed = densities[a - lo];
  const relErr = 1 + 1e-7;
  let p = 0;
  for (const v of densities) if (v <= observed * relErr) p += v;
  return { pValue: Math.min(1, p / total) };
}

/** One-sided alternatives, for the documented examples (R: `alternative = "greater"` / `"less"`). */
export function fisherTestOneSided(a: number, b: number, c: number, d: number, alternative: 'greater' | 'less'): number {
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  let p = 0;
  for (let x = lo; x <= hi; x++) if (alternative === 'greater' ? x >= a : x <= a) p += dhyper(x, m + n, m, k);
  return Math.min(1, p);
}
