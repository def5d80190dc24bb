// Layout stage: body text that fills the slide. A list of two to four items is set as cards side by
// side (a numbered list keeps its numbers, large, on the cards); a longer list runs in two columns;
// anything else is one body box. Boxes and cards are as tall as their text needs; a card holding a link
// is as wide as the link needs, so no viewer breaks the address inside a word. Used by `bullets` and
// `sources`. Pure.
import { measureTextWidthPx } from '../../fonts/index.js';
import { cssFontList, WIDTH_SAFETY } from '../../fonts/layout-text.js';
import type { Paragraph, SlideBox, TextBox } from '../../ir.js';
import { fitsAtMinimum, layoutBoxText, neededHeightIn, shapeBox, sizedToText, textBox, type LayoutContext } from '../boxes.js';
import { BODY, CONTENT_WIDTH_IN, MARGIN_IN } from '../geometry.js';

const TOP_IN = BODY.y + 0.1;
const BOTTOM_IN = BODY.y + BODY.h;
const CARD_GAP_IN = 0.3;
const CARD_PAD_IN = 0.2;
const COLUMN_GAP_IN = 0.5;
const MAX_CARDS = 4;
const MIN_COLUMN_ITEMS = 5;
/** Type on cards and in columns may grow to this multiple of its design size to fill the body… */
const GROW_MAX_EM = 1.5;
/** …while the fullest card or column stays within this share of the body's height. */
const FILL_SHARE = 0.9;

/** A card narrower than this is no card: the link's card then takes no more than its share. */
const MIN_CARD_W_IN = 2.2;

/** Top-level items: a paragraph at bullet level 0 or 1 and the deeper paragraphs under it. */
function itemsOf(body: Paragraph[]): Paragraph[][] {
  const items: Paragraph[][] = [];
  for (const p of body) {
    if (p.bulletLevel <= 1 || items.length === 0) items.push([p]);
    else items[items.length - 1].push(p);
  }
  return items;
}

export function layoutTextBody(body: Paragraph[], ctx: LayoutContext, fontSizePt: number): SlideBox[] {
  const items = itemsOf(body);
  const listed = items.every((item) => item[0].bulletLevel === 1);
  if (listed && items.length >= 2 && items.length <= MAX_CARDS) {
    const set = cards(items, ctx, fontSizePt);
    // Cards too narrow for their text at the audience's smallest body type (a talk's three long
    // recommendations in German): the list runs across the body's full width instead, never smaller.
    if (set.every((b) => b.type !== 'text' || (fitsAtMinimum(ctx, b) && linksWhole(ctx, b)))) return set;
    return [listAcross(body, ctx, fontSizePt)];
  }
  if (listed && items.length >= MIN_COLUMN_ITEMS) return columns(items, ctx, fontSizePt);
  return [textBox(ctx, 'body', 'body', { ...BODY }, fontSizePt, body, { spacedParagraphs: true })];
}

/**
 * Whether every web address of the box stays on one line at the smallest size fit may give it: what
 * follows an address without a space ("…/osposurvey，CC" in Chinese) may push it to break inside.
 */
function linksWhole(ctx: LayoutContext, box: TextBox): boolean {
  const lines = layoutBoxText(box, Math.min(box.designFontSizePt, box.minFontSizePt ?? ctx.brand.minFontSizePt), ctx.brand, ctx.locale).lines;
  return box.paragraphs.every((p, i) => p.runs.every((r) => !r.href || (lines[i] ?? []).some((line) => line.includes(r.text.trim()))));
}

/** The list as one box across the body, its type grown (as cards' is) while it fills no more than FILL_SHARE of it. */
function listAcross(body: Paragraph[], ctx: LayoutContext, designPt: number): TextBox {
  const at = (pt: number) => textBox(ctx, 'body', 'body', { ...BODY }, pt, body, { spacedParagraphs: true });
  for (let pt = Math.floor(designPt * GROW_MAX_EM); pt > designPt; pt -= 2) {
    const list = at(pt);
    const layout = layoutBoxText(list, pt, ctx.brand, ctx.locale);
    if (!layout.overlongWord && layout.heightPt / 72 <= BODY.h * FILL_SHARE) return list;
  }
  return at(designPt);
}

/**
 * Cards fill the body: their type grows in 2 pt steps from the design size (up to GROW_MAX_EM of it)
 * while the tallest card still fits; fit steps down from the design size if even that does not.
 */
function cards(items: Paragraph[][], ctx: LayoutContext, designPt: number): SlideBox[] {
  const room = BOTTOM_IN - TOP_IN;
  // Sources set smaller than body text may grow as far as body text does: a talk's closing card with
  // three short notes otherwise stopped halfway down the slide.
  for (let pt = Math.floor(Math.max(designPt, ctx.type.bodyPt) * GROW_MAX_EM); pt > designPt; pt -= 2) {
    const laid = cardsAt(items, ctx, pt);
    const words = laid.boxes.every((b) => b.type !== 'text' || !layoutBoxText(b, b.fontSizePt, ctx.brand, ctx.locale).overlongWord);
    if (words && laid.linksFit && laid.tallestIn <= room * FILL_SHARE) return laid.boxes;
  }
  return cardsAt(items, ctx, designPt).boxes;
}

/**
 * The widest link of the item at `fontSizePt`, inches. PowerPoint and LibreOffice see a web address as
 * one word (LibreOffice does not break it at '/'): where it is wider than its line they cut it between
 * two characters ("github.com/todogroup/o" / "sposurvey"). Zero-width spaces would give them breaks but
 * travel into every copy of the address, so the card is made wide enough instead.
 */
