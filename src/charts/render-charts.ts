// Charts stage entry: ChartRequest[] → RenderedChart[] (same order). Reads spec files, reads and
// writes the PNG cache; renders what the cache lacks, CHARTS_IN_FLIGHT at a time.
//
//   1. spec file + request ─▶ cache key; one lookup per distinct key
//   2. each miss: prepareSpec (rows, labels, brand config, wrapping) ─▶ vega-lite compile
//        ─▶ vega View (real font widths, request locale) ─▶ SVG ─▶ sharp ─▶ PNG (200 px/in) ─▶ cache
//   native requests (`mode: 'native'`): no PNG and no cache; the same spec prepared and compiled, read
//   into an OOXML chart (src/charts/native); a spec with no native equivalent gets its picture
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { error, SurveydeckError, toDiagnostics, warning, type Diagnostic } from '../diagnostics.js';
import type { Brand, ChartRequest, RenderedChart } from '../ir.js';
import { assertBrandFonts, prepareFonts, useFontCache } from '../fonts/index.js';
import { cacheFile, chartCacheKey, discardCachedPng, readCachedPng, writeCachedPng } from './chart-cache.js';
import { CACHE, hintFor, notWritableCode, removeStaleTempFiles } from '../write/write-deck.js';
import { PNG_PX_PER_IN } from './chart-config.js';
import type { NativeChartResult } from './native/index.js';
import { INPUT_LIMITS, readBoundedFile } from '../load/input-bounds.js';
import { decodeUtf8 } from '../load/xml-text.js';

export interface RenderChartsOptions {
  brand: Brand;
  /** Folder for cached PNGs (created when missing). */
  cacheDir: string;
  /** Charts in flight at once. Default CHARTS_IN_FLIGHT. */
  concurrency?: number;
  /** Where fonts are unpacked. Default `<projectRoot>/.cache/fonts`. */
  fontCacheDir?: string;
  /** Warnings (a bad cache entry discarded and re-rendered). */
  onDiagnostic?: (d: Diagnostic) => void;
  /** Charts not yet started when it fires are not rendered (their outcome is the abort). */
  signal?: AbortSignal;
  /**
   * The version of the code drawing them (incremental/code-version.ts), part of every cache key: a
   * picture cached by another surveydeck (other spec preparation, palette, fonts) is never reused.
   */
  code?: string;
}

/**
 * Charts rendered at once. Three keep this thread busy with vega while libvips encodes the others
 * (a chart is ≈ 30 ms of vega here and ≈ 24 ms of libvips on its threads); more would only hold
 * rasters in memory. A worker-thread pool measured worse on the full matrix (35.3 s CPU against
 * 30.0 s, peak RSS 818 MiB against 640 MiB): each worker loads vega and the fonts again.
 */
export const CHARTS_IN_FLIGHT = 3;

/** Render every request; all failures are collected and thrown together as one SurveydeckError. */
export async function renderCharts(requests: ChartRequest[], opts: RenderChartsOptions): Promise<RenderedChart[]> {
  const outcomes = await renderChartsSettled(requests, opts);
  const diagnostics = outcomes.flatMap((o) => ('diagnostics' in o ? o.diagnostics : []));
  if (diagnostics.length > 0) {
    const firstCause = outcomes.find((o) => 'diagnostics' in o) as { cause: unknown };
    throw new SurveydeckError(diagnostics, { cause: firstCause.cause });
  }
  return outcomes.map((o) => (o as { chart: RenderedChart }).chart);
}

/** One request's result: its chart, or why it failed (so only the decks that use it fail). */
export type ChartOutcome = { chart: RenderedChart } | { diagnostics: Diagnostic[]; cause: unknown };

/**
 * Render every request and report each one's outcome in request order. Throws only for what stops
 * every chart (fonts, the cache folder).
 */
export async function renderChartsSettled(requests: ChartRequest[], opts: RenderChartsOptions): Promise<ChartOutcome[]> {
  const outcomes: ChartOutcome[] = [];
  await renderChartsEach(requests, opts, (i, o) => (outcomes[i] = o));
  return outcomes;
}

