// Layout stage, `big-numbers` slides: open KPI cards (no filled panel: a number needs air, not a box),
// each a rule, the value, its label and a note (the base). Two or three sit side by side, their type
// grown until the cards use the body, and the group is centred in what is left; four form a 2 × 2 grid
// that fills the body, each value with its label and note beside it (four narrow columns wrapped the
// labels to five or six lines and left the bottom of the slide empty). Values, labels and notes each
// share one row height, and in the grid one column, so they line up. Pure.
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
const FILL_SHARE = 0.8;
/** The small-base flag's strip at the bottom of the body (layout-deck.ts), with its gap. */
const FLAG_STRIP_IN = 0.7;

/** Where the cards may go: the body, less the small-base flag's strip when the slide has one. */
const bottomOf = (slide: BigNumbersSlide) => BODY.y + BODY.h - (slide.warning ? FLAG_STRIP_IN : 0);

export function layoutBigNumbers(slide: BigNumbersSlide, ctx: LayoutContext): SlideBox[] {
  const grid = slide.kpis.length === 4 ? layoutGrid(slide, ctx) : undefined;
  if (grid) return grid;
  const room = bottomOf(slide) - TOP_IN;
  let laid = layoutAt(slide, ctx, 1);
  for (let k = GROW_MAX; k > 1.001; k -= 0.1) {
    const grown = layoutAt(slide, ctx, k);
    if (grown.fitsLines && grown.usedIn <= room * FILL_SHARE) {
      laid = grown;
      break;
    }
  }
  // What the grown cards leave is shared above and below them: the numbers sit in the middle of the body.
  const shift = Math.max(0, (room - laid.usedIn) / 2 - 0.15);
  return laid.boxes.map((b, i) => (i === 0 ? b : { ...b, box: { ...b.box, y: b.box.y + shift } }));
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

const GRID_ROW_GAP_IN = 0.2;
/** The grid starts a little higher than the columns: two rows need the height. */
const GRID_TOP_IN = BODY.y + 0.1;
/** Space between a grid cell's value and its label column. */
const GRID_VALUE_GAP_IN = 0.3;
/** Distance from a line box's top to the top of its capitals, em (Inter, IBM Plex Sans: 0.22–0.3). */
const CAP_TOP_EM = 0.24;
/** The grid's type may go this far under its design size (values 53 pt, labels 18 pt at a body of 18 pt). */
const GRID_SHRINK_MIN = 0.8;

/**
 * Four KPIs in a 2 × 2 grid filling the body: each cell a rule, the value at its left, and its label and
 * note in a column beside it, every label column at the same x so the four line up. Type grows (in 10%
 * steps, up to GROW_MAX) while every cell's content fits its cell and each value stays on one line; long
 * labels (German) take type a little under the columns' instead. Undefined when even that does not fit:
 * the four then stand in columns.
 */
function layoutGrid(slide: BigNumbersSlide, ctx: LayoutContext): SlideBox[] | undefined {
  const bottom = bottomOf(slide);
  const cellW = (CONTENT_WIDTH_IN - GAP_IN) / 2;
  const roomH = bottom - GRID_TOP_IN - GRID_ROW_GAP_IN;
  const colX = (i: number) => MARGIN_IN + (i % 2) * (cellW + GAP_IN);
  const rowOf = (i: number) => Math.floor(i / 2);
  const at = (grow: number) => {
    const valuePt = Math.round(ctx.type.kpiValuePt * 1.1 * grow);
    const labelPt = Math.max(ctx.brand.minFontSizePt, Math.round((ctx.type.kpiLabelPt + 2) * Math.sqrt(grow)));
    const values = slide.kpis.map((kpi, i) => sizedToText(ctx, textBox(ctx, 'kpi-value', `kpi-${i + 1}-value`, { x: colX(i), y: 0, w: cellW - PAD_IN, h: 0 }, valuePt, kpi.value, { heading: true, color: 'title', group: 'kpi-value' }), 2.0));
    // One value column for all four: as wide as the widest value as set.
    const valueW = Math.max(...values.map((v) => layoutBoxText(v, valuePt, ctx.brand, ctx.locale).widthRatio * v.box.w)) + 0.1;
    const textX = (i: number) => colX(i) + valueW + GRID_VALUE_GAP_IN;
    const textW = cellW - valueW - GRID_VALUE_GAP_IN - PAD_IN;
    if (textW < 1.5) return undefined;
    const labels = slide.kpis.map((kpi, i) => sizedToText(ctx, textBox(ctx, 'kpi-label', `kpi-${i + 1}-label`, { x: textX(i), y: 0, w: textW, h: 0 }, labelPt, kpi.label, { group: 'kpi-label' }), Infinity));
    const notes = slide.kpis.map((kpi, i) => (kpi.note === undefined ? undefined : sizedToText(ctx, textBox(ctx, 'kpi-note', `kpi-${i + 1}-note`, { x: textX(i), y: 0, w: textW, h: 0 }, ctx.type.notePt, kpi.note, { color: 'muted', group: 'kpi-note' }), Infinity)));
    const valueH = Math.max(...values.map((v) => v.box.h));
    // Labels and notes of one row share a height, so the notes of a row line up.
    const rowMax = (boxes: (TextBox | undefined)[], row: number) => Math.max(0, ...boxes.filter((_, i) => rowOf(i) === row).map((b) => b?.box.h ?? 0));
    const labelH = [0, 1].map((r) => rowMax(labels, r));
    const noteH = [0, 1].map((r) => rowMax(notes, r));
    // The label's capitals level with the value's: the larger line box starts further above its capitals.
    const labelDrop = ((valuePt - labelPt) * CAP_TOP_EM) / 72;
    const used = [0, 1].map((r) => RULE_H_IN + PAD_IN + Math.max(valueH, labelDrop + labelH[r] + (noteH[r] ? 0.1 + noteH[r] : 0)));
    const fits =
      used[0] + used[1] <= roomH &&
      values.every((v) => layoutBoxText(v, valuePt, ctx.brand, ctx.locale).lineCount === 1) &&
      labels.every((l) => !layoutBoxText(l, labelPt, ctx.brand, ctx.locale).overlongWord);
    // Rows as tall as they need, sharing what is left: the lower row starts at the same place in each column.
    const rowY = [GRID_TOP_IN, GRID_TOP_IN + used[0] + Math.max(0, roomH - used[0] - used[1]) / 2 + GRID_ROW_GAP_IN];
    const boxes: SlideBox[] = [titleBox(ctx, slide)];
    slide.kpis.forEach((_, i) => {
      const r = rowOf(i);
      const valueY = rowY[r] + RULE_H_IN + PAD_IN;
      boxes.push(shapeBox({ x: colX(i), y: rowY[r], w: Math.min(cellW, 1.2), h: RULE_H_IN }, 'accent'));
      boxes.push({ ...values[i], box: { ...values[i].box, w: valueW, y: valueY, h: valueH } });
      boxes.push({ ...labels[i], box: { ...labels[i].box, y: valueY + labelDrop, h: labelH[r] } });
      const note = notes[i];
      if (note) boxes.push({ ...note, box: { ...note.box, y: valueY + labelDrop + labelH[r] + 0.1, h: noteH[r] } });
    });
    return { boxes, fits };
  };
  for (let k = GROW_MAX; k > GRID_SHRINK_MIN - 0.001; k -= 0.1) {
    const laid = at(k);
    if (laid?.fits) return laid.boxes;
  }
  return undefined;
}
