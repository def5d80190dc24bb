// Layout stage, `two-column` slides: two headed columns side by side (expectations against reality),
// each a card as tall as its own text needs. Pure.
import type { SlideBox, TwoColumnSlide } from '../../ir.js';
import { layoutBoxText, shapeBox, sizedToText, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY, CONTENT_WIDTH_IN, MARGIN_IN } from '../geometry.js';

const TOP_IN = BODY.y + 0.1;
const GAP_IN = 0.4;
const PAD_IN = 0.25;

/** Body type may grow to this multiple of the brand's body size while the fuller card fits the body. */
const GROW_MAX_EM = 1.4;
const FILL_SHARE = 0.9;

export function layoutTwoColumn(slide: TwoColumnSlide, ctx: LayoutContext): SlideBox[] {
  const room = BODY.y + BODY.h - TOP_IN;
  for (let pt = Math.floor(ctx.type.bodyPt * GROW_MAX_EM); pt > ctx.type.bodyPt; pt -= 2) {
    const laid = layoutAt(slide, ctx, pt);
    const words = laid.boxes.every((b) => b.type !== 'text' || !layoutBoxText(b, b.fontSizePt, ctx.brand, ctx.locale).overlongWord);
    if (words && laid.tallestIn <= room * FILL_SHARE) return laid.boxes;
  }
  return layoutAt(slide, ctx, ctx.type.bodyPt).boxes;
}

function layoutAt(slide: TwoColumnSlide, ctx: LayoutContext, bodyPt: number): { boxes: SlideBox[]; tallestIn: number } {
  const w = (CONTENT_WIDTH_IN - GAP_IN) / 2;
  const maxH = BODY.y + BODY.h - TOP_IN - 2 * PAD_IN;
  const x = (i: number) => MARGIN_IN + i * (w + GAP_IN) + PAD_IN;
  const headings = slide.columns.map((c, i) =>
    sizedToText(ctx, textBox(ctx, 'column-heading', `column-${i + 1}-heading`, { x: x(i), y: 0, w: w - 2 * PAD_IN, h: 0 }, bodyPt + 2, c.heading, { heading: true, color: 'title', group: 'column-heading' }), 1.2),
  );
  const headingH = Math.max(...headings.map((h) => h.box.h));
  const bodyY = TOP_IN + PAD_IN + headingH + 0.15;
  const bodies = slide.columns.map((c, i) =>
    sizedToText(ctx, textBox(ctx, 'column-body', `column-${i + 1}-body`, { x: x(i), y: bodyY, w: w - 2 * PAD_IN, h: 0 }, bodyPt, c.body, { spacedParagraphs: true, group: 'column-body' }), Infinity),
  );
  const tallestIn = Math.max(...bodies.map((b) => b.box.y + b.box.h + PAD_IN - TOP_IN));
  for (const b of bodies) b.box.h = Math.min(b.box.h, maxH - headingH - 0.15);
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  slide.columns.forEach((_, i) => {
    const body = bodies[i];
    boxes.push(shapeBox({ x: MARGIN_IN + i * (w + GAP_IN), y: TOP_IN, w, h: body.box.y + body.box.h + PAD_IN - TOP_IN }, 'panel', { panel: true }));
    boxes.push({ ...headings[i], box: { ...headings[i].box, y: TOP_IN + PAD_IN, h: headingH } }, body);
  });
  return { boxes, tallestIn };
}
