// Charts stage, steps 2–4 for one chart: Vega-Lite spec → Vega (compile) → SVG (vega View, real font
// metrics, per-view number locale) → PNG (sharp, 200 px per inch). No file system access.
import sharp from 'sharp';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { error } from '../diagnostics.js';
import type { Brand, ChartRequest } from '../ir.js';
import { CSS_PX_PER_IN, PNG_PX_PER_IN } from './chart-config.js';
import { refusingLoader } from './external-data.js';
import { numberLocaleFor } from './number-locale.js';
import { prepareSpec } from './prepare-spec.js';
import { BoundedCache } from '../bounded-cache.js';

/** Pixels per inch of placed size in the PNG (slides need ≥ 150). */
export { PNG_PX_PER_IN };

/** A logger for vega-lite and vega that keeps warnings and errors instead of printing them. */
function collectingLogger() {
  const messages: string[] = [];
  const keep = (...args: unknown[]) => {
    messages.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  let level = 2; // vega.Warn
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...a: unknown[]) => (keep(...a), logger),
    warn: (...a: unknown[]) => (keep(...a), logger),
    info: () => logger,
    debug: () => logger,
  };
  return { logger, messages };
}

/**
 * Vega-Lite → Vega. INVALID_CHART_SPEC when compilation throws or warns.
 *
 * Compiled once per spec shape: the matrix's 418 charts are 64 shapes (a spec file at one size,
 * locale and label layout) that differ only in their rows, and vega-lite reads the rows' fields from
 * the encodings, never their values, so a spec compiled with an empty `table` and given the rows
 * afterwards is the same Vega spec (checked on every chart of the matrix: same JSON, same PNG bytes).
 * Compiling was ≈ 8 ms of a chart's ≈ 75 ms.
 */
export function compileChartSpec(vlSpec: Record<string, unknown>, file: string): vega.Spec {
  const datasets = vlSpec.datasets as Record<string, unknown> | undefined;
  const rows = datasets?.table;
  if (!Array.isArray(rows)) return compileUncached(vlSpec, file);
  const shape = { ...vlSpec, datasets: { ...datasets, table: [] } };
  const key = JSON.stringify(shape);
  let compiled = compiledShapes.get(key);
  if (compiled === undefined) {
    try {
      compiled = JSON.stringify(compileUncached(shape, file));
    } catch {
      return compileUncached(vlSpec, file); // its own error, for the spec as given
    }
    compiledShapes.set(key, compiled);
  }
  // A fresh copy each time: vega may keep references into the spec it parses.
  const spec = JSON.parse(compiled) as { data?: { name: string; values?: unknown }[] };
  const table = spec.data?.find((d) => d.name === 'table' && Array.isArray(d.values));
  if (!table) return compileUncached(vlSpec, file);
  table.values = rows;
  shapeOfSpec.set(spec, key);
  return spec as vega.Spec;
}

/** The shape (compiledShapes' key) each spec compileChartSpec gave came from, so its parse is reused too. */
const shapeOfSpec = new WeakMap<object, string>();

/**
 * vega.parse, once per spec shape for the specs compileChartSpec gives. A Vega spec's rows reach the
 * dataflow only as the `$ingest` value of the one operator that collects them, so the shape is parsed
 * with an empty `table` and each chart gets a fresh copy (JSON: a View keeps and may change what it
 * parses) with its rows put in that operator (checked on every chart of the matrix: same dataflow
 * JSON, same PNG bytes). Parsing was ≈ 3 ms of a chart's ≈ 50.
 */
export function parseVegaSpec(spec: vega.Spec): vega.Runtime {
  const shape = shapeOfSpec.get(spec);
  const table = (spec as { data?: { name: string; values?: unknown }[] }).data?.find((d) => d.name === 'table' && Array.isArray(d.values));
  if (shape === undefined || !table) return vega.parse(spec);
  let parsed = parsedShapes.get(shape);
  if (parsed === undefined) {
    const empty: unknown[] = [];
    const runtime = vega.parse({ ...spec, data: spec.data!.map((d) => (d === table ? { ...d, values: empty } : d)) } as vega.Spec);
    const ingestAt = runtime.operators.flatMap((op, i) => ((op as { value?: { $ingest?: unknown } }).value?.$ingest === empty ? [i] : []));
    parsed = ingestAt.length === 1 ? { json: JSON.stringify(runtime), ingestAt: ingestAt[0] } : null;
    parsedShapes.set(shape, parsed);
  }
  if (parsed === null) return vega.parse(spec);
  const runtime = JSON.parse(parsed.json) as vega.Runtime;
  (runtime.operators[parsed.ingestAt] as unknown as { value: { $ingest: unknown } }).value.$ingest = table.values;
  return runtime;
}

/** Shapes kept compiled and parsed, at most, oldest dropped first. */
const COMPILED_SHAPES_LIMIT = 256;

/** Parsed shapes (vega.parse's output as JSON, and where its rows go), or null for a shape parsed per chart. */
const parsedShapes = new BoundedCache<string, { json: string; ingestAt: number } | null>(COMPILED_SHAPES_LIMIT);

