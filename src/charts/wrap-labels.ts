// Charts stage: wrap long category labels onto lines that fit a pixel width, measured with the real
// font. Lines break between words and Chinese/Japanese phrases, never inside "n = 64" or "84 %"
// (src/fonts/line-break.ts); a unit wider than the line splits at its fallbacks (German hyphenation
// points, ending the line in "-"; characters of a CJK phrase). Pure (the measurer reads font files).
import { lineBreakUnits, measureTextWidthPx, type TextStyle } from '../fonts/index.js';

/** Separator between wrapped lines; specs split on it in `labelExpr`. */
export const LABEL_LINE_SEPARATOR = '\n';

/**
 * Lines of `text`, each at most `widthPx` wide where break opportunities allow (a single word wider
 * than that stays whole on its own line: text is never cut), as even as the line count allows.
 */
export function wrapToWidth(text: string, style: TextStyle, widthPx: number, locale?: string): string[] {
  return wrapSegments(measureSegments(text, style, locale), widthPx).lines;
}

/**
 * The pieces of `text` between break opportunities with their widths at `style` (widths scale with
 * the size, so callers trying several sizes measure once at 1 px and use `scaleSegments`). Measuring
 * every candidate line anew made laying out a 10-label CJK axis take seconds.
 */
export function measureSegments(text: string, style: TextStyle, locale?: string): Segment[] {
  const flat = text.replaceAll(LABEL_LINE_SEPARATOR, ' ');
  const hyphenPx = measureTextWidthPx(HYPHEN, style);
  const measure = (piece: string, hyphen = false): Segment => ({
    text: piece,
    widthPx: measureTextWidthPx(piece, style),
    trimmedWidthPx: measureTextWidthPx(piece.trimEnd(), style) + (hyphen ? hyphenPx : 0),
    ...(hyphen ? { hyphen: true } : {}),
  });
  return lineBreakUnits(flat, { locale, hyphenate: true }).map((unit) => ({
    ...measure(unit.text),
    ...(unit.parts.length > 1 ? { parts: unit.parts.map((p) => measure(p.text, p.hyphen)) } : {}),
  }));
}

export function scaleSegments(segments: Segment[], factor: number): Segment[] {
  const scale = (s: Segment): Segment => ({
    ...s,
    widthPx: s.widthPx * factor,
    trimmedWidthPx: s.trimmedWidthPx * factor,
    ...(s.parts ? { parts: s.parts.map(scale) } : {}),
  });
  return segments.map(scale);
}

/** What a line broken at a hyphenation point ends with. */
const HYPHEN = '-';

/** Lines for measured segments (see `wrapToWidth`), and the widest one's width from the segment sums. */
export function wrapSegments(segments: Segment[], widthPx: number): Wrapped {
  const total = segments.reduce((w, s, i) => w + (i === segments.length - 1 ? s.trimmedWidthPx : s.widthPx), 0);
  if (total <= widthPx) return { lines: [segments.map((s) => s.text).join('').trim()], widestPx: total };
  return balanceLines(segments, greedyLines(segments, widthPx), widthPx);
}

export interface Wrapped {
  lines: string[];
  widestPx: number;
}

export interface Segment {
  text: string;
  widthPx: number;
  /** Without trailing spaces (with the hyphen, for a hyphenation point): what it adds when it ends a line. */
  trimmedWidthPx: number;
  /** A line ending after it shows a hyphen. */
  hyphen?: boolean;
  /** Where the unit may split when it alone is wider than a line. */
  parts?: Segment[];
}

/**
 * Same number of lines, but as even as possible: the narrowest width that still needs no more lines
 * (so "…across every / product team" does not leave one word alone on the last line).
 */
function balanceLines(segments: Segment[], lines: Wrapped, widthPx: number): Wrapped {
  if (lines.lines.length < 2) return lines;
  // A loop, not Math.max(...): spreading 200k segments as arguments overflows the stack.
  let lo = segments.reduce((widest, s) => (s.parts ?? [s]).reduce((w, p) => Math.max(w, p.trimmedWidthPx), widest), 0);
  let hi = widthPx;
  let best = lines;
  for (let i = 0; i < 12 && hi - lo > 1; i++) {
    const mid = (lo + hi) / 2;
    const attempt = greedyLines(segments, mid);
    if (attempt.lines.length <= lines.lines.length) {
      best = attempt;
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}

/** Widest line of a wrapped label, px. */
export function wrappedWidthPx(lines: string[], style: TextStyle): number {
  return lines.reduce((widest, l) => Math.max(widest, measureTextWidthPx(l, style)), 0);
}

function greedyLines(units: Segment[], widthPx: number): Wrapped {
  // A unit wider than the line goes in by its parts (hyphenation points, characters of a phrase).
  const segments = units.flatMap((u) => (u.parts && u.trimmedWidthPx > widthPx ? u.parts : [u]));
  const lines: string[] = [];
  let widestPx = 0;
  let line = '';
  let lineWidthPx = 0;
  let lineEndPx = 0;
  let endsInHyphen = false;
  for (const seg of segments) {
    if (line && lineWidthPx + seg.trimmedWidthPx > widthPx) {
      lines.push(line.trimEnd() + (endsInHyphen ? HYPHEN : ''));
      widestPx = Math.max(widestPx, lineEndPx);
      line = seg.text.trimStart();
      lineWidthPx = seg.widthPx;
      lineEndPx = seg.trimmedWidthPx;
    } else {
      line += seg.text;
      lineEndPx = lineWidthPx + seg.trimmedWidthPx;
      lineWidthPx += seg.widthPx;
    }
    endsInHyphen = !!seg.hyphen;
  }
  if (line.trim()) {
    lines.push(line.trimEnd());
    widestPx = Math.max(widestPx, lineEndPx);
  }
  return { lines, widestPx };
}
