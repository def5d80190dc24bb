// Question kinds beyond choice and grid, from small exports written here by hand after each
// vendor's layout: known answers in, figures counted by hand out (numeric buckets, mean and median,
// weighted; NPS with its options listed 10 … 0; rankings from Qualtrics and SurveyMonkey; nets and
// top box; multi-level grid rows; verbatims; trend files in any format).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { cleanVerbatim } from '../../src/ingest/kinds.js';
import { parseSurveySpec } from '../../src/ingest/survey-spec.js';
import { inspectQuestions } from '../../src/cli/inspect.js';
import { diagnosticsOf } from './helpers.js';
import { KINDS_SPEC_HEAD } from '../helpers.js';

/** Writes the spec and its files into a fresh folder and aggregates. */
async function aggregate(spec: string, files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kinds-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  await writeFile(path.join(dir, 'survey.yaml'), KINDS_SPEC_HEAD + spec);
  return aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
}

/** A Qualtrics header row 3 cell. */
const importId = (id: string) => `"{""ImportId"":""${id}""}"`;

describe('numeric questions', () => {
  it('declared buckets, weighted mean and median', async () => {
    // age (weight): 20 (1), 30 (2), 40 (1), 50 (0.5), 60 (0.5). Σw = 5; mean = 175 / 5 = 35;
    // cumulative weight passes 2.5 at 30 (unweighted, the median would be 40).
    const { aggregates, diagnostics } = await aggregate(
      `input: { format: tidy, file: export.csv, weight: w }
questions:
  age:
    kind: numeric
    buckets: [{ label: "under 35", max: 34 }, { label: "35 to 49", min: 35, max: 49 }, { label: "50 and over", min: 50 }]
`,
      { 'export.csv': 'id,w,age\nr1,1,20\nr2,2,30\nr3,1,40\nr4,0.5,50\nr5,0.5,60\nr6,1,\n' },
    );
    expect(diagnostics).toEqual([]);
    const age = aggregates.questions.age;
    expect(age.base.n).toBeCloseTo(5, 10);
    expect(age.base.unweightedN).toBe(5);
    expect(age.numeric!.mean).toBeCloseTo(35, 10);
    expect(age.numeric!.median).toBe(30);
    expect([age.numeric!.min, age.numeric!.max]).toEqual([20, 60]);
    expect(age.options.map((o) => [o.label, o.count])).toEqual([
      ['under 35', 3],
      ['35 to 49', 1],
      ['50 and over', 1],
    ]);
    expect(age.options[0].share).toBeCloseTo(0.6, 10);
    expect(age.ordinal).toBe(true);
  });

  it('default buckets: one per value when few, even round ranges when many; the median of an even count', async () => {
    const values = [3, 7, 12, 18, 25, 31, 38, 44, 50, 57, 59, 60];
    const { aggregates } = await aggregate(`input: { format: tidy, file: export.csv }\nquestions:\n  years: { kind: numeric }\n  kids: { kind: numeric }\n`, {
      'export.csv': `years,kids\n${values.map((v, i) => `${v},${i % 3}`).join('\n')}\n`,
    });
    const years = aggregates.questions.years;
    // 12 distinct values over 3–60: a step of 10 from 0.
    expect(years.options.map((o) => [o.label, o.count])).toEqual([
      ['0–9', 2],
      ['10–19', 2],
      ['20–29', 1],
      ['30–39', 2],
      ['40–49', 1],
      ['50–59', 3],
      ['60–69', 1],
    ]);
    expect(years.numeric!.median).toBe((31 + 38) / 2);
    // A slider's 0–100: its 100 closes the last range rather than opening "100–119".
    const slider = await aggregate(`input: { format: tidy, file: export.csv }\nquestions:\n  score: { kind: numeric }\n`, {
      'export.csv': `score\n${[0, 5, 18, 20, 33, 47, 52, 64, 71, 79, 80, 88, 95, 100, 100].join('\n')}\n`,
    });
    expect(slider.aggregates.questions.score.options.map((o) => [o.label, o.count])).toEqual([
      ['0–19', 3],
      ['20–39', 2],
      ['40–59', 2],
      ['60–79', 3],
      ['80–100', 5],
    ]);
    expect(aggregates.questions.kids.options.map((o) => [o.label, o.count])).toEqual([
      ['0', 4],
      ['1', 4],
      ['2', 4],
    ]);
  });

  it('a value in no declared bucket is an error, not a dropped answer', async () => {
    const diags = await diagnosticsOf(
      aggregate(`input: { format: tidy, file: export.csv }\nquestions:\n  age: { kind: numeric, buckets: [{ label: young, max: 30 }] }\n`, { 'export.csv': 'id,age\n1,20\n2,45\n' }),
    );
    expect(diags.map((d) => d.code)).toEqual(['INVALID_SURVEY_SPEC']);
    expect(diags[0].message).toContain('1 value(s) fall in no bucket (45)');
  });
});

