// Ingest stage: answer counters, one per question / grid row / segment. Pure.
// Only counts are kept, never rows, so memory does not grow with the number of respondents.

export class Tally {
  /** Respondents shown the question. */
  asked = 0;
  /** Respondents shown it who gave any answer. */
  answered = 0;
  /** Answered with nothing but "Don't know". */
  dontKnowOnly = 0;
  readonly counts = new Map<string, number>();

  add(code: string): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
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
