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

/**
 * The base a reader is told ("n = 501"): the respondents counted. Weighted data's `n` is a sum of
 * weights (576.409), which is no number of people; its footnote says it is weighted (effective n) apart.
 */
export function respondentsIn(base: Pick<Base, 'n' | 'unweightedN'>): number {
  return base.unweightedN ?? base.n;
}

/** Whether the survey's figures are weighted (its bases carry the respondents counted apart). */
export function isWeighted(aggregates: WeightedOrNot): boolean {
  let weighted = weightedMemo.get(aggregates);
  if (weighted === undefined) {
    const bases = [...Object.values(aggregates.questions), ...Object.values(aggregates.findings)].map((x) => x.base);
    weighted = bases.some((b) => b?.unweightedN !== undefined);
    weightedMemo.set(aggregates, weighted);
  }
  return weighted;
}

type WeightedOrNot = { questions: Record<string, { base: Base }>; findings: Record<string, { base: Base }> };
const weightedMemo = new WeakMap<WeightedOrNot, boolean>();

/** Respondents shown the question, as a reader is told it (unweighted for weighted data). */
export function respondentsAsked(base: Pick<Base, 'asked' | 'unweightedAsked'>): number {
  return base.unweightedAsked ?? base.asked;
}
