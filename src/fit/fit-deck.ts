// Fit stage entry: laid-out deck → the same boxes with the type size of every text box chosen by
// measuring it. Pure (the font registry reads font files lazily). Runs between layout and assemble.
//
//   for each text box of each slide   (src/layout: the geometry assemble places)
//     1. lay out at the brand's size: UAX #14 breaks, real advances, line height, paragraph spacing
//     2. too tall, or a word wider than a line → 1 pt smaller, down to the box's minFontSizePt (the
//        audience's minimum for body text) or else brand.minFontSizePt
//     3. still not fitting at the minimum → TEXT_OVERFLOW naming deck, locale, slide and box
//   then the boxes of one group (KPI cards, the two columns) share the smallest size of the group
//   Chinese and Japanese: the measured lines are written as line breaks (cjk-lines.ts), since viewers
//   would break inside the phrases the measurement kept whole
//   and every character of every box must have a glyph in the font its runs name → else GLYPH_MISSING
import { SurveydeckError, type Diagnostic } from '../diagnostics.js';
import { faceOf, missingCharsText, scriptHint, FALLBACK_FAMILIES, fontHasGlyph, isEastAsianCodePoint, isInvisibleChar, isKnownFamily } from '../fonts/index.js';
import { isEastAsian, type Brand, type DeckSpec, type LaidOutDeck, type Locale, type SlideSpec, type TextBox } from '../ir.js';
import { layoutBoxText } from '../layout/boxes.js';
import { withMeasuredLineBreaks } from './cjk-lines.js';
import { layoutDeck } from '../layout/layout-deck.js';
import { PT_PER_IN, type TextLayout } from '../fonts/layout-text.js';

export interface FitResult {
  deck: LaidOutDeck;
  diagnostics: Diagnostic[];
}

/** One box of one slide, measured at the size the deck will be written with. */
export interface BoxMeasurement {
  /** 1-based. */
  slideNumber: number;
  kind: SlideSpec['kind'];
  /** Box id on the slide (`takeaway`, `kpi-1-label` …). */
  id: string;
  role: TextBox['role'];
  fontSizePt: number;
  brandFontSizePt: number;
  lineCount: number;
  /** Text height / box height (insets removed): ≤ 1 when it fits. */
  fillRatio: number;
  /** Widest line / width available to it: ≤ 1 when it fits. */
  widthRatio: number;
  overlongWord?: string;
}

/**
 * Choose a size for every text box of the deck (laid out here when it is not yet). Returns the laid-out
 * deck with each text box's `fontSizePt` fitted; throws SurveydeckError with every TEXT_OVERFLOW and
 * GLYPH_MISSING of the deck.
 */
export function fitDeck(input: DeckSpec | LaidOutDeck): FitResult {
  const deck = layoutDeck(input);
  const problems: Diagnostic[] = []; // GLYPH_MISSING and TEXT_OVERFLOW, all of the deck
  const slides = deck.slides.map((laid, index) => {
    const sizes = new Map<TextBox, number>();
    const texts = laid.boxes.filter((b): b is TextBox => b.type === 'text');
    for (const box of texts) {
      problems.push(...missingGlyphs(deck, laid.spec, index, box));
      const fitted = fitBox(box, deck.brand, deck.locale);
      if (fitted.fits) sizes.set(box, fitted.layout.fontSizePt);
      else problems.push(textOverflow(deck, laid.spec, index, box, fitted.layout));
    }
    shareSizeInGroups(texts, sizes);
    const sized = laid.boxes.map((b) => (b.type === 'text' && sizes.has(b) ? { ...b, fontSizePt: sizes.get(b)! } : b));
    const boxes = isEastAsian(deck.locale) ? sized.map((b) => (b.type === 'text' ? withMeasuredLineBreaks(b, layoutBox(b, b.fontSizePt, deck.brand, deck.locale)) : b)) : sized;
    return { ...laid, boxes };
  });
  if (problems.length > 0) throw new SurveydeckError(problems);
  return { deck: { ...deck, slides }, diagnostics: [] };
}

