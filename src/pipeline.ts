// The only module that puts the stages in order. Reads inputs, writes decks; throws, never exits.
//
//   1. options  ─ validate audiences, locales, brand                         (usage errors, exit 2)
//   1a. job   ─ every deck to build, sorted by file name; `shard` keeps every n-th (scale/shard.ts)
//   1b. skip    ─ a deck whose record (out/.surveydeck/) matches its inputs and bytes is left alone;
//                 when every deck is skipped nothing below runs and no heavy module is loaded
//   2. load     ─ aggregates (zod), every template parsed, brand, catalogues  (content errors, exit 1)
//   3. bind     ─ per deck: manifest + aggregates + catalogue → SlideSpec[] + ChartRequest[]
//   4. charts   ─ all requests of all decks, deduplicated, rendered concurrently, cached on disk;
//                 native charts (`--charts native`, manifest `charts:`) translated from the same spec
//   5. assemble ─ per deck: SlideSpec[] + pictures + brand → .pptx bytes (reproducible)
//   6. check    ─ the package is one PowerPoint opens without repair (its parts, before they are zipped)
//   7. write    ─ temp file + rename, so a failed build leaves no half-written deck
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { removeStaleTempFiles, writeAtomically } from './write/write-deck.js';
import { error, expectedOneOf, SurveydeckError, toDiagnostics, warning, type Diagnostic } from './diagnostics.js';
import { CHART_MODES, LOCALES, type Aggregates, type BodyType, type ClaimResult, type Brand, type ChartMode, type ChartRequest, type DeckSpec, type Locale, type RebuildReason, type SkippedDeck, type WrittenDeck } from './ir.js';
import { DEFAULT_BRAND, listBrands, loadBrand } from './load/brands.js';
import { catalogueFiles, cataloguePath, loadCatalogue, surveyCataloguePath, surveyDirOf, type Catalogue } from './load/catalogue.js';
import { bodyTypeOf, listAudiences, loadDeckManifest } from './load/decks.js';
import { keepBind, readKeptBind, type KeptBind } from './incremental/kept-binds.js';
import type { DeckJob } from './bind-decks.js';
import type { ChartOutcome } from './charts/render-charts.js';
import { checkBrandContrast } from './check/contrast.js';
import { codeVersion } from './incremental/code-version.js';
import { CODE_DIR, PROJECT_ROOT } from './project.js';
import { canonicalJson, deckRecord, FileHashes, readDeckRecord, rebuildReason, recordFileFor, refreshedRecord, sha256, stampOf, type CurrentInputs } from './incremental/deck-record.js';
import { memoisedCheck } from './incremental/memo-check.js';
import { isInsidePath } from './load/aggregates-schema.js';
import { languageName, surveyLanguageOf } from './load/survey-language.js';
import { checkShard, sliceJob, type Shard } from './scale/shard.js';
import { withoutUncomparableWaves } from './scale/suppress.js';
import { restOfSurvey } from './scale/rest.js';
import { missingSegmentFile, planSegments, segmentDataFile, segmentSlug, type SegmentTarget } from './scale/segments.js';
import { deckEdited, editedSince } from './update/edited.js';

export { PROJECT_ROOT };
export const DEFAULT_TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');
export const DEFAULT_DATA_FILE = path.join(PROJECT_ROOT, 'data', 'ospo-2024', 'aggregates.json');
/** Decks go to output/ in the folder the command runs in (the user's project), never into the installed package. */
export const DEFAULT_OUT_DIR = 'output';
export const DEFAULT_CACHE_DIR = path.join(PROJECT_ROOT, '.cache');
/** Build options recorded in each deck for `surveydeck update` when given (src/update). */
const IDENTITY_OPTIONS = ['charts'] as const;

export interface BuildOptions {
  /** Audiences to build; default: every deck in templates/decks. */
  audiences?: string[];
  /** Locales to build; default: every locale that has a catalogue. */
  locales?: string[];
  brand?: string;
  dataFile?: string;
  /** The survey folder whose `locales/` hold the survey's own texts; default: the folder of `dataFile`. */
  surveyDir?: string;
  outDir?: string;
  templatesDir?: string;
  cacheDir?: string;
  /** Charts as pictures or native, editable charts, for every deck; default: each deck manifest's `charts:`, else `picture`. */
  charts?: ChartMode;
  /** Decks assembled at once. */
  concurrency?: number;
  /** Build every deck even when its inputs have not changed since it was written. */
  force?: boolean;
  /**
   * One deck per segment value of these dimensions (`region`, or `region:europe` for one value),
   * from `<data folder>/segments/<dim>-<value>.json` (`surveydeck aggregate --per`), small cells suppressed.
   */
  per?: string[];
  /** Build only this slice of the whole job (every deck of every audience and locale, sorted by file name). */
  shard?: Shard;
  /** Called once per written (or failed) deck, for progress lines. */
  onDeck?: (event: DeckEvent) => void;
  /**
   * Abandons the build (`watch` on Ctrl-C): checked before each stage, each deck and each chart, so a
   * deck being written is finished and the rest are not started; buildDecks then rejects with the
   * signal's reason. Decks already written stay, with their records.
   */
  signal?: AbortSignal;
}

export type DeckEvent =
  | { type: 'written'; deck: WrittenDeck; charts: number; cachedCharts: number }
  | { type: 'skipped'; deck: SkippedDeck }
  | { type: 'failed'; audience: string; locale: Locale; segment?: string; diagnostics: Diagnostic[] };

