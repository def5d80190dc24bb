// Layout stage, `chart` slides: the chart in the box it was rendered for, a side panel with the
// takeaway and, on a small base, the warning flag (a drawn icon: ⚠ is in no brand's body font), and the
// footnote last in reading order. Pure.
import type { BoxIn, ChartSlide, SlideBox } from '../../ir.js';
import { shapeBox, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { CONTENT_WIDTH_IN, MARGIN_IN, RIGHT_EDGE_IN, WARNING_ICON_IN, WARNING_INSET_PT } from '../geometry.js';
import { warningText } from '../text.js';

/** The chart is rendered for, and placed inside, this box. */
const CHART = { x: MARGIN_IN, y: 1.8, w: 8.4, h: 4.45 };
/** Side panel holding the takeaway and, when there is one, the warning flag. */
const PANEL = { x: 9.35, y: 1.8, w: RIGHT_EDGE_IN - 9.35, h: 4.45 };
const TAKEAWAY = { x: 9.55, y: 2.0, w: RIGHT_EDGE_IN - 9.75, h: 3.05 };
/** 0.9 in high: the drawn icon takes 0.34 in of its width, and three lines of 12 pt CJK must fit. */
const WARNING = { x: 9.55, y: 5.15, w: RIGHT_EDGE_IN - 9.75, h: 0.9 };
const FOOTNOTE = { x: MARGIN_IN, y: 6.3, w: CONTENT_WIDTH_IN, h: 0.5 };

/** The box the chart of a chart slide is drawn for: the charts stage renders it at this size. */
export function chartFrame(_slide?: Pick<ChartSlide, 'takeaway' | 'bigNumber' | 'warning'>): BoxIn {
  return { ...CHART };
}

/** The chart fitted inside its box without distortion, centred. */
export function placeChart(widthPx: number, heightPx: number, box: BoxIn): BoxIn {
  const scale = Math.min(box.w / widthPx, box.h / heightPx);
  const w = widthPx * scale;
  const h = heightPx * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** The warning flag: its filled background, the icon (triangle, bar, dot) at its left, the text beside it. */
export function warningFlag(ctx: LayoutContext, flag: BoxIn, warning: string): SlideBox[] {
  const insetIn = WARNING_INSET_PT / 72;
  const icon = { x: flag.x + insetIn, y: flag.y + (flag.h - WARNING_ICON_IN) / 2, w: WARNING_ICON_IN, h: WARNING_ICON_IN };
  const textX = icon.x + icon.w;
  return [
    shapeBox(flag, 'warningFill', { name: 'Warning flag' }),
    { type: 'shape', shape: 'triangle', box: icon, fill: 'warningText', name: 'Warning icon' },
    shapeBox({ x: icon.x + icon.w * 0.45, y: icon.y + icon.h * 0.36, w: icon.w * 0.1, h: icon.h * 0.34 }, 'warningFill', { name: 'Warning icon bar' }),
    shapeBox({ x: icon.x + icon.w * 0.45, y: icon.y + icon.h * 0.76, w: icon.w * 0.1, h: icon.h * 0.1 }, 'warningFill', { name: 'Warning icon dot' }),
    textBox(ctx, 'warning', 'warning', { x: textX, y: flag.y, w: flag.x + flag.w - textX, h: flag.h }, ctx.type.notePt, warningText(warning), {
      bold: true,
      color: 'warningText',
      valign: 'middle',
      insetPt: WARNING_INSET_PT,
    }),
  ];
}

export function layoutChart(slide: ChartSlide, ctx: LayoutContext): SlideBox[] {
  const chart = slide.chart;
  const frame = chartFrame(slide);
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  const box = !chart || chart.kind === 'native' ? frame : placeChart(chart.widthPx, chart.heightPx, frame);
  boxes.push({ type: 'chart', box, frame, ...(chart ? { chart } : {}) });
  boxes.push(shapeBox(PANEL, 'panel', { panel: true }));
  if (slide.takeaway) boxes.push(textBox(ctx, 'takeaway', 'takeaway', TAKEAWAY, ctx.type.takeawayPt, slide.takeaway, { heading: true }));
  if (slide.warning) boxes.push(...warningFlag(ctx, WARNING, slide.warning));
  if (slide.footnote) boxes.push(textBox(ctx, 'footnote', 'footnote', FOOTNOTE, ctx.type.notePt, slide.footnote, { color: 'muted' }));
  return boxes;
}

/** The default chart box in inches (a chart slide's frame before bind knows its takeaway and figure). */
export function chartBoxFor(slide?: Pick<ChartSlide, 'takeaway' | 'bigNumber' | 'warning'>): { widthIn: number; heightIn: number } {
  const frame = chartFrame(slide);
  return { widthIn: frame.w, heightIn: frame.h };
}
