// Layout stage, `title` slides: the deck's cover — title in the cover master's placeholder, subtitle,
// and a byline (source, sample, fieldwork) in small type above the logo. Pure.
import type { SlideBox, TitleSlide } from '../../ir.js';
import { textBox, titleBox, type LayoutContext } from '../boxes.js';
import { MARGIN_IN } from '../geometry.js';

const SUBTITLE = { x: MARGIN_IN, y: 4.3, w: 10.4, h: 1.1 };
/** Source, sample and fieldwork dates under the subtitle, in small type; clear of the logo below. */
const BYLINE = { x: MARGIN_IN, y: 5.45, w: 10.4, h: 0.6 };

export function layoutTitle(slide: TitleSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  if (slide.subtitle) boxes.push(textBox(ctx, 'subtitle', 'subtitle', SUBTITLE, ctx.type.subtitlePt, slide.subtitle, { color: 'coverText' }));
  if (slide.body?.length) boxes.push(textBox(ctx, 'byline', 'byline', BYLINE, ctx.type.notePt, slide.body, { color: 'coverText' }));
  return boxes;
}
