// Rendered charts at the split maxima with long labels: read vega's scenegraph and check that no two
// visible texts intersect, none leaves the picture, none is cut with "…", and all are ≥ 12 px.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileChartSpec, installTextMetrics, prepareSpec } from '../../src/charts/index.js';
import { prepareFonts, useFontCache } from '../../src/fonts/index.js';
import type { Brand, ChartRequest, ChartRow, Locale } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { CHARTS_DIR, TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';
import { LONGEST_DE, LONGEST_JA, LONGEST_ZH, LONG_EN_FITTING_TEN } from '../fixtures/charts/long-labels.js';

let harbor: Brand;
beforeAll(() => {
  useFontCache(prepareFonts());
  installTextMetrics();
  harbor = loadBrand(TEMPLATES_DIR, 'harbor');
});

interface PlacedText {
  text: string;
  role: string;
  fontSizePx: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Every visible text item with its bounds in picture coordinates. */
async function renderTexts(request: ChartRequest): Promise<{ texts: PlacedText[]; widthPx: number; heightPx: number }> {
  const specText = readFileSync(path.join(CHARTS_DIR, `${request.specId}.vl.json`), 'utf8');
  const view = new vega.View(vega.parse(compileChartSpec(prepareSpec(specText, request, harbor), request.specFile)), { renderer: 'none' });
  await view.runAsync();
  const [ox, oy] = (view as unknown as { origin(): [number, number] }).origin();
  const texts: PlacedText[] = [];
  type Item = { x?: number; y?: number; text?: string | string[]; fontSize?: number; opacity?: number; bounds: { x1: number; y1: number; x2: number; y2: number }; items?: Mark[] };
  type Mark = { marktype: string; role: string; items: Item[] };
  const walk = (mark: Mark, dx: number, dy: number) => {
    for (const item of mark.items) {
      if (mark.marktype === 'group') {
        for (const child of item.items ?? []) walk(child, dx + (item.x ?? 0), dy + (item.y ?? 0));
      } else if (mark.marktype === 'text') {
        const text = Array.isArray(item.text) ? item.text.join('\n') : String(item.text ?? '');
        if (!text.trim() || item.opacity === 0) continue;
        const b = item.bounds;
        texts.push({ text, role: mark.role, fontSizePx: Number(item.fontSize), x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy });
      }
    }
  };
  walk((view.scenegraph() as unknown as { root: Mark }).root, ox, oy);
  const size = { widthPx: request.widthIn * 96, heightPx: request.heightIn * 96 };
  view.finalize();
  return { texts, ...size };
}

function intersects(a: PlacedText, b: PlacedText): boolean {
  const eps = 0.5;
  return a.x1 < b.x2 - eps && b.x1 < a.x2 - eps && a.y1 < b.y2 - eps && b.y1 < a.y2 - eps;
}

function expectNoOverlap({ texts, widthPx, heightPx }: Awaited<ReturnType<typeof renderTexts>>, labels: string[]): void {
  const axisLabels = texts.filter((t) => t.role === 'axis-label');
  expect(axisLabels).toHaveLength(labels.length);
  const squash = (s: string) => s.replace(/\s/g, '');
  expect(axisLabels.map((t) => squash(t.text)).sort()).toEqual(labels.map(squash).sort());
  for (const t of texts) {
    expect(t.text).not.toContain('…');
    expect(t.fontSizePx).toBeGreaterThanOrEqual((harbor.minFontSizePt * 96) / 72 - 1e-9);
    expect(t.x1, `${t.text} starts left of the picture`).toBeGreaterThanOrEqual(-0.5);
    expect(t.y1, `${t.text} starts above the picture`).toBeGreaterThanOrEqual(-0.5);
    expect(t.x2, `${t.text} ends right of the picture`).toBeLessThanOrEqual(widthPx + 0.5);
    expect(t.y2, `${t.text} ends below the picture`).toBeLessThanOrEqual(heightPx + 0.5);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      expect(intersects(texts[i], texts[j]), `"${texts[i].text}" overlaps "${texts[j].text}"`).toBe(false);
    }
  }
}

const SHARES = [0.52, 0.47, 0.41, 0.36, 0.3, 0.24, 0.18, 0.12, 0.07, 0.03];
const box = { widthIn: 8.4, heightIn: 4.45 };

function barRows(labels: string[]): ChartRow[] {
  return labels.map((label, i) => ({ label, share: SHARES[i % SHARES.length] }));
}

function stackedRows(items: string[], levels: string[]): ChartRow[] {
  // Small segments (3–7%) next to each other: their percent labels must be hidden, not overlap.
  const shares = [0.03, 0.05, 0.07, 0.25, 0.6].slice(0, levels.length);
  const total = shares.reduce((a, b) => a + b, 0);
  return items.flatMap((item, k) =>
    levels.map((level, levelIndex) => ({ item, level, levelIndex, share: shares[(levelIndex + k) % shares.length] / total })),
  );
}

function groupedRows(labels: string[]): ChartRow[] {
  return labels.flatMap((label, i) =>
    ['2024', '2023', '2022'].map((series, seriesIndex) => ({ label, series, seriesIndex, share: SHARES[(i + seriesIndex) % SHARES.length] })),
  );
}

const LEVELS_EN = ['Not impactful at all', 'Slightly impactful', 'Moderately impactful', 'Very impactful', 'Extremely impactful'];
const LEVELS_DE = ['Überhaupt nicht wirkungsvoll', 'Wenig wirkungsvoll', 'Mäßig wirkungsvoll', 'Sehr wirkungsvoll', 'Äußerst wirkungsvoll'];

// At the brand minimum (12 pt = 16 px, never less since issue 9) a chart this size holds fewer
// 100-character labels than the old 12 px floor did: these are the densest that still fit.
describe('crowded charts at the brand minimum', () => {
  it('7 bars with 100–110-character labels: no overlaps, nothing cut or clipped', async () => {
    const labels = LONG_EN_FITTING_TEN.slice(0, 7);
    const request = chartRequest('bar-horizontal', barRows(labels), box);
    expectNoOverlap(await renderTexts(request), labels);
  });

  it.each([
    ['en', LONG_EN_FITTING_TEN.slice(0, 6), LEVELS_EN],
    ['de', LONGEST_DE.slice(0, 6).map((l) => l.slice(0, 90)), LEVELS_DE],
    ['zh-CN', LONGEST_ZH.slice(0, 6), ['完全没有影响', '略有影响', '中等影响', '非常有影响', '极其有影响']],
  ] as const)('6 stacked items (%s) with a five-level legend: no overlaps, small segments unlabelled', async (locale, items, levels) => {
    const request = chartRequest('stacked-100', stackedRows([...items], [...levels]), { ...box, locale: locale as Locale });
    const rendered = await renderTexts(request);
    expectNoOverlap(rendered, [...items]);
    for (const level of levels) expect(rendered.texts.filter((t) => t.role === 'legend-label').map((t) => t.text)).toContain(level);
    // 3% and 5% segments are a few px wide: no number drawn there.
    const values = rendered.texts.filter((t) => t.role === 'mark' || /%/.test(t.text)).map((t) => t.text);
    expect(values.some((v) => v.startsWith('3'))).toBe(false);
  });

  it.each([
    ['de', LONGEST_DE.slice(0, 4)],
    ['ja', LONGEST_JA.slice(0, 4)],
  ] as const)('4 groups of 3 bars (%s) with the longest labels: no overlaps', async (locale, labels) => {
    const request = chartRequest('grouped-bars', groupedRows([...labels]), { ...box, locale: locale as Locale });
    expectNoOverlap(await renderTexts(request), [...labels]);
  });
});

describe('category order', () => {
  it('draws bars in the order of the rows (bind sorts; ordered scales stay in scale order)', async () => {
    // Deliberately not sorted by share: an effectiveness scale from worst to best.
    const rows = [
      { label: 'Extremely ineffective', share: 0.07 },
      { label: 'Very ineffective', share: 0.19 },
      { label: 'Effective', share: 0.4 },
      { label: 'Very effective', share: 0.02 },
    ];
    const { texts } = await renderTexts(chartRequest('bar-horizontal', rows));
    const labels = texts.filter((t) => t.role === 'axis-label').sort((a, b) => a.y1 - b.y1);
    expect(labels.map((t) => t.text.replace(/\s+/g, ' '))).toEqual(rows.map((r) => r.label));
  });
});
