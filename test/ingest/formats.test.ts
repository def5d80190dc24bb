// Every input format, from exports written by hand after each vendor's documented layout
// (test/fixtures/ingest/formats/README.md): known answers in, the same counts out.
import { mkdtemp, writeFile, copyFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Aggregates } from '../../src/ir.js';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { boxOfChoice, colonPart, gridPart } from '../../src/ingest/formats/tidy.js';
import { colonGroups } from '../../src/ingest/draft-spec.js';
import { diagnosticsOf, fixtures } from './helpers.js';

const dir = path.join(fixtures, 'formats');
const run = (spec: string) => aggregateSurvey({ specFile: path.join(dir, spec) });

/** What the figures are, without labels (they are in each export's language). */
function figures(a: Aggregates) {
  const q = a.questions;
  return {
    respondents: a.survey.respondents,
    sat: { n: q.sat.base.n, asked: q.sat.base.asked, counts: q.sat.options.map((o) => [o.code, o.count]), dontKnow: q.sat.options.filter((o) => o.nonAnswer === 'dontKnow').map((o) => o.code) },
    tools: { n: q.tools.base.n, counts: q.tools.options.map((o) => [o.code, o.count]), none: q.tools.options.filter((o) => o.nonAnswer === 'none').map((o) => o.code) },
    prio: q.prio.items!.map((it) => ({ row: it.code, n: it.base.n, answered: it.base.n + (it.base.excluded?.count ?? 0), counts: it.levels.map((l) => [l.code, l.count]) })),
    age: q.age.options.map((o) => [o.code, o.count]),
    comments: q.comment.textAnswers,
  };
}

// Counted by hand from the table in the fixtures' README.
const expected = (other: [string, number]) => ({
  respondents: 5,
  sat: { n: 4, asked: 5, counts: [['1', 1], ['2', 2], ['3', 0], ['4', 1], ['5', 0], ['9', 1]], dontKnow: ['9'] },
  tools: { n: 5, counts: [['1', 2], ['2', 2], ['3', 2], ['4', 1], other], none: ['4'] },
  prio: [
    { row: '1', n: 3, answered: 4, counts: [['1', 1], ['2', 1], ['3', 1], ['9', 1]] },
    { row: '2', n: 3, answered: 4, counts: [['1', 0], ['2', 1], ['3', 2], ['9', 1]] },
  ],
  age: [['29', 1], ['34', 1], ['38', 1], ['41', 1], ['55', 1]],
  comments: 2,
});

