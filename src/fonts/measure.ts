// Fonts stage: text width in CSS px with the real font files (fontkit over the unpacked TTFs), with
// the same per-character fallback pango does: the named families in order, then Noto Sans SC/JP.
// Reads font files lazily (one per family and weight) and caches them; otherwise pure.
//
// Measured once: the font drawing each code point (per family chain and weight), and the width of each
// string per font list and weight in em (a width scales with the size, so one entry serves every size).
// A cold full build asks for ~10⁷ characters; looking a font up per character through path.join was
// 2.3 s of the 5.1 s spent measuring.
//
// Kept between builds (loadTextWidths/saveTextWidths, one file per deck under --cache): the widths, which
// faces draw which code points, the faces' line heights and whole text layouts (layout-text.ts), so a
// forced rebuild of a deck whose text did not change neither loads fontkit (0.2 s of CPU) nor lays a box out.
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
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { prepareFonts, sfntPath, writeAtomic, type FontCache } from './font-cache.js';
import { BoundedCache } from '../bounded-cache.js';
import { keptBody, keptHeader } from '../incremental/kept-file.js';

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

/**
 * The measures kept between builds: one file per group (a deck, named by the caller) in a folder under
 * --cache, holding what that group looked up or measured. A forced rebuild of one deck reads its own
 * file (≈ 0.1 MB for an 11-slide deck) instead of the whole matrix's (3 MB: 70 ms of reading, hashing
 * and parsing, and the garbage it leaves). A miss in the group's own file reads the other kept files
 * once, newest first (another deck, or the charts, may have measured the string), before measuring.
 */
let kept: { dir: string; version: string; readLimitBytes: number } | undefined;

interface KeptMeasures {
  widthsEm: Record<string, number>;
  glyphs: Record<string, { has: number[]; lacks: number[] }>;
  lineHeightsEm: Record<string, number>;
  layouts: Record<string, unknown>;
}

/** One group's kept file and what this process used or measured for it. */
interface Group {
  file: string;
  /** The file read for this code version (undefined: none, another version, or damaged). */
  read?: KeptMeasures;
  usedWidths: Set<string>;
  usedLayouts: Set<string>;
  /** Measures this process took (not looked up) while working for the group. */
  measured: number;
}

const groups = new Map<string, Group>();
/** Every kept file read, the working group's own first when it has one. */
let sources: KeptMeasures[] = [];
let allRead = false;
/** The group measures are taken for now (measuringFor); outside one, the shared group. */
let current: Group | undefined;
const SHARED_GROUP = '';
/** Kept files beyond this many (a long-lived cache of many segments' decks) are removed, oldest first. */
const KEPT_FILES_LIMIT = 256;
/** At most this much of other decks' kept files is read for a measure a deck's own file lacks (a full matrix's 18 are ≈ 4 MB). */
const KEPT_READ_LIMIT = 16 * 1024 * 1024;

/** Kept files used and refused (damaged), and font files opened, in this process: tests see the cache at work. */
export const keptMeasuresStats = { loaded: 0, damaged: 0, fontsOpened: 0 };

/**
 * Measures taken by earlier builds (written by saveTextWidths into `dir`): a forced rebuild of a deck
 * otherwise shapes every string of it again with fontkit, most of its time. `groups` are read now (the
 * decks about to be built); the other files, newest first and up to `readLimitBytes` of them, are read on
 * the first measure none of these has. They hold
 * for one `version` of the code and its dependencies (fonts, fontkit, this measurer): another version is
 * ignored and measured afresh. A file is a header line (version, sha256 and length of the rest) and the
 * measures as JSON; a file whose rest does not have that digest (damaged, truncated, edited) or does not
 * parse is not used at all. A width read back is the double that was measured (JSON keeps every bit), so
 * decks are the same bytes either way.
 */
export function loadTextWidths(dir: string, version: string, groupNames: readonly string[] = [], readLimitBytes = KEPT_READ_LIMIT): void {
  kept = { dir, version, readLimitBytes };
  groups.clear();
  sources = [];
  allRead = false;
  current = undefined;
  for (const name of groupNames) groupNamed(name);
}

/** Whether `group` has a kept file of this code version (loadTextWidths read it): its text was measured by an earlier build. */
export function hasKeptMeasures(group: string): boolean {
  return groupNamed(group)?.read !== undefined;
}

/** Run `work` (synchronous: nothing else measures meanwhile) with its measures kept in `group`'s file. */
export function measuringFor<T>(group: string, work: () => T): T {
  const before = current;
  current = groupNamed(group);
  try {
    return work();
  } finally {
    current = before;
  }
}

