// Type sized per audience (the deck manifest's `type`): layouts design body text at the audience's size,
// fit never takes it below the audience's minimum, and where text does not fit at that minimum the
// layout gives it room (a wider takeaway column, the list across the width) or fit fails naming it.
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { fitDeck } from '../../src/fit/index.js';
import type { BodyType, ChartSlide, DeckSpec, LaidOutSlide, Paragraph, SlideSpec, TextBox } from '../../src/ir.js';
import { chartBoxFor, layoutDeck } from '../../src/layout/index.js';
import { layoutContext } from '../../src/layout/boxes.js';
import { loadBrand } from '../../src/load/brands.js';
import { bodyTypeOf, loadDeckManifest } from '../../src/load/decks.js';
import { TEMPLATES } from '../helpers.js';

const brand = loadBrand(TEMPLATES, 'harbor');
const TALK: BodyType = { bodyPt: 24, bodyMinPt: 24, columnMinPt: 18 };
const deckOf = (slides: SlideSpec[], bodyType?: BodyType): DeckSpec => ({ audience: 't', locale: 'en', brand, title: 't', footer: '', slides, ...(bodyType ? { bodyType } : {}) });
const textBoxes = (slide: LaidOutSlide, role?: TextBox['role']) => slide.boxes.filter((b): b is TextBox => b.type === 'text' && (!role || b.role === role));
const item = (text: string, numbered = false): Paragraph => ({ runs: [{ text }], bulletLevel: 1, ...(numbered ? { numbered: true } : {}) });
const words = (n: number) => Array.from({ length: n }, (_, i) => ['respondents', 'planning', 'an', 'office', 'list', 'budget', 'among', 'their', 'challenges'][i % 9]).join(' ');

