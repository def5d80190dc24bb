// Step 3 of the pipeline, bind: every deck's slides, title and footer from its manifest, aggregates and
// catalogue. Loaded only when a deck must be bound (a build whose bound slides are all kept never needs
// Handlebars, marked or the chart-fit checks).
//
// Binding is single-threaded work (most of it shaping chart labels with fontkit to decide which question
// parts' charts fit) that ran on the main thread alone while the second core idled: a quarter of a
// cold matrix's wall time. When several decks never bound before are to be bound, a worker thread (bind-worker.ts) binds
// alongside the main thread, each taking the next deck from a shared counter, and hands back what it
// bound, the text it measured (so fitting the same decks later does not measure it again) and the
// chart-fit answers it worked out (so both are kept under --cache as if bound here). The decks are the
// same bytes either way: binding is a pure function of the files both threads read.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { toDiagnostics, type Diagnostic } from './diagnostics.js';
import type { Aggregates, Brand, ChartMode, ChartRequest, DeckSpec, Locale } from './ir.js';
import { loadCatalogue, type Catalogue } from './load/catalogue.js';
import { bodyTypeOf, loadDeckManifest, type DeckManifest } from './load/decks.js';
import { canonicalJson } from './incremental/deck-record.js';
import type { KeptBind } from './incremental/kept-binds.js';
import { trackMessages } from './incremental/track-messages.js';
import { segmentName, type SegmentTarget } from './scale/segments.js';
import type { GroupMeasures } from './fonts/index.js';

/** One deck of the job: which audience, locale and segment, read from which aggregates, written where. */
export interface DeckJob {
  audience: string;
  locale: Locale;
  segment?: SegmentTarget;
  dataFile: string;
  file: string;
}

/** What binding reads of the build's options. */
export interface BindOptions {
  brand: Brand;
  templatesDir: string;
  surveyDir: string;
  cacheDir: string;
  charts?: ChartMode;
  /** The language of the survey's own wording (English unless its spec says). */
  language?: Locale;
}

/** Where validated inputs are remembered (load/validation-cache.ts). */
export interface ValidationCache {
  dir: string;
  code: string;
}

/** The bind stage: Handlebars and the slide templates, marked, and whether each chart fits. */
export async function loadBindStage(opts: BindOptions, code: string) {
  const [{ loadSlideTemplates }, { bindSlides }, { createHandlebars }, { chartFitsFor }, { keptAnswers }, { slideTextFits }] = await Promise.all([
    import('./load/templates.js'),
    import('./bind/bind-slides.js'),
    import('./bind/helpers.js'),
    import('./charts/chart-fits.js'),
    import('./incremental/kept-answers.js'),
    import('./fit/index.js'),
  ]);
  const templates = loadSlideTemplates(opts.templatesDir, createHandlebars());
  // A generated question whose chart cannot be drawn at its audience's smallest type is split further.
  // Whether a chart fits is a pure function of the request, its spec file, the brand and the code:
  // answers of earlier builds are kept (deciding one lays out its labels; a full matrix asked ~0.18 s
  // of CPU per deck of them).
  const fitsNow = chartFitsFor(opts.brand, path.join(opts.cacheDir, 'fonts'));
  const fitsKept = keptAnswers<boolean>(path.join(opts.cacheDir, 'checks', 'chart-fits.json'), code);
  const brandJson = canonicalJson(opts.brand);
  const specTexts = new Map<string, string | null>();
  const specText = (file: string) => {
    if (!specTexts.has(file)) specTexts.set(file, existsSync(file) ? readFileSync(file, 'utf8') : null);
    return specTexts.get(file);
  };
  return {
    bindSlides,
    templates,
    textFits: (deck: Pick<DeckSpec, 'audience' | 'locale' | 'bodyType'>) => slideTextFits({ ...deck, brand: opts.brand }),
    chartFits: (request: ChartRequest) => fitsKept.get(canonicalJson({ request, spec: specText(request.specFile), brand: brandJson }), () => fitsNow(request)),
    fits: fitsKept,
  };
}
export type BindStage = Awaited<ReturnType<typeof loadBindStage>>;

/** What binding one deck needs besides the stage. */
export interface BindContext {
  opts: BindOptions;
  fonts: typeof import('./fonts/index.js');
  chartBoxesFor: (typeof import('./layout/index.js'))['chartBoxesFor'];
  flagFitsAtTitle: (typeof import('./layout/index.js'))['flagFitsAtTitle'];
  /** The measures group of a deck (fonts/measure.ts keeps one file per deck). */
  measuresGroup: (job: DeckJob) => string;
}

