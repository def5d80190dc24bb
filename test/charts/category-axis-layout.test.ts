// The category axis layout: at the split maxima (10 bars, 8 stacked items, 7 groups of 3 bars) with
// the survey's longest labels, every label block fits between its neighbours at ≥ 12 px, whole.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CSS_PX_PER_IN,
  MIN_CHART_FONT_SIZE_PX,
  chartFontFor,
  labelBlockHeightPx,
  layoutCategoryAxis,
  type CategoryAxisInput,
  type CategoryAxisLayout,
} from '../../src/charts/index.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { prepareFonts, useFontCache } from '../../src/fonts/index.js';
import type { Brand, Locale } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { TEMPLATES_DIR } from '../fixtures/charts/requests.js';
import { LONGEST_DE, LONGEST_EN, LONGEST_FR, LONGEST_JA, LONGEST_ZH, LONG_EN_FITTING_TEN } from '../fixtures/charts/long-labels.js';

// The slide's chart box (8.4 × 4.45 in) less 8 px padding each side; stacked and grouped charts lose
// a two-row legend (≈ 62 px) and a one-row legend (≈ 30 px) above the plot.
const CHART_WIDTH_PX = 8.4 * CSS_PX_PER_IN - 16;
const PLOT_HEIGHT_PX = 4.45 * CSS_PX_PER_IN - 16;
const BRAND_LABEL_PX = 16;

let harbor: Brand;
beforeAll(() => {
  useFontCache(prepareFonts());
  harbor = loadBrand(TEMPLATES_DIR, 'harbor');
});

type Kind = 'bar-horizontal' | 'stacked-100' | 'grouped-bars';
const GEOMETRY: Record<Kind, Pick<CategoryAxisInput, 'plotHeightPx' | 'bandPaddingInner' | 'bandPaddingOuter' | 'barsPerBand'> & { max: number }> = {
  'bar-horizontal': { max: 10, plotHeightPx: PLOT_HEIGHT_PX, bandPaddingInner: 0.3, bandPaddingOuter: 0.15, barsPerBand: 1 },
  'stacked-100': { max: 8, plotHeightPx: PLOT_HEIGHT_PX - 62, bandPaddingInner: 0.3, bandPaddingOuter: 0.15, barsPerBand: 1 },
  'grouped-bars': { max: 7, plotHeightPx: PLOT_HEIGHT_PX - 30, bandPaddingInner: 0.2, bandPaddingOuter: 0.1, barsPerBand: 3 },
};

function inputFor(kind: Kind, labels: string[], locale: Locale): CategoryAxisInput {
  const { max, ...geometry } = GEOMETRY[kind];
  return {
    labels: Array.from({ length: max }, (_, i) => labels[i % labels.length]),
    chartWidthPx: CHART_WIDTH_PX,
    font: chartFontFor(harbor, locale),
    maxSizePx: BRAND_LABEL_PX,
    minSizePx: MIN_CHART_FONT_SIZE_PX,
    ...geometry,
  };
}

/** Every property the slide needs, checked from the layout's own output. */
function expectFits(layout: CategoryAxisLayout, input: CategoryAxisInput): void {
  const n = input.labels.length;
  expect(layout.fontSizePx).toBeGreaterThanOrEqual(MIN_CHART_FONT_SIZE_PX);
  expect(layout.valueFontSizePx).toBeGreaterThanOrEqual(MIN_CHART_FONT_SIZE_PX);
  expect(layout.lineHeightPx).toBeGreaterThanOrEqual(layout.fontSizePx * 1.2);
  expect(layout.labelWidthPx).toBeLessThanOrEqual(input.chartWidthPx * 0.45 + 0.5);
  expect(layout.stepPx).toBeCloseTo(input.plotHeightPx / (n - input.bandPaddingInner + 2 * input.bandPaddingOuter), 6);
  // Whole: the lines put back together are the label, nothing cut, no ellipsis.
  layout.lines.forEach((lines, i) => {
    // (Breaks fall at spaces, after hyphens, and between CJK characters.)
    expect(lines.join('').replace(/\s/g, '')).toBe(input.labels[i].replace(/\s/g, ''));
    expect(lines.join('')).not.toContain('…');
  });
  // Centred one step apart: two neighbours' half blocks fit in one step, the outer ones in the plot.
  const heights = layout.lines.map((l) => labelBlockHeightPx(l.length, layout.lineHeightPx));
  for (let i = 1; i < n; i++) expect((heights[i - 1] + heights[i]) / 2).toBeLessThan(layout.stepPx);
  expect(heights[0] / 2).toBeLessThanOrEqual(layout.stepPx / 2);
  expect(heights[n - 1] / 2).toBeLessThanOrEqual(layout.stepPx / 2);
  // Bars of a group are thick enough for their value labels.
  expect(layout.valueFontSizePx).toBeLessThanOrEqual((layout.stepPx * (1 - input.bandPaddingInner)) / (input.barsPerBand ?? 1));
}

