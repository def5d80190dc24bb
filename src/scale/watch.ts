// Scale: `surveydeck watch`, for the people who write templates. Watches the templates folder (decks,
// slides, charts, locales, brands), the aggregates and the survey spec; on each change rebuilds only
// the decks the edit affects, which buildDecks decides from each deck's record of its inputs
// (src/incremental). Touches the file system and runs until its AbortSignal fires.
//
//   start  ─ every watched folder readable (else WATCH_UNREADABLE, exit 3); options checked (exit 2)
//   round  ─ changed paths settle ─▶ spec changed? re-aggregate ─▶ buildDecks (skips unaffected decks)
//          ─▶ one event per round: what changed, which decks were written, how long it took
//   errors ─ each distinct diagnostic reported once while it lasts, and `cleared` when a round no longer has it
//   stop   ─ the signal aborts the round in progress (no deck started after it), closes the watcher, resolves
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { error, formatDiagnostic, SurveydeckError, toDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { WrittenDeck } from '../ir.js';
import { buildDecks, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR, resolveOptions, type BuildOptions } from '../pipeline.js';

export interface WatchOptions extends Omit<BuildOptions, 'onDeck'> {
  /** Stops the watch: the round in progress is abandoned between decks, and the promise resolves once it has. */
  signal: AbortSignal;
  /**
   * The survey spec the aggregates come from: when it (or a file under `inputDir`) changes, the
   * aggregates are computed again into `dataFile`, which rebuilds the decks that read them.
   */
  spec?: { file: string; inputDir?: string };
  onEvent: (event: WatchEvent) => void;
  /** Quiet time after the last file event before a round starts: one save often fires several events. */
  settleMs?: number;
}

export type WatchEvent =
  | { type: 'ready'; watching: string[] }
  /** A round finished. `changed` is empty for the first round (the build on start). */
  | { type: 'round'; changed: string[]; written: WrittenDeck[]; skipped: number; failed: boolean; aggregated: boolean; seconds: number }
  /** A problem seen for the first time since it was last absent. */
  | { type: 'problem'; diagnostic: Diagnostic }
  /** A problem reported earlier that the last round no longer had. */
  | { type: 'cleared'; diagnostic: Diagnostic }
  /** The signal fired; `abandoned` when a round was running and left unfinished. */
  | { type: 'stopped'; abandoned: boolean };

/** Folders (and files) watched, each checked readable before watching starts. */
export function watchedPaths(options: Pick<WatchOptions, 'templatesDir' | 'dataFile' | 'spec' | 'per'>): string[] {
  const templatesDir = path.resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const dataFile = path.resolve(options.dataFile ?? DEFAULT_DATA_FILE);
  const paths = [templatesDir, dataFile];
  // Segment decks read their own aggregates, beside the whole survey's.
  if (options.per?.length) paths.push(path.join(path.dirname(dataFile), 'segments'));
  if (options.spec) paths.push(path.resolve(options.spec.file), ...(options.spec.inputDir ? [path.resolve(options.spec.inputDir)] : []));
  return [...new Set(paths)];
}

/** WATCH_UNREADABLE (exit 3) for a watched folder (or one inside it) this process cannot list, or a watched file it cannot read. */
export function checkReadable(paths: string[]): void {
  const problems: Diagnostic[] = [];
  const unreadable = (file: string, what: string, e: unknown) =>
    problems.push({ severity: 'error', code: 'WATCH_UNREADABLE', message: `cannot watch: ${what} is not readable (${(e as NodeJS.ErrnoException).code ?? 'unknown'})`, file, hint: 'give this user read and search permission, or watch another folder' });
  const checkDir = (dir: string, depth: number) => {
    try {
      accessSync(dir, constants.R_OK | constants.X_OK);
      const entries = readdirSync(dir, { withFileTypes: true });
      if (depth > 0) for (const e of entries) if (e.isDirectory()) checkDir(path.join(dir, e.name), depth - 1);
    } catch (e) {
      unreadable(dir, 'the folder', e);
    }
  };
  for (const p of paths) {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory()) checkDir(p, 2); // templates/, its kinds, and brands/<name>/
    else {
      checkDir(path.dirname(p), 0);
      try {
        if (stat) accessSync(p, constants.R_OK);
      } catch (e) {
        unreadable(p, 'the file', e);
      }
    }
  }
  if (problems.length) throw new SurveydeckError(problems);
}

