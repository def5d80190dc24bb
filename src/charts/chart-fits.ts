// Charts stage: whether a request can be drawn at its audience's type sizes, without drawing it
// (the category axis laid out as prepareSpec lays it out), so bind can split a question that
// cannot. Reads the spec files and sets up the fonts, as rendering does; vega itself is not loaded
// (its text metrics matter only when a chart is drawn, and render-charts installs them).
import { readFileSync } from 'node:fs';
import type { Brand, ChartRequest } from '../ir.js';
import { SurveydeckError } from '../diagnostics.js';
import { assertBrandFonts, prepareFonts, useFontCache } from '../fonts/index.js';
import { prepareSpec } from './prepare-spec.js';

/** False when the chart would fail with CHART_TOO_DENSE. Any other problem counts as fitting: rendering reports it. */
export function chartFits(request: ChartRequest, specText: string, brand: Brand): boolean {
  try {
    prepareSpec(specText, request, brand, { keep: true }); // the render takes it
    return true;
  } catch (e) {
    if (e instanceof SurveydeckError && e.code === 'CHART_TOO_DENSE') return false;
    return true;
  }
}

/** `chartFits` for one brand, with the fonts in use and each spec file read once. */
export function chartFitsFor(brand: Brand, fontCacheDir?: string): (request: ChartRequest) => boolean {
  assertBrandFonts(brand);
  useFontCache(prepareFonts({ cacheDir: fontCacheDir }));
  const specs = new Map<string, string | undefined>();
  return (request) => {
    if (!specs.has(request.specFile)) {
      let text: string | undefined;
      try {
        text = readFileSync(request.specFile, 'utf8');
      } catch {
        text = undefined; // a missing spec is UNKNOWN_CHART where the chart is rendered
      }
      specs.set(request.specFile, text);
    }
    const text = specs.get(request.specFile);
    return text === undefined || chartFits(request, text, brand);
  };
}
