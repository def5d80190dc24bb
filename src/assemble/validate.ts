// Assemble stage, step 0: check that each SlideSpec has what its kind needs, before pptxgenjs (which
// warns and carries on) gets it. Pure: DeckSpec → Diagnostic[].
import type { Diagnostic } from '../diagnostics.js';
import type { DeckSpec, SlideSpec } from '../ir.js';

export const MIN_KPIS = 2;
export const MAX_KPIS = 4;

/** Alt text that is only a file name says nothing to a screen-reader user. */
export function looksLikeFileName(text: string): boolean {
  return /^[\w .\-/\\]+\.(png|jpe?g|gif|svg|emf|wmf|bmp|tiff?)$/i.test(text.trim());
}

const invalid = (slide: SlideSpec, index: number, message: string, hint?: string): Diagnostic => ({
  severity: 'error',
  code: 'INVALID_DECK',
  message: `slide ${index + 1} (${slide.kind}): ${message}`,
  file: slide.templateFile,
  ...(hint ? { hint } : {}),
});

export function validateDeck(deck: Pick<DeckSpec, 'slides'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  deck.slides.forEach((slide, i) => {
    if (!slide.title.trim()) out.push(invalid(slide, i, 'has an empty `title`', 'every slide needs a title for navigation and screen readers'));
    switch (slide.kind) {
      case 'big-numbers': {
        const n = slide.kpis.length;
        if (n < MIN_KPIS || n > MAX_KPIS) out.push(invalid(slide, i, `expected ${MIN_KPIS} to ${MAX_KPIS} \`kpis\`, got ${n}`));
        break;
      }
      case 'chart':
        if (!slide.chart) out.push(invalid(slide, i, 'has no rendered `chart`', 'render charts before assembling'));
        else if (!slide.chart.altText.trim() || looksLikeFileName(slide.chart.altText))
          out.push(invalid(slide, i, `chart alt text \`${slide.chart.altText}\` does not describe the chart`));
        break;
      case 'two-column':
        if (slide.columns.length !== 2) out.push(invalid(slide, i, 'expected two `columns`'));
        break;
      case 'quote':
        if (!slide.quote.text.trim()) out.push(invalid(slide, i, 'has no `quote.text`'));
        break;
      case 'bullets':
      case 'sources':
        if (!slide.body.length) out.push(invalid(slide, i, 'has no `body` paragraphs'));
        break;
      case 'agenda':
        if (!deck.slides.some((s) => s.kind === 'section')) out.push(invalid(slide, i, 'an agenda lists the deck\'s section dividers, and the deck has none'));
        break;
      case 'title':
      case 'section':
        break;
    }
  });
  return out;
}
