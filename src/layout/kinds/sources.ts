// Layout stage, `sources` slides: sources and method notes, as cards or columns in smaller type (text-cards.ts). Pure.
import type { SlideBox, SourcesSlide } from '../../ir.js';
import { titleBox, type LayoutContext } from '../boxes.js';
import { layoutTextBody } from './text-cards.js';

export function layoutSources(slide: SourcesSlide, ctx: LayoutContext): SlideBox[] {
  return [titleBox(ctx, slide), ...layoutTextBody(slide.body, ctx, ctx.type.sourcesPt)];
}
