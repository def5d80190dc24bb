// `surveydeck watch`, driven by real file events in a temp copy of the templates and data (not by
// timing): an edited slide template rebuilds exactly the decks that use it; a broken catalogue is
// reported once however many rounds it lasts, and cleared once fixed; an unreadable folder exits 3.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWatchEvent } from '../../src/cli/watch.js';
import { watchDecks, type WatchEvent } from '../../src/scale/watch.js';
import { AGGREGATES, copySurveyTexts, copyTemplates, ROOT, tempDir } from '../helpers.js';

const templatesDir = copyTemplates();
const TEMPLATES_COPY = copyTemplates();
const dataFile = path.join(copySurveyTexts(tempDir('sd-watch-data-')), 'aggregates.json');
const outDir = tempDir('sd-watch-out-');
const events: WatchEvent[] = [];
const waiters: { match: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
const controller = new AbortController();
let watching: Promise<void>;

/** The next event matching `match` (events already seen do not count). */
function next(match: (e: WatchEvent) => boolean): Promise<WatchEvent> {
  return new Promise((resolve) => waiters.push({ match, resolve }));
}
const roundFor = (file: string) => next((e) => e.type === 'round' && e.changed.includes(file)) as Promise<Extract<WatchEvent, { type: 'round' }>>;
const names = (e: Extract<WatchEvent, { type: 'round' }>) => e.written.map((d) => path.basename(d.file)).sort();
const io = { stdout: () => {}, stderr: () => {}, cwd: templatesDir };

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(file, after);
}

beforeAll(async () => {
  copyFileSync(AGGREGATES, dataFile);
  const first = next((e) => e.type === 'round');
  watching = watchDecks({
    audiences: ['executive-briefing', 'conference-talk'],
    locales: ['en'],
    templatesDir,
    dataFile,
    outDir,
    cacheDir: tempDir('sd-watch-cache-'),
    signal: controller.signal,
    settleMs: 30,
    onEvent: (e) => {
      events.push(e);
      for (const w of waiters.splice(0)) (w.match(e) ? w.resolve(e) : waiters.push(w));
    },
  });
  const start = (await first) as Extract<WatchEvent, { type: 'round' }>;
  expect(start.changed).toEqual([]);
  expect(names(start)).toEqual(['conference-talk.en.pptx', 'executive-briefing.en.pptx']);
}, 300_000);

afterAll(async () => {
  controller.abort();
  await watching;
});

describe('surveydeck watch', () => {
  it('an edited slide template rebuilds exactly the decks that use it, in one line', async () => {
    const kpiPair = path.join(templatesDir, 'slides', 'kpi-pair.hbs'); // used by the conference talk only
    const round = roundFor(kpiPair);
    edit(kpiPair, (t) => `${t}{{!-- edited --}}\n`);
    const r = await round;
    expect(names(r)).toEqual(['conference-talk.en.pptx']);
    expect(r.skipped).toBe(1);
    expect(r.failed).toBe(false);
    expect(formatWatchEvent(io, r)).toMatch(/^slides\/kpi-pair\.hbs changed: rebuilt conference-talk\.en\.pptx, 1 unchanged in \d+\.\d s$/);

    const chart = path.join(templatesDir, 'charts', 'grouped-bars.vl.json'); // both decks draw grouped bars
    const both = roundFor(chart);
    edit(chart, (t) => `${t}\n`);
    expect(names(await both)).toEqual(['conference-talk.en.pptx', 'executive-briefing.en.pptx']);
  });

  it('a broken catalogue is reported once while it lasts, and cleared once fixed', async () => {
    const en = path.join(templatesDir, 'locales', 'en.yaml');
    const original = readFileSync(en, 'utf8');
    const problemsBefore = events.filter((e) => e.type === 'problem').length;

    const broken = roundFor(en);
    writeFileSync(en, original + '\nbroken: "unterminated\n');
    const r1 = await broken;
    expect(r1.failed).toBe(true);
    const problems = events.filter((e) => e.type === 'problem').slice(problemsBefore);
    expect(problems).toHaveLength(1);
    const problem = problems[0] as Extract<WatchEvent, { type: 'problem' }>;
    expect(problem.diagnostic.code).toBe('INVALID_CATALOGUE');
    expect(formatWatchEvent(io, problem)).toMatch(/^locales\/en\.yaml:\d+:\d+: error INVALID_CATALOGUE: /);
    expect(formatWatchEvent(io, r1)).toMatch(/^locales\/en\.yaml changed: no deck rebuilt, failed \(see above\) in/);

    // Another edit while it is still broken: the same problem is not shown again.
    const kpiPair = path.join(templatesDir, 'slides', 'kpi-pair.hbs');
    const r2 = roundFor(kpiPair);
    edit(kpiPair, (t) => `${t}{{!-- again --}}\n`);
    expect((await r2).failed).toBe(true);
    expect(events.filter((e) => e.type === 'problem').slice(problemsBefore)).toHaveLength(1);

    const fixed = roundFor(en);
    const cleared = next((e) => e.type === 'cleared');
    writeFileSync(en, original);
    const r3 = await fixed;
    expect(r3.failed).toBe(false);
    expect(((await cleared) as Extract<WatchEvent, { type: 'cleared' }>).diagnostic).toEqual(problem.diagnostic);
    expect(formatWatchEvent(io, await cleared)).toMatch(/^fixed: locales\/en\.yaml:\d+:\d+: error INVALID_CATALOGUE/);
    expect(names(r3)).toEqual(['conference-talk.en.pptx']); // kpi-pair changed meanwhile
  });
});

