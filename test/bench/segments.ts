// Benchmark of the per-region matrix (issue 14): `aggregate --per region`, then `build --per region`
// for every audience and locale, cold (empty chart cache) and forced warm (every deck rebuilt, charts
// from the cache). Prints decks per minute and peak memory. A benchmark, not a test: nothing asserts a time.
// Run: npx tsx test/bench/segments.ts
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAggregate } from '../../src/cli/aggregate.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { buildDecks, PROJECT_ROOT as ROOT } from '../../src/pipeline.js';

let peakRssBytes = 0;
const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 25);
const quiet = { stdout: () => {}, stderr: () => {}, cwd: process.cwd() };

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-seg-data-'));
cpSync(path.join(ROOT, 'data', 'ospo-2024', 'locales'), path.join(dataDir, 'locales'), { recursive: true }); // the survey's texts live beside its data
const dataFile = path.join(dataDir, 'aggregates.json');
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-seg-cache-'));
const outDir = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-seg-out-'));
console.log(`surveydeck per-region benchmark: ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`);

let started = performance.now();
await runAggregate({ per: ['region'], out: dataFile, json: false, verbose: false }, quiet);
console.log(`aggregate --per region   ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  (the whole survey and one file per region)`);

async function timed(label: string, force: boolean): Promise<void> {
  peakRssBytes = 0;
  started = performance.now();
  let failed = 0;
  let written = 0;
  let slides = 0;
  try {
    const result = await buildDecks({ per: ['region'], dataFile, outDir, cacheDir, force });
    written = result.decks.length;
    slides = result.decks.reduce((s, d) => s + d.slides, 0);
  } catch (e) {
    if (!(e instanceof SurveydeckError)) throw e;
    failed = new Set(e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).size;
  }
  const seconds = (performance.now() - started) / 1000;
  const mib = Math.max(peakRssBytes, process.memoryUsage().rss) / 2 ** 20;
  console.log(
    `build --per region ${label.padEnd(5)} ${String(written).padStart(3)} decks ${String(slides).padStart(5)} slides  ${seconds.toFixed(1).padStart(6)} s  ` +
      `${((written / seconds) * 60).toFixed(1).padStart(6)} decks/min  peak RSS ${mib.toFixed(0)} MiB${failed ? `  (${failed} distinct errors)` : ''}`,
  );
}

await timed('cold', false);
await timed('warm', true);
clearInterval(sampler);
for (const dir of [dataDir, cacheDir, outDir]) rmSync(dir, { recursive: true, force: true });
