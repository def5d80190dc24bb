// Charts stage, step 1: spec text + request + brand → a complete Vega-Lite spec (rows injected as
// the `table` dataset, labels resolved, brand config, size, category axis laid out and its labels
// wrapped, value label widths, legend columns). Pure.
import { locale as vegaLocale } from 'vega-format';
import { error, SurveydeckError } from '../diagnostics.js';
import { assertNoExternalData } from './external-data.js';
import { parseJsonText } from '../load/json-text.js';
import type { Brand, ChartRequest, ChartRow } from '../ir.js';
import { chartCacheKey } from './chart-cache.js';
import { BoundedCache } from '../bounded-cache.js';
import { CSS_PX_PER_IN, chartConfigFor, chartTextSizesFor, chartTextStyleFor } from './chart-config.js';
import { CategoryAxisTooDenseError, DEFAULT_LINE_HEIGHT_RATIO, layoutCategoryAxis, type CategoryAxisLayout } from './category-axis-layout.js';
import { seriesRange, toneRange } from './palette.js';
import { numberLocaleFor } from './number-locale.js';
import { LABEL_LINE_SEPARATOR } from './wrap-labels.js';
import { measureTextWidthPx } from '../fonts/index.js';

// Values are formatted by vega's own number formatting (vega-format, the module vega itself loads, so
// the label measured is the label vega prints; package.json pins the version vega depends on, and a test
// checks that it is vega's copy), not through all of vega: loading vega cost 0.6 s of CPU in every build
// that binds a chart, though a build whose charts are cached never draws one.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** Options a spec may set under `usermeta.surveydeck` (documented in templates/charts/README.md). */
export interface SpecOptions {
  /**
   * The band (y) axis of a bar chart: `field` holds the category of each row, `seriesField` (grouped
   * bars) splits a band into one bar per value. Its labels are wrapped and sized to fit their bands.
   */
  categoryAxis?: { field: string; seriesField?: string };
}

const CHART_PADDING_PX = 8;
/** Same as config axis.labelPadding. */
const AXIS_LABEL_PADDING_PX = 8;
// vega legend layout we mirror to choose a column count (symbolSize 196 → 14 px square). vega puts
// the label 20 px right of the entry start (14 px symbol, its 1.5 px default stroke allowance, the
// 4 px label offset), not 18: with 18 a five-level legend ran 15 px past the picture's right edge
// (`autosize: fit` does not shrink the plot for a top legend). 2 px slack per column for rounding.
const LEGEND_LABEL_X_PX = 20;
const LEGEND_SLACK_PX = 2;
const LEGEND_SYMBOL_PX = 14;
const LEGEND_COLUMN_PADDING_PX = 20;
const LEGEND_ROW_PADDING_PX = 6;
/** Space between a top legend and the plot (config legend.offset). */
const LEGEND_OFFSET_PX = 12;
// Band paddings, fractions of the step; outer = inner / 2 puts band centres one step apart with
// half a step to either edge, so the label layout can share the plot out evenly.
const BAND_PADDING_INNER = 0.3;
const BAND_PADDING_OUTER = 0.15;
// Grouped bars: less gap between groups, so each of 2–3 bars stays thick enough for its value label.
const NESTED_BAND_PADDING_INNER = 0.2;
const NESTED_BAND_PADDING_OUTER = 0.1;
const VALUE_FORMAT = '.0%';
/** A chart of fewer categories than this draws its bars as thick as this many would be, centred… */
const FEW_BARS_SLOTS = 6;
/** …and no thinner than a step of this many lines of its answers' type. */
const FEW_BARS_STEP_LINES = 2;
/** No answer label wraps past this many lines: smaller type (down to the audience minimum), short labels, or CHART_TOO_DENSE. */
export const MAX_LABEL_LINES = 3;
/** The label column the legend's rows are first guessed for, as a fraction of the chart. */
const FIRST_LABEL_FRACTION = 0.3;
/** Widest label column, as a fraction of the chart, when the usual one cannot fit the labels at the audience minimum. */
const LAST_RESORT_LABEL_FRACTION = 0.6;