export function widestLinkIn(item: Paragraph[], ctx: LayoutContext, fontSizePt: number): number {
  const family = cssFontList(ctx.brand.fonts.body);
  const widths = item.flatMap((p) => p.runs.filter((r) => r.href).map((r) => measureTextWidthPx(r.text.trim(), { family, weight: r.bold ? 700 : 400, sizePx: fontSizePt }) / 72));
  return Math.max(0, ...widths);
}

/**
 * Card widths: equal, unless a card's link needs more; that card gets what its link needs (with the
 * line safety the fit uses) and the others share the rest. `linksFit` is false when that would leave
 * the others narrower than MIN_CARD_W_IN: the cards are then equal and a smaller size must be tried.
 */
function cardWidths(items: Paragraph[][], ctx: LayoutContext, fontSizePt: number): { widths: number[]; linksFit: boolean } {
  const n = items.length;
  const total = CONTENT_WIDTH_IN - CARD_GAP_IN * (n - 1);
  const equal = total / n;
  const needs = items.map((item) => {
    const link = widestLinkIn(item, ctx, fontSizePt);
    return link > 0 ? link / WIDTH_SAFETY + 2 * CARD_PAD_IN + 0.05 : 0;
  });
  const wide = needs.filter((need) => need > equal);
  if (wide.length === 0) return { widths: items.map(() => equal), linksFit: true };
  const rest = (total - wide.reduce((a, b) => a + b, 0)) / (n - wide.length || 1);
  if (wide.length === n || rest < MIN_CARD_W_IN) return { widths: items.map(() => equal), linksFit: false };
  return { widths: needs.map((need) => (need > equal ? need : rest)), linksFit: true };
}

function cardsAt(items: Paragraph[][], ctx: LayoutContext, fontSizePt: number): { boxes: SlideBox[]; tallestIn: number; linksFit: boolean } {
  const { widths, linksFit } = cardWidths(items, ctx, fontSizePt);
  const xs = widths.map((_, i) => MARGIN_IN + widths.slice(0, i).reduce((a, b) => a + b + CARD_GAP_IN, 0));
  const numbered = items.every((item) => item[0].numbered);
  const maxH = BOTTOM_IN - TOP_IN - 2 * CARD_PAD_IN;
  const numbers: TextBox[] = [];
  const texts = items.map((item, i) => {
    const [x, w] = [xs[i] + CARD_PAD_IN, widths[i]];
    // On a card the card is the bullet: its paragraphs move up one level.
    const paragraphs = item.map((p) => ({ ...p, bulletLevel: Math.max(0, p.bulletLevel - 1), ...(p.bulletLevel <= 1 ? { numbered: false } : {}) }));
    let y = TOP_IN + CARD_PAD_IN;
    if (numbered) {
      const number = sizedToText(ctx, textBox(ctx, 'card-number', `card-${i + 1}-number`, { x, y, w: w - 2 * CARD_PAD_IN, h: 0 }, Math.max(ctx.type.agendaNumberPt, Math.round(fontSizePt * 1.6)), String(i + 1), { heading: true, color: 'accent', group: 'card-number' }), 1.2);
      numbers.push(number);
      y += number.box.h + 0.05;
    }
    return sizedToText(ctx, textBox(ctx, 'body', `card-${i + 1}-body`, { x, y, w: w - 2 * CARD_PAD_IN, h: 0 }, fontSizePt, paragraphs, { spacedParagraphs: true, group: 'card-body' }), Infinity);
  });
  // A link wider than its card (no width found for it) is cut by the viewer: that card keeps a line to spare.
  if (!linksFit) for (const t of texts) if (t.paragraphs.some((p) => p.runs.some((r) => r.href))) t.box.h += (t.fontSizePt * 1.25) / 72;
  const tallestIn = Math.max(...texts.map((t) => t.box.y + t.box.h + CARD_PAD_IN - TOP_IN));
  for (const t of texts) t.box.h = Math.min(t.box.h, maxH - (t.box.y - TOP_IN - CARD_PAD_IN));
  // Each card as tall as its own text: a card the height of its neighbour would be half empty.
  const boxes: SlideBox[] = [];
  texts.forEach((t, i) => {
    boxes.push(shapeBox({ x: xs[i], y: TOP_IN, w: widths[i], h: t.box.y + t.box.h + CARD_PAD_IN - TOP_IN }, 'panel', { panel: true }));
    if (numbers[i]) boxes.push(numbers[i]);
    boxes.push(t);
  });
  return { boxes, tallestIn, linksFit };
}

function columns(items: Paragraph[][], ctx: LayoutContext, designPt: number): SlideBox[] {
  const half = Math.ceil(items.length / 2);
  const w = (CONTENT_WIDTH_IN - COLUMN_GAP_IN) / 2;
  const room = BOTTOM_IN - TOP_IN;
  const at = (pt: number) =>
    [items.slice(0, half), items.slice(half)].map((part, i) =>
      textBox(ctx, 'column-body', `column-${i + 1}-body`, { x: MARGIN_IN + i * (w + COLUMN_GAP_IN), y: TOP_IN, w, h: room }, pt, part.flat(), { spacedParagraphs: true, group: 'column-body' }),
    );
  for (let pt = Math.floor(designPt * GROW_MAX_EM); pt > designPt; pt -= 2) {
    const laid = at(pt);
    if (laid.every((b) => neededHeightIn(ctx, b, Infinity) <= room * FILL_SHARE && !layoutBoxText(b, pt, ctx.brand, ctx.locale).overlongWord)) return laid;
  }
  return at(designPt);
}
