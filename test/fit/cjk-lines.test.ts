// Chinese and Japanese slide text keeps its phrases: PowerPoint and LibreOffice break CJK between any
// two characters, so the fit writes the lines it measured (budoux phrases, UAX #14 kinsoku) as line
// breaks inside the paragraph (src/fit/cjk-lines.ts), assemble writes each as `<a:br>` sized as its
// run, and Latin text is left to the renderer. Checked on made-up boxes at every width and on the
// shipped decks as the pipeline writes them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleDeck } from '../../src/assemble/index.js';
import { decodeXml } from '../../src/assemble/ooxml.js';
import { sizeLineBreaks } from '../../src/assemble/package.js';
import { boxIdOf, listShapes, parseShapeName, readManifest, shapeText } from '../../src/assemble/refresh-manifest.js';
import { paragraphsToRuns } from '../../src/assemble/text.js';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { chartFitsFor } from '../../src/charts/index.js';
import { cssFontList, fitDeck, layoutBox, LINE_BREAK, withMeasuredLineBreaks } from '../../src/fit/index.js';
import { lineBreakUnits, measureTextWidthPx, prepareFonts, protectSequences } from '../../src/fonts/index.js';
import { scriptChanges } from '../../src/fonts/layout-text.js';
import type { DeckSpec, LaidOutDeck, Locale, Paragraph, SlideSpec, TextBox } from '../../src/ir.js';
import { chartBoxesFor, layoutContext } from '../../src/layout/index.js';
import { textBox } from '../../src/layout/boxes.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { bodyTypeOf, loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { buildDecks, DEFAULT_DATA_FILE, deckFileName } from '../../src/pipeline.js';
import { findPreviewTools, previewDeck } from '../../src/preview/index.js';
import { tempDir, TEMPLATES } from '../helpers.js';

const harbor = loadBrand(TEMPLATES, 'harbor');
const CJK_LOCALES: Locale[] = ['ja', 'zh-CN'];

// ───────────────────────────── what a reader accepts ─────────────────────────────

const budoux = createRequire(import.meta.url)('budoux') as typeof import('budoux');
const parsers = { ja: new budoux.Parser(budoux.jaModel), zh: new budoux.Parser(budoux.zhHansModel) };

/** budoux's phrases of the text as [start, end) offsets, joined where budoux cuts a word of ICU's dictionary. */
function phrases(text: string, locale: Locale): [number, number][] {
  const words = new Set([...new Intl.Segmenter(locale === 'ja' ? 'ja' : 'zh', { granularity: 'word' }).segment(text)].map((w) => w.index));
  const out: [number, number][] = [];
  let at = 0;
  for (const p of (locale === 'ja' ? parsers.ja : parsers.zh).parse(text)) {
    const cutsWord = at > 0 && !words.has(at) && CJK.test(text[at - 1]) && CJK.test(text[at]);
    if (cutsWord) out[out.length - 1][1] = at += p.length;
    else out.push([at, (at += p.length)]);
  }
  return out;
}

