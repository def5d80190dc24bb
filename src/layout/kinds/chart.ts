// Layout stage, `chart` slides: the title states the finding (action title); the takeaway runs under it
// as a subtitle and the chart takes the full width below — or, when the slide has one figure its
// highlighted bars add up to, that figure is printed large in a callout sized to its content, with the
// takeaway beneath it, and the chart takes the rest of the width. A chart with many bars needs the
// body's full height more than its full width: its takeaway goes in a narrow column beside it, unless
// its labels need the full width (bind sets `takeawayAtTitle` rather than split it). A small base gets a warning flag
// (a drawn icon: ⚠ is in no brand's body font). The footnote comes last in reading order. Pure.
import { measureTextWidthPx } from '../../fonts/index.js';
import { cssFontList } from '../../fonts/layout-text.js';
import type { BodyType, BoxIn, Brand, ChartRequest, ChartSlide, Locale, SlideBox, TextBox } from '../../ir.js';
import { fitsAtMinimum, layoutContext, neededHeightIn, shapeBox, sizedToText, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { BODY, CONTENT_WIDTH_IN, MARGIN_IN, RIGHT_EDGE_IN, WARNING_ICON_IN, WARNING_INSET_PT } from '../geometry.js';
import { warningText } from '../text.js';

const TOP_IN = BODY.y;
/** The chart ends here; the footnote sits below it, above the footer band. */
const CHART_BOTTOM_IN_DEFAULT = 6.25;
const FOOTNOTE = { x: MARGIN_IN, y: 6.33, w: CONTENT_WIDTH_IN, h: 0.55 };
/** A footnote its audience's smallest type cannot set in FOOTNOTE's two lines grows upwards, the chart shorter, up to this. */
const FOOTNOTE_MAX_H_IN = 1.0;
const GAP_IN = 0.3;
/** The callout beside the chart: padding, and its width range (the number decides within it). */
const CALLOUT_PAD_IN = 0.2;
const CALLOUT_MIN_W_IN = 2.7;
const CALLOUT_MAX_W_IN = 4.2;
/** The callout's number where its takeaway needs the room (the brand's KPI size otherwise). */
const SMALL_NUMBER_PT = 40;
/** Takeaway under the title: at most this high (fit steps the type down beyond)… */
const SUBTITLE_MAX_H_IN = 1.1;
/** …unless its audience's smallest body type needs more. */
const SUBTITLE_ROOMY_H_IN = 1.8;
/** A warning flag: three lines of 12 pt CJK must fit in the callout's width; taller where its text needs it (flagHeightIn). */
const FLAG_H_IN = 0.9;
const FLAG_MAX_H_IN = 1.6;
const FLAG_ROW = { w: 6.4, h: 0.6 };
/** More bars than this (categories × series) and the chart keeps the full height: takeaway beside it. */
const DENSE_BARS = 5;
const SIDE_W_IN = 3.0;
/** A takeaway beside the chart that does not fit at its audience's smallest body type widens its column up to this, in these steps. */
const SIDE_MAX_W_IN = 5.2;
const SIDE_STEP_IN = 0.2;

type Arranged = Pick<ChartSlide, 'takeaway' | 'bigNumber' | 'warning' | 'flagAtTitle' | 'takeawayAtTitle' | 'footnote'> & { chartRequest?: Pick<ChartRequest, 'rows'> };

/** Bars the chart draws: distinct categories (label or item) × distinct series. */
function barsOf(slide: Arranged): number {
  const rows = slide.chartRequest?.rows ?? [];
  const distinct = (key: string) => new Set(rows.map((r) => r[key]).filter((v) => v !== undefined)).size;
  return Math.max(distinct('label'), distinct('item')) * Math.max(1, distinct('series'));
}

interface ChartSlideLayout {
  frame: BoxIn;
  boxes: SlideBox[];
}

/**
 * The layout beside the chart at the narrowest width from `narrowestIn` (up to `widestIn`) at which
 * its takeaway fits at the smallest size fit may give it; the widest when none does (fit then names it).
 * With the brand's minimum as the floor that is nearly always the narrowest: only a talk's 24 pt widens.
 */
function roomierOf(narrowestIn: number, widestIn: number, at: (widthIn: number) => ChartSlideLayout & { takeaway?: TextBox }, ctx: LayoutContext): ChartSlideLayout & { fits: boolean } {
  const fits = (l: { takeaway?: TextBox }) => !l.takeaway || fitsAtMinimum(ctx, l.takeaway);
  let laid = at(narrowestIn);
  for (let w = narrowestIn + SIDE_STEP_IN; !fits(laid) && w <= widestIn + 1e-9; w += SIDE_STEP_IN) laid = at(w);
  return { frame: laid.frame, boxes: laid.boxes, fits: fits(laid) };
}

/**
 * The footnote's box: FOOTNOTE, or taller (its top higher, its bottom where it was) where its text does
 * not fit two lines at its audience's smallest type (a comparison's bases, a significance legend and
 * a "several answers" note in French).
 */
function footnoteBox(ctx: LayoutContext, footnote: string): TextBox {
  const box = textBox(ctx, 'footnote', 'footnote', FOOTNOTE, ctx.type.notePt, footnote, { color: 'muted' });
  if (fitsAtMinimum(ctx, box)) return box;
  const h = Math.max(FOOTNOTE.h, neededHeightIn(ctx, box, FOOTNOTE_MAX_H_IN));
  return { ...box, box: { ...box.box, y: FOOTNOTE.y + FOOTNOTE.h - h, h } };
}

function arrange(arranged: Arranged, ctx: LayoutContext): ChartSlideLayout {
  // A flag under the title (layout-deck.ts) takes no room beside or under the chart.
  const slide = arranged.flagAtTitle ? { ...arranged, warning: undefined } : arranged;
  const t = ctx.type;
  // The chart ends above the footnote, higher where the footnote needs more than its two lines.
  const chartBottomIn = slide.footnote ? Math.min(CHART_BOTTOM_IN_DEFAULT, footnoteBox(ctx, slide.footnote).box.y - (FOOTNOTE.y - CHART_BOTTOM_IN_DEFAULT)) : CHART_BOTTOM_IN_DEFAULT;
  const boxes: SlideBox[] = [];
  if (slide.bigNumber) {
    // The callout is as wide as its number needs (within limits) and as tall as what it holds. Where the
    // takeaway would not fit it at its audience's smallest body type: wider, then a smaller number.
    const calloutAt = (numberPt: number, widestIn: number) => {
      const numberWidthIn = measureTextWidthPx(slide.bigNumber!, { family: cssFontList(ctx.brand.fonts.heading), weight: 700, sizePx: numberPt }) / 72;
      const narrowest = Math.min(CALLOUT_MAX_W_IN, Math.max(CALLOUT_MIN_W_IN, numberWidthIn + 2 * CALLOUT_PAD_IN + 0.2));
      return roomierOf(narrowest, widestIn, (w) => {
        const x = RIGHT_EDGE_IN - w;
        const inner = { x: x + CALLOUT_PAD_IN, w: w - 2 * CALLOUT_PAD_IN };
        let y = TOP_IN + CALLOUT_PAD_IN;
        const number = sizedToText(ctx, textBox(ctx, 'big-number', 'big-number', { ...inner, y, h: 0 }, numberPt, slide.bigNumber!, { heading: true, color: 'title' }), 1.6);
        y += number.box.h + 0.1;
        const inside: SlideBox[] = [number];
        let takeaway: TextBox | undefined;
        if (slide.takeaway) {
          const room = chartBottomIn - CALLOUT_PAD_IN - y - (slide.warning ? flagHeightIn(ctx, inner.w, FLAG_H_IN, slide.warning) + 0.15 : 0);
          takeaway = sizedToText(ctx, textBox(ctx, 'takeaway', 'takeaway', { ...inner, y, h: 0 }, t.takeawayPt, slide.takeaway, { heading: true }), room);
          inside.push(takeaway);
          y += takeaway.box.h + 0.15;
        }
        if (slide.warning) {
          const h = flagHeightIn(ctx, inner.w, FLAG_H_IN, slide.warning);
          inside.push(...warningFlag(ctx, { ...inner, y, h }, slide.warning));
          y += h;
        }
        const panel = { x, y: TOP_IN, w, h: Math.min(chartBottomIn, y + CALLOUT_PAD_IN) - TOP_IN };
        return { frame: { x: MARGIN_IN, y: TOP_IN, w: x - GAP_IN - MARGIN_IN, h: chartBottomIn - TOP_IN }, boxes: [shapeBox(panel, 'panel', { panel: true }), ...inside], takeaway };
      }, ctx);
    };
    // No wider than CALLOUT_MAX_W_IN: a chart narrower still left a Japanese talk's long stacked labels
    // no room (CHART_TOO_DENSE).
    for (const numberPt of [t.kpiValuePt, SMALL_NUMBER_PT]) {
      const callout = calloutAt(numberPt, CALLOUT_MAX_W_IN);
      if (callout.fits) return callout;
    }
    // A takeaway no callout holds at its audience's minimum is set beside the chart on its own, with the
    // chart's full height (it states the figure too), else under the title: the number is left out
    // rather than the text shrunk, and the chart keeps the width and height its labels need.
    const side = besideChart(slide, ctx, chartBottomIn);
    if (side.fits) return side;
  } else if (barsOf(slide) > DENSE_BARS && (slide.takeaway || slide.warning) && !slide.takeawayAtTitle) {
    // Beside the chart, which keeps the body's full height for its many bars; a takeaway the column
    // cannot hold at its audience's minimum (a Japanese ranking of three long answers) goes under the
    // title at the full width instead, and the chart is drawn (or split) for the shorter frame.
    const side = besideChart(slide, ctx, chartBottomIn);
    if (side.fits || !slide.takeaway) return side;
  }
  let top = TOP_IN;
  if (slide.takeaway) {
    const under = (maxIn: number) => sizedToText(ctx, textBox(ctx, 'takeaway', 'takeaway', { x: MARGIN_IN, y: top, w: CONTENT_WIDTH_IN, h: 0 }, t.takeawayPt, slide.takeaway!, { heading: true }), maxIn);
    // Taller (the chart shorter) only where the audience's smallest body type needs it.
    const short = under(SUBTITLE_MAX_H_IN);
    const takeaway = fitsAtMinimum(ctx, short) ? short : under(SUBTITLE_ROOMY_H_IN);
    boxes.push(takeaway);
    top += takeaway.box.h + 0.1;
  }
  let bottom = chartBottomIn;
  if (slide.warning) {
    const h = flagHeightIn(ctx, FLAG_ROW.w, FLAG_ROW.h, slide.warning);
    bottom -= h + 0.1;
    boxes.push(...warningFlag(ctx, { x: MARGIN_IN, y: bottom + 0.1, w: FLAG_ROW.w, h }, slide.warning));
  }
  return { frame: { x: MARGIN_IN, y: top, w: CONTENT_WIDTH_IN, h: bottom - top }, boxes };
}

/**
 * The takeaway (and a small base's flag) in a column beside the chart, which keeps the body's full height:
 * a chart with many bars, or a figure whose takeaway its callout cannot hold. As narrow as the takeaway
 * allows at its audience's minimum.
 */
function besideChart(slide: Arranged, ctx: LayoutContext, chartBottomIn: number): ChartSlideLayout & { fits: boolean } {
  const t = ctx.type;
  return roomierOf(SIDE_W_IN, SIDE_MAX_W_IN, (w) => {
    const boxes: SlideBox[] = [];
    const x = RIGHT_EDGE_IN - w;
    let y = TOP_IN;
    let takeaway: TextBox | undefined;
    if (slide.takeaway) {
      const room = chartBottomIn - y - (slide.warning ? flagHeightIn(ctx, w, FLAG_H_IN, slide.warning) + 0.15 : 0);
      takeaway = sizedToText(ctx, textBox(ctx, 'takeaway', 'takeaway', { x, y, w, h: 0 }, t.takeawayPt, slide.takeaway, { heading: true }), room);
      boxes.push(takeaway);
      y += takeaway.box.h + 0.15;
    }
    if (slide.warning) boxes.push(...warningFlag(ctx, { x, y, w, h: flagHeightIn(ctx, w, FLAG_H_IN, slide.warning) }, slide.warning));
    return { frame: { x: MARGIN_IN, y: TOP_IN, w: x - GAP_IN - MARGIN_IN, h: chartBottomIn - TOP_IN }, boxes, takeaway };
  }, ctx);
}

/** The box the chart of a chart slide is drawn for: the charts stage renders it at this size. */
export function chartFrame(slide: Arranged, ctx: LayoutContext): BoxIn {
  return arrange(slide, ctx).frame;
}

/** The chart fitted inside its box without distortion, centred. */
export function placeChart(widthPx: number, heightPx: number, box: BoxIn): BoxIn {
  const scale = Math.min(box.w / widthPx, box.h / heightPx);
  const w = widthPx * scale;
  const h = heightPx * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/**
 * A warning flag's height at width `w`: `h`, or what its text needs at its type size where that is more
 * (a Spanish small-base note needs four lines in a callout's width), up to FLAG_MAX_H_IN.
 */
function flagHeightIn(ctx: LayoutContext, w: number, h: number, warning: string): number {
  const text = warningFlag(ctx, { x: 0, y: 0, w, h }, warning).find((b): b is TextBox => b.type === 'text' && b.role === 'warning')!;
  return Math.max(h, neededHeightIn(ctx, text, FLAG_MAX_H_IN));
}

/** The warning flag: its filled background, the icon (triangle, bar, dot) at its left, the text beside it. */
export function warningFlag(ctx: LayoutContext, flag: BoxIn, warning: string): SlideBox[] {
  const insetIn = WARNING_INSET_PT / 72;
  const icon = { x: flag.x + insetIn, y: flag.y + (flag.h - WARNING_ICON_IN) / 2, w: WARNING_ICON_IN, h: WARNING_ICON_IN };
  const textX = icon.x + icon.w;
  const text: TextBox = textBox(ctx, 'warning', 'warning', { x: textX, y: flag.y, w: flag.x + flag.w - textX, h: flag.h }, ctx.type.notePt, warningText(warning), {
    bold: true,
    color: 'warningText',
    valign: 'middle',
    insetPt: WARNING_INSET_PT,
  });
  return [
    shapeBox(flag, 'warningFill', { name: 'Warning flag' }),
    { type: 'shape', shape: 'triangle', box: icon, fill: 'warningText', name: 'Warning icon' },
    shapeBox({ x: icon.x + icon.w * 0.45, y: icon.y + icon.h * 0.36, w: icon.w * 0.1, h: icon.h * 0.34 }, 'warningFill', { name: 'Warning icon bar' }),
    shapeBox({ x: icon.x + icon.w * 0.45, y: icon.y + icon.h * 0.76, w: icon.w * 0.1, h: icon.h * 0.1 }, 'warningFill', { name: 'Warning icon dot' }),
    text,
  ];
}

export function layoutChart(slide: ChartSlide, ctx: LayoutContext): SlideBox[] {
  const chart = slide.chart;
  const { frame, boxes: beside } = arrange(slide, ctx);
  const box = !chart || chart.kind === 'native' ? frame : placeChart(chart.widthPx, chart.heightPx, frame);
  // Reading order: title, the takeaway (and its figure), the chart, the warning, the footnote last.
  const text = beside.filter((b) => !(b.type === 'text' && b.role === 'warning') && !(b.type === 'shape' && b.fill !== 'panel'));
  const flag = beside.filter((b) => !text.includes(b));
  const boxes: SlideBox[] = [titleBox(ctx, slide), ...text, { type: 'chart', box, frame, ...(chart ? { chart } : {}) }, ...flag];
  if (slide.footnote) boxes.push(footnoteBox(ctx, slide.footnote));
  return boxes;
}

/** The chart box in inches for a chart slide of a deck in `brand` (what bind and the pipeline ask the charts stage for). */
export function chartBoxFor(slide: Arranged = {}, ctx?: LayoutContext): { widthIn: number; heightIn: number } {
  const frame = ctx ? chartFrame(slide, ctx) : DEFAULT_FRAME;
  return { widthIn: frame.w, heightIn: frame.h };
}

/**
 * The box of each chart slide's chart in a deck of `brand` in `locale`: the frame its layout gives it.
 * Bind checks every chart against it (splitting, short labels, CHART_TOO_DENSE) and the charts stage
 * draws the picture at exactly this size, so no chart text is scaled below its audience's minimum.
 */
export function chartBoxesFor(brand: Brand, locale: Locale, bodyType?: BodyType): (slide: Arranged) => { widthIn: number; heightIn: number } {
  const ctx = layoutContext(brand, locale, [], bodyType);
  return (slide) => chartBoxFor(slide, ctx);
}

/** A chart slide with a one-line takeaway and nothing beside the chart: the size bind starts from. */
const DEFAULT_FRAME: BoxIn = { x: MARGIN_IN, y: TOP_IN + 0.5, w: CONTENT_WIDTH_IN, h: CHART_BOTTOM_IN_DEFAULT - TOP_IN - 0.5 };