/**
 * Render every request, handing each one's outcome to `onOutcome` (with its index in `requests`) as
 * soon as it settles: a deck whose charts are all drawn can be packaged while the others are drawn,
 * and nothing here holds a picture once it is handed over. Throws only for what stops every chart.
 */
export async function renderChartsEach(requests: ChartRequest[], opts: RenderChartsOptions, onOutcome: (index: number, outcome: ChartOutcome) => void): Promise<void> {
  assertBrandFonts(opts.brand);
  useFontCache(prepareFonts({ cacheDir: opts.fontCacheDir }));
  await prepareCacheDir(opts.cacheDir);

  // 1. keys, and one cache lookup per distinct key (identical requests share one render).
  const keyed = await Promise.allSettled(
    requests.map(async (request) => {
      const specText = await readSpecText(request);
      return { request, specText, key: chartCacheKey(request, specText, opts.brand, opts.code) };
    }),
  );
  const firstWithKey = new Map<string, { request: ChartRequest; specText: string }>();
  for (const k of keyed) if (k.status === 'fulfilled' && !firstWithKey.has(k.value.key)) firstWithKey.set(k.value.key, k.value);

  // 2. render the misses, CHARTS_IN_FLIGHT at a time: vega's work for one runs on this thread while
  //    libvips rasterises and encodes others on the thread pool, so both cores stay busy. Pictures
  //    start now for picture requests, and for a native request only if it falls back.
  const limit = pLimit(Math.max(1, opts.concurrency ?? CHARTS_IN_FLIGHT));
  const jobs = new Map<string, Promise<{ png: Buffer; cached: boolean }>>();
  const pictureJob = (key: string) => {
    let job = jobs.get(key);
    if (!job) {
      const { request, specText } = firstWithKey.get(key)!;
      job = reuseCached(request, key, opts).then(async (hit): Promise<{ png: Buffer; cached: boolean }> => {
        if (hit) return { png: hit, cached: true };
        const png = await limit(async () => {
          opts.signal?.throwIfAborted();
          return (await renderers()).renderHere(request, specText, opts.brand);
        });
        await writeCachedPng(opts.cacheDir, key, png);
        return { png, cached: false };
      });
      jobs.set(key, job);
    }
    return job;
  };
  const nativeJobs = new Map<string, Promise<NativeChartResult>>();
  const nativeJob = (key: string) => {
    let job = nativeJobs.get(key);
    if (!job) {
      const { request, specText } = firstWithKey.get(key)!;
      job = limit(async () => {
        opts.signal?.throwIfAborted();
        return (await renderers()).buildNativeChart(request, specText, opts.brand);
      });
      nativeJobs.set(key, job);
    }
    return job;
  };
  for (const k of keyed) if (k.status === 'fulfilled') (k.value.request.mode === 'native' ? nativeJob : pictureJob)(k.value.key);
  // A render is let go once every request for it has its outcome.
  const users = new Map<string, number>();
  for (const k of keyed) if (k.status === 'fulfilled') users.set(k.value.key, (users.get(k.value.key) ?? 0) + 1);
  const release = (k: (typeof keyed)[number]) => {
    if (k.status !== 'fulfilled') return;
    const left = users.get(k.value.key)! - 1;
    users.set(k.value.key, left);
    if (left === 0) {
      jobs.delete(k.value.key);
      nativeJobs.delete(k.value.key);
    }
  };

  await Promise.all(
    keyed.map(async (k, index) => {
      onOutcome(
        index,
        await chartOf(k).then(
          (chart): ChartOutcome => ({ chart }),
          (e: unknown): ChartOutcome => ({ diagnostics: toDiagnostics(e), cause: e }),
        ),
      );
      release(k);
    }),
  );

  async function chartOf(k: (typeof keyed)[number]): Promise<RenderedChart> {
    if (k.status === 'rejected') throw k.reason;
    const { request, key } = k.value;
    const shared = firstWithKey.get(key)!.request !== request;
    let nativeFallback: string | undefined;
    if (request.mode === 'native') {
      const built = await nativeJob(key);
      if (built.ok) return { ...built.chart, altText: request.altText, specId: request.specId, cached: shared };
      nativeFallback = built.reason;
    }
    const { png, cached } = await pictureJob(key);
    return {
      kind: 'picture',
      png,
      widthPx: Math.round(request.widthIn * PNG_PX_PER_IN),
      heightPx: Math.round(request.heightIn * PNG_PX_PER_IN),
      altText: request.altText,
      hash: createHash('sha256').update(png).digest('hex'),
      specId: request.specId,
      cached: cached || shared,
      ...(nativeFallback ? { nativeFallback } : {}),
    };
  }
}