describe('layoutCategoryAxis', () => {
  it('keeps the brand size and one line for short labels', () => {
    const input = inputFor('bar-horizontal', ['Europe', 'United States or Canada', 'Japan'], 'en');
    const layout = layoutCategoryAxis({ ...input, labels: input.labels.slice(0, 3) });
    expect(layout.fontSizePx).toBe(BRAND_LABEL_PX);
    expect(layout.lines.every((l) => l.length === 1)).toBe(true);
  });

  it.each([
    ['bar-horizontal', 'en', LONG_EN_FITTING_TEN],
    ['stacked-100', 'en', LONG_EN_FITTING_TEN],
    ['grouped-bars', 'en', LONGEST_EN],
    ['grouped-bars', 'de', LONGEST_DE],
    ['grouped-bars', 'fr', LONGEST_FR],
    ['bar-horizontal', 'zh-CN', LONGEST_ZH],
    ['stacked-100', 'zh-CN', LONGEST_ZH],
    ['grouped-bars', 'zh-CN', LONGEST_ZH],
    ['bar-horizontal', 'ja', LONGEST_JA],
    ['stacked-100', 'ja', LONGEST_JA],
    ['grouped-bars', 'ja', LONGEST_JA],
  ] as const)('fits %s at its maximum with the longest %s labels', (kind, locale, labels) => {
    const input = inputFor(kind, [...labels], locale);
    const layout = layoutCategoryAxis(input);
    expectFits(layout, input);
    // Crowded and long: the layout had to step down or widen, but within bounds.
    expect(layout.lines.some((l) => l.length > 1)).toBe(true);
  });

  it('takes more lines before a smaller size when a band has room (3 groups, 125-character labels)', () => {
    const input = { ...inputFor('grouped-bars', LONGEST_DE, 'de'), labels: LONGEST_DE.slice(0, 3) };
    const layout = layoutCategoryAxis(input);
    expectFits(layout, input);
    expect(layout.fontSizePx).toBe(BRAND_LABEL_PX);
  });

  it.each([
    ['bar-horizontal', 'en', LONGEST_EN],
    ['bar-horizontal', 'de', LONGEST_DE],
  ] as const)('is CHART_TOO_DENSE, naming the count and the label, when even 12 px in three lines cannot fit (%s, %s ~125+ characters)', (kind, locale, labels) => {
    const input = { ...inputFor(kind, [...labels], locale), maxLines: 3, where: 'full-results.en slide 7' };
    let thrown: unknown;
    try {
      layoutCategoryAxis(input);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SurveydeckError);
    const d = (thrown as SurveydeckError).diagnostics[0];
    expect(d.code).toBe('CHART_TOO_DENSE');
    expect(d.message).toMatch(/^full-results\.en slide 7: the answer "/);
    expect(labels.some((l) => d.message.includes(`"${l.slice(0, 40)}`))).toBe(true);
    expect(d.message).toContain(`${GEOMETRY[kind].max} categories`);
    expect(d.message).toContain('12 px');
    expect(d.hint).toContain('split');
  });

  it('is CHART_TOO_DENSE when the bars of a group are too thin for 12 px value labels', () => {
    const input = { ...inputFor('grouped-bars', ['a', 'b'], 'en'), labels: Array.from({ length: 12 }, (_, i) => `Option ${i}`) };
    expect(() => layoutCategoryAxis(input)).toThrow(/CHART_TOO_DENSE.*too thin for 9 pt \(12 px\) value labels/);
  });

  it('never wraps a label past maxLines: a smaller size first, else CHART_TOO_DENSE', () => {
    const input = { ...inputFor('bar-horizontal', LONGEST_EN, 'en'), labels: LONGEST_EN.slice(0, 3) };
    const unbounded = layoutCategoryAxis(input);
    expect(Math.max(...unbounded.lines.map((l) => l.length))).toBe(3);
    // The same labels bounded to two lines: even the smallest size in the widest column needs three.
    expect(() => layoutCategoryAxis({ ...input, maxLines: 2 })).toThrow(/CHART_TOO_DENSE.*needs 3 lines .*2 at most/);
    // Short ones take the bound easily.
    const short = layoutCategoryAxis({ ...input, labels: ['Yes', 'No', 'Not sure'], maxLines: 1 });
    expect(short.lines.every((l) => l.length === 1)).toBe(true);
  });
});
