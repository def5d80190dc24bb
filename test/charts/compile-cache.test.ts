// The charts stage compiles a spec shape once and gives each chart its own rows afterwards
// (render-chart.ts): the Vega spec it returns must be the one vega-lite compiles from the chart itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as vl from 'vega-lite';
import { compileChartSpec } from '../../src/charts/render-chart.js';
import { prepareSpec } from '../../src/charts/prepare-spec.js';
import { installTextMetrics } from '../../src/charts/text-metrics.js';
import { loadBrand } from '../../src/load/brands.js';
import { BAR_ROWS, STACKED_ROWS, TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';

describe('compileChartSpec', () => {
  installTextMetrics();
  const brand = loadBrand(TEMPLATES_DIR, 'harbor');
  const prepared = (specId: string, rows: typeof BAR_ROWS) => {
    const request = chartRequest(specId, rows);
    return prepareSpec(readFileSync(request.specFile, 'utf8'), request, brand);
  };

  it('gives charts of one shape their own rows, as compiling each chart on its own does', () => {
    // Same labels (so the same label layout and shape), different shares.
    const first = prepared('bar-horizontal', BAR_ROWS);
    const second = prepared('bar-horizontal', BAR_ROWS.map((r) => ({ ...r, share: Number(r.share) / 2 })));
    const { datasets: _a, ...firstShape } = first;
    const { datasets: _b, ...secondShape } = second;
    expect(secondShape).toEqual(firstShape);
    expect(second.datasets).not.toEqual(first.datasets);
    for (const spec of [first, second, first]) {
      const direct = vl.compile(structuredClone(spec) as never).spec;
      expect(compileChartSpec(structuredClone(spec), 'bar-horizontal.vl.json')).toEqual(direct);
    }
  });

  it('compiles another shape on its own', () => {
    const spec = prepared('stacked-100', STACKED_ROWS);
    expect(compileChartSpec(structuredClone(spec), 'stacked-100.vl.json')).toEqual(vl.compile(structuredClone(spec) as never).spec);
  });
});

describe('prepareSpec', () => {
  const brand = loadBrand(TEMPLATES_DIR, 'harbor');
  it("gives the render the spec bind's chart-fit check prepared, as its own copy, whatever the request's place, mode or alt text", () => {
    const request = chartRequest('bar-horizontal', BAR_ROWS);
    const text = readFileSync(request.specFile, 'utf8');
    // The check's trial request, then the deck's: they differ only in what does not change the spec.
    const checked = prepareSpec(text, { ...request, where: 'trial slide 0' }, brand, { keep: true });
    (checked.datasets as Record<string, unknown>).table = []; // a caller's change stays its own
    const drawn = prepareSpec(text, { ...request, where: 'deck slide 7', mode: 'picture', altText: 'Bar chart' }, brand);
    const fresh = prepareSpec(text, request, brand);
    expect(drawn).not.toBe(fresh);
    expect(drawn).toEqual(fresh);
    expect((drawn.datasets as Record<string, unknown[]>).table.length).toBe(BAR_ROWS.length);
    // Anything that changes the drawing is another spec.
    expect(prepareSpec(text, { ...request, widthIn: request.widthIn + 1 }, brand)).not.toEqual(fresh);
  });
});
