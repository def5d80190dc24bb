// Charts stage: brand + locale → Vega-Lite `config`, so charts use the deck's fonts and colours.
// Pure.
import { isEastAsian, type Brand, type ChartTypeSizes, type Locale } from '../ir.js';

/** Vega-Lite sizes are CSS px: a chart `widthIn` wide is `widthIn × CSS_PX_PER_IN` px. */
export const CSS_PX_PER_IN = 96;
/** Picture charts' resolution: pixels per inch of the placed size. Here, not in render-chart.ts, so a build whose charts are all cached need not load vega and sharp to know it. */
export const PNG_PX_PER_IN = 200;
/**
 * Smallest chart text, CSS px at the 96 dpi design size (12 px = 9 pt on the slide). Labels start at
 * the brand size and step down towards this only when a crowded chart needs it.
 */
export const MIN_CHART_FONT_SIZE_PX = 12;

export interface ChartTextStyle {
  /** CSS font list as written into the SVG, e.g. `Inter, Noto Sans SC`. */
  font: string;
  labelFontSizePx: number;
  titleFontSizePx: number;
}

/** Brand body font, with the brand's East Asian family appended for zh-CN and ja, each quoted. */
export function chartFontFor(brand: Brand, locale: Locale): string {
  const body = brand.fonts.body;
  const families = [body];
  if (isEastAsian(locale)) {
    const eastAsian = brand.fonts.eastAsian[locale as 'zh-CN' | 'ja'];
    if (eastAsian && eastAsian !== body) families.push(eastAsian);
  }
  // Quoted: librsvg hands the list to pango, which reads a trailing number as a size, so an unquoted
  // `Source Sans 3` silently rendered in another face (wider than measured: labels ran off the left
  // edge). Single quotes because vega rewrites double quotes to single ones in SVG attributes.
  return families.map((f) => `'${f}'`).join(', ');
}

/** Points on the slide → CSS px of the picture (a chart `widthIn` wide is drawn `widthIn × 96` px wide). */
export function ptToCssPx(pt: number): number {
  return (pt * CSS_PX_PER_IN) / 72;
}

/**
 * Chart text sizes for a brand and an audience, CSS px: labels start at `fontSizePx` and step down
 * to `minFontSizePx`, never further. The brand's minimum is a floor under every audience; without
 * an audience's sizes a chart is set at the brand's minimum.
 */
export function chartTextSizesFor(brand: Brand, type?: ChartTypeSizes): { fontSizePx: number; minFontSizePx: number } {
  const minPt = Math.max(brand.minFontSizePt, type?.minFontSizePt ?? 0);
  const startPt = Math.max(minPt, type?.fontSizePt ?? brand.minFontSizePt);
  return { fontSizePx: ptToCssPx(startPt), minFontSizePx: ptToCssPx(minPt) };
}

export function chartTextStyleFor(brand: Brand, locale: Locale, type?: ChartTypeSizes): ChartTextStyle {
  const labelFontSizePx = chartTextSizesFor(brand, type).fontSizePx;
  return { font: chartFontFor(brand, locale), labelFontSizePx, titleFontSizePx: labelFontSizePx + 2 };
}

/** Vega-Lite config for a brand and locale. Guides never truncate labels (`labelLimit: 0`). */
export function chartConfigFor(brand: Brand, locale: Locale, type?: ChartTypeSizes): Record<string, unknown> {
  const c = brand.colors;
  const hex = (h: string) => `#${h}`;
  const { font, labelFontSizePx, titleFontSizePx } = chartTextStyleFor(brand, locale, type);
  const text = hex(c.text);
  const muted = hex(c.muted);
  return {
    background: hex(c.background),
    font,
    padding: 8,
    view: { stroke: null },
    scale: { bandPaddingInner: 0.3, bandPaddingOuter: 0.15 },
    mark: { color: hex(c.categorical[0]) },
    bar: { color: hex(c.categorical[0]) },
    text: { color: text, fontSize: labelFontSizePx, font },
    axis: {
      labelFont: font,
      labelFontSize: labelFontSizePx,
      labelColor: text,
      labelLimit: 0,
      labelPadding: 8,
      titleFont: font,
      titleFontSize: titleFontSizePx,
      titleFontWeight: 'normal',
      titleColor: text,
      gridColor: muted,
      gridOpacity: 0.25,
      domainColor: muted,
      tickColor: muted,
    },
    axisBand: { ticks: false, domain: false },
    legend: {
      labelFont: font,
      labelFontSize: labelFontSizePx,
      labelColor: text,
      labelLimit: 0,
      titleFont: font,
      titleFontSize: titleFontSizePx,
      titleFontWeight: 'normal',
      titleColor: text,
      titleLimit: 0,
      symbolType: 'square',
      symbolSize: 196,
      symbolStrokeWidth: 0,
      columnPadding: 20,
      rowPadding: 6,
      orient: 'top',
    },
    title: { font, color: text, fontSize: titleFontSizePx },
    range: {
      category: c.categorical.map(hex),
      ordinal: c.sequential.map(hex),
      ramp: c.sequential.map(hex),
      heatmap: c.sequential.map(hex),
      diverging: c.diverging.map(hex),
    },
  };
}