describe('surveydeck watch on a folder it cannot read', () => {
  /** The CLI in a child process; as nobody when the tests run as root (as CI does), since root reads anything. */
  function watchAs(templates: string) {
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'bin.ts'), 'watch', '--templates', templates, '--data', AGGREGATES, '--out', tempDir('sd-watch-x-')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      timeout: 60_000,
      ...asNobody,
    });
  }

  it('exits 3 with WATCH_UNREADABLE naming the folder, at the top or inside', () => {
    const dir = copyTemplates();
    const slides = path.join(dir, 'slides');
    try {
      chmodSync(dir, 0o755); // mkdtemp makes it 0700: readable by its owner only
      chmodSync(slides, 0o000);
      const inside = watchAs(dir);
      expect(inside.stderr).toMatch(new RegExp(`^${slides}: error WATCH_UNREADABLE: cannot watch: the folder is not readable \\(EACCES\\)`, 'm'));
      expect(inside.status).toBe(3);
      chmodSync(dir, 0o300); // search but not list
      const top = watchAs(dir);
      expect(top.stderr).toMatch(new RegExp(`^${dir}: error WATCH_UNREADABLE: cannot watch: the folder is not readable \\(EACCES\\)`, 'm'));
      expect(top.status).toBe(3);
    } finally {
      chmodSync(dir, 0o755);
      chmodSync(slides, 0o755);
    }
  });
});

describe('surveydeck watch with --spec', () => {
  it('an edit of the survey spec computes the aggregates again and rebuilds the decks that read them', async () => {
    const { sharedData } = await import('../ingest/helpers.js');
    const dir = copySurveyTexts(tempDir('sd-watch-spec-'));
    const spec = path.join(dir, 'survey.yaml');
    const data = path.join(dir, 'aggregates.json');
    copyFileSync(path.join(ROOT, 'data', 'ospo-2024', 'survey.yaml'), spec);
    copyFileSync(AGGREGATES, data);
    const seen: WatchEvent[] = [];
    const waiting: { match: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
    const until = (match: (e: WatchEvent) => boolean) => new Promise<WatchEvent>((resolve) => waiting.push({ match, resolve }));
    const stop = new AbortController();
    const started = until((e) => e.type === 'round');
    const run = watchDecks({
      audiences: ['executive-briefing'],
      locales: ['en'],
      templatesDir: TEMPLATES_COPY,
      dataFile: data,
      outDir: tempDir('sd-watch-spec-out-'),
      cacheDir: tempDir('sd-watch-spec-cache-'),
      spec: { file: spec, inputDir: sharedData },
      signal: stop.signal,
      settleMs: 30,
      onEvent: (e) => {
        seen.push(e);
        for (const w of waiting.splice(0)) (w.match(e) ? w.resolve(e) : waiting.push(w));
      },
    });
    await started;
    const before = readFileSync(data, 'utf8');
    const round = until((e) => e.type === 'round' && e.changed.includes(spec));
    edit(spec, (t) => t.replace('short: OSPO involvement in AI infrastructure', 'short: How the OSPO takes part in AI infrastructure'));
    const r = (await round) as Extract<WatchEvent, { type: 'round' }>;
    expect(r.aggregated).toBe(true);
    expect(r.failed).toBe(false);
    expect(JSON.parse(readFileSync(data, 'utf8')).questions.q20.shortText).toBe('How the OSPO takes part in AI infrastructure');
    expect(readFileSync(data, 'utf8')).not.toBe(before);
    expect(names(r)).toEqual(['executive-briefing.en.pptx']);
    stop.abort();
    await run;
    // The aggregates the round wrote itself did not start another round.
    expect(seen.filter((e) => e.type === 'round')).toHaveLength(2);
  });
});
