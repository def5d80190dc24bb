// Layout stage, `bullets` slides: the body set as cards or columns that fill the slide (text-cards.ts). Pure.
import type { BulletsSlide, SlideBox } from '../../ir.js';
import { titleBox, type LayoutContext } from '../boxes.js';
import { layoutTextBody } from './text-cards.js';

export function layoutBullets(slide: BulletsSlide, ctx: LayoutContext): SlideBox[] {
  return [titleBox(ctx, slide), ...layoutTextBody(slide.body, ctx, ctx.type.bodyPt)];
}
