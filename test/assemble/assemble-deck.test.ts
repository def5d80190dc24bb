import { beforeAll, describe, expect, it } from 'vitest';
import { assembleDeck, EMU_PER_INCH, SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from '../../src/assemble/index.js';
import { layoutDeck, MARGIN_IN, MASTER } from '../../src/layout/index.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { SLIDE_KINDS, type DeckSpec } from '../../src/ir.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';
import { pngSize, relsOf, slideNames, titleOf, unzip, xmlOf, type Parts } from '../fixtures/assemble/ooxml.js';

let deck: DeckSpec;
let parts: Parts;

beforeAll(async () => {
  deck = await fixtureDeck();
  parts = unzip(await assembleDeck(deck));
});

describe('assembleDeck (harbor, en)', () => {
  it('covers every slide kind and writes one slide per spec', () => {
    expect(new Set(deck.slides.map((s) => s.kind))).toEqual(new Set(SLIDE_KINDS));
    expect(slideNames(parts)).toHaveLength(deck.slides.length);
  });

  it('is 16:9 at 13.333 x 7.5 in', () => {
    const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(xmlOf(parts, 'ppt/presentation.xml'))!;
    expect(Number(size[1])).toBe(Math.round(SLIDE_WIDTH_IN * EMU_PER_INCH));
    expect(Number(size[2])).toBe(Math.round(SLIDE_HEIGHT_IN * EMU_PER_INCH));
  });

  it('puts every title in the title placeholder of its slide', () => {
    slideNames(parts).forEach((name, i) => expect(titleOf(xmlOf(parts, name)), name).toBe(deck.slides[i].title));
  });

  it('defines four layouts, each with a title placeholder', () => {
    const layouts = Object.keys(parts).filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p));
    const names = layouts.map((l) => /<p:cSld name="([^"]*)"/.exec(xmlOf(parts, l))?.[1]);
    expect(names).toEqual(expect.arrayContaining(['Harbor title', 'Harbor section', 'Harbor content', 'Harbor chart']));
    for (const l of layouts.filter((_, i) => names[i]?.startsWith('Harbor'))) expect(xmlOf(parts, l)).toMatch(/<p:ph\b[^>]*type="title"/);
  });

  it('writes the footer with the sample size on content and chart layouts only', () => {
    const layouts = Object.keys(parts).filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p));
    const byName = Object.fromEntries(layouts.map((l) => [/<p:cSld name="([^"]*)"/.exec(xmlOf(parts, l))?.[1], xmlOf(parts, l)]));
    expect(byName['Harbor content']).toContain('<a:t>Source: Open Source Survey 2024, n=1,204</a:t>');
    expect(byName['Harbor chart']).toContain('n=1,204');
    expect(byName['Harbor title']).not.toContain('n=1,204');
  });

  it('gives every picture alt text that is not a file name', () => {
    const pictures = Object.keys(parts)
      .filter((p) => /^ppt\/(slides|slideLayouts)\/[^/]+\.xml$/.test(p))
      .flatMap((p) => [...xmlOf(parts, p).matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)].map((m) => m[0]));
    expect(pictures.length).toBeGreaterThan(2);
    for (const pic of pictures) {
      const descr = /descr="([^"]*)"/.exec(pic)?.[1] ?? '';
      expect(descr.trim()).not.toBe('');
      expect(descr).not.toMatch(/\.(png|jpe?g|svg)$/i);
    }
    const chartSlide = xmlOf(parts, `ppt/slides/slide${deck.slides.findIndex((s) => s.kind === 'chart') + 1}.xml`);
    expect(chartSlide).toContain(`descr="${deck.slides.find((s) => s.kind === 'chart')!.chart!.altText}"`);
  });

  it('places chart pictures inside the box the layout gave the chart, at 150 px per inch or more', async () => {
    const laid = layoutDeck(deck);
    let checked = 0;
    for (const [i, spec] of deck.slides.entries()) {
      if (spec.kind !== 'chart') continue;
      const frame = laid.slides[i].boxes.find((b) => b.type === 'chart')!.box;
      const slide = `ppt/slides/slide${i + 1}.xml`;
      const pic = /<p:pic>[\s\S]*?<\/p:pic>/.exec(xmlOf(parts, slide))![0];
      const rId = /r:embed="([^"]+)"/.exec(pic)![1];
      const off = /<a:off x="(\d+)" y="(\d+)"/.exec(pic)!;
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"/.exec(pic)!;
      const [xIn, yIn, wIn, hIn] = [off[1], off[2], ext[1], ext[2]].map((v) => Number(v) / EMU_PER_INCH);
      expect(xIn).toBeGreaterThanOrEqual(frame.x - 0.001);
      expect(yIn).toBeGreaterThanOrEqual(frame.y - 0.001);
      expect(xIn + wIn).toBeLessThanOrEqual(frame.x + frame.w + 0.001);
      expect(yIn + hIn).toBeLessThanOrEqual(frame.y + frame.h + 0.001);
      const target = relsOf(parts, slide).find((r) => r.id === rId)!.target.replace('../', 'ppt/');
      const png = await pngSize(parts[target]);
      expect(png.width / wIn).toBeGreaterThanOrEqual(150);
      expect(png.height / hIn).toBeGreaterThanOrEqual(150);
      checked++;
    }
    expect(checked).toBe(2);
  });

  it('writes speaker notes where given, one paragraph per line, in the deck language', () => {
    deck.slides.forEach((spec, i) => {
      const notesRel = relsOf(parts, `ppt/slides/slide${i + 1}.xml`).find((r) => r.type.endsWith('/notesSlide'));
      const xml = notesRel ? xmlOf(parts, notesRel.target.replace('../', 'ppt/')) : '';
      if (!spec.notes) {
        expect(xml).not.toMatch(/<a:t>[^<]*[A-Za-z]{3}/);
        return;
      }
      for (const line of spec.notes.split('\n')) expect(xml).toContain(`<a:t>${line}</a:t>`);
      expect(xml).not.toContain('lang="en-GB"');
      expect([...xml.matchAll(/<a:(?:rPr|endParaRPr)\b[^>]*>/g)].every(([t]) => t.includes('lang="en-US"'))).toBe(true);
    });
  });

  it('keeps bold, italic, hyperlinks, bullet levels and numbering as real runs', () => {
    const bullets = xmlOf(parts, `ppt/slides/slide${deck.slides.findIndex((s) => s.kind === 'bullets') + 1}.xml`);
    expect(bullets).toMatch(/<a:rPr[^>]*\sb="1"[^>]*>[\s\S]*?<\/a:rPr><a:t>mainstream<\/a:t>/);
    expect(bullets).toMatch(/<a:rPr[^>]*\si="1"[^>]*>[\s\S]*?<\/a:rPr><a:t>lags behind<\/a:t>/);
    expect(bullets).toMatch(/<a:pPr lvl="1"[^>]*>(?:(?!<\/a:pPr>)[\s\S])*<a:buChar char="&#x2022;"\/><\/a:pPr><a:r><a:rPr[^>]*>[\s\S]*?<a:t>Most started/);
    expect(bullets.match(/<a:buAutoNum type="arabicPeriod"\/>/g)).toHaveLength(3);
    const sources = `ppt/slides/slide${deck.slides.findIndex((s) => s.kind === 'sources') + 1}.xml`;
    const link = /<a:hlinkClick r:id="(rId\d+)"/.exec(xmlOf(parts, sources))![1];
    expect(relsOf(parts, sources).find((r) => r.id === link)?.target).toBe('https://example.org/survey-2024');
  });

  it('carries lang on every run of every slide and notes page', () => {
    for (const p of Object.keys(parts).filter((p) => /^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(p))) {
      const tags = [...xmlOf(parts, p).matchAll(/<a:(?:rPr|endParaRPr)\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length, p).toBeGreaterThan(0);
      for (const t of tags) expect(t, p).toMatch(/\slang="en-US"/);
    }
  });

  it('uses no text smaller than the brand minimum in slide text boxes', () => {
    for (const name of slideNames(parts)) {
      for (const [, sz] of xmlOf(parts, name).matchAll(/<a:rPr\b[^>]*\ssz="(\d+)"/g)) {
        expect(Number(sz) / 100, name).toBeGreaterThanOrEqual(deck.brand.minFontSizePt);
      }
    }
  });

  it('turns off autofit on every text box it places', () => {
    for (const name of slideNames(parts)) expect(xmlOf(parts, name)).not.toMatch(/normAutofit|spAutoFit/);
  });

  it('describes the text boxes of every kind inside the slide margins', () => {
    for (const { spec, boxes } of layoutDeck(deck).slides) {
      for (const b of boxes) {
        if (b.type !== 'text') continue;
        expect(b.box.x, `${spec.kind} ${b.id}`).toBeGreaterThanOrEqual(MARGIN_IN - 1e-9);
        expect(b.box.x + b.box.w, `${spec.kind} ${b.id}`).toBeLessThanOrEqual(SLIDE_WIDTH_IN - MARGIN_IN + 1e-9);
        expect(b.box.y + b.box.h, `${spec.kind} ${b.id}`).toBeLessThanOrEqual(MASTER.content.footer.y);
      }
    }
  });

  it('rejects a slide that lacks what its kind needs, naming the template', async () => {
    const bad: DeckSpec = { ...deck, slides: [{ kind: 'big-numbers', templateFile: 'kpis.md', title: 'One number', kpis: [{ value: '1', label: 'x' }] }] };
    const thrown = await assembleDeck(bad).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SurveydeckError);
    expect((thrown as SurveydeckError).diagnostics).toEqual([
      expect.objectContaining({ code: 'INVALID_DECK', file: 'kpis.md', message: 'slide 1 (big-numbers): expected 2 to 4 `kpis`, got 1' }),
    ]);
  });
});

