// A survey written in another language than English (`survey.language`): init guesses it, its decks
// in that language are built by default and show its questions and answers as written (even where
// its English catalogue translates them), and its English deck is a translation like any other.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { KINDS_SPEC_HEAD, runCli, slideRuns, tempDir, unzip } from '../helpers.js';

const header = ['タイムスタンプ', 'あなたの役職は何ですか？', '満足度を教えてください'];
const roles = ['エンジニア', 'マネージャー', 'デザイナー'];
const scale = ['非常に不満', '不満', 'どちらでもない', '満足', '非常に満足'];
const rows = Array.from({ length: 30 }, (_, i) => [`2025/04/${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`, roles[i % 3], scale[(i * 2) % 5]]);

/** Every slide's text runs of a written deck, joined. */
function slideText(file: string): string {
  return slideRuns(file).flat().join('\n');
}

describe('a survey written in Japanese', () => {
  it('is drafted as such, built in Japanese by default with its wording as written, and translated into English like any locale', async () => {
    const dir = tempDir('language-');
    writeFileSync(path.join(dir, 'export.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const init = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('the wording is Japanese (survey.language: ja)');
    const specFile = path.join(dir, 'survey.yaml');
    expect(parseYaml(readFileSync(specFile, 'utf8')).survey.language).toBe('ja');
    const dataFile = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', specFile, '--out', dataFile]);
    expect(agg.code, agg.stderr).toBe(0);
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).survey.language).toBe('ja');

    const out = path.join(dir, 'out');
    const cache = path.join(dir, 'cache');
    const build = (...more: string[]) => runCli(['build', '--data', dataFile, '-a', 'full-results', '--out', out, '--cache', cache, ...more]);
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/wrote \S*full-results\.ja\.pptx/);
    expect(first.stderr).not.toMatch(/full-results\.en\.pptx/);
    expect(first.stderr).toMatch(/LOCALES_UNTRANSLATED: built ja; left out en, .*would show in Japanese/);
    expect(first.stderr).not.toContain('MISSING_TRANSLATION');
    expect(slideText(path.join(out, 'full-results.ja.pptx'))).toContain('あなたの役職は何ですか');

    // The English deck, asked for, says its wording is Japanese; `messages` lists it to translate.
    const english = await build('-l', 'en');
    expect(english.stderr).toMatch(/MISSING_TRANSLATION: \d+ texts of the survey have no `en` translation and show in Japanese/);
    const missing = await runCli(['messages', '--data', dataFile, '--locale', 'en']);
    const toTranslate = parseYaml(missing.stdout) as { survey: Record<string, { title: string }> };
    const roleQuestion = Object.entries(toTranslate.survey).find(([, q]) => q.title === 'あなたの役職は何ですか？')![0];

    // Translated and reviewed: both decks by default; the Japanese one still shows the wording as written.
    mkdirSync(path.join(dir, 'locales'), { recursive: true });
    writeFileSync(path.join(dir, 'locales', 'en.yaml'), `survey:\n  ${roleQuestion}:\n    title: What is your role?\n`);
    const accepted = await runCli(['messages', '--data', dataFile, '--locale', 'en', '--accept', `survey.${roleQuestion}.title`]);
    expect(accepted.stderr).toContain('en: recorded 1 fingerprint');
    const both = await build();
    expect(both.code, both.stderr).toBe(0);
    expect(slideText(path.join(out, 'full-results.en.pptx'))).toContain('What is your role?');
    const ja = slideText(path.join(out, 'full-results.ja.pptx'));
    expect(ja).toContain('あなたの役職は何ですか');
    expect(ja).not.toContain('What is your role?');
  });

  it('names an NPS question\'s three groups in the deck\'s language, not in English', async () => {
    const dir = tempDir('language-');
    const rows = [['Horodatage', 'Recommanderiez-vous notre service à un collègue ?'], ...Array.from({ length: 30 }, (_, i) => [`2025-04-${String(1 + (i % 28)).padStart(2, '0')}`, String(i % 11)])];
    writeFileSync(path.join(dir, 'export.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
    expect((await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir])).code).toBe(0);
    const dataFile = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', dataFile]);
    expect(agg.code, agg.stderr).toBe(0);
    const out = path.join(dir, 'out');
    const built = await runCli(['build', '--data', dataFile, '-a', 'full-results', '--out', out, '--cache', path.join(dir, 'cache')]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('MISSING_TRANSLATION');
    // The chart is a picture: its bars are read from its alt text, which lists them as drawn.
    const xml = [...unzip(readFileSync(path.join(out, 'full-results.fr.pptx')))].filter(([name]) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).map(([, b]) => Buffer.from(b).toString('utf8')).join('\n');
    expect(xml).toContain('Détracteurs (0–6)');
    expect(xml).toContain('Promoteurs (9–10)');
    expect(xml).not.toContain('Detractors');
  });

  it('writes the words no export gave (an unnamed "Other", a top-box net) in the survey\'s language', async () => {
    const dir = tempDir('language-');
    const spec = KINDS_SPEC_HEAD.replace('year: 2025 }', 'year: 2025, language: de }') + `input: { format: tidy, file: export.csv, separator: ", " }
questions:
  outils: { column: Outils, kind: multi, otherText: true, options: [{ code: 1, label: Slack }, { code: 2, label: Teams }] }
  satisfaction:
    column: Satisfaction
    kind: single
    options: [{ code: 1, label: Mauvais }, { code: 2, label: Moyen }, { code: 3, label: Bon }]
    scale: { polarity: ascending }
    topBox: 2
`;
    writeFileSync(path.join(dir, 'survey.yaml'), spec);
    writeFileSync(path.join(dir, 'export.csv'), ['Outils,Satisfaction', 'Slack,Bon', '"Slack, Pigeon voyageur",Moyen', 'Teams,Mauvais', 'Fax,Bon'].join('\n') + '\n');
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const questions = JSON.parse(readFileSync(out, 'utf8')).questions;
    expect(questions.outils.options.find((o: { code: string }) => o.code === 'other')).toMatchObject({ label: 'Sonstiges', count: 2 });
    expect(questions.satisfaction.nets).toEqual([expect.objectContaining({ id: 'top2box', label: 'Top-2-Box', count: 3 })]);
  });

  it('init keeps English surveys as they were and names German ones', async () => {
    const dir = tempDir('language-');
    const german = [['Zeitstempel', 'Wie zufrieden sind Sie mit der Lieferung?', 'Welche Produkte nutzen Sie für die Arbeit?'], ...Array.from({ length: 20 }, (_, i) => ['2025-04-01', ['Sehr zufrieden', 'Zufrieden', 'Unzufrieden'][i % 3], ['Laptop', 'Telefon'][i % 2]])];
    writeFileSync(path.join(dir, 'de.csv'), german.map((r) => r.join(',')).join('\n') + '\n');
    const de = await runCli(['init', '--raw', path.join(dir, 'de.csv'), '--out', path.join(dir, 'de')]);
    expect(de.code, de.stderr).toBe(0);
    expect(parseYaml(readFileSync(path.join(dir, 'de', 'survey.yaml'), 'utf8')).survey.language).toBe('de');
    const english = [['Timestamp', 'How satisfied are you with the delivery?', 'Which products do you use for work?'], ...Array.from({ length: 20 }, (_, i) => ['2025-04-01', ['Very satisfied', 'Satisfied', 'Dissatisfied'][i % 3], ['Laptop', 'Phone'][i % 2]])];
    writeFileSync(path.join(dir, 'en.csv'), english.map((r) => r.join(',')).join('\n') + '\n');
    const en = await runCli(['init', '--raw', path.join(dir, 'en.csv'), '--out', path.join(dir, 'en')]);
    expect(en.code, en.stderr).toBe(0);
    expect(parseYaml(readFileSync(path.join(dir, 'en', 'survey.yaml'), 'utf8')).survey.language).toBeUndefined();
  });
});
