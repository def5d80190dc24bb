// Layout stage entry: DeckSpec → LaidOutDeck. Each slide kind has one module under kinds/ that turns
// its spec into positioned boxes (text, shape, chart) in reading order — title first, footnote last.
// Fit then adjusts the text boxes' sizes; assemble only translates boxes into pptxgenjs calls. Pure.
import type { BoxIn, Brand, DeckSpec, LaidOutDeck, LaidOutSlide, SlideBox, SlideKind, SlideOf, SlideSpec } from '../ir.js';
import { layoutContext, type LayoutContext } from './boxes.js';
import { layoutBigNumbers } from './kinds/big-numbers.js';
import { layoutBullets } from './kinds/bullets.js';
import { layoutChart, warningFlag } from './kinds/chart.js';
import { BODY } from './geometry.js';
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
 * The small-base flag of a slide without a chart (KPIs, bullets, two columns, a quote): a strip along the
 * bottom of the body, with the content above it. A figure on a base under the spec's threshold carries
 * the flag whatever the slide's kind (issue 7); a chart slide places it in its side panel.
 */
const BOTTOM_FLAG: BoxIn = { x: BODY.x, y: BODY.y + BODY.h - 0.6, w: BODY.w, h: 0.6 };
const FLAG_GAP_IN = 0.1;

export function layoutSlide<S extends SlideSpec>(slide: S, brand: Brand, ctx: LayoutContext = layoutContext(brand)): LaidOutSlide<S> {
  const layout = SLIDE_LAYOUTS[slide.kind] as SlideLayout<S['kind']>;
  const boxes = layout(slide as unknown as SlideOf<S['kind']>, ctx);
  if (!slide.warning || slide.kind === 'chart' || slide.kind === 'title' || slide.kind === 'section') return { spec: slide, boxes };
  // Content that reaches into the strip ends above it; fit then sizes the text for the shorter box.
  const top = BOTTOM_FLAG.y - FLAG_GAP_IN;
  const raised = boxes.map((b) => (b.box.y < top && b.box.y + b.box.h > top ? { ...b, box: { ...b.box, h: top - b.box.y } } : b));
  return { spec: slide, boxes: [...raised, ...warningFlag(ctx, BOTTOM_FLAG, slide.warning)] };
}

/** Lay out every slide of the deck; a deck already laid out is returned as it is. */
export function layoutDeck(deck: DeckSpec | LaidOutDeck): LaidOutDeck {
  if (isLaidOut(deck)) return deck;
  const ctx = layoutContext(deck.brand, deck.locale, deck.slides.filter((s) => s.kind === 'section').map((s) => s.title));
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
