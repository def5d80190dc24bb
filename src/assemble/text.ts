// Assemble stage: Paragraph[] (the IR's rich text) → pptxgenjs text runs. Pure translation: every run
// becomes a real, editable <a:r> with its own formatting and the deck's language.
import { protectSequences } from '../fonts/line-break.js';
import type { TextProps, TextPropsOptions } from './pptx.js';
import type { Paragraph } from '../ir.js';
import { BULLET_INDENT_PT } from '../layout/geometry.js';

export interface RunStyle {
  fontFace: string;
  fontSizePt: number;
  color: string;
  linkColor: string;
  lang: string;
  /** Space after each paragraph, points. */
  paraSpaceAfterPt?: number;
  /** Colour of bullets and numbers. */
  bulletColor?: string;
}


export function paragraphsToRuns(paragraphs: Paragraph[], style: RunStyle): TextProps[] {
  const out: TextProps[] = [];
  paragraphs.forEach((p, pi) => {
    const last = pi === paragraphs.length - 1;
    const runs = protectRuns(p.runs.length > 0 ? p.runs : [{ text: '' }]);
    runs.forEach((run, ri) => {
      const options: TextPropsOptions = {
        fontFace: style.fontFace,
        fontSize: style.fontSizePt,
        color: run.href ? style.linkColor : style.color,
        lang: style.lang,
      };
      if (run.bold) options.bold = true;
      if (run.italic && !uprightOnly(style.lang)) options.italic = true;
      if (run.href) options.hyperlink = { url: run.href };
      if (ri === 0) {
        // pptxgenjs starts a new paragraph at a run that has `bullet`, so only the first run carries it.
        if (p.bulletLevel > 0) {
          options.bullet = p.numbered ? { type: 'number', indent: BULLET_INDENT_PT } : { indent: BULLET_INDENT_PT };
          if (p.bulletLevel > 1) options.indentLevel = p.bulletLevel - 1;
        }
        if (style.paraSpaceAfterPt) options.paraSpaceAfter = style.paraSpaceAfterPt;
      }
      if (ri === runs.length - 1 && !last) options.breakLine = true;
      out.push(...splitAtLineBreaks(run.text, options));
    });
  });
  return out;
}

/**
 * A run with line breaks inside its paragraph (U+2028, where the fit measured a Chinese or Japanese line
 * to end: src/fit/cjk-lines.ts) → one run per line, each after the first starting with `<a:br/>`. The
 * paragraph's own properties (bullet, spacing) stay on the first piece, its end on the last.
 */
function splitAtLineBreaks(text: string, options: TextPropsOptions): TextProps[] {
  if (!text.includes('\u2028')) return [{ text, options }];
  const { breakLine, ...first } = options;
  const rest: TextPropsOptions = { ...first };
  delete rest.bullet;
  delete rest.indentLevel;
  delete rest.paraSpaceAfter;
  const pieces = text.split('\u2028');
  return pieces.flatMap((piece, i) => {
    const last = i === pieces.length - 1;
    const base = i === 0 ? first : { ...rest, softBreakBefore: true };
    // An empty first piece: the break falls at the run's start; the next piece carries it.
    if (!piece && i === 0) return [];
    return [{ text: piece, options: last && breakLine ? { ...base, breakLine } : base }];
  });
}

/**
 * Chinese and Japanese have no italic: the fonts have none, so renderers slant the glyphs (synthetic
 * oblique), which readers take for an error. Emphasis there stays upright.
 */
export function uprightOnly(lang: string): boolean {
  return /^(zh|ja)\b/i.test(lang);
}

/**
 * No-break spaces and hyphens where a renderer must not break ("n = 64", "84 %", "-Communities"):
 * PowerPoint and LibreOffice wrap slide text themselves and honour only those. Applied to the
 * paragraph as a whole (a sequence may span runs); the fit measures the same characters.
 */
function protectRuns<R extends { text: string }>(runs: R[]): R[] {
  const protectedText = protectSequences(runs.map((r) => r.text).join(''));
  let at = 0;
  return runs.map((r) => ({ ...r, text: protectedText.slice(at, (at += r.text.length)) }));
}