export interface BuildResult {
  decks: WrittenDeck[];
  /** Decks left as they were: same inputs, same bytes as when they were written. */
  skipped: SkippedDeck[];
  charts: { rendered: number; cached: number; /** Native charts placed (included in rendered/cached). */ native?: number };
  /** Decks bound: their slides kept from an earlier build (`kept`), or bound now, some by the worker thread. */
  bound: { kept: number; bound: number; byWorker: number };
  /** Every claim of the survey spec: figures, bases, test, p-value, outcome, and the slides that print it. */
  claims: ClaimReport[];
  diagnostics: Diagnostic[];
  seconds: number;
}

export interface ClaimReport extends ClaimResult {
  /** One line: the figures, the test and the outcome. */
  text: string;
  /** A figure rests on a base under the spec's small-base threshold. */
  flagged: boolean;
  usedBy: { audience: string; locale: Locale; slide: number }[];
}

export interface ResolvedOptions {
  audiences: string[];
  locales: Locale[];
  /** Locales with a template catalogue left out of a build that named none: the survey has no texts in them. */
  untranslated?: Locale[];
  /** The language of the survey's own wording (`survey.language` of the aggregates; English unless said). */
  language: Locale;
  brand: Brand;
  dataFile: string;
  /** Folder of the survey's own catalogues (`<surveyDir>/locales/<locale>.yaml`). */
  surveyDir: string;
  outDir: string;
  templatesDir: string;
  cacheDir: string;
  charts?: ChartMode;
}

export function availableLocales(templatesDir: string): Locale[] {
  return LOCALES.filter((l) => existsSync(cataloguePath(templatesDir, l)));
}

/** The version of the code building the decks (incremental/code-version.ts), its files' stamps kept under --cache. */
function codeOf(opts: Pick<ResolvedOptions, 'cacheDir'>): string {
  return codeVersion(PROJECT_ROOT, CODE_DIR, path.join(opts.cacheDir, 'checks', 'code-files.json'));
}

/** Input files validated by earlier builds of this code are not validated again (load/validation-cache.ts). */
function validationCache(opts: Pick<ResolvedOptions, 'cacheDir'>): { dir: string; code: string } {
  return { dir: path.join(opts.cacheDir, 'validated'), code: codeOf(opts) };
}

/**
 * Step 1b: the survey spec the aggregates name (written by \`aggregate\`: its path beside them and the
 * hash of its bytes) is still the one they were computed from; else a warning, since findings, claims,
 * highlights and wording edited since are in no deck until the survey is aggregated again. The record
 * is read from the aggregates once per change of them.
 */
async function staleAggregates(opts: ResolvedOptions, hashes: FileHashes): Promise<Diagnostic[]> {
  const record = await memoisedCheck({ cacheDir: opts.cacheDir, name: 'spec-record', code: codeOf(opts), files: [opts.dataFile], hashes }, async () => {
    try {
      const spec = (JSON.parse(await readFile(opts.dataFile, 'utf8')) as { spec?: { file?: unknown; sha256?: unknown } }).spec;
      return spec && isInsidePath(spec.file) && typeof spec.sha256 === 'string' ? { file: spec.file, sha256: spec.sha256 } : null;
    } catch {
      return null; // loading the aggregates says what is wrong with them
    }
  });
  if (!record) return [];
  const specFile = path.join(path.dirname(opts.dataFile), ...record.file.split('/'));
  const now = await hashes.of(specFile);
  if (now === undefined || now === record.sha256) return [];
  const shown = path.relative(process.cwd(), specFile) || specFile;
  return [
    warning('AGGREGATES_STALE', `${record.file} has changed since ${path.basename(opts.dataFile)} was aggregated from it: what was edited there since (findings, claims, highlights, wording, codes) is in none of these decks`, {
      file: specFile,
      hint: `aggregate again: surveydeck aggregate --spec ${shown}${path.basename(opts.dataFile) === 'aggregates.json' && path.dirname(specFile) === path.dirname(opts.dataFile) ? '' : ` --out ${path.relative(process.cwd(), opts.dataFile) || opts.dataFile}`}`,
    }),
  ];
}

/**
 * Step 1c: every translation of the locales built was reviewed against the English shown today
 * (STALE_TRANSLATION, thrown); survey wording with no translation is shown in English (one
 * MISSING_TRANSLATION warning per locale, returned). English-only builds read nothing here. A pure
 * function of the aggregates and the catalogues: its warnings are kept under --cache and not worked
 * out again while none of those files changed (parsing every catalogue was most of a warm build).
 */
async function checkTranslations(opts: ResolvedOptions, hashes: FileHashes): Promise<Diagnostic[]> {
  const { language } = opts;
  // English is the catalogues' source; a survey written in another language needs its English too.
  const translated = opts.locales.filter((l) => l !== 'en' || language !== 'en');
  if (translated.length === 0) return [];
  const files = ['en' as const, ...translated].flatMap((l) => [cataloguePath(opts.templatesDir, l), surveyCataloguePath(opts.surveyDir, l)]);
  return memoisedCheck({ cacheDir: opts.cacheDir, name: 'translations', code: codeOf(opts), files: [opts.dataFile, ...files], hashes }, async () => {
    const [{ requiredMessages, staleTranslations, untranslatedWording }, { loadAggregates }] = await Promise.all([import('./load/required-messages.js'), import('./load/aggregates.js')]);
    const required = requiredMessages(loadAggregates(opts.dataFile, validationCache(opts)), loadCatalogue(opts.templatesDir, 'en', opts.surveyDir, validationCache(opts)));
    const stale: Diagnostic[] = [];
    const warnings: Diagnostic[] = [];
    for (const locale of translated) {
      const catalogue = loadCatalogue(opts.templatesDir, locale, opts.surveyDir, validationCache(opts), language);
      stale.push(...staleTranslations(required, catalogue, language));
      warnings.push(...untranslatedWording(required, catalogue, opts.surveyDir, language));
    }
    if (stale.length) throw new SurveydeckError(stale);
    return warnings;
  });
}

