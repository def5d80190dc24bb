// Every shipped deck in every locale that has a catalogue: built without TEXT_OVERFLOW, every text box
// re-measured at the size it was written with, and that size found in the written slide XML.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as fontkit from 'fontkit';
import { decodeXml } from '../../src/assemble/ooxml.js';
import { listShapes, parseShapeName } from '../../src/assemble/refresh-manifest.js';
import { MIN_PANEL_FILL } from '../../src/layout/index.js';
import { readEot } from '../../src/fonts/eot.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitDeck, measureDeck } from '../../src/fit/index.js';
import type { LaidOutDeck } from '../../src/ir.js';
import { listBrands } from '../../src/load/brands.js';
import { listAudiences } from '../../src/load/decks.js';
import { availableLocales, buildDecks, deckFileName, type BuildResult } from '../../src/pipeline.js';
import { tempDir, TEMPLATES } from '../helpers.js';
import { boundDecks } from './bound-decks.js';

const outDir = tempDir('sd-fit-out-');
const cacheDir = tempDir('sd-fit-cache-');
let built: BuildResult;
let fitted: LaidOutDeck[];

beforeAll(async () => {
  built = await buildDecks({ outDir, cacheDir, concurrency: 4 });
  fitted = boundDecks('harbor').map((d) => fitDeck(d).deck);
}, 600_000); // chart rendering dominates: about 20 s per locale for the three decks, cold cache

