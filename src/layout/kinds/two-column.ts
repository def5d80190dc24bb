// Layout stage, `two-column` slides: two headed columns side by side (expectations against reality). Pure.
import type { SlideBox, TwoColumnSlide } from '../../ir.js';
import { textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY } from '../geometry.js';

const GAP_IN = 0.5;
const HEADING = { y: 1.8, h: 0.6 };
const COLUMN_BODY = { y: 2.5, h: 4.15 };

export function layoutTwoColumn(slide: TwoColumnSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  const w = (BODY.w - GAP_IN) / 2;
  slide.columns.forEach((column, i) => {
    const x = BODY.x + i * (w + GAP_IN);
    boxes.push(textBox(ctx, 'column-heading', `column-${i + 1}-heading`, { x, w, ...HEADING }, ctx.type.headingPt, column.heading, { heading: true, color: 'title', group: 'column-heading' }));
    boxes.push(textBox(ctx, 'column-body', `column-${i + 1}-body`, { x, w, ...COLUMN_BODY }, ctx.type.bodyPt, column.body, { spacedParagraphs: true, group: 'column-body' }));
  });
  return boxes;
}