/** Step 1: options → resolved options, or usage errors naming what is allowed. */
export function resolveOptions(options: BuildOptions): ResolvedOptions {
  const templatesDir = path.resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const knownAudiences = listAudiences(templatesDir);
  if (knownAudiences.length === 0) {
    // Otherwise every audience is "expected to be one of , got …".
    throw error('INVALID_OPTION', existsSync(templatesDir) ? 'the templates folder has no decks (no decks/*.yaml)' : 'the templates folder does not exist', {
      file: templatesDir,
      hint: 'templatesDir must hold decks/, slides/, charts/, brands/ and locales/',
    });
  }
  const audiences = options.audiences?.length ? options.audiences : knownAudiences;
  const problems: Diagnostic[] = [];
  for (const a of audiences) {
    if (!knownAudiences.includes(a)) problems.push(...toDiagnostics(error('UNKNOWN_AUDIENCE', expectedOneOf('audience', knownAudiences, a))));
  }
  const withCatalogue = availableLocales(templatesDir);
  const dataFile = path.resolve(options.dataFile ?? DEFAULT_DATA_FILE);
  const surveyDir = path.resolve(options.surveyDir ?? surveyDirOf(dataFile));
  // No --locale: the locales the survey has texts in (its own catalogue, data/<survey>/locales/<l>.yaml),
  // and the language its wording is written in (English unless the spec says). A deck in another would
  // show the survey's words untranslated.
  const language = surveyLanguageOf(dataFile);
  const translated = withCatalogue.filter((l) => l === language || existsSync(surveyCataloguePath(surveyDir, l)));
  const locales = (options.locales?.length ? options.locales : translated) as Locale[];
  const untranslated = options.locales?.length ? [] : withCatalogue.filter((l) => !translated.includes(l));
  for (const l of locales) {
    if (!withCatalogue.includes(l)) problems.push(...toDiagnostics(error('UNKNOWN_LOCALE', expectedOneOf('locale', withCatalogue, l))));
  }
  const brandName = options.brand ?? DEFAULT_BRAND;
  if (!listBrands(templatesDir).includes(brandName)) {
    problems.push(...toDiagnostics(error('UNKNOWN_BRAND', expectedOneOf('brand', listBrands(templatesDir), brandName))));
  }
  if (options.shard) {
    try {
      checkShard(options.shard.index, options.shard.count, `shard ${options.shard.index}/${options.shard.count}`);
    } catch (e) {
      problems.push(...toDiagnostics(e));
    }
  }
  if (options.charts !== undefined && !CHART_MODES.includes(options.charts)) {
    problems.push(...toDiagnostics(error('INVALID_OPTION', expectedOneOf('charts', CHART_MODES, String(options.charts)))));
  }
  if (problems.length) throw new SurveydeckError(problems);
  const cacheDir = path.resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  return {
    ...(options.charts ? { charts: options.charts } : {}),
    audiences,
    locales,
    ...(untranslated.length ? { untranslated } : {}),
    language,
    brand: loadBrand(templatesDir, brandName, validationCache({ cacheDir })),
    dataFile,
    surveyDir,
    outDir: path.resolve(options.outDir ?? DEFAULT_OUT_DIR),
    templatesDir,
    cacheDir,
  };
}

/** `<audience>.<locale>.pptx`; a segment's deck `<audience>.<dim>-<value>.<locale>.pptx`; another brand is added last. */
export function deckFileName(audience: string, locale: Locale, brand: string, segment?: string): string {
  const name = segment ? `${audience}.${segmentSlug(segment)}.${locale}` : `${audience}.${locale}`;
  return brand === DEFAULT_BRAND ? `${name}.pptx` : `${name}.${brand}.pptx`;
}

interface BoundDeck {
  audience: string;
  locale: Locale;
  manifestFile: string;
  reason: RebuildReason;
  job: DeckJob;
  aggregates: Aggregates;
  /** Its slides, title and footer, and the messages it read: bound now, or kept from a build of the same inputs. */
  bind: KeptBind;
  fromKept: boolean;
  /** The audience's body type (the manifest's `type`), for the layout. */
  bodyType?: BodyType;
}

/** The options that change a deck's bytes; anything added to BuildOptions that does must be listed here. */
function outputOptions(opts: ResolvedOptions, job: DeckJob): Record<string, string> {
  return { audience: job.audience, locale: job.locale, brand: opts.brand.name, dataFile: job.dataFile, templatesDir: opts.templatesDir, ...(job.segment ? { segment: job.segment.segment } : {}), ...(opts.charts ? { charts: opts.charts } : {}) };
}

/** The hash of each file a locale's catalogue is merged from (null: the survey has no texts in that locale). */
async function catalogueHashes(opts: ResolvedOptions, locale: Locale, hashes: FileHashes): Promise<Record<string, string | null>> {
  const files = catalogueFiles(opts.templatesDir, locale, opts.surveyDir);
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await hashes.of(f)) ?? null])));
}