describe('shipped decks', () => {
  it('builds every deck in every locale with a catalogue, with no TEXT_OVERFLOW', () => {
    const expected = listAudiences(TEMPLATES).length * availableLocales(TEMPLATES).length;
    expect(built.decks).toHaveLength(expected);
    expect(built.diagnostics.filter((d) => d.code === 'TEXT_OVERFLOW')).toEqual([]);
  });

  it('fills no text box past its height or width at the size it is written with', () => {
    const measured = fitted.flatMap((deck) => measureDeck(deck).map((b) => ({ ...b, deck: `${deck.audience}.${deck.locale}` })));
    expect(measured.length).toBeGreaterThan(100);
    const over = measured.filter((b) => b.fillRatio > 1 || b.widthRatio > 1 || b.overlongWord);
    expect(over).toEqual([]);
    // At the fitted size, never below the brand minimum (unless the brand itself asks for less).
    const brand = fitted[0].brand;
    for (const b of measured) expect(b.fontSizePt).toBeGreaterThanOrEqual(Math.min(b.brandFontSizePt, brand.minFontSizePt));
  });

  it('writes the fitted size of every stepped-down box into the slide XML', () => {
    let checked = 0;
    for (const deck of fitted) {
      const parts = unzipSync(readFileSync(path.join(outDir, deckFileName(deck.audience, deck.locale, 'harbor'))));
      deck.slides.forEach((slide, i) => {
        const xml = strFromU8(parts[`ppt/slides/slide${i + 1}.xml`]);
        const shapes = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]);
        for (const box of slide.boxes) {
          if (box.type !== 'text' || box.fontSizePt === box.designFontSizePt) continue;
          // Built decks name bound shapes `sd:<slide>/<box id>` (src/assemble/refresh-manifest.ts); the title is the placeholder.
          const shape = shapes.find((s) => (box.placeholder ? /<p:ph\b[^>]*type="title"/.test(s) : s.includes(`/${box.id}"`)));
          expect(shape, `${deck.audience} slide ${i + 1} ${box.id}`).toBeDefined();
          const sizes = new Set([...shape!.matchAll(/<a:rPr\b[^>]*\ssz="(\d+)"/g)].map((m) => Number(m[1]) / 100));
          expect([...sizes], `${deck.audience} slide ${i + 1} ${box.id}`).toEqual([box.fontSizePt]);
          checked++;
        }
      });
    }
    // The shipped decks have long titles and takeaways today; if none needed fitting this test proves nothing.
    expect(checked).toBeGreaterThan(0);
  });

  it('reports layout measures per deck in the build result: every slide, no panel half empty, nothing outside the safe area', () => {
    for (const deck of built.decks) {
      expect(deck.layout, deck.file).toBeDefined();
      expect(deck.layout!.slides, deck.file).toHaveLength(deck.slides);
      expect(deck.layout!.minPanelFill, deck.file).toBeGreaterThanOrEqual(MIN_PANEL_FILL);
      expect(deck.layout!.outsideSafeArea, deck.file).toBe(0);
      expect(deck.layout!.meanBodyCoverage, deck.file).toBeGreaterThan(0.5);
    }
  });

  it('writes every slide in reading order: the title first, the footnote last', () => {
    let footnotes = 0;
    for (const deck of built.decks) {
      const parts = unzipSync(readFileSync(deck.file));
      for (let i = 1; parts[`ppt/slides/slide${i}.xml`]; i++) {
        // The slide number is the master's placeholder (pptxgenjs writes it last), not slide content.
        const shapes = listShapes(strFromU8(parts[`ppt/slides/slide${i}.xml`])).filter((sh) => !/<p:ph\b[^>]*type="sldNum"/.test(sh.xml));
        expect(shapes[0]?.isTitle, `${deck.file} slide ${i}`).toBe(true);
        const footnote = shapes.findIndex((sh) => parseShapeName(sh.name)?.box === 'footnote');
        if (footnote < 0) continue;
        expect(footnote, `${deck.file} slide ${i}`).toBe(shapes.length - 1);
        footnotes++;
      }
    }
    expect(footnotes).toBeGreaterThan(50);
  });

  it('lists the section dividers in the agenda, numbered as the dividers number them', () => {
    const talk = built.decks.filter((d) => d.audience === 'conference-talk');
    expect(talk.length).toBeGreaterThan(0);
    for (const deck of talk) {
      const parts = unzipSync(readFileSync(deck.file));
      const slides = Array.from({ length: deck.slides }, (_, i) => listShapes(strFromU8(parts[`ppt/slides/slide${i + 1}.xml`])));
      const text = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1])).join('');
      const box = (shapes: ReturnType<typeof listShapes>, id: string) => shapes.find((sh) => parseShapeName(sh.name)?.box === id);
      const agenda = slides.find((shapes) => box(shapes, 'agenda-1'))!;
      expect(agenda, deck.file).toBeDefined();
      const dividers = slides.filter((shapes) => box(shapes, 'section-number'));
      expect(dividers.length, deck.file).toBeGreaterThan(2);
      dividers.forEach((shapes, k) => {
        expect(text(box(agenda, `agenda-${k + 1}`)!.xml), deck.file).toBe(text(shapes[0].xml));
        expect(text(box(agenda, `agenda-${k + 1}-number`)!.xml)).toBe(text(box(shapes, 'section-number')!.xml));
      });
      expect(box(agenda, `agenda-${dividers.length + 1}`)).toBeUndefined();
    }
  });

  it('embeds the typefaces each deck names, once each, and they draw every character of the deck', () => {
    for (const deck of built.decks) {
      const parts = unzipSync(readFileSync(deck.file));
      const presentation = strFromU8(parts['ppt/presentation.xml']);
      const rels = strFromU8(parts['ppt/_rels/presentation.xml.rels']);
      const target = (id: string) => `ppt/${/Target="([^"]*)"/.exec(new RegExp(`<Relationship [^>]*Id="${id}"[^>]*>`).exec(rels)![0])![1]}`;
      const listed = [...presentation.matchAll(/<p:embeddedFont><p:font typeface="([^"]*)"[^>]*\/><p:regular r:id="([^"]*)"\/>/g)].map(([, typeface, id]) => ({ typeface, id }));
      const eastAsian = { 'zh-CN': ['Noto Sans SC'], ja: ['Noto Sans JP'] }[deck.locale as string] ?? [];
      expect(listed.map((f) => f.typeface), deck.file).toEqual(['Inter', ...eastAsian]);
      const fonts = listed.map((f) => fontkit.create(readEot(parts[target(f.id)]).fontData) as fontkit.Font);
      const chars = new Set<string>();
      for (const p of Object.keys(parts).filter((p) => /^ppt\/(slides|slideLayouts|notesSlides)\/[^/]+\.xml$/.test(p))) {
        for (const [, t] of strFromU8(parts[p]).matchAll(/<a:t>([^<]*)<\/a:t>/g)) for (const ch of decodeXml(t)) chars.add(ch);
      }
      const missing = [...chars].filter((ch) => !/\s/.test(ch) && !fonts.some((f) => f.hasGlyphForCodePoint(ch.codePointAt(0)!)));
      expect(missing, deck.file).toEqual([]);
    }
  });

  it('fits the other brands too (different faces, different line heights)', () => {
    for (const brand of listBrands(TEMPLATES).filter((b) => b !== 'harbor')) {
      for (const deck of boundDecks(brand)) {
        const measured = measureDeck(fitDeck(deck).deck);
        expect(measured.filter((b) => b.fillRatio > 1 || b.widthRatio > 1), `${brand} ${deck.audience}.${deck.locale}`).toEqual([]);
      }
    }
  });
});