/** Parse spec text; INVALID_CHART_SPEC with line:column when it is not JSON or not an object. */
export function parseSpecText(specText: string, file: string): JsonObject {
  const spec = parseJsonText(specText, 'INVALID_CHART_SPEC', file, 'JSON (a chart spec)');
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw error('INVALID_CHART_SPEC', 'Chart spec must be a JSON object (a Vega-Lite spec)', { file });
  }
  assertNoExternalData(spec as JsonObject, file);
  const data = (spec as JsonObject).data as JsonObject | undefined;
  if (!data || data.name !== 'table') {
    throw error('INVALID_CHART_SPEC', 'Chart spec must read its rows from `"data": {"name": "table"}`', {
      file,
      hint: 'surveydeck injects the rows as the dataset `table`; do not inline values or URLs',
    });
  }
  return spec as JsonObject;
}

/**
 * Specs bind's chart-fit check prepared (charts/chart-fits.ts), by the chart cache's key (everything
 * that changes the picture), until the render takes them: preparing lays out the category axis and
 * measures every label, and doing it again for the render cost about 2.5 s of a cold two-deck build.
 * Only the check keeps a spec (a copy, since compiling may touch it) and the render's request takes it
 * out, so nothing is held once charts are drawn; errors are never kept (they name where they arose).
 */
/** At most 512 specs checked and not yet drawn (about 7 KB each). */
const checked = new BoundedCache<string, JsonObject>(512);

/**
 * The Vega-Lite spec to compile for one request. `keep`: the chart-fit check's call, whose spec the
 * render of the same chart takes instead of preparing it again.
 */
export function prepareSpec(specText: string, request: ChartRequest, brand: Brand, { keep = false } = {}): JsonObject {
  const key = chartCacheKey(request, specText, brand);
  const taken = checked.get(key);
  if (taken && !keep) {
    checked.delete(key);
    return taken;
  }
  if (taken) return structuredClone(taken);
  const spec = prepareSpecOnce(specText, request, brand);
  if (keep) {
    checked.set(key, structuredClone(spec));
  }
  return spec;
}