describe('NPS', () => {
  // Listed 10 … 0 with codes 1 … 11 (positions, as a survey tool numbers them): the scores come from
  // the labels, never from the order or the codes.
  const options = Array.from({ length: 11 }, (_, i) => {
    const score = 10 - i;
    const label = score === 10 ? '10 - Extremely likely' : score === 0 ? '0 - Not at all likely' : String(score);
    return `      - { code: ${i + 1}, label: "${label}" }`;
  }).join('\n');
  const spec = `input: { format: tidy, file: export.csv }
questions:
  recommend:
    column: How likely are you to recommend us?
    kind: nps
    options:
${options}
      - { code: 12, label: "Don't know" }
    nonAnswers: { dontKnow: [12] }
`;
  // 10, 10, 9, 9 promoters; 8, 7 passives; 6, 3, 0 detractors; one "Don't know" (out of the base); one blank.
  const answers = ['10 - Extremely likely', '10 - Extremely likely', '9', '9', '8', '7', '6', '3', '0 - Not at all likely', "Don't know", ''];

  it('promoters − detractors from a reversed option list, non-answers out of the base', async () => {
    const { aggregates, diagnostics } = await aggregate(spec, { 'export.csv': `How likely are you to recommend us?\n${answers.map((a) => `"${a}"`).join('\n')}\n` });
    expect(diagnostics).toEqual([]);
    const q = aggregates.questions.recommend;
    expect(q.base.n).toBe(9);
    expect(q.base.excluded).toEqual({ count: 1, share: 0.1 });
    expect(q.nps!.promoters).toEqual({ count: 4, share: 4 / 9 });
    expect(q.nps!.passives.count).toBe(2);
    expect(q.nps!.detractors).toEqual({ count: 3, share: 3 / 9 });
    expect(q.nps!.score).toBeCloseTo(((4 - 3) / 9) * 100, 10);
    expect(q.options.map((o) => [o.code, o.count])).toEqual([
      ['detractors', 3],
      ['passives', 2],
      ['promoters', 4],
    ]);
  });

  it('an NPS column of numbers; 11 is not a score', async () => {
    const ok = await aggregate(`input: { format: tidy, file: export.csv }\nquestions:\n  nps: { kind: nps }\n`, { 'export.csv': 'id,nps\n1,0\n2,10\n3,10\n4,7\n' });
    expect(ok.aggregates.questions.nps.nps!.score).toBeCloseTo(25, 10);
    const diags = await diagnosticsOf(aggregate(`input: { format: tidy, file: export.csv }\nquestions:\n  nps: { kind: nps }\n`, { 'export.csv': 'id,nps\n1,0\n2,11\n' }));
    expect(diags[0].message).toContain('NPS answers are whole numbers 0–10; the export has 11');
  });

  it('options whose scores cannot be told need a value', async () => {
    const diags = await diagnosticsOf(
      aggregate(`input: { format: tidy, file: export.csv }\nquestions:\n  nps:\n    kind: nps\n    options: [{ code: a, label: Low }, { code: b, label: High }]\n`, { 'export.csv': 'id,nps\n1,Low\n' }),
    );
    expect(diags[0].message).toContain('give each option a `value`');
  });
});