describe('input formats', () => {
  it('Qualtrics, numeric values, weighted: weighted shares with unweighted and Kish effective bases', async () => {
    const { aggregates, diagnostics, summary } = await run('qualtrics-numeric.yaml');
    expect(diagnostics).toEqual([]);
    expect(summary).toMatchObject({ format: 'qualtrics', rowsRead: 6, removed: [{ name: 'previews', rows: 1 }], respondents: 5, weighted: true });
    const sat = aggregates.questions.sat;
    // Weights 1, 2, 0.5 (don't know), 1.5, 1: base Σw = 5.5 without "don't know"; Σw² = 8.25.
    expect(sat.base.n).toBeCloseTo(5.5, 10);
    expect(sat.base.unweightedN).toBe(4);
    expect(sat.base.effectiveN).toBeCloseTo(30.25 / 8.25, 10);
    expect(sat.options.find((o) => o.code === '2')!.share).toBeCloseTo(3 / 5.5, 10);
    expect(sat).toMatchObject({ polarity: 'descending', neutral: '3', ordinal: true });
    expect(aggregates.survey).toMatchObject({ fieldedFrom: '2024-03-04', fieldedTo: '2024-03-07' });
  });

  it('Qualtrics, choice text: a label fixed for the decks (`labels:`) still matches the wording the export writes', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'sd-labels-'));
    await copyFile(path.join(dir, 'qualtrics-text.csv'), path.join(tmp, 'qualtrics-text.csv'));
    const spec = readFileSync(path.join(dir, 'qualtrics-text.yaml'), 'utf8').replace('  sat:\n    column: Q1\n', '  sat:\n    column: Q1\n    labels: { "1": "Delighted" }\n');
    expect(spec).toContain('Delighted');
    await writeFile(path.join(tmp, 'qualtrics-text.yaml'), spec);
    const { aggregates, diagnostics } = await aggregateSurvey({ specFile: path.join(tmp, 'qualtrics-text.yaml') });
    expect(diagnostics).toEqual([]);
    expect(aggregates.questions.sat.options[0]).toMatchObject({ code: '1', label: 'Delighted', count: 1 });
    expect(figures(aggregates)).toEqual(expected(['5', 1]));
  });

  it('Qualtrics, numeric values: a coded Other is an option the spec marks as a non-answer', async () => {
    const { aggregates } = await run('qualtrics-numeric.yaml');
    const f = figures(aggregates);
    // Counts are weighted too; compare the unweighted respondents through the bases instead.
    expect(f.respondents).toBe(5);
    expect(aggregates.questions.tools.options.map((o) => o.code)).toEqual(['1', '2', '3', '4', '5']);
    expect(aggregates.questions.tools.options.find((o) => o.code === '5')).toMatchObject({ nonAnswer: 'other', count: 1.5 });
  });

  it('Qualtrics with "seen but unanswered" recoded as -99: `input.missing` reads it as no answer, drafted so by init', async () => {
    // Two answers of the numeric fixture turned into -99: R_2b's satisfaction (Q1) and R_3c's age (Q4).
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'sd-missing-'));
    const lines = readFileSync(path.join(dir, 'qualtrics-numeric.csv'), 'utf8').split('\n');
    const at = (id: string) => lines.findIndex((l) => l.includes(`,${id},`));
    const cellsOf = (i: number) => lines[i].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const set = (id: string, col: number) => {
      const cells = cellsOf(at(id));
      cells[col] = '-99';
      lines[at(id)] = cells.join(',');
    };
    const header = cellsOf(0);
    set('R_2b', header.indexOf('Q1'));
    set('R_3c', header.indexOf('Q4'));
    await writeFile(path.join(tmp, 'qualtrics-numeric.csv'), lines.join('\n'));
    const specText = readFileSync(path.join(dir, 'qualtrics-numeric.yaml'), 'utf8');
    await writeFile(path.join(tmp, 'without.yaml'), specText);
    // Without `missing`, -99 is an undeclared code, named by its cell.
    const [d] = await diagnosticsOf(aggregateSurvey({ specFile: path.join(tmp, 'without.yaml') }));
    expect(d.code).toBe('UNKNOWN_OPTION_CODE');
    expect(d.message).toContain('-99');
    await writeFile(path.join(tmp, 'with.yaml'), specText.replace('  values: codes\n', '  values: codes\n  missing: ["-99"]\n'));
    const before = (await run('qualtrics-numeric.yaml')).aggregates;
    const { aggregates, diagnostics } = await aggregateSurvey({ specFile: path.join(tmp, 'with.yaml') });
    expect(diagnostics).toEqual([]);
    // R_2b (weight 2) chose "Satisfied" before; now it answered nothing: out of the base, not a code.
    expect(aggregates.questions.sat.base.unweightedN).toBe(before.questions.sat.base.unweightedN! - 1);
    expect(aggregates.questions.sat.options.find((o) => o.code === '2')!.count).toBeCloseTo(before.questions.sat.options.find((o) => o.code === '2')!.count - 2, 10);
    expect(aggregates.questions.age.base.unweightedN).toBe(before.questions.age.base.unweightedN! - 1);
    expect(aggregates.questions.age.options.some((o) => o.code === '-99')).toBe(false);
    // init drafts the same: -99 is no option and no number entered, and the spec says so.
    const { draftSpec, renderDraft } = await import('../../src/ingest/draft-spec.js');
    const draft = await draftSpec(path.join(tmp, 'qualtrics-numeric.csv'));
    expect(draft.missing).toEqual(['-99']);
    expect(draft.confirm.some((c) => /2 row\(s\) hold -99 in answer columns/.test(c))).toBe(true);
    expect(draft.questions.flatMap((q) => q.options.map((o) => o.label))).not.toContain('-99');
    expect(renderDraft(draft, { id: 'x', specDir: tmp })).toMatch(/^ {2}missing: \["-99"\] {2}# CONFIRM/m);
  });

  it('Qualtrics, choice text (labels with the separator inside them)', async () => {
    const { aggregates, diagnostics, summary } = await run('qualtrics-text.yaml');
    expect(diagnostics).toEqual([]);
    expect(summary.removed).toEqual([{ name: 'previews', rows: 1 }]);
    expect(figures(aggregates)).toEqual(expected(['5', 1]));
  });

  it('SurveyMonkey expanded, two header rows, actual answer text, no reference model', async () => {
    const { aggregates, diagnostics, summary } = await run('surveymonkey-expanded.yaml');
    expect(diagnostics).toEqual([]);
    expect(summary.removed).toEqual([{ name: 'test-collector', rows: 1 }]);
    expect(figures(aggregates)).toEqual(expected(['other', 1]));
  });

  it('SurveyMonkey condensed: one column per question, one per grid row (Q3_1)', async () => {
    const { aggregates, diagnostics } = await run('surveymonkey-condensed.yaml');
    expect(diagnostics).toEqual([]);
    expect(figures(aggregates)).toEqual(expected(['other', 1]));
  });

  it('SurveyMonkey condensed with a reference model counts what the expanded export counts', async () => {
    const mini = path.join(fixtures, 'mini');
    const expanded = await aggregateSurvey({ specFile: path.join(mini, 'spec.yaml'), rawFile: path.join(mini, 'valid.csv'), modelFile: path.join(mini, 'model.csv') });
    const condensed = await aggregateSurvey({ specFile: path.join(mini, 'spec-condensed.yaml') });
    expect(condensed.diagnostics).toEqual([]);
    expect(condensed.summary.format).toBe('surveymonkey-condensed');
    const counts = (a: Aggregates) =>
      Object.values(a.questions).map((q) => [q.id, q.kind, q.base.n, q.base.asked, q.options.map((o) => [o.code, o.count]), q.items?.map((i) => [i.code, i.base.n, i.levels.map((l) => [l.code, l.count])]), q.textAnswers]);
    expect(counts(condensed.aggregates)).toEqual(counts(expanded.aggregates));
    expect(condensed.aggregates.findings).toEqual(expanded.aggregates.findings);
  });

  it('Google Forms in German: labels matched across ", " inside "Git, GitHub", free text as Other', async () => {
    const { aggregates, diagnostics } = await run('google-forms.yaml');
    expect(diagnostics).toEqual([]);
    expect(figures(aggregates)).toEqual(expected(['other', 1]));
    expect(aggregates.questions.sat.options.find((o) => o.code === '9')!.label).toBe('Weiß nicht');
    expect(aggregates.questions.sat.options.find((o) => o.code === '3')).toMatchObject({ label: 'Weder zufrieden noch unzufrieden', shortLabel: 'Teils, teils' });
  });

  it('Microsoft Forms (.xlsx, ";"-joined with a trailing ";")', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-msforms-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    const q = ['How satisfied are you with the product?', 'Which tools do you use?', 'How old are you?'];
    ws.addRow(['ID', 'Start time', 'Completion time', 'Email', 'Name', ...q]);
    ws.addRow([1, '3/4/24 9:12:01', '3/4/24 9:15:40', 'anonymous', '', 'Very satisfied', 'Git, GitHub;Jira;', 34]);
    ws.addRow([2, '3/4/24 10:00:00', '3/4/24 10:04:00', 'anonymous', '', 'Satisfied', 'Jira;', 41]);
    ws.addRow([3, '3/5/24 11:30:00', '3/5/24 11:33:00', 'anonymous', '', "I don't know", 'None of these;', 29]);
    await wb.xlsx.writeFile(path.join(tmp, 'responses.xlsx'));
    const spec = (await import('node:fs/promises')).readFile(path.join(dir, 'surveymonkey-expanded.yaml'), 'utf8');
    const text = (await spec)
      .replace(/input:[\s\S]*?\nfilters:[\s\S]*?\nquestions:/, 'input: { format: tidy, file: responses.xlsx, values: labels, separator: ";" }\nquestions:')
      .replace(/  prio:[\s\S]*?(?=  age:)/, '')
      .replace(/  comment:.*\n/, '');
    await writeFile(path.join(tmp, 'survey.yaml'), text);
    const { aggregates, diagnostics } = await aggregateSurvey({ specFile: path.join(tmp, 'survey.yaml') });
    expect(diagnostics).toEqual([]);
    expect(aggregates.questions.tools.options.map((o) => [o.code, o.count])).toEqual([['1', 1], ['2', 2], ['3', 0], ['4', 1]]);
    expect(aggregates.questions.sat.base).toMatchObject({ n: 2, asked: 3 });
  });

  it('detects the format when the spec does not name it, and says why', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-detect-'));
    for (const [csv, spec] of [['qualtrics-text.csv', 'qualtrics-text.yaml'], ['surveymonkey-condensed.csv', 'surveymonkey-condensed.yaml'], ['google-forms.csv', 'google-forms.yaml'], ['surveymonkey-expanded.csv', 'surveymonkey-expanded.yaml']]) {
      await copyFile(path.join(dir, csv), path.join(tmp, csv));
      const text = (await (await import('node:fs/promises')).readFile(path.join(dir, spec), 'utf8')).replace(/  format: .*\n/, '');
      await writeFile(path.join(tmp, spec), text);
      const { summary } = await aggregateSurvey({ specFile: path.join(tmp, spec) });
      expect(summary.explanation, csv).toMatch(/detected: /);
      expect(summary.format, csv).toBe(spec.replace(/-(text|numeric)\.yaml$/, '').replace('.yaml', '').replace('google-forms', 'tidy'));
    }
  });

  it('a file in the wrong format names the format expected and what was found', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-wrong-'));
    await copyFile(path.join(dir, 'qualtrics-text.csv'), path.join(tmp, 'google-forms.csv'));
    await copyFile(path.join(dir, 'google-forms.yaml'), path.join(tmp, 'survey.yaml'));
    const [d] = await diagnosticsOf(aggregateSurvey({ specFile: path.join(tmp, 'survey.yaml') }));
    expect(d.code).toBe('WRONG_FORMAT');
    expect(d.message).toMatch(/expects a tidy export, but this file looks like a qualtrics export: row 3 holds Qualtrics ImportId JSON/);
  });

  it('a spec cannot name a file outside its folder', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-escape-'));
    const text = (await (await import('node:fs/promises')).readFile(path.join(dir, 'google-forms.yaml'), 'utf8')).replace('file: google-forms.csv', 'file: ../../etc/passwd');
    await writeFile(path.join(tmp, 'survey.yaml'), text);
    const [d] = await diagnosticsOf(aggregateSurvey({ specFile: path.join(tmp, 'survey.yaml') }));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/input\.file: `\.\.\/\.\.\/etc\/passwd` is outside the folder/);
  });

  it('an answer that is no declared option is an error naming file, line and column', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-unknown-'));
    const csv = (await (await import('node:fs/promises')).readFile(path.join(dir, 'google-forms.csv'), 'utf8')).replace('Zufrieden,Jira', 'Glücklich,Jira');
    await writeFile(path.join(tmp, 'google-forms.csv'), csv);
    await copyFile(path.join(dir, 'google-forms.yaml'), path.join(tmp, 'google-forms.yaml'));
    const [d] = await diagnosticsOf(aggregateSurvey({ specFile: path.join(tmp, 'google-forms.yaml') }));
    expect([d.code, d.line, d.column]).toEqual(['UNKNOWN_OPTION_CODE', 3, 3]);
    expect(d.message).toContain('`Glücklich`');
  });
});