/**
 * Whether one slide's text fits its boxes in a deck of this audience, locale, body type and brand, by
 * fitDeck's own rule (bind spreads a generated slide's lines over more slides when they do not). Only
 * overflow answers no: a missing glyph, say, is reported when the deck is fitted.
 */
export function slideTextFits(deck: Pick<DeckSpec, 'audience' | 'locale' | 'bodyType' | 'brand'>): (slide: SlideSpec) => boolean {
  return (slide) => {
    try {
      fitDeck({ ...deck, title: '', footer: '', slides: [slide] });
      return true;
    } catch (e) {
      return !(e instanceof SurveydeckError && e.diagnostics.some((d) => d.code === 'TEXT_OVERFLOW'));
    }
  };
}

/** Every text box of the deck laid out at the size it will be written with. */
export function measureDeck(input: DeckSpec | LaidOutDeck): BoxMeasurement[] {
  const deck = layoutDeck(input);
  return deck.slides.flatMap((laid, index) =>
    laid.boxes.flatMap((box) => {
      if (box.type !== 'text') return [];
      const layout = layoutBox(box, box.fontSizePt, deck.brand, deck.locale);
      return [
        {
          slideNumber: index + 1,
          kind: laid.spec.kind,
          id: box.id,
          role: box.role,
          fontSizePt: box.fontSizePt,
          brandFontSizePt: box.designFontSizePt,
          lineCount: layout.lineCount,
          fillRatio: layout.heightPt / contentHeightPt(box),
          widthRatio: layout.widthRatio,
          ...(layout.overlongWord ? { overlongWord: layout.overlongWord } : {}),
        },
      ];
    }),
  );
}

/**
 * Largest size from the layout's down to the minimum (1 pt steps) at which the box's text fits: the
 * brand's minimum, or the audience's for body text (`minFontSizePt`: a talk's body stays at 24 pt).
 */
export function fitBox(box: TextBox, brand: Brand, locale: Locale): { fits: boolean; layout: TextLayout } {
  const designPt = box.designFontSizePt;
  const floorPt = Math.min(designPt, Math.max(brand.minFontSizePt, box.minFontSizePt ?? 0));
  let layout = layoutBox(box, designPt, brand, locale);
  for (let sizePt = designPt; ; sizePt = Math.max(floorPt, sizePt - 1)) {
    if (sizePt !== designPt) layout = layoutBox(box, sizePt, brand, locale);
    if (fitsIn(box, layout)) return { fits: true, layout };
    if (sizePt === floorPt) return { fits: false, layout };
  }
}

export function layoutBox(box: TextBox, fontSizePt: number, brand: Brand, locale: Locale): TextLayout {
  return layoutBoxText(box, fontSizePt, brand, locale);
}

function contentHeightPt(box: TextBox): number {
  return box.box.h * PT_PER_IN - 2 * (box.insetPt ?? 0);
}

function fitsIn(box: TextBox, layout: TextLayout): boolean {
  return !layout.overlongWord && layout.heightPt <= contentHeightPt(box);
}

/**
 * KPI cards side by side, and the two columns, read as one row: a label in one card at 16 pt next to
 * 18 pt in the others looks like a mistake. Each group takes its smallest fitted size (smaller text in
 * a box that fitted still fits).
 */
function shareSizeInGroups(boxes: TextBox[], sizes: Map<TextBox, number>): void {
  const smallest = new Map<string, number>();
  for (const b of boxes) if (b.group && sizes.has(b)) smallest.set(b.group, Math.min(smallest.get(b.group) ?? Infinity, sizes.get(b)!));
  for (const b of boxes) if (b.group && sizes.has(b)) sizes.set(b, smallest.get(b.group)!);
}

