// Charts stage, native charts, step 1: the Vega-Lite spec as prepared for the picture, its compiled
// Vega spec and the view's scenegraph (the data after transforms, each bar's colour, each label's
// text) → a plain description of an OOXML bar chart, or the reason it has none. Pure over its inputs.
//
//   prepared VL spec ─▶ layers: which draws bars, which labels them, which are invisible
//   compiled Vega    ─▶ stack offset (zero, normalize, center), scale names
//   scenegraph       ─▶ category order (band scale domain), series order and colours (colour scale),
//                       values, per-bar fills (highlights), per-label text (markers, hidden labels)
//
// Nothing here knows a spec by name: a new spec gets a native chart when it draws bars this way.
import type { Brand, ChartRequest, ChartRow, Locale } from '../../ir.js';
import { chartTexts, isEastAsian, LANG_TAG } from '../../ir.js';
import { chartTextSizesFor, CSS_PX_PER_IN } from '../chart-config.js';
import { eastAsianFallbackFor } from '../../fonts/index.js';
import { numberFormatFor, quoteLiteral, withLiteral } from './number-format.js';

const PT_PER_CSS_PX = 72 / CSS_PX_PER_IN;

export type BarGrouping = 'clustered' | 'stacked' | 'percentStacked';

export interface NativeFont {
  latin: string;
  eastAsian?: string;
  lang: string;
}

export interface PointLabel {
  /** The label is not drawn for this point (the picture hides it where it does not fit). */
  hidden?: boolean;
  /** A format that differs from the series' (a significance marker after the value). */
  numFormat?: string;
  /** Text colour, when it differs from the series' labels (white on a dark segment). */
  color?: string;
}

/** A bar's fill: colour and, where the picture draws it translucent (a faded, not highlighted bar), its opacity. */
export interface Paint {
  /** `RRGGBB`. */
  color: string;
  /** 0–1; absent when opaque. */
  alpha?: number;
}

export interface NativeSeries {
  name: string;
  /** `RRGGBB`. */
  color: string;
  /** Bar outline, as the picture draws it (stacked segments are separated by a background line). */
  line?: { color: string; widthPt: number };
  /** One per category; `null` where the rows have no value. */
  values: (number | null)[];
  /** Per-category fill where it differs from the series' (a highlighted bar, or a faded one). */
  pointFills: (Paint | undefined)[];
  labels?: {
    numFormat: string;
    color: string;
    fontSizePt: number;
    position: 'outEnd' | 'ctr' | 'inEnd' | 'inBase';
    points: (PointLabel | undefined)[];
  };
  /** An invisible series that offsets a diverging stack (no fill, no labels, no legend entry). */
  offset?: boolean;
}

export interface NativeChartDescription {
  /** `bar`: bars run horizontally (categories on the vertical axis); `col`: vertical bars. */
  direction: 'bar' | 'col';
  grouping: BarGrouping;
  categoryField: string;
  seriesField?: string;
  valueField: string;
  /** Category labels as the picture shows them, explicit line breaks as `\n`. */
  categories: string[];
  series: NativeSeries[];
  /**
   * Where the picture puts its plot, as fractions of the chart frame: the native chart uses the same
   * inner plot area, so its category labels get the room the picture's layout measured for them
   * (left to itself, LibreOffice re-wrapped long labels and then dropped every other one).
   */
  plotArea?: { x: number; y: number; w: number; h: number };
  /** Gap between categories as a percentage of one bar's thickness, and the overlap of bars in a category. */
  gapWidthPct: number;
  overlapPct: number;
  valueAxis: { min: number; max: number; visible: boolean; numFormat: string };
  categoryAxis: { fontSizePt: number; color: string; visible: boolean };
  legend?: { position: 't' | 'b' | 'l' | 'r'; fontSizePt: number; color: string };
  font: NativeFont;
  textColor: string;
  /** The rows as bound (labels unwrapped): the workbook's second sheet. */
  rows: ChartRow[];
  altText: string;
}

export type DescribeResult = { ok: true; chart: NativeChartDescription } | { ok: false; reason: string };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** The parts of a vega scenegraph item this module reads. */
export interface SceneItem {
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  width?: number;
  height?: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  opacity?: number;
  fillOpacity?: number;
  fontSize?: number;
  text?: string | string[];
  role?: string;
  datum?: Record<string, unknown>;
}

