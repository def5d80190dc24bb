// Programmatic API: build decks, aggregate a survey, list what the templates folder offers.
// Throws SurveydeckError (with diagnostics) on failure; never exits the process.
import path from 'node:path';
import { readdirSync, existsSync } from 'node:fs';
import { listBrands } from './load/brands.js';
import { listAudiences, loadDeckManifest } from './load/decks.js';
import { availableLocales, DEFAULT_TEMPLATES_DIR } from './pipeline.js';

export { buildDecks, deckFileName, type BuildOptions, type BuildResult, type DeckEvent } from './pipeline.js';
export { SurveydeckError, formatDiagnostic, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
export type * from './ir.js';

export async function aggregateSurvey(...args: Parameters<typeof import('./ingest/index.js').aggregateSurvey>) {
  const ingest = await import('./ingest/index.js');
  return ingest.aggregateSurvey(...args);
}

/** Refresh a deck someone edited with new aggregates, keeping the edits (see src/update). */
export async function updateDeck(...args: Parameters<typeof import('./update/index.js').updateDeck>) {
  const update = await import('./update/index.js');
  return update.updateDeck(...args);
}

export function listResources(options: { templatesDir?: string } = {}): Record<'audiences' | 'brands' | 'locales' | 'charts' | 'deckCharts', string[]> {
  const templatesDir = path.resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const chartsDir = path.join(templatesDir, 'charts');
  return {
    audiences: listAudiences(templatesDir),
    brands: listBrands(templatesDir),
    locales: availableLocales(templatesDir),
    charts: existsSync(chartsDir)
      ? readdirSync(chartsDir)
          .filter((f) => f.endsWith('.vl.json'))
          .map((f) => f.slice(0, -'.vl.json'.length))
          .sort()
      : [],
    // What each deck puts on its chart slides by default (`charts:` in its manifest; `build --charts` overrides).
    deckCharts: listAudiences(templatesDir).map((a) => `${a}: ${loadDeckManifest(templatesDir, a).charts ?? 'picture'}`),
  };
}
