// Fonts: lay out the text of one box at one size the way a slide renderer does (layout sizes boxes to
// it, fit checks them) — break opportunities from UAX #14 with kinsoku, never inside the protected sequences the package writes
// with no-break spaces ("n = 64", "84 %"), Chinese and Japanese by phrase (budoux; a phrase wider than
// the line between its words, a word wider than that by character), greedy fill, advances from the font
// files the deck names, LibreOffice's gap between Asian and Latin text — and report lines and height.
// Chinese and Japanese lines are then written as measured (src/fit/cjk-lines.ts). Pure over the font files.
import { faceForCodePoint, facesOf, lineBreakUnits, measureTextWidthPx, parseFontList, protectSequences, FALLBACK_FAMILIES, type FontFamily } from './index.js';
import { createHash } from 'node:crypto';
import { keepTextLayout, keptLineHeightEm, keptTextLayout, openFont } from './measure.js';
import type { Paragraph } from '../ir.js';

/** Points per inch. */
export const PT_PER_IN = 72;

/**
 * PowerPoint's single line spacing is about 1.2 × the font size; LibreOffice uses the font's own
 * ascent + descent + line gap, which is larger for some of our faces (Source Sans 3 1.42, Noto Sans
 * SC/JP 1.45). We take the larger of the two so the text fits in both.
 */
export const MIN_LINE_HEIGHT_EM = 1.2;

/**
 * Lines are filled to this share of the available width. Renderers differ from fontkit by a fraction of
 * a percent (hinting, rounding of advances at display size); a line measured at 99.9 % would wrap in one
 * of them and push the box one line over.
 */
export const WIDTH_SAFETY = 0.98;

export interface TextLayoutInput {
  paragraphs: Paragraph[];
  /** CSS font list, Latin family first, e.g. `"Inter", "Noto Sans SC"`. */
  fontFamily: string;
  fontSizePt: number;
  /** Every run is bold (runs may also be bold on their own). */
  bold?: boolean;
  /** Content width, points (box width less insets). */
  widthPt: number;
  /** Hanging indent per bullet level, points: bulleted lines start this much further right per level. */
  bulletIndentPt: number;
  /** Space after each paragraph but the last, points. */
  paraSpaceAfterPt: number;
  /** BCP 47 tag of the text: the phrase model for Chinese and Japanese. */
  locale?: string;
}

export interface TextLayout {
  fontSizePt: number;
  /** Lines per paragraph, as text. */
  lines: string[][];
  lineCount: number;
  lineHeightPt: number;
  /** Height of all lines plus paragraph spacing, points. */
  heightPt: number;
  /** Largest (line width / width available to that line): ≤ WIDTH_SAFETY unless a word was too long. */
  widthRatio: number;
  /** The first word wider than its line, when there is one; it was broken between characters. */
  overlongWord?: string;
}

/**
 * Lay out the paragraphs at `fontSizePt`. A pure function of the input (and the font files): each
 * layout is kept by a hash of its input (144 bits of sha256), in this process and between builds
 * (measure.ts), so a box measured once at a size is not broken into lines again. Callers must not
 * change the layout they get.
 */
export function layoutText(input: TextLayoutInput): TextLayout {
  const key = createHash('sha256').update(JSON.stringify(input)).digest('base64').slice(0, 24);
  const kept = keptTextLayout<TextLayout>(key);
  if (kept) return kept;
  const layout = computeLayout(input);
  if (keepable(layout)) keepTextLayout(key, layout);
  return layout;
}

/** Only a layout JSON gives back exactly is kept: every number finite (a box of no width gives Infinity). */
function keepable(layout: TextLayout): boolean {
  return [layout.fontSizePt, layout.lineCount, layout.lineHeightPt, layout.heightPt, layout.widthRatio].every((n) => Number.isFinite(n) && !Object.is(n, -0));
}

function computeLayout(input: TextLayoutInput): TextLayout {
  const { fontSizePt } = input;
  const lines: string[][] = [];
  let widthRatio = 0;
  let overlongWord: string | undefined;
  for (const p of input.paragraphs) {
    const availablePt = input.widthPt - (p.bulletLevel > 0 ? p.bulletLevel * input.bulletIndentPt : 0);
    const result = breakParagraph(p, input, availablePt * WIDTH_SAFETY);
    lines.push(result.lines.map((l) => l.text));
    widthRatio = Math.max(widthRatio, ...result.lines.map((l) => l.widthPt / availablePt));
    overlongWord ??= result.overlongWord;
  }
  const lineCount = lines.reduce((n, l) => n + l.length, 0);
  const lineHeightPt = fontSizePt * lineHeightEm(input.fontFamily, input.paragraphs, input.bold);
  const heightPt = lineCount * lineHeightPt + Math.max(0, input.paragraphs.length - 1) * input.paraSpaceAfterPt;
  return { fontSizePt, lines, lineCount, lineHeightPt, heightPt, widthRatio, ...(overlongWord ? { overlongWord } : {}) };
}

