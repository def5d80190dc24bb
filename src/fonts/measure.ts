// Fonts stage: text width in CSS px with the real font files (fontkit over the unpacked TTFs), with
// the same per-character fallback pango does: the named families in order, then Noto Sans SC/JP.
// Reads font files lazily (one per family and weight) and caches them; otherwise pure.
//
// Measured once: the font drawing each code point (per family chain and weight), and the width of each
// string per font list and weight in em (a width scales with the size, so one entry serves every size).
// A cold full build asks for ~10⁷ characters; looking a font up per character through path.join was
// 2.3 s of the 5.1 s spent measuring.
//
// Kept between builds (loadTextWidths/saveTextWidths, one file under --cache): the widths, which faces
// draw which code points, the faces' line heights and whole text layouts (layout-text.ts), so a forced
// rebuild of a deck whose text did not change neither loads fontkit (0.2 s of CPU) nor lays a box out.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import {
  FALLBACK_FAMILIES,
  faceOf,
  fontMissing,
  fontWeightFor,
  isKnownFamily,
  type FontFace,
  type FontFamily,
} from './catalog.js';
import { existsSync, readFileSync } from 'node:fs';
import { prepareFonts, sfntPath, writeAtomic, type FontCache } from './font-cache.js';
import { BoundedCache } from '../bounded-cache.js';

export interface TextStyle {
  /** One family or a CSS list, e.g. `Inter, "Noto Sans SC"`. Generic names are skipped. */
  family: string;
  /** CSS weight; ≥ 600 is bold. Default 400. */
  weight?: number | string;
  sizePx: number;
}

type Font = Fontkit.Font;

/** A font file parsed by fontkit, which loads then: a build that finds every measure kept never needs it. */
let fontkitModule: typeof Fontkit | undefined;
export function openFont(file: string, bytes: Buffer = readFileSync(file)): Font {
  fontkitModule ??= createRequire(import.meta.url)('fontkit') as typeof Fontkit;
  keptMeasuresStats.fontsOpened++;
  return fontkitModule.create(bytes) as Font;
}

const fontFileBytes = new Map<string, Buffer>();

/**
 * The bytes of a face's file in the font cache, read once per process: fontkit measures from them
 * and embed-fonts cuts its subsets from the same buffer (the CJK faces are 5–10 MB each; a full
 * matrix held two copies of four of them, 31 MiB).
 */
export function faceBytes(face: FontFace): Buffer {
  const file = sfntPath((activeCache ??= prepareFonts()), face);
  let bytes = fontFileBytes.get(file);
  if (!bytes) fontFileBytes.set(file, (bytes = readFileSync(file)));
  return bytes;
}

let activeCache: FontCache | undefined;
const loadedFonts = new Map<string, Font>();
/** Font of a face, without building its path again. */
const fontOfFace = new Map<FontFace, Font>();
/** `weight|family,family…` → code point → the face that draws it (null: none does). */
const faceByCodePoint = new Map<string, Map<number, FontFace | null>>();
const fontLists = new Map<string, FontFamily[]>();
/** Bounded, oldest entries dropped first: a long build keeps measuring new strings. */
const TEXT_WIDTHS_LIMIT = 200_000;
const textWidthsEm = new BoundedCache<string, number>(TEXT_WIDTHS_LIMIT);
const runWidthsEm = new BoundedCache<string, number>(50_000);
/** `family|weight` → code point → whether the face has a glyph for it. */
const glyphCoverage = new Map<string, Map<number, boolean>>();
/** (ascent + descent + line gap) / units per em, per family (layout-text.ts). */
const lineHeightsEm = new Map<string, number>();
/** Whole text layouts by their input (layout-text.ts); bounded like the widths. */
const TEXT_LAYOUTS_LIMIT = 50_000;
const textLayouts = new BoundedCache<string, unknown>(TEXT_LAYOUTS_LIMIT);

/** Measure from the fonts unpacked into this cache (default: the one prepareFonts() picks). */
export function useFontCache(cache: FontCache): void {
  if (activeCache && activeCache.ttfDir !== cache.ttfDir) fontOfFace.clear();
  activeCache = cache;
}

/** Where the measures are kept between builds, and for which code; how many were new. */
let savedWidths: { file: string; version: string; added: number } | undefined;
/** The measures read from that file (for this code version), looked up where they are. */
let keptFile: KeptMeasures | undefined;

interface KeptMeasures {
  widthsEm: Record<string, number>;
  glyphs: Record<string, { has: number[]; lacks: number[] }>;
  lineHeightsEm: Record<string, number>;
  layouts: Record<string, unknown>;
}

