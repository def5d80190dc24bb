// A new wave of a survey of one's own (a LimeSurvey-style export, a box per column): its answer new
// this year is reported as a bar the update adds, and the footer every content slide carries
// ("Source: … · N = 12 · licence", in the slide layouts) follows the new respondents count unless a
// person rewrote it, in which case it is kept and reported.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutFooters, MANIFEST_PART, manifestXml, readManifest, shapeText } from '../../src/assemble/refresh-manifest.js';
import { runCli, tempDir } from '../helpers.js';

const dir = tempDir('sd-update-wave-');
const FEATURES = ['Reports', 'Dashboards', 'Alerts'];

/** A LimeSurvey-style export: a box per feature ("Yes" or empty), the typed "Other" last. */
function exportOf(features: string[], rows: number, tick: (row: number, feature: number) => boolean): string {
  const header = ['Response ID', 'Date submitted', ...features.map((f) => `Which features do you use? [${f}]`), 'Which features do you use? [Other]'];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) lines.push([String(i + 1), `2025-03-${String(10 + (i % 15)).padStart(2, '0')} 10:00:00`, ...features.map((_, f) => (tick(i, f) ? 'Yes' : '')), i % 4 === 0 ? `typed ${i}` : ''].join(','));
  return lines.join('\n') + '\n';
}

/** Codes stay the answers' own from wave to wave: a new answer gets the next code wherever it is listed. */
const CODES: Record<string, number> = { Reports: 1, Dashboards: 2, Alerts: 3, Webhooks: 4 };

function specOf(year: number, features: string[]): string {
  return [
    'version: 2',
    `survey: { id: acme, title: Acme customer survey, year: ${year} }`,
    'source: { publisher: Acme Research, title: Customer survey, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: Acme }',
    `input: { format: tidy, file: wave-${year}.csv, values: labels, checked: ["Yes"], columns: { respondentId: "Response ID", started: "Date submitted" } }`,
    'questions:',
    '  features:',
    '    column: "Which features do you use?"',
    '    kind: multi',
    `    options: [${features.map((f) => `{ code: ${CODES[f]}, label: ${f} }`).join(', ')}]`,
    '    otherText: true',
    'populations: { all: { description: respondents, sections: [] } }',
    'base: { nonAnswers: exclude }',
    '',
  ].join('\n');
}

async function aggregate(year: number, features: string[], rows: number): Promise<{ code: number; stderr: string; file: string }> {
  const folder = path.join(dir, String(year));
  writeFileSync(path.join(dir, `wave-${year}.csv`), exportOf(features, rows, (r, f) => (r + f) % 3 !== 0));
  writeFileSync(path.join(dir, `spec-${year}.yaml`), specOf(year, features));
  const file = path.join(folder, 'aggregates.json');
  const made = await runCli(['aggregate', '--spec', path.join(dir, `spec-${year}.yaml`), '--input-dir', dir, '--out', file]);
  return { ...made, file };
}

const footersOf = (deck: string) => layoutFooters(unzipSync(readFileSync(deck))).map((f) => shapeText(f.shape.xml));
let wave1 = '';
let wave2 = '';
let deck = '';

beforeAll(async () => {
  const first = await aggregate(2025, FEATURES, 12);
  expect(first.code, first.stderr).toBe(0);
  wave1 = first.file;
  // The new wave asks about a feature more; its spec declares it (before "Other", as the tools order boxes).
  const second = await aggregate(2026, [...FEATURES.slice(0, 2), 'Webhooks', FEATURES[2]], 15);
  expect(second.code, second.stderr).toBe(0);
  wave2 = second.file;
  const out = path.join(dir, 'out');
  const built = await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', wave1, '--out', out, '--cache', path.join(dir, 'cache'), '--charts', 'picture']);
  expect(built.code, built.stderr).toBe(0);
  deck = path.join(out, 'full-results.en.pptx');
}, 300_000);

describe('update with a new wave of a survey of one\'s own', () => {
  it('refuses the new wave\'s export while its spec lacks the new answer, naming its column (not taking it for the typed "Other")', async () => {
    writeFileSync(path.join(dir, 'wave-2027.csv'), exportOf([...FEATURES.slice(0, 2), 'Webhooks', FEATURES[2]], 6, () => true));
    writeFileSync(path.join(dir, 'spec-2027.yaml'), specOf(2027, FEATURES));
    const made = await runCli(['aggregate', '--spec', path.join(dir, 'spec-2027.yaml'), '--input-dir', dir, '--out', path.join(dir, 'x.json')]);
    expect(made.code).toBe(1);
    expect(made.stderr).toMatch(/wave-2027\.csv:1:5: error UNKNOWN_OPTION_CODE: Option `Webhooks` of features \(column E\) is not one of its declared options/);
  });

  it('reports the bar the new answer adds, and gives the footer the new respondents count', async () => {
    expect(footersOf(deck).length).toBeGreaterThan(0);
    for (const f of footersOf(deck)) expect(f).toContain('N = 12');
    const out = path.join(dir, 'updated.pptx');
    const result = await runCli(['update', deck, '--data', wave2, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { report } = JSON.parse(result.stdout);
    expect(report.bars).toEqual([{ slide: 'features', bar: expect.stringMatching(/^Webhooks · 4\b/), change: 'added', share: expect.any(Number) }]);
    const readable = await runCli(['update', deck, '--data', wave2, '--out', out]);
    expect(readable.stderr).toMatch(/bars the new data adds or removes:\n {2}features {2}Webhooks · 4 {2}added \(\d+\.\d%\)/);
    for (const f of footersOf(out)) expect(f).toContain('N = 15');
    expect(report.updated).toContainEqual({ slide: '(footer)', box: 'footer', old: expect.stringContaining('N = 12'), new: expect.stringContaining('N = 15') });
    const manifest = readManifest(unzipSync(readFileSync(out)));
    expect('manifest' in manifest && manifest.manifest.footer).toContain('N = 15');
  });

  it('keeps a footer a person rewrote, and reports the figure it quotes that the data changed', async () => {
    const files = unzipSync(readFileSync(deck));
    for (const { part, xml } of layoutFooters(files)) files[part] = strToU8(xml.replace('Source: Acme Research', 'Data: Acme'));
    const edited = path.join(dir, 'edited.pptx');
    writeFileSync(edited, zipSync(files));
    const out = path.join(dir, 'edited.out.pptx');
    const result = await runCli(['update', edited, '--data', wave2, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    for (const f of footersOf(out)) expect(f).toMatch(/^Data: Acme, .*N = 12/);
    const { report } = JSON.parse(result.stdout);
    expect(report.stale).toContainEqual(expect.objectContaining({ slide: '(footer)', box: 'footer', figureChanges: ['12 → 15'] }));
  });

  it('updates the footer of a deck whose manifest has no record of it, where only its figures differ', async () => {
    const files = unzipSync(readFileSync(deck));
    const found = readManifest(files);
    if (!('manifest' in found)) throw new Error('no manifest');
    const { footer: _dropped, ...older } = found.manifest;
    files[MANIFEST_PART] = strToU8(manifestXml(older));
    expect(strFromU8(files[MANIFEST_PART])).not.toContain('N = 12 ·');
    const old = path.join(dir, 'older.pptx');
    writeFileSync(old, zipSync(files));
    const out = path.join(dir, 'older.out.pptx');
    const result = await runCli(['update', old, '--data', wave2, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    for (const f of footersOf(out)) expect(f).toContain('N = 15');
  });
});
