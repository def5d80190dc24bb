// Test helper: the chart requests of every shipped deck in every locale with a catalogue, bound as
// the pipeline binds them (with chartFits, so generated questions split as in a build).
import path from 'node:path';
import { chartBoxFor } from '../../src/assemble/index.js';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { chartFitsFor } from '../../src/charts/index.js';
import type { Brand, ChartRequest, Locale, SlideSpec } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { listAudiences, loadDeckManifest, type DeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { availableLocales, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';

export interface BoundChartDeck {
  audience: string;
  locale: Locale;
  manifest: DeckManifest;
  brand: Brand;
  slides: SlideSpec[];
}

export function shippedChartDecks(brandName = 'harbor', templatesDir = DEFAULT_TEMPLATES_DIR): BoundChartDeck[] {
  const aggregates = loadAggregates(DEFAULT_DATA_FILE);
  const templates = loadSlideTemplates(templatesDir, createHandlebars());
  const brand = loadBrand(templatesDir, brandName);
  const chartFits = chartFitsFor(brand);
  return listAudiences(templatesDir).flatMap((audience) => {
    const manifest = loadDeckManifest(templatesDir, audience);
    return availableLocales(templatesDir).map((locale) => {
      const catalogue = loadCatalogue(templatesDir, locale, surveyDirOf(DEFAULT_DATA_FILE));
      const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(templatesDir, 'charts'), chartBox: chartBoxFor(), chartFits });
      // As the pipeline does: each chart drawn for its slide's own frame.
      return { audience, locale, manifest, brand, slides: slides.map((s) => (s.kind === 'chart' ? { ...s, chartRequest: { ...s.chartRequest, ...chartBoxFor(s) } } : s)) };
    });
  });
}

export function chartRequestsOf(deck: BoundChartDeck): { slide: number; slideSpec: SlideSpec; request: ChartRequest }[] {
  return deck.slides.flatMap((s, i) => (s.kind === 'chart' ? [{ slide: i + 1, slideSpec: s, request: s.chartRequest }] : []));
}
