// Ingest stage: answer counters, one per question / grid row / segment. Pure.
// Only counts are kept, never rows, so memory does not grow with the number of respondents.

export class Tally {
  /** Respondents shown the question (weighted: the sum of their weights, as every figure below). */
  asked = 0;
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

/** A tally for the whole population and one per segment (`size:large`). */
export class SegmentedTally {
  readonly all = new Tally();
  readonly bySegment = new Map<string, Tally>();

  segment(id: string): Tally {
    let t = this.bySegment.get(id);
    if (!t) this.bySegment.set(id, (t = new Tally()));
    return t;
  }
}
