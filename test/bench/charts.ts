// Benchmark: ~30 charts cold (empty PNG cache) and warm (same process, new cache so each is rendered
// again with vega/fonts loaded), then fully cached. Prints charts/second and peak RSS.
// usage: npx tsx test/bench/charts.ts
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCharts } from '../../src/charts/index.js';
import type { ChartRequest } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import {
  BAR_ROWS,
  BAR_ROWS_JA,
  BAR_ROWS_ZH,
  GROUPED_ROWS,
  STACKED_ROWS,
  TEMPLATES_DIR,
  chartRequest,
} from '../fixtures/charts/requests.js';

const brand = loadBrand(TEMPLATES_DIR, process.argv[2] ?? 'harbor');
const requests: ChartRequest[] = [];
for (let i = 0; i < 6; i++) {
  const tweak = (rows: typeof BAR_ROWS) => rows.map((r) => ({ ...r, share: Number(r.share) * (1 - i / 50) }));
  requests.push(
    chartRequest('bar-horizontal', tweak(BAR_ROWS), { locale: i % 2 ? 'de' : 'en' }),
    chartRequest('stacked-100', tweak(STACKED_ROWS)),
    chartRequest('grouped-bars', tweak(GROUPED_ROWS), { locale: 'fr' }),
    chartRequest('bar-horizontal', tweak(i % 2 ? BAR_ROWS_JA : BAR_ROWS_ZH), { locale: i % 2 ? 'ja' : 'zh-CN' }),
    chartRequest('kpi-bar', [{ share: 0.84 - i / 100 }], { widthIn: 6, heightIn: 1.2 }),
  );
}

let peakRssBytes = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 20);
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'surveydeck-bench-'));

async function pass(label: string, cacheDir: string): Promise<void> {
  const start = performance.now();
  const charts = await renderCharts(requests, { brand, cacheDir });
  const ms = performance.now() - start;
  const cached = charts.filter((c) => c.cached).length;
  console.error(
    `${label.padEnd(6)} ${charts.length} charts in ${ms.toFixed(0)} ms: ${((charts.length * 1000) / ms).toFixed(1)} charts/s, ` +
      `${(ms / charts.length).toFixed(1)} ms/chart (${cached} from cache)`,
  );
}

await pass('cold', tmp());
await pass('warm', tmp());
const cacheDir = tmp();
await pass('warm', cacheDir);
await pass('cached', cacheDir);
clearInterval(sampler);
console.error(`peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
