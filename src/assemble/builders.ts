// Assemble stage: one builder per slide kind, registered exhaustively so a new SlideKind without a
// builder is a compile error. Builders translate a validated SlideSpec into pptxgenjs calls at the
// geometry in LAYOUT; they make no decisions of their own.
import type { Pptx, PptxSlide, TextPropsOptions } from './pptx.js';
import type { Brand, SlideKind, SlideSpec } from '../ir.js';
import type { SlideColors } from './colors.js';
import { nativeChartPlaceholderName, type NativeChartPart } from './native-charts.js';
import { columnBoxes, columnBoxId, fittedSizePt, kpiBoxId, kpiCards, LAYOUT, paraSpaceAfterPt, typeScale, WARNING_INSET_PT, warningFlagBoxes, type BoxIn } from './layout.js';
import { TITLE_PLACEHOLDER } from './masters.js';
import { placeholderDataUri } from './media.js';
import { attributionText, paragraphsToRuns, plainRuns, quoteText, warningText, type RunStyle } from './text.js';

export interface BuildContext {
  pptx: Pptx;
  brand: Brand;
  colors: SlideColors;
  type: ReturnType<typeof typeScale>;
  lang: string;
  /** Native charts of the deck in slide order; the package step puts each where its placeholder is. */
  nativeCharts: NativeChartPart[];
}

export type SlideBuilder = (slide: PptxSlide, spec: SlideSpec, ctx: BuildContext) => void;

/** Options every text box shares: top-anchored, no insets (boxes align with rules), no autofit. */
function textBox(box: BoxIn, extra: TextPropsOptions = {}): TextPropsOptions {
  return { x: box.x, y: box.y, w: box.w, h: box.h, margin: 0, valign: 'top', fit: 'none', ...extra };
}

function style(ctx: BuildContext, fontSizePt: number, over: Partial<RunStyle> = {}): RunStyle {
  return {
    fontFace: ctx.brand.fonts.body,
    fontSizePt,
    color: ctx.colors.text,
    linkColor: ctx.colors.link,
    lang: ctx.lang,
    ...over,
  };
}

function addTitle(slide: PptxSlide, spec: SlideSpec, ctx: BuildContext, cover: boolean): void {
  // Only the text goes in: position and type come from the layout's title placeholder, unless the
  // fitter chose a smaller size for this slide's title.
  const fittedPt = spec.fontSizesPt?.title;
  slide.addText(
    plainRuns(spec.title, style(ctx, 0, { fontFace: ctx.brand.fonts.heading, color: cover ? ctx.colors.coverText : ctx.colors.title })).map((r) => {
      const { fontSize: _drop, ...options } = r.options ?? {};
      return { text: r.text, options: { ...options, ...(fittedPt ? { fontSize: fittedPt } : {}), bold: true, align: 'left' as const } };
    }),
    { placeholder: TITLE_PLACEHOLDER },
  );
}

const coverBuilder =
  (which: 'title' | 'section'): SlideBuilder =>
  (slide, spec, ctx) => {
    addTitle(slide, spec, ctx, true);
    if (spec.subtitle) {
      const g = which === 'title' ? LAYOUT.title : LAYOUT.section;
      const sizePt = fittedSizePt(spec, 'subtitle', ctx.type.subtitlePt);
      slide.addText(plainRuns(spec.subtitle, style(ctx, sizePt, { color: ctx.colors.coverText })), textBox(g.subtitle, { objectName: 'Subtitle' }));
    }
    if (which === 'title' && spec.body?.length) {
      const sizePt = fittedSizePt(spec, 'byline', ctx.type.notePt);
      slide.addText(paragraphsToRuns(spec.body, style(ctx, sizePt, { color: ctx.colors.coverText })), textBox(LAYOUT.title.byline, { objectName: 'Byline' }));
    }
  };