export interface SceneMark {
  marktype: string;
  name?: string;
  role?: string;
  items: (SceneItem | SceneGroup)[];
}
interface SceneGroup extends SceneItem {
  items?: SceneMark[];
}

/** What the describer reads from a vega View, kept narrow so tests can see what matters. */
export interface ViewReader {
  root: SceneMark;
  scaleDomain(name: string): unknown[] | undefined;
  scaleValue(name: string, value: unknown): unknown;
  /** d3-format in the request locale (the view's own formatter). */
  format(specifier: string): (value: number) => string;
  scaleBandwidth?(name: string): number | undefined;
  scaleStep?(name: string): number | undefined;
  /** The plot (the data rectangle inside axes and legend) as fractions of the chart's size. */
  plotArea?(): { x: number; y: number; w: number; h: number } | undefined;
}

interface Layer {
  index: number;
  markName: string;
  mark: string;
  markDef: JsonObject;
  encoding: JsonObject;
}

const fail = (reason: string): DescribeResult => ({ ok: false, reason });

export function describeNativeChart(
  vlSpec: JsonObject,
  vegaSpec: JsonObject,
  view: ViewReader,
  request: ChartRequest,
  brand: Brand,
): DescribeResult {
  // 1. layers, with the top-level encoding merged in as Vega-Lite does.
  const layers = flattenLayers(vlSpec);
  const bars = layers.filter((l) => l.mark === 'bar' && !invisible(l));
  if (bars.length !== 1) {
    return fail(bars.length === 0 ? 'it draws no bar mark' : `it draws ${bars.length} bar layers (a native bar chart has one set of bars)`);
  }
  const bar = bars[0];
  const texts = layers.filter((l) => l.mark === 'text' && !invisible(l));
  const others = layers.filter((l) => l !== bar && !texts.includes(l) && !invisible(l));
  if (others.length) return fail(`layer ${others[0].index + 1} draws a \`${others[0].mark}\` mark, which a native bar chart cannot show`);
  if (texts.length > 1) return fail('it has more than one text layer');

  // 2. orientation: the quantitative channel carries the value, the other one the categories.
  const channel = (name: string) => bar.encoding[name] as JsonObject | undefined;
  const quantitative = (['x', 'y'] as const).find((c) => channel(c)?.type === 'quantitative' && typeof channel(c)?.field === 'string');
  if (!quantitative) return fail('its bars have no quantitative field on x or y');
  const band = quantitative === 'x' ? 'y' : 'x';
  const bandEnc = channel(band);
  if (!bandEnc || typeof bandEnc.field !== 'string' || !['nominal', 'ordinal'].includes(String(bandEnc.type))) {
    return fail(`its bars have no nominal or ordinal field on ${band}`);
  }
  // Ranged bars (x and x2, e.g. a Likert scale centred on its neutral level) draw x2 − x.
  const rangeEnd = channel(`${quantitative}2`);
  if (rangeEnd && typeof rangeEnd.field !== 'string') return fail(`its bars set ${quantitative}2 without a field`);
  const startField = rangeEnd ? String(channel(quantitative)!.field) : undefined;
  const endField = rangeEnd ? String(rangeEnd.field) : undefined;
  const valueField = String(channel(quantitative)!.field);
  const categoryField = String(bandEnc.field);
  const offsetChannel = band === 'y' ? 'yOffset' : 'xOffset';
  const offsetField = (channel(offsetChannel)?.field as string | undefined) ?? undefined;
  const colorEnc = channel('color');
  // A colour field with no scale holds each bar's own colour (a scale's levels on one series of bars):
  // per-point fills, read from the scenegraph as a highlight's are, not series.
  const colorField = typeof colorEnc?.field === 'string' && colorEnc.scale !== null ? colorEnc.field : undefined;
  if (offsetField && colorField && offsetField !== colorField) return fail('its bars are offset by one field and coloured by another');
  const seriesField = offsetField ?? colorField;

  // 3. grouping, from the compiled stack transform.
  const stackOffset = findStackOffset(vegaSpec);
  let grouping: BarGrouping = 'clustered';
  let diverging = false;
  if (rangeEnd) {
    if (!seriesField || offsetField) return fail('its ranged bars are not segments of one bar per category');
    grouping = 'stacked';
    diverging = true;
  } else if (!offsetField && seriesField && stackOffset) {
    if (stackOffset === 'normalize') grouping = 'percentStacked';
    else if (stackOffset === 'center') {
      grouping = 'stacked';
      diverging = true;
    } else grouping = 'stacked';
  }

  // 4. the bars the picture draws, and their labels.
  const barItems = itemsOf(view.root, bar.markName);
  if (barItems.length === 0) return fail('the view draws no bars for these rows');
  const categories = (view.scaleDomain(band) ?? []).map(String);
  const seriesNames = seriesField ? (view.scaleDomain(colorField ? 'color' : offsetChannel) ?? []).map(String) : [valueField];
  if (categories.length === 0) return fail(`its ${band} scale has an empty domain`);
  const key = (d: Record<string, unknown>) => `${String(d[categoryField])}\u0000${seriesField ? String(d[seriesField]) : valueField}`;
  const barByKey = new Map<string, SceneItem>();
  for (const item of barItems) if (item.datum) barByKey.set(key(item.datum), item);

  const textLayer = texts[0];
  const textItems = textLayer ? itemsOf(view.root, textLayer.markName) : [];
  const textByKey = new Map<string, SceneItem>();
  for (const item of textItems) if (item.datum) textByKey.set(key(item.datum), item);
  const labelFormat = textLayer ? labelFormatOf(textLayer, valueField, [vlSpec, ...layerSpecs(vlSpec)]) : undefined;
  if (textLayer && !labelFormat) return fail('its text layer does not show the bar value with a `format`');
  const numFormat = labelFormat ? numberFormatFor(labelFormat, request.locale) : undefined;
  if (labelFormat && !numFormat) return fail(`its label format \`${labelFormat}\` has no number-format equivalent`);
  const formatValue = labelFormat ? view.format(labelFormat) : undefined;
  // Chart text is never smaller than the audience's minimum (the brand's, under a deck's `type:`),
  // the floor the picture's layout obeys; a size the picture does not show (a series whose labels
  // are all hidden, no axis labels) is set at that minimum, not at a guess.
  const minPt = round2(chartTextSizesFor(brand, request.type).minFontSizePx * PT_PER_CSS_PX);
  const sizePt = (px: number | undefined) => Math.max(minPt, px === undefined || !Number.isFinite(px) ? 0 : round2(px * PT_PER_CSS_PX));

  const series: NativeSeries[] = [];
  for (const name of seriesNames) {
    const members = categories.map((c) => barByKey.get(`${c}\u0000${name}`));
    const valueOf = (d: Record<string, unknown> | undefined): number | null => {
      if (!d) return null;
      if (startField && endField) return typeof d[startField] === 'number' && typeof d[endField] === 'number' ? tidy((d[endField] as number) - (d[startField] as number)) : null;
      return typeof d[valueField] === 'number' ? (d[valueField] as number) : null;
    };
    const values = members.map((m) => valueOf(m?.datum));
    const scaled = colorField ? view.scaleValue('color', name) : undefined;
    const color = hex(typeof scaled === 'string' ? scaled : mostCommon(members.map((m) => m?.fill)));
    if (!color) return fail(`series \`${name}\` has no solid fill`);
    // A bar the picture fades (opacity under a highlight) keeps its colour and its opacity, point by
    // point: the series stays opaque, so its legend key is the colour the picture's legend shows (and
    // LibreOffice lets a series' transparency through to points that set a fill without one).
    const pointFills = members.map((m): Paint | undefined => {
      if (!m) return undefined;
      const fill = hex(m.fill) ?? color;
      const alpha = opacityOf(m);
      return fill !== color || alpha < 1 ? { color: fill, ...(alpha < 1 ? { alpha } : {}) } : undefined;
    });
    const first = members.find((m) => m);
    const line = first?.stroke && (first.strokeWidth ?? 1) > 0 ? hex(first.stroke) : undefined;
    const s: NativeSeries = {
      name,
      color,
      values,
      pointFills,
      ...(line ? { line: { color: line, widthPt: round2((first!.strokeWidth ?? 1) * PT_PER_CSS_PX) } } : {}),
    };
    if (textLayer && numFormat && formatValue) {
      const labelItems = categories.map((c) => textByKey.get(`${c}\u0000${name}`));
      const shown = labelItems.find((t) => textOf(t) !== '');
      const labelColor = hex(shown?.fill) ?? brand.colors.text.toUpperCase();
      const points: (PointLabel | undefined)[] = [];
      for (let i = 0; i < categories.length; i++) {
        const t = labelItems[i];
        const v = values[i];
        if (v === null) {
          points.push(undefined);
          continue;
        }
        const text = textOf(t);
        if (!t || text === '') {
          points.push({ hidden: true });
          continue;
        }
        const plain = formatValue(v);
        const point: PointLabel = {};
        if (text !== plain) {
          const at = text.indexOf(plain);
          const counts = members[i]?.datum?.countText;
          // A bar on a small base prints its counts ("3 of 5", the row's `countText`), not its value:
          // the label is that text as a literal number format, the bar still linked to its value.
          if (at < 0 && typeof counts === 'string' && text === counts.trim()) point.numFormat = quoteLiteral(text);
          else if (at < 0) return fail(`the label \`${text}\` is not the value \`${plain}\` with text around it`);
          else point.numFormat = withLiteral(numFormat, { before: text.slice(0, at), after: text.slice(at + plain.length) });
        }
        const c = hex(t.fill);
        if (c && c !== labelColor) point.color = c;
        points.push(Object.keys(point).length ? point : undefined);
      }
      s.labels = {
        numFormat,
        color: labelColor,
        fontSizePt: sizePt(shown?.fontSize ?? labelItems.find((t) => t?.fontSize)?.fontSize),
        position: labelPosition(labelItems, members, quantitative, grouping),
        points,
      };
    }
    series.push(s);
  }

  // 5. a diverging stack starts each category where the picture starts it: an invisible first series.
  let divergingBase = 0;
  if (diverging) {
    const startOf = (d: Record<string, unknown> | undefined) => Number(startField ? d?.[startField] : d?.[`${valueField}_start`]);
    const starts: number[] = [];
    for (const c of categories) {
      const items = seriesNames.map((n) => barByKey.get(`${c}\u0000${n}`)).filter((m): m is SceneItem => !!m);
      const s = items.map((m) => startOf(m.datum)).filter(Number.isFinite);
      starts.push(s.length ? Math.min(...s) : 0);
      // A stack only reproduces the picture when each segment starts where the one before ends.
      let at = starts[starts.length - 1];
      for (const m of items) {
        if (Math.abs(startOf(m.datum) - at) > 1e-9) return fail(`the segments of \`${c}\` do not follow each other in series order`);
        at += series[seriesNames.indexOf(String(m.datum?.[seriesField!]))].values[categories.indexOf(c)] ?? 0;
      }
    }
    // The picture's value axis starts below zero; the native one starts at 0, so shift by its start.
    divergingBase = Math.min(Number((view.scaleDomain(quantitative) ?? [0])[0]), ...starts);
    series.unshift({ name: '', color: brand.colors.background.toUpperCase(), values: starts.map((s) => tidy(s - divergingBase)), pointFills: categories.map(() => undefined), offset: true });
  }

  // 6. geometry: gaps between categories and the value axis range, from the scales.
  const thicknessPx = barItems.map((m) => (quantitative === 'x' ? m.height : m.width) ?? 0).find((t) => t > 0) ?? 0;
  const stepPx = view.scaleStep?.(band);
  const barsPerCategory = grouping === 'clustered' ? seriesNames.length : 1;
  const gapWidthPct = thicknessPx > 0 && stepPx ? clamp(Math.round(((stepPx - barsPerCategory * thicknessPx) / thicknessPx) * 100), 0, 500) : 50;
  const domain = (view.scaleDomain(quantitative) ?? [0, 1]).map(Number);
  let [min, max] = [Math.min(domain[0], 0), domain[domain.length - 1]];
  if (grouping === 'percentStacked') [min, max] = [0, 1];
  if (diverging) [min, max] = [0, max - divergingBase];
  const valueAxisEnc = channel(quantitative)!;
  const axisFormat = typeof (valueAxisEnc.axis as JsonObject | null | undefined)?.format === 'string' ? String((valueAxisEnc.axis as JsonObject).format) : labelFormat;

  const plotArea = view.plotArea?.();
  const axisLabels = axisLabelItems(view.root, new Set(categories));
  const brandText = brand.colors.text.toUpperCase();
  const legendEnc = colorEnc?.legend as JsonObject | null | undefined;
  const legendItems = legendLabelItems(view.root);
  return {
    ok: true,
    chart: {
      direction: quantitative === 'x' ? 'bar' : 'col',
      grouping,
      categoryField,
      seriesField,
      valueField,
      categories,
      series,
      ...(plotArea ? { plotArea } : {}),
      gapWidthPct,
      overlapPct: grouping === 'clustered' ? 0 : 100,
      valueAxis: {
        min,
        max,
        visible: valueAxisEnc.axis !== null,
        numFormat: (axisFormat && numberFormatFor(axisFormat, request.locale)) ?? 'General',
      },
      categoryAxis: {
        // one size for the axis: the smallest the picture sets any answer in (its layout may step down)
        fontSizePt: sizePt(axisLabels.length ? Math.min(...axisLabels.map((l) => l.fontSize ?? Infinity)) : undefined),
        color: hex(axisLabels[0]?.fill) ?? brandText,
        visible: bandEnc.axis !== null,
      },
      ...(seriesField && legendEnc !== null && legendItems.length
        ? {
            legend: {
              position: legendPosition(legendEnc && typeof legendEnc.orient === 'string' ? legendEnc.orient : 'top'),
              fontSizePt: sizePt(legendItems[0].fontSize),
              color: hex(legendItems[0].fill) ?? brandText,
            },
          }
        : {}),
      font: nativeFontFor(brand, request.locale, chartTexts(request)),
      textColor: brandText,
      rows: request.rows,
      altText: request.altText,
    },
  };
}

