// Answers that give none ("Prefer not to say", "Not applicable", "N/A"): declared as the spec's
// `nonAnswers.noAnswer`, out of the base like "Don't know" when the spec excludes non-answers, and
// named so by the footnote in every locale; kept in the base when the spec includes non-answers.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { isNoAnswerLabel, nonAnswerOf } from '../../src/ingest/labels.js';
import { inBase } from '../../src/bind/chart-rows.js';
import { withExcluded } from '../../src/bind/helpers.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { KINDS_SPEC_HEAD, TEMPLATES } from '../helpers.js';

async function aggregate(spec: string, csv: string, head = KINDS_SPEC_HEAD) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'no-answer-'));
  await writeFile(path.join(dir, 'export.csv'), csv);
  await writeFile(path.join(dir, 'survey.yaml'), head + spec);
  return aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
}

const SATISFACTION = `input: { format: tidy, file: export.csv }
questions:
  sat:
    column: How satisfied are you?
    kind: single
    options:
      - { code: "1", label: "Dissatisfied" }
      - { code: "2", label: "Neutral" }
      - { code: "3", label: "Satisfied" }
      - { code: "4", label: "Don't know" }
      - { code: "5", label: "Prefer not to say" }
    nonAnswers: { dontKnow: ["4"], noAnswer: ["5"] }
    scale: { polarity: ascending, neutral: "2" }
`;
// 6 substantive answers (2 dissatisfied, 1 neutral, 3 satisfied), 1 "Don't know", 3 "Prefer not to say", 1 blank.
const ANSWERS = ['Dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Satisfied', 'Satisfied', "Don't know", 'Prefer not to say', 'Prefer not to say', 'Prefer not to say', ''];
const CSV = `How satisfied are you?\n${ANSWERS.map((a) => `"${a}"`).join('\n')}\n`;

