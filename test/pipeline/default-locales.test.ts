// A build that names no locale builds English and each locale the survey has texts in
// (data/<survey>/locales/<locale>.yaml), and names the rest in one warning: a deck whose questions and
// answers would all be English is made only when asked for. The shipped 2024 survey speaks all six.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableLocales, buildDecks, resolveOptions } from '../../src/pipeline.js';
import { tempDir, TEMPLATES } from '../helpers.js';

const DATA_2023 = path.join(TEMPLATES, '..', 'data', 'ospo-2023', 'aggregates.json');

describe('the locales a build makes when it names none', () => {
  it('are English and the survey\'s translated locales, the rest named in one warning', async () => {
    const built = await buildDecks({ audiences: ['executive-briefing'], dataFile: DATA_2023, outDir: tempDir(), cacheDir: tempDir(), charts: 'picture' });
    // The 2023 survey has texts in en and de only.
    expect(built.decks.map((d) => d.locale).sort()).toEqual(['de', 'en']);
    const warning = built.diagnostics.filter((d) => d.code === 'LOCALES_UNTRANSLATED');
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({ severity: 'warning', file: path.join(path.dirname(DATA_2023), 'locales') });
    expect(warning[0].message).toBe('built en, de; left out zh-CN, ja, fr, es: the survey has no texts in them, so its questions and answers would show in English');
  });

  it('are every locale for the 2024 survey, and any locale named, translated or not, with no warning', () => {
    expect(resolveOptions({}).locales).toEqual(availableLocales(TEMPLATES));
    expect(resolveOptions({}).untranslated).toBeUndefined();
    const named = resolveOptions({ dataFile: DATA_2023, locales: ['ja'] });
    expect(named.locales).toEqual(['ja']);
    expect(named.untranslated).toBeUndefined();
  });
});