/** Bind one deck: its slides, title and footer, and every message it read. */
export function bindDeck(ctx: BindContext, stage: BindStage, deckJob: DeckJob, manifest: DeckManifest, aggregates: Aggregates, loaded: Catalogue): KeptBind {
  const { opts, fonts } = ctx;
  const { locale, segment } = deckJob;
  const tracked = trackMessages(loaded);
  const catalogue = tracked.catalogue;
  const result = fonts.measuringFor(ctx.measuresGroup(deckJob), () =>
    stage.bindSlides({
      manifest,
      aggregates,
      templates: stage.templates,
      catalogue,
      chartsDir: path.join(opts.templatesDir, 'charts'),
      brand: opts.brand,
      // Each chart checked against, and drawn for, the frame its slide's layout gives it.
      chartBox: ctx.chartBoxesFor(opts.brand, locale, bodyTypeOf(manifest.type)),
      chartFits: stage.chartFits,
      textFits: stage.textFits({ audience: manifest.audience, locale, ...(bodyTypeOf(manifest.type) ? { bodyType: bodyTypeOf(manifest.type) } : {}) }),
      flagFitsAtTitle: (warning) => ctx.flagFitsAtTitle(opts.brand, locale, bodyTypeOf(manifest.type), warning),
      // A segment's deck prints no figure on fewer respondents than the spec's showCounts.
      ...(segment ? { suppressBelow: aggregates.thresholds.showCounts } : {}),
    }),
  );
  const mode: ChartMode = opts.charts ?? manifest.charts ?? 'picture';
  const named = segment ? ` · ${segmentName(catalogue, segment, aggregates)}` : '';
  return {
    // Titles and footer from the spec's survey: and source: blocks; a survey's catalogue may word its own.
    title: catalogue.format(manifest.title, { survey: aggregates.survey.title, year: aggregates.survey.year }) + named,
    footer: catalogue.format('deck.footer', { n: aggregates.survey.respondents, year: aggregates.survey.year, publisher: aggregates.source.publisher, title: aggregates.source.title, license: aggregates.source.license }) + named,
    slides: result.slides.map((s) => (s.kind === 'chart' ? { ...s, chartRequest: { ...s.chartRequest, mode } } : s)),
    messages: tracked.messages(),
    diagnostics: result.diagnostics,
    claims: result.claims.map((u) => ({ slide: u.slide, name: u.result.name })),
  };
}

/** A deck bound, or why it could not be. */
export type BindOutcome = { bind: KeptBind } | { failed: Diagnostic[] };

/** Everything the worker is given: plain data, copied to it. */
export interface BindWorkerData {
  opts: BindOptions;
  code: string;
  validation: ValidationCache;
  measuresDir: string;
  jobs: DeckJob[];
  /** Each job's aggregates, by data file (a segment's deck holds the rest of the survey too). */
  aggregates: Record<string, Aggregates>;
  /** Jobs taken so far: [taken in all, from the front, from the back] (Atomics.add); the worker takes from the back. */
  next: Int32Array;
}

type WorkerMessage =
  | { type: 'bound'; index: number; outcome: BindOutcome }
  | { type: 'done'; measures: Record<string, GroupMeasures>; fits: [string, boolean][] };

/** The fewest decks never measured before (cold) for which a worker is started: loading the bind stage again costs it ≈ 0.4 s of CPU. */
export const WORKER_MIN_DECKS = 3;

/** A worker asked for, what it is given, and where what it measured and worked out goes. */
export interface BindWorker {
  file: string;
  data: Omit<BindWorkerData, 'jobs' | 'next'>;
  onMeasures: (measures: Record<string, GroupMeasures>) => void;
  onFits: (fits: [string, boolean][]) => void;
}

/** Binding under way: `bind` binds on this thread what the worker does not take; `stop` ends the worker. */
export interface Binding {
  bind(bindHere: (index: number) => BindOutcome, signal?: AbortSignal): Promise<{ outcomes: BindOutcome[]; inWorker: number }>;
  stop(): Promise<void>;
}

/**
 * Start binding `jobs`: with `worker`, a worker thread starts now (loading its modules while this thread
 * prepares) and takes jobs from a shared counter; `bind` takes the others here, in order. A worker
 * that fails leaves the decks it did not hand back to this thread.
 */