/** Kept files used and refused (damaged), and font files opened, in this process: tests see the cache at work. */
export const keptMeasuresStats = { loaded: 0, damaged: 0, fontsOpened: 0 };

/**
 * Measures taken by earlier builds (`file`, written by saveTextWidths): a forced rebuild of a deck
 * otherwise shapes every string of it again with fontkit, most of its time. They hold for one
 * `version` of the code and its dependencies (fonts, fontkit, this measurer): another version is
 * ignored and measured afresh. The file is a header line (version, sha256 and length of the rest) and
 * the measures as JSON; a file whose rest does not have that digest (damaged, truncated, edited) or does
 * not parse is not used at all. A width read back is the double that was measured (JSON keeps every
 * bit), so decks are the same bytes either way.
 */
export function loadTextWidths(file: string, version: string): void {
  savedWidths = { file, version, added: 0 };
  keptFile = undefined;
  if (!existsSync(file)) return;
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, newline)) as { version?: string; digest?: string; bytes?: number };
    if (header.version !== version) return;
    const body = text.slice(newline + 1);
    if (header.bytes !== Buffer.byteLength(body) || header.digest !== createHash('sha256').update(body).digest('hex')) throw new Error('damaged');
    const saved = JSON.parse(body) as KeptMeasures;
    // Widths and layouts are looked up in the parsed file itself (copying 20,000 of them into the maps
    // cost ~30 ms of every build); the rest is small.
    keptFile = saved;
    for (const [face, { has, lacks }] of Object.entries(saved.glyphs)) {
      let coverage = glyphCoverage.get(face);
      if (!coverage) glyphCoverage.set(face, (coverage = new Map()));
      for (const cp of has) coverage.set(cp, true);
      for (const cp of lacks) coverage.set(cp, false);
    }
    for (const [family, em] of Object.entries(saved.lineHeightsEm)) if (!lineHeightsEm.has(family)) lineHeightsEm.set(family, em);
    keptMeasuresStats.loaded++;
  } catch {
    // Another format, a truncated, damaged or hand-edited file: measure again, and the next save replaces it.
    keptMeasuresStats.damaged++;
  }
}

/** Write the measures back (atomically) if this build took any new one. */
export function saveTextWidths(): void {
  if (!savedWidths || savedWidths.added === 0) return;
  const kept: KeptMeasures = { widthsEm: {}, glyphs: {}, lineHeightsEm: Object.fromEntries(lineHeightsEm), layouts: {} };
  kept.widthsEm = bounded({ ...keptFile?.widthsEm, ...Object.fromEntries(textWidthsEm.entries()) }, TEXT_WIDTHS_LIMIT);
  for (const [face, coverage] of glyphCoverage) {
    const entry = (kept.glyphs[face] = { has: [] as number[], lacks: [] as number[] });
    for (const [cp, has] of coverage) (has ? entry.has : entry.lacks).push(cp);
  }
  kept.layouts = bounded({ ...keptFile?.layouts, ...Object.fromEntries(textLayouts.entries()) }, TEXT_LAYOUTS_LIMIT);
  // Encoded once, and the header put before the bytes: joined as strings, the 3 MB of JSON (two
  // bytes a character once a CJK string is in it) was copied again on the heap, at a build's end, where
  // its RSS peaks.
  const body = Buffer.from(JSON.stringify(kept));
  const header = JSON.stringify({ version: savedWidths.version, digest: createHash('sha256').update(body).digest('hex'), bytes: body.length });
  writeAtomic(savedWidths.file, Buffer.concat([Buffer.from(`${header}\n`), body]));
  savedWidths.added = 0;
}

/** A text layout kept under `key` (layout-text.ts), by this build or an earlier one. */
export function keptTextLayout<T>(key: string): T | undefined {
  return (textLayouts.get(key) ?? fromFile(keptFile?.layouts, key)) as T | undefined;
}

/** The entry `key` of a part of the kept file (own properties only: a key is never read off Object.prototype). */
function fromFile<V>(entries: Record<string, V> | undefined, key: string): V | undefined {
  return entries && Object.hasOwn(entries, key) ? entries[key] : undefined;
}

/** The newest `limit` entries (the file's oldest are dropped first). */
function bounded<V>(entries: Record<string, V>, limit: number): Record<string, V> {
  const keys = Object.keys(entries);
  if (keys.length <= limit) return entries;
  return Object.fromEntries(keys.slice(keys.length - limit).map((k) => [k, entries[k]]));
}

/** Keep a text layout, which JSON must give back exactly (the caller checks). */
export function keepTextLayout(key: string, layout: unknown): void {
  textLayouts.set(key, layout);
  if (savedWidths) savedWidths.added++;
}

