// Charts stage: wrap long category labels onto lines that fit a pixel width, measured with the real
// font; breaks at UAX #14 opportunities (word boundaries in Latin text, between characters in CJK).
// Pure (font files are read by the measurer).
import LineBreaker from 'linebreak';
import { measureTextWidthPx, type TextStyle } from '../fonts/index.js';

/** Separator between wrapped lines; specs split on it in `labelExpr`. */
export const LABEL_LINE_SEPARATOR = '\n';

/**
 * Lines of `text`, each at most `widthPx` wide where break opportunities allow (a single word wider
 * than that stays whole on its own line: text is never cut), as even as the line count allows.
 */
export function wrapToWidth(text: string, style: TextStyle, widthPx: number): string[] {
  return wrapSegments(measureSegments(text, style), widthPx).lines;
}

/**
 * The pieces of `text` between break opportunities with their widths at `style` (widths scale with
 * the size, so callers trying several sizes measure once at 1 px and use `scaleSegments`). Measuring
 * every candidate line anew made laying out a 10-label CJK axis take seconds.
 */
export function measureSegments(text: string, style: TextStyle): Segment[] {
  const flat = text.replaceAll(LABEL_LINE_SEPARATOR, ' ');
  return breakSegments(flat).map((piece) => ({
    text: piece,
    widthPx: measureTextWidthPx(piece, style),
    trimmedWidthPx: measureTextWidthPx(piece.trimEnd(), style),
  }));
}

export function scaleSegments(segments: Segment[], factor: number): Segment[] {
  return segments.map((s) => ({ text: s.text, widthPx: s.widthPx * factor, trimmedWidthPx: s.trimmedWidthPx * factor }));
}

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
  /** Without trailing spaces: what it adds when it ends a line. */
  trimmedWidthPx: number;
}

/**
 * Same number of lines, but as even as possible: the narrowest width that still needs no more lines
 * (so "…across every / product team" does not leave one word alone on the last line).
 */
function balanceLines(segments: Segment[], lines: Wrapped, widthPx: number): Wrapped {
  if (lines.lines.length < 2) return lines;
  // A loop, not Math.max(...): spreading 200k segments as arguments overflows the stack.
  let lo = segments.reduce((widest, s) => Math.max(widest, s.trimmedWidthPx), 0);
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

function breakSegments(text: string): string[] {
  const breaker = new LineBreaker(text);
  const segments: string[] = [];
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    if (bk.position > last) segments.push(text.slice(last, bk.position));
    last = bk.position;
  }
  if (last < text.length) segments.push(text.slice(last));
  return segments;
}

function greedyLines(segments: Segment[], widthPx: number): Wrapped {
  const lines: string[] = [];
  let widestPx = 0;
  let line = '';
  let lineWidthPx = 0;
  let lineEndPx = 0;
  for (const seg of segments) {
    if (line && lineWidthPx + seg.trimmedWidthPx > widthPx) {
      lines.push(line.trimEnd());
      widestPx = Math.max(widestPx, lineEndPx);
      line = seg.text.trimStart();
      lineWidthPx = seg.widthPx;
      lineEndPx = seg.trimmedWidthPx;
    } else {
      line += seg.text;
      lineEndPx = lineWidthPx + seg.trimmedWidthPx;
      lineWidthPx += seg.widthPx;
    }
  }
  if (line.trim()) {
    lines.push(line.trimEnd());
    widestPx = Math.max(widestPx, lineEndPx);
  }
  return { lines, widestPx };
}
