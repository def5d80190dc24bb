import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { assembleDeck } from '../../src/assemble/index.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { cssFontList, fitDeck, layoutText, measureDeck, PT_PER_IN, WIDTH_SAFETY } from '../../src/fit/index.js';
import { lineBreakUnits, measureTextWidthPx } from '../../src/fonts/index.js';
import type { DeckSpec, LaidOutDeck, Locale, SlideSpec, TextBox } from '../../src/ir.js';
import { layoutDeck } from '../../src/layout/index.js';
import { loadBrand } from '../../src/load/brands.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';
import { TEMPLATES } from '../helpers.js';

const harbor = loadBrand(TEMPLATES, 'harbor');

function deckOf(slides: SlideSpec[], locale: Locale = 'en', brand = harbor): DeckSpec {
  return { audience: 'test-deck', locale, brand, title: 'Test', footer: 'Source: test', slides };
}

const kpiSlide = (labels: string[]): SlideSpec => ({
  kind: 'big-numbers',
  templateFile: 'big-numbers.hbs',
  title: 'Vier Zahlen',
  kpis: labels.map((label, i) => ({ value: `${80 + i} %`, label })),
});

const chartSlide = (takeaway: string, title = 'Short title'): SlideSpec => ({ kind: 'chart', templateFile: 'chart.hbs', title, takeaway, chartRequest: undefined as never });

/** The text box `id` of slide `index` of a laid-out deck. */
const textBoxOf = (deck: LaidOutDeck, index: number, id: string): TextBox => deck.slides[index].boxes.find((b): b is TextBox => b.type === 'text' && b.id === id)!;

/** Width a line of a box may fill, points: the content width less the fitter's safety share. */
const lineLimitPt = (widthIn: number) => widthIn * PT_PER_IN * WIDTH_SAFETY;

