// The full-results deck of a survey with every question kind: an export written here by hand is
// aggregated, then built, and each kind's slide is read back from the written XML.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { aggregateSurvey, serializeAggregates } from '../../src/ingest/index.js';
import { buildDecks } from '../../src/pipeline.js';
import { verbatimPages } from '../../src/bind/bind-slides.js';
import { lowerCaseVocabulary, normaliseLabelCase } from '../../src/bind/label-case.js';
import { copyTemplates, KINDS_SPEC_HEAD, slideNames, tempDir, text, unzip } from '../helpers.js';

const spec = `${KINDS_SPEC_HEAD}input: { format: tidy, file: export.csv, separator: ", " }
verbatims: { maxLength: 120 }
# Four respondents: percentages, not "2 of 4", so the figures read as the other kinds' do.
thresholds: { showCounts: 0 }
questions:
  age: { column: Age, kind: numeric, short: Age of respondents, buckets: [{ label: "under 35", max: 34 }, { label: "35 and over", min: 35 }] }
  nps: { column: Recommend, kind: nps, short: Likelihood to recommend }
  rank:
    column: Rank
    kind: ranking
    short: What matters most
    rows: [{ code: s, label: Speed }, { code: p, label: Price }, { code: u, label: Support }]
  sat:
    column: Satisfaction
    kind: single
    short: Satisfaction
    options: [{ code: 1, label: Poor }, { code: 2, label: Fair }, { code: 3, label: Good }, { code: 4, label: Excellent }]
    scale: { polarity: ascending }
    topBox: 2
  hosts:
    column: Versions
    kind: grid-multi
    short: Versions used
    rows: [{ code: 1, label: Alpha }, { code: 2, label: Beta }]
    options: [{ code: 1, label: Free }, { code: 2, label: Paid }]
  why: { column: Why, kind: text, short: Reasons given }
  years: { column: Years, kind: numeric, short: Years of use, numbers: { "Less than 1 year": 0, "More than 20 years": 21 } }
`;

// age: 20, 30, 40, 50 → mean 35, median 35; NPS: 10, 9, 7, 3 → 50% − 25% = 25; ranks (Speed,
// Price, Support): 1 2 3 · 1 3 2 · 2 1 3 · 3 2 1 → Speed first for 2 of 4, mean rank 1.75;
// satisfaction Good, Excellent, Fair, Good → top two 3 of 4.
const rows = [
  'Age,Recommend,Rank [Speed],Rank [Price],Rank [Support],Satisfaction,Versions [Alpha],Versions [Beta],Why,Years',
  '20,10,1,2,3,Good,"Free, Paid",Free,"Because **bold** [link](http://evil.example) {{t ""x""}} <b>tag</b>",Less than 1 year',
  '30,9,1,3,2,Excellent,Free,Paid,# not a heading,5',
  '40,7,2,1,3,Fair,Paid,,"- not a list & so on",10',
  '50,3,3,2,1,Good,Free,"Free, Paid",,More than 20 years',
];

let slides: { title: string; all: string; alt: string[]; notes: string }[];

beforeAll(async () => {
  const dir = tempDir('kinds-deck-');
  writeFileSync(path.join(dir, 'survey.yaml'), spec);
  writeFileSync(path.join(dir, 'export.csv'), rows.join('\n') + '\n');
  const { aggregates } = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
  const dataFile = path.join(dir, 'aggregates.json');
  writeFileSync(dataFile, serializeAggregates(aggregates));
  // A full-results deck of generated slides only (the shipped one quotes the 2024 findings).
  const templatesDir = copyTemplates();
  rmSync(path.join(templatesDir, 'decks'), { recursive: true });
  mkdirSync(path.join(templatesDir, 'decks'));
  writeFileSync(path.join(templatesDir, 'decks', 'full-results.yaml'), 'title: deck.fullResults.title\ncharts: picture\nslides:\n  - generate: questions\n');
  // The survey's own texts, beside its aggregates (data/<survey>/locales).
  mkdirSync(path.join(dir, 'locales'));
  writeFileSync(
    path.join(dir, 'locales', 'en.yaml'),
    YAML.stringify({
      deck: { footer: 'Kinds survey {year} · N = {n, number}', sourceLine: 'Kinds survey {year} · {n, number} respondents', fullResults: { title: 'Kinds survey: full results' } },
      base: { description: '{population, select, other {respondents who answered}} (n = {n, number})' },
    }),
  );
  const result = await buildDecks({ audiences: ['full-results'], locales: ['en'], dataFile, templatesDir, outDir: tempDir(), cacheDir: tempDir() });
  const parts = unzip(readFileSync(result.decks[0].file));
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  slides = slideNames(parts).map((name) => {
    const xml = text(parts, name);
    const runs = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]));
    const rel = text(parts, name.replace('slides/', 'slides/_rels/') + '.rels');
    const notesName = /Target="\.\.\/notesSlides\/([^"]+)"/.exec(rel)?.[1];
    const notes = notesName ? [...text(parts, `ppt/notesSlides/${notesName}`).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1])).join(' ') : '';
    return { title: runs[0] ?? '', all: runs.join(' ').replace(/\u00a0/g, ' '), alt: [...xml.matchAll(/descr="([^"]*)"/g)].map((m) => decode(m[1])), notes };
  });
}, 240_000);

