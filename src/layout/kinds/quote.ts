// Layout stage, `quote` slides: a quotation beside an accent bar, and its attribution. Pure.
import type { QuoteSlide, SlideBox } from '../../ir.js';
import { shapeBox, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { attributionText, quoteText } from '../text.js';

const BAR = { x: 1.2, y: 2.0, w: 0.1, h: 3.0 };
const TEXT = { x: 1.6, y: 2.0, w: 10.0, h: 3.0 };
const ATTRIBUTION = { x: 1.6, y: 5.2, w: 10.0, h: 0.6 };

export function layoutQuote(slide: QuoteSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide), shapeBox(BAR, 'accent')];
  boxes.push(textBox(ctx, 'quote', 'quote', TEXT, ctx.type.quotePt, quoteText(slide.quote.text), { fontFace: ctx.brand.fonts.heading, italic: true, valign: 'middle' }));
  if (slide.quote.attribution) boxes.push(textBox(ctx, 'attribution', 'attribution', ATTRIBUTION, ctx.type.bodyPt, attributionText(slide.quote.attribution), { color: 'muted' }));
  return boxes;
}