function prepareSpecOnce(specText: string, request: ChartRequest, brand: Brand): JsonObject {
  const file = request.specFile;
  const parsed = parseSpecText(specText, file);
  const options = ((parsed.usermeta as JsonObject | undefined)?.surveydeck ?? {}) as SpecOptions;
  const spec = resolveLabels(parsed, request.labels, file) as JsonObject;
  const sizes = chartTextSizesFor(brand, request.type);

  const widthPx = request.widthIn * CSS_PX_PER_IN;
  const heightPx = request.heightIn * CSS_PX_PER_IN;
  const innerWidthPx = widthPx - 2 * CHART_PADDING_PX;
  const innerHeightPx = heightPx - 2 * CHART_PADDING_PX;
  const textStyle = chartTextStyleFor(brand, request.locale, request.type);
  // Legend entries at the audience's smallest chart size: a legend is looked up, not read across the
  // room, and every row it does not take is plot height for the answers.
  const labelStyle = { family: textStyle.font, sizePx: sizes.minFontSizePx };

  const config = chartConfigFor(brand, request.locale, request.type) as Record<string, JsonObject>;
  config.scale = {
    ...config.scale,
    bandPaddingInner: BAND_PADDING_INNER,
    bandPaddingOuter: BAND_PADDING_OUTER,
    bandWithNestedOffsetPaddingInner: NESTED_BAND_PADDING_INNER,
    bandWithNestedOffsetPaddingOuter: NESTED_BAND_PADDING_OUTER,
  };
  config.legend = { ...config.legend, offset: LEGEND_OFFSET_PX, rowPadding: LEGEND_ROW_PADDING_PX, labelFontSize: sizes.minFontSizePx };

  const colorField = findColorField(spec);
  const legendValues = colorField ? distinct(request.rows.map((r) => String(r[colorField]))) : [];
  const legendFor = (axisLabelsPx: number) => {
    if (!colorField) return { columns: 1, heightPx: 0 };
    // A top legend starts where the plot starts, right of the band axis labels.
    const legendWidthPx = innerWidthPx - (axisLabelsPx > 0 ? axisLabelsPx + AXIS_LABEL_PADDING_PX : 0);
    const columns = legendColumns(legendValues, legendWidthPx, (s) => measureTextWidthPx(s, labelStyle));
    return { columns, heightPx: legendHeightPx(legendValues.length, columns, labelStyle.sizePx) + LEGEND_OFFSET_PX };
  };

  let layout: CategoryAxisLayout | undefined;
  let legend = legendFor(0);
  /** Plot height given up above and below few bars (FEW_BARS_SLOTS), px. */
  let shrunkPx = 0;
  const axis = options.categoryAxis;
  let rowsIn = request.rows;
  if (axis) {
    const seriesCount = axis.seriesField ? distinct(rowsIn.map((r) => String(r[axis.seriesField!]))).length : 1;
    const nested = seriesCount > 1;
    const layoutFor = (labels: string[], maxWidthFraction?: number, shrinkPx = 0) => {
      // The legend's rows depend on the label column and the label column on the plot height the
      // legend leaves: start from the narrowest column and widen until the guess holds.
      let assumedLabelsPx = innerWidthPx * FIRST_LABEL_FRACTION;
      let result: CategoryAxisLayout | undefined;
      for (let attempt = 0; attempt < 4; attempt++) {
        legend = legendFor(assumedLabelsPx);
        result = layoutCategoryAxis({
          labels,
          plotHeightPx: innerHeightPx - legend.heightPx - shrinkPx,
          chartWidthPx: innerWidthPx,
          font: textStyle.font,
          maxSizePx: sizes.fontSizePx,
          minSizePx: sizes.minFontSizePx,
          maxLines: MAX_LABEL_LINES,
          ...(maxWidthFraction ? { maxWidthFraction } : {}),
          bandPaddingInner: nested ? NESTED_BAND_PADDING_INNER : BAND_PADDING_INNER,
          bandPaddingOuter: nested ? NESTED_BAND_PADDING_OUTER : BAND_PADDING_OUTER,
          barsPerBand: seriesCount,
          locale: request.locale,
          file,
          where: request.where,
        });
        if (!colorField || result.labelWidthPx <= assumedLabelsPx + 0.5) break;
        assumedLabelsPx = result.labelWidthPx;
      }
      return result!;
    };
    // Too dense: a wider label column, then the survey spec's short labels (where it gives them),
    // before failing with CHART_TOO_DENSE naming the label.
    const short = request.shortLabels ?? {};
    const shortened = rowsIn.map((r) => {
      const v = r[axis.field];
      return typeof v === 'string' && Object.hasOwn(short, v) ? { ...r, [axis.field]: short[v] } : r;
    });
    // Few bars are drawn as thick as FEW_BARS_SLOTS bars would be (or two lines of their labels' type),
    // the plot shortened to theirs and centred in the picture (padding above and below), not stretched
    // to fill it: two bars an inch thick each dwarf their labels. Where the labels then need more
    // height, the plot is the whole.
    const labelsOf = (rows: ChartRow[]) => distinct(rows.map((r) => String(r[axis.field] ?? '')));
    const categories = labelsOf(rowsIn).length;
    const fullPlotPx = innerHeightPx - legendFor(innerWidthPx * FIRST_LABEL_FRACTION).heightPx;
    const fewStepPx = Math.max(fullPlotPx / FEW_BARS_SLOTS, FEW_BARS_STEP_LINES * Math.ceil(sizes.fontSizePx * DEFAULT_LINE_HEIGHT_RATIO));
    const fewShrinkPx = !nested && categories < FEW_BARS_SLOTS ? Math.max(0, Math.floor(fullPlotPx - categories * fewStepPx)) : 0;
    const attempts: { rows: ChartRow[]; fraction?: number; shrinkPx?: number }[] = [
      ...(fewShrinkPx > 0 ? [{ rows: rowsIn, shrinkPx: fewShrinkPx }] : []),
      { rows: rowsIn },
      { rows: rowsIn, fraction: LAST_RESORT_LABEL_FRACTION },
    ];
    if (shortened.some((r, i) => r !== rowsIn[i])) attempts.push({ rows: shortened }, { rows: shortened, fraction: LAST_RESORT_LABEL_FRACTION });
    let failure: unknown;
    for (const attempt of attempts) {
      try {
        layout = layoutFor(labelsOf(attempt.rows), attempt.fraction, attempt.shrinkPx);
        rowsIn = attempt.rows;
        shrunkPx = attempt.shrinkPx ?? 0;
        failure = undefined;
        break;
      } catch (e) {
        // Few bars too thin as centred (a small chart): the plot shared out as usual is tried next.
        if (attempt.shrinkPx !== undefined && e instanceof SurveydeckError && e.code === 'CHART_TOO_DENSE') continue;
        if (!(e instanceof CategoryAxisTooDenseError)) throw e;
        failure ??= e;
      }
    }
    if (failure) throw failure;
  }
  if (colorField) {
    config.legend = { ...config.legend, columns: legend.columns };
    const ranges = config.range as Record<string, Json>;
    // Scales with a good end: each level's colour from its tone (neutral grey only when declared).
    const tones = toneRange(rowsIn, colorField, ranges.diverging as string[], `#${brand.colors.muted}`);
    if (tones) setColorRange(spec, colorField, tones);
    // Levels of a scale with no good end (no polarity: "Free / Paid", "Yes / No" of any question): the
    // diverging palette would paint the first red as if it were bad; one hue from light to dark instead.
    else if (rowsIn.some((r) => typeof r.levelIndex === 'number')) useSequentialForDiverging(spec);
    // Two waves: the current one in the series colour, the earlier one lighter.
    const waves = seriesRange(rowsIn, colorField, ranges.category as string[], `#${brand.colors.background}`);
    if (waves) setColorRange(spec, colorField, waves);
    resamplePalette(spec, legendValues.length, ranges);
  }

  // A single-choice scale with a good end, drawn as one series of bars: each bar in its level's colour,
  // as a grid's levels are (the bad end warm, a declared neutral grey, a non-answer muted), unless the
  // slide highlights bars (its finding's colour then carries the meaning).
  if (!colorField && rowsIn.some((r) => typeof r.tone === 'number') && !rowsIn.some((r) => typeof r.highlight === 'boolean')) {
    const diverging = (config.range as Record<string, Json>).diverging as string[];
    const key = (r: ChartRow) => String(r._code ?? r.label);
    const keyed = rowsIn.map((r) => ({ ...r, toneKey: key(r) }));
    const colours = toneRange(keyed, 'toneKey', diverging, `#${brand.colors.muted}`)!;
    const domain = distinct(keyed.map((r) => r.toneKey));
    rowsIn = rowsIn.map((r) => ({ ...r, toneFill: colours[domain.indexOf(key(r))] }));
    colourBarsByField(spec, 'toneFill');
  }

  const valueFontSizePx = layout?.valueFontSizePx ?? textStyle.labelFontSizePx;
  const valueStyle = { family: textStyle.font, sizePx: valueFontSizePx };
  const laidOut = layoutRows({ ...request, rows: rowsIn }, axis?.field, layout, valueStyle);
  const rows = axis ? withValueRoom(laidOut, request, valueLabelDxPx(spec), plotWidthPx(innerWidthPx, layout), splitPlotWidthPx(innerWidthPx, layout), valueStyle) : laidOut;

  return {
    ...spec,
    params: [
      ...((spec.params as Json[] | undefined) ?? []),
      { name: 'labels', value: { ...request.labels } },
      { name: 'brand', value: brandColorsParam(brand) },
      // The largest share of the whole question (a split question's parts draw one value scale).
      { name: 'shareScale', value: { max: request.shareMax ?? 0 } },
      {
        name: 'categoryAxis',
        value: {
          fontSizePx: layout?.fontSizePx ?? textStyle.labelFontSizePx,
          lineHeightPx: layout?.lineHeightPx ?? Math.ceil(textStyle.labelFontSizePx * DEFAULT_LINE_HEIGHT_RATIO),
          valueFontSizePx,
        },
      },
    ],
    datasets: { ...((spec.datasets as JsonObject | undefined) ?? {}), table: rows as Json },
    width: widthPx,
    height: heightPx,
    autosize: { type: 'fit', contains: 'padding' },
    padding: shrunkPx > 0 ? { left: CHART_PADDING_PX, right: CHART_PADDING_PX, top: CHART_PADDING_PX + shrunkPx / 2, bottom: CHART_PADDING_PX + shrunkPx / 2 } : CHART_PADDING_PX,
    // Brand wins over a spec's own config so every chart in a deck agrees with the slides.
    config: { ...((spec.config as JsonObject | undefined) ?? {}), ...(config as JsonObject) },
  };
}