/** Watch and rebuild until `signal` aborts. Throws (before watching) for usage and environment errors only. */
export async function watchDecks(options: WatchOptions): Promise<void> {
  const paths = watchedPaths(options);
  checkReadable(paths);
  resolveOptions(options); // usage errors (unknown audience, brand, locale) before anything runs
  const { signal, onEvent } = options;
  const settleMs = options.settleMs ?? 80;
  const dataFile = path.resolve(options.dataFile ?? DEFAULT_DATA_FILE);
  const specFile = options.spec && path.resolve(options.spec.file);
  const inputDir = options.spec?.inputDir && path.resolve(options.spec.inputDir);

  const { watch } = await import('chokidar');
  const watcher = watch(paths, { ignoreInitial: true, persistent: true });
  let failure: unknown;
  watcher.on('error', (e) => {
    // A watched folder that becomes unreadable: stop with the environment error.
    failure = error('WATCH_UNREADABLE', `the watcher failed: ${(e as Error).message}`, { hint: 'check the permissions of the watched folders' }, e);
    controller.abort();
  });
  const controller = new AbortController();
  const stop = AbortSignal.any([signal, controller.signal]);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  onEvent({ type: 'ready', watching: paths });

  const shown = new Map<string, Diagnostic>();
  const pending = new Set<string>();
  /** The aggregates a round wrote itself: that round already built from them. */
  const ownWrites = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let abandoned = false;

  const report = (diagnostics: Diagnostic[]) => {
    const now = new Map(diagnostics.filter((d) => d.severity === 'error').map((d) => [formatDiagnostic(d), d]));
    for (const [line, d] of now) if (!shown.has(line)) onEvent({ type: 'problem', diagnostic: d });
    for (const [line, d] of shown) if (!now.has(line)) onEvent({ type: 'cleared', diagnostic: d });
    shown.clear();
    for (const [line, d] of now) shown.set(line, d);
  };

  const round = async (changed: string[]) => {
    const started = performance.now();
    const problems: Diagnostic[] = [];
    let aggregated = false;
    if (specFile && changed.some((f) => f === specFile || (inputDir && f.startsWith(inputDir + path.sep)))) {
      try {
        for (const file of await aggregateInto(specFile, inputDir, dataFile, options.per)) ownWrites.add(file);
        aggregated = true;
      } catch (e) {
        problems.push(...toDiagnostics(e));
      }
    }
    let written: WrittenDeck[] = [];
    let skipped = 0;
    if (problems.length === 0) {
      try {
        const result = await buildDecks({ ...options, onDeck: undefined, signal: stop });
        written = result.decks;
        skipped = result.skipped.length;
      } catch (e) {
        if (stop.aborted) {
          abandoned = true; // stopped midway: what it failed on is the stop, not a problem to show
          return;
        }
        problems.push(...toDiagnostics(e));
      }
    }
    report(problems);
    onEvent({ type: 'round', changed, written, skipped, failed: problems.length > 0, aggregated, seconds: (performance.now() - started) / 1000 });
  };

  const next = () => {
    timer = undefined;
    if (running || stop.aborted || pending.size === 0) return;
    const changed = [...pending].sort();
    pending.clear();
    running = round(changed).finally(() => {
      running = undefined;
      if (pending.size > 0) schedule();
    });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(next, settleMs);
  };
  watcher.on('all', (_event, file) => {
    const abs = path.resolve(file);
    if (ownWrites.delete(abs)) return;
    pending.add(abs);
    if (!running) schedule();
  });

  running = round([]).finally(() => {
    running = undefined;
    if (pending.size > 0) schedule();
  });

  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  if (timer) clearTimeout(timer);
  await running;
  await watcher.close();
  if (failure) throw failure;
  onEvent({ type: 'stopped', abandoned });
}

/** Aggregates (and with --per each segment's) computed again from the spec; returns the files written. */
async function aggregateInto(specFile: string, inputDir: string | undefined, dataFile: string, per: string[] | undefined): Promise<string[]> {
  const [{ aggregateSurvey, serializeAggregates, specSha256 }, { writeAtomically }] = await Promise.all([import('../ingest/index.js'), import('../write/write-deck.js')]);
  if (!existsSync(specFile)) throw error('MISSING_FILE', 'the survey spec is gone', { file: specFile });
  const sha256 = specSha256(specFile);
  const { aggregates } = await aggregateSurvey({ specFile, inputDir });
  await writeAtomically(dataFile, Buffer.from(serializeAggregates(aggregates, { specFile, specSha256: sha256, outFile: dataFile })), 'the aggregates');
  if (per?.length) {
    const { aggregateSegmentFiles } = await import('./segments.js');
    const { files } = await aggregateSegmentFiles({ specFile, inputDir, aggregates, dataFile, per: per.map((p) => p.split(':')[0]) });
    return [dataFile, ...files.map((f) => f.file)];
  }
  return [dataFile];
}
