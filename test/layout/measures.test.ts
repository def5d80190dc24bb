// Layout measures of every shipped deck in every locale and both brands, laid out and fitted as the
// build does (bound once per brand, in-process): no panel more than half empty, no box outside the
// safe area, and the body reasonably covered. And that the measures can say no.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitDeck } from '../../src/fit/index.js';
import { measureTextWidthPx } from '../../src/fonts/index.js';
import type { LaidOutDeck, LaidOutSlide, Paragraph, SlideSpec, TextBox } from '../../src/ir.js';
import { BULLET_INDENT_PT, layoutDeck, measureDeckLayout, measureSlideLayout, MIN_PANEL_FILL, SAFE_AREA } from '../../src/layout/index.js';
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

  it('keeps every web address on one line of its box, at the size fit left it', () => {
    // PowerPoint and LibreOffice cut an address wider than its line between two letters
    // ("github.com/todogroup/o" / "sposurvey"); the closing card must be wide enough for it.
    const problems: string[] = [];
    let links = 0;
    for (const deck of decks) {
      deck.slides.forEach((slide, i) => {
        for (const b of slide.boxes) {
          if (b.type !== 'text') continue;
          for (const { run, widthIn, roomIn } of linksOf(b)) {
            links++;
            if (widthIn > roomIn) problems.push(`${deck.brand.name} ${deck.audience}.${deck.locale} slide ${i + 1} \`${b.id}\`: ${run} needs ${widthIn.toFixed(2)} in, has ${roomIn.toFixed(2)}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
    // Every talk closes with the data's address: if no link was measured the test proves nothing.
    expect(links).toBeGreaterThanOrEqual(decks.filter((d) => d.audience === 'conference-talk').length);
  });

  it('lets no big-numbers or quote slide leave a band of its body empty (numbers grown, grouped in the middle)', () => {
    const problems: string[] = [];
    let measured = 0;
    for (const deck of decks) {
      for (const s of measureDeckLayout(deck).slides) {
        if (s.kind !== 'big-numbers' && s.kind !== 'quote') continue;
        measured++;
        if (s.emptyBand > MAX_EMPTY_BAND) problems.push(`${deck.brand.name} ${deck.audience}.${deck.locale} slide ${s.slide} (${s.kind}): ${Math.round(s.emptyBand * 100)}% of the body empty in one band`);
      }
    }
    expect(problems).toEqual([]);
    expect(measured).toBeGreaterThan(50);
  });

  it('sets four numbers in two rows that reach the bottom of the body, where their labels fit beside them', () => {
    let [fours, grids] = [0, 0];
    for (const deck of decks) {
      for (const slide of deck.slides) {
        if (slide.spec.kind !== 'big-numbers' || slide.spec.kpis.length !== 4) continue;
        fours++;
        const values = slide.boxes.filter((b): b is TextBox => b.type === 'text' && b.role === 'kpi-value');
        const rows = new Set(values.map((v) => v.box.y.toFixed(2))).size;
        if (rows === 1) continue; // labels too long for the grid (Spanish): four grown columns, held by the empty-band test
        grids++;
        expect(rows).toBe(2);
        const bottom = Math.max(...slide.boxes.map((b) => b.box.y + b.box.h));
        // The lower row's notes end in the last quarter of the body.
        expect(bottom, `${deck.brand.name} ${deck.audience}.${deck.locale}`).toBeGreaterThan(BODY_BOTTOM_IN - 0.25 * (BODY_BOTTOM_IN - 1.8));
      }
    }
    expect(grids).toBeGreaterThan(fours / 2);
  });

  it("sets body text at its audience's size: a talk's at 24 pt or more (two columns 18 pt) in every locale, the others at the brand's", () => {
    // Read from the fitted boxes: the size each box is written with, not the layout's wish.
    const problems: string[] = [];
    const checked = new Map<string, number>();
    for (const deck of decks) {
      const talk = deck.audience === 'conference-talk';
      deck.slides.forEach((slide, i) => {
        for (const b of slide.boxes) {
          if (b.type !== 'text') continue;
          const where = `${deck.brand.name} ${deck.audience}.${deck.locale} slide ${i + 1} (${slide.spec.kind}) \`${b.id}\` at ${b.fontSizePt} pt`;
          // Nothing anywhere under the brand's minimum (12 pt in both brands).
          if (b.fontSizePt < deck.brand.minFontSizePt) problems.push(`${where}: under the brand minimum`);
          if (!BODY_ROLES.has(b.role)) continue;
          const column = b.role === 'column-body' || b.role === 'column-heading';
          const key = `${deck.audience}${column ? ' columns' : ''}.${deck.locale}`;
          checked.set(key, (checked.get(key) ?? 0) + 1);
          if (talk && b.fontSizePt < (column ? 18 : 24)) problems.push(`${where}: under the talk's ${column ? 18 : 24} pt`);
          // Body text is designed at the audience's size: the talk's 24 pt, the brand's 18 pt elsewhere.
          if (b.role === 'body' && slide.spec.kind === 'bullets' && b.designFontSizePt < (talk ? 24 : deck.brand.bodyFontSizePt)) problems.push(`${where}: designed at ${b.designFontSizePt} pt`);
        }
      });
    }
    expect(problems).toEqual([]);
    // Every locale's talk has body text and a two-column slide: otherwise this proves nothing for it.
    for (const locale of availableLocales(TEMPLATES)) {
      expect(checked.get(`conference-talk.${locale}`), locale).toBeGreaterThan(20);
      expect(checked.get(`conference-talk columns.${locale}`), locale).toBeGreaterThanOrEqual(4);
    }
  });

  it('covers most of the body on content slides', () => {
    for (const deck of decks) {
      const m = measureDeckLayout(deck);
      expect(m.meanBodyCoverage, `${deck.brand.name} ${deck.audience}.${deck.locale}`).toBeGreaterThan(0.5);
    }
  });
});