describe('assembleDeck (harbor, zh-CN)', () => {
  it('tags runs zh-CN and names the East Asian font on every run', async () => {
    const zh = unzip(await assembleDeck(await fixtureDeck({ locale: 'zh-CN' })));
    for (const p of Object.keys(zh).filter((p) => /^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(p))) {
      const xml = xmlOf(zh, p);
      const runs = [...xml.matchAll(/<a:(rPr|endParaRPr)\b[^>]*?(?:\/>|>[\s\S]*?<\/a:\1>)/g)].map((m) => m[0]);
      expect(runs.length, p).toBeGreaterThan(0);
      for (const r of runs) {
        expect(r, p).toMatch(/\slang="zh-CN"/);
        expect(r, p).toContain('<a:ea typeface="Noto Sans SC"/>');
      }
      // schema order: latin before ea before cs
      for (const r of runs.filter((r) => r.includes('<a:latin'))) expect(r).toMatch(/<a:latin [^>]*\/><a:ea typeface="Noto Sans SC"\/><a:cs /);
    }
    // A number and the counter after it stay on one line: the space is written as U+00A0.
    expect(titleOf(xmlOf(zh, 'ppt/slides/slide1.xml'))).toBe('2024\u00A0年开源状况');
  });
});

describe('assembleDeck (ember)', () => {
  it('gives the dark brand a dark background and light title text', async () => {
    const ember = unzip(await assembleDeck(await fixtureDeck({ brand: 'ember' })));
    const layouts = Object.keys(ember).filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p)).map((l) => xmlOf(ember, l));
    const content = layouts.find((l) => l.includes('name="Ember content"'))!;
    expect(content).toMatch(/<p:bg><p:bgPr><a:solidFill><a:srgbClr val="22252B"/);
    expect(content).toContain('IBM Plex Sans');
  });
});
