// Benchmark: the floor of a cold full build, measured in this process with every module loaded.
//   warm chart: CPU per chart rendered one at a time (vega + sharp), on a sample of the matrix's own
//               charts, after a first pass over another sample has loaded and warmed everything
//   per deck:   a rebuild of the whole matrix with every chart cached (bind, fit, assemble, check,
//               write), second of two passes, CPU ÷ decks; each pass into a new output folder, so
//               that no deck's bound slides are kept (incremental/kept-binds.ts): a cold build binds
// floor = distinct charts × warm chart ÷ cores + decks × per deck. Prints one JSON line.
// The distinct charts are the entries the cold build left in its (fresh) chart cache, so they are the
// pipeline's own requests; the sample is bound by test/charts/shipped-chart-requests.ts, which reads
// the survey's texts from data/<survey>/locales as a build does.
// usage: tsx test/bench/floor.ts <cache dir of a cold build from an empty cache> <templates dir it was built from>
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCharts } from '../../src/charts/index.js';
import type { ChartRequest } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
// The deck pass runs the built code (dist/, as the cold build's CLI does): chart cache keys carry the
// version of the code drawing them, and src/ is another version than dist/.
import { buildDecks, DEFAULT_TEMPLATES_DIR } from '../../dist/pipeline.js';
import { chartRequestsOf, shippedChartDecks } from '../charts/shipped-chart-requests.js';

const cacheDir = process.argv[2];
const templatesDir = process.argv[3] ?? DEFAULT_TEMPLATES_DIR;
const brand = loadBrand(templatesDir, 'harbor');

const distinctCharts = readdirSync(path.join(cacheDir, 'charts')).filter((f) => f.endsWith('.entry')).length;
const requests: ChartRequest[] = shippedChartDecks('harbor', templatesDir).flatMap((d) => chartRequestsOf(d).map((c) => ({ ...c.request, mode: 'picture' as const })));
const SAMPLE = 24;
const step = Math.max(1, Math.floor(requests.length / (2 * SAMPLE)));
const sample = (offset: number) => requests.filter((_, i) => i % (2 * step) === offset * step).slice(0, SAMPLE);

async function renderSample(sampled: ChartRequest[]): Promise<{ cpuMs: number; wallMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-floor-'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await renderCharts(sampled, { brand, cacheDir: dir, concurrency: 1 });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return { cpuMs: (cpu.user + cpu.system) / 1000 / sampled.length, wallMs: wallMs / sampled.length };
}

await renderSample(sample(1)); // load and warm vega, sharp, fonts
const chart = await renderSample(sample(0));

let deck = { cpuS: 0, wallS: 0, decks: 0 };
for (let pass = 0; pass < 2; pass++) {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-floor-out-'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await buildDecks({ outDir, cacheDir, templatesDir, force: true, charts: 'picture' });
  const cpu = process.cpuUsage(cpu0);
  if (result.charts.rendered > 0) throw new Error(`the cache lacked ${result.charts.rendered} charts: run the cold build first`);
  deck = { cpuS: (cpu.user + cpu.system) / 1e6 / result.decks.length, wallS: (performance.now() - t0) / 1000 / result.decks.length, decks: result.decks.length };
  rmSync(outDir, { recursive: true, force: true });
}

const cores = os.availableParallelism();
console.log(
  JSON.stringify({
    distinctCharts,
    sampledCharts: sample(0).length,
    chartCpuMs: chart.cpuMs,
    chartWallMs: chart.wallMs,
    decks: deck.decks,
    deckCpuS: deck.cpuS,
    deckWallS: deck.wallS,
    cores,
    floorS: (distinctCharts * chart.cpuMs) / 1000 / cores + deck.decks * deck.cpuS,
  }),
);
