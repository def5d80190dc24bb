// Benchmark of the ingest stage: synthetic exports with the real 2024 file's shape (same three
// header rows, random but valid codes that follow the show logic) of 100,000 and 1,000,000
// respondents, aggregated one after the other. Prints rows per second and peak memory for both, so
// one can see memory stay flat as rows grow, and the rows per second of the bare uDSV parser over the
// same file (the issue's yardstick: `aggregate` should keep ≥ 0.7× of it). A JSON line per size
// follows the human one. Run: npx tsx test/bench/ingest.ts [--sizes 100000,1000000] [--runs 3]
//
// Each measurement runs in a fresh process (this script with --measure), the two sides alternating,
// and the median of --runs of each is reported: in one process the side measured second ran on the
// first side's compiled uDSV (the parser's functions are shared, optimised for the other caller's
// rows) and lost a third of its speed, whichever side it was. Peak RSS is the aggregating process's.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { inferSchema, initParser, type Parser } from 'udsv';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { readCsvRecords, type CsvRecord } from '../../src/ingest/csv-reader.js';
import { readExportLayout, removedCodes } from '../../src/ingest/layout.js';
import { loadReferenceModel } from '../../src/ingest/reference-model.js';
import { loadSurveySpec } from '../../src/ingest/survey-spec.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(process.env.SURVEYDECK_SHARED_DATA ?? path.resolve(projectRoot, '../shared/data'));
const rawFile = path.join(shared, 'ospo-survey-2024/raw-numeric.csv');
const modelFile = path.join(shared, 'ospo-survey-2024/reference-model.csv');
const specFile = path.join(projectRoot, 'data/ospo-2024/survey.yaml');
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [100_000, 1_000_000];
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const measureArg = process.argv.indexOf('--measure');

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generateExport(file: string, respondents: number): Promise<void> {
  const [spec, model] = await Promise.all([loadSurveySpec(specFile), loadReferenceModel(modelFile)]);
  const headers: CsvRecord[] = [];
  for await (const r of readCsvRecords(rawFile)) {
    headers.push(r);
    if (headers.length === 3) break;
  }
  const { layout } = readExportLayout(rawFile, headers, model, spec);
  const width = layout.width;
  const colsOf = layout.questions.map(() => new Map<string, number>());
  const otherCol = layout.questions.map(() => -1);
  const textCol = layout.questions.map(() => -1);
  const gridCol = layout.questions.map((lq) => lq.items.map(() => new Map<string, number>()));
  layout.columns.forEach((c, col) => {
    if (c.role === 'choice' && c.code !== undefined) colsOf[c.q].set(c.code, col);
    else if (c.role === 'other') otherCol[c.q] = col;
    else if (c.role === 'text') textCol[c.q] = col;
    else if (c.role === 'grid') gridCol[c.q][c.item].set(c.code, col);
  });
  const sectionPop = new Map<string, { question: string; codes: string[] } | undefined>();
  for (const p of Object.values(spec.populations)) for (const s of p.sections) sectionPop.set(s, p.when);
  const rnd = random(2024);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const h of headers) await write(h.cells.map(quote).join(',') + '\n');
  const cells = new Array<string>(width);
  const chosen = new Map<string, string[]>();
  let batch = '';
  for (let r = 0; r < respondents; r++) {
    cells.fill('');
    chosen.clear();
    cells[0] = String(100_000_000_000 + r);
    cells[2] = '2024-07-01 10:00:00';
    cells[3] = '2024-07-01 10:15:00';
    cells[4] = 'en';
    for (const [q, lq] of layout.questions.entries()) {
      const when = sectionPop.get(lq.model.section);
      if (when && !when.codes.some((c) => chosen.get(when.question)?.includes(c))) continue;
      if (lq.model.showIf.length > 0 && !lq.model.showIf.some((c) => chosen.get(c.question)?.includes(c.code))) continue;
      const removed = removedCodes(spec, lq.model.id); // the spec's screener would drop those rows
      const codes = [...colsOf[q].keys()].filter((c) => lq.codes.includes(c) && !removed.has(c));
      switch (lq.kind) {
        case 'single': {
          const code = codes[Math.floor(rnd() * codes.length)];
          cells[colsOf[q].get(code)!] = code;
          chosen.set(lq.model.id, [code]);
          break;
        }
        case 'multi': {
          const picked = codes.filter(() => rnd() < 0.3);
          if (picked.length === 0) picked.push(codes[0]);
          for (const code of picked) cells[colsOf[q].get(code)!] = code;
          chosen.set(lq.model.id, picked);
          break;
        }
        case 'grid':
          for (const levels of gridCol[q]) {
            const code = lq.codes[Math.floor(rnd() * lq.codes.length)];
            cells[levels.get(code)!] = code;
          }
          break;
        case 'text':
          if (rnd() < 0.2) cells[textCol[q]] = 'Synthetic answer text';
          break;
      }
      if (otherCol[q] !== -1 && rnd() < 0.03) cells[otherCol[q]] = 'Something else';
    }
    batch += cells.join(',') + '\n';
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  out.end();
  await once(out, 'finish');
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

async function measure(file: string): Promise<{ seconds: number; cpuSeconds: number; respondents: number; peakRssMb: number; peakHeapMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const { aggregates } = await aggregateSurvey({ rawFile: file, modelFile, specFile, inputDir: shared });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  sample();
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, respondents: aggregates.survey.respondents, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20 };
}

