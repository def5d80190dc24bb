// Assemble stage: Paragraph[] (the IR's rich text) → pptxgenjs text runs. Pure translation: every run
// becomes a real, editable <a:r> with its own formatting and the deck's language.
import { protectSequences } from '../fonts/line-break.js';
import type { TextProps, TextPropsOptions } from './pptx.js';
import type { Paragraph } from '../ir.js';

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

/** Bullet hanging indent, points; levels step by this much. */
export const BULLET_INDENT_PT = 22;

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
      out.push({ text: run.text, options });
    });
  });
  return out;
}

/** Plain text as paragraphs, one per line: what `plainRuns` writes, for the text fitter to measure. */
export function plainParagraphs(text: string): Paragraph[] {
  return text.split(/\r?\n/).map((line) => ({ runs: [{ text: line }], bulletLevel: 0 }));
}

/** Plain text, one paragraph per line. */
export function plainRuns(text: string, style: RunStyle, extra: TextPropsOptions = {}): TextProps[] {
  const { italic, ...rest } = extra;
  const more = italic && !uprightOnly(style.lang) ? { ...rest, italic } : rest;
  return paragraphsToRuns(plainParagraphs(text), style).map((r) => ({ ...r, options: { ...r.options, ...more } }));
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

// The decorations the builders add around bound text. Shared with textBoxes() so the fitter measures
// the characters that are written, not the bare strings.
/** The quote as bound: its quotation marks come from the locale's catalogue (“…”, „…“, « … », 「…」). */
export const quoteText = (text: string): string => text;
export const attributionText = (who: string): string => `— ${who}`;
/** The warning flag's text. Its icon is a drawn triangle (warningFlagBoxes): ⚠ is in no brand's body font. */
export const warningText = (warning: string): string => warning;
