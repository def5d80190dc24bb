// A grid's generated takeaway ("X has the highest share answering Agree or Strongly agree: 64%") adds up
// the levels at the scale's good end by the spec's polarity, never simply the last two: a yes/no grid
// said "… answering Yes or No: 100%" (the 2023 survey's q8 and q24), and a scale whose best answer
// comes first would have named its worst two.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChartRows, headlineLevels } from '../../src/bind/chart-rows.js';
import type { GridItem, QuestionAggregate } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { TEMPLATES } from '../helpers.js';

const ospo2023 = loadAggregates(path.join(TEMPLATES, '..', 'data', 'ospo-2023', 'aggregates.json'));
const ospo2024 = loadAggregates(path.join(TEMPLATES, '..', 'data', 'ospo-2024', 'aggregates.json'));
const catalogue = loadCatalogue(TEMPLATES, 'en', path.join(TEMPLATES, '..', 'data', 'ospo-2023'));
const where = { file: 'test', line: 1 };

/** A grid of `levels` (codes 1…k) over two rows, the first row's shares given, the second's reversed. */
function grid(levels: string[], shares: number[], scale?: { polarity: 'ascending' | 'descending'; neutral?: string }): QuestionAggregate {
  const base = { n: 100, asked: 100, population: 'all', description: 'all who answered', includesDontKnow: true };
  const item = (code: string, label: string, s: number[]): GridItem => ({ code, label, base, levels: levels.map((l, i) => ({ code: String(i + 1), label: l, count: s[i] * 100, share: s[i] })) });
  return {
    id: 'g',
    section: '',
    kind: 'grid',
    text: 'How do you rate these?',
    base,
    options: [],
    scale: levels,
    items: [item('1', 'Speed', shares), item('2', 'Price', [...shares].reverse())],
    ...(scale ? { polarity: scale.polarity, ...(scale.neutral ? { neutral: scale.neutral } : {}) } : {}),
  } as QuestionAggregate;
}

/** The generated takeaway's figure of the grid `q`, drawn as the full-results deck draws it. */
const takeawayOf = (q: QuestionAggregate) =>
  buildChartRows({ spec: 'stacked-100', rows: 'items', question: `questions.${q.id}`, highlight: [] }, { ...ospo2023, questions: { ...ospo2023.questions, [q.id]: q } }, catalogue, where).top;

describe('the levels a grid takeaway adds up', () => {
  it('are the good end of a scale with a polarity: two levels past the neutral, one of a yes/no scale', () => {
    const five = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];
    expect([...headlineLevels(grid(five, [0.1, 0.1, 0.2, 0.3, 0.3], { polarity: 'ascending', neutral: '3' }))].sort()).toEqual(['4', '5']);
    // Best first: the first two, not the last two.
    expect([...headlineLevels(grid([...five].reverse(), [0.3, 0.3, 0.2, 0.1, 0.1], { polarity: 'descending', neutral: '3' }))].sort()).toEqual(['1', '2']);
    expect([...headlineLevels(grid(['No', 'Yes'], [0.3, 0.7], { polarity: 'ascending' }))]).toEqual(['2']);
    // Three levels around a neutral: the one good level, never the neutral.
    expect([...headlineLevels(grid(['Worse', 'Same', 'Better'], [0.2, 0.5, 0.3], { polarity: 'ascending', neutral: '2' }))]).toEqual(['3']);
  });

  it('without a polarity are the level most answered over the whole grid', () => {
    // Over both rows No is answered most (0.6 + 0.5), so each row's No share is compared.
    const q = grid(['No', 'Yes', 'Maybe'], [0.6, 0.3, 0.1]);
    q.items![1].levels = q.items![1].levels.map((l) => ({ ...l, share: l.code === '1' ? 0.5 : l.code === '2' ? 0.4 : 0.1 }));
    expect([...headlineLevels(q)]).toEqual(['1']);
    const top = takeawayOf(q);
    expect(top).toMatchObject({ label: 'Speed', levels: 'No', share: 0.6 });
  });

  it('make the 2023 survey\'s yes/no grids name "Yes" and its share, and leave the 2024 grids\' top two as they were', () => {
    for (const id of ['q8', 'q24']) {
      const q = ospo2023.questions[id];
      expect(q.polarity, id).toBeUndefined();
      const top = takeawayOf(q);
      expect(top.levels, id).toBe('Yes');
      expect(top.share, id).toBeLessThan(1);
      const best = Math.max(...q.items!.map((i) => i.levels.find((l) => l.label === 'Yes')!.share));
      expect(top.share, id).toBeCloseTo(best, 12);
    }
    for (const q of Object.values(ospo2024.questions).filter((x) => x.kind === 'grid' && x.polarity === 'ascending' && !x.ranking)) {
      const substantive = q.items![0].levels.filter((l) => !l.nonAnswer).map((l) => l.code);
      expect([...headlineLevels(q)].sort(), q.id).toEqual(substantive.slice(-2).sort());
    }
  });
});