/**
 * Rounding between the measured label and vega's bounds of it, px: both come from the same font
 * metrics (text-metrics.ts), so this covers vega's half-pixel axis offset, not a guess at the width.
 */
const VALUE_LABEL_SLACK_PX = 1;
/** A label wider than this fraction of the plot cannot be helped by shortening the bars. */
const MAX_VALUE_ROOM = 0.9;

/** Plot width (band axis labels and their padding taken off), px, for a label column `labelsPx` wide. */
function plotWidthFor(innerWidthPx: number, labelsPx: number): number {
  return innerWidthPx - (labelsPx > 0 ? labelsPx + AXIS_LABEL_PADDING_PX : 0);
}

/** The plot this chart draws: its own label column (what vega's `autosize: fit` leaves). */
function plotWidthPx(innerWidthPx: number, layout: CategoryAxisLayout | undefined): number {
  return plotWidthFor(innerWidthPx, layout?.labelWidthPx ?? 0);
}

/**
 * The plot every part of a split question is assumed to draw: the widest label column layout allows
 * (the last resort), so the parts, whose label columns differ, compute the same room and so the same
 * value scale; wider only when one unbreakable label is wider still (that part is then its own).
 */
function splitPlotWidthPx(innerWidthPx: number, layout: CategoryAxisLayout | undefined): number {
  if (!layout) return innerWidthPx;
  return plotWidthFor(innerWidthPx, Math.max(innerWidthPx * LAST_RESORT_LABEL_FRACTION, layout.labelWidthPx));
}

