// Assemble stage: Paragraph[] (the IR's rich text) → pptxgenjs text runs. Pure translation: every run
// becomes a real, editable <a:r> with its own formatting and the deck's language.
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
    const runs = p.runs.length > 0 ? p.runs : [{ text: '' }];
    runs.forEach((run, ri) => {
      const options: TextPropsOptions = {
        fontFace: style.fontFace,
        fontSize: style.fontSizePt,
        color: run.href ? style.linkColor : style.color,
        lang: style.lang,
      };
      if (run.bold) options.bold = true;
      if (run.italic) options.italic = true;
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
  return paragraphsToRuns(plainParagraphs(text), style).map((r) => ({ ...r, options: { ...r.options, ...extra } }));
}

// The decorations the builders add around bound text. Shared with textBoxes() so the fitter measures
// the characters that are written, not the bare strings.
/** The quote as bound: its quotation marks come from the locale's catalogue (“…”, „…“, « … », 「…」). */
export const quoteText = (text: string): string => text;
export const attributionText = (who: string): string => `— ${who}`;
/** The warning flag's text. Its icon is a drawn triangle (warningFlagBoxes): ⚠ is in no brand's body font. */
export const warningText = (warning: string): string => warning;
