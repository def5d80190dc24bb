// `npm run bench`: every number issue 13 asks for, from one run on this machine, and the ratios to its
// goals, as a Markdown table on stdout (details on stderr). Builds run the compiled CLI (dist/, built
// first) in a fresh process each, as `surveydeck build` runs; CPU and peak RSS are the process's own.
//
//   1. cold      full matrix, empty chart cache, empty output folder       (charts rendered, decks written)
//   2. warm      the same again: every deck skipped
//   3. template  one slide template edited (kpi-pair.hbs: the conference talk only): those decks rebuilt
//   4. one deck  `-a executive-briefing -l en`: skipped, then --force with its charts cached (its bound
//                slides kept too, as nothing it is made from changed), then with a message it reads edited
//                (chart.smallBase: bound again)
//   1b. floor    after each cold run, from its cache: warm chart cost × distinct charts ÷ cores + per-deck
//                cost × decks (floor.ts, in-process); each cold run is compared with its own floor
//   6. ingest    `aggregate` rows/s against the bare uDSV parser on the same file (ingest.ts)
//   7. segments  the per-region matrix in decks per minute (segments.ts; its own lines, on stderr)
//
// Each build step runs N times and reports the median of each measure (wall, CPU, peak RSS): --runs N
// for the warm, template and one-deck steps (default 3), --cold-runs N for the cold matrix (default 1;
// each cold run starts from an empty cache and output folder). Wall times depend on what else runs on
// the machine: the load average is printed with each. A benchmark, not a test: nothing here asserts a
// timing. --only build,ingest (any of build, ingest, segments) runs those parts; --sizes
// 100000,1000000 is passed to the ingest (default 100000).
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_NODE_FLAGS, buildChildEnv } from '../../src/cli/malloc-arenas.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : undefined;
const runs = (part: string) => !only || only.includes(part);
const sizesAt = args.indexOf('--sizes');
const sizes = sizesAt >= 0 ? args[sizesAt + 1] : '100000';
const count = (flag: string, fallback: number) => {
  const at = args.indexOf(flag);
  const n = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number of runs ≥ 1, got ${args[at + 1]}`);
  return n;
};
const warmRuns = count('--runs', 3);
const coldRuns = count('--cold-runs', 1);

const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => os.loadavg()[0].toFixed(1);
const rows: string[][] = [];
const row = (...cells: string[]) => rows.push(cells);
const mark = (ok: boolean) => (ok ? '✓' : '✗');
/** `value` against a goal it must stay under (or over): "0.42× ✓". */
const vs = (value: number, goal: number, atLeast = false) => `${(value / goal).toFixed(2)}× ${mark(atLeast ? value >= goal : value <= goal)}`;

interface CliRun {
  code: number;
  wallS: number;
  cpuS: number;
  peakRssMiB: number;
  lines: string[];
  load: string;
  /** How many runs the figures are the median of. */
  runs?: number;
}

/** What floor.ts prints. */
interface Floor {
  distinctCharts: number;
  sampledCharts: number;
  chartCpuMs: number;
  chartWallMs: number;
  decks: number;
  deckCpuS: number;
  deckWallS: number;
  cores: number;
  floorS: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** `times` runs of `once` (with `before` ahead of each, unmeasured), as one run of the medians. */
function medianOf(times: number, once: () => CliRun, before: (i: number) => void = () => {}): CliRun {
  const all: CliRun[] = [];
  for (let i = 0; i < times; i++) {
    before(i);
    all.push(once());
  }
  const failed = all.find((r) => r.code !== 0);
  return {
    code: failed?.code ?? 0,
    wallS: median(all.map((r) => r.wallS)),
    cpuS: median(all.map((r) => r.cpuS)),
    peakRssMiB: median(all.map((r) => r.peakRssMiB)),
    lines: (failed ?? all[all.length - 1]).lines,
    load: all.map((r) => r.load).join(', '),
    runs: times,
  };
}

/**
 * `surveydeck <argv>` from dist/ in a fresh process, measured. With MALLOC_ARENA_MAX, glibc's tunables and the Node flags
 * the bin gives a build's child (cli/malloc-arenas.ts); its extra Node start-up (≈ 50 ms) is not in these numbers.
 */
function cli(argv: string[]): CliRun {
  const loadBefore = load();
  const t0 = performance.now();
  const env = buildChildEnv();
  const r = spawnSync(process.execPath, [...BUILD_NODE_FLAGS, path.join(here, 'cli-child.mjs'), path.join(root, 'dist'), ...argv], { cwd: root, encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const wallS = (performance.now() - t0) / 1000;
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(last) as Omit<CliRun, 'wallS' | 'load'>;
  if (r.status !== 0) log(`  (exit ${r.status}) ${parsed.lines?.filter((l) => / error /.test(l)).slice(0, 3).join('\n  ')}`);
  return { ...parsed, wallS, load: `${loadBefore}→${load()}` };
}

function node(script: string, scriptArgs: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...scriptArgs], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}`);
  return r.stdout;
}

