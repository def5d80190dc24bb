// Layout stage: what every slide layout needs to describe its boxes once — the brand's faces and type
// scale, and constructors for text, shape and title boxes. Pure.
import type { Brand, BoxIn, ColorRole, Paragraph, ShapeBox, SlideSpec, TextBox, TextRole } from '../ir.js';
import { MASTER, typeScale, type TypeScale } from './geometry.js';
import { plainParagraphs } from './text.js';

export interface LayoutContext {
  brand: Brand;
  type: TypeScale;
}

export function layoutContext(brand: Brand): LayoutContext {
  return { brand, type: typeScale(brand) };
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
  return { ...textBox(ctx, 'title', 'title', box, sizePt, slide.title, { heading: true, color: cover ? 'coverText' : 'title' }), placeholder: true };
}
