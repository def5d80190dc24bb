// Small-cell suppression reaches the figures of the newer question kinds: an NPS score, a mean, a
// ranking, nets and quotes on a base under the threshold are hidden like any share.
import { describe, expect, it } from 'vitest';
import type { Aggregates, Base, QuestionAggregate } from '../../src/ir.js';
import { suppressSmallCells } from '../../src/scale/suppress.js';

const base = (n: number): Base => ({ n, asked: n, population: 'all', description: 'respondents who answered', includesDontKnow: true });
const question = (id: string, n: number, extra: Partial<QuestionAggregate>): QuestionAggregate => ({ id, section: 's', kind: 'single', text: id, base: base(n), options: [], ...extra });
const g = { count: 2, share: 0.5 };

describe('suppression of the kinds\' figures', () => {
  const aggregates = {
    questions: {
      small: question('small', 4, {
        nps: { score: 25, promoters: g, passives: g, detractors: g },
        numeric: { mean: 3, median: 3, min: 1, max: 5 },
        ranking: { top: 2, items: [{ code: 'a', label: 'A', meanRank: 1.5, firstShare: 0.5, topShare: 1, n: 4 }] },
        nets: [{ id: 'top2box', label: 'Top 2 box', codes: ['4', '5'], count: 3, share: 0.75 }],
        verbatims: ['only four people answered this'],
      }),
      large: question('large', 40, { nets: [{ id: 'top2box', label: 'Top 2 box', codes: ['4', '5'], count: 30, share: 0.75 }], verbatims: ['kept'] }),
    },
    findings: {},
  } as unknown as Aggregates;

  it('hides them under the threshold and keeps them above it', () => {
    const out = suppressSmallCells(aggregates, 10);
    const small = out.questions.small;
    expect(small.nps!.score).toBeNaN();
    expect(small.nps!.promoters.share).toBeNaN();
    expect(small.numeric!.mean).toBeNaN();
    expect(small.ranking!.items[0].firstShare).toBeNaN();
    expect(small.nets![0].share).toBeNaN();
    expect(small.verbatims).toEqual([]);
    expect(out.questions.large.nets![0].share).toBe(0.75);
    expect(out.questions.large.verbatims).toEqual(['kept']);
  });
});
