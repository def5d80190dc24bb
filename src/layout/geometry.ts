// Layout stage: the slide's fixed geometry (size, safe margins, the masters' title, rule, logo, footer
// and slide number) and the type scale. Pure data: layouts, masters and measures read these numbers.
import type { BodyType, Brand, BoxIn } from '../ir.js';

export const EMU_PER_INCH = 914_400;
export const SLIDE_WIDTH_IN = 13.333;
export const SLIDE_HEIGHT_IN = 7.5;
/** Safe margin on every side: no box of a slide's content may reach into it (the layout measures check). */
export const MARGIN_IN = 0.6;
export const CONTENT_WIDTH_IN = SLIDE_WIDTH_IN - 2 * MARGIN_IN; // 12.133
export const RIGHT_EDGE_IN = SLIDE_WIDTH_IN - MARGIN_IN;
const LOGO_SIZE_IN = 0.5;

/** What every layout of one master shares: the title placeholder, rules, logo, footer band. */
export const MASTER = {
  content: {
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
    logo: { x: MARGIN_IN, y: 6.1, w: 0.8, h: 0.8 },
  },
  section: {
    title: { x: MARGIN_IN, y: 3.1, w: 11.0, h: 1.5 },
    logo: { x: RIGHT_EDGE_IN - LOGO_SIZE_IN, y: 6.4, w: LOGO_SIZE_IN, h: LOGO_SIZE_IN },
  },
} as const;

/** The body of a content slide: below the title rule, above the footer band. */
export const BODY: BoxIn = { x: MARGIN_IN, y: 1.8, w: CONTENT_WIDTH_IN, h: 4.85 };

/**
 * Type sizes, in points, relative to the brand's title size and the body size: the audience's (the deck
 * manifest's `type.bodyPt`: a talk is read from the back of a hall) or else the brand's.
 */
export function typeScale(brand: Brand, body: BodyType = {}) {
  const bodyPt = body.bodyPt ?? brand.bodyFontSizePt;
  const floor = (pt: number | undefined, fallback: number) => Math.max(brand.minFontSizePt, Math.min(pt ?? fallback, bodyPt));
  const bodyMinPt = floor(body.bodyMinPt, brand.minFontSizePt);
  return {
    /** Body text (and what is sized from it) is never fitted below this. */
    bodyMinPt,
    /** Two columns side by side are never fitted below this. */
    columnMinPt: floor(body.columnMinPt, bodyMinPt),
    titleSlidePt: Math.round(brand.titleFontSizePt * 1.45),
    subtitlePt: Math.max(brand.minFontSizePt, bodyPt + 4),
    sectionPt: Math.round(brand.titleFontSizePt * 1.3),
    titlePt: brand.titleFontSizePt,
    bodyPt,
    headingPt: bodyPt + 2,
    kpiValuePt: 60,
    kpiLabelPt: bodyPt,
    notePt: Math.max(brand.minFontSizePt, 12),
    takeawayPt: bodyPt + 2,
    quotePt: bodyPt + 8,
    // A list of sources may be set smaller than body text, but not below the audience's body minimum.
    sourcesPt: Math.max(bodyMinPt, bodyPt - 4),
    footerPt: 10,
    sectionNumberPt: 96,
    agendaNumberPt: 32,
    agendaItemPt: bodyPt + 6,
  };
}
export type TypeScale = ReturnType<typeof typeScale>;

/** Space after each paragraph of body text, as a fraction of the font size. */
const PARA_SPACE_AFTER_EM = 0.5;

/** Space after a body paragraph at `fontSizePt`, points (what assemble writes as `paraSpaceAfter`). */
export function paraSpaceAfterPt(fontSizePt: number): number {
  return Math.round(fontSizePt * PARA_SPACE_AFTER_EM);
}

/** Bullet hanging indent, points; levels step by this much. */
export const BULLET_INDENT_PT = 22;

/** Inset of the warning flag (a filled shape, so its text must not touch the edge), points. */
export const WARNING_INSET_PT = 6;
/** Side of the warning icon (a drawn triangle with "!"), inches. */
export const WARNING_ICON_IN = 0.26;
