// Assemble stage: laid-out boxes → pptxgenjs calls. A translation, not a second round of decisions:
// every position, size, face and colour role comes from the layout stage (src/layout/), sizes as fit
// left them. Boxes are written in the order given, which is the slide's reading order.
import { error } from '../diagnostics.js';
import type { Brand, ChartBox, LaidOutSlide, ShapeBox, TextBox } from '../ir.js';
import type { Pptx, PptxSlide, TextPropsOptions } from './pptx.js';
import type { SlideColors } from './colors.js';
import { nativeChartPlaceholderName, type NativeChartPart } from './native-charts.js';
import { paraSpaceAfterPt } from '../layout/geometry.js';
import { TITLE_PLACEHOLDER } from './masters.js';
import { placeholderDataUri } from './media.js';
import { paragraphsToRuns, uprightOnly, type RunStyle } from './text.js';

export interface BuildContext {
  pptx: Pptx;
  brand: Brand;
  colors: SlideColors;
  lang: string;
  /** Native charts of the deck in slide order; the package step puts each where its placeholder is. */
  nativeCharts: NativeChartPart[];
}

/** Shape names of the boxes the refresh manifest identifies (src/assemble/refresh-manifest.ts). */
export function objectNameOf(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.startsWith('kpi ') ? `KPI${words.slice(3)}` : words.charAt(0).toUpperCase() + words.slice(1);
}

export function addSlideBoxes(slide: PptxSlide, laid: LaidOutSlide, ctx: BuildContext): void {
  for (const box of laid.boxes) {
    if (box.type === 'text') addTextBox(slide, box, ctx);
    else if (box.type === 'shape') addShapeBox(slide, box, ctx);
    else addChartBox(slide, box, laid.spec.title, ctx);
  }
}

function runsOf(box: TextBox, ctx: BuildContext, fontSizePt: number) {
  const style: RunStyle = {
    fontFace: box.fontFace,
    fontSizePt,
    color: ctx.colors[box.color],
    linkColor: ctx.colors.link,
    lang: ctx.lang,
    ...(box.spacedParagraphs ? { paraSpaceAfterPt: paraSpaceAfterPt(fontSizePt) } : {}),
  };
  const more: TextPropsOptions = {};
  if (box.bold) more.bold = true;
  if (box.italic && !uprightOnly(ctx.lang)) more.italic = true;
  return paragraphsToRuns(box.paragraphs, style).map((r) => ({ ...r, options: { ...r.options, ...more } }));
}

function addTextBox(slide: PptxSlide, box: TextBox, ctx: BuildContext): void {
  if (box.placeholder) {
    // Only the text goes in: position and type come from the master's title placeholder, unless the
    // fitter chose a smaller size for this slide's title.
    const fitted = box.fontSizePt !== box.designFontSizePt;
    const runs = runsOf(box, ctx, 0).map((r) => {
      const { fontSize: _drop, ...options } = r.options ?? {};
      return { text: r.text, options: { ...options, ...(fitted ? { fontSize: box.fontSizePt } : {}), bold: true, align: 'left' as const } };
    });
    slide.addText(runs, { placeholder: TITLE_PLACEHOLDER });
    return;
  }
  // Top-anchored unless the layout says otherwise; no insets (boxes align with rules); no autofit.
  slide.addText(runsOf(box, ctx, box.fontSizePt), {
    ...box.box,
    margin: box.insetPt ?? 0, // pptxgenjs: points
    valign: box.valign,
    fit: 'none',
    objectName: objectNameOf(box.id),
  });
}

function addShapeBox(slide: PptxSlide, box: ShapeBox, ctx: BuildContext): void {
  const shape = box.shape === 'triangle' ? ctx.pptx.ShapeType.triangle : ctx.pptx.ShapeType.rect;
  slide.addShape(shape, { ...box.box, fill: { color: ctx.colors[box.fill] }, line: { type: 'none' }, ...(box.name ? { objectName: box.name } : {}) });
}

function addChartBox(slide: PptxSlide, box: ChartBox, title: string, ctx: BuildContext): void {
  const chart = box.chart;
  if (!chart) throw error('INTERNAL', `slide \`${title}\` reached assemble without its chart (validateDeck lets no such slide through)`);
  if (chart.kind === 'native') {
    // pptxgenjs cannot place a chart part written elsewhere: a placeholder marks the box, and the
    // package step swaps it for the chart frame (see native-charts.ts).
    const index = ctx.nativeCharts.push({ chartXml: chart.chartXml, workbook: chart.workbook, altText: chart.altText, title }) - 1;
    slide.addShape(ctx.pptx.ShapeType.rect, { ...box.box, objectName: nativeChartPlaceholderName(index), line: { type: 'none' } });
  } else {
    slide.addImage({
      data: placeholderDataUri(chart.hash), // the bytes go in at the package step, not through base64
      ...box.box,
      altText: chart.altText,
      objectName: 'Chart',
    });
  }
}
