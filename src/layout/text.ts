// Layout stage: the text a box holds, decorations included, so fit measures the characters that are
// written and assemble writes them unchanged. Pure.
import type { Paragraph } from '../ir.js';

/** Plain text as paragraphs, one per line. */
export function plainParagraphs(text: string): Paragraph[] {
  return text.split(/\r?\n/).map((line) => ({ runs: [{ text: line }], bulletLevel: 0 }));
}

/** The quote as bound: its quotation marks come from the locale's catalogue (“…”, „…“, « … », 「…」). */
export const quoteText = (text: string): string => text;
export const attributionText = (who: string): string => `— ${who}`;
/** The warning flag's text. Its icon is a drawn triangle (see kinds/chart.ts): ⚠ is in no brand's body font. */
export const warningText = (warning: string): string => warning;
