// Test helper: every shipped deck in every locale that has a catalogue, bound to the shipped data for a
// brand — the SlideSpecs the pipeline hands to the fitter, without rendering charts (text boxes do not
// depend on the picture).
import path from 'node:path';
import { chartBoxFor } from '../../src/assemble/index.js';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { chartFitsFor } from '../../src/charts/index.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { DeckSpec } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { listAudiences, loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { availableLocales, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';

export function boundDecks(brandName = 'harbor', templatesDir = DEFAULT_TEMPLATES_DIR): DeckSpec[] {
  const aggregates = loadAggregates(DEFAULT_DATA_FILE);
  const templates = loadSlideTemplates(templatesDir, createHandlebars());
  const brand = loadBrand(templatesDir, brandName);
  const chartFits = chartFitsFor(brand);
  return listAudiences(templatesDir).flatMap((audience) => {
    const manifest = loadDeckManifest(templatesDir, audience);
    return availableLocales(templatesDir).map((locale): DeckSpec => {
      const catalogue = loadCatalogue(templatesDir, locale, surveyDirOf(DEFAULT_DATA_FILE));
      // chartFits as in the pipeline: a generated question splits where a part cannot be drawn whole.
      const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(templatesDir, 'charts'), chartBox: chartBoxFor(), chartFits });
      return { audience, locale, brand, title: catalogue.format(manifest.title), footer: '', slides };
    });
  });
}
