// Highlights: a spec's highlights are checked against its findings, questions, segments and claims at
// ingest (one INVALID_SURVEY_SPEC line each), get their defaults there, and become deck slides in bind:
// messages by role from `highlights.<id>.*`, the finding's share, count and n as arguments.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { highlightEntry, highlightsFor, slotHighlight } from '../../src/bind/highlights.js';
import { checkHighlights } from '../../src/ingest/highlights.js';
import { parseSurveySpec } from '../../src/ingest/survey-spec.js';
import type { Finding, Highlight, QuestionAggregate } from '../../src/ir.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { tempDir, TEMPLATES } from '../helpers.js';

const SPEC = `version: 2
survey: { id: mini, title: Mini, year: 2025 }
source: { publisher: p, title: t, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: a }
populations: { all: { description: respondents, sections: [] } }
segments: { size: { question: q1, segments: [{ id: small, label: Small, phrase: at small ones, codes: [1] }] } }
base: { nonAnswers: exclude }
findings: { renewing: { question: q7, codes: [4, 5] } }
claims:
  renewMajority: { kind: share, finding: renewing, threshold: 0.5 }
`;
const finding = { id: 'renewing', question: 'q7', codes: ['4', '5'] } as unknown as Finding;
const q7 = { id: 'q7', kind: 'single', crosstabs: {} } as unknown as QuestionAggregate;
const check = (highlights: string) => {
  const errors: string[] = [];
  const spec = parseSurveySpec('survey.yaml', `${SPEC}highlights:\n${highlights}`);
  return { out: checkHighlights(spec, { renewing: finding }, { q7 }, (m) => void errors.push(m)), errors };
};

describe('highlights at ingest', () => {
  it('fills in the template, the chart spec and the highlighted finding', () => {
    const { out, errors } = check('  - { id: renewal, finding: renewing, claims: [renewMajority], chart: { rows: options, question: q7 } }\n');
    expect(errors).toEqual([]);
    expect(out).toEqual([
      { id: 'renewal', template: 'chart', finding: 'renewing', chart: { rows: 'options', question: 'q7', spec: 'bar-horizontal', highlight: ['renewing'] }, claims: ['renewMajority'], args: {}, text: {} },
    ]);
  });

  it('names each reference that does not exist', () => {
    const { errors } = check(
      [
        '  - { id: a, finding: leaving, chart: { rows: options, question: q99 } }',
        '  - { id: a, claims: [renewMinority], args: { x: answers.q7 } }',
        '  - { id: b, chart: { rows: segments, question: q7, by: size, segments: ["size:large"] } }',
        '  - { id: c, chart: { rows: items, question: q7, marks: renewMajority } }',
        '  - { id: d, template: big-numbers }',
      ].join('\n') + '\n',
    );
    expect(errors).toEqual([
      'highlights[0] (a): no finding `leaving` (declare it under findings:)',
      'highlights[0] (a): no question `q99` in the aggregates',
      'highlights[1] (a): the id `a` is used twice (it names the highlight\'s messages)',
      'highlights[1] (a): no claim `renewMinority` (declare it under claims:)',
      'highlights[1] (a): argument `x` (`answers.q7`) must start with one of findings, questions, survey, source, thresholds, significance, segments',
      'highlights[2] (b): q7 has no crosstab by `size` (list the dimension under crosstabs: `crosstabs: [size]`)',
      'highlights[2] (b): no segment `size:large` under `size`',
      'highlights[3] (c): chart rows `items` are a grid\'s rows; q7 is single',
      'highlights[3] (c): chart marks come from a `segments` claim; `renewMajority` is share',
      'highlights[4] (d): template `big-numbers` needs `kpis` (two to four findings)',
    ]);
  });

  it('refuses a finding its chart does not draw: the headline figure must be on the chart beside it', () => {
    const q1 = { id: 'q1', kind: 'single', crosstabs: {} } as unknown as QuestionAggregate;
    const spec = parseSurveySpec(
      'survey.yaml',
      `${SPEC}highlights:\n  - { id: e, finding: renewing, chart: { rows: options, question: q1 } }\n  - { id: f, finding: renewing, chart: { rows: findings, findings: [other] } }\n  - { id: g, finding: renewing, chart: { rows: segments, question: q7, by: size, segments: ["size:small"] } }\n`,
    );
    const errors: string[] = [];
    checkHighlights(spec, { renewing: finding, other: { ...finding, id: 'other', question: 'q1' } as Finding }, { q1, q7: { ...q7, crosstabs: { size: {} } } as unknown as QuestionAggregate }, (m) => void errors.push(m));
    expect(errors).toEqual([
      'highlights[0] (e): its finding `renewing` (question q7) is not drawn by its chart (question q1): the headline\'s figure would stand beside a chart that does not show it',
      'highlights[1] (f): its finding `renewing` (question q7) is not drawn by its chart (findings: other): the headline\'s figure would stand beside a chart that does not show it',
    ]);
  });

  it('a question\'s own slide: `question` alone (and `decks`), no open text, nothing to write', () => {
    const q9 = { id: 'q9', kind: 'text', crosstabs: {} } as unknown as QuestionAggregate;
    const errors: string[] = [];
    const spec = parseSurveySpec(
      'survey.yaml',
      `${SPEC}highlights:\n  - { id: sat, question: q7, decks: [executive-briefing] }\n  - { id: bad, question: q7, finding: renewing, text: { title: x.y } }\n  - { id: open, question: q9 }\n  - { id: gone, question: q99 }\n`,
    );
    const out = checkHighlights(spec, { renewing: finding }, { q7, q9 }, (m) => void errors.push(m));
    expect(out[0]).toEqual({ id: 'sat', template: 'question', question: 'q7', claims: [], args: {}, text: {}, decks: ['executive-briefing'] });
    expect(errors).toEqual([
      "highlights[1] (bad): `question` shows the question's own slide; it takes no `finding`, `text` (write a chart highlight for a slide of your own)",
      'highlights[2] (open): q9 is open text, which has no chart: its answers are listed in full results',
      'highlights[3] (gone): no question `q99` in the aggregates',
    ]);
  });

  it('refuses a field the schema does not know, naming its path', () => {
    expect(() => parseSurveySpec('survey.yaml', `${SPEC}highlights:\n  - { id: renewal, headline: renewing }\n`)).toThrow(/highlights\[0\]/);
  });
});

