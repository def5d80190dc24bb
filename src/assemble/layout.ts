// Assemble stage: slide geometry. Every box the deck uses, in inches, in one table, so the text fitter
// and the chart renderer read the same numbers the PPTX builder places. Pure data and pure functions.
import type { Brand, Paragraph, SlideKind, SlideSpec } from '../ir.js';
import { attributionText, plainParagraphs, quoteText, warningText } from './text.js';

export const EMU_PER_INCH = 914_400;
export const SLIDE_WIDTH_IN = 13.333;
export const SLIDE_HEIGHT_IN = 7.5;
export const MARGIN_IN = 0.6;
const CONTENT_WIDTH_IN = SLIDE_WIDTH_IN - 2 * MARGIN_IN; // 12.133
const RIGHT_EDGE_IN = SLIDE_WIDTH_IN - MARGIN_IN;

export interface BoxIn {
  x: number;
  y: number;
  w: number;
  h: number;
}

const LOGO_SIZE_IN = 0.5;

/**
 * The geometry of every layout and slide kind. Body content lives between `BODY_TOP_IN` and
 * `BODY_BOTTOM_IN`; the footer band sits in the bottom margin.
 */
export const LAYOUT = {
  slide: { widthIn: SLIDE_WIDTH_IN, heightIn: SLIDE_HEIGHT_IN, marginIn: MARGIN_IN },
  master: {
    /** Title placeholder on content and chart layouts; leaves room for the logo at the right. */
    title: { x: MARGIN_IN, y: 0.45, w: CONTENT_WIDTH_IN - LOGO_SIZE_IN - 0.3, h: 0.95 },
    /** Short brand-coloured rule under the title. */
    titleRule: { x: MARGIN_IN, y: 1.55, w: 0.9, h: 0.06 },
    logo: { x: RIGHT_EDGE_IN - LOGO_SIZE_IN, y: 0.55, w: LOGO_SIZE_IN, h: LOGO_SIZE_IN },
    footer: { x: MARGIN_IN, y: 6.95, w: CONTENT_WIDTH_IN - 1.2, h: 0.3 },
    slideNumber: { x: RIGHT_EDGE_IN - 1.0, y: 6.95, w: 1.0, h: 0.3 },
  },
  title: {
    accentBar: { x: MARGIN_IN, y: 2.05, w: 1.4, h: 0.1 },
    title: { x: MARGIN_IN, y: 2.3, w: 10.4, h: 1.9 },
    subtitle: { x: MARGIN_IN, y: 4.3, w: 10.4, h: 1.1 },
    /** Source, sample and fieldwork dates under the subtitle, in small type; clear of the logo below. */
    byline: { x: MARGIN_IN, y: 5.45, w: 10.4, h: 0.6 },
    logo: { x: MARGIN_IN, y: 6.1, w: 0.8, h: 0.8 },
  },
  section: {
    accentBar: { x: MARGIN_IN, y: 2.65, w: 1.0, h: 0.1 },
    title: { x: MARGIN_IN, y: 2.9, w: 11.0, h: 1.5 },
    subtitle: { x: MARGIN_IN, y: 4.45, w: 11.0, h: 0.9 },
    logo: { x: RIGHT_EDGE_IN - LOGO_SIZE_IN, y: 6.4, w: LOGO_SIZE_IN, h: LOGO_SIZE_IN },
  },
  body: { x: MARGIN_IN, y: 1.8, w: CONTENT_WIDTH_IN, h: 4.85 },
  bigNumbers: {
    /** The row the KPI cards share; cards split it evenly with `gapIn` between them. */
    row: { x: MARGIN_IN, y: 2.15, w: CONTENT_WIDTH_IN, h: 4.3 },
    gapIn: 0.35,
    /** Offsets inside a card. */
    rule: { dy: 0, h: 0.08 },
    value: { dy: 0.25, h: 1.35 },
    label: { dy: 1.7, h: 1.35 },
    note: { dy: 3.15, h: 1.1 },
  },
  chart: {
    /** The chart picture is rendered for, and placed inside, this box. */
    picture: { x: MARGIN_IN, y: 1.8, w: 8.4, h: 4.45 },
    /** Side panel holding the takeaway and, when there is one, the warning flag. */
    panel: { x: 9.35, y: 1.8, w: RIGHT_EDGE_IN - 9.35, h: 4.45 },
    takeaway: { x: 9.55, y: 2.0, w: RIGHT_EDGE_IN - 9.75, h: 3.05 },
    /** 0.9 in high: the drawn icon takes 0.34 in of its width, and three lines of 12 pt CJK must fit. */
    warning: { x: 9.55, y: 5.15, w: RIGHT_EDGE_IN - 9.75, h: 0.9 },
    footnote: { x: MARGIN_IN, y: 6.3, w: CONTENT_WIDTH_IN, h: 0.5 },
  },
  twoColumn: {
    gapIn: 0.5,
    heading: { y: 1.8, h: 0.6 },
    body: { y: 2.5, h: 4.15 },
  },
  quote: {
    bar: { x: 1.2, y: 2.0, w: 0.1, h: 3.0 },
    text: { x: 1.6, y: 2.0, w: 10.0, h: 3.0 },
    attribution: { x: 1.6, y: 5.2, w: 10.0, h: 0.6 },
  },
} as const;

