// Layout stage, `agenda` slides: the deck's section dividers, numbered as the dividers number them, one
// row each, spread over the body. The entries are the dividers' titles, so agenda and dividers agree. Pure.
import type { AgendaSlide, SlideBox } from '../../ir.js';
import { shapeBox, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY, CONTENT_WIDTH_IN, MARGIN_IN } from '../geometry.js';
import { sectionNumber } from './section.js';

const NUMBER_W_IN = 1.2;
const MAX_ROW_H_IN = 1.0;

export function layoutAgenda(slide: AgendaSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  const n = ctx.sections.length;
  const rowH = Math.min(MAX_ROW_H_IN, (BODY.h - 0.1) / Math.max(1, n));
  const top = BODY.y + 0.1;
  ctx.sections.forEach((title, i) => {
    const y = top + i * rowH;
    boxes.push(shapeBox({ x: MARGIN_IN, y: y + rowH - 0.12, w: CONTENT_WIDTH_IN, h: 0.02 }, 'panel'));
    boxes.push(textBox(ctx, 'section-number', `agenda-${i + 1}-number`, { x: MARGIN_IN, y, w: NUMBER_W_IN, h: rowH - 0.15 }, ctx.type.agendaNumberPt, sectionNumber(i), { heading: true, color: 'accent', valign: 'middle', group: 'agenda-number' }));
    boxes.push(textBox(ctx, 'agenda-item', `agenda-${i + 1}`, { x: MARGIN_IN + NUMBER_W_IN, y, w: CONTENT_WIDTH_IN - NUMBER_W_IN, h: rowH - 0.15 }, ctx.type.agendaItemPt, title, { valign: 'middle', group: 'agenda-item' }));
  });
  return boxes;
}