/** The gap between a bar's end and its value label: the spec's text mark `dx` (the widest), px. */
function valueLabelDxPx(spec: JsonObject): number {
  let dx = 0;
  for (const layer of [spec, ...((spec.layer as JsonObject[] | undefined) ?? [])]) {
    const mark = layer.mark as JsonObject | string | undefined;
    if (mark && typeof mark === 'object' && mark.type === 'text' && typeof mark.dx === 'number') dx = Math.max(dx, mark.dx);
  }
  return dx;
}

/**
 * Each row's `valueRoom`: the fraction of the plot's width its value label (gap, measured text,
 * rounding) takes right of its bar, so the spec can end the value scale where every label still fits
 * inside the picture: `max(share, shareScale.max) / (1 - valueRoom)` over the rows is the smallest
 * domain in which no label runs past the plot's right edge. (A fixed 14 % of the largest share left
 * "40 %" at 16 pt cut off beside a side panel's wide label column.) On rows, not in a param, so the
 * compiled spec keeps one shape for charts that differ only in rows (render-chart.ts).
 *
 * The parts of a split question draw one value scale, so their room cannot depend on the part: every
 * row gets the room of the widest label any bar of the whole question prints (a percent up to the
 * question's largest share, in the locale's format, or one of its count labels) on the plot the
 * widest label column leaves; with `shareScale.max` that is the same domain on every part.
 */