describe('rankings', () => {
  // Ranks per respondent (Speed, Price, Support): 1 2 3 · 2 1 3 · 1 3 2 · 3 2 1.
  // Speed: mean 7/4, first 2 of 4, top two 3 of 4. Price: mean 8/4, first 1, top two 3.
  // Support: mean 9/4, first 1, top two 2.
  const expectRanking = (q: import('../../src/ir.js').QuestionAggregate) => {
    expect(q.base.n).toBe(4);
    expect(q.ranking!.top).toBe(2);
    expect(q.ranking!.items.map((it) => [it.label, it.meanRank, it.firstShare, it.topShare])).toEqual([
      ['Speed', 1.75, 0.5, 0.75],
      ['Price', 2, 0.25, 0.75],
      ['Support', 2.25, 0.25, 0.5],
    ]);
    expect(q.options.map((o) => [o.label, o.count])).toEqual([
      ['Speed', 2],
      ['Price', 1],
      ['Support', 1],
    ]);
    expect(q.items!.map((it) => it.levels.map((l) => l.count))).toEqual([
      [2, 1, 1],
      [1, 2, 1],
      [1, 1, 2],
    ]);
  };

  it('Qualtrics: one column per item (Q1_1 …), the rank in each cell', async () => {
    const csv = [
      'StartDate,ResponseId,Q1_1,Q1_2,Q1_3',
      'Start Date,Response ID,Rank these - Speed,Rank these - Price,Rank these - Support',
      [importId('startDate'), importId('_recordId'), importId('QID1_1'), importId('QID1_2'), importId('QID1_3')].join(','),
      '2025-01-01,R_1,1,2,3',
      '2025-01-01,R_2,2,1,3',
      '2025-01-01,R_3,1,3,2',
      '2025-01-01,R_4,3,2,1',
    ].join('\n');
    const { aggregates, diagnostics, summary } = await aggregate(`input: { file: export.csv }\nquestions:\n  Q1: { kind: ranking, ranking: { top: 2 } }\n`, { 'export.csv': csv + '\n' });
    expect(summary.format).toBe('qualtrics');
    expect(diagnostics).toEqual([]);
    expectRanking(aggregates.questions.Q1);
    expect(aggregates.questions.Q1.items!.map((it) => it.code)).toEqual(['1', '2', '3']);
    // inspect names the declared kind, not the grid it is counted as.
    const spec = parseSurveySpec('survey.yaml', `${KINDS_SPEC_HEAD}input: { file: export.csv }\nquestions:\n  Q1: { kind: ranking, ranking: { top: 2 } }\n`);
    expect(inspectQuestions(aggregates, spec)[0]).toMatchObject({ id: 'Q1', kind: 'ranking', base: 4 });
  });

  it('SurveyMonkey expanded: one column per item, labelled by the item', async () => {
    const csv = [
      'Respondent ID,Rank these,,',
      ',Speed,Price,Support',
      '1,1,2,3',
      '2,2,1,3',
      '3,1,3,2',
      '4,3,2,1',
    ].join('\n');
    const { aggregates, diagnostics } = await aggregate(
      `input: { format: surveymonkey-expanded, file: export.csv }\nquestions:\n  rank:\n    column: Rank these\n    kind: ranking\n    ranking: { top: 2 }\n    rows: [{ code: s, label: Speed }, { code: p, label: Price }, { code: u, label: Support }]\n`,
      { 'export.csv': csv + '\n' },
    );
    expect(diagnostics).toEqual([]);
    expectRanking(aggregates.questions.rank);
  });
});

