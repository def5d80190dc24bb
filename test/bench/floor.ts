// Benchmark: the floor of a cold full build, measured in this process with every module loaded.
//   warm chart: CPU per chart rendered one at a time (vega + sharp), on a sample of the matrix's own
//               charts, after a first pass over another sample has loaded and warmed everything
//   per deck:   a forced rebuild of the whole matrix with every chart cached (bind, fit, assemble,
//               check, write), second of two passes, CPU ÷ decks
// floor = distinct charts × warm chart ÷ cores + decks × per deck. Prints one JSON line.
// usage: tsx test/bench/floor.ts <cache dir with every chart of the matrix> <templates dir it was built from>
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { chartBoxFor } from '../../src/assemble/index.js';
import { chartCacheKey, renderCharts } from '../../src/charts/index.js';
import type { ChartRequest } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { listAudiences, loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { readFileSync } from 'node:fs';
import { availableLocales, buildDecks, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';

const cacheDir = process.argv[2];
// The same folder as the cached build: chart keys hash the brand, whose logo path lies in it.
const templatesDir = process.argv[3] ?? DEFAULT_TEMPLATES_DIR;
const brand = loadBrand(templatesDir, 'harbor');
const aggregates = loadAggregates(DEFAULT_DATA_FILE);
const templates = loadSlideTemplates(templatesDir, createHandlebars());

// Every distinct chart request of the matrix, as the pipeline makes them.
const distinct = new Map<string, ChartRequest>();
for (const audience of listAudiences(templatesDir)) {
  for (const locale of availableLocales(templatesDir)) {
    const { slides } = bindSlides({
      manifest: loadDeckManifest(templatesDir, audience),
      aggregates,
      templates,
      catalogue: loadCatalogue(templatesDir, locale),
      chartsDir: path.join(templatesDir, 'charts'),
      chartBox: chartBoxFor(),
    });
    for (const s of slides) if (s.chartRequest) distinct.set(chartCacheKey(s.chartRequest, readFileSync(s.chartRequest.specFile, 'utf8'), brand), s.chartRequest);
  }
}
const all = [...distinct.values()];
const SAMPLE = 24;
const sample = (offset: number) => all.filter((_, i) => i % Math.floor(all.length / SAMPLE) === offset).slice(0, SAMPLE);

async function renderSample(requests: ChartRequest[]): Promise<{ cpuMs: number; wallMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-floor-'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await renderCharts(requests, { brand, cacheDir: dir, concurrency: 1 });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return { cpuMs: (cpu.user + cpu.system) / 1000 / requests.length, wallMs: wallMs / requests.length };
}

await renderSample(sample(1)); // load and warm vega, sharp, fonts
const chart = await renderSample(sample(0));

const outDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-floor-out-'));
let deck = { cpuS: 0, wallS: 0, decks: 0 };
for (let pass = 0; pass < 2; pass++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await buildDecks({ outDir, cacheDir, templatesDir, force: true, charts: 'picture' });
  const cpu = process.cpuUsage(cpu0);
  if (result.charts.rendered > 0) throw new Error(`the cache lacked ${result.charts.rendered} charts: run the cold build first`);
  deck = { cpuS: (cpu.user + cpu.system) / 1e6 / result.decks.length, wallS: (performance.now() - t0) / 1000 / result.decks.length, decks: result.decks.length };
}
rmSync(outDir, { recursive: true, force: true });

const cores = os.availableParallelism();
console.log(
  JSON.stringify({
    distinctCharts: all.length,
    sampledCharts: SAMPLE,
    chartCpuMs: chart.cpuMs,
    chartWallMs: chart.wallMs,
    decks: deck.decks,
    deckCpuS: deck.cpuS,
    deckWallS: deck.wallS,
    cores,
    floorS: (all.length * chart.cpuMs) / 1000 / cores + deck.decks * deck.cpuS,
  }),
);