/** Text read as body text: sized from the audience's body size (notes, footnotes, flags and the byline are not). */
const BODY_ROLES = new Set<TextBox['role']>(['body', 'column-body', 'column-heading', 'takeaway', 'kpi-label', 'subtitle', 'quote', 'attribution', 'agenda-item']);

/** Big numbers and quotes: no band across the body with nothing in it taller than this share of it. */
const MAX_EMPTY_BAND = 0.3;
const BODY_BOTTOM_IN = 6.65;

/** Each link run of a text box: its width as set and the room its paragraph's lines have, inches. */
function linksOf(b: TextBox): { run: string; widthIn: number; roomIn: number }[] {
  return b.paragraphs.flatMap((p: Paragraph) =>
    p.runs
      .filter((r) => r.href)
      .map((r) => ({
        run: r.text,
        widthIn: measureTextWidthPx(r.text.trim(), { family: JSON.stringify(b.fontFace), weight: r.bold || b.bold ? 700 : 400, sizePx: b.fontSizePt }) / 72,
        roomIn: b.box.w - (2 * (b.insetPt ?? 0) + p.bulletLevel * BULLET_INDENT_PT) / 72,
      })),
  );
}

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

  it('measures the tallest empty band across the body: one line leaves most of it, eight lines little', () => {
    const many: SlideSpec = { ...bullets, body: Array.from({ length: 8 }, () => ({ runs: [{ text: 'A line of body text long enough to run across most of the slide width, and wrap.' }], bulletLevel: 0 })) };
    const [one, eight] = [bullets, many].map((s) => measureSlideLayout(layoutDeck({ audience: 't', locale: 'en', brand, title: 't', footer: '', slides: [s] }).slides[0], 0, deckOf([])));
    expect(one.emptyBand).toBeGreaterThan(0.8);
    expect(eight.emptyBand).toBeLessThan(one.emptyBand / 2);
  });

  it('widens the card that holds a long web address, so that no viewer cuts the address', () => {
    const card = (text: string, href?: string): Paragraph => ({ runs: [{ text: 'Open data: ', bold: true }, { text, ...(href ? { href } : {}) }], bulletLevel: 1 });
    const address = 'github.com/an-organisation/its-survey-data';
    const sources: SlideSpec = { kind: 'sources', templateFile: 'sources.hbs', title: 'Sources', body: [card('A report by someone, 2024'), card(address, `https://${address}`), card('N = 222, rounded half-up')] };
    const laid = layoutDeck({ audience: 't', locale: 'en', brand, title: 't', footer: '', slides: [sources] }).slides[0];
    const bodies = laid.boxes.filter((b): b is TextBox => b.type === 'text' && b.role === 'body');
    expect(bodies).toHaveLength(3);
    const [link] = linksOf(bodies[1]);
    expect(link.widthIn).toBeLessThanOrEqual(link.roomIn);
    // Equal thirds would not hold it: the card is wider than its neighbours.
    expect(bodies[1].box.w).toBeGreaterThan(bodies[0].box.w + 1);
    expect(link.widthIn).toBeGreaterThan(bodies[0].box.w);
  });

  it('counts text for the lines it sets: more text covers more of the body', () => {
    const many: SlideSpec = { ...bullets, body: Array.from({ length: 8 }, () => ({ runs: [{ text: 'A line of body text long enough to run across most of the slide width, and wrap.' }], bulletLevel: 0 })) };
    const [one, eight] = [bullets, many].map((s) => measureSlideLayout(layoutDeck({ audience: 't', locale: 'en', brand, title: 't', footer: '', slides: [s] }).slides[0], 0, deckOf([])));
    expect(one.bodyCoverage).toBeLessThan(0.05);
    expect(eight.bodyCoverage).toBeGreaterThan(one.bodyCoverage * 10);
  });
});
