// Layout stage: what every slide layout needs to describe its boxes once — the brand's faces and type
// scale, and constructors for text, shape and title boxes. Pure.
import { cssFontList, layoutText, PT_PER_IN, type TextLayout } from '../fonts/layout-text.js';
import { isEastAsian, type BodyType, type Brand, type BoxIn, type ColorRole, type Locale, type Paragraph, type ShapeBox, type SlideSpec, type TextBox, type TextRole } from '../ir.js';
import { BULLET_INDENT_PT, MASTER, paraSpaceAfterPt, typeScale, type TypeScale } from './geometry.js';
import { plainParagraphs } from './text.js';

export interface LayoutContext {
  brand: Brand;
  locale: Locale;
  type: TypeScale;
  /** The deck's section dividers, in order: the agenda lists them and each divider marks its place. */
  sections: string[];
  /** On a divider: which of `sections` it opens (0-based). */
  sectionIndex?: number;
}

/** `body`: the audience's body type (DeckSpec.bodyType); the brand's sizes where absent. */
export function layoutContext(brand: Brand, locale: Locale = 'en', sections: string[] = [], body: BodyType = {}): LayoutContext {
  return { brand, locale, type: typeScale(brand, body), sections };
}

/**
 * Text sized from the audience's body size, and the floor fit keeps it at or above: two columns side by
 * side at the audience's column minimum, the rest at its body minimum. Notes, footnotes, flags and the
 * byline keep the brand's minimum.
 */
export const BODY_ROLES: ReadonlySet<TextRole> = new Set<TextRole>(['subtitle', 'kpi-label', 'takeaway', 'body', 'column-heading', 'column-body', 'quote', 'attribution', 'agenda-item']);
const COLUMN_ROLES: ReadonlySet<TextRole> = new Set<TextRole>(['column-heading', 'column-body']);

/** The smallest size fit may give a box of `role`, points. */
export function minFontSizePtOf(type: TypeScale, brand: Brand, role: TextRole): number {
  return COLUMN_ROLES.has(role) ? type.columnMinPt : BODY_ROLES.has(role) ? type.bodyMinPt : brand.minFontSizePt;
}

/** The box's text laid out at `fontSizePt` with the deck's fonts, as a renderer would wrap it. */
export function layoutBoxText(box: TextBox, fontSizePt: number, brand: Brand, locale: Locale): TextLayout {
  const insetPt = box.insetPt ?? 0;
  return layoutText({
    paragraphs: box.paragraphs,
    // Latin characters in the brand face, CJK in the East Asian face the package names as <a:ea>.
    fontFamily: cssFontList(box.fontFace, isEastAsian(locale) ? brand.fonts.eastAsian[locale as 'zh-CN' | 'ja'] : undefined),
    fontSizePt,
    bold: box.bold,
    widthPt: box.box.w * PT_PER_IN - 2 * insetPt,
    bulletIndentPt: BULLET_INDENT_PT,
    paraSpaceAfterPt: box.spacedParagraphs ? paraSpaceAfterPt(fontSizePt) : 0,
    locale,
  });
}

/** Room the box's text needs at its design size, inches (insets included), at least `minIn`, at most `maxIn`. */
export function neededHeightIn(ctx: LayoutContext, box: TextBox, maxIn: number, minIn = 0): number {
  const needed = layoutBoxText(box, box.designFontSizePt, ctx.brand, ctx.locale).heightPt / PT_PER_IN + (2 * (box.insetPt ?? 0)) / PT_PER_IN;
  // A hair over the measured height: renderers round line positions, and fit checks with the same measure.
  return Math.min(maxIn, Math.max(minIn, Math.ceil((needed + 0.04) * 100) / 100));
}

/**
 * Whether the box's text fits it at the smallest size fit may give it (its `minFontSizePt`, else the
 * brand's minimum): a layout that gives body text too little room for its audience tries another.
 */
export function fitsAtMinimum(ctx: LayoutContext, box: TextBox): boolean {
  const layout = layoutBoxText(box, Math.min(box.designFontSizePt, box.minFontSizePt ?? ctx.brand.minFontSizePt), ctx.brand, ctx.locale);
  return !layout.overlongWord && layout.heightPt <= box.box.h * PT_PER_IN - 2 * (box.insetPt ?? 0);
}

/** A text box whose height is what its text needs (within limits), top at `box.y`. */
export function sizedToText(ctx: LayoutContext, box: TextBox, maxIn: number, minIn = 0): TextBox {
  return { ...box, box: { ...box.box, h: neededHeightIn(ctx, box, maxIn, minIn) } };
}

export interface TextOptions {
  /** Heading face, bold: titles, values, headings, takeaways. */
  heading?: boolean;
  bold?: boolean;
  italic?: boolean;
  color?: ColorRole;
  fontFace?: string;
  valign?: 'top' | 'middle';
  insetPt?: number;
  spacedParagraphs?: boolean;
  group?: string;
}

/** A text box at its design size; `text` is plain (one paragraph per line) or rich paragraphs. */
export function textBox(ctx: LayoutContext, role: TextRole, id: string, box: BoxIn, fontSizePt: number, text: string | Paragraph[], o: TextOptions = {}): TextBox {
  const { brand } = ctx;
  return {
    type: 'text',
    role,
    id,
    box: { ...box },
    fontSizePt,
    designFontSizePt: fontSizePt,
    fontFace: o.fontFace ?? (o.heading ? brand.fonts.heading : brand.fonts.body),
    color: o.color ?? 'text',
    ...(o.heading || o.bold ? { bold: true } : {}),
    ...(o.italic ? { italic: true } : {}),
    valign: o.valign ?? 'top',
    paragraphs: typeof text === 'string' ? plainParagraphs(text) : text,
    ...(o.insetPt ? { insetPt: o.insetPt } : {}),
    ...(o.spacedParagraphs ? { spacedParagraphs: true } : {}),
    ...(o.group ? { group: o.group } : {}),
    ...(minFontSizePtOf(ctx.type, brand, role) > brand.minFontSizePt ? { minFontSizePt: Math.min(fontSizePt, minFontSizePtOf(ctx.type, brand, role)) } : {}),
  };
}

export function shapeBox(box: BoxIn, fill: ColorRole, more: Partial<Omit<ShapeBox, 'type' | 'box' | 'fill'>> = {}): ShapeBox {
  return { type: 'shape', shape: 'rect', box: { ...box }, fill, ...more };
}

/** The slide's title in its master's placeholder: cover masters for title and section slides. */
export function titleBox(ctx: LayoutContext, slide: SlideSpec): TextBox {
  const cover = slide.kind === 'title' || slide.kind === 'section';
  const box = slide.kind === 'title' ? MASTER.title.title : slide.kind === 'section' ? MASTER.section.title : MASTER.content.title;
  const sizePt = slide.kind === 'title' ? ctx.type.titleSlidePt : slide.kind === 'section' ? ctx.type.sectionPt : ctx.type.titlePt;
  const color = slide.kind === 'section' ? 'sectionText' : cover ? 'coverText' : 'title';
  return { ...textBox(ctx, 'title', 'title', box, sizePt, slide.title, { heading: true, color }), placeholder: true };
}