/**
 * The chart's faces: the brand's body face, and its East Asian face in a Chinese or Japanese deck; in
 * another deck, for Chinese, Japanese or Korean labels, the fallback face that draws them (as the slide's
 * runs name it), so the viewer draws them as measured and the deck embeds it.
 */
export function nativeFontFor(brand: Brand, locale: Locale, texts: Iterable<string> = []): NativeFont {
  const eastAsian = isEastAsian(locale) ? brand.fonts.eastAsian[locale as 'zh-CN' | 'ja'] : eastAsianFallbackFor(texts, [brand.fonts.body]);
  return { latin: brand.fonts.body, ...(eastAsian ? { eastAsian } : {}), lang: LANG_TAG[locale] };
}

function flattenLayers(spec: JsonObject): Layer[] {
  const top = (spec.encoding as JsonObject | undefined) ?? {};
  const layered = Array.isArray(spec.layer);
  const list = (layered ? (spec.layer as JsonObject[]) : [spec]) as JsonObject[];
  return list.map((l, index) => {
    const markDef = (typeof l.mark === 'string' ? { type: l.mark } : ((l.mark as JsonObject | undefined) ?? {})) as JsonObject;
    return {
      index,
      markName: layered ? `layer_${index}_marks` : 'marks',
      mark: String(markDef.type ?? ''),
      markDef,
      encoding: { ...top, ...(layered ? ((l.encoding as JsonObject | undefined) ?? {}) : {}) },
    };
  });
}