function groupNamed(name: string): Group | undefined {
  if (!kept) return undefined;
  let group = groups.get(name);
  if (group) return group;
  const file = path.join(kept.dir, name === SHARED_GROUP ? 'shared.json' : `${createHash('sha256').update(name).digest('hex').slice(0, 16)}.json`);
  group = { file, usedWidths: new Set(), usedLayouts: new Set(), measured: 0 };
  groups.set(name, group);
  group.read = readKept(file, kept.version);
  if (group.read) sources.push(group.read);
  return group;
}

function readKept(file: string, version: string): KeptMeasures | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // none yet
  }
  try {
    const body = keptBody(text, 'version', version);
    if (body === undefined) return undefined;
    // Widths and layouts are looked up in the parsed file itself (copying them into the maps cost
    // ~30 ms a build); the rest is small.
    const saved = JSON.parse(body) as KeptMeasures;
    for (const [face, { has, lacks }] of Object.entries(saved.glyphs)) {
      let coverage = glyphCoverage.get(face);
      if (!coverage) glyphCoverage.set(face, (coverage = new Map()));
      for (const cp of has) coverage.set(cp, true);
      for (const cp of lacks) coverage.set(cp, false);
    }
    for (const [family, em] of Object.entries(saved.lineHeightsEm)) if (!lineHeightsEm.has(family)) lineHeightsEm.set(family, em);
    keptMeasuresStats.loaded++;
    return saved;
  } catch {
    // Another format, a truncated, damaged or hand-edited file: measure again, and the next save replaces it.
    keptMeasuresStats.damaged++;
    return undefined;
  }
}

/** The group measures are recorded in now. */
const working = (): Group | undefined => current ?? groupNamed(SHARED_GROUP);

/** A kept measure of one kind: this process's, the working group's file, any file read, then the others (readAllKept). */
function lookUp<V>(part: 'widthsEm' | 'layouts', key: string, inProcess: V | undefined): V | undefined {
  const group = working();
  group?.[part === 'widthsEm' ? 'usedWidths' : 'usedLayouts'].add(key);
  if (inProcess !== undefined) return inProcess;
  const own = group?.read && fromFile<V>(group.read[part] as Record<string, V>, key);
  if (own !== undefined) return own;
  for (let round = 0; round < 2; round++) {
    for (const source of sources) {
      const found = fromFile<V>(source[part] as Record<string, V>, key);
      if (found !== undefined) return found;
    }
    if (allRead || !readAllKept()) return undefined;
  }
  return undefined;
}

/**
 * Read the kept files not read yet, newest first, up to `readLimitBytes` (once a process; a cache of
 * many segments' decks holds more than a build should parse and hold); false when none was read.
 */
function readAllKept(): boolean {
  allRead = true;
  if (!kept) return false;
  let files: { file: string; bytes: number; mtime: number }[];
  try {
    const known = new Set([...groups.values()].map((g) => path.basename(g.file)));
    files = readdirSync(kept.dir)
      .filter((f) => f.endsWith('.json') && !known.has(f))
      .map((f) => {
        const s = statSync(path.join(kept!.dir, f));
        return { file: path.join(kept!.dir, f), bytes: s.size, mtime: s.mtimeMs };
      })
      .sort((a, b) => b.mtime - a.mtime);
  } catch {
    return false;
  }
  let added = false;
  let bytes = 0;
  for (const { file, bytes: size } of files) {
    if (bytes + size > kept.readLimitBytes) break;
    bytes += size;
    const read = readKept(file, kept.version);
    if (read) {
      sources.push(read);
      added = true;
    }
  }
  return added;
}

/** A measure this process took: the working group's file is written at the end. */
function tookMeasure(): void {
  const group = working();
  if (group) group.measured++;
}

