// Check stage: every colour pair a brand puts text or marks in meets WCAG 2 AA contrast, on slides and
// in charts. Pure: Brand → Diagnostic[] (LOW_CONTRAST naming the pair, its ratio and the minimum).
//
// Minimums (WCAG 2.2): 4.5:1 for text, 3:1 for large text (≥ 18 pt, or 14 pt bold) and for marks
// that carry meaning on their own (1.4.11: bars, the warning icon). Segments of a 100 % stacked bar
// touch each other and carry their labels, so they are checked through their labels, not their edges.
import { contrastRatio, luminance, slideColors } from '../assemble/colors.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Brand } from '../ir.js';

export const TEXT_MIN_CONTRAST = 4.5;
export const LARGE_TEXT_MIN_CONTRAST = 3;
export const GRAPHICS_MIN_CONTRAST = 3;

/**
 * Value labels inside stacked segments are white on a segment darker than this relative luminance and
 * near-black (#1A1A1A) otherwise: the switch where both give the same contrast, so each segment gets
 * the better one. templates/charts/stacked-100.vl.json uses the same number (a test holds them equal).
 */
export const SEGMENT_LABEL_LUMINANCE_SWITCH = 0.2;
export const SEGMENT_LABEL_DARK = '1A1A1A';

export interface ColourPair {
  /** What is drawn on what, for people: "body text on the slide background". */
  what: string;
  foreground: string;
  background: string;
  min: number;
}

/** Every pair the decks and charts of a brand draw. */
export function brandColourPairs(brand: Brand): ColourPair[] {
  const s = slideColors(brand);
  const c = brand.colors;
  const pairs: ColourPair[] = [
    { what: 'body text on the slide background', foreground: s.text, background: s.background, min: TEXT_MIN_CONTRAST },
    { what: 'muted text (footnotes, footer) on the slide background', foreground: s.muted, background: s.background, min: TEXT_MIN_CONTRAST },
    { what: 'titles on the slide background', foreground: s.title, background: s.background, min: LARGE_TEXT_MIN_CONTRAST },
    { what: 'links on the slide background', foreground: s.link, background: s.background, min: TEXT_MIN_CONTRAST },
    { what: 'big numbers (accent) on the slide background', foreground: s.accent, background: s.background, min: LARGE_TEXT_MIN_CONTRAST },
    { what: 'takeaway text on the chart panel', foreground: s.text, background: s.panel, min: TEXT_MIN_CONTRAST },
    { what: 'warning text on the warning flag', foreground: s.warningText, background: s.warningFill, min: TEXT_MIN_CONTRAST },
    { what: 'title-slide text on the title-slide background', foreground: s.coverText, background: s.coverBackground, min: TEXT_MIN_CONTRAST },
    { what: 'divider text on the divider background', foreground: s.sectionText, background: s.sectionBackground, min: TEXT_MIN_CONTRAST },
    { what: 'the divider number and progress marker on the divider background', foreground: s.sectionAccent, background: s.sectionBackground, min: LARGE_TEXT_MIN_CONTRAST },
    { what: 'titles and big numbers on a panel or card', foreground: s.title, background: s.panel, min: LARGE_TEXT_MIN_CONTRAST },
    { what: 'chart text (labels, values, legend) on the chart background', foreground: c.text, background: c.background, min: TEXT_MIN_CONTRAST },
    // bar-horizontal.vl.json: bars a headline sums in `accent`, the others in `muted`.
    { what: 'highlighted bars (`accent`) on the chart background', foreground: c.accent, background: c.background, min: GRAPHICS_MIN_CONTRAST },
    { what: 'bars beside highlighted ones (`muted`) on the chart background', foreground: c.muted, background: c.background, min: GRAPHICS_MIN_CONTRAST },
    ...c.categorical.map((colour, i) => ({
      what: `chart bar colour ${i + 1} of \`categorical\` on the chart background`,
      foreground: colour,
      background: c.background,
      min: GRAPHICS_MIN_CONTRAST,
    })),
    ...c.diverging.map((colour, i) => ({
      what: `value labels on segment colour ${i + 1} of \`diverging\``,
      foreground: segmentLabelColour(colour),
      background: colour,
      min: TEXT_MIN_CONTRAST,
    })),
  ];
  return pairs.map((p) => ({ ...p, foreground: p.foreground.toUpperCase(), background: p.background.toUpperCase() }));
}

/** The label colour stacked-100.vl.json picks for a segment. */
export function segmentLabelColour(segment: string): string {
  return luminance(segment) < SEGMENT_LABEL_LUMINANCE_SWITCH ? 'FFFFFF' : SEGMENT_LABEL_DARK;
}

/** LOW_CONTRAST for every pair under its minimum, naming the brand, the pair and both colours. */
export function checkBrandContrast(brand: Brand, file?: string): Diagnostic[] {
  return brandColourPairs(brand)
    .map((p) => ({ ...p, ratio: contrastRatio(p.foreground, p.background) }))
    .filter((p) => p.ratio < p.min)
    .map((p) => ({
      severity: 'error',
      code: 'LOW_CONTRAST',
      message: `Brand \`${brand.name}\`: ${p.what}: #${p.foreground} on #${p.background} has contrast ${floor2(p.ratio)}:1, WCAG AA needs ${p.min}:1`,
      ...(file ? { file } : {}),
      hint: 'change the colour in brand.yaml (a darker shade on a light background, a lighter one on a dark background)',
    }));
}

/** Rounded down, so 4.49 is never shown as passing 4.5. */
function floor2(x: number): string {
  return (Math.floor(x * 100) / 100).toFixed(2);
}