describe('nets and top box', () => {
  const spec = `input: { format: tidy, file: export.csv, separator: ";" }
questions:
  sat:
    kind: single
    options: [{ code: 1, label: Poor }, { code: 2, label: Fair }, { code: 3, label: Good }, { code: 4, label: Excellent }, { code: 9, label: Unsure }]
    nonAnswers: { dontKnow: [9] }
    scale: { polarity: ascending }
    topBox: 2
    nets: [{ id: unhappy, label: Unhappy, codes: [1, 2] }]
  tools:
    kind: multi
    options: [{ code: a, label: Git }, { code: b, label: Hg }, { code: c, label: Svn }]
    nets: [{ id: legacy, label: Older tools, codes: [b, c] }]
findings:
  satisfied: { question: sat, net: top2box }
  legacy: { question: tools, net: legacy }
`;
  // sat: Excellent, Good, Good, Fair, Poor, Unsure → base 5 (Unsure out); top two (Good, Excellent) 3.
  // tools: Git;Hg;Svn · Hg;Svn · Git · Svn → "older tools" by 3 respondents, not 4 (Hg + Svn choices).
  const csv = 'sat,tools\nExcellent,Git;Hg;Svn\nGood,Hg;Svn\nGood,Git\nFair,Svn\nPoor,\nUnsure,\n';

  it('a net counts each respondent once; top box follows the polarity; findings quote them', async () => {
    const { aggregates, diagnostics } = await aggregate(spec, { 'export.csv': csv });
    expect(diagnostics).toEqual([]);
    const sat = aggregates.questions.sat;
    expect(sat.nets).toEqual([
      { id: 'unhappy', label: 'Unhappy', codes: ['1', '2'], count: 2, share: 2 / 5 },
      { id: 'top2box', label: 'Top 2 box', codes: ['3', '4'], count: 3, share: 3 / 5 },
    ]);
    expect(aggregates.questions.tools.nets![0]).toMatchObject({ count: 3, share: 3 / 4 });
    expect(aggregates.findings.satisfied).toMatchObject({ codes: ['3', '4'], count: 3, share: 3 / 5 });
    expect(aggregates.findings.legacy).toMatchObject({ codes: ['b', 'c'], count: 3 });
  });

  it('descending polarity takes the first options; a net on an unknown code is an error', async () => {
    const flipped = spec.replace('polarity: ascending', 'polarity: descending');
    const { aggregates } = await aggregate(flipped, { 'export.csv': csv });
    expect(aggregates.questions.sat.nets![1]).toMatchObject({ codes: ['1', '2'], count: 2 });
    const diags = await diagnosticsOf(aggregate(spec.replace('codes: [b, c]', 'codes: [b, z]'), { 'export.csv': csv }));
    expect(diags.map((d) => d.message)).toContain('questions.tools.nets.legacy: no code z; its codes are a, b, c');
  });
});

