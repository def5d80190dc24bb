// Layout stage, `sources` slides: sources and method notes in small type under the title. Pure.
import type { SlideBox, SourcesSlide } from '../../ir.js';
import { textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY } from '../geometry.js';

export function layoutSources(slide: SourcesSlide, ctx: LayoutContext): SlideBox[] {
  return [titleBox(ctx, slide), textBox(ctx, 'body', 'body', BODY, ctx.type.sourcesPt, slide.body, { spacedParagraphs: true })];
}
