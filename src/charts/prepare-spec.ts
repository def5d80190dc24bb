// Charts stage, step 1: spec text + request + brand → a complete Vega-Lite spec (rows injected as
// the `table` dataset, labels resolved, brand config, size, wrapped labels, legend columns). Pure.
import { error } from '../diagnostics.js';
import type { Brand, ChartRequest, ChartRow } from '../ir.js';
import { CSS_PX_PER_IN, chartConfigFor, chartTextStyleFor } from './chart-config.js';
import { LABEL_LINE_SEPARATOR, wrapLabel } from './wrap-labels.js';
import { measureTextWidthPx } from '../fonts/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** Options a spec may set under `usermeta.surveydeck` (documented in templates/charts/README.md). */
export interface SpecOptions {
  /** Row fields whose long values are wrapped onto lines; the axis splits them in `labelExpr`. */
  wrapFields?: Record<string, { maxWidthFraction?: number; maxLines?: number }>;
}

const DEFAULT_WRAP_WIDTH_FRACTION = 0.3;
const WRAP_CAP_WIDTH_FRACTION = 0.45;
const DEFAULT_WRAP_MAX_LINES = 3;
const CHART_PADDING_PX = 8;
/** Same as config axis.labelPadding. */
const AXIS_LABEL_PADDING_PX = 8;
// vega legend layout constants we mirror to choose a column count (symbolSize 196 → 14 px square).
const LEGEND_SYMBOL_PX = 14;
const LEGEND_LABEL_OFFSET_PX = 4;
const LEGEND_COLUMN_PADDING_PX = 20;

/** Parse spec text; INVALID_CHART_SPEC with line:column when it is not JSON or not an object. */
export function parseSpecText(specText: string, file: string): JsonObject {
  let spec: unknown;
  try {
    spec = JSON.parse(specText);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const where: { file: string; line?: number; column?: number } = { file };
    if (at) {
      const before = specText.slice(0, Number(at[1])).split('\n');
      where.line = before.length;
      where.column = before[before.length - 1].length + 1;
    }
    throw error('INVALID_CHART_SPEC', `Chart spec is not valid JSON: ${(e as Error).message}`, where, e);
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw error('INVALID_CHART_SPEC', 'Chart spec must be a JSON object (a Vega-Lite spec)', { file });
  }
  const data = (spec as JsonObject).data as JsonObject | undefined;
  if (!data || data.name !== 'table') {
    throw error('INVALID_CHART_SPEC', 'Chart spec must read its rows from `"data": {"name": "table"}`', {
      file,
      hint: 'surveydeck injects the rows as the dataset `table`; do not inline values or URLs',
    });
  }
  return spec as JsonObject;
}

/** The Vega-Lite spec to compile for one request. */
export function prepareSpec(specText: string, request: ChartRequest, brand: Brand): JsonObject {
  const file = request.specFile;
  const parsed = parseSpecText(specText, file);
  const options = ((parsed.usermeta as JsonObject | undefined)?.surveydeck ?? {}) as SpecOptions;
  const spec = resolveLabels(parsed, request.labels, file) as JsonObject;

  const widthPx = request.widthIn * CSS_PX_PER_IN;
  const heightPx = request.heightIn * CSS_PX_PER_IN;
  const textStyle = chartTextStyleFor(brand, request.locale);
  const labelStyle = { family: textStyle.font, sizePx: textStyle.labelFontSizePx };

  const rows = wrapRows(request.rows, options.wrapFields ?? {}, widthPx, labelStyle);
  // A top legend starts where the plot starts, right of the band axis labels.
  const axisLabelsPx = Object.keys(options.wrapFields ?? {}).reduce(
    (widest, field) => Math.max(widest, ...rows.map((r) => wrappedLabelWidthPx(String(r[field] ?? ''), labelStyle))),
    0,
  );
  const config = chartConfigFor(brand, request.locale) as Record<string, JsonObject>;
  const colorField = findColorField(spec);
  if (colorField) {
    const values = distinct(rows.map((r) => String(r[colorField])));
    const legendWidthPx = widthPx - 2 * CHART_PADDING_PX - (axisLabelsPx > 0 ? axisLabelsPx + AXIS_LABEL_PADDING_PX : 0);
    const columns = legendColumns(values, legendWidthPx, (s) => measureTextWidthPx(s, labelStyle));
    config.legend = { ...config.legend, columns };
    resamplePalette(spec, values.length, config.range as Record<string, Json>);
  }

  return {
    ...spec,
    params: [
      ...((spec.params as Json[] | undefined) ?? []),
      { name: 'labels', value: { ...request.labels } },
      { name: 'brand', value: brandColorsParam(brand) },
    ],
    datasets: { ...((spec.datasets as JsonObject | undefined) ?? {}), table: rows as Json },
    width: widthPx,
    height: heightPx,
    autosize: { type: 'fit', contains: 'padding' },
    padding: CHART_PADDING_PX,
    // Brand wins over a spec's own config so every chart in a deck agrees with the slides.
    config: { ...((spec.config as JsonObject | undefined) ?? {}), ...(config as JsonObject) },
  };
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

function wrapRows(
  rows: ChartRow[],
  wrapFields: NonNullable<SpecOptions['wrapFields']>,
  chartWidthPx: number,
  style: { family: string; sizePx: number },
): ChartRow[] {
  const fields = Object.entries(wrapFields);
  if (fields.length === 0) return rows.map((r) => ({ ...r }));
  const wrapped = new Map<string, string>();
  return rows.map((row) => {
    const out = { ...row };
    for (const [field, o] of fields) {
      const value = row[field];
      if (typeof value !== 'string') continue;
      const key = `${field}\u0000${value}`;
      let text = wrapped.get(key);
      if (text === undefined) {
        const maxWidthPx = chartWidthPx * (o.maxWidthFraction ?? DEFAULT_WRAP_WIDTH_FRACTION);
        const lines = wrapLabel(value.replaceAll(LABEL_LINE_SEPARATOR, ' '), style, {
          maxWidthPx,
          maxLines: o.maxLines ?? DEFAULT_WRAP_MAX_LINES,
          capWidthPx: Math.max(maxWidthPx, chartWidthPx * WRAP_CAP_WIDTH_FRACTION),
        });
        text = lines.join(LABEL_LINE_SEPARATOR);
        wrapped.set(key, text);
      }
      out[field] = text;
    }
    return out;
  });
}

function wrappedLabelWidthPx(text: string, style: { family: string; sizePx: number }): number {
  return Math.max(0, ...text.split(LABEL_LINE_SEPARATOR).map((l) => measureTextWidthPx(l, style)));
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
  const entries = labels.map((l) => LEGEND_SYMBOL_PX + LEGEND_LABEL_OFFSET_PX + measure(l));
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

/**
 * A colour scale with `"range": "diverging"` (or ordinal/ramp) maps n levels onto the brand palette
 * by interpolation, so a 4-level Likert scale still runs from one end of the palette to the other.
 */
function resamplePalette(spec: JsonObject, levels: number, ranges: Record<string, Json>): void {
  const visit = (node: Json) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const scale = (node.color as JsonObject | undefined)?.scale as JsonObject | undefined;
    if (scale && typeof scale.range === 'string' && ['diverging', 'ordinal', 'ramp'].includes(scale.range)) {
      const palette = ranges[scale.range] as string[] | undefined;
      if (palette && palette.length !== levels) scale.range = samplePalette(palette, levels);
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(spec.encoding ?? null);
  visit(spec.layer ?? null);
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