describe('multi-level grid rows', () => {
  const spec = (format: string) => `input: { format: ${format}, file: export.csv, separator: ", " }
questions:
  hosts:
    column: Which versions do you use?
    kind: grid-multi
    rows: [{ code: 1, label: Alpha }, { code: 2, label: Beta }]
    options: [{ code: 1, label: Free }, { code: 2, label: Paid }, { code: 3, label: Not used }]
findings:
  alphaPaid: { question: hosts, item: 1, codes: [2] }
`;
  // Alpha: free+paid, free, paid, not used → 4 answered, free 2, paid 2 (shares add to over 100%).
  // Beta: not used, paid, (blank), free+paid → 3 answered, free 1, paid 2, not used 1.
  const expectHosts = (a: import('../../src/ir.js').Aggregates) => {
    const q = a.questions.hosts;
    expect(q.multiLevel).toBe(true);
    expect(q.items!.map((it) => [it.label, it.base.n, it.levels.map((l) => l.count)])).toEqual([
      ['Alpha', 4, [2, 2, 1]],
      ['Beta', 3, [1, 2, 1]],
    ]);
    expect(q.items![0].levels.reduce((s, l) => s + l.share, 0)).toBeCloseTo(5 / 4, 10);
    expect(a.findings.alphaPaid).toMatchObject({ count: 2, share: 0.5 });
  };

  it('SurveyMonkey expanded: a column per row and level, several ticked in a row', async () => {
    const csv = [
      'Respondent ID,Which versions do you use?,,,,,',
      ',Alpha - Free,Alpha - Paid,Alpha - Not used,Beta - Free,Beta - Paid,Beta - Not used',
      '1,1,2,,1,2,',
      '2,1,,,,2,',
      '3,,2,,,,',
      '4,,,3,,,3',
    ].join('\n');
    // Respondent 1: Alpha free+paid, Beta free+paid; 2: Alpha free, Beta paid; 3: Alpha paid; 4: both not used.
    const { aggregates, diagnostics } = await aggregate(spec('surveymonkey-expanded'), { 'export.csv': csv + '\n' });
    expect(diagnostics).toEqual([]);
    expectHosts(aggregates);
  });

  it('Google Forms checkbox grid: the row\'s levels joined in one cell', async () => {
    const csv = [
      'Timestamp,Which versions do you use? [Alpha],Which versions do you use? [Beta]',
      '2025-01-01,"Free, Paid","Free, Paid"',
      '2025-01-01,Free,Paid',
      '2025-01-01,Paid,',
      '2025-01-01,Not used,Not used',
    ].join('\n');
    const { aggregates, diagnostics } = await aggregate(spec('tidy'), { 'export.csv': csv + '\n' });
    expect(diagnostics).toEqual([]);
    expectHosts(aggregates);
  });
});

describe('verbatims', () => {
  const spec = (rules: string) => `input: { format: tidy, file: export.csv }
${rules}
questions:
  why: { kind: text }
  other: { kind: text, verbatims: { show: false } }
`;
  const csv = [
    'why,other',
    '"Fine, thanks",x',
    'n/a,y',
    'ok,',
    '"Multi\nline   answer with **stars** and {{t ""x""}}",',
    '"A very long answer that goes on and on about everything the respondent ever thought about the product and more",',
  ].join('\n');

  it('filters (min length, excluded text, max count), cuts long answers, keeps text as written', async () => {
    const { aggregates } = await aggregate(spec('verbatims: { minLength: 3, exclude: ["N/A"], max: 3, maxLength: 50 }'), { 'export.csv': csv + '\n' });
    const why = aggregates.questions.why;
    expect(why.textAnswers).toBe(5);
    expect(why.verbatims).toEqual([
      'Fine, thanks',
      'Multi line answer with **stars** and {{t "x"}}',
      'A very long answer that goes on and on about…',
    ]);
    expect(aggregates.questions.other.verbatims).toBeUndefined();
    expect(aggregates.questions.other.textAnswers).toBe(2);
  });

  it('show: false leaves them out; the default keeps all', async () => {
    const off = await aggregate(spec('verbatims: { show: false }'), { 'export.csv': csv + '\n' });
    expect(off.aggregates.questions.why.verbatims).toBeUndefined();
    const on = await aggregate(spec(''), { 'export.csv': csv + '\n' });
    expect(on.aggregates.questions.why.verbatims).toHaveLength(5);
  });

  it('control characters and lone surrogates never reach the aggregates', () => {
    expect(cleanVerbatim('a\u0000b\u0007c\ud800d \u{1F600}', 100)).toBe('a b c d \u{1F600}');
  });
});

