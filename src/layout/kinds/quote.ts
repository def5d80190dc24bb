// Layout stage, `quote` slides: a quotation beside an accent bar, and its attribution. The quotation's
// type grows (in 2 pt steps, up to GROW_MAX_EM of its design size) while it fits the body, and the bar
// spans the quotation and attribution as set, the group centred in the body: a short quotation at its
// design size filled a quarter of the slide and left its bar hanging below it. Pure.
import type { QuoteSlide, SlideBox } from '../../ir.js';
import { layoutBoxText, shapeBox, sizedToText, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY } from '../geometry.js';
import { attributionText, quoteText } from '../text.js';

const BAR = { x: 1.2, w: 0.1 };
const TEXT = { x: 1.6, w: 10.0 };
const ATTRIBUTION_GAP_IN = 0.25;
const GROW_MAX_EM = 1.5;
/** The quotation and its attribution take at most this share of the body's height. */
const FILL_SHARE = 0.8;

export function layoutQuote(slide: QuoteSlide, ctx: LayoutContext): SlideBox[] {
  const at = (pt: number) => {
    const quote = sizedToText(ctx, textBox(ctx, 'quote', 'quote', { ...TEXT, y: 0, h: 0 }, pt, quoteText(slide.quote.text), { fontFace: ctx.brand.fonts.heading, italic: true }), BODY.h);
    const attribution = slide.quote.attribution ? sizedToText(ctx, textBox(ctx, 'attribution', 'attribution', { ...TEXT, y: 0, h: 0 }, ctx.type.bodyPt, attributionText(slide.quote.attribution), { color: 'muted' }), 1.2) : undefined;
    const height = quote.box.h + (attribution ? ATTRIBUTION_GAP_IN + attribution.box.h : 0);
    const fits = height <= BODY.h * FILL_SHARE && !layoutBoxText(quote, pt, ctx.brand, ctx.locale).overlongWord;
    return { quote, attribution, height, fits };
  };
  let laid = at(ctx.type.quotePt);
  for (let pt = Math.floor(ctx.type.quotePt * GROW_MAX_EM); pt > ctx.type.quotePt; pt -= 2) {
    const grown = at(pt);
    if (grown.fits) {
      laid = grown;
      break;
    }
  }
  // Centred in the body (a little above the middle, where the eye expects it); at its design size a
  // quotation too long for the body starts at the top and fit steps its type down.
  const top = BODY.y + Math.max(0, (BODY.h - laid.height) * 0.45);
  const quote = { ...laid.quote, box: { ...laid.quote.box, y: top, h: Math.min(laid.quote.box.h, BODY.y + BODY.h - top) } };
  const boxes: SlideBox[] = [titleBox(ctx, slide), shapeBox({ ...BAR, y: top, h: Math.min(laid.height, BODY.h) }, 'accent'), quote];
  if (laid.attribution) boxes.push({ ...laid.attribution, box: { ...laid.attribution.box, y: Math.min(quote.box.y + quote.box.h + ATTRIBUTION_GAP_IN, BODY.y + BODY.h - laid.attribution.box.h) } });
  return boxes;
}