describe('answers that give none', () => {
  it('are read from their wording in six languages, after "Don\'t know" ("Don\'t know or not applicable" stays one)', () => {
    for (const label of ['Prefer not to say', "I'd rather not say", 'N/A', 'n/a', 'Not applicable', 'No answer', 'Decline to answer', 'Keine Angabe', 'Je préfère ne pas répondre', 'Prefiero no decirlo', '回答したくない', '不适用']) {
      expect(isNoAnswerLabel(label), label).toBe(true);
    }
    for (const label of ['Nationality', 'Not at all satisfied', 'None of the above', 'Notably', 'NASA']) expect(isNoAnswerLabel(label), label).toBe(false);
    expect(nonAnswerOf("Don't know or not applicable", '9')).toBe('dontKnow');
    expect(nonAnswerOf('Prefer not to say', '9')).toBe('noAnswer');
  });

  it('are out of the base with "Don\'t know"; the base says which it left out, each option its share of who answered', async () => {
    const { aggregates, diagnostics } = await aggregate(SATISFACTION, CSV);
    expect(diagnostics).toEqual([]);
    const q = aggregates.questions.sat;
    expect(q.base.n).toBe(6);
    expect(q.base.excluded).toEqual({ count: 4, share: 0.4, kinds: ['dontKnow', 'noAnswer'] });
    expect(q.base.description).toBe('respondents who answered (excluding “Don’t know” and “Prefer not to say”)');
    const byCode = Object.fromEntries(q.options.map((o) => [o.code, o]));
    expect(byCode['3'].share).toBe(0.5);
    expect(byCode['5']).toMatchObject({ nonAnswer: 'noAnswer', count: 3, share: 0.3 });
    expect(inBase(byCode['5'], q.base)).toBe(false);
    expect(inBase(byCode['4'], q.base)).toBe(false);
    expect(inBase(byCode['1'], q.base)).toBe(true);
  });

  it('alone: the base names only them', async () => {
    const { aggregates } = await aggregate(SATISFACTION, CSV.replace(`"Don't know"`, '"Neutral"'));
    expect(aggregates.questions.sat.base).toMatchObject({ n: 7, excluded: { count: 3, share: 0.3, kinds: ['noAnswer'] } });
  });

  it('"Don\'t know" alone keeps the base as it was (no kinds)', async () => {
    const { aggregates } = await aggregate(SATISFACTION, CSV.replaceAll('"Prefer not to say"', '"Satisfied"'));
    expect(aggregates.questions.sat.base.excluded).toEqual({ count: 1, share: 0.1 });
  });

  it('stay in the base when the spec includes non-answers', async () => {
    const { aggregates } = await aggregate(SATISFACTION, CSV, KINDS_SPEC_HEAD.replace('base: { nonAnswers: exclude }', 'base: { nonAnswers: include }'));
    const q = aggregates.questions.sat;
    expect(q.base.n).toBe(10);
    expect(q.base.excluded).toBeUndefined();
    expect(q.options.find((o) => o.code === '5')).toMatchObject({ nonAnswer: 'noAnswer', share: 0.3 });
    expect(inBase(q.options.find((o) => o.code === '5')!, q.base)).toBe(true);
  });

  it('a finding that counts one is refused, naming the answer and both ways out', async () => {
    const { diagnostics } = await aggregate(`${SATISFACTION}findings:\n  declined: { question: sat, codes: ["5"] }\n`, CSV).catch((e) => ({ diagnostics: e.diagnostics as { message: string }[] }));
    expect(diagnostics.map((d) => d.message).join('\n')).toContain(
      'findings.declined: counts “Prefer not to say” (5), which the base leaves out (a non-answer, with `base.nonAnswers: exclude`): drop the code, or keep non-answers in this question\'s base (`base.questions.sat: { nonAnswers: include }`)',
    );
  });

  it('a numeric question\'s non-answers are its answers in words: out of the base, never a number; an undeclared word is still an error', async () => {
    const spec = `input: { format: tidy, file: export.csv }
questions:
  age: { column: Age, kind: numeric, nonAnswers: { noAnswer: ["Prefer not to say"], dontKnow: ["Don't know"] } }
`;
    const { aggregates, diagnostics } = await aggregate(spec, "Age\n20\n30\n40\nprefer not to say\nPrefer not to say\nDon't know\n\n");
    expect(diagnostics).toEqual([]);
    const age = aggregates.questions.age;
    expect(age.base).toMatchObject({ n: 3, asked: 7, excluded: { count: 3, share: 0.5, kinds: ['dontKnow', 'noAnswer'] } });
    expect(age.base.description).toBe('respondents who answered (excluding “Don’t know” and “Prefer not to say”)');
    expect(age.numeric).toEqual({ mean: 30, median: 30, min: 20, max: 40 });
    expect(age.options.reduce((sum, o) => sum + o.count, 0)).toBe(3);
    const refused = await aggregate(spec, 'Age\n20\nN/A\n').catch((e) => ({ diagnostics: e.diagnostics as { message: string }[] }));
    expect(refused.diagnostics.map((d) => d.message).join('\n')).toContain('Expected a number for age, got `N/A` (an answer in words: give it a number under questions.age.numbers, or, if it is no answer ("N/A"), list it under questions.age.nonAnswers)');
  });

  it('a grid level "N/A" declared so is out of each row\'s base', async () => {
    const spec = `input: { format: tidy, file: export.csv }
questions:
  rate:
    column: Rate
    kind: grid
    rows: [{ code: "1", label: "Speed" }, { code: "2", label: "Support" }]
    options: [{ code: "1", label: "Poor" }, { code: "2", label: "Good" }, { code: "3", label: "N/A" }]
    nonAnswers: { noAnswer: ["3"] }
`;
    const { aggregates, diagnostics } = await aggregate(spec, 'Rate [Speed],Rate [Support]\nGood,N/A\nPoor,N/A\nGood,Good\nN/A,Poor\n');
    expect(diagnostics).toEqual([]);
    const [speed, support] = aggregates.questions.rate.items!;
    expect(speed.base).toMatchObject({ n: 3, excluded: { count: 1, kinds: ['noAnswer'] } });
    expect(support.base).toMatchObject({ n: 2, excluded: { count: 2, share: 0.5, kinds: ['noAnswer'] } });
    expect(speed.levels.find((l) => l.code === '2')!.share).toBeCloseTo(2 / 3, 10);
  });

  it('the footnote names what it leaves out, in every locale', () => {
    const base = (kinds?: ('dontKnow' | 'noAnswer')[]) => ({ n: 6, asked: 11, population: 'all', description: '', includesDontKnow: false, excluded: { count: 4, share: 0.4, ...(kinds ? { kinds } : {}) } });
    const en = loadCatalogue(TEMPLATES, 'en');
    expect(withExcluded(en, 'Base', base())).toBe("Base, excl. don't know, 40%");
    expect(withExcluded(en, 'Base', base(['noAnswer']))).toBe('Base, excl. no answer, 40%');
    expect(withExcluded(en, 'Base', base(['dontKnow', 'noAnswer']))).toBe("Base, excl. don't know and no answer, 40%");
    const de = loadCatalogue(TEMPLATES, 'de');
    expect(withExcluded(de, 'Basis', base(['noAnswer']))).toBe('Basis, ohne „keine Angabe“, 40\u00a0%');
    for (const locale of ['fr', 'es', 'ja', 'zh-CN'] as const) {
      const catalogue = loadCatalogue(TEMPLATES, locale);
      const [dk, na, both] = [undefined, ['noAnswer' as const], ['dontKnow' as const, 'noAnswer' as const]].map((k) => withExcluded(catalogue, 'B', base(k)));
      expect(new Set([dk, na, both]).size, locale).toBe(3);
      expect(both, locale).toMatch(/40/);
    }
  });
});