describe('fitDeck', () => {
  it('keeps the brand size for a box that fits', () => {
    const deck = deckOf([chartSlide('Most common answer: Europe (38%).')]);
    const { deck: fitted, diagnostics } = fitDeck(deck);
    expect(diagnostics).toEqual([]);
    for (const b of fitted.slides[0].boxes) if (b.type === 'text') expect(b.fontSizePt, b.id).toBe(b.designFontSizePt);
    const takeaway = measureDeck(fitted).find((b) => b.role === 'takeaway')!;
    expect(takeaway.fontSizePt).toBe(harbor.bodyFontSizePt + 2);
    expect(takeaway.fillRatio).toBeLessThan(1);
  });

  it('steps a long German compound word down until it fits on one line, and the row of cards with it', () => {
    const word = 'Datenschutzgrundverordnung';
    const deck = deckOf([kpiSlide([`${word}`, 'kurz', 'auch kurz', 'Ende'])], 'de');
    const { deck: fitted } = fitDeck(deck);
    const label = textBoxOf(fitted, 0, 'kpi-1-label');
    const sizePt = label.fontSizePt;
    expect(sizePt!).toBeLessThan(harbor.bodyFontSizePt);
    expect(sizePt!).toBeGreaterThanOrEqual(harbor.minFontSizePt);
    // The chosen size is the largest at which the word fits the line: 1 pt more and it would not.
    const widthAt = (pt: number) => measureTextWidthPx(word, { family: cssFontList(harbor.fonts.body), sizePx: pt });
    expect(widthAt(sizePt!)).toBeLessThanOrEqual(lineLimitPt(label.box.w));
    expect(widthAt(sizePt! + 1)).toBeGreaterThan(lineLimitPt(label.box.w));
    // The other labels of the row share the size, so the cards read as one row.
    for (const i of [2, 3, 4]) expect(textBoxOf(fitted, 0, `kpi-${i}-label`).fontSizePt).toBe(sizePt);
  });

  it('fails with TEXT_OVERFLOW naming deck, locale, slide, box and the first words, for every box that cannot fit', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Satz ${i + 1} über Open-Source-Programmbüros und ihre Wirkung.`).join(' ');
    const deck = deckOf([chartSlide('Kurz.'), chartSlide(long), kpiSlide(['Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz', 'b', 'c'])], 'de');
    const thrown = (() => {
      try {
        fitDeck(deck);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(SurveydeckError);
    const diagnostics = (thrown as SurveydeckError).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(['TEXT_OVERFLOW', 'TEXT_OVERFLOW']);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'chart.hbs' });
    expect(diagnostics[0].message).toContain('deck `test-deck` (de), slide 2 (chart), box `takeaway`');
    expect(diagnostics[0].message).toContain('"Satz 1 über Open-Source-Programmbüros und ihre Wirkung.…"');
    expect(diagnostics[0].message).toContain(`at the brand minimum of 12 pt; the box is ${textBoxOf(layoutDeck(deck), 1, 'takeaway').box.h.toFixed(2)} in high`);
    expect(diagnostics[1].message).toContain('slide 3 (big-numbers), box `kpi-1-label`');
    expect(diagnostics[1].message).toContain('the word `Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz` is wider than the box');
  });

  it("gives a small-base flag the height its text needs (a long translation in a callout's width), never less than the design's", () => {
    const warning = 'Base reducida: n = 27 (menos de 30). Interpretar con cautela: la diferencia puede no ser real y conviene confirmarla con más respuestas.';
    const slide: SlideSpec = { ...chartSlide('El 38 % de las organizaciones tiene una OSPO.'), bigNumber: '38 %', warning } as SlideSpec;
    const { deck } = fitDeck(deckOf([slide], 'es')); // throws TEXT_OVERFLOW if the flag were too short
    expect(textBoxOf(deck, 0, 'warning').box.h).toBeGreaterThan(0.9);
    const short = fitDeck(deckOf([{ ...slide, warning: 'Base reducida: n = 27.' } as SlideSpec], 'es')).deck;
    expect(textBoxOf(short, 0, 'warning').box.h).toBe(0.9);
  });

  it("names a segment's deck in TEXT_OVERFLOW", () => {
    const long = 'Ein sehr langer Satz, der in keiner Größe in das kleine Feld passt, '.repeat(80);
    const deck = { ...deckOf([chartSlide(long)], 'de'), identity: { surveyId: 's', surveyYear: 2024, brand: 'harbor', segment: 'region:europe' } };
    expect(() => fitDeck(deck)).toThrow(/deck `test-deck` for region:europe \(de\), slide 1/);
  });

  it('measures bold runs at weight 700', () => {
    const plain = layoutText({ paragraphs: [{ runs: [{ text: 'Open source program office' }], bulletLevel: 0 }], fontFamily: cssFontList('Inter'), fontSizePt: 18, widthPt: 1000, bulletIndentPt: 22, paraSpaceAfterPt: 0 });
    const bold = layoutText({ paragraphs: [{ runs: [{ text: 'Open source program office', bold: true }], bulletLevel: 0 }], fontFamily: cssFontList('Inter'), fontSizePt: 18, widthPt: 1000, bulletIndentPt: 22, paraSpaceAfterPt: 0 });
    expect(bold.widthRatio).toBeGreaterThan(plain.widthRatio * 1.02);
  });

  it('counts bullet indents and paragraph spacing in the height', () => {
    const para = (bulletLevel: number) => ({ runs: [{ text: 'Each line of this paragraph is long enough to wrap once at this width.' }], bulletLevel });
    const input = { fontFamily: cssFontList('Inter'), fontSizePt: 18, widthPt: 420, bulletIndentPt: 22, paraSpaceAfterPt: 9 };
    const body = layoutText({ ...input, paragraphs: [para(0), para(0)] });
    expect(body.heightPt).toBeCloseTo(body.lineCount * body.lineHeightPt + 9, 6);
    // Inter's ascent + descent + gap is 1.21 em, above PowerPoint's 1.2.
    expect(body.lineHeightPt / 18).toBeGreaterThanOrEqual(1.2);
    const indented = layoutText({ ...input, widthPt: 420, paragraphs: [para(2)] });
    const narrower = layoutText({ ...input, widthPt: 420 - 44, paragraphs: [para(0)] });
    expect(indented.lines).toEqual(narrower.lines);
  });
});

describe('CJK text', () => {
  const zh = '开源项目办公室正在成为企业基础设施的一部分大型组织比小型组织更可能设立开源项目办公室';

  it('wraps a 40-character Chinese string at phrase boundaries, each line as full as its phrases allow', () => {
    const text = zh.slice(0, 40);
    expect([...text]).toHaveLength(40);
    const family = cssFontList('Inter', 'Noto Sans SC');
    const sizePt = 18;
    const widthPt = 150;
    const layout = layoutText({ paragraphs: [{ runs: [{ text }], bulletLevel: 0 }], fontFamily: family, fontSizePt: sizePt, widthPt, bulletIndentPt: 22, paraSpaceAfterPt: 0 });
    // Noto Sans SC ideographs are all one em wide: the line holds floor(limit / advance) of them.
    const advancePt = measureTextWidthPx('开', { family, sizePx: sizePt });
    expect(advancePt).toBeCloseTo(sizePt, 6);
    const perLine = Math.floor((widthPt * WIDTH_SAFETY) / advancePt);
    const lines = layout.lines[0];
    expect(lines.join('')).toBe(text);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(perLine);
    // Every line ends where budoux ends a phrase, and the next phrase would not have fitted.
    const phrases = lineBreakUnits(text, { locale: 'zh-CN' }).map((u) => u.text);
    let at = 0;
    const ends = new Set(phrases.map((ph) => (at += ph.length)));
    at = 0;
    lines.forEach((l, i) => {
      at += l.length;
      expect(ends.has(at), l).toBe(true);
      if (i < lines.length - 1) expect([...l].length + [...phrases.find((_, k) => phrases.slice(0, k).join('').length === at)!].length).toBeGreaterThan(perLine);
    });
    // Never more than one line over what breaking between any two characters (PowerPoint) needs.
    expect(layout.lineCount).toBeLessThanOrEqual(Math.ceil(40 / perLine) + 1);
    expect(layout.overlongWord).toBeUndefined();
    // CJK lines take the East Asian face's line height (Noto Sans SC: 1.448 em), not 1.2.
    expect(layout.lineHeightPt / sizePt).toBeGreaterThan(1.4);
    // The same number of Latin letters without a space is one word, wider than the line: reported, not hidden.
    const latin = layoutText({ paragraphs: [{ runs: [{ text: 'x'.repeat(40) }], bulletLevel: 0 }], fontFamily: family, fontSizePt: sizePt, widthPt, bulletIndentPt: 22, paraSpaceAfterPt: 0 });
    expect(latin.overlongWord).toBe('x'.repeat(40));
  });

  it('fits a zh-CN takeaway with the East Asian font the deck names', () => {
    const deck = deckOf([chartSlide(zh.repeat(3), '开源项目办公室')], 'zh-CN');
    const { deck: fitted } = fitDeck(deck);
    const takeaway = measureDeck(fitted).find((b) => b.role === 'takeaway')!;
    const box = textBoxOf(layoutDeck(deck), 0, 'takeaway').box;
    const perLine = Math.floor((box.w * PT_PER_IN * WIDTH_SAFETY) / takeaway.fontSizePt);
    expect(takeaway.lineCount).toBeGreaterThanOrEqual(Math.ceil([...zh.repeat(3)].length / perLine));
    expect(takeaway.fillRatio).toBeLessThanOrEqual(1);
  });

  it('measures a brand whose family name has a digit (Source Sans 3) without FONT_MISSING', () => {
    const ember = loadBrand(TEMPLATES, 'ember');
    const measured = measureDeck(deckOf([chartSlide('Most common answer: Europe (38%).')], 'ja', ember));
    expect(measured.map((b) => b.role)).toEqual(['title', 'takeaway']);
  });
});

describe('the sizes reach the PPTX', () => {
  it('writes the fitted size on every run of the stepped-down boxes and the brand size elsewhere', async () => {
    const deck = deckOf([kpiSlide(['Datenschutzgrundverordnung', 'kurz', 'auch kurz', 'Ende'])], 'de');
    const { deck: fitted } = fitDeck(deck);
    const sizePt = textBoxOf(fitted, 0, 'kpi-1-label').fontSizePt;
    expect(sizePt).toBeLessThan(harbor.bodyFontSizePt);
    const parts = unzipSync(await assembleDeck(fitted));
    const xml = strFromU8(parts['ppt/slides/slide1.xml']);
    const shape = (name: string) => [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).find((s) => s.includes(`name="${name}"`))!;
    const sizes = (name: string) => [...shape(name).matchAll(/<a:rPr\b[^>]*\ssz="(\d+)"/g)].map((m) => Number(m[1]) / 100);
    for (const i of [1, 2, 3, 4]) expect(sizes(`KPI ${i} label`)).toEqual([sizePt]);
    const value = textBoxOf(fitted, 0, 'kpi-1-value');
    expect(value.fontSizePt).toBe(value.designFontSizePt);
    expect(sizes('KPI 1 value')).toEqual([value.designFontSizePt]);
  });
});

describe('glyph coverage', () => {
  const ember = loadBrand(TEMPLATES, 'ember');
  const bullets = (text: string): SlideSpec => ({ kind: 'bullets', templateFile: 'bullets.hbs', title: 'Notes', body: [{ runs: [{ text }], bulletLevel: 1 }] });

  it('fails with GLYPH_MISSING naming deck, slide, box and character when the font lacks it', () => {
    // Source Sans 3 (Ember's body face) has no U+26A0; the harbor face Inter does.
    const deck = deckOf([chartSlide('Fine'), bullets('⚠ Small base: read with care')], 'en', ember);
    try {
      fitDeck(deck);
      expect.unreachable();
    } catch (e) {
      const d = (e as SurveydeckError).diagnostics;
      expect(d.map((x) => x.code)).toEqual(['GLYPH_MISSING']);
      expect(d[0].message).toBe('No glyph for U+26A0 "⚠" in `Source Sans 3`: deck `test-deck` (en), slide 2 (bullets), box `body`');
      expect(d[0].file).toBe('bullets.hbs');
    }
    expect(() => fitDeck(deckOf([bullets('⚠ Small base: read with care')]))).not.toThrow();
  });

  it('accepts CJK in a Chinese deck (East Asian face) and CJK and Korean in a Latin deck (a fallback face), not a script no face has', () => {
    expect(() => fitDeck(deckOf([bullets('开源项目办公室')], 'zh-CN'))).not.toThrow();
    // A respondent's Japanese answer in an English deck: drawn, and embedded, with Noto Sans SC (assemble names it).
    expect(() => fitDeck(deckOf([bullets('Most common: ドキュメントをもっと (27%)')], 'en'))).not.toThrow();
    // Korean: Hangul from the third fallback face, Noto Sans KR.
    expect(() => fitDeck(deckOf([bullets('Most common: 개선 필요 (27%)')], 'en'))).not.toThrow();
    try {
      fitDeck(deckOf([bullets('تحسين مطلوب')], 'en'));
      expect.unreachable();
    } catch (e) {
      const d = (e as SurveydeckError).diagnostics;
      // One error for the box, every character it lacks named, and the script no shipped font draws.
      expect(d.map((x) => x.message)).toEqual([
        'No glyph for 10 characters (U+062A "ت", U+062D "ح", U+0633 "س", U+064A "ي", U+0646 "ن", U+0645 "م", …) in `Inter`: deck `test-deck` (en), slide 1 (bullets), box `body`',
      ]);
      expect(d[0].hint).toMatch(/^no font surveydeck ships draws Arabic \(its fonts draw Latin, Greek, Cyrillic, Chinese, Japanese and Korean script\); /);
    }
  });

  it('draws the small-base icon as a shape, so no warning text needs U+26A0', async () => {
    const deck = await fixtureDeck({ brand: 'ember' });
    expect(deck.slides.some((s) => s.warning)).toBe(true);
    const fitted = fitDeck(deck).deck;
    const parts = unzipSync(await assembleDeck(fitted));
    const slide = Object.keys(parts).filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p)).map((p) => strFromU8(parts[p])).find((x) => x.includes('name="Warning"'))!;
    expect(slide).toMatch(/name="Warning icon"[\s\S]*?<a:prstGeom prst="triangle">/);
    expect(slide).not.toContain('⚠');
  });
});
