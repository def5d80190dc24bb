// Tool: the README's pictures, regenerated from the current layouts and rendered through LibreOffice
// with the deck's own fonts (fontconfig pointed at surveydeck's font cache, as `preview` does).
// Usage: npx tsx test/tools/readme-pictures.ts [WORK_DIR] [PICTURE…]   (writes docs/*.png, or only the
// pictures named, e.g. `slide-kinds ember`; needs soffice + pdftoppm)
//
//   docs/executive-briefing.en.png  every slide of the executive briefing, Harbor, English
//   docs/slide-kinds.png            every kind of slide (and chart-slide variant), Harbor above Ember
//   docs/locales.png                one chart slide in each locale
//   docs/ember.png                  the talk's opening slides in Ember, German
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { prepareFonts } from '../../src/fonts/index.js';
import { LOCALES, type Locale } from '../../src/ir.js';
import { buildDecks, deckFileName } from '../../src/pipeline.js';
import { findPreviewTools, previewDeck, type PreviewTools } from '../../src/preview/preview-deck.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.resolve(process.argv[2] ?? path.join(ROOT, 'output', 'readme-pictures'));
const only = new Set(process.argv.slice(3));
const wanted = (name: string) => only.size === 0 || only.has(name);
const cacheDir = path.join(work, 'cache');
const tools = findPreviewTools() as PreviewTools;
const fonts = prepareFonts({ cacheDir: path.join(cacheDir, 'fonts') });
mkdirSync(work, { recursive: true });

const previewed = new Map<string, Promise<string[]>>();
/** The deck's slide PNGs, each deck rendered once. */
function slidesOf(brand: string, audience: string, locale: Locale): Promise<string[]> {
  const key = `${brand} ${audience} ${locale}`;
  if (!previewed.has(key)) previewed.set(key, renderSlides(brand, audience, locale));
  return previewed.get(key)!;
}

async function renderSlides(brand: string, audience: string, locale: Locale): Promise<string[]> {
  const outDir = path.join(work, brand);
  const file = path.join(outDir, deckFileName(audience, locale, brand));
  const preview = await previewDeck(file, { tools, fontsConfFile: fonts.fontsConfFile, outDir: path.join(outDir, 'preview'), dpi: 48 });
  return preview.slides;
}

async function sheet(out: string, columns: number, pages: string[]): Promise<void> {
  const metas = await Promise.all(pages.map((p) => sharp(p).metadata()));
  const [w, h] = [Math.max(...metas.map((m) => m.width!)), Math.max(...metas.map((m) => m.height!))];
  const gap = 8;
  const rows = Math.ceil(pages.length / columns);
  await sharp({ create: { width: columns * (w + gap) + gap, height: rows * (h + gap) + gap, channels: 3, background: '#d9dde3' } })
    .composite(pages.map((p, i) => ({ input: p, left: gap + (i % columns) * (w + gap), top: gap + Math.floor(i / columns) * (h + gap) })))
    .png()
    .toFile(path.join(ROOT, 'docs', out));
  console.error(`wrote docs/${out}`);
}

for (const brand of ['harbor', 'ember']) {
  // The briefing in both brands: its four numbers are the only 2 × 2 grid of big numbers.
  const audiences = ['executive-briefing', 'conference-talk'];
  const locales: Locale[] = brand === 'harbor' ? (wanted('locales') ? [...LOCALES] : ['en']) : ['de'];
  const r = await buildDecks({ brand, audiences, locales, outDir: path.join(work, brand), cacheDir, force: true });
  console.error(`${brand}: ${r.decks.length} decks`);
}

if (wanted('executive-briefing.en')) await sheet('executive-briefing.en.png', 4, await slidesOf('harbor', 'executive-briefing', 'en'));

// Every kind: title, agenda, divider, two numbers, the briefing's four numbers (a grid), chart beside its
// takeaway, chart with its figure, chart under its takeaway, two columns, quote, cards, sources — twelve
// slides, two rows of six per brand. Talk slide numbers as the shipped talk has them.
const kinds = [1, 2, 3, 4, 'grid', 5, 13, 19, 20, 22, 23, 24] as const;
const talk = { harbor: await slidesOf('harbor', 'conference-talk', 'en'), ember: await slidesOf('ember', 'conference-talk', 'de') };
const grid = { harbor: (await slidesOf('harbor', 'executive-briefing', 'en'))[1], ember: (await slidesOf('ember', 'executive-briefing', 'de'))[1] };
const pick = (brand: 'harbor' | 'ember') => kinds.map((k) => (k === 'grid' ? grid[brand] : talk[brand][k - 1]));
if (wanted('slide-kinds')) await sheet('slide-kinds.png', 6, [...pick('harbor'), ...pick('ember')]);

if (wanted('locales')) {
  const perLocale: string[] = [];
  for (const locale of LOCALES) perLocale.push((await slidesOf('harbor', 'executive-briefing', locale))[2]);
  await sheet('locales.png', 3, perLocale);
}

if (wanted('ember')) await sheet('ember.png', 4, talk.ember.slice(0, 4));
