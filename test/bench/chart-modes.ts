// Benchmark: the full matrix (every audience × locale) with every chart as a picture against every
// chart native (`--charts` for all decks). Pictures: cold (empty chart cache) and warm; native charts
// use no PNG cache, so one build from an empty cache and one again. A benchmark: nothing asserts a time.
// Run: npx tsx test/bench/chart-modes.ts (in-process, so it measures the pipeline, not the CLI's start-up)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDecks } from '../../src/pipeline.js';
import type { ChartMode } from '../../src/ir.js';

let peakRssBytes = 0;
const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 25);

async function timed(mode: ChartMode, label: string, cacheDir: string): Promise<void> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-out-'));
  peakRssBytes = 0;
  const result = await buildDecks({ outDir, cacheDir, charts: mode, force: true });
  const slides = result.decks.reduce((s, d) => s + d.slides, 0);
  const charts = result.charts.rendered + result.charts.cached;
  const mib = Math.max(peakRssBytes, process.memoryUsage().rss) / 2 ** 20;
  const bytes = result.decks.reduce((s, d) => s + d.bytes, 0);
  console.log(
    `${mode.padEnd(7)} ${label.padEnd(5)} ${String(result.decks.length).padStart(3)} decks ${String(slides).padStart(5)} slides ` +
      `${String(charts).padStart(4)} charts (${result.charts.native ?? 0} native, ${result.charts.rendered} built, ${result.charts.cached} reused)  ` +
      `${result.seconds.toFixed(1).padStart(6)} s  ${(charts / result.seconds).toFixed(1).padStart(6)} charts/s  ` +
      `${(bytes / 2 ** 20).toFixed(1)} MiB of decks  peak RSS ${mib.toFixed(0)} MiB`,
  );
  rmSync(outDir, { recursive: true, force: true });
}

console.log(`chart modes benchmark: ${os.cpus().length} cores, Node ${process.version}`);
for (const mode of ['picture', 'native'] as const) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-cache-'));
  await timed(mode, 'cold', cacheDir);
  await timed(mode, 'warm', cacheDir);
  rmSync(cacheDir, { recursive: true, force: true });
}
clearInterval(sampler);
