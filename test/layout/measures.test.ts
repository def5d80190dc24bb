// Layout measures of every shipped deck in every locale and both brands, laid out and fitted as the
// build does (bound once per brand, in-process): no panel more than half empty, no box outside the
// safe area, and the body reasonably covered. And that the measures can say no.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitDeck } from '../../src/fit/index.js';
import type { LaidOutDeck, LaidOutSlide, SlideSpec } from '../../src/ir.js';
import { layoutDeck, measureDeckLayout, measureSlideLayout, MIN_PANEL_FILL, SAFE_AREA } from '../../src/layout/index.js';
import { listBrands, loadBrand } from '../../src/load/brands.js';
import { listAudiences } from '../../src/load/decks.js';
import { availableLocales } from '../../src/pipeline.js';
import { TEMPLATES } from '../helpers.js';
import { boundDecks } from '../fit/bound-decks.js';

let decks: LaidOutDeck[];

beforeAll(() => {
  decks = listBrands(TEMPLATES).flatMap((brand) => boundDecks(brand).map((d) => fitDeck(d).deck));
}, 600_000);

describe('layout measures of the shipped decks', () => {
  it('lays out every deck of every locale in both brands', () => {
    expect(listBrands(TEMPLATES).sort()).toEqual(['ember', 'harbor']);
    expect(decks).toHaveLength(2 * listAudiences(TEMPLATES).length * availableLocales(TEMPLATES).length);
  });

  it('has no panel or card more than half empty and nothing outside the safe margins', () => {
    const problems: string[] = [];
    let panels = 0;
    for (const deck of decks) {
      for (const s of measureDeckLayout(deck).slides) {
        const where = `${deck.brand.name} ${deck.audience}.${deck.locale} slide ${s.slide} (${s.kind})`;
        panels += s.panelFill.length;
        s.panelFill.forEach((f, i) => f < MIN_PANEL_FILL && problems.push(`${where}: panel ${i + 1} is ${Math.round(f * 100)}% full`));
        for (const id of s.outsideSafeArea) problems.push(`${where}: \`${id}\` outside the safe area`);
      }
    }
    expect(problems).toEqual([]);
    // Chart callouts, text cards and two-column cards: if none were measured the test proves nothing.
    expect(panels).toBeGreaterThan(100);
  });

  it('covers most of the body on content slides', () => {
    for (const deck of decks) {
      const m = measureDeckLayout(deck);
      expect(m.meanBodyCoverage, `${deck.brand.name} ${deck.audience}.${deck.locale}`).toBeGreaterThan(0.5);
    }
  });
});

describe('the measures', () => {
  const brand = loadBrand(TEMPLATES, 'harbor');
  const deckOf = (slides: LaidOutSlide[]): Pick<LaidOutDeck, 'brand' | 'locale'> => ({ brand, locale: 'en' });
  const bullets: SlideSpec = { kind: 'bullets', templateFile: 'bullets.hbs', title: 'Notes', body: [{ runs: [{ text: 'One short line' }], bulletLevel: 0 }] };

  it('finds a panel more than half empty, and a box outside the safe margins', () => {
    const laid = layoutDeck({ audience: 't', locale: 'en', brand, title: 't', footer: '', slides: [bullets] }).slides[0];
    const panel = { x: 1, y: 2, w: 6, h: 4 };
    const text = laid.boxes.find((b) => b.type === 'text' && b.role === 'body')!;
    const slide: LaidOutSlide = {
      spec: bullets,
      boxes: [
        ...laid.boxes.filter((b) => b !== text),
        { type: 'shape', shape: 'rect', box: panel, fill: 'panel', panel: true },
        { ...text, box: { x: 1.2, y: 2.2, w: 5.6, h: 3.6 } } as typeof text,
        { type: 'shape', shape: 'rect', box: { x: SAFE_AREA.x - 0.3, y: 6, w: 1, h: 0.5 }, fill: 'accent', name: 'stray' },
      ],
    };
    const m = measureSlideLayout(slide, 0, deckOf([slide]));
    // One line of 18 pt text on a 6 × 4 in panel: measured as set, not as its box.
    expect(m.panelFill).toHaveLength(1);
    expect(m.panelFill[0]).toBeLessThan(0.1);
    expect(m.outsideSafeArea).toEqual(['stray']);
  });

  it('counts text for the lines it sets: more text covers more of the body', () => {
    const many: SlideSpec = { ...bullets, body: Array.from({ length: 8 }, () => ({ runs: [{ text: 'A line of body text long enough to run across most of the slide width, and wrap.' }], bulletLevel: 0 })) };
    const [one, eight] = [bullets, many].map((s) => measureSlideLayout(layoutDeck({ audience: 't', locale: 'en', brand, title: 't', footer: '', slides: [s] }).slides[0], 0, deckOf([])));
    expect(one.bodyCoverage).toBeLessThan(0.05);
    expect(eight.bodyCoverage).toBeGreaterThan(one.bodyCoverage * 10);
  });
});
