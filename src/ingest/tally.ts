// Ingest stage: answer counters, one per question / grid row / segment. Pure.
// Only counts are kept, never rows, so memory does not grow with the number of respondents.

export class Tally {
  /** Respondents shown the question (weighted: the sum of their weights, as every figure below). */
  asked = 0;
  /** Respondents shown the question, unweighted. */
  askedN = 0;
  /** Respondents shown it who gave any answer. */
  answered = 0;
  /** Answered with nothing but "Don't know". */
  dontKnowOnly = 0;
  /** Unweighted counts and sums of squared weights of `answered` and `dontKnowOnly`, for the
   * unweighted and the effective (Kish) base of weighted data. */
  answeredN = 0;
  dontKnowOnlyN = 0;
  answeredW2 = 0;
  dontKnowOnlyW2 = 0;
  readonly counts = new Map<string, number>();
  /** Respondents giving any code of each net (by net id): counted once each, so right for multi-select too. */
  readonly netCounts = new Map<string, number>();

  constructor(readonly nets?: readonly NetDefinition[]) {}

  /** One respondent's answers, for the nets: each net whose codes they touched counts them once. */
  addNets(codes: readonly string[], weight = 1): void {
    if (!this.nets) return;
    for (const net of this.nets) {
      if (codes.some((c) => net.codes.has(c))) this.netCounts.set(net.id, (this.netCounts.get(net.id) ?? 0) + weight);
    }
  }

  netCount(id: string): number {
    return this.netCounts.get(id) ?? 0;
  }

  add(code: string, weight = 1): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + weight);
  }

  /** One more respondent who answered, with weight `w`. */
  answer(w: number): void {
    this.answered += w;
    this.answeredN++;
    this.answeredW2 += w * w;
  }

  /** That respondent answered nothing but "Don't know". */
  dontKnow(w: number): void {
    this.dontKnowOnly += w;
    this.dontKnowOnlyN++;
    this.dontKnowOnlyW2 += w * w;
  }

  unweightedN(includeDontKnow: boolean): number {
    return includeDontKnow ? this.answeredN : this.answeredN - this.dontKnowOnlyN;
  }

  /** Kish: (Σw)² / Σw² over the base. */
  effectiveN(includeDontKnow: boolean): number {
    const w = this.baseN(includeDontKnow);
    const w2 = includeDontKnow ? this.answeredW2 : this.answeredW2 - this.dontKnowOnlyW2;
    return w2 === 0 ? 0 : (w * w) / w2;
  }

  count(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  /** Valid base: answered, less "Don't know"-only answers unless they are kept. */
  baseN(includeDontKnow: boolean): number {
    return includeDontKnow ? this.answered : this.answered - this.dontKnowOnly;
  }
}

/** A net of the spec, as the tallies count it. */
export interface NetDefinition {
  id: string;
  codes: ReadonlySet<string>;
}

/** A tally for the whole population and one per segment (`size:large`). */
export class SegmentedTally {
  readonly all: Tally;
  readonly bySegment = new Map<string, Tally>();

  constructor(readonly nets?: readonly NetDefinition[]) {
    this.all = new Tally(nets);
  }

  segment(id: string): Tally {
    let t = this.bySegment.get(id);
    if (!t) this.bySegment.set(id, (t = new Tally(this.nets)));
    return t;
  }
}
