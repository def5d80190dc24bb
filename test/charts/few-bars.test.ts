// Few bars are drawn as thick as six would be and centred in the plot, in the picture and in the native
// chart alike; where their labels need the height, the plot is shared out as for any chart.
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileChartSpec, installTextMetrics, prepareSpec } from '../../src/charts/index.js';
import { buildNativeChart } from '../../src/charts/native/index.js';
import { prepareFonts, useFontCache } from '../../src/fonts/index.js';
import type { Brand, ChartRequest, ChartRow } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';

let harbor: Brand;
beforeAll(() => {
  useFontCache(prepareFonts());
  installTextMetrics();
  harbor = loadBrand(TEMPLATES_DIR, 'harbor');
});

type Padding = number | { top: number; bottom: number };
const topPadding = (p: Padding) => (typeof p === 'number' ? p : p.top);

const rows = (n: number, label = (i: number) => `Answer ${i + 1}`): ChartRow[] => Array.from({ length: n }, (_, i) => ({ label: label(i), share: 0.8 - i * 0.1 }));

/** The bars of a picture chart: top and bottom of each rect, and the plot's height. */
async function bars(request: ChartRequest): Promise<{ tops: number[]; bottoms: number[]; plotHeight: number }> {
  const spec = prepareSpec(readFileSync(request.specFile, 'utf8'), request, harbor);
  const view = new vega.View(vega.parse(compileChartSpec(spec, request.specFile)), { renderer: 'none' });
  await view.runAsync();
  type Item = { y?: number; height?: number; items?: Mark[] };
  type Mark = { marktype: string; role?: string; items: Item[] };
  const rects: Item[] = [];
  const walk = (mark: Mark) => {
    for (const item of mark.items) {
      if (mark.marktype === "rect" && mark.role === "mark" && item.y !== undefined && (item.height ?? 0) > 0) rects.push(item);
      for (const m of item.items ?? []) walk(m);
    }
  };
  walk((view.scenegraph() as unknown as { root: Mark }).root);
  const plotHeight = view.height();
  view.finalize();
  // A bar and the track behind it share a y: one per category.
  const ys = [...new Map(rects.map((r) => [r.y!, r])).values()];
  return { tops: ys.map((r) => r.y!), bottoms: ys.map((r) => r.y! + r.height!), plotHeight };
}

describe('few bars', () => {
  it('are drawn as thick as six would be, their plot centred in the picture', async () => {
    const request = chartRequest('bar-horizontal', rows(2));
    const two = await bars(request);
    const six = await bars(chartRequest('bar-horizontal', rows(6)));
    const thickness = (b: { tops: number[]; bottoms: number[] }) => b.bottoms[0] - b.tops[0];
    expect(two.tops).toHaveLength(2);
    expect(six.tops).toHaveLength(6);
    expect(Math.abs(thickness(two) - thickness(six))).toBeLessThan(2);
    // The plot is two sixths of the height, as much padding above it as below.
    expect(two.plotHeight).toBeCloseTo((six.plotHeight * 2) / 6, -1);
    const spec = prepareSpec(readFileSync(request.specFile, 'utf8'), request, harbor) as { padding: Padding; height: number };
    expect(spec.padding).toMatchObject({ top: expect.any(Number), bottom: expect.any(Number) });
    const { top, bottom } = spec.padding as { top: number; bottom: number };
    expect(top).toBe(bottom);
    expect(top).toBeGreaterThan(spec.height / 4);
  });

  it('share the plot out as usual where their labels need the height', async () => {
    // Two answers of three lines each: in a 2.5 in chart two sixths of the plot cannot hold them, half can.
    const long = 'Establishing and enforcing open source license compliance policies across every product team and every business unit we run';
    const request = chartRequest('bar-horizontal', rows(2, (i) => `${long} ${i + 1}`), { widthIn: 10, heightIn: 2.5 });
    const tight = prepareSpec(readFileSync(request.specFile, 'utf8'), request, harbor) as { padding: Padding };
    expect(topPadding(tight.padding)).toBe(8);
    const roomy = prepareSpec(readFileSync(request.specFile, 'utf8'), { ...request, heightIn: 6 }, harbor) as { padding: Padding };
    expect(topPadding(roomy.padding)).toBeGreaterThan(100);
  });

  it('are as thick and as close in the native chart: its plot is as long as their steps, centred', async () => {
    const plot = async (n: number) => {
      const request = chartRequest('bar-horizontal', rows(n));
      const built = await buildNativeChart(request, readFileSync(request.specFile, 'utf8'), harbor);
      if (!built.ok) throw new Error(built.reason);
      return built.description.plotArea!;
    };
    const [two, six] = [await plot(2), await plot(6)];
    // Two of six slots' height, centred on the same middle.
    expect(two.h).toBeCloseTo((six.h * 2) / 6, 2);
    expect(two.y + two.h / 2).toBeCloseTo(six.y + six.h / 2, 2);
    expect(two.w).toBe(six.w);
  });
});