describe('type sized per audience', () => {
  it('reads the talk from its manifest: 24 pt body that never shrinks, two columns down to 18 pt', () => {
    expect(bodyTypeOf(loadDeckManifest(TEMPLATES, 'conference-talk').type)).toEqual(TALK);
    // The handouts set no body minimum: the brand's 12 pt stays their floor.
    for (const audience of ['executive-briefing', 'full-results']) expect(bodyTypeOf(loadDeckManifest(TEMPLATES, audience).type)?.bodyMinPt).toBeUndefined();
  });

  it("designs body text at the audience's size and gives it the audience's minimum; the brand's without one", () => {
    const bullets: SlideSpec = { kind: 'bullets', templateFile: 'bullets.hbs', title: 'Notes', body: [{ runs: [{ text: 'One short line' }], bulletLevel: 0 }] };
    const [talk] = textBoxes(layoutDeck(deckOf([bullets], TALK)).slides[0], 'body');
    expect([talk.designFontSizePt, talk.minFontSizePt]).toEqual([24, 24]);
    const [plain] = textBoxes(layoutDeck(deckOf([bullets])).slides[0], 'body');
    expect([plain.designFontSizePt, plain.minFontSizePt]).toEqual([brand.bodyFontSizePt, undefined]);
    // The footnote, notes and flags keep the brand's minimum in a talk too.
    const chart: ChartSlide = { kind: 'chart', templateFile: 'chart.hbs', title: 'A chart', footnote: 'Base: everyone (n = 64)' } as ChartSlide;
    const [footnote] = textBoxes(layoutDeck(deckOf([chart], TALK)).slides[0], 'footnote');
    expect(footnote.minFontSizePt).toBeUndefined();
  });

  it("never fits body text below the audience's minimum: TEXT_OVERFLOW names it instead", () => {
    const long: SlideSpec = { kind: 'bullets', templateFile: 'bullets.hbs', title: 'Notes', body: Array.from({ length: 6 }, () => ({ runs: [{ text: words(40) }], bulletLevel: 0 })) };
    // With the brand's minimum as floor the same text fits, smaller than 18 pt.
    const [shrunk] = textBoxes(fitDeck(deckOf([long])).deck.slides[0], 'body');
    expect(shrunk.fontSizePt).toBeLessThan(18);
    let error: unknown;
    try {
      fitDeck(deckOf([long], TALK));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SurveydeckError);
    const [d] = (error as SurveydeckError).diagnostics;
    expect(d.code).toBe('TEXT_OVERFLOW');
    expect(d.message).toContain("at the audience's minimum of 24 pt");
  });

  it('lets two columns go to 18 pt, not below, giving the fuller column more of the width', () => {
    const two: SlideSpec = {
      kind: 'two-column',
      templateFile: 'two-column.hbs',
      title: 'Expectations versus reality',
      columns: [
        { heading: 'What they expect', body: [item(words(8)), item(words(8))] },
        { heading: 'What gets in the way', body: [item(words(30)), item(words(30)), item(words(24))] },
      ],
    };
    const fitted = fitDeck(deckOf([two], TALK)).deck.slides[0];
    const bodies = textBoxes(fitted, 'column-body');
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(b.fontSizePt).toBeGreaterThanOrEqual(18);
    // Too much for equal halves at 24 pt: the second column is the wider one.
    expect(bodies[1].box.w).toBeGreaterThan(bodies[0].box.w);
  });

  it("widens the callout beside a chart where the takeaway's longest word does not fit it at 24 pt", () => {
    const chart = { kind: 'chart', templateFile: 'chart.hbs', title: 'A chart', bigNumber: '84%', takeaway: '84% are involved in developing or managing infrastructure.' } as ChartSlide;
    const [handout, talk] = [undefined, TALK].map((t) => fitDeck(deckOf([chart], t)).deck.slides[0]);
    const [takeaway] = textBoxes(talk, 'takeaway');
    expect(takeaway.fontSizePt).toBeGreaterThanOrEqual(24);
    const frame = (s: LaidOutSlide) => s.boxes.find((b) => b.type === 'chart')!.box;
    // The handout keeps the callout its number asks for; the talk's chart gives up width.
    expect(frame(talk).w).toBeLessThan(frame(handout).w);
    expect(textBoxes(talk, 'takeaway')[0].box.w).toBeGreaterThan(textBoxes(handout, 'takeaway')[0].box.w);
  });

  it('sets a takeaway the column beside a many-bar chart cannot hold at 24 pt under the title, at the full width', () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({ label: `Answer ${i + 1}`, share: 0.1 }));
    const warning = 'Small base: n = 12 (under 30). Read with care.';
    const chart = (takeaway: string) => ({ kind: 'chart', templateFile: 'chart.hbs', title: 'A chart', takeaway, warning, chartRequest: { rows } }) as unknown as ChartSlide;
    const short = textBoxes(layoutDeck(deckOf([chart('Named most often: budget.')], TALK)).slides[0], 'takeaway')[0];
    // A short takeaway sits in the column beside the chart, which keeps the body's height for eight bars.
    expect(short.box.w).toBeLessThan(6);
    // Three answers named at 24 pt need more lines than the column holds above its small-base flag (the
    // Japanese talk of small organizations said its ranking in eight lines, 3.86 in, in 3.40 in);
    // across the width they fit, the chart shorter and the flag under it.
    const long = chart(`Named most often: ${words(10)}; ${words(10)}; ${words(8)}.`);
    const fitted = fitDeck(deckOf([long], TALK)).deck.slides[0];
    const [takeaway] = textBoxes(fitted, 'takeaway');
    expect(takeaway.box.w).toBeGreaterThan(10);
    expect(takeaway.fontSizePt).toBeGreaterThanOrEqual(24);
    const frame = fitted.boxes.find((b) => b.type === 'chart')!.box;
    expect(frame.y).toBeGreaterThan(takeaway.box.y + takeaway.box.h);
  });

  it('sets the takeaway of a many-bar chart under the title, the chart across the full width, where bind asks for it (takeawayAtTitle)', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ label: `Answer ${i + 1}`, share: 0.05 }));
    const chart = (extra: Partial<ChartSlide>) => ({ kind: 'chart', templateFile: 'chart.hbs', title: 'A chart', takeaway: 'Most common answer: answer 1 (5%).', chartRequest: { rows }, ...extra }) as unknown as ChartSlide;
    const laid = (extra: Partial<ChartSlide>) => fitDeck(deckOf([chart(extra)])).deck.slides[0];
    const beside = laid({});
    const under = laid({ takeawayAtTitle: true });
    const frameOf = (slide: LaidOutSlide) => slide.boxes.find((b) => b.type === 'chart')!.box;
    // Beside: the takeaway in a column right of the chart, the chart the body's full height.
    expect(textBoxes(beside, 'takeaway')[0].box.x).toBeGreaterThan(frameOf(beside).x + frameOf(beside).w);
    // Under the title: the takeaway across the width above the chart, which is wider and shorter.
    const [takeaway] = textBoxes(under, 'takeaway');
    expect(takeaway.box.w).toBeGreaterThan(10);
    expect(frameOf(under).y).toBeGreaterThan(takeaway.box.y + takeaway.box.h);
    expect(frameOf(under).w).toBeGreaterThan(frameOf(beside).w + 2);
    expect(frameOf(under).h).toBeLessThan(frameOf(beside).h);
    expect(chartBoxFor(chart({ takeawayAtTitle: true }), layoutContext(brand, 'en', [])).widthIn).toBeCloseTo(frameOf(under).w, 6);
  });

  it('sets a list too long for cards at 24 pt across the full width instead of shrinking it', () => {
    const three: SlideSpec = { kind: 'bullets', templateFile: 'bullets.hbs', title: 'Three recommendations', body: [item(words(28), true), item(words(28), true), item(words(24), true)] };
    // A handout sets the three as cards …
    expect(textBoxes(fitDeck(deckOf([three])).deck.slides[0], 'body')).toHaveLength(3);
    // … the talk as one list at 24 pt, numbers kept.
    const bodies = textBoxes(fitDeck(deckOf([three], TALK)).deck.slides[0], 'body');
    expect(bodies).toHaveLength(1);
    expect(bodies[0].fontSizePt).toBeGreaterThanOrEqual(24);
    expect(bodies[0].paragraphs.every((p) => p.numbered)).toBe(true);
  });
});