/** Compiled Vega specs (JSON) by spec shape (the Vega-Lite spec with an empty `table`), oldest dropped first. */
const compiledShapes = new BoundedCache<string, string>(COMPILED_SHAPES_LIMIT);

function compileUncached(vlSpec: Record<string, unknown>, file: string): vega.Spec {
  const { logger, messages } = collectingLogger();
  let compiled: vega.Spec;
  try {
    compiled = vl.compile(vlSpec as unknown as vl.TopLevelSpec, { logger: logger as never }).spec as vega.Spec;
  } catch (e) {
    // vega-lite reports some schema mistakes (e.g. `"mark": "bars"`) only as a TypeError from inside.
    throw error('INVALID_CHART_SPEC', `Vega-Lite cannot compile the spec: ${(e as Error).message}`, {
      file,
      hint: 'check mark types and encoding channel names against the Vega-Lite schema ($schema)',
    }, e);
  }
  if (messages.length > 0) {
    throw error('INVALID_CHART_SPEC', `Vega-Lite warns about the spec: ${messages.join('; ')}`, {
      file,
      hint: 'charts must compile without warnings; fix the encoding the warning names',
    });
  }
  return compiled;
}

/** Request → SVG text of the chart in CSS px (inches × 96). */
export async function renderChartSvg(request: ChartRequest, specText: string, brand: Brand): Promise<string> {
  const file = request.specFile;
  const vegaSpec = compileChartSpec(prepareSpec(specText, request, brand), file);
  return renderVegaSvg(vegaSpec, request, file);
}

/** A compiled Vega spec → SVG text. Every load (data URL, image, file) is refused: CHART_EXTERNAL_DATA. */
export async function renderVegaSvg(vegaSpec: vega.Spec, request: Pick<ChartRequest, 'locale'>, file: string): Promise<string> {
  const { logger, messages } = collectingLogger();
  const { loader, refused } = refusingLoader(file, vega.loader());
  let svg: string;
  try {
    const view = new vega.View(parseVegaSpec(vegaSpec), {
      renderer: 'none',
      loader,
      logger: logger as never,
      // Per view, not vega.formatLocale(): charts for several locales render at the same time.
      locale: { number: numberLocaleFor(request.locale) } as never,
    });
    svg = await view.toSVG();
    view.finalize();
  } catch (e) {
    const external = refused();
    if (external) throw external;
    throw error('INVALID_CHART_SPEC', `Vega cannot render the spec: ${(e as Error).message}`, { file }, e);
  }
  const external = refused();
  if (external) throw external;
  if (messages.length > 0) {
    throw error('INVALID_CHART_SPEC', `Vega warns while rendering: ${messages.join('; ')}`, { file });
  }
  return svg;
}

export interface ChartPng {
  png: Buffer;
  widthPx: number;
  heightPx: number;
}

/** SVG in CSS px → PNG at PNG_PX_PER_IN for the placed size. Deterministic bytes for the same SVG. */
export async function svgToPng(svg: string, widthIn: number, heightIn: number): Promise<ChartPng> {
  const widthPx = Math.round(widthIn * PNG_PX_PER_IN);
  const heightPx = Math.round(heightIn * PNG_PX_PER_IN);
  // sharp's `density` is dots per inch where SVG user units are 1/72 in (librsvg's default): scale
  // CSS px (1/96 in) to 200 px per inch.
  const density = (72 * PNG_PX_PER_IN) / CSS_PX_PER_IN;
  const input = Buffer.from(svg);
  const encode = (image: ReturnType<typeof sharp>) => image.png({ compressionLevel: PNG_COMPRESSION_LEVEL, adaptiveFiltering: false }).toBuffer({ resolveWithObject: true });
  // Encoded straight away, not after asking librsvg for the size first (that parsed the SVG twice:
  // ≈ 2–5 ms of a chart's ≈ 56); the size comes back with the PNG.
  const drawn = await encode(sharp(input, { density }));
  if (drawn.info.width === widthPx && drawn.info.height === heightPx) return { png: drawn.data, widthPx, heightPx };
  // Fractional CSS sizes (e.g. 4.33 in × 96) round differently in librsvg; pin the exact size. Drawn
  // again as before (not resampled from the PNG), so the bytes are those of a resize of the raster.
  const pinned = await encode(sharp(input, { density }).resize(widthPx, heightPx, { fit: 'fill' }));
  return { png: pinned.data, widthPx, heightPx };
}

/**
 * zlib level of chart PNGs, chosen by measurement (test/bench/png-level.ts, 2 cores, CPU per chart for
 * rasterising + encoding, and size): level 9 62 ms, 71 KiB; level 6 24 ms, 83 KiB; level 2 21 ms,
 * 92 KiB. Level 6 takes 60 % off a chart's rendering for 17 % more bytes; below 6 saves little time.
 */
export const PNG_COMPRESSION_LEVEL = 6;

/**
 * libvips' defaults suit one big image, not hundreds of small ones: its operation cache never hits
 * (every SVG is new) and only holds memory, and threads inside one encode compete with the other
 * charts in flight, which already keep every core busy.
 */
export function boundSharp(): void {
  sharp.cache(false);
  sharp.concurrency(1);
}