/** Kinsoku (JIS X 4051, UAX #14 CL/CP/EX/IS/NS/PO): characters no line may start with, and none may end with. */
const NO_LINE_START = /^[、。，．,.：；:;？！?!）)」』】〕〉》”’％%ー・…]/;
const CJK_OR_FULLWIDTH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF\u30FC]/u;
const NO_LINE_END = /[（(「『【〔〈《“‘]$/;

/**
 * What is wrong with these lines of a paragraph (the text is the paragraph as written, `lines` its
 * lines in order): a line that starts or ends against kinsoku, or a break inside a budoux phrase when
 * the phrase did not have the line to itself (only a phrase wider than a whole line may be split).
 */
function lineProblems(lines: string[], locale: Locale): string[] {
  const text = lines.join('');
  const problems: string[] = [];
  const spans = phrases(text, locale);
  let lineStart = 0;
  lines.forEach((line, k) => {
    const at = lineStart + line.length;
    if (k > 0 && NO_LINE_START.test(line)) problems.push(`line starts with "${line[0]}": ${lines.join(' / ')}`);
    if (k < lines.length - 1) {
      if (NO_LINE_END.test(line.trimEnd())) problems.push(`line ends with "${line.trimEnd().at(-1)}": ${lines.join(' / ')}`);
      const inside = spans.find(([s, e]) => s < at && at < e);
      // After a space is a break between words, and between Latin letters UAX #14 alone decides ("github.com/ / todogroup");
      // inside a phrase only when the phrase began the line.
      const cjkAround = CJK_OR_FULLWIDTH.test(text[at - 1]) || CJK_OR_FULLWIDTH.test(text[at]);
      if (inside && cjkAround && !/\s/.test(text[at - 1]) && lineStart < inside[0]) problems.push(`breaks inside "${text.slice(...inside)}": ${lines.join(' / ')}`);
    }
    lineStart = at;
  });
  return problems;
}

/** The lines of a paragraph of the fit's output: its text cut at the line breaks it wrote. */
const writtenLines = (p: Paragraph) => p.runs.map((r) => r.text).join('').split(LINE_BREAK);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

// ───────────────────────────── made-up boxes ─────────────────────────────

const TEXTS: Record<'ja' | 'zh-CN', { paragraphs: Paragraph[]; words: string[] }> = {
  ja: {
    paragraphs: [
      {
        runs: [{ text: 'OSPOの84%が、生成AIインフラの開発または管理に関与し、' }, { text: 'セキュリティ', bold: true }, { text: 'とコンプライアンスを上位3つの課題に挙げています（正式・非公式を問わず）。' }],
        bulletLevel: 1,
      },
      { runs: [{ text: '「オープンソースのセキュリティについて決定・助言しているOSPOは、経営層の賛同獲得にも役立っています。」' }], bulletLevel: 1 },
      { runs: [{ text: 'Source: Open Source Program Office Survey 2024, all respondents (n = 222)' }], bulletLevel: 0 },
    ],
    words: ['セキュリティ', '上位', 'コンプライアンス', 'インフラ', '84%', 'OSPO', '非公式'],
  },
  'zh-CN': {
    paragraphs: [
      {
        runs: [{ text: '84% 的 OSPO 参与管理生成式 AI 基础设施，负责开源安全决策或提供安全建议，' }, { text: '筹建 OSPO', bold: true }, { text: '的受访者将获得高管支持列为三大挑战之一。' }],
        bulletLevel: 1,
      },
      { runs: [{ text: '“开源项目办公室显著改善了我们与开源社区的协作，也让许可证合规变得更加简单。”' }], bulletLevel: 1 },
      { runs: [{ text: 'Source: Open Source Program Office Survey 2024, all respondents (n = 222)' }], bulletLevel: 0 },
    ],
    // budoux's Chinese model cuts some words (许|可|证, 管理生|成式): not these.
    words: ['安全', '挑战', '高管', '社区', '办公室', 'OSPO', '84%', '生成式'],
  },
};

/** Width of the widest budoux phrase of the texts at `sizePt`, inches: narrower, a phrase must split. */
function widestPhraseIn(paragraphs: Paragraph[], locale: Locale, sizePt: number, bold: boolean): number {
  const family = cssFontList(harbor.fonts.body, harbor.fonts.eastAsian[locale as 'ja' | 'zh-CN']);
  const widths = paragraphs.flatMap((p) =>
    lineBreakUnits(protectSequences(p.runs.map((r) => r.text).join('')), { locale }).map((u) => measureTextWidthPx(u.text.trimEnd(), { family, sizePx: sizePt, weight: bold ? 700 : 400 })),
  );
  return Math.max(...widths) / 72;
}

describe('Chinese and Japanese lines', () => {
  for (const locale of CJK_LOCALES) {
    it(`${locale}: at every width, breaks only between phrases and with kinsoku, and writes exactly the lines it measured`, () => {
      const { paragraphs, words } = TEXTS[locale as 'ja' | 'zh-CN'];
      const ctx = layoutContext(harbor, locale);
      const sizePt = 18;
      // bullets indent 22 pt: a line is that much narrower than the box
      const fromIn = Math.ceil((widestPhraseIn(paragraphs, locale, sizePt, true) / 0.98 + 0.4) * 20) / 20;
      let wrapped = 0;
      for (let w = fromIn; w <= 9; w += 0.15) {
        const box = textBox(ctx, 'body', 'body', { x: 0.5, y: 1, w, h: 5 }, sizePt, paragraphs);
        const measured = layoutBox(box, sizePt, harbor, locale);
        const written = withMeasuredLineBreaks(box, measured);
        written.paragraphs.forEach((p, i) => {
          if (!CJK.test(p.runs.map((r) => r.text).join(''))) return;
          const lines = writtenLines(p);
          const where = `${w.toFixed(2)} in: ${lines.join(' / ')}`;
          // Each written line is a measured line (the measurement trims the spaces a line ends with).
          expect(lines.map((l) => l.trimEnd()), where).toEqual(measured.lines[i]);
          expect(lineProblems(lines, locale), where).toEqual([]);
          // Runs keep their text and formatting; only line breaks were added.
          expect(p.runs.map((r) => ({ ...r, text: r.text.split(LINE_BREAK).join('') })), where).toEqual(paragraphs[i].runs);
          // No word is cut: each is found as often in the lines as in the paragraph.
          const count = (s: string, word: string) => s.split(word).length - 1;
          for (const word of words) expect(lines.reduce((n, l) => n + count(l, word), 0), `${word} at ${where}`).toBe(count(lines.join(''), word));
        });
        // Latin text stays for the renderer to wrap (it breaks at spaces, as the fit measures).
        expect(written.paragraphs[2]).toBe(box.paragraphs[2]);
        // Measured again as written, the lines are the same: the breaks fall where the lines ended.
        expect(layoutBox(written, sizePt, harbor, locale).lines).toEqual(measured.lines);
        if (measured.lines[0].length > 1) wrapped++;
      }
      // Not a vacuous sweep: the first paragraph wrapped at many widths.
      expect(wrapped).toBeGreaterThan(10);
    });
  }

  it('cuts a phrase wider than the line between its words, not inside one (オープンソース / ライセンスの)', () => {
    const text = 'OSPOはオープンソースライセンスのコンプライアンスを監督し、オープンソースコミュニティとの協働を支えています。';
    const words = ['オープンソース', 'ライセンス', 'コンプライアンス', 'コミュニティ'];
    const ctx = layoutContext(harbor, 'ja');
    const family = cssFontList(harbor.fonts.body, harbor.fonts.eastAsian.ja);
    const widestWordIn = Math.max(...words.map((w) => measureTextWidthPx(w, { family, sizePx: 20 }))) / 72;
    let cut = 0;
    for (let w = Math.ceil((widestWordIn / 0.98) * 20) / 20 + 0.05; w <= 3; w += 0.05) {
      const box = textBox(ctx, 'takeaway', 'takeaway', { x: 0.5, y: 1, w, h: 6 }, 20, text);
      const lines = writtenLines(withMeasuredLineBreaks(box, layoutBox(box, 20, harbor, 'ja')).paragraphs[0]);
      const count = (s: string, word: string) => s.split(word).length - 1;
      for (const word of words) expect(lines.reduce((n, l) => n + count(l, word), 0), `${word} at ${w.toFixed(2)} in: ${lines.join(' / ')}`).toBe(count(text, word));
      // Narrow enough that a phrase (オープンソースライセンスの) had to be cut: at a word.
      if (lines.some((l) => l === 'オープンソース' || l.startsWith('ライセンスの'))) cut++;
    }
    expect(cut).toBeGreaterThan(0);
  });

  it('counts the changes between Asian and Latin letters or digits, where LibreOffice sets a gap', () => {
    expect(scriptChanges('OSPOの84%が、生成AIインフラ')).toBe(5); // O|の, の|8, %|が (% is weak), 成|A, I|イ
    expect(scriptChanges('（n = 91）')).toBe(2); // full-width brackets are Asian
    expect(scriptChanges('セキュリティ、コンプライアンス')).toBe(0);
    expect(scriptChanges('Open source, 2024 (n = 222)')).toBe(0);
  });

  it('leaves a box that does not wrap, and a refitted box, as they were', () => {
    const ctx = layoutContext(harbor, 'ja');
    const short = textBox(ctx, 'body', 'body', { x: 0.5, y: 1, w: 8, h: 2 }, 18, 'OSPOを持つ組織');
    expect(withMeasuredLineBreaks(short, layoutBox(short, 18, harbor, 'ja'))).toBe(short);
    const long = textBox(ctx, 'body', 'body', { x: 0.5, y: 1, w: 3, h: 4 }, 18, TEXTS.ja.paragraphs);
    const once = withMeasuredLineBreaks(long, layoutBox(long, 18, harbor, 'ja'));
    expect(once).not.toBe(long);
    expect(withMeasuredLineBreaks(once, layoutBox(once, 18, harbor, 'ja'))).toEqual(once);
  });
});

// ───────────────────────────── decks ─────────────────────────────

function deckOf(slides: SlideSpec[], locale: Locale): DeckSpec {
  return { audience: 'test-deck', locale, brand: harbor, title: 'Test', footer: 'Source: test', slides };
}

const slidesOf = (locale: Locale, paragraphs: Paragraph[], quote: string, kpiLabel: string): SlideSpec[] => [
  { kind: 'bullets', templateFile: 'bullets.hbs', key: 'bullets', title: locale === 'ja' ? 'OSPOの役割' : locale === 'zh-CN' ? 'OSPO 的职责' : 'What OSPOs do', body: paragraphs },
  { kind: 'quote', templateFile: 'quote.hbs', key: 'quote', title: 'Quote', quote: { text: quote, attribution: 'CTO' } },
  { kind: 'big-numbers', templateFile: 'big-numbers.hbs', key: 'kpis', title: 'KPIs', kpis: [{ value: '84%', label: kpiLabel }, { value: '62%', label: kpiLabel }] },
];

/**
 * The lines a box's paragraphs are written in: Chinese and Japanese ones as the fit measured them at
 * the size written, Latin ones (a source line) whole, for the viewer to wrap.
 */
function expectedLines(box: TextBox, locale: Locale): string[][] {
  const measured = layoutBox(box, box.fontSizePt, harbor, locale);
  return box.paragraphs.map((p, pi) => (CJK.test(p.runs.map((r) => r.text).join('')) ? measured.lines[pi] : [protectSequences(writtenLines(p).join('')).trimEnd()]));
}

const runTexts = (deck: LaidOutDeck) => deck.slides.flatMap((s) => s.boxes.flatMap((b) => (b.type === 'text' ? b.paragraphs.flatMap((p) => p.runs.map((r) => r.text)) : [])));

describe('fitDeck', () => {
  it('writes no line breaks in Latin decks: PowerPoint wraps them at spaces, and editing stays free', () => {
    const en = fitDeck(
      deckOf(
        slidesOf(
          'en',
          [{ runs: [{ text: 'Open source program offices now run a large share of the security and compliance work that used to sit with legal teams, and most of them also steer the organisation’s AI infrastructure.' }], bulletLevel: 1 }],
          'Our program office turned open source from a risk we tolerated into a capability we invest in, year after year.',
          'of OSPOs help build or manage generative AI infrastructure',
        ),
        'en',
      ),
    ).deck;
    const de = fitDeck(
      deckOf(
        slidesOf('de', [{ runs: [{ text: 'Open-Source-Programmbüros übernehmen inzwischen einen großen Teil der Sicherheits- und Compliance-Arbeit, die früher bei den Rechtsabteilungen lag.' }], bulletLevel: 1 }], 'Unser Programmbüro hat Open Source von einem geduldeten Risiko zu einer Fähigkeit gemacht, in die wir investieren.', 'der OSPOs wirken am Aufbau oder Betrieb generativer KI-Infrastruktur mit'),
        'de',
      ),
    ).deck;
    for (const deck of [en, de]) {
      // The texts do wrap (else this proves nothing), and no run carries a line break.
      const lines = deck.slides.flatMap((s) => s.boxes.flatMap((b) => (b.type === 'text' ? layoutBox(b, b.fontSizePt, harbor, deck.locale).lines.flat() : [])));
      expect(lines.length).toBeGreaterThan(runTexts(deck).length);
      expect(runTexts(deck).filter((t) => t.includes(LINE_BREAK))).toEqual([]);
    }
  });

  for (const locale of CJK_LOCALES) {
    it(`${locale}: writes each measured line as a run after an <a:br> sized as the run; bullets, quotes and cards keep their form`, async () => {
      const { paragraphs } = TEXTS[locale as 'ja' | 'zh-CN'];
      const quote = paragraphs[1].runs[0].text;
      const label = locale === 'ja' ? 'オープンソースのセキュリティについて決定・助言しているOSPO' : '的 OSPO 负责开源安全决策或提供安全建议';
      const fitted = fitDeck(deckOf(slidesOf(locale, paragraphs, quote, label), locale)).deck;
      const parts = unzipSync(await assembleDeck(fitted));
      let breaks = 0;
      fitted.slides.forEach((slide, i) => {
        const shapes = listShapes(strFromU8(parts[`ppt/slides/slide${i + 1}.xml`]));
        for (const box of slide.boxes) {
          if (box.type !== 'text' || box.placeholder) continue;
          // A deck without identity keeps the builders' shape names (`Card 1 body`), not `sd:` ones.
          const shape = shapes.find((s) => boxIdOf(s.name) === box.id);
          expect(shape, `${slide.spec.kind} ${box.id}`).toBeDefined();
          const xml = shape!.xml;
          const where = `${slide.spec.kind} ${box.id}`;
          // No bare break: a bare <a:br/> is set at PowerPoint's default 18 pt.
          expect(xml, where).not.toMatch(/<a:br\/>/);
          for (const [br, sz] of xml.matchAll(/<a:br><a:rPr\b[^>]*?\ssz="(\d+)"[\s\S]*?<\/a:br>/g)) {
            expect(Number(sz), `${where}: ${br}`).toBe(Math.round(box.fontSizePt * 100));
            breaks++;
          }
          expect((xml.match(/<a:br\b/g) ?? []).length, where).toBe((xml.match(/<a:br><a:rPr\b[^>]*?\ssz="\d+"/g) ?? []).length);
          // The lines in the slide XML are the lines the fit measured, paragraph by paragraph.
          const shown = [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map(([, inner]) =>
            inner.split(/<a:br>[\s\S]*?<\/a:br>/).map((line) => [...line.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1])).join('').trimEnd()),
          );
          expect(shown, where).toEqual(expectedLines(box, locale));
          // Upright, always: no synthetic italics for CJK (the quote is italic in Latin decks).
          expect(xml, where).not.toMatch(/<a:rPr\b[^>]*\si="1"/);
          // A paragraph is still one paragraph with its one set of properties, however many lines it has.
          expect(shown, where).toHaveLength(box.paragraphs.length);
          expect((xml.match(/<a:pPr\b/g) ?? []).length, where).toBeLessThanOrEqual(box.paragraphs.length);
          if (box.paragraphs.some((p) => p.bulletLevel > 0)) expect((xml.match(/<a:buChar\b|<a:buAutoNum\b/g) ?? []).length, where).toBe(box.paragraphs.filter((p) => p.bulletLevel > 0).length);
        }
      });
      expect(breaks).toBeGreaterThan(3);
    });
  }

  it('splits a run at its line breaks: the bullet on the first piece, the paragraph end on the last', () => {
    const style = { fontFace: 'Inter', fontSizePt: 14, color: '000000', linkColor: '0000FF', lang: 'ja-JP', paraSpaceAfterPt: 6 };
    const runs = paragraphsToRuns(
      [
        { runs: [{ text: `OSPOの84%が、${LINE_BREAK}生成AIインフラの${LINE_BREAK}管理に` }, { text: `関与し${LINE_BREAK}ています。`, bold: true }], bulletLevel: 1 },
        { runs: [{ text: '次の段落' }], bulletLevel: 0 },
      ],
      style,
    );
    expect(runs.map((r) => r.text)).toEqual(['OSPOの84%が、', '生成AIインフラの', '管理に', '関与し', 'ています。', '次の段落']);
    expect(runs.map((r) => !!r.options?.softBreakBefore)).toEqual([false, true, true, false, true, false]);
    expect(runs.map((r) => !!r.options?.bullet)).toEqual([true, false, false, false, false, false]);
    expect(runs.map((r) => !!r.options?.paraSpaceAfter)).toEqual([true, false, false, false, false, true]);
    expect(runs.map((r) => !!r.options?.breakLine)).toEqual([false, false, false, false, true, false]);
    expect(runs.map((r) => !!r.options?.bold)).toEqual([false, false, false, true, true, false]);
  });

  it('gives a break the properties of the run after it, without its hyperlink', () => {
    const rPr = '<a:rPr lang="ja-JP" sz="1400" b="1"><a:solidFill><a:srgbClr val="1F2933"/></a:solidFill><a:latin typeface="Inter"/></a:rPr>';
    expect(sizeLineBreaks(`<a:p><a:r>${rPr}<a:t>一</a:t></a:r><a:br/><a:r>${rPr}<a:t>二</a:t></a:r></a:p>`)).toBe(`<a:p><a:r>${rPr}<a:t>一</a:t></a:r><a:br>${rPr}</a:br><a:r>${rPr}<a:t>二</a:t></a:r></a:p>`);
    expect(sizeLineBreaks('<a:br/><a:r><a:rPr lang="ja-JP" sz="1200"><a:hlinkClick r:id="rId3"/></a:rPr><a:t>リンク</a:t></a:r>')).toBe('<a:br><a:rPr lang="ja-JP" sz="1200"></a:rPr></a:br><a:r><a:rPr lang="ja-JP" sz="1200"><a:hlinkClick r:id="rId3"/></a:rPr><a:t>リンク</a:t></a:r>');
    // A break with no run after it (nothing to take a size from) stays as it is.
    expect(sizeLineBreaks('<a:br/></a:p>')).toBe('<a:br/></a:p>');
  });
});