/** A layer drawn with no ink: it only shapes the scales (the label-room tick). */
function invisible(layer: Layer): boolean {
  return layer.markDef.opacity === 0 || layer.markDef.fillOpacity === 0;
}

function findStackOffset(vegaSpec: JsonObject): string | undefined {
  for (const d of (vegaSpec.data as JsonObject[] | undefined) ?? []) {
    for (const t of (d.transform as JsonObject[] | undefined) ?? []) if (t.type === 'stack') return String(t.offset ?? 'zero');
  }
  return undefined;
}

/**
 * The d3 format a text layer shows its value with: the text channel's `format` (also under a
 * `condition`), or, for a label computed by a `calculate` transform (`format(datum.share, '.0%') + …`),
 * the format that expression applies to the value. Whatever the label adds around the value (a
 * significance marker) is read per point from the drawn text.
 */
function labelFormatOf(layer: Layer, valueField: string, specs: JsonObject[]): string | undefined {
  const text = layer.encoding.text as JsonObject | undefined;
  if (!text) return undefined;
  const candidates = [text, text.condition as JsonObject | undefined].filter((t): t is JsonObject => !!t && !Array.isArray(t));
  for (const c of candidates) if (c.field === valueField && typeof c.format === 'string') return c.format;
  for (const c of candidates) {
    if (typeof c.field !== 'string') continue;
    for (const spec of specs) {
      for (const t of (spec.transform as JsonObject[] | undefined) ?? []) {
        if (t.as !== c.field || typeof t.calculate !== 'string') continue;
        const m = new RegExp(`format\\(\\s*datum\\.${valueField}\\s*,\\s*'([^']+)'\\s*\\)`).exec(t.calculate);
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

function layerSpecs(spec: JsonObject): JsonObject[] {
  return Array.isArray(spec.layer) ? (spec.layer as JsonObject[]) : [];
}

function itemsOf(node: SceneMark | SceneGroup, name: string): SceneItem[] {
  const out: SceneItem[] = [];
  const visit = (n: SceneMark | SceneGroup) => {
    const mark = n as SceneMark;
    if (mark.marktype) {
      if (mark.name === name && mark.marktype !== 'group') out.push(...(mark.items as SceneItem[]));
      else for (const it of mark.items) visit(it as SceneGroup);
    } else for (const child of (n as SceneGroup).items ?? []) visit(child);
  };
  visit(node);
  return out;
}

function itemsWithRole(node: SceneMark | SceneGroup, role: string): SceneItem[] {
  const out: SceneItem[] = [];
  const visit = (n: SceneMark | SceneGroup) => {
    const mark = n as SceneMark;
    if (mark.marktype) {
      if (mark.role === role) out.push(...(mark.items as SceneItem[]));
      else for (const it of mark.items) visit(it as SceneGroup);
    } else for (const child of (n as SceneGroup).items ?? []) visit(child);
  };
  visit(node);
  return out;
}

function axisLabelItems(root: SceneMark, categories: Set<string>): SceneItem[] {
  return itemsWithRole(root, 'axis-label').filter((i) => categories.has(String(i.datum?.value)));
}

function legendLabelItems(root: SceneMark): SceneItem[] {
  return itemsWithRole(root, 'legend-label');
}

function textOf(item: SceneItem | undefined): string {
  if (!item || item.text == null) return '';
  return (Array.isArray(item.text) ? item.text.join('\n') : String(item.text)).trim();
}

/** Where the picture puts the labels relative to its bars. */
function labelPosition(labels: (SceneItem | undefined)[], bars: (SceneItem | undefined)[], q: 'x' | 'y', grouping: BarGrouping): 'outEnd' | 'ctr' | 'inEnd' | 'inBase' {
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const b = bars[i];
    if (!t || !b || textOf(t) === '') continue;
    const lo = q === 'x' ? Math.min(b.x ?? 0, b.x2 ?? (b.x ?? 0) + (b.width ?? 0)) : Math.min(b.y ?? 0, b.y2 ?? (b.y ?? 0) + (b.height ?? 0));
    const hi = q === 'x' ? Math.max(b.x ?? 0, b.x2 ?? (b.x ?? 0) + (b.width ?? 0)) : Math.max(b.y ?? 0, b.y2 ?? (b.y ?? 0) + (b.height ?? 0));
    const at = (q === 'x' ? t.x : t.y) ?? 0;
    const end = q === 'x' ? hi : lo; // vertical bars grow upwards: their end is the smaller y
    if (Math.abs(at - end) < 0.5 || (q === 'x' ? at > hi : at < lo)) return grouping === 'clustered' ? 'outEnd' : 'inEnd';
    if (Math.abs(at - (lo + hi) / 2) <= Math.max(1, (hi - lo) * 0.1)) return 'ctr';
    return 'inEnd';
  }
  return grouping === 'clustered' ? 'outEnd' : 'ctr';
}

function legendPosition(orient: string): 't' | 'b' | 'l' | 'r' {
  if (orient.startsWith('bottom')) return 'b';
  if (orient === 'left') return 'l';
  if (orient === 'right') return 'r';
  return 't';
}

/** `#rrggbb` / `#rgb` / `rgb(r, g, b)` → `RRGGBB`. */
export function hex(color: unknown): string | undefined {
  if (typeof color !== 'string') return undefined;
  let m = /^#([0-9a-f]{6})$/i.exec(color);
  if (m) return m[1].toUpperCase();
  m = /^#([0-9a-f]{3})$/i.exec(color);
  if (m) return m[1].split('').map((c) => c + c).join('').toUpperCase();
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(color);
  if (rgb) return rgb.slice(1, 4).map((v) => Number(v).toString(16).padStart(2, '0')).join('').toUpperCase();
  return undefined;
}

/** What the picture's bar lets through: its opacity times its fill opacity, rounded to a percent. */
function opacityOf(item: SceneItem): number {
  return Math.round((item.opacity ?? 1) * (item.fillOpacity ?? 1) * 100) / 100;
}

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round2 = (v: number) => Math.round(v * 100) / 100;
/** A difference of two shares without its floating-point tail (0.42000000000000004 → 0.42). */
const tidy = (v: number) => Math.round(v * 1e12) / 1e12;
