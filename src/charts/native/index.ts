// Charts stage, native charts entry: request + spec text + brand → a native OOXML chart with its
// workbook, or the reason the spec has no native equivalent (the caller then renders the picture).
// Reads no files.
//
//   prepareSpec (the same spec the picture renders: rows, labels, brand, wrapped category labels)
//     ─▶ vega-lite compile ─▶ vega View run without a renderer (scales, stack, scenegraph)
//     ─▶ describeNativeChart ─▶ chartXml + writeChartWorkbook
import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { error } from '../../diagnostics.js';
import type { Brand, ChartRequest, PlacedNativeChart } from '../../ir.js';
import { CSS_PX_PER_IN } from '../chart-config.js';
import { numberLocaleFor } from '../number-locale.js';
import { prepareSpec } from '../prepare-spec.js';
import { compileChartSpec } from '../render-chart.js';
import { chartXml } from './chart-xml.js';
import { describeNativeChart, type NativeChartDescription, type SceneMark, type ViewReader } from './describe-chart.js';
import { writeChartWorkbook } from './workbook.js';

export { chartXml, CHART_WORKBOOK_REL_ID } from './chart-xml.js';
export { describeNativeChart, type NativeChartDescription } from './describe-chart.js';
export { numberFormatFor } from './number-format.js';
export { writeChartWorkbook, WORKBOOK_DATE } from './workbook.js';
export { cellRange, parseRange, ROWS_SHEET, SERIES_SHEET } from './workbook-layout.js';

export type NativeChartResult = { ok: true; chart: PlacedNativeChart; description: NativeChartDescription } | { ok: false; reason: string };

type Json = Parameters<typeof describeNativeChart>[0];

export async function buildNativeChart(request: ChartRequest, specText: string, brand: Brand): Promise<NativeChartResult> {
  const file = request.specFile;
  // The same preparation as the picture: the category layout picks label sizes (TEXT_OVERFLOW when
  // even the smallest size cannot fit), so native labels fit exactly when the picture's do.
  const vlSpec = prepareSpec(specText, request, brand);
  const vegaSpec = compileChartSpec(vlSpec, file);
  const numberLocale = numberLocaleFor(request.locale);
  let view: vega.View;
  try {
    view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', locale: { number: numberLocale } as never });
    await view.runAsync();
  } catch (e) {
    throw error('INVALID_CHART_SPEC', `Vega cannot run the spec: ${(e as Error).message}`, { file }, e);
  }
  const format = (vega as unknown as { locale: (n: unknown) => { format: (spec: string) => (v: number) => string } }).locale(numberLocale);
  const scale = (name: string) => {
    try {
      return view.scale(name) as unknown as { domain(): unknown[]; (v: unknown): unknown; step?: () => number; bandwidth?: () => number };
    } catch {
      return undefined; // vega throws for a scale the spec does not have
    }
  };
  const reader: ViewReader = {
    root: (view.scenegraph() as unknown as { root: SceneMark }).root,
    scaleDomain: (name) => scale(name)?.domain(),
    scaleValue: (name, value) => scale(name)?.(value),
    scaleStep: (name) => scale(name)?.step?.(),
    scaleBandwidth: (name) => scale(name)?.bandwidth?.(),
    format: (specifier) => format.format(specifier),
    plotArea: () => {
      // The origin is inside the view's padding: the plot sits that much further in (few bars are
      // centred by padding above and below them, prepare-spec.ts).
      const [ox, oy] = (view as unknown as { origin(): [number, number] }).origin();
      const pad = (view as unknown as { padding(): { top?: number; left?: number } }).padding();
      const [x, y] = [ox + (pad.left ?? 0), oy + (pad.top ?? 0)];
      const canvas = { w: request.widthIn * CSS_PX_PER_IN, h: request.heightIn * CSS_PX_PER_IN };
      const f = (v: number) => Math.round(v * 10000) / 10000;
      return { x: f(x / canvas.w), y: f(y / canvas.h), w: f(view.width() / canvas.w), h: f(view.height() / canvas.h) };
    },
  };
  const described = describeNativeChart(vlSpec as Json, vegaSpec as unknown as Json, reader, request, brand);
  view.finalize();
  if (!described.ok) return described;
  const xml = chartXml(described.chart);
  const workbook = await writeChartWorkbook(described.chart);
  const hash = createHash('sha256').update(xml).update(workbook).digest('hex');
  return { ok: true, chart: { kind: 'native', chartXml: xml, workbook, altText: request.altText, hash }, description: described.chart };
}