/** Type sizes, in points, relative to the brand's title/body sizes. */
export function typeScale(brand: Brand) {
  return {
    titleSlidePt: Math.round(brand.titleFontSizePt * 1.45),
    subtitlePt: Math.max(brand.minFontSizePt, brand.bodyFontSizePt + 4),
    sectionPt: Math.round(brand.titleFontSizePt * 1.3),
    titlePt: brand.titleFontSizePt,
    bodyPt: brand.bodyFontSizePt,
    headingPt: brand.bodyFontSizePt + 2,
    kpiValuePt: 60,
    kpiLabelPt: brand.bodyFontSizePt,
    notePt: Math.max(brand.minFontSizePt, 12),
    takeawayPt: brand.bodyFontSizePt + 2,
    quotePt: brand.bodyFontSizePt + 8,
    sourcesPt: Math.max(brand.minFontSizePt, brand.bodyFontSizePt - 4),
    footerPt: 10,
  };
}

/** Where the chart picture goes on a chart slide; the chart stage renders the PNG for this box. */
export const CHART_BOX: { widthIn: number; heightIn: number } = {
  widthIn: LAYOUT.chart.picture.w,
  heightIn: LAYOUT.chart.picture.h,
};

/** Slide kinds that show a chart picture. */
export type ChartSlideKind = Extract<SlideKind, 'chart'>;

/** The chart box for a slide kind that shows a chart (today only `chart`). */
export function chartBoxFor(kind: ChartSlideKind = 'chart'): { widthIn: number; heightIn: number } {
  const boxes: { [K in ChartSlideKind]: { widthIn: number; heightIn: number } } = { chart: CHART_BOX };
  return { ...boxes[kind] };
}

/** KPI card boxes for `count` cards, left to right. */
export function kpiCards(count: number): BoxIn[] {
  const { row, gapIn } = LAYOUT.bigNumbers;
  const w = (row.w - gapIn * (count - 1)) / count;
  return Array.from({ length: count }, (_, i) => ({ x: row.x + i * (w + gapIn), y: row.y, w, h: row.h }));
}

/** The two column boxes of a two-column slide. */
export function columnBoxes(): [BoxIn, BoxIn] {
  const { gapIn } = LAYOUT.twoColumn;
  const w = (LAYOUT.body.w - gapIn) / 2;
  return [
    { x: LAYOUT.body.x, y: LAYOUT.body.y, w, h: LAYOUT.body.h },
    { x: LAYOUT.body.x + w + gapIn, y: LAYOUT.body.y, w, h: LAYOUT.body.h },
  ];
}

/** Inset of the warning flag (a filled shape, so its text must not touch the edge), points. */
export const WARNING_INSET_PT = 6;
/** Side of the warning icon (a drawn triangle with "!"), inches. */
export const WARNING_ICON_IN = 0.26;

/** The warning flag: its filled background, the icon at its left, and the text box beside the icon. */
export function warningFlagBoxes(): { flag: BoxIn; icon: BoxIn; text: BoxIn } {
  const flag = LAYOUT.chart.warning;
  const insetIn = WARNING_INSET_PT / 72;
  const icon = { x: flag.x + insetIn, y: flag.y + (flag.h - WARNING_ICON_IN) / 2, w: WARNING_ICON_IN, h: WARNING_ICON_IN };
  const textX = icon.x + icon.w;
  return { flag: { ...flag }, icon, text: { x: textX, y: flag.y, w: flag.x + flag.w - textX, h: flag.h } };
}

/** Space after each paragraph of body text, as a fraction of the font size. */
const PARA_SPACE_AFTER_EM = 0.5;

/** Space after a body paragraph at `fontSizePt`, points (what the builders write as `paraSpaceAfter`). */
export function paraSpaceAfterPt(fontSizePt: number): number {
  return Math.round(fontSizePt * PARA_SPACE_AFTER_EM);
}

/** Box ids of the per-card and per-column boxes, shared by textBoxes() and the builders. */
export const kpiBoxId = (index: number, part: 'value' | 'label' | 'note'): string => `kpi${index}.${part}`;
export const columnBoxId = (index: number, part: 'heading' | 'body'): string => `column${index}.${part}`;

