// Benchmark of the deck build: the full matrix (every audience × every locale with a catalogue),
// cold (empty chart cache) then warm (same cache). Prints decks, slides, charts per second, total
// seconds and peak memory. A benchmark, not a test: nothing here asserts a timing.
// Run: npx tsx test/bench/build.ts [--brand ember]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDecks, type BuildResult } from '../../src/pipeline.js';

const brandArg = process.argv.indexOf('--brand');
const brand = brandArg > 0 ? process.argv[brandArg + 1] : undefined;

let peakRssBytes = 0;
const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 25);

async function timed(label: string, cacheDir: string): Promise<BuildResult> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-out-'));
  peakRssBytes = 0;
  const result = await buildDecks({ outDir, cacheDir, brand });
  const slides = result.decks.reduce((s, d) => s + d.slides, 0);
  const charts = result.charts.rendered + result.charts.cached;
  const mib = Math.max(peakRssBytes, process.memoryUsage().rss) / 2 ** 20;
  console.log(
    `${label.padEnd(5)} ${String(result.decks.length).padStart(3)} decks ${String(slides).padStart(5)} slides ` +
      `${String(charts).padStart(4)} charts (${result.charts.rendered} rendered)  ${result.seconds.toFixed(1).padStart(6)} s  ` +
      `${(result.charts.rendered / result.seconds).toFixed(1).padStart(6)} charts/s rendered  ${(charts / result.seconds).toFixed(1).padStart(6)} charts/s placed  ` +
      `peak RSS ${mib.toFixed(0)} MiB`,
  );
  rmSync(outDir, { recursive: true, force: true });
  return result;
}

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-cache-'));
console.log(`surveydeck build benchmark: ${os.cpus().length} cores, Node ${process.version}${brand ? `, brand ${brand}` : ''}`);
await timed('cold', cacheDir);
await timed('warm', cacheDir);
clearInterval(sampler);
rmSync(cacheDir, { recursive: true, force: true });
