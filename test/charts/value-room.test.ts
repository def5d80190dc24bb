// The value scale of the bar charts ends where the widest value label still fits inside the picture
// (prepare-spec.ts, `valueRoom`): no label past the right edge, no fixed pad wasted either, and the
// parts of a split question keep one domain even when one part prints a wide count label.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileChartSpec, installTextMetrics, prepareSpec } from '../../src/charts/index.js';
import { CSS_PX_PER_IN } from '../../src/charts/chart-config.js';
import { numberLocaleFor } from '../../src/charts/number-locale.js';
import type { ChartRequest, ChartRow, Locale } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';

type Item = { text?: unknown; x?: number; bounds?: { x2: number }; datum?: { share?: unknown }; items?: Mark[] };
type Mark = { marktype: string; role: string; items: Item[] };

/** The x domain and the right edge of each value label, px from the picture's left edge (as drawn). */
async function valueLabels(request: ChartRequest): Promise<{ domainMax: number; labels: { text: string; rightPx: number }[]; widthPx: number; plotRightPx: number }> {
  const brand = loadBrand(TEMPLATES_DIR, 'harbor');
  const spec = compileChartSpec(prepareSpec(readFileSync(request.specFile, 'utf8'), request, brand), request.specFile);
  const view = new vega.View(vega.parse(spec), { renderer: 'none', locale: { number: numberLocaleFor(request.locale) } as never });
  await view.runAsync();
  const v = view as unknown as { origin(): [number, number]; padding(): { left: number } };
  const left = v.origin()[0] + v.padding().left;
  const labels: { text: string; rightPx: number }[] = [];
  const walk = (mark: Mark, offsetX: number) => {
    for (const item of mark.items) {
      if (mark.marktype === 'group') for (const child of item.items ?? []) walk(child, offsetX + (item.x ?? 0));
      else if (mark.marktype === 'text' && mark.role === 'mark' && typeof item.datum?.share === 'number') labels.push({ text: String(item.text), rightPx: left + offsetX + item.bounds!.x2 });
    }
  };
  walk((view.scenegraph() as unknown as { root: Mark }).root, 0);
  const x = view.scale('x') as unknown as { domain(): number[]; range(): number[] };
  const result = { domainMax: x.domain()[1], labels, widthPx: request.widthIn * CSS_PX_PER_IN, plotRightPx: left + x.range()[1] };
  view.finalize();
  return result;
}

const PART_1: ChartRow[] = [
  { label: 'Reduced development costs', share: 0.4 },
  { label: 'Faster time to market', share: 0.31 },
  { label: 'Recruiting and retaining developers', share: 0.22 },
];
// The second part of the same question: one bar on a small base prints its counts, wider than any percent.
const PART_2: ChartRow[] = [
  { label: 'Avoiding vendor lock-in', share: 0.375, countText: '3 of 8 respondents' },
  { label: 'Other', share: 0.05 },
];

describe('value label room', () => {
  it("measures labels formatted by vega's own copy of vega-format (the one surveydeck imports is the one vega loads)", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve('vega-format')).toBe(require.resolve('vega-format', { paths: [path.dirname(require.resolve('vega'))] }));
  });

  beforeAll(() => installTextMetrics());

  for (const [locale, widthIn] of [['en', 4.2], ['de', 4.2], ['fr', 6]] as [Locale, number][]) {
    it(`ends the scale where the widest label just fits (${locale}, ${widthIn} in)`, async () => {
      const rows: ChartRow[] = [
        { label: 'Reduced development costs', share: 0.84 },
        { label: 'Faster time to market', share: 0.8 },
        { label: 'Recruiting and retaining developers', share: 0.12 },
      ];
      const scene = await valueLabels(chartRequest('bar-horizontal', rows, { locale, widthIn, type: { fontSizePt: 18, minFontSizePt: 16 } }));
      // In the locale's own format ("84 %" in de and fr), which is what must fit.
      const percent = new Intl.NumberFormat(locale, { style: 'percent' });
      expect(scene.labels.map((l) => l.text)).toEqual(rows.map((r) => percent.format(Number(r.share))));
      if (locale !== 'en') expect(scene.labels[0].text).toMatch(/\s%$/u);
      const widest = Math.max(...scene.labels.map((l) => l.rightPx));
      // Inside the plot (so inside the picture), and within the 1 px rounding allowance of its end:
      // measured room, not a fixed share of the largest bar.
      expect(widest).toBeLessThanOrEqual(scene.plotRightPx + 0.5);
      expect(widest).toBeGreaterThan(scene.plotRightPx - 2);
      expect(scene.plotRightPx).toBeLessThan(scene.widthPx);
    });
  }

  it('gives the parts of a split question one domain that leaves room for a count label on either part', async () => {
    const split = { shareMax: 0.4, shareScaleCountTexts: ['3 of 8 respondents'], widthIn: 5, type: { fontSizePt: 18, minFontSizePt: 16 } };
    const [one, two] = [await valueLabels(chartRequest('bar-horizontal', PART_1, split)), await valueLabels(chartRequest('bar-horizontal', PART_2, split))];
    expect(one.domainMax).toBe(two.domainMax);
    for (const part of [one, two]) for (const l of part.labels) expect(l.rightPx, l.text).toBeLessThanOrEqual(part.widthPx);
    expect(two.labels[0].text).toBe('3 of 8 respondents');
    // Without the question's count labels, the part that prints one would need a domain of its own.
    const percentsOnly = await valueLabels(chartRequest('bar-horizontal', PART_1, { ...split, shareScaleCountTexts: undefined }));
    expect(percentsOnly.domainMax).toBeLessThan(one.domainMax);
  });
});