const slide = (title: string) => {
  const s = slides.find((x) => x.all.includes(title));
  expect(s, `a slide with “${title}”`).toBeDefined();
  return s!;
};

describe('full-results deck with every question kind', () => {
  it('numeric: bucket bars, mean and median', () => {
    const s = slide('Age of respondents');
    expect(s.all).toContain('Mean 35, median 35 (answers from 20 to 50).');
    // Years of use: 0 ("Less than 1 year"), 5, 10, 21 ("More than 20 years") → mean 9, median 7.5; the
    // least and most are the words' stand-ins, so the sentence gives no range.
    const years = slide('Years of use');
    expect(years.all).toContain("Mean 9, median 7.5 (open-ended answers counted at the range's ends).");
    expect(years.all).not.toContain('answers from');
    // One bar per value, those of words labelled by their words.
    expect(years.alt[0]).toMatch(/Less than 1 year 25%, 5 25%, 10 25%, and More than 20 years 25%/i);
    // The bucket labels as the deck shows them: the spec's labels in the deck's label casing.
    const label = (l: string) => normaliseLabelCase(l, 'en', lowerCaseVocabulary([]));
    expect(s.alt[0]).toBe(`Bar chart of Age of respondents: ${label('under 35')} 50% and ${label('35 and over')} 50%.`);
  });

  it('NPS: three groups in scale order and the score', () => {
    const s = slide('Likelihood to recommend');
    expect(s.all).toContain('Net Promoter Score 25: 50% promoters (9–10) minus 25% detractors (0–6).');
    expect(s.alt[0]).toContain('Detractors (0–6) 25%, Passives (7–8) 25%, and Promoters (9–10) 50%');
  });

  it('ranking: share ranked first per item, and the mean rank of the first', () => {
    const s = slide('What matters most');
    expect(s.all).toContain('Speed: ranked first by 50%; mean rank 1.8 (1 = first).');
    expect(s.alt[0]).toContain('Speed 50%');
  });

  it('nets: the top box beside the chart', () => {
    expect(slide('Satisfaction').all).toContain('Top 2 box: 75%.');
  });

  it('multi-level grid: grouped bars per row, never a 100% stack', () => {
    const s = slide('Versions used');
    // Alpha: free 3 of 4, paid 2 of 4 (one respondent ticked both); Beta: 2 of 3 each. The bases differ
    // by row, so the alt text names each, as the footnote names their range.
    expect(s.alt[0]).toMatch(/^Grouped bar chart of Versions used, several answers per row: Alpha \(n = 4\): Free 75%, Paid 50%; Beta \(n = 3\): Free 67%, Paid 67%\.$/);
  });

  it('verbatims: quoted as written, Markdown and template syntax inert, after the list of open questions', () => {
    const list = slides.findIndex((x) => x.title.startsWith('Appendix: open-text questions'));
    const quotes = slides.findIndex((x) => x.title === 'What respondents wrote: Reasons given');
    expect(list).toBeGreaterThan(-1);
    expect(quotes).toBeGreaterThan(list);
    const s = slides[quotes];
    expect(s.all).toContain('“Because **bold** [link](http://evil.example) {{t "x"}} <b>tag</b>”');
    expect(s.all).toContain('“# not a heading”');
    expect(s.all).toContain('“- not a list & so on”');
    expect(s.notes).toContain('Answers as written');
  });
});

describe('verbatim pages', () => {
  it('at most five quotes and about 650 characters a slide, order kept', () => {
    const quotes = Array.from({ length: 12 }, (_, i) => `answer ${i}`);
    expect(verbatimPages(quotes).map((p) => p.length)).toEqual([5, 5, 2]);
    const long = ['a'.repeat(300), 'b'.repeat(300), 'c'.repeat(300)];
    expect(verbatimPages(long)).toEqual([[long[0], long[1]], [long[2]]]);
  });
});