const bigNumbers: SlideBuilder = (slide, spec, ctx) => {
  addTitle(slide, spec, ctx, false);
  const kpis = spec.kpis ?? [];
  const b = LAYOUT.bigNumbers;
  kpiCards(kpis.length).forEach((card, i) => {
    const kpi = kpis[i];
    const at = (part: { dy: number; h: number }): BoxIn => ({ x: card.x, y: card.y + part.dy, w: card.w, h: part.h });
    slide.addShape(ctx.pptx.ShapeType.rect, { ...at(b.rule), w: Math.min(card.w, 1.2), fill: { color: ctx.colors.accent }, line: { type: 'none' } });
    const sizePt = (part: 'value' | 'label' | 'note', brandPt: number) => fittedSizePt(spec, kpiBoxId(i, part), brandPt);
    slide.addText(
      plainRuns(kpi.value, style(ctx, sizePt('value', ctx.type.kpiValuePt), { fontFace: ctx.brand.fonts.heading, color: ctx.colors.title }), { bold: true }),
      textBox(at(b.value), { objectName: `KPI ${i + 1} value` }),
    );
    slide.addText(plainRuns(kpi.label, style(ctx, sizePt('label', ctx.type.kpiLabelPt))), textBox(at(b.label), { objectName: `KPI ${i + 1} label` }));
    if (kpi.note) {
      slide.addText(plainRuns(kpi.note, style(ctx, sizePt('note', ctx.type.notePt), { color: ctx.colors.muted })), textBox(at(b.note), { objectName: `KPI ${i + 1} note` }));
    }
  });
};

