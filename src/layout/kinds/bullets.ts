// Layout stage, `bullets` slides: the body text in one box under the title. Pure.
import type { BulletsSlide, SlideBox } from '../../ir.js';
import { textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY } from '../geometry.js';

export function layoutBullets(slide: BulletsSlide, ctx: LayoutContext): SlideBox[] {
  return [titleBox(ctx, slide), textBox(ctx, 'body', 'body', BODY, ctx.type.bodyPt, slide.body, { spacedParagraphs: true })];
}
