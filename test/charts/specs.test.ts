// Every checked-in spec compiles with its documented rows and no Vega-Lite warnings.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileChartSpec, installTextMetrics, prepareSpec } from '../../src/charts/index.js';
import type { ChartRow } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { BAR_ROWS, CHARTS_DIR, GROUPED_ROWS, STACKED_ROWS, TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';

const SAMPLE_ROWS: Record<string, ChartRow[]> = {
  'bar-horizontal': BAR_ROWS,
  'stacked-100': STACKED_ROWS,
  'grouped-bars': GROUPED_ROWS,
  'kpi-bar': [{ share: 0.84 }],
};

const specIds = readdirSync(CHARTS_DIR)
  .filter((f) => f.endsWith('.vl.json'))
  .map((f) => f.replace(/\.vl\.json$/, ''));

describe('checked-in chart specs', () => {
  installTextMetrics();
  it('has sample rows for every spec (a new spec needs a row contract here and in README)', () => {
    expect(specIds.sort()).toEqual(Object.keys(SAMPLE_ROWS).sort());
  });

  for (const specId of specIds) {
    for (const brandName of ['harbor', 'ember']) {
      it(`${specId} compiles without warnings (${brandName})`, () => {
        const brand = loadBrand(TEMPLATES_DIR, brandName);
        const request = chartRequest(specId, SAMPLE_ROWS[specId] ?? []);
        const text = readFileSync(path.join(CHARTS_DIR, `${specId}.vl.json`), 'utf8');
        const vega = compileChartSpec(prepareSpec(text, request, brand), request.specFile);
        expect(vega.data?.some((d) => d.name === 'table')).toBe(true);
      });
    }
  }
});
