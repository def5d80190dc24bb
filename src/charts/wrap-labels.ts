// Charts stage: wrap long category labels onto lines that fit a pixel width, measured with the real
// font; breaks at UAX #14 opportunities (word boundaries in Latin text, between characters in CJK).
// Pure (font files are read by the measurer).
import LineBreaker from 'linebreak';
import { measureTextWidthPx, type TextStyle } from '../fonts/index.js';

/** Separator between wrapped lines; specs split on it in `labelExpr`. */
export const LABEL_LINE_SEPARATOR = '\n';

export interface WrapOptions {
  maxWidthPx: number;
  /** Lines wanted at most; the width grows (up to `capWidthPx`) before a 4th line is accepted. */
  maxLines: number;
  /** Hard upper bound for the width. Text is never cut: past the cap, more lines are used. */
  capWidthPx: number;
}

/** Lines of `text`, each at most the chosen width where word boundaries allow. */
export function wrapLabel(text: string, style: TextStyle, opts: WrapOptions): string[] {
  const measure = (s: string) => measureTextWidthPx(s, style);
  if (measure(text) <= opts.maxWidthPx) return [text];
  const segments = breakSegments(text);
  let widthPx = opts.maxWidthPx;
  let lines = greedyLines(segments, widthPx, measure);
  while (lines.length > opts.maxLines && widthPx < opts.capWidthPx) {
    widthPx = Math.min(opts.capWidthPx, widthPx * 1.15);
    lines = greedyLines(segments, widthPx, measure);
  }
  return balanceLines(segments, lines, widthPx, measure);
}

/**
 * Same number of lines, but as even as possible: the narrowest width that still needs no more lines
 * (so "…across every / product team" does not leave one word alone on the last line).
 */
function balanceLines(segments: string[], lines: string[], widthPx: number, measure: (s: string) => number): string[] {
  if (lines.length < 2) return lines;
  let lo = Math.max(...segments.map((s) => measure(s.trim())));
  let hi = widthPx;
  let best = lines;
  for (let i = 0; i < 12 && hi - lo > 1; i++) {
    const mid = (lo + hi) / 2;
    const attempt = greedyLines(segments, mid, measure);
    if (attempt.length <= lines.length) {
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
  return Math.max(0, ...lines.map((l) => measureTextWidthPx(l, style)));
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

function greedyLines(segments: string[], widthPx: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const seg of segments) {
    const candidate = line + seg;
    if (line && measure(candidate.trimEnd()) > widthPx) {
      lines.push(line.trimEnd());
      line = seg.trimStart();
    } else {
      line = candidate;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