/** The cached PNG for `key`, or undefined; a bad entry is discarded (and warned about) so it renders again. */
async function reuseCached(request: ChartRequest, key: string, opts: RenderChartsOptions): Promise<Buffer | undefined> {
  const hit = await readCachedPng(opts.cacheDir, key);
  if (hit && 'png' in hit) return hit.png;
  if (hit) {
    await discardCachedPng(opts.cacheDir, key);
    opts.onDiagnostic?.(
      warning('CACHE_ENTRY_INVALID', `a cached chart picture ${hit.invalid}; discarded and rendered again`, {
        file: cacheFile(opts.cacheDir, key),
        hint: `chart \`${request.specId}\` (${request.specFile})`,
      }),
    );
  }
  return undefined;
}

let loadedRenderers: ReturnType<typeof loadRenderers> | undefined;

/**
 * vega, vega-lite and sharp, loaded when the first chart must be drawn: a build whose charts are all
 * in the cache never loads them (about a third of a forced one-deck rebuild's time was loading them).
 */
function renderers(): ReturnType<typeof loadRenderers> {
  return (loadedRenderers ??= loadRenderers());
}

async function loadRenderers() {
  const [{ boundSharp, renderChartSvg, svgToPng }, { installTextMetrics }, { buildNativeChart }] = await Promise.all([
    import('./render-chart.js'),
    import('./text-metrics.js'),
    import('./native/index.js'),
  ]);
  installTextMetrics();
  boundSharp();
  return {
    buildNativeChart,
    async renderHere(request: ChartRequest, specText: string, brand: Brand): Promise<Buffer> {
      const svg = await renderChartSvg(request, specText, brand);
      return (await svgToPng(svg, request.widthIn, request.heightIn)).png;
    },
  };
}

async function readSpecText(request: ChartRequest): Promise<string> {
  try {
    return decodeUtf8(readBoundedFile(request.specFile, INPUT_LIMITS.templateBytes, 'the chart spec'), 'INVALID_CHART_SPEC', request.specFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const dir = path.dirname(request.specFile);
    const known = await readdir(dir).then(
      (names) => names.filter((n) => n.endsWith('.vl.json')).map((n) => n.replace(/\.vl\.json$/, '')),
      () => [] as string[],
    );
    throw error('UNKNOWN_CHART', `No chart spec \`${request.specId}\` (file not found)`, {
      file: request.specFile,
      hint: known.length ? `charts in ${dir}: ${known.join(', ')}` : `add ${path.basename(request.specFile)} to ${dir}`,
    }, e);
  }
}

/**
 * The cache folder exists and is a folder before any chart renders (a file in its place is an
 * environment error now, not after every chart was drawn), and temp files a killed run left are gone.
 */
async function prepareCacheDir(cacheDir: string): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (e) {
    const code = notWritableCode(e) ?? (e as NodeJS.ErrnoException).code ?? '';
    throw error(CACHE.code, `cannot create the chart cache folder (${code})`, { file: cacheDir, hint: hintFor(code, cacheDir, CACHE.option) }, e);
  }
  removeStaleTempFiles(cacheDir);
}
