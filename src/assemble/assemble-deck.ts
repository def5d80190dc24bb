// Assemble stage entry: laid-out deck (or a DeckSpec, laid out here) → .pptx bytes. Touches no files
// except reading the brand logo.
//
//   1. validateDeck: every slide has what its kind needs (else INVALID_DECK, all at once)
//   2. masters: one per layout (title, section, content, chart) with a real title placeholder
//   3. per slide its boxes in reading order (addSlideBoxes), then speaker notes
//   4. packageDeck: chart bytes, fixed dates, lang, East Asian font, ids, media dedupe, checks, deterministic zip
import { SurveydeckError } from '../diagnostics.js';
import { eastAsianFallbackFor } from '../fonts/index.js';
import { isEastAsian, type DeckSpec, type LaidOutDeck } from '../ir.js';
import { layoutDeck, specsOf } from '../layout/layout-deck.js';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from '../layout/geometry.js';
import { addSlideBoxes, type BuildContext } from './builders.js';
import { slideColors } from './colors.js';
import { logoDataUri } from './logo.js';
import { defineMasters, langOf, LAYOUT_FOR, masterName } from './masters.js';
import { packageDeck, type PackageOptions } from './package.js';
import { createPresentation } from './pptx.js';
import { validateDeck } from './validate.js';

export interface AssembleOptions {
  /** Written into docProps/core.xml; default 2024-01-01T00:00:00Z. Never the current time. */
  createdAt?: Date;
  /** Checks of the finished parts, run before zipping (the pipeline passes checkParts). */
  check?: PackageOptions['check'];
  /** How parts are deflated (the pipeline passes its deck's deflater, which keeps them under --cache). */
  deflate?: PackageOptions['deflate'];
}

const LAYOUT_NAME = 'SURVEYDECK_16x9';

/** Every text a deck writes in its own fonts: its boxes, speaker notes, title and footer. */
function* deckTexts(deck: LaidOutDeck): Iterable<string> {
  yield deck.title;
  yield deck.footer;
  for (const slide of deck.slides) {
    if (slide.spec.notes) yield slide.spec.notes;
    for (const box of slide.boxes) if (box.type === 'text') for (const p of box.paragraphs) for (const run of p.runs) yield run.text;
  }
}

export async function assembleDeck(input: DeckSpec | LaidOutDeck, options: AssembleOptions = {}): Promise<Buffer> {
  const specs = specsOf(input);
  const problems = validateDeck({ slides: specs });
  if (problems.length > 0) throw new SurveydeckError(problems);
  const deck = layoutDeck(input);

  const pptx = await createPresentation();
  pptx.defineLayout({ name: LAYOUT_NAME, width: SLIDE_WIDTH_IN, height: SLIDE_HEIGHT_IN });
  pptx.layout = LAYOUT_NAME;
  pptx.title = deck.title;
  pptx.author = 'surveydeck';
  pptx.company = deck.brand.displayName;
  pptx.theme = { headFontFace: deck.brand.fonts.heading, bodyFontFace: deck.brand.fonts.body };

  const lang = langOf(deck);
  const logo = deck.brand.logoPath ? await logoDataUri(deck.brand.logoPath) : undefined;
  defineMasters(pptx, deck, logo);

  const ctx: BuildContext = { pptx, brand: deck.brand, colors: slideColors(deck.brand), lang, nativeCharts: [] };
  for (const laid of deck.slides) {
    const slide = pptx.addSlide({ masterName: masterName(deck.brand, LAYOUT_FOR[laid.spec.kind]) });
    addSlideBoxes(slide, laid, ctx);
    if (laid.spec.notes) slide.addNotes(laid.spec.notes);
  }

  const zip = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  return packageDeck(zip, {
    createdAt: options.createdAt,
    title: deck.title,
    lang,
    nativeCharts: ctx.nativeCharts,
    eastAsianFont: isEastAsian(deck.locale) ? deck.brand.fonts.eastAsian[deck.locale as 'zh-CN' | 'ja'] : eastAsianFallbackFor(deckTexts(deck), [deck.brand.fonts.body, deck.brand.fonts.heading]),
    refresh: deck.identity && {
      audience: deck.audience,
      locale: deck.locale,
      identity: deck.identity,
      slides: specs.map((s, i) => ({
        key: s.key ?? `slide${i + 1}`,
        kind: s.kind,
        ...(s.figures ? { figures: s.figures } : {}),
        ...(s.kind === 'chart' ? { chart: { spec: s.chartRequest.specId, rows: s.chartRequest.rows } } : {}),
        ...(s.claims ? { claims: s.claims } : {}),
      })),
    },
    pictures: new Map(specs.flatMap((s) => (s.kind === 'chart' && s.chart && s.chart.kind !== 'native' ? [[s.chart.hash, s.chart.png] as const] : []))),
    check: options.check,
    deflate: options.deflate,
  });
}
