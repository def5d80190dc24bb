// Layout stage, `two-column` slides: two headed columns side by side (expectations against reality),
// each a card as tall as its own text needs. A column with more to say gets more of the width, so both
// stay at the audience's body size (or as near it as they fit) instead of shrinking together. Pure.
import type { SlideBox, TwoColumnSlide } from '../../ir.js';
import { layoutBoxText, shapeBox, sizedToText, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY, CONTENT_WIDTH_IN, MARGIN_IN } from '../geometry.js';

const TOP_IN = BODY.y + 0.1;
const GAP_IN = 0.4;
const PAD_IN = 0.25;
const HEADING_GAP_IN = 0.15;

/** Body type may grow to this multiple of the audience's body size while the fuller card fits the body. */
const GROW_MAX_EM = 1.4;
const FILL_SHARE = 0.9;
/** The first column's share of the width: equal, or anywhere in this range when one column says more. */
const SHARES = [0.5, ...Array.from({ length: 17 }, (_, i) => 0.3 + i * 0.025).filter((s) => s !== 0.5)];

export function layoutTwoColumn(slide: TwoColumnSlide, ctx: LayoutContext): SlideBox[] {
  const room = BODY.y + BODY.h - TOP_IN;
  // Larger than the body size only with equal columns and room to spare: growth is for filling the body.
  for (let pt = Math.floor(ctx.type.bodyPt * GROW_MAX_EM); pt > ctx.type.bodyPt; pt -= 2) {
    const laid = layoutAt(slide, ctx, pt, 0.5);
    if (laid.words && laid.tallestIn <= room * FILL_SHARE) return laid.boxes;
  }
  // At the body size and, where the text needs it, down to the audience's column minimum: the widths that
  // make the taller column shortest. Fit only checks what is chosen here (and fails below that minimum).
  // Equal columns where they fit at that size, else the split that fits.
  for (let pt = ctx.type.bodyPt; pt >= ctx.type.columnMinPt; pt--) {
    const equal = layoutAt(slide, ctx, pt, 0.5);
    if (equal.words && equal.tallestIn <= room) return equal.boxes;
    const best = balanced(slide, ctx, pt);
    if (best && best.tallestIn <= room) return best.boxes;
  }
  return layoutAt(slide, ctx, ctx.type.bodyPt, 0.5).boxes;
}

/** At `pt`, the split whose taller column is shortest, among splits where no word is wider than its column. */
function balanced(slide: TwoColumnSlide, ctx: LayoutContext, pt: number): Laid | undefined {
  let best: Laid | undefined;
  for (const share of SHARES) {
    const laid = layoutAt(slide, ctx, pt, share);
    if (laid.words && (!best || laid.tallestIn < best.tallestIn - 1e-6)) best = laid;
  }
  return best;
}

interface Laid {
  boxes: SlideBox[];
  /** Height of the taller card, inches, as its text needs (uncapped). */
  tallestIn: number;
  /** No word is wider than its column. */
  words: boolean;
}

function layoutAt(slide: TwoColumnSlide, ctx: LayoutContext, bodyPt: number, share: number): Laid {
  const inner = CONTENT_WIDTH_IN - GAP_IN;
  const widths = [inner * share, inner * (1 - share)];
  const left = (i: number) => MARGIN_IN + (i === 0 ? 0 : widths[0] + GAP_IN);
  const maxH = BODY.y + BODY.h - TOP_IN - 2 * PAD_IN;
  const headings = slide.columns.map((c, i) =>
    sizedToText(ctx, textBox(ctx, 'column-heading', `column-${i + 1}-heading`, { x: left(i) + PAD_IN, y: 0, w: widths[i] - 2 * PAD_IN, h: 0 }, bodyPt + 2, c.heading, { heading: true, color: 'title', group: 'column-heading' }), 1.2),
  );
  const headingH = Math.max(...headings.map((h) => h.box.h));
  const bodyY = TOP_IN + PAD_IN + headingH + HEADING_GAP_IN;
  const bodies = slide.columns.map((c, i) =>
    sizedToText(ctx, textBox(ctx, 'column-body', `column-${i + 1}-body`, { x: left(i) + PAD_IN, y: bodyY, w: widths[i] - 2 * PAD_IN, h: 0 }, bodyPt, c.body, { spacedParagraphs: true, group: 'column-body' }), Infinity),
  );
  const words = [...headings, ...bodies].every((b) => !layoutBoxText(b, b.fontSizePt, ctx.brand, ctx.locale).overlongWord);
  const tallestIn = Math.max(...bodies.map((b) => b.box.y + b.box.h + PAD_IN - TOP_IN));
  for (const b of bodies) b.box.h = Math.min(b.box.h, maxH - headingH - HEADING_GAP_IN);
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  slide.columns.forEach((_, i) => {
    const body = bodies[i];
    boxes.push(shapeBox({ x: left(i), y: TOP_IN, w: widths[i], h: body.box.y + body.box.h + PAD_IN - TOP_IN }, 'panel', { panel: true }));
    boxes.push({ ...headings[i], box: { ...headings[i].box, y: TOP_IN + PAD_IN, h: headingH } }, body);
  });
  return { boxes, tallestIn, words };
}
