// Test helper: every shipped deck in every locale that has a catalogue, bound to the shipped data for a
// brand as the pipeline binds it (chartFits, and each chart's box from its slide's layout through the
// pipeline's own chartBoxesFor), without rendering charts: text boxes do not depend on the picture.
import path from 'node:path';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { chartFitsFor } from '../../src/charts/index.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { Brand, DeckSpec, Locale, SlideSpec } from '../../src/ir.js';
import { chartBoxesFor } from '../../src/layout/index.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue, surveyDirOf, type Catalogue } from '../../src/load/catalogue.js';
import { bodyTypeOf, listAudiences, loadDeckManifest, type DeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { availableLocales, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';

export interface BoundShippedDeck {
  audience: string;
  locale: Locale;
  manifest: DeckManifest;
  catalogue: Catalogue;
  brand: Brand;
  slides: SlideSpec[];
}

/** Every shipped deck (audience × locale) bound for `brandName`, as `buildDecks` binds it. */
export function bindShippedDecks(brandName = 'harbor', templatesDir = DEFAULT_TEMPLATES_DIR): BoundShippedDeck[] {
  const aggregates = loadAggregates(DEFAULT_DATA_FILE);
  const templates = loadSlideTemplates(templatesDir, createHandlebars());
  const brand = loadBrand(templatesDir, brandName);
  const chartFits = chartFitsFor(brand);
  return listAudiences(templatesDir).flatMap((audience) => {
    const manifest = loadDeckManifest(templatesDir, audience);
    return availableLocales(templatesDir).map((locale) => {
      const catalogue = loadCatalogue(templatesDir, locale, surveyDirOf(DEFAULT_DATA_FILE));
      const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(templatesDir, 'charts'), chartBox: chartBoxesFor(brand, locale, bodyTypeOf(manifest.type)), chartFits });
      return { audience, locale, manifest, catalogue, brand, slides };
    });
  });
}

export function boundDecks(brandName = 'harbor', templatesDir = DEFAULT_TEMPLATES_DIR): DeckSpec[] {
  return bindShippedDecks(brandName, templatesDir).map(({ audience, locale, brand, manifest, catalogue, slides }) => ({ audience, locale, brand, title: catalogue.format(manifest.title), footer: '', slides, ...(bodyTypeOf(manifest.type) ? { bodyType: bodyTypeOf(manifest.type) } : {}) }));
}