describe('header grammars of tidy exports', () => {
  it('"Question [Part]" and "Question (choice=Option)" split at the last mark, and a hostile header is read in linear time, not backtracked', () => {
    expect(gridPart('Which [a] tools [Git]')).toEqual({ question: 'Which [a] tools', option: 'Git' });
    expect(boxOfChoice('Tools (choice=Git (self-hosted))')).toEqual({ question: 'Tools', option: 'Git (self-hosted)' });
    expect([gridPart('Q []'), gridPart(' [x]'), boxOfChoice('Tools (choice=)'), gridPart('plain')]).toEqual([undefined, undefined, undefined, undefined]);
    // /^(.*\S)\s*\[(.+)\]$/ took 0.35 s on "[ " × 20,000 and grows with the square: this many would
    // not finish within the test's time.
    expect(gridPart(`x${'[ '.repeat(2_000_000)}`)).toBeUndefined();
    expect(boxOfChoice(`x${'(choice= '.repeat(500_000)}`)).toBeUndefined();
  });

  it('"Option:Question" (Alchemer) and "Question:Option" split where a side is the question, a ":" inside either kept', () => {
    const known = new Set(['Rate these: how satisfied?', 'Tools']);
    const isQuestion = (t: string) => known.has(t);
    expect(colonPart('Price:Rate these: how satisfied?', isQuestion)).toEqual({ question: 'Rate these: how satisfied?', option: 'Price' });
    expect(colonPart('Tools:CI:CD', isQuestion)).toEqual({ question: 'Tools', option: 'CI:CD' });
    expect(colonPart('Price:Unknown question', isQuestion)).toBeUndefined();
    expect(colonPart(`x${':'.repeat(1_000_000)}Tools`, isQuestion)).toBeUndefined();
    // Drafting: runs of adjacent headers sharing a side; the longest shared wording where a question holds ":".
    const all = () => true;
    expect(colonGroups(['Price:Rate these: how?', 'Quality:Rate these: how?', 'Age'], all)).toEqual([
      { question: 'Rate these: how?', option: 'Price' },
      { question: 'Rate these: how?', option: 'Quality' },
      undefined,
    ]);
    expect(colonGroups(['Rate: how?:Price', 'Rate: how?:Quality'], all)).toEqual([
      { question: 'Rate: how?', option: 'Price' },
      { question: 'Rate: how?', option: 'Quality' },
    ]);
    // One header alone, or two sharing nothing, is no group.
    expect(colonGroups(['Note: one', 'Other: two'], all)).toEqual([undefined, undefined]);
  });
});
