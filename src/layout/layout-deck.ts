// Layout stage entry: DeckSpec → LaidOutDeck. Each slide kind has one module under kinds/ that turns
// its spec into positioned boxes (text, shape, chart) in reading order — title first, footnote last.
// Fit then adjusts the text boxes' sizes; assemble only translates boxes into pptxgenjs calls. Pure.
import type { Brand, DeckSpec, LaidOutDeck, LaidOutSlide, SlideBox, SlideKind, SlideOf, SlideSpec } from '../ir.js';
import { layoutContext, type LayoutContext } from './boxes.js';
import { layoutBigNumbers } from './kinds/big-numbers.js';
import { layoutBullets } from './kinds/bullets.js';
import { layoutChart } from './kinds/chart.js';
import { layoutQuote } from './kinds/quote.js';
import { layoutSection } from './kinds/section.js';
import { layoutSources } from './kinds/sources.js';
import { layoutTitle } from './kinds/title.js';
import { layoutTwoColumn } from './kinds/two-column.js';

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
};

export function layoutSlide<S extends SlideSpec>(slide: S, brand: Brand, ctx: LayoutContext = layoutContext(brand)): LaidOutSlide<S> {
  const layout = SLIDE_LAYOUTS[slide.kind] as SlideLayout<S['kind']>;
  return { spec: slide, boxes: layout(slide as unknown as SlideOf<S['kind']>, ctx) };
}

/** Lay out every slide of the deck; a deck already laid out is returned as it is. */
export function layoutDeck(deck: DeckSpec | LaidOutDeck): LaidOutDeck {
  if (isLaidOut(deck)) return deck;
  const ctx = layoutContext(deck.brand);
  return { ...deck, slides: deck.slides.map((s) => layoutSlide(s, deck.brand, ctx)) };
}

export function isLaidOut(deck: DeckSpec | LaidOutDeck): deck is LaidOutDeck {
  return deck.slides.length > 0 && 'boxes' in deck.slides[0];
}

/** The deck's specs, whether or not it is laid out. */
export function specsOf(deck: DeckSpec | LaidOutDeck): SlideSpec[] {
  return isLaidOut(deck) ? deck.slides.map((s) => s.spec) : deck.slides;
}