interface Line {
  text: string;
  /** Width without trailing spaces, points. */
  widthPt: number;
}

/** A piece of the paragraph between two break opportunities, with its runs' weights. */
interface Segment {
  pieces: { text: string; weight: 400 | 700 }[];
  text: string;
  /** A line must end after this segment (a hard line break inside the paragraph). */
  required: boolean;
  /** A CJK phrase cut where a renderer may break it when it alone is wider than the line. */
  parts?: Segment[];
  /** A part of a phrase that ends between two words (a better place to cut the phrase than inside one). */
  wordEnd?: boolean;
}

function breakParagraph(p: Paragraph, input: TextLayoutInput, limitPt: number): { lines: Line[]; overlongWord?: string } {
  // LibreOffice's gap between Asian and other text, at each change of script the segment adds to the line.
  const gapPt = p.runs.some((r) => ASIAN.test(r.text)) ? (input.fontSizePt * lineHeightEm(input.fontFamily, input.paragraphs, input.bold)) / 5 : 0;
  const gap = (seg: Segment) => (gapPt ? gapPt * (scriptChanges(cur.text + seg.text) - scriptChanges(cur.text)) : 0);
  const width = (seg: Segment, trimEnd: boolean) => segmentWidthPt(seg, input, trimEnd) + gap(seg);
  const lines: Line[] = [];
  let cur = { text: '', fullPt: 0, trimmedPt: 0 };
  let overlongWord: string | undefined;
  const flush = () => {
    lines.push({ text: cur.text.trimEnd(), widthPt: cur.trimmedPt });
    cur = { text: '', fullPt: 0, trimmedPt: 0 };
  };
  const append = (seg: Segment) => {
    const trimmed = width(seg, true);
    cur = { text: cur.text + seg.text, trimmedPt: cur.fullPt + trimmed, fullPt: cur.fullPt + width(seg, false) };
  };
  for (const seg of segmentsOf(p, input.bold, input.locale)) {
    let trimmedPt = width(seg, true);
    if (cur.text && cur.fullPt + trimmedPt > limitPt) {
      flush();
      trimmedPt = width(seg, true);
    }
    if (!cur.text && trimmedPt > limitPt && seg.parts) {
      // A phrase wider than the line: cut between its words, and a word wider than the line between
      // characters (kinsoku kept). Not a misfit: the lines are written as measured (src/fit/cjk-lines.ts).
      for (const word of wordsOf(seg.parts)) {
        if (cur.text && cur.fullPt + width(word, true) > limitPt) flush();
        if (!cur.text && width(word, true) > limitPt && word.parts) {
          for (const part of word.parts) {
            if (cur.text && cur.fullPt + width(part, true) > limitPt) flush();
            append(part);
          }
        } else append(word);
      }
    } else if (!cur.text && trimmedPt > limitPt) {
      // A word wider than the line: renderers break it between characters. Do the same so the line
      // count is honest, and report it — a word cut in the middle is not a fit.
      overlongWord ??= seg.text.trim();
      for (const g of graphemesOf(seg)) {
        if (cur.text && cur.fullPt + width(g, true) > limitPt) flush();
        append(g);
      }
    } else {
      append(seg);
    }
    if (seg.required) flush();
  }
  if (cur.text || lines.length === 0) flush();
  return { lines, ...(overlongWord ? { overlongWord } : {}) };
}

/** Characters LibreOffice sets as Asian script: Han, kana, CJK punctuation, full-width forms. */
const ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\u30FC\uFF00-\uFFEF]/u;

/**
 * Changes between Asian and other letters or digits in the text. LibreOffice puts a gap there (its
 * "space between Asian and non-Asian text", on by default in Impress): a fifth of the portion's text
 * height, about 0.25–0.3 em ("OSPO の", "84% が"), which PowerPoint does not. The fit counts it, so a
 * line it measured (and writes as a line of its own, src/fit/cjk-lines.ts) fits in both. Spaces and
 * punctuation are weak: they take the script before them.
 */
export function scriptChanges(text: string): number {
  let changes = 0;
  let last: boolean | undefined;
  for (const ch of text) {
    const asian = ASIAN.test(ch);
    if (!asian && !/[\p{L}\p{N}]/u.test(ch)) continue;
    if (last !== undefined && last !== asian) changes++;
    last = asian;
  }
  return changes;
}

