// Layout stage entry: DeckSpec → LaidOutDeck. Each slide kind has one module under kinds/ that turns
// its spec into positioned boxes (text, shape, chart) in reading order — title first, footnote last.
// Fit then adjusts the text boxes' sizes; assemble only translates boxes into pptxgenjs calls. Pure.
import { measureTextWidthPx } from '../fonts/index.js';
import { cssFontList, WIDTH_SAFETY } from '../fonts/layout-text.js';
import { isEastAsian, type BodyType, type BoxIn, type Brand, type DeckSpec, type Locale, type LaidOutDeck, type LaidOutSlide, type SlideBox, type SlideKind, type SlideOf, type SlideSpec, type TextBox } from '../ir.js';
import { layoutBoxText, layoutContext, neededHeightIn, type LayoutContext } from './boxes.js';
import { layoutBigNumbers } from './kinds/big-numbers.js';
import { layoutBullets } from './kinds/bullets.js';
import { layoutChart, warningFlag } from './kinds/chart.js';
import { BODY, MASTER, RIGHT_EDGE_IN, WARNING_ICON_IN, WARNING_INSET_PT } from './geometry.js';
import { warningText } from './text.js';
import { layoutQuote } from './kinds/quote.js';
import { layoutSection } from './kinds/section.js';
import { layoutSources } from './kinds/sources.js';
import { layoutTitle } from './kinds/title.js';
import { layoutTwoColumn } from './kinds/two-column.js';
import { layoutAgenda } from './kinds/agenda.js';

export type SlideLayout<K extends SlideKind> = (slide: SlideOf<K>, ctx: LayoutContext) => SlideBox[];

/** One layout per slide kind: a kind added to SLIDE_KINDS without one fails the type check here. */
export const SLIDE_LAYOUTS: { [K in SlideKind]: SlideLayout<K> } = {
  title: layoutTitle,
  section: layoutSection,
  'big-numbers': layoutBigNumbers,
  chart: layoutChart,
  bullets: layoutBullets,
  'two-column': layoutTwoColumn,
  quote: layoutQuote,
  sources: layoutSources,
  agenda: layoutAgenda,
};

/**
 * The small-base flag of a slide without a chart (KPIs, bullets, two columns, a quote). A figure on a base
 * under the spec's threshold carries the flag whatever the slide's kind (issue 7); a chart slide places
 * it in its side panel. Here it sits under the title, beside the title rule, as wide as its text: a strip
 * along the bottom of the body took 0.7 in of the body's 4.85, and a talk's two columns then shrank to
 * 15 pt. Only a warning too long for one line there falls back to that strip.
 */
const TITLE_FLAG_X_IN = MASTER.content.titleRule.x + MASTER.content.titleRule.w + 0.2;
const TITLE_FLAG_Y_IN = MASTER.content.title.y + MASTER.content.title.h;
/** From the title's box down to just above the body's content (layouts start it 0.1 in below BODY.y). */
const TITLE_FLAG: BoxIn = { x: TITLE_FLAG_X_IN, y: TITLE_FLAG_Y_IN, w: RIGHT_EDGE_IN - TITLE_FLAG_X_IN, h: BODY.y + 0.08 - TITLE_FLAG_Y_IN };
const BOTTOM_FLAG: BoxIn = { x: BODY.x, y: BODY.y + BODY.h - 0.6, w: BODY.w, h: 0.6 };
const FLAG_GAP_IN = 0.1;

/**
 * The flag under the title, as wide as its one line of text needs as fit measures it (CJK with the gap
 * LibreOffice sets between Asian and Latin text); undefined when that line does not fit there.
 */
function titleFlag(ctx: LayoutContext, warning: string): BoxIn | undefined {
  const eastAsian = isEastAsian(ctx.locale) ? ctx.brand.fonts.eastAsian[ctx.locale as 'zh-CN' | 'ja'] : undefined;
  const textIn = measureTextWidthPx(warningText(warning), { family: cssFontList(ctx.brand.fonts.body, eastAsian), weight: 700, sizePx: ctx.type.notePt }) / 72;
  // Inset, icon, the text's own insets either side, and the line safety the fit measures with; wider
  // in small steps while the fit's measure still wraps it.
  for (let w = (3 * WARNING_INSET_PT) / 72 + WARNING_ICON_IN + textIn / WIDTH_SAFETY + 0.05; w <= TITLE_FLAG.w; w += 0.1) {
    const text = warningFlag(ctx, { ...TITLE_FLAG, w }, warning).find((b): b is TextBox => b.type === 'text')!;
    const line = layoutBoxText(text, text.designFontSizePt, ctx.brand, ctx.locale);
    if (line.lineCount > 1 || line.overlongWord) continue;
    // As tall as its line needs (CJK faces set a taller line); a line taller than the band goes to the bottom.
    const h = neededHeightIn(ctx, text, Infinity);
    return h <= TITLE_FLAG.h ? { ...TITLE_FLAG, w, h } : undefined;
  }
  return undefined;
}

/** Whether a small-base flag fits under the title in one line, in a deck of this brand, locale and body type. */
export function flagFitsAtTitle(brand: Brand, locale: Locale, bodyType: BodyType | undefined, warning: string): boolean {
  return titleFlag(layoutContext(brand, locale, [], bodyType), warning) !== undefined;
}

export function layoutSlide<S extends SlideSpec>(slide: S, brand: Brand, ctx: LayoutContext = layoutContext(brand)): LaidOutSlide<S> {
  const layout = SLIDE_LAYOUTS[slide.kind] as SlideLayout<S['kind']>;
  const boxes = layout(slide as unknown as SlideOf<S['kind']>, ctx);
  if (!slide.warning || (slide.kind === 'chart' && !slide.flagAtTitle) || slide.kind === 'title' || slide.kind === 'section') return { spec: slide, boxes };
  const flag = titleFlag(ctx, slide.warning);
  // A chart slide's flag goes under the title only where it fits there in one line (flagFitsAtTitle, asked by bind).
  if (slide.kind === 'chart' && !flag) return { spec: slide, boxes };
  if (flag) return { spec: slide, boxes: [...boxes, ...warningFlag(ctx, flag, slide.warning)] };
  // Content that reaches into the strip ends above it; fit then sizes the text for the shorter box.
  const top = BOTTOM_FLAG.y - FLAG_GAP_IN;
  const raised = boxes.map((b) => (b.box.y < top && b.box.y + b.box.h > top ? { ...b, box: { ...b.box, h: top - b.box.y } } : b));
  return { spec: slide, boxes: [...raised, ...warningFlag(ctx, BOTTOM_FLAG, slide.warning)] };
}

/** Lay out every slide of the deck; a deck already laid out is returned as it is. */
export function layoutDeck(deck: DeckSpec | LaidOutDeck): LaidOutDeck {
  if (isLaidOut(deck)) return deck;
  const ctx = layoutContext(deck.brand, deck.locale, deck.slides.filter((s) => s.kind === 'section').map((s) => s.title), deck.bodyType);
  let section = 0;
  return { ...deck, slides: deck.slides.map((s) => layoutSlide(s, deck.brand, s.kind === 'section' ? { ...ctx, sectionIndex: section++ } : ctx)) };
}

export function isLaidOut(deck: DeckSpec | LaidOutDeck): deck is LaidOutDeck {
  return deck.slides.length > 0 && 'boxes' in deck.slides[0];
}

/** The deck's specs, whether or not it is laid out. */
export function specsOf(deck: DeckSpec | LaidOutDeck): SlideSpec[] {
  return isLaidOut(deck) ? deck.slides.map((s) => s.spec) : deck.slides;
}