function withValueRoom(rows: ChartRow[], request: ChartRequest, dxPx: number, plotPx: number, splitPlotPx: number, valueStyle: { family: string; sizePx: number }): ChartRow[] {
  const roomOf = (labelPx: number, px: number) => Math.min(MAX_VALUE_ROOM, (dxPx + labelPx + VALUE_LABEL_SLACK_PX) / Math.max(1, px));
  if (request.shareMax === undefined) {
    return rows.map((r) => (typeof r.valueLabelWidthPx === 'number' ? { ...r, valueRoom: roomOf(r.valueLabelWidthPx, plotPx) } : r));
  }
  const format = vegaLocale(numberLocaleFor(request.locale)).format(VALUE_FORMAT);
  const texts = [...(request.shareScaleCountTexts ?? [])];
  // Every percent a bar of the question can print ("100 %" is wider than "40 %", "40 %" than "41 %").
  for (let pct = 0; pct <= Math.round(request.shareMax * 100); pct++) texts.push(format(pct / 100));
  const widestPx = Math.max(0, ...texts.map((t) => Math.ceil(measureTextWidthPx(t, valueStyle))));
  const room = roomOf(widestPx, splitPlotPx);
  return rows.map((r) => (typeof r.share === 'number' ? { ...r, valueRoom: room } : r));
}

/** Height of a symbol legend laid out in `columns`, px (entries are as tall as their label). */
function legendHeightPx(entries: number, columns: number, fontSizePx: number): number {
  const rows = Math.ceil(entries / Math.max(1, columns));
  const entryPx = Math.max(LEGEND_SYMBOL_PX, fontSizePx) + 2;
  return rows * entryPx + (rows - 1) * LEGEND_ROW_PADDING_PX;
}

/**
 * Rows as the spec reads them: the category field replaced by its wrapped lines (joined with
 * LABEL_LINE_SEPARATOR), and `valueLabelWidthPx`, the width of the formatted share in the request
 * locale, so a spec can hide a value label that does not fit its bar segment.
 */
function layoutRows(
  request: ChartRequest,
  categoryField: string | undefined,
  layout: CategoryAxisLayout | undefined,
  valueStyle: { family: string; sizePx: number },
): ChartRow[] {
  const wrapped = new Map<string, string>();
  if (categoryField && layout) {
    const labels = distinct(request.rows.map((r) => String(r[categoryField] ?? '')));
    labels.forEach((l, i) => wrapped.set(l, layout.lines[i].join(LABEL_LINE_SEPARATOR)));
  }
  const format = vegaLocale(numberLocaleFor(request.locale)).format(VALUE_FORMAT);
  return request.rows.map((row) => {
    const out: ChartRow = { ...row };
    if (categoryField && typeof row[categoryField] === 'string') out[categoryField] = wrapped.get(row[categoryField] as string)!;
    // A bar on a small base prints its counts (`countText`, "3 of 5") instead of the percent.
    if (typeof row.share === 'number') out.valueLabelWidthPx = Math.ceil(measureTextWidthPx(typeof row.countText === 'string' ? row.countText : format(row.share), valueStyle));
    return out;
  });
}