function segmentsOf(p: Paragraph, allBold = false, locale?: string): Segment[] {
  // What the package writes (src/assemble/text.ts): same length, no-break spaces where protected.
  const text = protectSequences(p.runs.map((r) => r.text).join(''));
  const weights: (400 | 700)[] = [];
  for (const r of p.runs) for (let i = 0; i < r.text.length; i++) weights.push(allBold || r.bold ? 700 : 400);
  const segments: Segment[] = [];
  let at = 0;
  for (const unit of lineBreakUnits(text, { locale })) {
    const seg = segmentAt(text, weights, at, at + unit.text.length, unit.required);
    if (unit.parts.length > 1) {
      let from = at;
      seg.parts = unit.parts.map((part) => ({ ...segmentAt(text, weights, from, (from += part.text.length), false), ...(part.word ? { wordEnd: true } : {}) }));
    }
    if (seg.text || seg.required) segments.push(seg);
    at += unit.text.length;
  }
  return segments;
}

function segmentAt(text: string, weights: (400 | 700)[], from: number, to: number, required: boolean): Segment {
  const pieces: Segment['pieces'] = [];
  for (let i = from; i < to; i++) {
    const lastPiece = pieces[pieces.length - 1];
    if (lastPiece && lastPiece.weight === weights[i]) lastPiece.text += text[i];
    else pieces.push({ text: text[i], weight: weights[i] });
  }
  // Line feeds and the like take no room; the break they cause is carried by `required`.
  const clean = pieces.map((pc) => ({ ...pc, text: pc.text.replace(/[\r\n\u2028\u2029]/g, '') })).filter((pc) => pc.text);
  return { pieces: clean, text: clean.map((pc) => pc.text).join(''), required };
}

/** A phrase's parts grouped into its words: parts up to one that ends between words make a word. */
function wordsOf(parts: Segment[]): Segment[] {
  const words: Segment[] = [];
  let run: Segment[] = [];
  parts.forEach((part, i) => {
    run.push(part);
    if (!part.wordEnd && i < parts.length - 1) return;
    const pieces = run.flatMap((r) => r.pieces);
    words.push({ pieces, text: run.map((r) => r.text).join(''), required: false, ...(run.length > 1 ? { parts: run } : {}) });
    run = [];
  });
  return words;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemesOf(seg: Segment): Segment[] {
  return seg.pieces.flatMap((pc) => [...segmenter.segment(pc.text)].map((g) => ({ pieces: [{ text: g.segment, weight: pc.weight }], text: g.segment, required: false })));
}

function segmentWidthPt(seg: Segment, input: TextLayoutInput, trimEnd: boolean): number {
  let pieces = seg.pieces;
  if (trimEnd) {
    pieces = pieces.map((pc) => ({ ...pc }));
    for (let i = pieces.length - 1; i >= 0; i--) {
      pieces[i].text = pieces[i].text.trimEnd();
      if (pieces[i].text) break;
    }
  }
  // measureTextWidthPx returns widths in the unit of `sizePx`; passing points gives points.
  return pieces.reduce((sum, pc) => sum + measureTextWidthPx(pc.text, { family: input.fontFamily, weight: pc.weight, sizePx: input.fontSizePt }), 0);
}

/** Line height as a multiple of the font size: the tallest face that draws a character of the box. */
function lineHeightEm(fontFamily: string, paragraphs: Paragraph[], allBold = false): number {
  const families = parseFontList(fontFamily);
  const chain = [...families, ...FALLBACK_FAMILIES.filter((f) => !families.includes(f))];
  const used = new Set<FontFamily>(families.slice(0, 1));
  for (const p of paragraphs) {
    for (const r of p.runs) {
      for (const ch of r.text) {
        const face = faceForCodePoint(ch.codePointAt(0)!, chain, allBold || r.bold ? 700 : 400);
        if (face) used.add(face.family);
      }
    }
  }
  return Math.max(MIN_LINE_HEIGHT_EM, ...[...used].map(fontLineHeightEm));
}

/** (ascent + descent + line gap) / units per em, from the family's regular Latin face (hhea). */
export function fontLineHeightEm(family: FontFamily): number {
  return keptLineHeightEm(family, () => {
    const face = facesOf(family).find((f) => f.weight === 400)!;
    // Read from the package's file: the vertical metrics need no cached copy (and no fontconfig change).
    const font = openFont(face.file);
    return (font.ascent - font.descent + font.lineGap) / font.unitsPerEm;
  });
}

/** A CSS font list for the measurer, every name quoted (`Source Sans 3` is not a valid bare name). */
export function cssFontList(...families: (string | undefined)[]): string {
  return [...new Set(families.filter((f): f is string => !!f))].map((f) => JSON.stringify(f)).join(', ');
}