/** Write each group's file (atomically) where this build measured, or used measures it does not hold. */
export function saveTextWidths(): void {
  if (!kept) return;
  const dir = kept.dir;
  let wrote = false;
  for (const group of groups.values()) {
    const has = (part: 'widthsEm' | 'layouts', key: string) => fromFile(group.read?.[part] as Record<string, unknown> | undefined, key) !== undefined;
    const complete = [...group.usedWidths].every((k) => has('widthsEm', k)) && [...group.usedLayouts].every((k) => has('layouts', k));
    if (group.measured === 0 && complete) continue;
    // What the file had, and what the group used this time: a deck whose text is edited finds the
    // widths of its unchanged words (laid out once, when first measured) still there.
    const entries = <V>(part: 'widthsEm' | 'layouts', used: Set<string>, inProcess: BoundedCache<string, V>, limit: number) =>
      bounded({ ...(group.read?.[part] as Record<string, V> | undefined), ...usedEntries(part, used, inProcess) }, limit);
    const measures: KeptMeasures = {
      widthsEm: entries('widthsEm', group.usedWidths, textWidthsEm, TEXT_WIDTHS_LIMIT),
      glyphs: glyphsKnown(),
      lineHeightsEm: Object.fromEntries(lineHeightsEm),
      layouts: entries('layouts', group.usedLayouts, textLayouts, TEXT_LAYOUTS_LIMIT),
    };
    // Encoded once, and the header put before the bytes: joined as strings, the JSON (two bytes a
    // character once a CJK string is in it) was copied again on the heap at a build's end, where its RSS peaks.
    const body = Buffer.from(JSON.stringify(measures));
    mkdirSync(dir, { recursive: true });
    writeAtomic(group.file, Buffer.concat([Buffer.from(keptHeader('version', kept.version, body)), body]));
    group.read = measures;
    group.measured = 0;
    wrote = true;
  }
  if (wrote) pruneKept(dir);
}

/** What one group used or measured in this process: its widths and layouts, and every face's coverage and line height known. */
export type GroupMeasures = KeptMeasures;

/**
 * The measures each group used in this process (the bind worker, incremental/bind-worker.ts, hands them
 * to the main thread, which fits and packages the same decks and keeps the files): by group name.
 */
export function exportMeasures(): Record<string, GroupMeasures> {
  const out: Record<string, GroupMeasures> = {};
  const glyphs = glyphsKnown();
  for (const [name, group] of groups) {
    if (group.usedWidths.size === 0 && group.usedLayouts.size === 0) continue;
    out[name] = { widthsEm: usedEntries('widthsEm', group.usedWidths, textWidthsEm), glyphs, lineHeightsEm: Object.fromEntries(lineHeightsEm), layouts: usedEntries('layouts', group.usedLayouts, textLayouts) };
  }
  return out;
}

/** The value of each `used` key of one part of the measures: this process's, else a kept file's (none: left out). */
function usedEntries<V>(part: 'widthsEm' | 'layouts', used: Set<string>, inProcess: BoundedCache<string, V>): Record<string, V> {
  const found: Record<string, V> = {};
  for (const key of used) {
    const value = inProcess.get(key) ?? lookUpQuietly<V>(part, key);
    if (value !== undefined) found[key] = value;
  }
  return found;
}

/** Every face's coverage this process knows, as a kept file holds it. */
function glyphsKnown(): KeptMeasures['glyphs'] {
  const glyphs: KeptMeasures['glyphs'] = {};
  for (const [face, coverage] of glyphCoverage) {
    const entry = (glyphs[face] = { has: [] as number[], lacks: [] as number[] });
    for (const [cp, has] of coverage) (has ? entry.has : entry.lacks).push(cp);
  }
  return glyphs;
}

/** Take another thread's measures (exportMeasures) as if this process had taken them for those groups; saveTextWidths keeps them. */
export function adoptMeasures(byGroup: Readonly<Record<string, GroupMeasures>>): void {
  for (const [name, measures] of Object.entries(byGroup)) {
    for (const [face, { has, lacks }] of Object.entries(measures.glyphs)) {
      let coverage = glyphCoverage.get(face);
      if (!coverage) glyphCoverage.set(face, (coverage = new Map()));
      for (const cp of has) if (!coverage.has(cp)) coverage.set(cp, true);
      for (const cp of lacks) if (!coverage.has(cp)) coverage.set(cp, false);
    }
    for (const [family, em] of Object.entries(measures.lineHeightsEm)) if (!lineHeightsEm.has(family)) lineHeightsEm.set(family, em);
    const group = groupNamed(name);
    for (const [key, em] of Object.entries(measures.widthsEm)) {
      textWidthsEm.set(key, em);
      group?.usedWidths.add(key);
    }
    for (const [key, layout] of Object.entries(measures.layouts)) {
      textLayouts.set(key, layout);
      group?.usedLayouts.add(key);
    }
    if (group) group.measured++;
  }
}

/** A kept value of a file already read, without recording a use. */
function lookUpQuietly<V>(part: 'widthsEm' | 'layouts', key: string): V | undefined {
  for (const source of sources) {
    const found = fromFile<V>(source[part] as Record<string, V>, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Keep the newest KEPT_FILES_LIMIT files. */
function pruneKept(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: path.join(dir, f), mtime: statSync(path.join(dir, f)).mtimeMs }));
  if (files.length <= KEPT_FILES_LIMIT) return;
  files.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of files.slice(KEPT_FILES_LIMIT)) rmSync(file, { force: true });
}