/** The yardstick: uDSV alone, streaming the same file in the same 256 KiB chunks, counting rows. */
async function measureBareParser(file: string): Promise<{ seconds: number; cpuSeconds: number; rows: number }> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const decoder = new TextDecoder();
  let parser: Parser | undefined;
  let rows = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    parser ??= initParser(inferSchema(text));
    parser.chunk<string[]>(text, parser.stringArrs, () => void rows++);
  }
  parser?.end();
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows };
}

/** One side measured in a fresh process (this script with --measure side file). */
function measured<T>(side: 'aggregate' | 'bare', file: string): T {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', side, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`measuring ${side} exited ${r.status}`);
  return JSON.parse(r.stdout) as T;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (measureArg > 0) {
  const [side, file] = process.argv.slice(measureArg + 1);
  process.stdout.write(JSON.stringify(side === 'bare' ? await measureBareParser(file) : await measure(file)));
  process.exit(0);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-bench-ingest-'));
try {
  for (const n of sizes) {
    const file = path.join(dir, `export-${n}.csv`);
    const genStarted = performance.now();
    await generateExport(file, n);
    const sizeMb = (await stat(file)).size / 2 ** 20;
    process.stderr.write(`generated ${n.toLocaleString('en-US')} rows (${sizeMb.toFixed(0)} MB) in ${((performance.now() - genStarted) / 1000).toFixed(1)} s\n`);
    const bares: Awaited<ReturnType<typeof measureBareParser>>[] = [];
    const ms: Awaited<ReturnType<typeof measure>>[] = [];
    for (let run = 0; run < runs; run++) {
      bares.push(measured('bare', file));
      ms.push(measured('aggregate', file));
      process.stderr.write(`  run ${run + 1}: aggregate ${ms[run].seconds.toFixed(2)} s (${ms[run].cpuSeconds.toFixed(2)} s CPU), bare uDSV ${bares[run].seconds.toFixed(2)} s (${bares[run].cpuSeconds.toFixed(2)} s CPU), load ${os.loadavg()[0].toFixed(1)}\n`);
    }
    const m = { seconds: median(ms.map((x) => x.seconds)), cpuSeconds: median(ms.map((x) => x.cpuSeconds)), peakRssMb: median(ms.map((x) => x.peakRssMb)), peakHeapMb: median(ms.map((x) => x.peakHeapMb)) };
    const bare = { seconds: median(bares.map((x) => x.seconds)), cpuSeconds: median(bares.map((x) => x.cpuSeconds)) };
    // Rows read, not respondents kept: the spec's filters drop some synthetic rows, the parser reads them all.
    const rowsPerS = n / m.seconds;
    const bareRowsPerS = n / bare.seconds;
    const rowsPerCpuS = n / m.cpuSeconds;
    const bareRowsPerCpuS = n / bare.cpuSeconds;
    console.log(
      `${n.toLocaleString('en-US').padStart(9)} respondents${runs > 1 ? ` (medians of ${runs} runs)` : ''}: ${Math.round(rowsPerS).toLocaleString('en-US')} rows/s ` +
        `(${(sizeMb / m.seconds).toFixed(0)} MB/s, ${m.seconds.toFixed(1)} s), peak RSS ${m.peakRssMb.toFixed(0)} MB, peak heap ${m.peakHeapMb.toFixed(0)} MB; ` +
        `bare uDSV ${Math.round(bareRowsPerS).toLocaleString('en-US')} rows/s (${bare.seconds.toFixed(1)} s): ${(rowsPerS / bareRowsPerS).toFixed(2)}× (per CPU second ${(rowsPerCpuS / bareRowsPerCpuS).toFixed(2)}×)`,
    );
    console.log(JSON.stringify({ rows: n, sizeMb, rowsPerS, bareRowsPerS, rowsPerCpuS, bareRowsPerCpuS, seconds: m.seconds, bareSeconds: bare.seconds, peakRssMiB: m.peakRssMb }));
    await rm(file);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
