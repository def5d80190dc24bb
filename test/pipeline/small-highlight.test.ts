// A highlight on a base under the spec's showCounts: its big number and its footnote's highlighted bars
// print counts ("3 of 4"), as its takeaway and the bars do, not a percentage beside them.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, slideRuns, tempDir } from '../helpers.js';
import { fixtures } from '../ingest/helpers.js';

/** The survey spec in `dir` aggregated and built into the English `audience` deck: each slide's text runs. */
async function deckOf(dir: string, audience: string): Promise<string[][]> {
  const made = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml')]);
  expect(made.code, made.stderr).toBe(0);
  const out = tempDir();
  const built = await runCli(['build', '-a', audience, '-l', 'en', '--data', path.join(dir, 'aggregates.json'), '--out', out, '--cache', tempDir(), '--charts', 'picture']);
  expect(built.code, built.stderr).toBe(0);
  return slideRuns(path.join(out, `${audience}.en.pptx`));
}

describe('a highlight on a small base', () => {
  it('prints its big number and highlighted bars as counts', async () => {
    const dir = tempDir();
    const formats = path.join(fixtures, 'formats');
    copyFileSync(path.join(formats, 'qualtrics-text.csv'), path.join(dir, 'qualtrics-text.csv'));
    const spec = readFileSync(path.join(formats, 'qualtrics-text.yaml'), 'utf8') +
      ['findings:', '  satisfied: { question: sat, codes: [1, 2] }', 'highlights:', '  - { id: happy, finding: satisfied, chart: { rows: options, question: sat } }', ''].join('\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec);
    mkdirSync(path.join(dir, 'locales'));
    writeFileSync(path.join(dir, 'locales', 'en.yaml'), 'highlights:\n  happy:\n    title: "Satisfaction"\n    takeaway: "{share, number, percent} are satisfied."\n');
    const slide = (await deckOf(dir, 'executive-briefing')).find((t) => t.includes('Satisfaction'))!;
    // 3 of the 4 who answered more than "don't know" chose 1 or 2
    expect(slide).toContain('3 of 4');
    expect(slide).toContain('3 of 4 are satisfied.');
    expect(slide.join(' ')).toContain('Highlighted bars: 3 of 4 together');
    expect(slide.join(' ')).not.toMatch(/\b75 ?%/);
  });
});

describe('a question slide on a small base', () => {
  it('prints an NPS takeaway as counts, and a net line its own counts, never the top answer\'s', async () => {
    const dir = tempDir();
    const rows = [['Timestamp', 'How likely are you to recommend us?', 'How satisfied are you?'], ['2025-03-01', '10', 'Very satisfied'], ['2025-03-02', '9', 'Satisfied'], ['2025-03-03', '3', 'Satisfied'], ['2025-03-04', '7', 'Dissatisfied'], ['2025-03-05', '8', 'Satisfied']];
    writeFileSync(path.join(dir, 'export.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
    writeFileSync(
      path.join(dir, 'survey.yaml'),
      [
        'version: 2',
        'survey: { id: tiny, title: Tiny, year: 2025 }',
        'source: { publisher: p, title: t, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: a }',
        'input: { format: tidy, file: export.csv, values: labels, columns: { started: Timestamp } }',
        'questions:',
        '  rec: { column: "How likely are you to recommend us?", kind: nps }',
        '  sat:',
        '    column: "How satisfied are you?"',
        '    kind: single',
        '    options: [{ code: 1, label: Very satisfied }, { code: 2, label: Satisfied }, { code: 3, label: Dissatisfied }]',
        '    nets: [{ id: happy, label: Satisfied at all, codes: [1, 2] }]',
        'populations: { all: { description: respondents, sections: [] } }',
        'base: { nonAnswers: exclude }',
        '',
      ].join('\n'),
    );
    const all = (await deckOf(dir, 'full-results')).map((runs) => runs.join(' '));
    // 2 promoters (9, 10) and 1 detractor (3) of 5
    expect(all.find((t) => t.includes('Net Promoter Score'))).toContain('Net Promoter Score 20: 2 of 5 promoters (9–10) minus 1 of 5 detractors (0–6).');
    const sat = all.find((t) => t.includes('How satisfied are you?'))!;
    expect(sat).toContain('Most common answer: satisfied (3 of 5).');
    // The net's own counts on a base under showCounts (4 of the 5), never the top answer's "3 of 5".
    expect(sat).toContain('Satisfied at all: 4 of 5.');
  });
});

describe('the highlighted bars line under a chart', () => {
  it('adds up two bars or more; one highlighted bar prints its share on its label and gets no line', async () => {
    const dir = tempDir();
    const formats = path.join(fixtures, 'formats');
    copyFileSync(path.join(formats, 'qualtrics-text.csv'), path.join(dir, 'qualtrics-text.csv'));
    const spec =
      readFileSync(path.join(formats, 'qualtrics-text.yaml'), 'utf8') +
      [
        'findings:',
        '  satisfied: { question: sat, codes: [1, 2] }',
        '  verySatisfied: { question: sat, codes: [1] }',
        'highlights:',
        '  - { id: two, finding: satisfied, chart: { rows: options, question: sat } }',
        '  - { id: one, finding: verySatisfied, chart: { rows: options, question: sat } }',
        '',
      ].join('\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec);
    mkdirSync(path.join(dir, 'locales'));
    writeFileSync(path.join(dir, 'locales', 'en.yaml'), 'highlights:\n  two:\n    title: "Two bars"\n    takeaway: "{share, number, percent} are satisfied."\n  one:\n    title: "One bar"\n    takeaway: "{share, number, percent} are very satisfied."\n');
    const slides = (await deckOf(dir, 'executive-briefing')).map((runs) => runs.join(' '));
    expect(slides.find((t) => t.includes('Two bars'))).toContain('Highlighted bars:');
    const one = slides.find((t) => t.includes('One bar'))!;
    expect(one).toContain('are very satisfied.');
    expect(one).not.toContain('Highlighted bars');
  });
});
