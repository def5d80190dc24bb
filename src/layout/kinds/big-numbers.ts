// Layout stage, `big-numbers` slides: two to four KPI cards side by side — a rule, the value, its label
// and a note (the base). Pure.
import type { BigNumbersSlide, BoxIn, SlideBox } from '../../ir.js';
import { shapeBox, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { CONTENT_WIDTH_IN, MARGIN_IN } from '../geometry.js';

/** The row the KPI cards share; cards split it evenly with `GAP_IN` between them. */
const ROW = { x: MARGIN_IN, y: 2.15, w: CONTENT_WIDTH_IN, h: 4.3 };
const GAP_IN = 0.35;
/** Offsets inside a card. */
const PART = { rule: { dy: 0, h: 0.08 }, value: { dy: 0.25, h: 1.35 }, label: { dy: 1.7, h: 1.35 }, note: { dy: 3.15, h: 1.1 } };

/** KPI card boxes for `count` cards, left to right. */
export function kpiCards(count: number): BoxIn[] {
  const w = (ROW.w - GAP_IN * (count - 1)) / count;
  return Array.from({ length: count }, (_, i) => ({ x: ROW.x + i * (w + GAP_IN), y: ROW.y, w, h: ROW.h }));
}

export function layoutBigNumbers(slide: BigNumbersSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  const t = ctx.type;
  kpiCards(slide.kpis.length).forEach((card, i) => {
    const kpi = slide.kpis[i];
    const at = (part: { dy: number; h: number }): BoxIn => ({ x: card.x, y: card.y + part.dy, w: card.w, h: part.h });
    const id = (part: string) => `kpi-${i + 1}-${part}`;
    boxes.push(shapeBox({ ...at(PART.rule), w: Math.min(card.w, 1.2) }, 'accent'));
    boxes.push(textBox(ctx, 'kpi-value', id('value'), at(PART.value), t.kpiValuePt, kpi.value, { heading: true, color: 'title', group: 'kpi-value' }));
    boxes.push(textBox(ctx, 'kpi-label', id('label'), at(PART.label), t.kpiLabelPt, kpi.label, { group: 'kpi-label' }));
    if (kpi.note) boxes.push(textBox(ctx, 'kpi-note', id('note'), at(PART.note), t.notePt, kpi.note, { color: 'muted', group: 'kpi-note' }));
  });
  return boxes;
}
