// The charts stage parses a spec shape's Vega dataflow once and gives each chart its own rows
// afterwards (render-chart.ts): each chart must get the dataflow vega.parse gives for the chart itself,
// and drawing one chart must not change what the next of its shape gets.
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { compileChartSpec, parseVegaSpec, renderVegaSvg } from '../../src/charts/render-chart.js';
import { prepareSpec } from '../../src/charts/prepare-spec.js';
import { installTextMetrics } from '../../src/charts/text-metrics.js';
import { prepareFonts, useFontCache } from '../../src/fonts/index.js';
import { loadBrand } from '../../src/load/brands.js';
import { BAR_ROWS, STACKED_ROWS, TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';

/** vega numbers clip paths from a counter shared by every view: compare SVGs without those numbers. */
const withoutClipIds = (svg: string) => {
  const ids = new Map<string, number>();
  return svg.replace(/clip\d+/g, (m) => `clip-${ids.get(m) ?? (ids.set(m, ids.size), ids.size - 1)}`);
};

describe('parseVegaSpec', () => {
  installTextMetrics();
  useFontCache(prepareFonts());
  const brand = loadBrand(TEMPLATES_DIR, 'harbor');
  const request = (rows: typeof BAR_ROWS) => chartRequest('bar-horizontal', rows);
  const compiled = (rows: typeof BAR_ROWS) => {
    const r = request(rows);
    return compileChartSpec(prepareSpec(readFileSync(r.specFile, 'utf8'), r, brand), r.specFile);
  };
  // Same labels (one shape), different shares.
  const halved = BAR_ROWS.map((r) => ({ ...r, share: Number(r.share) / 2 }));

  it('gives each chart of a shape the dataflow vega.parse gives for that chart, its own rows included', () => {
    for (const rows of [BAR_ROWS, halved, BAR_ROWS]) {
      const spec = compiled(rows);
      const runtime = parseVegaSpec(spec);
      expect(JSON.stringify(runtime)).toBe(JSON.stringify(vega.parse(structuredClone(spec))));
      const ingested = runtime.operators.filter((op) => (op as { value?: { $ingest?: unknown } }).value?.$ingest !== undefined);
      const table = (spec as { data: { name: string; values?: { share: number }[] }[] }).data.find((d) => d.name === 'table')!.values!;
      expect(table.map((row) => row.share)).toEqual(rows.map((row) => row.share));
      expect(ingested.map((op) => (op as unknown as { value: { $ingest: unknown } }).value.$ingest)).toEqual([table]);
    }
  });

  it('draws a chart the same before and after another of its shape, as a dataflow parsed for it alone', async () => {
    const svg = async (rows: typeof BAR_ROWS) => withoutClipIds(await renderVegaSvg(compiled(rows), request(rows), 'bar-horizontal.vl.json'));
    const alone = withoutClipIds(await renderVegaSvg(structuredClone(compiled(BAR_ROWS)), request(BAR_ROWS), 'bar-horizontal.vl.json'));
    const first = await svg(BAR_ROWS);
    const other = await svg(halved);
    expect(await svg(BAR_ROWS)).toBe(first);
    expect(first).toBe(alone);
    expect(other).not.toBe(first);
  });

  it('parses a spec it did not compile as vega.parse does', () => {
    const r = chartRequest('stacked-100', STACKED_ROWS);
    const spec = structuredClone(compileChartSpec(prepareSpec(readFileSync(r.specFile, 'utf8'), r, brand), r.specFile));
    expect(JSON.stringify(parseVegaSpec(spec))).toBe(JSON.stringify(vega.parse(structuredClone(spec))));
  });
});