/** TEXT_OVERFLOW: which deck, locale, slide and box, what the text needs and what the box holds. */
export function textOverflow(deck: Pick<DeckSpec, 'audience' | 'locale' | 'identity'>, slide: SlideSpec, index: number, box: TextBox, layout: TextLayout): Diagnostic {
  const text = box.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' ');
  const segment = deck.identity?.segment ? ` for ${deck.identity.segment}` : ''; // a segment's deck among the matrix's
  const where = `deck \`${deck.audience}\`${segment} (${deck.locale}), slide ${index + 1} (${slide.kind}), box \`${box.id}\``;
  const at = box.minFontSizePt !== undefined && layout.fontSizePt === box.minFontSizePt ? `at the audience's minimum of ${layout.fontSizePt} pt` : `at the brand minimum of ${layout.fontSizePt} pt`;
  const heightIn = (pt: number) => (pt / PT_PER_IN).toFixed(2);
  const why = layout.overlongWord
    ? `the word \`${layout.overlongWord}\` is wider than the box (${box.box.w.toFixed(2)} in) ${at}`
    : `${layout.lineCount} lines need ${heightIn(layout.heightPt)} in ${at}; the box is ${heightIn(contentHeightPt(box))} in high`;
  return {
    severity: 'error',
    code: 'TEXT_OVERFLOW',
    message: `Text does not fit: ${where}: "${firstWords(text)}": ${why}`,
    file: slide.templateFile,
    hint: `shorten the text in templates/locales/${deck.locale}.yaml, or give the box more room in its slide layout (src/layout/kinds/${slide.kind}.ts)`,
  };
}

/**
 * Characters that no font of the box draws. PowerPoint sets each run in the Latin face it names and,
 * in Chinese and Japanese decks, East Asian characters in the East Asian face; a character neither has
 * falls back to some other font on the viewer's machine (or a box), and the fit measured something else.
 * One GLYPH_MISSING per box, naming every character it lacks.
 */
export function missingGlyphs(deck: Pick<DeckSpec, 'audience' | 'locale' | 'brand'>, slide: SlideSpec, index: number, box: TextBox): Diagnostic[] {
  // A Chinese or Japanese deck names its brand's East Asian face; another deck, for East Asian characters
  // its own faces lack, the first fallback family that has them (assemble/assemble-deck.ts), as measuring draws them.
  const eastAsian = isEastAsian(deck.locale) ? [deck.brand.fonts.eastAsian[deck.locale as 'zh-CN' | 'ja']] : FALLBACK_FAMILIES;
  const missing = new Set<string>();
  const fonts = new Set<string>();
  for (const p of box.paragraphs) {
    for (const run of p.runs) {
      const weight = box.bold || run.bold ? 700 : 400;
      const known = (families: readonly string[]) => families.filter((f): f is string => !!f && isKnownFamily(f)).map((f) => faceOf(f, weight));
      const latin = known([box.fontFace]);
      const withEastAsian = known([box.fontFace, ...eastAsian]);
      for (const ch of run.text) {
        if (missing.has(ch) || isInvisibleChar(ch)) continue;
        const cp = ch.codePointAt(0)!;
        const faces = isEastAsian(deck.locale) || isEastAsianCodePoint(cp) ? withEastAsian : latin;
        if (faces.some((face) => fontHasGlyph(face, cp))) continue;
        missing.add(ch);
        for (const f of faces) fonts.add(f.family);
      }
    }
  }
  return missing.size === 0 ? [] : [glyphMissing(deck, slide, index, box, [...missing], [...fonts])];
}

/** GLYPH_MISSING: which deck, slide, box and characters, and which fonts lack them. */
export function glyphMissing(deck: Pick<DeckSpec, 'audience' | 'locale'>, slide: SlideSpec, index: number, box: TextBox, chars: string[], fonts: string[]): Diagnostic {
  const where = `deck \`${deck.audience}\` (${deck.locale}), slide ${index + 1} (${slide.kind}), box \`${box.id}\``;
  return {
    severity: 'error',
    code: 'GLYPH_MISSING',
    message: `No glyph for ${missingCharsText(chars)} in ${fonts.map((f) => `\`${f}\``).join(' or ')}: ${where}`,
    file: slide.templateFile,
    hint: `${scriptHint(chars)}use characters the font has (or draw a symbol as a shape); the text is in templates/locales/${deck.locale}.yaml, the survey's catalogue or the template`,
  };
}

function firstWords(text: string, maxChars = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= maxChars) return t;
  const cut = t.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return `${space > maxChars / 2 ? cut.slice(0, space) : cut}…`;
}
