// The survey's own texts moved from templates/locales/ to data/ospo-2024/locales/: a deck built from
// the split catalogues says word for word what a deck built from one catalogue per locale (the survey's
// texts folded back into the templates', as before the move) says.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildDecks } from '../../src/pipeline.js';
import { AGGREGATES, copyTemplates, slideNames, SURVEY_DIR, tempDir, text, unzip } from '../helpers.js';

type Tree = Record<string, unknown>;
function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = v && typeof v === 'object' && out[k] && typeof out[k] === 'object' ? deepMerge(out[k] as Tree, v as Tree) : v;
  }
  return out;
}

/** Per slide, the text of its runs in order. */
function slideTexts(file: string): string[] {
  const parts = unzip(readFileSync(file));
  return slideNames(parts).map((name) => [...text(parts, name).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('|'));
}

describe('survey catalogue merged over the templates catalogue', () => {
  it('builds the same slide text as one folded catalogue per locale (en, de)', async () => {
    const locales = ['en', 'de'];
    const cacheDir = tempDir('sd-merge-cache-');
    const split = await buildDecks({ audiences: ['executive-briefing'], locales, outDir: tempDir(), cacheDir, charts: 'picture' });

    // Before the move: every text in templates/locales/<l>.yaml, and a data folder with no locales/.
    const folded = copyTemplates();
    for (const l of locales) {
      const file = path.join(folded, 'locales', `${l}.yaml`);
      const merged = deepMerge(parse(readFileSync(file, 'utf8')), parse(readFileSync(path.join(SURVEY_DIR, 'locales', `${l}.yaml`), 'utf8')));
      writeFileSync(file, stringify(merged, { lineWidth: 0 }));
    }
    const dataFile = path.join(tempDir('sd-merge-data-'), 'aggregates.json');
    cpSync(AGGREGATES, dataFile);
    const one = await buildDecks({ audiences: ['executive-briefing'], locales, outDir: tempDir(), cacheDir, charts: 'picture', templatesDir: folded, dataFile });

    expect(split.decks).toHaveLength(2);
    const title = (parse(readFileSync(path.join(SURVEY_DIR, 'locales', 'de.yaml'), 'utf8')) as { highlights: { briefingTitle: { title: string } } }).highlights.briefingTitle.title;
    for (const l of locales) {
      const a = slideTexts(split.decks.find((d) => d.locale === l)!.file);
      const b = slideTexts(one.decks.find((d) => d.locale === l)!.file);
      expect(a.length).toBeGreaterThan(5);
      expect(a).toEqual(b);
      if (l === 'de') expect(a[0]).toContain(title); // the survey's own sentence, from data/ospo-2024/locales
    }
  }, 600_000);
});
