// Chart rows read right: non-answers last by the spec's flag (never by their English label), one
// split rule, tones from the spec's polarity and neutral, sentence-case labels.
import { describe, expect, it } from 'vitest';
import { partsFor, SPLIT_ABOVE } from '../../src/bind/bind-slides.js';
import { levelTones, sortOptions } from '../../src/bind/chart-rows.js';
import { lowerCaseVocabulary, normaliseLabelCase } from '../../src/bind/label-case.js';
import type { OptionStat, QuestionAggregate } from '../../src/ir.js';

const option = (code: string, label: string, share: number, nonAnswer?: OptionStat['nonAnswer']): OptionStat => ({ code, label, count: Math.round(share * 100), share, ...(nonAnswer ? { nonAnswer } : {}) });
const question = (options: OptionStat[], extra: Partial<QuestionAggregate> = {}): QuestionAggregate => ({
  id: 'qx',
  section: '1',
  kind: 'single',
  text: 'A question',
  base: { n: 100, asked: 100, description: 'respondents' } as never,
  options,
  ...extra,
});

describe('sortOptions', () => {
  it('puts non-answers last, by their flag: other, none, then don\'t know, whatever their share or label', () => {
    const q = question([
      option('1', 'Alpha', 0.1),
      option('9', 'Zulu', 0.5, 'dontKnow'),
      option('7', 'Other', 0.05), // labelled "Other" but a real answer in this spec: stays in share order
      option('8', 'Keine', 0.4, 'none'),
      option('2', 'Beta', 0.3),
      option('6', 'Sonstiges', 0.45, 'other'),
    ]);
    expect(sortOptions(q, q.options).map((o) => o.code)).toEqual(['2', '1', '7', '6', '8', '9']);
  });

  it('keeps an ordered scale in code order, non-answers still last', () => {
    const q = question([option('0', 'Don’t know', 0.3, 'dontKnow'), option('2', 'Two', 0.1), option('1', 'One', 0.6)], { ordinal: true });
    expect(sortOptions(q, q.options).map((o) => o.code)).toEqual(['1', '2', '0']);
  });
});

describe('partsFor', () => {
  it('never splits a question of twelve answers or fewer; splits longer ones into parts of at most the spec maximum', () => {
    expect(SPLIT_ABOVE).toBe(12);
    for (const spec of ['bar-horizontal', 'stacked-100', 'grouped-bars']) {
      for (let n = 1; n <= 12; n++) expect(partsFor(n, spec)).toBe(1);
    }
    expect(partsFor(13, 'bar-horizontal')).toBe(2);
    expect(partsFor(15, 'grouped-bars')).toBe(3);
  });
});

describe('levelTones', () => {
  const grid = (extra: Partial<QuestionAggregate>) =>
    question([], {
      kind: 'grid',
      items: [{ code: 'a', label: 'A', base: { n: 10 } as never, levels: ['1', '2', '3', '4', '5'].map((c) => option(c, `L${c}`, 0.2)).concat(option('0', 'DK', 0, 'dontKnow')) }],
      ...extra,
    });

  it('gives a middle level a good tone when no neutral is declared ("Effective" is not grey)', () => {
    expect([...levelTones(grid({ polarity: 'ascending' }))]).toEqual([['1', -2], ['2', -1], ['3', 1], ['4', 2], ['5', 3]]);
  });

  it('gives tone 0 only to the declared neutral, and reverses for a descending scale', () => {
    expect([...levelTones(grid({ polarity: 'ascending', neutral: '3' }))]).toEqual([['1', -2], ['2', -1], ['3', 0], ['4', 1], ['5', 2]]);
    expect([...levelTones(grid({ polarity: 'descending', neutral: '3' }))].map(([, t]) => t)).toEqual([2, 1, -0, -1, -2]);
  });

  it('gives no tones without a polarity, and none to a non-answer', () => {
    expect(levelTones(grid({})).size).toBe(0);
    expect(levelTones(grid({ polarity: 'ascending' })).has('0')).toBe(false);
  });
});

describe('normaliseLabelCase', () => {
  const vocabulary = lowerCaseVocabulary(['Not impactful at all', 'Select all that apply', 'Slightly impactful', 'open source projects', 'code review']);

  it('lowers a title-cased word the survey writes in lower case elsewhere', () => {
    expect(normaliseLabelCase('Not impactful at All', 'en', vocabulary)).toBe('Not impactful at all');
    expect(normaliseLabelCase('Very Impactful', 'en', vocabulary)).toBe('Very impactful');
    expect(normaliseLabelCase('Educating developers to contribute to Open Source Projects', 'en', vocabulary)).toBe('Educating developers to contribute to open source projects');
  });

  it('keeps acronyms, mixed-case names, words never written in lower case, and anything in parentheses', () => {
    expect(normaliseLabelCase('IT Management (e.g., ITSM, CIO)', 'en', vocabulary)).toBe('IT Management (e.g., ITSM, CIO)');
    expect(normaliseLabelCase('Implement InnerSource with GitHub', 'en', vocabulary)).toBe('Implement InnerSource with GitHub');
    expect(normaliseLabelCase('North America', 'en', vocabulary)).toBe('North America');
    expect(normaliseLabelCase('Recommend IDEs (e.g., VS Code, Eclipse)', 'en', vocabulary)).toBe('Recommend IDEs (e.g., VS Code, Eclipse)');
  });

  it('raises only the first letter, protects German nouns, and leaves Chinese and Japanese alone', () => {
    expect(normaliseLabelCase('slightly impactful', 'en', vocabulary)).toBe('Slightly impactful');
    // A label that starts with a figure has no first letter to raise: "35 and over", not "35 And over".
    expect(normaliseLabelCase('35 and over', 'en', vocabulary)).toBe('35 and over');
    expect(normaliseLabelCase('under 35', 'en', vocabulary)).toBe('Under 35');
    const de = lowerCaseVocabulary(['die projekte']);
    expect(normaliseLabelCase('Mehr Projekte im Code Review', 'de', de)).toBe('Mehr Projekte im Code Review');
    expect(normaliseLabelCase('überhaupt nicht', 'de', de)).toBe('Überhaupt nicht');
    expect(normaliseLabelCase('とても効果的', 'ja', vocabulary)).toBe('とても効果的');
  });
});
