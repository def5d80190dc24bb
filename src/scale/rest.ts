// Scale: the rest of the survey beside a segment (`build --per`), for claims comparing the segment
// with everyone else. Pure: the whole survey's findings less the segment's, no second pass over the data.
//
//   whole aggregates ─┐
//                     ├─▶ per finding: count, n, asked (and Σw² for weights) of the whole minus the segment's
//   segment's ────────┘
//
// Exact because a segment's aggregates are the same ingest over a subset of the same respondents: every
// count and base is a sum over respondents, and sums subtract. Weighted data subtracts the sums of
// weights (count, n, asked) and of squared weights, which a base carries as n² / effectiveN (Kish), so
// the rest's effective base is its own, not the whole's scaled down.
import type { Aggregates, Base, Finding, RestOfSurvey } from '../ir.js';

/** A base of everyone in `whole` but not in `part` (the same question and population). */
export function restBase(whole: Base, part: Base): Base {
  const n = whole.n - part.n;
  const out: Base = { ...whole, n: clean(n), asked: clean(whole.asked - part.asked) };
  delete out.excluded;
  if (whole.excluded) {
    const count = whole.excluded.count - (part.excluded?.count ?? 0);
    // share of everyone who answered: (n + count), as the ingest gives it
    if (count > 0) out.excluded = { count: clean(count), share: clean(count) / (clean(n) + clean(count)) };
  }
  if (whole.effectiveN !== undefined) {
    const squares = (b: Base) => (b.effectiveN ? (b.n * b.n) / b.effectiveN : 0);
    const restSquares = squares(whole) - squares(part);
    out.effectiveN = restSquares > 0 ? (out.n * out.n) / restSquares : 0;
    out.unweightedN = (whole.unweightedN ?? 0) - (part.unweightedN ?? 0);
    if (whole.unweightedAsked !== undefined) out.unweightedAsked = whole.unweightedAsked - (part.unweightedAsked ?? 0);
    if (whole.unweightedAnswered !== undefined) out.unweightedAnswered = whole.unweightedAnswered - (part.unweightedAnswered ?? 0);
  }
  return out;
}

/** The rest of the survey beside `segment`: each finding of `whole` less the segment's. */
export function restOfSurvey(whole: Pick<Aggregates, 'findings'>, segmentData: Pick<Aggregates, 'findings'>, segment: string): RestOfSurvey {
  const findings: Record<string, Finding> = {};
  for (const [id, w] of Object.entries(whole.findings)) {
    const s = segmentData.findings[id];
    if (!s) continue; // a finding the segment's file does not have cannot be compared
    const base = restBase(w.base, s.base);
    const count = clean(w.count - s.count);
    const { published: _report, ...finding } = w; // the published report's figure is the whole survey's
    findings[id] = { ...finding, count, base, share: base.n > 0 ? count / base.n : 0 };
  }
  return { segment, findings };
}

/** Weighted sums subtracted leave floating-point dust (3.0000000000004): round it off, keep real fractions. */
function clean(x: number): number {
  const r = Math.round(x * 1e9) / 1e9;
  return Math.abs(r) < 1e-9 ? 0 : r;
}
