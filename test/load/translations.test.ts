// Survey-owned translations: each records the fingerprint of the English it translates; a changed
// English fails the build (STALE_TRANSLATION) naming key and locale; `messages` reports missing,
// stale and unused entries of a survey folder and records reviewed ones (--accept).
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { expectedFingerprint, fingerprint } from '../../src/load/required-messages.js';
import { AGGREGATES, copySurveyTexts, copyTemplates, runCli, slideNames, SURVEY_DIR, TEMPLATES, tempDir, text, unzip } from '../helpers.js';

/** A private survey folder: the 2024 aggregates and their texts, for a test to edit. */
function tempSurvey(): { dir: string; data: string; de: string; en: string } {
  const dir = copySurveyTexts(tempDir('sd-texts-'));
  const data = path.join(dir, 'aggregates.json');
  cpSync(AGGREGATES, data);
  return { dir, data, de: path.join(dir, 'locales', 'de.yaml'), en: path.join(dir, 'locales', 'en.yaml') };
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `the edit changed ${file}`).not.toBe(before);
  writeFileSync(file, after);
}

describe('translation fingerprints', () => {
  it('every shipped translation of the 2024 survey records the fingerprint of the English it translates', () => {
    const en = parse(readFileSync(path.join(SURVEY_DIR, 'locales', 'en.yaml'), 'utf8'));
    const de = parse(readFileSync(path.join(SURVEY_DIR, 'locales', 'de.yaml'), 'utf8'));
    expect(de.fingerprints['highlights.briefingTitle.title']).toBe(fingerprint(en.highlights.briefingTitle.title));
    const aggregates = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    const q12 = aggregates.questions.q12;
    expect(de.fingerprints['survey.q12.options.3']).toBe(fingerprint(q12.options.find((o: { code: string }) => o.code === '3').label));
  });

  it('a scale level, keyed by its English slug, has one fingerprint for every spelling of that slug; other texts do not', () => {
    expect(expectedFingerprint('scale.not-impactful-at-all', 'Not impactful at All')).toBe(expectedFingerprint('scale.not-impactful-at-all', 'Not impactful at all'));
    expect(expectedFingerprint('survey.q1.title', 'Not impactful at All')).not.toBe(expectedFingerprint('survey.q1.title', 'Not impactful at all'));
  });

  it('a deck sentence whose English changed: build exits 1 with STALE_TRANSLATION naming key and locale, writes nothing', async () => {
    const s = tempSurvey();
    edit(s.en, (t) => t.replace('title: "Open source programs in 2024"', 'title: "Open source programs, 2024 edition"'));
    const out = tempDir();
    const r = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', 'de', '--data', s.data, '--out', out]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('STALE_TRANSLATION'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${s.de}:`);
    expect(lines[0]).toContain('error STALE_TRANSLATION: the `de` translation of `highlights.briefingTitle.title` is stale');
    expect(lines[0]).toContain('surveydeck messages --locale de --accept highlights.briefingTitle.title');
    expect(readdirSync(out).filter((f) => f.endsWith('.pptx'))).toEqual([]);
  });

  it('a question reworded in the aggregates makes its translated title stale in every translated locale', async () => {
    const s = tempSurvey();
    const aggregates = JSON.parse(readFileSync(s.data, 'utf8'));
    aggregates.questions.q6.shortText = 'Kind of organization';
    writeFileSync(s.data, JSON.stringify(aggregates));
    const r = await runCli(['build', '-a', 'full-results', '-l', 'de', 'fr', '--data', s.data, '--out', tempDir()]);
    expect(r.code).toBe(1);
    const stale = r.stderr.split('\n').filter((l) => l.includes('STALE_TRANSLATION'));
    expect(stale.map((l) => l.match(/translation of `([^`]+)`/)![1])).toEqual(['survey.q6.title', 'survey.q6.title']);
    expect(stale.map((l) => l.match(/the `([^`]+)` translation/)![1]).sort()).toEqual(['de', 'fr']);
  });

  it('messages reports missing, stale and unused entries of a survey folder, and --accept records a reviewed one', async () => {
    const s = tempSurvey();
    edit(s.de, (t) => t.replace(/^fingerprints:/m, 'extra:\n  leftover: "nicht mehr gebraucht"\n\nfingerprints:')); // unused
    edit(s.de, (t) => t.replace(/^ {6}"7": "Japan"\n/m, '').replace(/^ {2}survey\.q5\.options\.7: .*\n/m, '')); // missing: q5 option 7
    edit(s.en, (t) => t.replace('subtitle: "What leaders need to know from the State of OSPOs survey"', 'subtitle: "What leaders should know from the State of OSPOs survey"')); // stale
    const report = async () => {
      const r = await runCli(['messages', '--data', s.data, '-l', 'de', '--json']);
      return { code: r.code, de: JSON.parse(r.stdout).locales[0] };
    };
    const first = await report();
    expect(first.code).toBe(1);
    expect(first.de.locale).toBe('de');
    expect(first.de.missing).toEqual(['survey.q5.options.7']);
    expect(first.de.stale.map((x: { key: string }) => x.key)).toEqual(['highlights.briefingTitle.subtitle']);
    expect(first.de.stale[0].english).toBe('What leaders should know from the State of OSPOs survey');
    expect(first.de.unused).toEqual([{ key: 'extra.leftover', file: s.de }]);

    const accepted = await runCli(['messages', '--data', s.data, '-l', 'de', '--accept', 'highlights.briefingTitle.subtitle']);
    expect(accepted.stderr).toContain('de: recorded 1 fingerprint\n');
    expect(parse(readFileSync(s.de, 'utf8')).fingerprints['highlights.briefingTitle.subtitle']).toBe(fingerprint('What leaders should know from the State of OSPOs survey'));
    const second = await report();
    expect(second.de.stale).toEqual([]);
    expect(second.de.missing).toEqual(['survey.q5.options.7']);
    expect(second.code).toBe(1);
  });

  it('a survey translation copied to another survey folder is stale wherever the wording differs', async () => {
    // The 2024 German catalogue put beside the 2023 aggregates: same question ids, other questions.
    const dir = tempDir('sd-texts-2023-');
    cpSync(path.join(path.dirname(SURVEY_DIR), 'ospo-2023', 'aggregates.json'), path.join(dir, 'aggregates.json'));
    cpSync(path.join(SURVEY_DIR, 'locales'), path.join(dir, 'locales'), { recursive: true });
    const r = await runCli(['messages', '--data', path.join(dir, 'aggregates.json'), '-l', 'de', '--json']);
    const de = JSON.parse(r.stdout).locales[0];
    const a23 = JSON.parse(readFileSync(path.join(dir, 'aggregates.json'), 'utf8'));
    const a24 = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    const title = (q: { shortText?: string; text: string }) => q.shortText ?? q.text.replace(/\s*\((?:select|please)[^)]*\)\s*$/i, '').trim();
    const differing = Object.keys(a23.questions).filter((id) => a24.questions[id] && title(a23.questions[id]) !== title(a24.questions[id]));
    expect(differing.length).toBeGreaterThan(5);
    const staleTitles = de.stale.map((x: { key: string }) => x.key).filter((k: string) => /^survey\.[^.]+\.title$/.test(k));
    for (const id of differing) expect(staleTitles).toContain(`survey.${id}.title`);
    expect(r.code).toBe(1);
  });

  it('a survey not translated into a locale: its own English texts show in English with MISSING_TRANSLATION, never a generic translation of other English', async () => {
    // The survey words its bases itself (base.description, over the templates' generic wording) and
    // its highlights; without its French catalogue, French decks show that English, warned once.
    const s = tempSurvey();
    rmSync(path.join(s.dir, 'locales', 'fr.yaml'));
    const english = parse(readFileSync(s.en, 'utf8'));
    const catalogue = loadCatalogue(TEMPLATES, 'fr', s.dir);
    expect(catalogue.inEnglish('base.description')).toBe(true);
    expect(catalogue.format('base.description', { population: 'ospo', n: 1234 })).toBe('respondents with an OSPO who answered (n = 1\u202f234)');
    expect(catalogue.inEnglish('highlights.briefingTitle.title')).toBe(true);
    expect(catalogue.format('highlights.briefingTitle.title')).toBe(english.highlights.briefingTitle.title);
    // A generic text the survey does not word itself keeps its French.
    expect(catalogue.inEnglish('base.excluded')).toBe(false);
    expect(catalogue.format('base.excluded', { share: 0.05, what: 'dontKnow' })).toMatch(/^hors/);

    const out = tempDir();
    const r = await runCli(['build', '-a', 'executive-briefing', '-l', 'fr', '--data', s.data, '--out', out]);
    expect(r.stderr).not.toContain('STALE_TRANSLATION');
    expect(r.code, r.stderr).toBe(0);
    const warned = r.stderr.split('\n').filter((l) => l.includes('MISSING_TRANSLATION'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`${path.join(s.dir, 'locales', 'fr.yaml')}: warning MISSING_TRANSLATION`);
    const parts = unzip(readFileSync(path.join(out, 'executive-briefing.fr.pptx')));
    const slides = slideNames(parts).map((n) => text(parts, n)).join('\n');
    expect(slides).toContain(english.highlights.briefingTitle.title);
    expect(slides).toMatch(/respondents (?:with an OSPO )?who answered \(n\s=\s\d/); // the deck ties “n = ” with no-break spaces

    // `messages` lists them as missing (to translate), not stale; there is nothing to accept.
    const report = JSON.parse((await runCli(['messages', '--data', s.data, '-l', 'fr', '--json'])).stdout).locales[0];
    expect(report.stale).toEqual([]);
    expect(report.missing).toEqual(expect.arrayContaining(['base.description', 'highlights.briefingTitle.title']));
    const enBefore = readFileSync(s.en, 'utf8');
    const templates = copyTemplates(); // --accept-all records the generic translations' fingerprints there
    const accept = await runCli(['messages', '--data', s.data, '--templates', templates, '-l', 'fr', '--accept', 'base.description']);
    expect(accept.code).not.toBe(0);
    expect(accept.stderr).toContain('`base.description` has no `fr` translation to accept');
    const acceptAll = await runCli(['messages', '--data', s.data, '--templates', templates, '-l', 'fr', '--accept-all']);
    expect(acceptAll.stderr).toContain('fr: recorded');
    expect(readFileSync(s.en, 'utf8')).toBe(enBefore);
  });

  it('a generic translation stands for a survey text that repeats the generic English word for word', () => {
    const s = tempSurvey();
    rmSync(path.join(s.dir, 'locales', 'fr.yaml'));
    const generic = parse(readFileSync(path.join(TEMPLATES, 'locales', 'en.yaml'), 'utf8')).base.description as string;
    edit(s.en, (t) => t.replace(/^base:\n {2}description: >-\n(?: {4}.*\n)+/m, `base:\n  description: ${JSON.stringify(generic)}\n`));
    const catalogue = loadCatalogue(TEMPLATES, 'fr', s.dir);
    expect(catalogue.inEnglish('base.description')).toBe(false);
    expect(catalogue.format('base.description', { population: 'all', n: 12 })).not.toContain('respondents');
    expect(catalogue.inEnglish('highlights.briefingTitle.title')).toBe(true);
  });
});
