// Layout stage, `big-numbers` slides: two to four open KPI cards side by side (no filled panel: a
// number needs air, not a box), each a rule, the value, its label and a note (the base). Fewer cards
// get larger type; values, labels and notes each share one row height so they line up. Pure.
import type { BigNumbersSlide, BoxIn, SlideBox, TextBox } from '../../ir.js';
import { layoutBoxText, shapeBox, sizedToText, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY, CONTENT_WIDTH_IN, MARGIN_IN } from '../geometry.js';

const TOP_IN = BODY.y + 0.15;
const GAP_IN = 0.35;
/** Space between a card's rule and its text, and the card's right margin. */
const PAD_IN = 0.15;
const RULE_H_IN = 0.08;

/** KPI card columns for `count` cards, left to right (full body height; the layout trims them). */
export function kpiCards(count: number): BoxIn[] {
  const w = (CONTENT_WIDTH_IN - GAP_IN * (count - 1)) / count;
  return Array.from({ length: count }, (_, i) => ({ x: MARGIN_IN + i * (w + GAP_IN), y: TOP_IN, w, h: BODY.y + BODY.h - TOP_IN }));
}

/** Values and labels grow by this factor at most (in 10% steps) while the cards use up to FILL_SHARE of the body. */
const GROW_MAX = 1.6;
const FILL_SHARE = 0.75;

export function layoutBigNumbers(slide: BigNumbersSlide, ctx: LayoutContext): SlideBox[] {
  for (let k = GROW_MAX; k > 1.001; k -= 0.1) {
    const laid = layoutAt(slide, ctx, k);
    if (laid.fitsLines && laid.usedIn <= (BODY.y + BODY.h - TOP_IN) * FILL_SHARE) return laid.boxes;
  }
  return layoutAt(slide, ctx, 1).boxes;
}

function layoutAt(slide: BigNumbersSlide, ctx: LayoutContext, grow: number): { boxes: SlideBox[]; usedIn: number; fitsLines: boolean } {
  const t = ctx.type;
  const n = slide.kpis.length;
  // Two numbers on a slide can be larger than four; the grow factor fills the body with them.
  const valuePt = Math.round((n <= 2 ? t.kpiValuePt * 1.3 : n === 3 ? t.kpiValuePt * 1.15 : t.kpiValuePt) * grow);
  const labelPt = Math.round((n <= 2 ? t.kpiLabelPt + 4 : n === 3 ? t.kpiLabelPt + 2 : t.kpiLabelPt) * Math.sqrt(grow));
  const cards = kpiCards(n);
  const inner = (card: BoxIn) => ({ x: card.x, w: card.w - PAD_IN });
  const rowMax = (boxes: (TextBox | undefined)[]) => Math.max(0, ...boxes.map((b) => b?.box.h ?? 0));
  const room = cards[0].h - PAD_IN - RULE_H_IN - 0.4;
  const sized = (role: 'kpi-value' | 'kpi-label' | 'kpi-note', part: 'value' | 'label' | 'note', sizePt: number, maxIn: number, more: { heading?: boolean; color?: 'title' | 'muted' } = {}) =>
    slide.kpis.map((kpi, i) => {
      const text = kpi[part];
      return text === undefined ? undefined : sizedToText(ctx, textBox(ctx, role, `kpi-${i + 1}-${part}`, { ...inner(cards[i]), y: 0, h: 0 }, sizePt, text, { ...more, group: role }), maxIn);
    });
  const values = sized('kpi-value', 'value', valuePt, 2.0, { heading: true, color: 'title' });
  const labels = sized('kpi-label', 'label', labelPt, 2.6);
  const notes = sized('kpi-note', 'note', t.notePt, 1.4, { color: 'muted' });
  // Heights as the text needs; if the three rows together need more than the card has, labels and
  // notes give way in proportion (fit then steps their type down).
  let [valueH, labelH, noteH] = [rowMax(values), rowMax(labels), rowMax(notes)];
  if (valueH + labelH + noteH > room) {
    const k = Math.max(0.3, (room - valueH) / (labelH + noteH));
    [labelH, noteH] = [labelH * k, noteH * k];
  }
  const valueY = TOP_IN + RULE_H_IN + PAD_IN;
  const labelY = valueY + valueH + 0.1;
  const noteY = labelY + labelH + 0.15;
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  cards.forEach((card, i) => {
    const at = (b: TextBox, y: number, h: number): TextBox => ({ ...b, box: { ...b.box, y, h } });
    boxes.push(shapeBox({ x: card.x, y: TOP_IN, w: Math.min(card.w, 1.2), h: RULE_H_IN }, 'accent'));
    boxes.push(at(values[i]!, valueY, valueH), at(labels[i]!, labelY, labelH));
    const note = notes[i];
    if (note) boxes.push(at(note, noteY, noteH));
  });
  // Grown type must keep each value on one line and every word of a label within its card.
  const fitsLines = values.every((v) => !v || layoutBoxText(v, v.fontSizePt, ctx.brand, ctx.locale).lineCount === 1) && labels.every((l) => !l || !layoutBoxText(l, l.fontSizePt, ctx.brand, ctx.locale).overlongWord);
  return { boxes, usedIn: noteY + noteH - TOP_IN, fitsLines };
}