describe('a chart footnote longer than its two lines', () => {
  const chartBox = (slide: LaidOutSlide) => slide.boxes.find((b) => b.type === 'chart')!;
  const slideWith = (footnote: string): ChartSlide => ({ kind: 'chart', templateFile: 'chart.hbs', title: 'A chart', takeaway: 'One line of takeaway', footnote }) as ChartSlide;

  it('grows upwards, its bottom where it was, and the chart ends above it; fit then sets it without overflow', () => {
    const short = layoutDeck(deckOf([slideWith('Base: everyone (n = 64).')])).slides[0];
    const long = layoutDeck(deckOf([slideWith(words(60))])).slides[0];
    const [shortNote] = textBoxes(short, 'footnote');
    const [longNote] = textBoxes(long, 'footnote');
    expect(longNote.box.h).toBeGreaterThan(shortNote.box.h + 0.05);
    expect(longNote.box.y + longNote.box.h).toBeCloseTo(shortNote.box.y + shortNote.box.h, 6);
    // The chart's frame gives up what the footnote took, and still ends above it.
    expect(chartBox(long).frame!.h).toBeCloseTo(chartBox(short).frame!.h - (longNote.box.h - shortNote.box.h), 6);
    expect(chartBox(long).frame!.y + chartBox(long).frame!.h).toBeLessThan(longNote.box.y);
    // The box the charts stage draws for is the same frame (bind asks chartBoxFor with the footnote).
    expect(chartBoxFor(slideWith(words(60)), layoutContext(brand)).heightIn).toBeCloseTo(chartBox(long).frame!.h, 6);
    const fitted = fitDeck(deckOf([slideWith(words(60))])).deck.slides[0];
    expect(textBoxes(fitted, 'footnote')[0].fontSizePt).toBeGreaterThanOrEqual(brand.minFontSizePt);
  });
});
