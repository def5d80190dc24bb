// Fonts stage: text width in CSS px with the real font files (fontkit over the unpacked TTFs), with
// the same per-character fallback pango does: the named families in order, then Noto Sans SC/JP.
// Reads font files lazily (one per family and weight) and caches them; otherwise pure.
//
// Measured once: the font drawing each code point (per family chain and weight), and the width of each
// string per font list and weight in em (a width scales with the size, so one entry serves every size).
// A cold full build asks for ~10⁷ characters; looking a font up per character through path.join was
// 2.3 s of the 5.1 s spent measuring.
import * as fontkit from 'fontkit';
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

export interface TextStyle {
  /** One family or a CSS list, e.g. `Inter, "Noto Sans SC"`. Generic names are skipped. */
  family: string;
  /** CSS weight; ≥ 600 is bold. Default 400. */
  weight?: number | string;
  sizePx: number;
}

type Font = fontkit.Font;

/** A Map that forgets its oldest entries beyond `limit`, so a cache cannot grow with the build. */
class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, value);
  }
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

/** Measure from the fonts unpacked into this cache (default: the one prepareFonts() picks). */
export function useFontCache(cache: FontCache): void {
  if (activeCache && activeCache.ttfDir !== cache.ttfDir) fontOfFace.clear();
  activeCache = cache;
}

/** Where the widths measured are kept between builds, and for which code; how many were new. */
let savedWidths: { file: string; version: string; added: number } | undefined;

/**
 * Widths measured by earlier builds (`file`, written by saveTextWidths): a forced rebuild of a deck
 * otherwise shapes every string of it again with fontkit, most of its time. They hold for one
 * `version` of the code and its dependencies (fonts, fontkit, this measurer): another version, or
 * a file that does not parse, is ignored and measured afresh. A width read back is the double that
 * was measured (JSON keeps every bit), so decks are the same bytes either way.
 */
export function loadTextWidths(file: string, version: string): void {
  savedWidths = { file, version, added: 0 };
  if (!existsSync(file)) return;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; widthsEm?: Record<string, number> };
    if (saved.version !== version || !saved.widthsEm) return;
    for (const [key, em] of Object.entries(saved.widthsEm)) if (typeof em === 'number' && textWidthsEm.get(key) === undefined) textWidthsEm.set(key, em);
  } catch {
    // A truncated or hand-edited file: measure again, and the next save replaces it.
  }
}

/** Write the widths back (atomically) if this build measured any new string. */
export function saveTextWidths(): void {
  if (!savedWidths || savedWidths.added === 0) return;
  const widthsEm: Record<string, number> = {};
  for (const [key, em] of textWidthsEm.entries()) widthsEm[key] = em;
  writeAtomic(savedWidths.file, Buffer.from(JSON.stringify({ version: savedWidths.version, widthsEm })));
  savedWidths.added = 0;
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
  let em = textWidthsEm.get(key);
  if (em === undefined) {
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
  return loadFace(face).hasGlyphForCodePoint(codePoint);
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
    font = fontkit.openSync(file) as Font;
    loadedFonts.set(file, font);
  }
  fontOfFace.set(face, font);
  return font;
}