const summary = (r: CliRun) => r.lines[r.lines.length - 1] ?? '';
const describe = (r: CliRun) => `${r.runs && r.runs > 1 ? `median of ${r.runs}: ` : ''}${r.wallS.toFixed(2)} s wall (load ${r.load}), ${r.cpuS.toFixed(2)} s CPU, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`;

log(`surveydeck benchmark: ${os.availableParallelism()} cores, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; medians of ${coldRuns} cold and ${warmRuns} warm runs`);

if (runs('build')) {
  log('building dist/ (npm run build)…');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('tsc failed');
  // the bin users run is the bundle (src/build/bundle.ts); cli-child.mjs runs its `run`
  const bundled = spawnSync(process.execPath, [path.join(root, 'dist', 'build', 'bundle.js')], { cwd: root, stdio: 'inherit' });
  if (bundled.status !== 0) throw new Error('bundle failed');

  const work = mkdtempSync(path.join(os.tmpdir(), 'sd-bench-'));
  const templates = path.join(work, 'templates');
  cpSync(path.join(root, 'templates'), templates, { recursive: true });
  const out = path.join(work, 'out');
  const cache = path.join(work, 'cache');
  // Issue 13's goals are for picture charts: the executive briefing and the talk default to native ones.
  const build = (...extra: string[]) => cli(['build', '--templates', templates, '--out', out, '--cache', cache, '--charts', 'picture', ...extra]);

  // The floor is measured right after each cold run, from its cache: this machine's speed drifts by up
  // to 1.5× within the hour, and a floor measured minutes later (it was, after the warm steps) made the
  // ratio swing from 1.14× to 1.64× between runs of the same code. Each cold run is compared with its own floor.
  const floors: Floor[] = [];
  const colds: CliRun[] = [];
  const cold = medianOf(
    coldRuns,
    () => {
      const run = build();
      colds.push(run);
      log('floor (in-process: warm chart cost, per-deck cost)…');
      floors.push(JSON.parse(node('floor.ts', [cache, templates]).trim().split('\n').pop()!) as Floor);
      return run;
    },
    () => {
      rmSync(out, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    },
  );
  log(`cold      ${summary(cold)}\n          ${describe(cold)}`);
  const floor = floors.find((f) => f.floorS === median(floors.map((x) => x.floorS))) ?? floors[0];
  /** Each cold run's wall and CPU ÷ cores against the floor measured after it: the medians. */
  const coldRatio = {
    wall: median(colds.map((c, i) => c.wallS / floors[i].floorS)),
    cpu: median(colds.map((c, i) => c.cpuS / floors[i].cores / floors[i].floorS)),
  };
  const warm = medianOf(warmRuns, build);
  log(`warm      ${summary(warm)}\n          ${describe(warm)}`);
  // A new edit before each run: every run rebuilds the decks that use the template.
  const template = medianOf(warmRuns, build, (i) => appendFileSync(path.join(templates, 'slides', 'kpi-pair.hbs'), `{{!-- benchmark edit ${i} --}}\n`));
  log(`template  ${summary(template)}\n          ${describe(template)}`);
  const oneSkipped = medianOf(warmRuns, () => build('-a', 'executive-briefing', '-l', 'en'));
  log(`one deck  ${summary(oneSkipped)}\n          ${describe(oneSkipped)}`);
  const oneForced = medianOf(warmRuns, () => build('-a', 'executive-briefing', '-l', 'en', '--force'));
  log(`forced    ${summary(oneForced)}\n          ${describe(oneForced)}`);
  // A new wording of a message the deck reads before each run (English only is built, so no translation goes stale).
  const english = path.join(templates, 'locales', 'en.yaml');
  const wording = readFileSync(english, 'utf8');
  const oneEdited = medianOf(warmRuns, () => build('-a', 'executive-briefing', '-l', 'en'), (i) => {
    const edited = wording.replace(/^( {2}smallBase: "Small base)/m, `$1 (edit ${i + 1})`);
    if (edited === wording) throw new Error('the message to edit (chart.smallBase) is not in templates/locales/en.yaml');
    writeFileSync(english, edited);
  });
  writeFileSync(english, wording);
  log(`edited    ${summary(oneEdited)}\n          ${describe(oneEdited)}`);

  rmSync(work, { recursive: true, force: true });

  // Wall clock against the goals, and CPU against them too: on a loaded machine each process gets a
  // fraction of a core, and CPU seconds ÷ cores is what the wall clock would be on a quiet one.
  const cores = floor.cores;
  const cells = (r: CliRun) => [r.wallS.toFixed(2), r.load, r.cpuS.toFixed(2), r.peakRssMiB.toFixed(0)];
  row(
    `floor: charts × warm chart ÷ cores + decks × per deck${floors.length > 1 ? ` (median of ${floors.length}, each after its cold run: ${floors.map((f) => f.floorS.toFixed(1)).join(', ')} s)` : ''}`,
    `${floor.distinctCharts} × ${floor.chartCpuMs.toFixed(0)} ms ÷ ${cores} + ${floor.decks} × ${floor.deckCpuS.toFixed(3)} s`,
    '',
    '',
    `${floor.floorS.toFixed(1)}`,
    '',
    '',
    '',
    '',
  );
  row(
    `cold full matrix (${coldRatio.wall.toFixed(2)}× its floor by the wall clock, ${coldRatio.cpu.toFixed(2)}× by CPU ÷ cores${colds.length > 1 ? `; each run: ${colds.map((c, i) => (c.wallS / floors[i].floorS).toFixed(2)).join(', ')}` : ''})`,
    summary(cold),
    ...cells(cold),
    '≤ 1.3 × floor, ≤ 11.6 s',
    `${vs(coldRatio.wall, 1.3)}, ${vs(cold.wallS, 11.6)}`,
    `${vs(coldRatio.cpu, 1.3)}, ${vs(cold.cpuS / cores, 11.6)}`,
  );
  row('warm rebuild, nothing changed', summary(warm), ...cells(warm), '≤ 1.5 s', vs(warm.wallS, 1.5), vs(warm.cpuS, 1.5));
  row('one template changed (kpi-pair.hbs)', summary(template), ...cells(template), '', '', '');
  row('one deck, skipped', summary(oneSkipped), ...cells(oneSkipped), '≤ 0.5 s', vs(oneSkipped.wallS, 0.5), vs(oneSkipped.cpuS, 0.5));
  row('one deck, forced, charts cached', summary(oneForced), ...cells(oneForced), '≤ 0.8 s', vs(oneForced.wallS, 0.8), vs(oneForced.cpuS, 0.8));
  row('one deck, a message it reads edited, charts cached', summary(oneEdited), ...cells(oneEdited), '', '', '');
  row('peak RSS, full matrix cold', '', '', '', '', cold.peakRssMiB.toFixed(0), '≤ 500 MiB', vs(cold.peakRssMiB, 500), '');
}

if (runs('ingest')) {
  log(`ingest (${sizes} respondents)…`);
  const lines = node('ingest.ts', ['--sizes', sizes]).trim().split('\n');
  for (const line of lines.filter((l) => l.startsWith('{'))) {
    const m = JSON.parse(line) as { rows: number; rowsPerS: number; bareRowsPerS: number; rowsPerCpuS: number; bareRowsPerCpuS: number; seconds: number; peakRssMiB: number };
    row(
      `aggregate, ${m.rows.toLocaleString('en-US')} rows, against bare uDSV`,
      `${Math.round(m.rowsPerS).toLocaleString('en-US')} rows/s against ${Math.round(m.bareRowsPerS).toLocaleString('en-US')}; per CPU second ${Math.round(m.rowsPerCpuS).toLocaleString('en-US')} against ${Math.round(m.bareRowsPerCpuS).toLocaleString('en-US')}`,
      m.seconds.toFixed(1),
      '',
      '',
      m.peakRssMiB.toFixed(0),
      '≥ 0.7 × uDSV',
      vs(m.rowsPerS / m.bareRowsPerS, 0.7, true),
      vs(m.rowsPerCpuS / m.bareRowsPerCpuS, 0.7, true),
    );
  }
}

if (runs('segments')) {
  log('segments (per-region matrix)…');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'segments.ts')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) log(`segments.ts exited ${r.status}`);
}

console.log(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.\n`);
console.log(`Medians of ${coldRuns} cold and ${warmRuns} warm runs; load is the 1-minute average before→after each run.\n`);
console.log('| run | result | wall s | load (1 min) | CPU s | peak RSS MiB | goal | wall ÷ goal | CPU ÷ goal |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
