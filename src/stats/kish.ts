// Stats: Kish's effective sample size of weighted data, n_eff = (Σw)² / Σw² (Kish 1965, Survey
// Sampling, §11.7). Tests and small-base rules read a base's `effectiveN ?? n`. Pure.
import type { Base } from '../ir.js';

export function kishEffectiveN(weights: Iterable<number>): number {
  let sum = 0;
  let sumSq = 0;
  for (const w of weights) {
    if (!(w >= 0)) throw new Error(`kishEffectiveN: weights must be non-negative numbers, got ${w}`);
    sum += w;
    sumSq += w * w;
  }
  return sumSq === 0 ? 0 : (sum * sum) / sumSq;
}

/** The base size a test or a small-base rule uses: the effective base of weighted data, else n. */
export function testBase(base: Base): number {
  return base.effectiveN ?? base.n;
}