/** `measure()` for the family's line height, kept between builds. */
export function keptLineHeightEm(family: string, measure: () => number): number {
  let em = lineHeightsEm.get(family);
  if (em === undefined) {
    em = measure();
    lineHeightsEm.set(family, em);
    if (savedWidths) savedWidths.added++;
  }
  return em;
}

/**
 * Families named in a CSS font list that we know, in order. Throws FONT_MISSING for a non-generic
 * family we cannot supply, so a brand typo is an error rather than silently different metrics.
 */
export function parseFontList(list: string): FontFamily[] {
  const known = fontLists.get(list);
  if (known) return known;
  const out: FontFamily[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim().replace(/^["']|["']$/g, '');
    if (!name || GENERIC_FAMILIES.has(name.toLowerCase())) continue;
    if (!isKnownFamily(name)) throw fontMissing(name);
    if (!out.includes(name)) out.push(name);
  }
  fontLists.set(list, out);
  return out;
}

const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'monospace', 'system-ui', 'cursive', 'fantasy']);

/** Advance width of `text` on one line, in px. Kerning and shaping via fontkit layout per font run. */
export function measureTextWidthPx(text: string, style: TextStyle): number {
  if (!text || style.sizePx <= 0) return 0;
  const weight = fontWeightFor(style.weight);
  const key = `${weight}\u0000${style.family}\u0000${text}`;
  let em = textWidthsEm.get(key) ?? fromFile(keptFile?.widthsEm, key);
  if (typeof em !== 'number') {
    const families = parseFontList(style.family);
    const chain = [...families, ...FALLBACK_FAMILIES.filter((f) => !families.includes(f))];
    em = 0;
    for (const run of splitRuns(text, chain, weight)) em += runWidthEm(run.font, run.text);
    textWidthsEm.set(key, em);
    if (savedWidths) savedWidths.added++;
  }
  return em * style.sizePx;
}

/** The face that draws a code point: first family in the chain whose font has the glyph. */
export function faceForCodePoint(codePoint: number, chain: readonly FontFamily[], weight: number): FontFace | undefined {
  const chainKey = `${fontWeightFor(weight)}|${chain.join(',')}`;
  let faces = faceByCodePoint.get(chainKey);
  if (!faces) faceByCodePoint.set(chainKey, (faces = new Map()));
  let face = faces.get(codePoint);
  if (face === undefined) {
    face = null;
    for (const family of chain) {
      const candidate = faceOf(family, weight);
      if (fontHasGlyph(candidate, codePoint)) {
        face = candidate;
        break;
      }
    }
    faces.set(codePoint, face);
  }
  return face ?? undefined;
}

/** True when the face's cmap maps the code point to a glyph (not .notdef). */
export function fontHasGlyph(face: FontFace, codePoint: number): boolean {
  const faceKey = `${face.family}|${face.weight}`;
  let coverage = glyphCoverage.get(faceKey);
  if (!coverage) glyphCoverage.set(faceKey, (coverage = new Map()));
  let has = coverage.get(codePoint);
  if (has === undefined) {
    has = loadFace(face).hasGlyphForCodePoint(codePoint);
    coverage.set(codePoint, has);
    if (savedWidths) savedWidths.added++;
  }
  return has;
}

interface Run {
  font: Font;
  text: string;
}

function splitRuns(text: string, chain: FontFamily[], weight: number): Run[] {
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const face = faceForCodePoint(cp, chain, weight) ?? firstFace(chain, weight);
    const font = loadFace(face);
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

function firstFace(chain: FontFamily[], weight: number): FontFace {
  // A character no font has is drawn as the first font's .notdef box: measure that.
  return faceOf(chain[0] ?? 'Inter', weight);
}

function runWidthEm(font: Font, text: string): number {
  const key = `${font.postscriptName}\u0000${text}`;
  let em = runWidthsEm.get(key);
  if (em === undefined) {
    const glyphs = font.layout(text);
    let units = 0;
    for (const p of glyphs.positions) units += p.xAdvance;
    em = units / font.unitsPerEm;
    runWidthsEm.set(key, em);
  }
  return em;
}

/** The parsed font of a face (from the font cache), loaded once per process. */
export function loadFace(face: FontFace): Font {
  let font = fontOfFace.get(face);
  if (font) return font;
  const cache = (activeCache ??= prepareFonts());
  const file = sfntPath(cache, face);
  font = loadedFonts.get(file);
  if (!font) {
    font = openFont(file, faceBytes(face));
    loadedFonts.set(file, font);
  }
  fontOfFace.set(face, font);
  return font;
}