export function startBinding(jobs: DeckJob[], worker: BindWorker | undefined): Binding {
  const outcomes: (BindOutcome | undefined)[] = new Array(jobs.length).fill(undefined);
  const next = new Int32Array(new SharedArrayBuffer(12));
  let inWorker = 0;
  let finished: Promise<void> = Promise.resolve();
  let thread: Worker | undefined;
  if (worker) {
    const data: BindWorkerData = { ...worker.data, jobs, next };
    const started = new Worker(worker.file, { workerData: data });
    // Until `bind` waits for it, the worker does not keep the process alive: a build that fails before
    // binding leaves it to finish on its own (it posts to no one) rather than holding the exit.
    started.unref();
    thread = started;
    finished = new Promise<void>((resolve) => {
      started.on('message', (m: WorkerMessage) => {
        if (m.type === 'bound') {
          outcomes[m.index] = m.outcome;
          inWorker++;
        } else {
          worker.onMeasures(m.measures);
          worker.onFits(m.fits);
          resolve();
        }
      });
      // An error or an exit before `done`: the decks it took and did not hand back are bound here.
      started.on('error', () => resolve());
      started.on('exit', () => resolve());
    });
  }
  const stop = async () => {
    await thread?.terminate();
    thread = undefined;
  };
  return {
    stop,
    async bind(bindHere, signal) {
      thread?.ref();
      try {
        for (let i = claim(next, jobs.length, 'front'); i !== undefined; i = claim(next, jobs.length, 'front')) {
          signal?.throwIfAborted();
          outcomes[i] = bindHere(i);
        }
        await finished;
      } finally {
        await stop();
      }
      for (let i = 0; i < jobs.length; i++) {
        if (outcomes[i]) continue;
        signal?.throwIfAborted();
        outcomes[i] = bindHere(i);
      }
      return { outcomes: outcomes as BindOutcome[], inWorker };
    },
  };
}

/** The worker's side (bind-worker.ts): take jobs from the shared counter until none is left. */
export async function runBindWorker(data: BindWorkerData, post: (m: WorkerMessage) => void): Promise<void> {
  const { opts, code, validation, jobs, next } = data;
  const [fonts, { chartBoxesFor, flagFitsAtTitle }] = await Promise.all([import('./fonts/index.js'), import('./layout/index.js')]);
  fonts.useFontCache(fonts.prepareFonts({ cacheDir: path.join(opts.cacheDir, 'fonts') }));
  fonts.loadTextWidths(data.measuresDir, code);
  const stage = await loadBindStage(opts, code);
  const catalogues = new Map<Locale, Catalogue>();
  const manifests = new Map<string, DeckManifest>();
  const ctx: BindContext = { opts, fonts, chartBoxesFor, flagFitsAtTitle, measuresGroup: measuresGroupOf(opts) };
  for (let i = claim(next, jobs.length, 'back'); i !== undefined; i = claim(next, jobs.length, 'back')) {
    const job = jobs[i];
    let outcome: BindOutcome;
    try {
      let catalogue = catalogues.get(job.locale);
      if (!catalogue) catalogues.set(job.locale, (catalogue = loadCatalogue(opts.templatesDir, job.locale, opts.surveyDir, validation, opts.language)));
      let manifest = manifests.get(job.audience);
      if (!manifest) manifests.set(job.audience, (manifest = loadDeckManifest(opts.templatesDir, job.audience, validation)));
      outcome = { bind: bindDeck(ctx, stage, job, manifest, data.aggregates[job.dataFile], catalogue) };
    } catch (e) {
      outcome = { failed: toDiagnostics(e) };
    }
    post({ type: 'bound', index: i, outcome });
  }
  post({ type: 'done', measures: fonts.exportMeasures(), fits: stage.fits.fresh() });
}

/**
 * The next job for one side, or none left: the main thread takes jobs from the front, the worker from the
 * back, so each binds decks of its own locales (sorted by locale), whose fonts and strings it has measured.
 */
function claim(next: Int32Array, count: number, side: 'front' | 'back'): number | undefined {
  if (Atomics.add(next, 0, 1) >= count) return undefined;
  return side === 'front' ? Atomics.add(next, 1, 1) : count - 1 - Atomics.add(next, 2, 1);
}

/** The measures group of a deck: one kept file per brand, data file, audience, locale and segment. */
export function measuresGroupOf(opts: Pick<BindOptions, 'brand'>): (job: DeckJob) => string {
  return (j) => JSON.stringify([opts.brand.name, j.dataFile, j.audience, j.locale, j.segment?.segment ?? null]);
}