/** A text box the fitter has to check: where it is, how big its type is, what it holds. */
export interface TextBoxSpec {
  /** Box id, unique on the slide; the key of `SlideSpec.fontSizesPt`. */
  role: string;
  box: BoxIn;
  /** The brand's size for this box, before fitting. */
  fontSizePt: number;
  fontFace: string;
  /** Every run of the box is bold (runs may also be bold on their own). */
  bold?: boolean;
  /** The text as written into the box, decorations included. */
  paragraphs: Paragraph[];
  /** Inset on every side, points; 0 when absent. */
  insetPt?: number;
  /** Paragraphs are followed by `paraSpaceAfterPt(size)`. */
  spacedParagraphs?: boolean;
}

/**
 * Every text box a slide will get, with its size, type and text, for the text fitter. The builders
 * place exactly these boxes, so measuring against this list is measuring the deck. The footer and
 * slide number live on the masters and are not per slide.
 */
export function textBoxes(slide: SlideSpec, brand: Brand): TextBoxSpec[] {
  const t = typeScale(brand);
  const head = brand.fonts.heading;
  const body = brand.fonts.body;
  const out: TextBoxSpec[] = [];
  const add = (role: string, box: BoxIn, fontSizePt: number, text: string | Paragraph[], more: Partial<TextBoxSpec> = {}) =>
    out.push({ role, box: { ...box }, fontSizePt, fontFace: body, paragraphs: typeof text === 'string' ? plainParagraphs(text) : text, ...more });
  const heading = { fontFace: head, bold: true };
  switch (slide.kind) {
    case 'title':
      add('title', LAYOUT.title.title, t.titleSlidePt, slide.title, heading);
      if (slide.subtitle) add('subtitle', LAYOUT.title.subtitle, t.subtitlePt, slide.subtitle);
      if (slide.body?.length) add('byline', LAYOUT.title.byline, t.notePt, slide.body);
      return out;
    case 'section':
      add('title', LAYOUT.section.title, t.sectionPt, slide.title, heading);
      if (slide.subtitle) add('subtitle', LAYOUT.section.subtitle, t.subtitlePt, slide.subtitle);
      return out;
    default:
      add('title', LAYOUT.master.title, t.titlePt, slide.title, heading);
  }
  switch (slide.kind) {
    case 'big-numbers':
      kpiCards(slide.kpis?.length ?? 0).forEach((card, i) => {
        const b = LAYOUT.bigNumbers;
        const kpi = slide.kpis![i];
        const at = (part: { dy: number; h: number }): BoxIn => ({ x: card.x, y: card.y + part.dy, w: card.w, h: part.h });
        add(kpiBoxId(i, 'value'), at(b.value), t.kpiValuePt, kpi.value, heading);
        add(kpiBoxId(i, 'label'), at(b.label), t.kpiLabelPt, kpi.label);
        if (kpi.note) add(kpiBoxId(i, 'note'), at(b.note), t.notePt, kpi.note);
      });
      break;
    case 'chart':
      if (slide.takeaway) add('takeaway', LAYOUT.chart.takeaway, t.takeawayPt, slide.takeaway, heading);
      if (slide.warning) add('warning', warningFlagBoxes().text, t.notePt, warningText(slide.warning), { bold: true, insetPt: WARNING_INSET_PT });
      if (slide.footnote) add('footnote', LAYOUT.chart.footnote, t.notePt, slide.footnote);
      break;
    case 'bullets':
      add('body', LAYOUT.body, t.bodyPt, slide.body ?? [], { spacedParagraphs: true });
      break;
    case 'sources':
      add('body', LAYOUT.body, t.sourcesPt, slide.body ?? [], { spacedParagraphs: true });
      break;
    case 'two-column':
      columnBoxes().forEach((col, i) => {
        const column = slide.columns?.[i];
        if (!column) return;
        add(columnBoxId(i, 'heading'), { x: col.x, w: col.w, ...LAYOUT.twoColumn.heading }, t.headingPt, column.heading, heading);
        add(columnBoxId(i, 'body'), { x: col.x, w: col.w, ...LAYOUT.twoColumn.body }, t.bodyPt, column.body, { spacedParagraphs: true });
      });
      break;
    case 'quote':
      if (!slide.quote) break;
      add('quote', LAYOUT.quote.text, t.quotePt, quoteText(slide.quote.text), { fontFace: head });
      if (slide.quote.attribution) add('attribution', LAYOUT.quote.attribution, t.bodyPt, attributionText(slide.quote.attribution));
      break;
  }
  return out;
}

/** The size a builder writes into box `role`: the fitter's choice when it made one, else the brand's. */
export function fittedSizePt(slide: SlideSpec, role: string, brandSizePt: number): number {
  return slide.fontSizesPt?.[role] ?? brandSizePt;
}