describe('highlights in bind', () => {
  const survey = tempDir('sd-highlights-');
  mkdirSync(path.join(survey, 'locales'));
  writeFileSync(path.join(survey, 'locales', 'en.yaml'), 'highlights:\n  renewal:\n    title: "Renewal"\n    takeaway: "{share, number, percent} renew."\n    extra:\n      deeper: "not a role"\n');
  const catalogue = loadCatalogue(TEMPLATES, 'en', survey);
  const where = { file: 'deck.yaml', line: 3 };
  const renewal: Highlight = { id: 'renewal', template: 'chart', finding: 'renewing', chart: { rows: 'options', question: 'q7', spec: 'bar-horizontal', highlight: ['renewing'] }, claims: ['renewMajority'], args: { n: 'survey.respondents' }, text: { notes: 'method.closingNotes' } };

  it('takes its sentences from highlights.<id>.*, its figures from its finding, and its chart by path', () => {
    expect(highlightEntry(renewal, catalogue, where)).toEqual({
      template: 'chart',
      text: { title: 'highlights.renewal.title', takeaway: 'highlights.renewal.takeaway', notes: 'method.closingNotes' },
      args: { share: 'findings.renewing.share', count: 'findings.renewing.count', n: 'survey.respondents' },
      bind: {},
      claims: ['renewMajority'],
      chart: { spec: 'bar-horizontal', rows: 'options', question: 'questions.q7', highlight: ['findings.renewing'] },
      line: 3,
    });
  });

  it('without a title it is MISSING_MESSAGE naming the key to add', () => {
    expect(() => highlightEntry({ ...renewal, id: 'churn' }, catalogue, where)).toThrow(/highlight `churn` has no title: message `highlights\.churn\.title` is missing from the `en` catalogue/);
  });

  it('goes to the decks it names, and a slot takes the highlight that replaces it', () => {
    const list: Highlight[] = [
      { ...renewal, id: 'both' },
      { ...renewal, id: 'briefing', decks: ['executive-briefing'] },
      { ...renewal, id: 'sources', decks: ['full-results'], replaces: 'sources' },
    ];
    expect(highlightsFor(list, 'executive-briefing').map((h) => h.id)).toEqual(['both', 'briefing']);
    expect(highlightsFor(list, 'conference-talk').map((h) => h.id)).toEqual(['both']);
    expect(highlightsFor(list, 'full-results', 'named').map((h) => h.id)).toEqual([]);
    expect(slotHighlight(list, 'full-results', 'sources')?.id).toBe('sources');
    expect(slotHighlight(list, 'executive-briefing', 'sources')).toBeUndefined();
  });
});
