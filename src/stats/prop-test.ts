// Stats: the test of equal proportions exactly as R's `prop.test(x, n)` computes it by default:
// Pearson's chi-square on the k × 2 table of successes and failures, two-sided, with Yates'
// continuity correction when there are two groups. Pure.
import pchisq from '@stdlib/stats-base-dists-chisquare-cdf';
import qnorm from '@stdlib/stats-base-dists-normal-quantile';

export interface PropTestResult {
  /** Pearson's X-squared (with Yates' correction for two groups). */
  statistic: number;
  df: number;
  pValue: number;
  /** Sample proportions x / n. */
  estimates: number[];
  /** Two groups: confidence interval of the difference p1 − p2 (R's, with the same correction). */
  confInt?: [number, number];
}

/**
 * R: `prop.test(x, n, correct = TRUE)` (src/library/stats/R/prop.test.R). With two groups,
 * YATES = min(0.5, |p1 − p2| / (1/n1 + 1/n2)); with more groups no correction is applied.
 */
export function propTest(x: number[], n: number[], opts: { correct?: boolean; confLevel?: number } = {}): PropTestResult {
  const k = x.length;
  if (k < 2 || n.length !== k) throw new Error('propTest needs two or more groups of counts and trials');
  for (let i = 0; i < k; i++) {
    if (!(n[i] > 0) || x[i] < 0 || x[i] > n[i]) throw new Error(`propTest: group ${i + 1} has ${x[i]} of ${n[i]}`);
  }
  const correct = opts.correct ?? true;
  const estimates = x.map((xi, i) => xi / n[i]);
  const sumN = n.reduce((a, b) => a + b, 0);
  const p = x.reduce((a, b) => a + b, 0) / sumN;
  const delta = estimates[0] - estimates[1];
  let yates = correct && k <= 2 ? 0.5 : 0;
  if (k === 2) yates = Math.min(yates, Math.abs(delta) / (1 / n[0] + 1 / n[1]));

  let statistic = 0;
  // All successes or all failures: no variation to test (R returns NaN); nothing differs.
  if (p > 0 && p < 1) {
    for (let i = 0; i < k; i++) {
      const e1 = n[i] * p;
      const e0 = n[i] * (1 - p);
      statistic += (Math.abs(x[i] - e1) - yates) ** 2 / e1 + (Math.abs(n[i] - x[i] - e0) - yates) ** 2 / e0;
    }
  }
  const df = k - 1;
  const pValue = p > 0 && p < 1 ? 1 - pchisq(statistic, df) : 1;
  const result: PropTestResult = { statistic, df, pValue, estimates };
  if (k === 2) {
    const z = qnorm((1 + (opts.confLevel ?? 0.95)) / 2, 0, 1);
    const width = z * Math.sqrt(estimates.reduce((s, e, i) => s + (e * (1 - e)) / n[i], 0)) + yates * (1 / n[0] + 1 / n[1]);
    result.confInt = [Math.max(delta - width, -1), Math.min(delta + width, 1)];
  }
  return result;
}

/** Expected counts of the 2 × 2 table under independence: the smallest decides Fisher over chi-square. */
export function smallestExpected(x1: number, n1: number, x2: number, n2: number): number {
  const p = (x1 + x2) / (n1 + n2);
  return Math.min(n1 * p, n1 * (1 - p), n2 * p, n2 * (1 - p));
}
