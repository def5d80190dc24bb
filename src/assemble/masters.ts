// Assemble stage: one slide master (pptxgenjs layout) per layout kind and brand, each with a real title
// placeholder, background, logo, and on content/chart layouts the footer and slide number.
// Translation only: geometry from the layout stage's MASTER, colours from slideColors().
import { protectSequences } from '../fonts/line-break.js';
import type { Pptx, SlideMasterProps } from './pptx.js';
import { LANG_TAG, type Brand, type DeckSpec, type SlideKind } from '../ir.js';
import { slideColors } from './colors.js';
import { MASTER, typeScale } from '../layout/geometry.js';

export const LAYOUT_KINDS = ['title', 'section', 'content', 'chart'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/** Which layout each slide kind sits on. */
export const LAYOUT_FOR: { [K in SlideKind]: LayoutKind } = {
  title: 'title',
  section: 'section',
  'big-numbers': 'content',
  chart: 'chart',
  bullets: 'content',
  'two-column': 'content',
  quote: 'content',
  sources: 'content',
  agenda: 'content',
};

export const TITLE_PLACEHOLDER = 'title';

export function masterName(brand: Brand, layout: LayoutKind): string {
  return `${brand.displayName} ${layout}`;
}

export function defineMasters(pptx: Pptx, deck: Pick<DeckSpec, 'brand' | 'footer' | 'locale'>, logo: string | undefined): void {
  const brand = deck.brand;
  const colors = slideColors(brand);
  const type = typeScale(brand);
  const lang = langOf(deck);
  const logoObject = (box: { x: number; y: number; w: number; h: number }) =>
    logo ? [{ image: { ...box, data: logo, altText: `${brand.displayName} logo` } }] : [];
  /** The real title placeholder every layout has: slides put their title into it. */
  const titlePlaceholder = (box: { x: number; y: number; w: number; h: number }, fontSizePt: number, color: string, valign: 'top' | 'bottom') => ({
    placeholder: {
      options: { name: TITLE_PLACEHOLDER, type: 'title' as const, ...box, fontFace: brand.fonts.heading, fontSize: fontSizePt, color, bold: true, align: 'left' as const, valign, margin: 0, lang },
      text: '',
    },
  });

  for (const layout of LAYOUT_KINDS) {
    const cover = layout === 'title' || layout === 'section';
    const objects: SlideMasterProps['objects'] = [];
    if (layout === 'title') {
      const g = MASTER.title;
      objects.push({ rect: { ...g.accentBar, fill: { color: colors.coverAccent }, line: { type: 'none' } } });
      objects.push(...logoObject(g.logo));
      objects.push(titlePlaceholder(g.title, type.titleSlidePt, colors.coverText, 'top'));
    } else if (layout === 'section') {
      // The divider's number and progress marker are the slide's own boxes (src/layout/kinds/section.ts).
      const g = MASTER.section;
      objects.push(...logoObject(g.logo));
      objects.push(titlePlaceholder(g.title, type.sectionPt, colors.sectionText, 'top'));
    } else {
      const g = MASTER.content;
      objects.push({ rect: { ...g.titleRule, fill: { color: colors.accent }, line: { type: 'none' } } });
      objects.push(...logoObject(g.logo));
      objects.push({
        text: {
          // "N = 222" stays on one line wherever the viewer wraps the footer.
          text: protectSequences(deck.footer),
          options: {
            ...g.footer,
            fontFace: brand.fonts.body,
            fontSize: type.footerPt,
            color: colors.muted,
            valign: 'middle',
            margin: 0,
            fit: 'none',
            lang,
            objectName: 'Footer',
          },
        },
      });
      objects.push(titlePlaceholder(g.title, type.titlePt, colors.title, 'bottom'));
    }
    pptx.defineSlideMaster({
      title: masterName(brand, layout),
      background: { color: layout === 'section' ? colors.sectionBackground : cover ? colors.coverBackground : colors.background },
      objects,
      ...(cover
        ? {}
        : {
            slideNumber: {
              ...MASTER.content.slideNumber,
              fontFace: brand.fonts.body,
              fontSize: type.footerPt,
              color: colors.muted,
              align: 'right',
              valign: 'middle',
            },
          }),
    });
  }
}

export function langOf(deck: Pick<DeckSpec, 'locale'>): string {
  return LANG_TAG[deck.locale];
}
