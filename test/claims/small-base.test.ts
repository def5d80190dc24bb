// Issue 7, item 6: a figure on a base under the spec's `thresholds.showCounts` prints its counts ("2 of
// 8") instead of a percentage on every slide that names it, whether it reaches the text as a bound
// argument, a claim's figure or a KPI; and a slide resting on a base under `thresholds.smallBase`
// carries the flag whatever its kind. Bound slides, English and German.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlebars } from '../../src/bind/helpers.js';
import { bindSlides } from '../../src/bind/bind-slides.js';
import type { Aggregates, SlideSpec } from '../../src/ir.js';
import { chartBoxFor } from '../../src/layout/index.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';

const templates = loadSlideTemplates(DEFAULT_TEMPLATES_DIR, createHandlebars());

/** The shipped aggregates with small organizations cut to 8 respondents, 2 of whom report an OSPO. */
function fewSmall(): Aggregates {
  const a = loadAggregates(DEFAULT_DATA_FILE);
  const small = a.questions.q12.crosstabs!.size.find((s) => s.segment === 'size:small')!;
  const counts: Record<string, number> = { '1': 1, '2': 1, '3': 2, '4': 4 };
  small.base = { ...small.base, n: 8 };
  delete small.base.excluded;
  for (const o of small.options) Object.assign(o, { count: counts[o.code] ?? 0, share: (counts[o.code] ?? 0) / 8 });
  Object.assign(a.findings.ospoSmall, { count: 2, share: 0.25, base: { ...a.findings.ospoSmall.base, n: 8 } });
  return a;
}

/** What the slide says outside its chart (the chart's labels and alt text are checked on their own). */
const text = (s: SlideSpec) => JSON.stringify({ ...s, chartRequest: undefined });

function bind(aggregates: Aggregates, audience: string, locale: 'en' | 'de') {
  return bindSlides({
    manifest: loadDeckManifest(DEFAULT_TEMPLATES_DIR, audience),
    aggregates,
    templates,
    catalogue: loadCatalogue(DEFAULT_TEMPLATES_DIR, locale, surveyDirOf(DEFAULT_DATA_FILE)),
    chartsDir: path.join(DEFAULT_TEMPLATES_DIR, 'charts'),
    chartBox: chartBoxFor(),
  }).slides;
}

describe('figures on a base under showCounts print as counts, on every kind of slide', () => {
  const a = fewSmall();
  expect(a.thresholds?.showCounts).toBe(10);

  it('the briefing says "2 of 8" wherever it said the small organizations\' percentage (en, de)', () => {
    for (const [locale, counts] of [['en', '2 of 8'], ['de', '2 von 8']] as const) {
      const before = bind(loadAggregates(DEFAULT_DATA_FILE), 'executive-briefing', locale);
      const slides = bind(a, 'executive-briefing', locale);
      const printing = slides.filter((s) => text(s).includes(counts));
      // The headline notes and the adoption takeaway (claim figures), the recommendations (a bound argument).
      expect(printing.map((s) => s.key), locale).toEqual(['highlights.headlines', 'highlights.adoption', 'highlights.recommendations']);
      for (const s of printing) {
        const was = before.find((b) => b.key === s.key)!;
        expect(text(was), `${locale} ${s.key} printed the share before`).toMatch(/19\s?%/);
        expect(text(s), `${locale} ${s.key} prints no share of the 8`).not.toMatch(/25\s?%/);
        expect(s.warning, `${locale} ${s.key} carries the small-base flag`).toMatch(/\b8\b/);
      }
    }
  });

  it('the chart of the 8 small organizations labels their bars with counts, and its alt text prints them (en, de)', () => {
    const counts: Record<string, number> = { '1': 1, '2': 1, '3': 2, '4': 4 };
    for (const [locale, of] of [['en', 'of'], ['de', 'von']] as const) {
      // The adoption slide charts q12 by size, whose small organizations are cut to 8 above.
      const charted = bind(a, 'executive-briefing', locale).filter((s) => s.key === 'highlights.adoption');
      expect(charted.map((s) => s.kind), locale).toEqual(['chart']);
      for (const s of charted) {
        if (s.kind !== 'chart') continue;
        const { rows, altText } = s.chartRequest;
        for (const r of rows) {
          // A small organization's bar prints "count of 8"; the large organizations' (n ≥ 10) their percent.
          expect(r.countText, `${locale} ${s.key} ${JSON.stringify(r)}`).toBe(r.segment === 'size:small' ? `${counts[String(r.code)] ?? 0} ${of} 8` : undefined);
          if (r.countText) expect(altText).toContain(` ${r.countText}`);
        }
        expect(rows.filter((r) => r.countText !== undefined).length, `${locale} ${s.key}: counted bars`).toBe(4);
        // No share of the 8 (12.5%, 25%, 50%) is printed in the alt text.
        expect(altText, `${locale} ${s.key}`).not.toMatch(/\b(?:13|25|50)\s?%/);
      }
    }
  });

  it('a base of 10 or more still prints a percentage', () => {
    const slides = bind(loadAggregates(DEFAULT_DATA_FILE), 'executive-briefing', 'en');
    expect(slides.map(text).join('\n')).not.toMatch(/\d+ of \d+/);
  });
});
