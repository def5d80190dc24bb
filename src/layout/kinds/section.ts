// Layout stage, `section` slides: a divider — title in the section master's placeholder and a subtitle. Pure.
import type { SectionSlide, SlideBox } from '../../ir.js';
import { textBox, titleBox, type LayoutContext } from '../boxes.js';
import { MARGIN_IN } from '../geometry.js';

const SUBTITLE = { x: MARGIN_IN, y: 4.45, w: 11.0, h: 0.9 };

export function layoutSection(slide: SectionSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  if (slide.subtitle) boxes.push(textBox(ctx, 'subtitle', 'subtitle', SUBTITLE, ctx.type.subtitlePt, slide.subtitle, { color: 'coverText' }));
  return boxes;
}