/** The chart fitted inside its box without distortion, centred. */
export function placeChart(widthPx: number, heightPx: number, box: BoxIn = LAYOUT.chart.picture): BoxIn {
  const scale = Math.min(box.w / widthPx, box.h / heightPx);
  const w = widthPx * scale;
  const h = heightPx * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

const chart: SlideBuilder = (slide, spec, ctx) => {
  addTitle(slide, spec, ctx, false);
  const c = LAYOUT.chart;
  const picture = spec.chart!;
  if (picture.kind === 'native') {
    // pptxgenjs cannot place a chart part written elsewhere: a placeholder marks the box, and the
    // package step swaps it for the chart frame (see native-charts.ts).
    const index = ctx.nativeCharts.push({ chartXml: picture.chartXml, workbook: picture.workbook, altText: picture.altText, title: spec.title }) - 1;
    slide.addShape(ctx.pptx.ShapeType.rect, { ...c.picture, objectName: nativeChartPlaceholderName(index), line: { type: 'none' } });
  } else {
    slide.addImage({
      data: placeholderDataUri(picture.hash), // the bytes go in at the package step, not through base64
      ...placeChart(picture.widthPx, picture.heightPx),
      altText: picture.altText,
      objectName: 'Chart',
    });
  }
  slide.addShape(ctx.pptx.ShapeType.rect, { ...c.panel, fill: { color: ctx.colors.panel }, line: { type: 'none' } });
  if (spec.takeaway) {
    slide.addText(
      plainRuns(spec.takeaway, style(ctx, fittedSizePt(spec, 'takeaway', ctx.type.takeawayPt), { fontFace: ctx.brand.fonts.heading }), { bold: true }),
      textBox(c.takeaway, { objectName: 'Takeaway' }),
    );
  }
  if (spec.warning) {
    const flag = warningFlagBoxes();
    slide.addShape(ctx.pptx.ShapeType.rect, { ...flag.flag, fill: { color: ctx.colors.warningFill }, line: { type: 'none' }, objectName: 'Warning flag' });
    // The icon is drawn, not typed: U+26A0 is missing from Source Sans 3 and IBM Plex Sans (GLYPH_MISSING),
    // and a "!" in a triangle would be text below the brand minimum. Triangle, then bar and dot.
    const { icon } = flag;
    const mark = { fill: { color: ctx.colors.warningFill }, line: { type: 'none' as const } };
    slide.addShape(ctx.pptx.ShapeType.triangle, { ...icon, fill: { color: ctx.colors.warningText }, line: { type: 'none' }, objectName: 'Warning icon' });
    slide.addShape(ctx.pptx.ShapeType.rect, { x: icon.x + icon.w * 0.45, y: icon.y + icon.h * 0.36, w: icon.w * 0.1, h: icon.h * 0.34, ...mark, objectName: 'Warning icon bar' });
    slide.addShape(ctx.pptx.ShapeType.rect, { x: icon.x + icon.w * 0.45, y: icon.y + icon.h * 0.76, w: icon.w * 0.1, h: icon.h * 0.1, ...mark, objectName: 'Warning icon dot' });
    slide.addText(plainRuns(warningText(spec.warning), style(ctx, fittedSizePt(spec, 'warning', ctx.type.notePt), { color: ctx.colors.warningText }), { bold: true }), {
      ...textBox(flag.text, { valign: 'middle', objectName: 'Warning' }),
      margin: WARNING_INSET_PT, // pptxgenjs: points
    });
  }
  if (spec.footnote) {
    slide.addText(plainRuns(spec.footnote, style(ctx, fittedSizePt(spec, 'footnote', ctx.type.notePt), { color: ctx.colors.muted })), textBox(c.footnote, { objectName: 'Footnote' }));
  }
};

const body =
  (fontSizePt: (ctx: BuildContext) => number): SlideBuilder =>
  (slide, spec, ctx) => {
    addTitle(slide, spec, ctx, false);
    const size = fittedSizePt(spec, 'body', fontSizePt(ctx));
    slide.addText(paragraphsToRuns(spec.body ?? [], style(ctx, size, { paraSpaceAfterPt: paraSpaceAfterPt(size) })), textBox(LAYOUT.body, { objectName: 'Body' }));
  };

const twoColumn: SlideBuilder = (slide, spec, ctx) => {
  addTitle(slide, spec, ctx, false);
  const g = LAYOUT.twoColumn;
  columnBoxes().forEach((col, i) => {
    const column = spec.columns![i];
    const headingPt = fittedSizePt(spec, columnBoxId(i, 'heading'), ctx.type.headingPt);
    const bodyPt = fittedSizePt(spec, columnBoxId(i, 'body'), ctx.type.bodyPt);
    slide.addText(
      plainRuns(column.heading, style(ctx, headingPt, { fontFace: ctx.brand.fonts.heading, color: ctx.colors.title }), { bold: true }),
      textBox({ x: col.x, w: col.w, ...g.heading }, { objectName: `Column ${i + 1} heading` }),
    );
    slide.addText(
      paragraphsToRuns(column.body, style(ctx, bodyPt, { paraSpaceAfterPt: paraSpaceAfterPt(bodyPt) })),
      textBox({ x: col.x, w: col.w, ...g.body }, { objectName: `Column ${i + 1} body` }),
    );
  });
};

const quote: SlideBuilder = (slide, spec, ctx) => {
  addTitle(slide, spec, ctx, false);
  const g = LAYOUT.quote;
  const q = spec.quote!;
  slide.addShape(ctx.pptx.ShapeType.rect, { ...g.bar, fill: { color: ctx.colors.accent }, line: { type: 'none' } });
  slide.addText(
    plainRuns(quoteText(q.text), style(ctx, fittedSizePt(spec, 'quote', ctx.type.quotePt), { fontFace: ctx.brand.fonts.heading }), { italic: true }),
    textBox(g.text, { valign: 'middle', objectName: 'Quote' }),
  );
  if (q.attribution) {
    slide.addText(plainRuns(attributionText(q.attribution), style(ctx, fittedSizePt(spec, 'attribution', ctx.type.bodyPt), { color: ctx.colors.muted })), textBox(g.attribution, { objectName: 'Attribution' }));
  }
};

export const SLIDE_BUILDERS: { [K in SlideKind]: SlideBuilder } = {
  title: coverBuilder('title'),
  section: coverBuilder('section'),
  'big-numbers': bigNumbers,
  chart,
  bullets: body((ctx) => ctx.type.bodyPt),
  'two-column': twoColumn,
  quote,
  sources: body((ctx) => ctx.type.sourcesPt),
};