/** A text layout kept under `key` (layout-text.ts), by this build or an earlier one. */
export function keptTextLayout<T>(key: string): T | undefined {
  return lookUp<T>('layouts', key, textLayouts.get(key) as T | undefined);
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
  working()?.usedLayouts.add(key);
  tookMeasure();
}

/** `measure()` for the family's line height, kept between builds. */
export function keptLineHeightEm(family: string, measure: () => number): number {
  let em = lineHeightsEm.get(family);
  if (em === undefined) {
    em = measure();
    lineHeightsEm.set(family, em);
    tookMeasure();
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
  let em = lookUp<number>('widthsEm', key, textWidthsEm.get(key));
  if (typeof em !== 'number') {
    const families = parseFontList(style.family);
    const chain = [...families, ...FALLBACK_FAMILIES.filter((f) => !families.includes(f))];
    em = 0;
    for (const run of splitRuns(text, chain, weight)) em += runWidthEm(run.font, run.text);
    textWidthsEm.set(key, em);
    tookMeasure();
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

/** Controls, line separators, joiners and variation selectors: nothing to draw, so no glyph is missing. */
export function isInvisibleChar(ch: string): boolean {
  return /^[\p{Cc}\p{Zl}\p{Zp}\u200B-\u200D\u2060\uFE00-\uFE0F]$/u.test(ch);
}

/** "U+1F4B8": a character as a GLYPH_MISSING message names it. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** GLYPH_MISSING's characters: `U+26A0 "⚠"`, or `4 characters (U+AC1C "개", U+C120 "선", …)`, the first six named. */
export function missingCharsText(chars: string[]): string {
  const named = chars.slice(0, 6).map((ch) => `${codePointName(ch)} "${ch}"`);
  return chars.length === 1 ? named[0] : `${chars.length} characters (${named.join(', ')}${chars.length > 6 ? ', …' : ''})`;
}

/** Scripts no font surveydeck ships draws, as Unicode names them: a hint names the script, not only its characters. */
const UNSHIPPED_SCRIPTS = ['Arabic', 'Hebrew', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Tibetan', 'Armenian', 'Georgian', 'Ethiopic', 'Syriac', 'Thaana'] as const;
const SCRIPT_PATTERNS = UNSHIPPED_SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** The scripts of `chars` that no shipped font draws ("Arabic", "Thai"), in the order met. */
function unshippedScripts(chars: string[]): string[] {
  const out = new Set<string>();
  for (const ch of chars) for (const [name, re] of SCRIPT_PATTERNS) if (re.test(ch)) out.add(name);
  return [...out];
}

/** A GLYPH_MISSING hint's opening when whole scripts are missing: the fonts cover Latin, Greek, Cyrillic, Chinese, Japanese and Korean. */
export function scriptHint(chars: string[]): string {
  const scripts = unshippedScripts(chars);
  return scripts.length === 0 ? '' : `no font surveydeck ships draws ${scripts.join(' or ')} (its fonts draw Latin, Greek, Cyrillic, Chinese, Japanese and Korean script); `;
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
    tookMeasure();
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

/**
 * Whether slide viewers draw `codePoint` with a run's East Asian typeface (`<a:ea>`) rather than its
 * Latin one: CJK radicals to CJK ideographs (with kana, bopomofo and CJK punctuation), Hangul,
 * compatibility ideographs and forms, fullwidth forms, and the supplementary ideograph planes.
 */
export function isEastAsianCodePoint(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7af) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xffef) ||
    (codePoint >= 0x20000 && codePoint <= 0x3134f)
  );
}

/**
 * The family a Latin-script deck names as its East Asian typeface (`<a:ea>`) for East Asian characters
 * its own faces lack (a Japanese answer in an English deck): the first of FALLBACK_FAMILIES that has
 * every such character of `texts`, the one measuring draws them with; undefined when the deck's faces
 * have them all (nothing is named, nothing more is embedded) or no fallback has them all.
 */
export function eastAsianFallbackFor(texts: Iterable<string>, families: readonly string[]): FontFamily | undefined {
  const faces = families.filter(isKnownFamily).flatMap((f) => [faceOf(f, 400), faceOf(f, 700)]);
  const lacking = new Set<number>();
  for (const text of texts) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (!isEastAsianCodePoint(cp) || lacking.has(cp)) continue;
      if (!faces.some((face) => fontHasGlyph(face, cp))) lacking.add(cp);
    }
  }
  if (lacking.size === 0) return undefined;
  return FALLBACK_FAMILIES.find((f) => [...lacking].every((cp) => fontHasGlyph(faceOf(f, 400), cp)));
}