describe('trend files in any format', () => {
  const spec = (trend: string) => `input: { format: tidy, file: export.csv, separator: ", " }
questions:
  ospo:
    column: Has OSPO
    kind: single
    options: [{ code: 1, label: "Yes" }, { code: 2, label: "No" }]
  tools:
    column: Tools
    kind: multi
    options: [{ code: a, label: Git }, { code: b, label: Jira }, { code: 9, label: Not sure }]
    nonAnswers: { dontKnow: [9] }
${trend}`;
  const now = 'Has OSPO,Tools\nYes,Git\nNo,"Git, Jira"\n';
  // The earlier wave: Git and Jira, Not sure, Jira, (nothing), Git → 4 answered, 1 only "Not sure":
  // base 3; Git 2, Jira 2. OSPO: yes 3, no 2.
  const expectTrends = (a: import('../../src/ir.js').Aggregates) => {
    const tools = a.questions.tools.trend!;
    expect(tools).toMatchObject({ year: 2024, base: { n: 3, asked: 5, excluded: { count: 1 } } });
    expect(tools.options.map((o) => [o.code, o.count])).toEqual([
      ['a', 2],
      ['b', 2],
      ['9', 1],
    ]);
    expect(tools.options[0].share).toBeCloseTo(2 / 3, 10);
    expect(a.questions.ospo.trend!.options.map((o) => [o.code, o.count])).toEqual([
      ['1', 3],
      ['2', 2],
    ]);
  };

  it('a Qualtrics earlier wave, numeric codes mapped to this year\'s (format detected)', async () => {
    const earlier = [
      'ResponseId,Q1,Q2',
      'Response ID,Do you have an OSPO?,Which tools? - Selected Choice',
      [importId('_recordId'), importId('QID1'), importId('QID2')].join(','),
      'R_1,1,"1,2"',
      'R_2,1,3',
      'R_3,2,2',
      'R_4,1,',
      'R_5,2,1',
    ].join('\n');
    const trend = `trend:
  year: 2024
  file: earlier.csv
  populations: { all: {} }
  questions:
    ospo: { id: Q1, codeMap: { "1": 1, "2": 2 } }
    tools: { id: Q2, codeMap: { "1": a, "2": b, "3": "9" } }
`;
    const { aggregates, diagnostics } = await aggregate(spec(trend), { 'export.csv': now, 'earlier.csv': earlier + '\n' });
    expect(diagnostics).toEqual([]);
    expectTrends(aggregates);
    expect(aggregates.questions.tools.trend!.questionId).toBe('Q2');
  });

  it('a Google Forms earlier wave, labels in other columns', async () => {
    const earlier = ['Timestamp,Do you have an OSPO?,Which tools?', 't,Yes,"Git, Jira"', 't,Yes,Not sure', 't,No,Jira', 't,Yes,', 't,No,Git'].join('\n');
    const trend = `trend:
  year: 2024
  file: earlier.csv
  format: tidy
  populations: { all: {} }
  questions:
    ospo: { id: ospo, column: Do you have an OSPO? }
    tools: { id: tools, column: Which tools? }
`;
    const { aggregates, diagnostics } = await aggregate(spec(trend), { 'export.csv': now, 'earlier.csv': earlier + '\n' });
    expect(diagnostics).toEqual([]);
    expectTrends(aggregates);
  });

  it('a trend file in another format than the spec names is an error naming both', async () => {
    const earlier = ['ResponseId,Q1', 'Response ID,Q', [importId('_recordId'), importId('QID1')].join(','), 'R_1,1'].join('\n');
    const trend = `trend:\n  year: 2024\n  file: earlier.csv\n  format: tidy\n  populations: { all: {} }\n  questions:\n    ospo: { id: Q1 }\n`;
    const diags = await diagnosticsOf(aggregate(spec(trend), { 'export.csv': now, 'earlier.csv': earlier + '\n' }));
    expect(diags[0]).toMatchObject({ code: 'WRONG_FORMAT' });
    expect(diags[0].message).toContain('trend.format says tidy, but the 2024 export looks like a qualtrics export');
  });
});
