// Fit stage, Chinese and Japanese: the lines the fit measured, written into the text as line breaks.
// Pure: a fitted text box and its layout → the same box with U+2028 where each measured line ends.
//
// PowerPoint and LibreOffice break Chinese and Japanese between any two characters ("セキュ/リティ",
// "上/位"), and neither keeps a phrase together for any character we could put inside it: LibreOffice
// 7 ignores U+2060 WORD JOINER between ideographs and draws U+FEFF as a gap (rendered and compared).
// The fit measures phrase by phrase (budoux, kinsoku from UAX #14), so it knows lines a
// reader accepts; assemble writes each as its own line (`<a:br/>` inside the paragraph). Shown and
// measured lines are then the same, and a box sized to the measured lines has no empty last lines.
import { protectSequences } from '../fonts/line-break.js';
import type { TextLayout } from '../fonts/layout-text.js';
import type { Paragraph, TextBox } from '../ir.js';

/** A line break inside a paragraph (assemble writes `<a:br/>`); the fit measures it as a required break. */
export const LINE_BREAK = '\u2028';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Characters the measurement drops (their break is carried as a required break). */
const DROPPED = /[\r\n\u2028\u2029]/;

/**
 * The box with a LINE_BREAK at the start of every measured line but the first, in each paragraph that
 * holds Chinese or Japanese text and wraps. `layout` is the box laid out at the size it is written with.
 * Paragraphs of Latin text only are left to the renderer, which breaks them at spaces as the fit does.
 */
export function withMeasuredLineBreaks(box: TextBox, layout: TextLayout): TextBox {
  let changed = false;
  const paragraphs = box.paragraphs.map((p, i) => {
    const lines = layout.lines[i];
    if (!lines || lines.length < 2 || !p.runs.some((r) => CJK.test(r.text))) return p;
    const starts = lineStarts(p, lines);
    if (starts.length === 0) return p;
    changed = true;
    return breakRunsAt(p, starts);
  });
  return changed ? { ...box, paragraphs } : box;
}

/**
 * Offsets in the paragraph's text where measured lines 2.. start and no break is written yet, or []
 * when the lines are not the paragraph's text (never expected: then the renderer wraps as before).
 */
export function lineStarts(p: Paragraph, lines: string[]): number[] {
  // The measurement lays out the protected text (same length: no-break spaces in "n = 64").
  const text = protectSequences(p.runs.map((r) => r.text).join(''));
  const starts: number[] = [];
  let at = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    for (let k = 0; k < line.length; ) {
      if (at >= text.length) return [];
      if (DROPPED.test(text[at])) at++;
      else if (text[at] === line[k]) (at++, k++);
      else return [];
    }
    if (li === lines.length - 1) break;
    // The spaces a line ends with are trimmed from it; the next line starts after them.
    let hardBreak = false;
    while (at < text.length && (/\s/.test(text[at]) || DROPPED.test(text[at]))) {
      if (DROPPED.test(text[at])) hardBreak = true;
      at++;
    }
    if (at >= text.length) return [];
    if (!hardBreak) starts.push(at);
  }
  return starts;
}

/** The paragraph with LINE_BREAK inserted at each offset (offsets ascending, inside the text). */
function breakRunsAt(p: Paragraph, starts: number[]): Paragraph {
  let from = 0;
  let next = 0;
  const runs = p.runs.map((run) => {
    const to = from + run.text.length;
    let text = '';
    let copied = from;
    while (next < starts.length && starts[next] < to) {
      text += run.text.slice(copied - from, starts[next] - from) + LINE_BREAK;
      copied = starts[next];
      next++;
    }
    text += run.text.slice(copied - from);
    from = to;
    return text === run.text ? run : { ...run, text };
  });
  return { ...p, runs };
}