/** Step 1b: the inputs of each deck as they are now, hashed lazily and once per build. */
function currentInputs(opts: ResolvedOptions, files: FileHashes): (job: DeckJob) => CurrentInputs {
  const code = codeOf(opts);
  const brand = sha256(canonicalJson(opts.brand));
  const catalogues = new Map<Locale, Promise<Catalogue | undefined>>();
  return (job) => ({
    code,
    options: outputOptions(opts, job),
    brand,
    files,
    messages: async () => {
      let loaded = catalogues.get(job.locale);
      if (!loaded) {
        // A catalogue that no longer loads makes its decks stale; building them reports why.
        loaded = Promise.resolve().then(() => loadCatalogue(opts.templatesDir, job.locale, opts.surveyDir, validationCache(opts), opts.language)).catch(() => undefined);
        catalogues.set(job.locale, loaded);
      }
      const catalogue = await loaded;
      return catalogue && { source: (key: string) => catalogue.source(key) ?? null, fileOf: (key: string) => catalogue.fileOf(key) };
    },
  });
}


export async function buildDecks(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const opts = resolveOptions(options);
  // A brand whose text or bars are hard to read is a configuration error (WCAG AA), before any work.
  const lowContrast = checkBrandContrast(opts.brand, path.join(opts.templatesDir, 'brands', opts.brand.name, 'brand.yaml'));
  if (lowContrast.length) throw new SurveydeckError(lowContrast);
  removeStaleTempFiles(opts.outDir); // what a killed build left beside its decks, even if every deck is then skipped

  // 1a. the job: every deck (of every segment with --per), sorted by file name, and of it this shard's slice.
  // A stale translation fails the build here, before any deck is skipped as unchanged: its English
  // changed, which the deck's own record (its locale's messages) cannot see.
  const hashes = new FileHashes();
  const planDiagnostics: Diagnostic[] = [...(await staleAggregates(opts, hashes)), ...(await checkTranslations(opts, hashes))];
  if (opts.untranslated?.length) {
    planDiagnostics.push({
      severity: 'warning',
      code: 'LOCALES_UNTRANSLATED',
      message: `built ${opts.locales.join(', ')}; left out ${opts.untranslated.join(', ')}: the survey has no texts in ${opts.untranslated.length === 1 ? 'it' : 'them'}, so its questions and answers would show in ${opts.language === 'en' || existsSync(surveyCataloguePath(opts.surveyDir, 'en')) ? 'English' : languageName(opts.language)}`,
      file: path.join(opts.surveyDir, 'locales'),
      hint: `\`surveydeck messages --locale ${opts.untranslated[0]}\` prints the texts to translate; \`--locale ${opts.untranslated[0]}\` builds it anyway`,
    });
  }
  let segments: (SegmentTarget | undefined)[] = [undefined];
  if (options.per?.length) {
    const { loadAggregates } = await import('./load/aggregates.js');
    const whole = loadAggregates(opts.dataFile, validationCache(opts));
    const plan = planSegments(whole, options.per, whole.thresholds.smallBase, opts.dataFile);
    planDiagnostics.push(...plan.diagnostics);
    segments = plan.targets;
    const missing = plan.targets.map((t) => segmentDataFile(opts.dataFile, t.segment)).filter((f) => !existsSync(f));
    if (missing.length) throw new SurveydeckError(missing.map((f, i) => toDiagnostics(missingSegmentFile(f, plan.targets[i].dimension))[0]));
  }
  const job = sliceJob(
    opts.audiences.flatMap((audience) =>
      opts.locales.flatMap((locale) =>
        segments.map((segment): DeckJob => ({
          audience,
          locale,
          segment,
          dataFile: segment ? segmentDataFile(opts.dataFile, segment.segment) : opts.dataFile,
          file: path.join(opts.outDir, deckFileName(audience, locale, opts.brand.name, segment?.segment)),
        })),
      ),
    ),
    (d) => path.basename(d.file),
    options.shard,
  );

  // 1b. skip decks whose inputs and bytes are what their record says.
  const inputsOf = currentInputs(opts, hashes);
  const planned = await Promise.all(
    job.map(async (deck) => {
      const { audience, locale, file } = deck;
      const record = await readDeckRecord(file);
      if (record?.written) await hashes.trust(file, record.written, record.sha256);
      // A deck someone edited since it was written is refreshed with `update`, never overwritten unasked.
      if (!options.force && record && (await editedSince(record, file, hashes))) return { audience, locale, file, deck, refused: deckEdited(file), reason: undefined, bindKey: undefined };
      // A record damaged inside (hand-edited, another tool's) counts as none: the deck is built again.
      const inputsReason = record && (await rebuildReason(record, file, inputsOf(deck)).catch((): RebuildReason => ({ kind: 'new' })));
      const reason: RebuildReason | undefined = options.force ? { kind: 'forced' } : record ? inputsReason : { kind: 'new' };
      // Skipped although a catalogue file changed: note its new hash, so the next build need not read it.
      const refreshed = !reason && record && (await refreshedRecord(record, hashes));
      if (refreshed) await writeAtomically(recordFileFor(file), Buffer.from(JSON.stringify(refreshed) + '\n'), 'the build record');
      // Built again from the inputs of its record (forced, or the deck file went): its slides as bound then.
      const sameInputs = record && (!inputsReason || inputsReason.kind === 'deck-missing' || inputsReason.kind === 'deck-modified');
      return { audience, locale, file, deck, reason, bindKey: sameInputs ? record.fingerprint : undefined };
    }),
  );
  const refused: Diagnostic[] = [];
  for (const d of planned) {
    if (!d.refused) continue;
    refused.push(d.refused);
    options.onDeck?.({ type: 'failed', audience: d.audience, locale: d.locale, segment: d.deck.segment?.segment, diagnostics: [d.refused] });
  }
  const skipped: SkippedDeck[] = planned.filter((d) => !d.reason && !d.refused).map(({ audience, locale, file }) => ({ audience, locale, brand: opts.brand.name, file, reason: 'unchanged' as const }));
  for (const deck of skipped) options.onDeck?.({ type: 'skipped', deck });
  const toBuild = planned.flatMap((d) => (d.reason ? [{ job: d.deck, reason: d.reason, bindKey: d.bindKey }] : []));
  const { signal } = options;
  signal?.throwIfAborted();
  if (toBuild.length === 0 && refused.length) throw new SurveydeckError(refused);
  if (toBuild.length === 0) return { decks: [], skipped, charts: { rendered: 0, cached: 0 }, bound: { kept: 0, bound: 0, byWorker: 0 }, claims: [], diagnostics: planDiagnostics, seconds: (performance.now() - started) / 1000 };

  // Heavy modules load lazily, so `--help`, usage errors and builds with nothing to do stay instant.
  // The statistics (@stdlib) load with the claims: a build that skips every deck tests none.
  const [{ renderChartsEach }, { assembleDeck, deckDeflater, useDeflateCache }, { chartBoxesFor, flagFitsAtTitle, measureDeckLayout }, { fitDeck }, { checkParts }, { wellFormedMemo }, { writeDeck }, claims, { lintClaimWords }] = await Promise.all([
    import('./charts/render-charts.js'),
    import('./assemble/index.js'),
    import('./layout/index.js'),
    import('./fit/index.js'),
    import('./check/package-check.js'),
    import('./check/well-formed-memo.js'),
    import('./write/write-deck.js'),
    import('./bind/claims.js'),
    import('./load/claim-lint.js'),
  ]);
  // Hash what the decks may read before reading it: an edit during the build makes the record stale, never wrong.
  const chartsDir = path.join(opts.templatesDir, 'charts');
  const listDir = (dir: string, ext: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f)) : []);
  await Promise.all(
    [
      ...new Set(toBuild.map((d) => d.job.dataFile)),
      ...(options.per?.length ? [opts.dataFile] : []), // a segment's deck reads the whole survey's figures for the rest
      ...(opts.brand.logoPath ? [opts.brand.logoPath] : []),
      ...new Set(opts.locales.flatMap((l) => catalogueFiles(opts.templatesDir, l, opts.surveyDir))),
      ...listDir(path.join(opts.templatesDir, 'decks'), '.yaml'),
      ...listDir(path.join(opts.templatesDir, 'slides'), '.hbs'),
      ...listDir(chartsDir, '.vl.json'),
    ].map((f) => hashes.of(f)),
  );

  // Fonts live under --cache (never inside the installed package, which may be read-only).
  const fonts = await import('./fonts/index.js');
  fonts.useFontCache(fonts.prepareFonts({ cacheDir: path.join(opts.cacheDir, 'fonts') }));
  // Parts deflated by earlier builds of this code (the embedded fonts, unchanged slides) are not deflated again.
  useDeflateCache(path.join(opts.cacheDir, 'parts'), codeOf(opts));
  // XML parts found well-formed by earlier builds of this code are not parsed again (the other checks all run).
  const wellFormed = wellFormedMemo(path.join(opts.cacheDir, 'checks', 'well-formed-xml.txt'), codeOf(opts));
  // Text measured by earlier builds of this code: a forced rebuild does not shape every string again.
  // One file per deck: a deck's own are read now, the others only if a measure is in none of these.
  const measuresDir = path.join(opts.cacheDir, 'fonts', 'measures');
  try {
    rmSync(path.join(opts.cacheDir, 'fonts', 'text-widths.json'), { force: true }); // the whole matrix's one file, of earlier versions
  } catch {
    // a read-only cache keeps it; nothing reads it
  }
  const binding = await import('./bind-decks.js');
  const measuresGroup = binding.measuresGroupOf(opts);
  fonts.loadTextWidths(measuresDir, codeOf(opts), toBuild.map((d) => measuresGroup(d.job)));
  // A logo sharp cannot decode is INVALID_BRAND now, not once per deck after every chart was drawn.
  if (opts.brand.logoPath) {
    const logo = await import('./assemble/logo.js');
    logo.useLogoCache(path.join(opts.cacheDir, 'logos'), codeOf(opts));
    await logo.logoDataUri(opts.brand.logoPath);
  }

  // 2. load: everything up front, so a broken input fails before any work. Handlebars, gray-matter and
  // marked load here, not at startup, and only when a deck is bound: a build that skips every deck, or
  // builds only decks whose bound slides are kept (incremental/kept-binds.ts), never needs them.
  const keptBinds = new Map(toBuild.flatMap((d) => (d.bindKey ? [[d.job, readKeptBind(opts.cacheDir, d.job.file, d.bindKey)] as const] : [])));
  const { loadAggregates } = await import('./load/aggregates.js');
  const aggregatesByFile = new Map([...new Set(toBuild.map((d) => d.job.dataFile))].map((f) => [f, loadAggregates(f, validationCache(opts))]));
  // A segment's deck compares the segment with the rest of the survey: the whole survey's figures less its own.
  if (options.per?.length) {
    const whole = aggregatesByFile.get(opts.dataFile) ?? loadAggregates(opts.dataFile, validationCache(opts));
    for (const { job: j } of toBuild) {
      const seg = j.segment && aggregatesByFile.get(j.dataFile);
      if (seg && !seg.rest) aggregatesByFile.set(j.dataFile, { ...seg, rest: restOfSurvey(whole, seg, j.segment!.segment) });
    }
  }
  // Decks to bind: on this thread and, for several, in a worker at the same time (bind-decks.ts).
  // By locale: each thread takes decks from its own end, and binds decks whose text it has measured.
  const toBind = toBuild
    .filter((d) => !keptBinds.get(d.job))
    .map((d) => d.job)
    .sort((a, b) => (a.locale === b.locale ? 0 : a.locale < b.locale ? -1 : 1));
  const workerFile = path.join(CODE_DIR, 'bind-worker.js');
  // Worth a worker when binding is heavy: decks whose text no earlier build of this code measured (their
  // chart-fit answers are new too). Decks measured before bind in ≈ 0.1 s each, less than the worker takes to start.
  const unmeasured = toBind.filter((j) => !fonts.hasKeptMeasures(measuresGroup(j))).length;
  const withWorker = unmeasured >= binding.WORKER_MIN_DECKS && process.env.SURVEYDECK_BIND_WORKER !== '0' && existsSync(workerFile);
  let adoptFits: [string, boolean][] = [];
  const run = binding.startBinding(
    toBind,
    withWorker
      ? {
          file: workerFile,
          data: {
            opts: { brand: opts.brand, templatesDir: opts.templatesDir, surveyDir: opts.surveyDir, cacheDir: opts.cacheDir, language: opts.language, ...(opts.charts ? { charts: opts.charts } : {}) },
            code: codeOf(opts),
            validation: validationCache(opts),
            measuresDir,
            aggregates: Object.fromEntries([...new Set(toBind.map((j) => j.dataFile))].map((f) => [f, aggregatesByFile.get(f)!])),
          },
          onMeasures: (m) => fonts.adoptMeasures(m),
          onFits: (f) => (adoptFits = f),
        }
      : undefined,
  );
  // What binding needs, and the checks that fail a build before it binds; the worker is stopped if one does.
  const prepare = async () => {
    const bindStage = toBind.length ? await binding.loadBindStage(opts, codeOf(opts)) : undefined;
    const catalogues = new Map(opts.locales.map((l) => [l, loadCatalogue(opts.templatesDir, l, opts.surveyDir, validationCache(opts), opts.language)]));
    const manifests = new Map(opts.audiences.map((a) => [a, loadDeckManifest(opts.templatesDir, a, validationCache(opts))]));
    // A highlight for a deck that does not exist would never show: a misspelt `decks:` is an error.
    const audiences = listAudiences(opts.templatesDir);
    for (const h of [...aggregatesByFile.values()].flatMap((a) => a.highlights)) {
      const unknown = (h.decks ?? []).filter((d) => !audiences.includes(d));
      if (unknown.length) throw error('UNKNOWN_AUDIENCE', `highlight \`${h.id}\` of the survey spec: ${expectedOneOf('decks', audiences, unknown.join(', '))}`, { hint: 'fix `decks:` of the highlight in survey.yaml, then run `surveydeck aggregate` again' });
    }
    // A sentence that states a direction, a ranking or a majority must rest on a claim.
    // A pure function of the data files (their claims) and the catalogues: not run again while none changed
    // (≈ 20 ms of a one-deck build); a lint that fails is not kept, and fails every build.
    await memoisedCheck(
      { cacheDir: opts.cacheDir, name: 'claim-words', code: codeOf(opts), files: [...aggregatesByFile.keys(), ...new Set(opts.locales.flatMap((l) => catalogueFiles(opts.templatesDir, l, opts.surveyDir)))], hashes },
      () => {
        const claimNames = new Set([...aggregatesByFile.values()].flatMap((a) => Object.keys(a.claims ?? {})));
        const ungoverned = [...catalogues.values()].flatMap((c) => lintClaimWords(c, claimNames));
        if (ungoverned.length) throw new SurveydeckError(ungoverned);
        return true;
      },
    );
    return { bindStage, catalogues, manifests };
  };
  const { bindStage, catalogues, manifests } = await prepare().catch(async (e: unknown) => {
    await run.stop();
    throw e;
  });
  const claimUses = new Map<string, ClaimReport['usedBy']>();

  // 3. bind every deck; collect failures per deck rather than stopping at the first.
  const diagnostics: Diagnostic[] = [...planDiagnostics];
  const failures: Diagnostic[] = [...refused];
  const bound: BoundDeck[] = [];
  const bindContext = { opts, fonts, chartBoxesFor, flagFitsAtTitle, measuresGroup };
  const { outcomes, inWorker } = await run.bind((i) => {
    const job = toBind[i];
    try {
      return { bind: binding.bindDeck(bindContext, bindStage!, job, manifests.get(job.audience)!, aggregatesByFile.get(job.dataFile)!, catalogues.get(job.locale)!) };
    } catch (e) {
      return { failed: toDiagnostics(e) };
    }
  }, signal);
  bindStage?.fits.adopt(adoptFits);
  const outcomeOf = new Map(toBind.map((j, i) => [j, outcomes[i]]));
  for (const { job: deckJob, reason } of toBuild) {
    signal?.throwIfAborted();
    const { audience, locale, segment } = deckJob;
    const manifest = manifests.get(audience)!;
    const aggregates = aggregatesByFile.get(deckJob.dataFile)!;
    try {
      const kept = keptBinds.get(deckJob);
      const outcome = outcomeOf.get(deckJob);
      if (outcome && 'failed' in outcome) throw new SurveydeckError(outcome.failed);
      const bind: KeptBind = kept ?? (outcome as { bind: KeptBind }).bind;
      // A slide a segment's deck leaves out is said of that deck, among the matrix's (`executive-briefing.size-large.en`).
      const named = (d: Diagnostic) => (segment && d.code === 'SEGMENT_SLIDE_OMITTED' ? { ...d, message: `${path.basename(deckJob.file, '.pptx')}: ${d.message}` } : d);
      diagnostics.push(...bind.diagnostics.map(named));
      if (!segment) {
        for (const u of bind.claims) {
          const list = claimUses.get(u.name) ?? [];
          list.push({ audience, locale, slide: u.slide });
          claimUses.set(u.name, list);
        }
      }
      bound.push({
        audience,
        locale,
        manifestFile: manifest.file,
        reason,
        job: deckJob,
        aggregates,
        bind,
        fromKept: !!kept,
        ...(bodyTypeOf(manifest.type) ? { bodyType: bodyTypeOf(manifest.type) } : {}),
      });
    } catch (e) {
      const d = toDiagnostics(e);
      failures.push(...d);
      options.onDeck?.({ type: 'failed', audience, locale, segment: segment?.segment, diagnostics: d });
    }
  }

  // 4. charts: one render per distinct request across all decks, cached on disk, drawn in the decks'
  // order. A deck is packaged (5–7) as soon as its own charts are drawn, while later decks' charts are
  // drawn: this thread fits and zips a deck whenever vega's work waits for libvips, instead of after the
  // last chart. A chart that failed fails only the decks that use it; each deck lets go of its pictures
  // once it is packaged, so they are not all held until the last deck is written.
  const requests: ChartRequest[] = [];
  const requestsOf = new Map(bound.map((d) => [d, d.bind.slides.flatMap((s) => (s.kind === 'chart' ? [requests.push(s.chartRequest) - 1] : []))]));
  const chartCounts = { rendered: 0, cached: 0, native: 0 };
  const chartOutcomes: (ReturnType<typeof settleable<ChartOutcome>> | undefined)[] = requests.map(() => settleable<ChartOutcome>());
  const charts = requests.length
    ? renderChartsEach(requests, { brand: opts.brand, cacheDir: path.join(opts.cacheDir, 'charts'), fontCacheDir: path.join(opts.cacheDir, 'fonts'), code: codeOf(opts), signal, onDiagnostic: (d) => diagnostics.push(d) }, (i, outcome) => {
        if ('chart' in outcome) chartCounts[outcome.chart.cached ? 'cached' : 'rendered']++;
        if ('chart' in outcome && outcome.chart.kind === 'native') chartCounts.native++;
        chartOutcomes[i]?.settle(outcome);
      })
    : Promise.resolve();
  // What stops every chart (fonts, the cache folder) stops the build: no deck waits for its charts then.
  const chartsStopped = charts.then(
    () => undefined,
    (e: unknown) => e,
  );
  /** A deck's charts by request, once all are drawn; undefined when the chart stage stopped. */
  const chartsOf = async (deck: BoundDeck) => {
    const own = requestsOf.get(deck)!;
    const all = Promise.all(own.map(async (i) => [requests[i], await chartOutcomes[i]!.promise] as const));
    const drawn = await Promise.race([all, chartsStopped.then((e) => (e === undefined ? all : undefined))]);
    for (const i of own) chartOutcomes[i] = undefined; // the outcome (its picture) is this deck's alone now
    return drawn && new Map(drawn);
  };

  // 5–7. assemble, check and write decks concurrently; one failing deck does not hide the others.
  const limit = pLimit(options.concurrency ?? 2);
  const written: WrittenDeck[] = [];
  await Promise.all(
    bound.map(async (deck) => {
      const drawn = await chartsOf(deck);
      if (!drawn) return;
      const chartOf = (r: ChartRequest) => {
        const o = drawn.get(r)!;
        return 'chart' in o ? o.chart : undefined;
      };
      await limit(async () => {
        if (signal?.aborted) return;
        try {
          const chartProblems = [...drawn.values()].flatMap((o) => ('diagnostics' in o ? o.diagnostics : []));
          if (chartProblems.length) throw new SurveydeckError(chartProblems);
          // A native chart the spec cannot give falls back to its picture: say which deck, slide and spec.
          deck.bind.slides.forEach((s, i) => {
            const reason = s.kind === 'chart' && chartOf(s.chartRequest)?.nativeFallback;
            if (!reason || s.kind !== 'chart') return;
            diagnostics.push(
              warning('NATIVE_CHART_FALLBACK', `${deck.audience}.${deck.locale} slide ${i + 1}: chart \`${s.chartRequest.specId}\` has no native equivalent (${reason}); the slide shows the picture`, {
                file: s.chartRequest.specFile,
                hint: 'draw the values as one bar layer (optionally labelled by one text layer) to get a native chart',
              }),
            );
          });
          const slides = deck.bind.slides.map((s) => (s.kind === 'chart' ? { ...s, chart: chartOf(s.chartRequest) } : s));
          const { aggregates } = deck;
          // Options given for this build that change the deck (e.g. `charts`), so `update` rebuilds it the same way.
          const chosen = Object.fromEntries(IDENTITY_OPTIONS.flatMap((name) => ((options as Record<string, unknown>)[name] !== undefined ? [[name, String((options as Record<string, unknown>)[name])]] : [])));
          const identity = { surveyId: aggregates.survey.id, surveyYear: aggregates.survey.year, brand: opts.brand.name, ...(Object.keys(chosen).length ? { options: chosen } : {}), ...(deck.job.segment ? { segment: deck.job.segment.segment } : {}) };
          const spec: DeckSpec = { audience: deck.audience, locale: deck.locale, brand: opts.brand, title: deck.bind.title, footer: deck.bind.footer, slides, identity, ...(deck.bodyType ? { bodyType: deck.bodyType } : {}) };
          const fitted = fonts.measuringFor(measuresGroup(deck.job), () => fitDeck(spec)); // every text box measured; smaller type where needed, else TEXT_OVERFLOW
          diagnostics.push(...fitted.diagnostics);
          const file = deck.job.file;
          const deflater = deckDeflater(file);
          const bytes = await assembleDeck(fitted.deck, { check: (files) => checkParts(files, { wellFormed }), deflate: deflater.deflate }); // 6. check runs on the parts, before zipping
          const charts = slides.filter((s) => s.kind === 'chart' && s.chart);
          const cachedCharts = charts.filter((s) => s.kind === 'chart' && s.chart?.cached).length;
          drawn.clear();
          await writeDeck(file, bytes);
          deflater.save();
          // The record is written after the deck: if this fails, the next build finds the bytes changed and rebuilds.
          const used = [deck.job.dataFile, ...(deck.job.segment ? [opts.dataFile] : []), deck.manifestFile, ...slides.map((s) => s.templateFile), ...slides.flatMap((s) => (s.kind === 'chart' ? [s.chartRequest.specFile] : []))];
          const { code, options: built, brand } = inputsOf(deck.job);
          const record = deckRecord(
            {
              code,
              options: built,
              brand,
              files: await hashes.pick(opts.brand.logoPath ? [...used, opts.brand.logoPath] : used),
              catalogue: { files: await catalogueHashes(opts, deck.locale, hashes), messages: deck.bind.messages },
            },
            bytes,
            await stampOf(file),
          );
          await writeAtomically(recordFileFor(file), Buffer.from(JSON.stringify(record) + '\n'), 'the build record');
          if (!deck.fromKept) keepBind(opts.cacheDir, file, record.fingerprint, deck.bind);
          const w: WrittenDeck = { audience: deck.audience, locale: deck.locale, brand: opts.brand.name, ...(deck.job.segment ? { segment: deck.job.segment.segment } : {}), file, slides: slides.length, bytes: bytes.length, reason: deck.reason, layout: fonts.measuringFor(measuresGroup(deck.job), () => measureDeckLayout(fitted.deck)) };
          written.push(w);
          options.onDeck?.({ type: 'written', deck: w, charts: charts.length, cachedCharts });
        } catch (e) {
          const d = toDiagnostics(e);
          failures.push(...d);
          options.onDeck?.({ type: 'failed', audience: deck.audience, locale: deck.locale, segment: deck.job.segment?.segment, diagnostics: d });
        }
      });
    }),
  );
  const stopped = await chartsStopped;
  if (stopped !== undefined) throw stopped;
  signal?.throwIfAborted(); // charts abandoned midway are failures of no deck's making
  bindStage?.fits.save();
  try {
    fonts.saveTextWidths();
  } catch (e) {
    // Only the next build's speed depends on it: say so, and go on.
    diagnostics.push(warning('CACHE_NOT_WRITABLE', `cannot keep the measured text widths (${(e as NodeJS.ErrnoException).code ?? String(e)}); the next build measures them again`, { file: measuresDir }));
  }
  signal?.throwIfAborted();
  // Warnings collected so far travel with the failures: nothing already found goes unreported.
  if (failures.length) throw new SurveydeckError([...failures, ...diagnostics]);
  written.sort((a, b) => a.file.localeCompare(b.file));
  return {
    decks: written,
    skipped,
    charts: chartCounts,
    bound: { kept: toBuild.length - toBind.length, bound: toBind.length, byWorker: inWorker },
    // With --per the report is the first segment's (each segment's deck tests its claims on its own data).
    claims: reportClaims(claims, aggregatesByFile.get(opts.dataFile) ?? withoutUncomparableWaves([...aggregatesByFile.values()][0]), claimUses),
    diagnostics,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The claims report: every declared claim evaluated, with the slides that print it. */
function reportClaims({ describeClaim, evaluateClaims }: typeof import('./bind/claims.js'), aggregates: Aggregates | undefined, uses: Map<string, ClaimReport['usedBy']>): ClaimReport[] {
  if (!aggregates) return [];
  const small = aggregates.thresholds?.smallBase ?? 30;
  return [...evaluateClaims(aggregates).values()].map((r) => ({
    ...r,
    text: describeClaim(r),
    flagged: r.figures.some((f) => f.n < small),
    usedBy: uses.get(r.name) ?? [],
  }));
}

/** A promise and the function that settles it (Node 20 has no Promise.withResolvers). */
function settleable<T>(): { promise: Promise<T>; settle: (value: T) => void } {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}