/** Replace every `{"$label": "key"}` with `labels[key]`; a missing key is INVALID_CHART_SPEC. */
function resolveLabels(node: Json, labels: Record<string, string>, file: string): Json {
  if (Array.isArray(node)) return node.map((n) => resolveLabels(n, labels, file));
  if (!node || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === '$label') {
    const key = String(node.$label);
    if (!Object.hasOwn(labels, key)) {
      const known = Object.keys(labels);
      throw error('INVALID_CHART_SPEC', `Spec uses label \`${key}\` but the request has ${known.length ? known.map((k) => `\`${k}\``).join(', ') : 'no labels'}`, {
        file,
        hint: 'add the key to the chart request labels or remove the {"$label": …} reference',
      });
    }
    return labels[key];
  }
  const out: JsonObject = {};
  for (const k of keys) out[k] = resolveLabels(node[k], labels, file);
  return out;
}

/** The field behind a `color` channel at the top level or in any layer. */
function findColorField(spec: JsonObject): string | undefined {
  const encodings = [spec.encoding, ...(((spec.layer as JsonObject[] | undefined) ?? []).map((l) => l.encoding))];
  for (const enc of encodings) {
    const field = ((enc as JsonObject | undefined)?.color as JsonObject | undefined)?.field;
    if (typeof field === 'string') return field;
  }
  return undefined;
}

/**
 * Most legend columns that fit the width, so a top legend wraps onto rows instead of running off
 * the picture (vega lays a horizontal legend out on one row unless `columns` is set).
 */
export function legendColumns(labels: string[], availableWidthPx: number, measure: (s: string) => number): number {
  const entries = labels.map((l) => LEGEND_LABEL_X_PX + LEGEND_SLACK_PX + measure(l));
  for (let columns = Math.max(1, entries.length); columns > 1; columns--) {
    let total = 0;
    for (let c = 0; c < columns; c++) {
      let widest = 0;
      for (let i = c; i < entries.length; i += columns) widest = Math.max(widest, entries[i]);
      total += widest + (c > 0 ? LEGEND_COLUMN_PADDING_PX : 0);
    }
    if (total <= availableWidthPx) return columns;
  }
  return 1;
}

/** Give the colour encoding on `field` (top level or any layer) an explicit range. */
function setColorRange(spec: JsonObject, field: string, range: string[]): void {
  const encodings = [spec.encoding, ...(((spec.layer as JsonObject[] | undefined) ?? []).map((l) => l.encoding))] as (JsonObject | undefined)[];
  for (const enc of encodings) {
    const color = enc?.color as JsonObject | undefined;
    if (color?.field !== field) continue;
    color.scale = { ...((color.scale as JsonObject | undefined) ?? {}), range };
  }
}

/** Bars of the spec's bar layers take their colour from a field of colours (its conditions still win). */
function colourBarsByField(spec: JsonObject, field: string): void {
  for (const layer of [spec, ...((spec.layer as JsonObject[] | undefined) ?? [])]) {
    const mark = layer.mark as JsonObject | string | undefined;
    if ((typeof mark === 'string' ? mark : mark?.type) !== 'bar') continue;
    const encoding = (layer.encoding ??= {}) as JsonObject;
    encoding.color = { ...((encoding.color as JsonObject | undefined) ?? {}), field, type: 'nominal', scale: null, legend: null };
  }
}

/** Every colour scale of the spec whose range is the brand's diverging palette takes its sequential one. */
function useSequentialForDiverging(spec: JsonObject): void {
  forEachColourScale(spec, (scale) => {
    if (scale.range === 'diverging') scale.range = 'ordinal';
  });
}

/** `visit` on the `scale` of every colour encoding of the spec and its layers, however deep. */
function forEachColourScale(spec: JsonObject, visit: (scale: JsonObject) => void): void {
  const walk = (node: Json) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const scale = (node.color as JsonObject | undefined)?.scale as JsonObject | undefined;
    if (scale) visit(scale);
    for (const v of Object.values(node)) walk(v);
  };
  walk(spec.encoding ?? null);
  walk(spec.layer ?? null);
}

/**
 * A colour scale with `"range": "diverging"` (or ordinal/ramp) maps n levels onto the brand palette
 * by interpolation, so a 4-level Likert scale still runs from one end of the palette to the other.
 */
function resamplePalette(spec: JsonObject, levels: number, ranges: Record<string, Json>): void {
  forEachColourScale(spec, (scale) => {
    if (typeof scale.range !== 'string' || !['diverging', 'ordinal', 'ramp'].includes(scale.range)) return;
    const palette = ranges[scale.range] as string[] | undefined;
    if (palette && palette.length !== levels) scale.range = samplePalette(palette, levels);
  });
}

export function samplePalette(palette: string[], n: number): string[] {
  if (n <= 1) return [palette[Math.floor(palette.length / 2)]];
  const rgb = palette.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  return Array.from({ length: n }, (_, i) => {
    const t = (i * (palette.length - 1)) / (n - 1);
    const lo = Math.floor(t);
    const hi = Math.min(palette.length - 1, lo + 1);
    const f = t - lo;
    return '#' + rgb[lo].map((v, k) => Math.round(v + (rgb[hi][k] - v) * f).toString(16).padStart(2, '0')).join('').toUpperCase();
  });
}

/** `brand.<colour>` for spec expressions, as `#RRGGBB`: primary, secondary, accent, background, text, muted. */
function brandColorsParam(brand: Brand): JsonObject {
  const c = brand.colors;
  const out: JsonObject = {};
  for (const k of ['primary', 'secondary', 'accent', 'background', 'text', 'muted'] as const) out[k] = `#${c[k]}`;
  return out;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
