// Validated inputs kept under --cache (load/validation-cache.ts): the aggregates read back from an
// entry are the very value validation gives, an entry is used only for the same bytes and code, a
// damaged entry is detected and replaced (never used), and a file that fails validation fails with a
// cache too.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { cachedValidation, validationStats } from '../../src/load/validation-cache.js';
import { AGGREGATES, copyTemplates, SURVEY_DIR, tempDir } from '../helpers.js';

/** A copy of the survey's aggregates (so edits stay local) and an empty cache for it. */
function setUp() {
  const dir = tempDir('sd-validated-');
  const file = path.join(dir, 'aggregates.json');
  writeFileSync(file, readFileSync(AGGREGATES));
  const cache = { dir: path.join(dir, 'cache'), code: 'code-1' };
  const entry = () => path.join(cache.dir, readdirSync(cache.dir).filter((f) => f.endsWith('.json'))[0]);
  return { file, cache, entry };
}

/** What happened in the cache while `f` ran. */
function counted<T>(f: () => T): { value: T; hits: number; misses: number; damaged: number } {
  const before = { ...validationStats };
  const value = f();
  return { value, hits: validationStats.hits - before.hits, misses: validationStats.misses - before.misses, damaged: validationStats.damaged - before.damaged };
}

describe('aggregates validated once', () => {
  it('a second load reads the entry and gets the same value, undefined properties and key order included', () => {
    const { file, cache } = setUp();
    const fresh = loadAggregates(file);
    const first = counted(() => loadAggregates(file, cache));
    expect(first).toMatchObject({ hits: 0, misses: 1 });
    const second = counted(() => loadAggregates(file, cache));
    expect(second).toMatchObject({ hits: 1, misses: 0, damaged: 0 });
    expect(second.value).toStrictEqual(fresh);
    expect(JSON.stringify(second.value)).toBe(JSON.stringify(fresh));
  });

  it('other bytes or another code version validate again', () => {
    const { file, cache } = setUp();
    loadAggregates(file, cache);
    expect(counted(() => loadAggregates(file, { ...cache, code: 'code-2' }))).toMatchObject({ hits: 0, misses: 1, damaged: 0 });
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.survey.title = 'A retitled survey';
    writeFileSync(file, JSON.stringify(data));
    const edited = counted(() => loadAggregates(file, { ...cache, code: 'code-2' }));
    expect(edited).toMatchObject({ hits: 0, misses: 1 });
    expect(edited.value.survey.title).toBe('A retitled survey');
  });

  it('a file that no longer validates fails although the cache holds an entry for its path', () => {
    const { file, cache } = setUp();
    loadAggregates(file, cache);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.survey.respondents = 'many';
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadAggregates(file, cache)).toThrow(SurveydeckError);
    expect(() => loadAggregates(file, cache)).toThrow(/INVALID_AGGREGATES|respondents/);
  });

  it('a damaged entry (an edited figure, a truncated file, a broken header) is detected, not used, and written again', () => {
    const { file, cache, entry } = setUp();
    const fresh = loadAggregates(file);
    loadAggregates(file, cache);
    const good = readFileSync(entry(), 'utf8');
    const respondents = `"respondents":${fresh.survey.respondents}`;
    expect(good).toContain(respondents);
    const damages = [
      good.replace(respondents, `"respondents":${fresh.survey.respondents + 1}`), // still JSON, other figures
      good.slice(0, good.length >> 1), // truncated
      `{"key":${good.slice(8)}`, // header no longer JSON
    ];
    for (const damaged of damages) {
      writeFileSync(entry(), damaged);
      const loaded = counted(() => loadAggregates(file, cache));
      expect(loaded).toMatchObject({ hits: 0, misses: 1, damaged: 1 });
      expect(loaded.value).toStrictEqual(fresh);
      expect(readFileSync(entry(), 'utf8')).toBe(good);
      expect(counted(() => loadAggregates(file, cache))).toMatchObject({ hits: 1, damaged: 0 });
    }
  });

  it('a value JSON would not give back exactly is not kept', () => {
    const dir = tempDir('sd-validated-');
    const cache = { dir, code: 'code-1' };
    const bytes = new TextEncoder().encode('input');
    for (const value of [{ a: undefined }, { a: -0 }, [1, , 3], { a: new Date(0) }, { a: Number.NaN }]) {
      expect(cachedValidation(cache, 'odd', 'odd-file', bytes, () => value)).toBe(value);
      expect(counted(() => cachedValidation(cache, 'odd', 'odd-file', bytes, () => value))).toMatchObject({ hits: 0, misses: 1 });
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(cachedValidation(cache, 'odd', 'odd-file', bytes, () => ({ a: [1, 'two', null, true, { b: 0.1 }] }))).toEqual({ a: [1, 'two', null, true, { b: 0.1 }] });
    expect(counted(() => cachedValidation(cache, 'odd', 'odd-file', bytes, () => ({}))).value).toEqual({ a: [1, 'two', null, true, { b: 0.1 }] });
  });
});

describe('brand, deck manifests and catalogues validated once', () => {
  it('read back equal to a fresh parse (positions of messages included), and a file edited into an error still fails where it is wrong', () => {
    const templates = copyTemplates();
    const cache = { dir: path.join(tempDir('sd-validated-'), 'cache'), code: 'code-1' };
    const loads = [
      () => loadBrand(templates, 'harbor', cache),
      () => loadDeckManifest(templates, 'executive-briefing', cache),
      () => loadCatalogue(templates, 'de', SURVEY_DIR, cache),
    ];
    const fresh = [loadBrand(templates, 'harbor'), loadDeckManifest(templates, 'executive-briefing'), loadCatalogue(templates, 'de', SURVEY_DIR)];
    for (const load of loads) expect(counted(load).misses).toBeGreaterThan(0);
    loads.forEach((load, i) => {
      const again = counted(load);
      expect(again).toMatchObject({ misses: 0, damaged: 0 });
      expect(again.hits).toBeGreaterThan(0);
      expect(again.value).toStrictEqual(fresh[i]);
    });
    // The catalogue keeps where each message is written, for the errors that name it.
    const catalogue = counted(loads[2]).value as ReturnType<typeof loadCatalogue>;
    const key = 'deck.footer';
    expect(catalogue.fileOf(key)).toBe((fresh[2] as ReturnType<typeof loadCatalogue>).fileOf(key));

    const brandFile = path.join(templates, 'brands', 'harbor', 'brand.yaml');
    writeFileSync(brandFile, readFileSync(brandFile, 'utf8').replace(/minFontSizePt: *\d+/, 'minFontSizePt: 2'));
    const failed = (() => {
      try {
        loadBrand(templates, 'harbor', cache);
      } catch (e) {
        return e as SurveydeckError;
      }
    })();
    expect(failed).toBeInstanceOf(SurveydeckError);
    expect(failed!.diagnostics[0]).toMatchObject({ code: 'INVALID_BRAND', file: brandFile });
    expect(failed!.diagnostics[0].line).toBeGreaterThan(0);
  });
});