// ───────────────────────────── shipped decks, as the pipeline writes them ─────────────────────────────

/** The shipped decks of `audiences` in the CJK locales, bound and fitted as buildDecks fits them. */
function fittedShippedDecks(audiences: string[]): LaidOutDeck[] {
  const aggregates = loadAggregates(DEFAULT_DATA_FILE);
  const templates = loadSlideTemplates(TEMPLATES, createHandlebars());
  const chartFits = chartFitsFor(harbor);
  return audiences.flatMap((audience) => {
    const manifest = loadDeckManifest(TEMPLATES, audience);
    return CJK_LOCALES.map((locale) => {
      const catalogue = loadCatalogue(TEMPLATES, locale, surveyDirOf(DEFAULT_DATA_FILE));
      // The audience's type sizes (the talk's 24 pt body) shape the boxes, as they do in buildDecks.
      const bodyType = bodyTypeOf(manifest.type);
      const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(TEMPLATES, 'charts'), chartBox: chartBoxesFor(harbor, locale, bodyType), chartFits });
      return fitDeck({ audience, locale, brand: harbor, title: catalogue.format(manifest.title), footer: '', slides, ...(bodyType ? { bodyType } : {}) }).deck;
    });
  });
}

describe('shipped Chinese and Japanese decks', () => {
  const outDir = tempDir('sd-cjk-lines-');
  const audiences = ['executive-briefing', 'conference-talk'];
  let fitted: LaidOutDeck[];

  beforeAll(async () => {
    // Native charts: nothing to render, and the text boxes are the same as beside a picture.
    await buildDecks({ audiences, locales: CJK_LOCALES, outDir, cacheDir: tempDir('sd-cjk-cache-'), charts: 'native' });
    fitted = fittedShippedDecks(audiences);
  }, 300_000);

  it('break only between phrases (or where a phrase alone is wider than the line), never against kinsoku, each break sized', () => {
    let checked = 0;
    for (const deck of fitted) {
      const parts = unzipSync(readFileSync(path.join(outDir, deckFileName(deck.audience, deck.locale, 'harbor'))));
      for (const part of Object.keys(parts).filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p))) {
        for (const [, inner] of strFromU8(parts[part]).matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
          const lines = inner.split(/<a:br\b[\s\S]*?(?:\/>|<\/a:br>)/).map((line) => [...line.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1])).join(''));
          if (lines.length < 2) continue;
          checked++;
          expect(lineProblems(lines, deck.locale), `${deck.audience}.${deck.locale} ${part}`).toEqual([]);
          for (const br of inner.match(/<a:br\b[\s\S]*?(?:\/>|<\/a:br>)/g)!) expect(br, `${deck.audience}.${deck.locale} ${part}`).toMatch(/^<a:br><a:rPr\b[^>]*\ssz="\d+"/);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('show the lines the fit measured: every box has as many lines as it was sized for, none empty at its end', () => {
    let boxes = 0;
    let wrapped = 0;
    for (const deck of fitted) {
      const parts = unzipSync(readFileSync(path.join(outDir, deckFileName(deck.audience, deck.locale, 'harbor'))));
      const { manifest } = readManifest(parts) as { manifest: NonNullable<Extract<ReturnType<typeof readManifest>, { manifest: unknown }>['manifest']> };
      deck.slides.forEach((slide, i) => {
        const shapes = listShapes(strFromU8(parts[`ppt/slides/slide${i + 1}.xml`]));
        for (const box of slide.boxes) {
          if (box.type !== 'text' || box.placeholder) continue;
          const shape = shapes.find((s) => parseShapeName(s.name)?.box === box.id);
          if (!shape) continue; // decorations without a name of their own
          const where = `${deck.audience}.${deck.locale} slide ${i + 1} ${box.id}`;
          const text = shapeText(shape.xml);
          const expected = expectedLines(box, deck.locale).flat();
          expect(text.split('\n'), where).toEqual(expected.map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trimEnd()));
          if (expected.length > box.paragraphs.length) wrapped++;
          // What update compares against is what the slide says, breaks included.
          expect(manifest.slides[i].shapes[box.id]?.text, where).toBe(text);
          boxes++;
        }
      });
    }
    expect(boxes).toBeGreaterThan(100);
    expect(wrapped).toBeGreaterThan(40);
  });

  const hasTools = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0 && spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasTools && !process.env.CI)('in LibreOffice, line for line: no measured line wraps again (its gap between Asian and Latin text counted)', async () => {
    const deck = fitted.find((d) => d.audience === 'executive-briefing' && d.locale === 'ja')!;
    const fonts = prepareFonts({ cacheDir: path.join(tempDir('sd-cjk-fonts-'), 'fonts') });
    const { pdf } = await previewDeck(path.join(outDir, deckFileName(deck.audience, deck.locale, 'harbor')), { tools: findPreviewTools(), fontsConfFile: fonts.fontsConfFile, outDir: tempDir('sd-cjk-lo-'), dpi: 10 });
    let lines = 0;
    deck.slides.forEach((slide, i) => {
      // The lines LibreOffice set on the page, each as its words without the gaps between them.
      const bbox = execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-bbox-layout', pdf, '-'], { encoding: 'utf8' });
      const shown = [...bbox.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)].map(([, l]) => [...l.matchAll(/<word\b[^>]*>([^<]*)<\/word>/g)].map((w) => decodeXml(w[1])).join('').replace(/^•/, '')); // bullets are not text
      for (const box of slide.boxes) {
        if (box.type !== 'text') continue;
        expectedLines(box, deck.locale).forEach((paragraph, pi) => {
          if (!CJK.test(writtenLines(box.paragraphs[pi]).join(''))) return;
          for (const line of paragraph) {
            expect(shown, `slide ${i + 1} ${box.id}: "${line}" in ${shown.join(" | ")}`).toContain(line.replace(/\s/g, ''));
            lines++;
          }
        });
      }
    });
    expect(lines).toBeGreaterThan(60);
  }, 300_000);
});
