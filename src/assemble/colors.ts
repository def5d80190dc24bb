// Assemble stage: colour decisions derived from a brand (which background a title slide gets, what a
// panel tint is). Pure; hex strings without '#', as pptxgenjs and brand.yaml write them.
import type { Brand } from '../ir.js';

function channels(hex: string): [number, number, number] {
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance (WCAG 2), 0 = black, 1 = white. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `t` of the way from `from` to `to`. */
export function mixColors(from: string, to: string, t: number): string {
  const a = channels(from);
  const b = channels(to);
  return a
    .map((c, i) => Math.round(c + (b[i] - c) * t).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

export interface SlideColors {
  /** Content and chart slides. */
  background: string;
  text: string;
  muted: string;
  /** Titles on content slides. */
  title: string;
  /** Rules, KPI values, bullets. */
  accent: string;
  link: string;
  /** Takeaway panel fill on chart slides. */
  panel: string;
  warningFill: string;
  warningText: string;
  /** Title and section slides. */
  coverBackground: string;
  coverText: string;
  coverAccent: string;
  /** Section dividers: a background of their own in every brand, so a new section stands out. */
  sectionBackground: string;
  sectionText: string;
  /** The section's number and its place in the progress marker. */
  sectionAccent: string;
  /** The other places of the progress marker. */
  sectionMuted: string;
}

/**
 * A light brand gets a cover in its primary colour with background-coloured text; a dark brand keeps
 * its dark background on covers and uses the primary colour as the accent. Any colour used for text is
 * swapped for the plain text colour when it would fall under 4.5:1 contrast on its background.
 */
export function slideColors(brand: Brand): SlideColors {
  const c = brand.colors;
  const dark = luminance(c.background) < 0.2;
  const readable = (fg: string, bg: string) => (contrastRatio(fg, bg) >= 4.5 ? fg : c.text);
  const coverBackground = dark ? c.background : c.primary;
  const coverText = dark ? c.text : c.background;
  return {
    background: c.background,
    text: c.text,
    muted: readable(c.muted, c.background),
    title: readable(c.primary, c.background),
    accent: dark ? c.primary : c.secondary,
    link: readable(dark ? c.accent : c.secondary, c.background),
    panel: mixColors(c.background, dark ? c.primary : c.secondary, dark ? 0.14 : 0.08),
    warningFill: mixColors(c.background, dark ? c.secondary : c.accent, dark ? 0.22 : 0.25),
    warningText: c.text,
    coverBackground,
    coverText: readable(coverText, coverBackground),
    coverAccent: dark ? c.primary : c.accent,
    ...sectionColors(brand, dark, coverBackground),
  };
}

/**
 * A light brand's dividers share its cover (primary colour, light text). A dark brand's cover is its
 * slide background, so its dividers take the primary colour, darkened just enough for the text to
 * reach 4.5:1: a divider never looks like a content slide.
 */
function sectionColors(brand: Brand, dark: boolean, coverBackground: string): Pick<SlideColors, 'sectionBackground' | 'sectionText' | 'sectionAccent' | 'sectionMuted'> {
  const c = brand.colors;
  let background = coverBackground;
  if (dark) {
    for (let t = 0; t <= 1.0001; t += 0.05) {
      background = mixColors(c.primary, c.background, Math.min(1, t));
      if (contrastRatio(c.text, background) >= 4.5) break;
    }
  }
  const text = [c.text, c.background].sort((a, b) => contrastRatio(b, background) - contrastRatio(a, background))[0];
  // The marker is a graphic (3:1); the brand's accent where it reaches that, else the text colour.
  const accentCandidates = dark ? [c.accent, c.secondary] : [c.accent, c.secondary];
  const accent = accentCandidates.find((a) => contrastRatio(a, background) >= 3) ?? text;
  return { sectionBackground: background, sectionText: text, sectionAccent: accent, sectionMuted: mixColors(background, text, 0.35) };
}
