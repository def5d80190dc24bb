// The conference talk in every locale: 20–30 slides, speaker notes on every content slide in the
// deck's language, bound to the data, and East Asian fonts named on zh-CN and ja runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/pipeline.js';
import { formatPercent } from '../../src/bind/format.js';
import { LANG_TAG, LOCALES, isEastAsian, type Aggregates, type Locale } from '../../src/ir.js';
import { AGGREGATES, slideNames, tempDir, text, unzip } from '../helpers.js';

const aggregates: Aggregates = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
const decks = new Map<Locale, Map<string, Uint8Array>>();

beforeAll(async () => {
  const result = await buildDecks({ audiences: ['conference-talk'], locales: [...LOCALES], outDir: tempDir(), cacheDir: tempDir() });
  for (const d of result.decks) decks.set(d.locale, unzip(readFileSync(d.file)));
}, 600_000);

function layoutName(parts: Map<string, Uint8Array>, slide: string): string {
  const rels = text(parts, slide.replace('slides/', 'slides/_rels/') + '.rels');
  const target = /Target="\.\.\/slideLayouts\/([^"]+)"/.exec(rels)![1];
  return /<p:cSld name="([^"]*)"/.exec(text(parts, `ppt/slideLayouts/${target}`))![1];
}

function notesOf(parts: Map<string, Uint8Array>, slide: string): string | undefined {
  const rels = text(parts, slide.replace('slides/', 'slides/_rels/') + '.rels');
  const target = /Target="\.\.\/notesSlides\/([^"]+)"/.exec(rels)?.[1];
  return target ? text(parts, `ppt/notesSlides/${target}`) : undefined;
}

describe.each(LOCALES.map((l) => [l]))('conference talk (%s)', (locale) => {
  it('has 20–30 slides', () => {
    const n = slideNames(decks.get(locale)!).length;
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThanOrEqual(30);
  });

  it('has speaker notes in the deck’s language on every content slide', () => {
    const parts = decks.get(locale)!;
    let content = 0;
    for (const slide of slideNames(parts)) {
      if (/ (title|section)$/.test(layoutName(parts, slide))) continue;
      content++;
      const notes = notesOf(parts, slide);
      expect(notes, `${slide} has notes`).toBeDefined();
      const spoken = [...notes!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(' ');
      expect(spoken.length, `${slide} notes say something`).toBeGreaterThan(40);
      for (const rPr of notes!.match(/<a:(?:rPr|endParaRPr)\b[^>]*>/g) ?? []) expect(rPr).toContain(`lang="${LANG_TAG[locale]}"`);
    }
    expect(content).toBeGreaterThanOrEqual(15);
  });

  it('speaks the numbers from the data, formatted for the locale', () => {
    const parts = decks.get(locale)!;
    const allNotes = slideNames(parts).map((s) => notesOf(parts, s) ?? '').join('\n');
    expect(allNotes).toContain(formatPercent(aggregates.findings.genaiInvolved.share, locale).replace(/\u00a0/g, '\u00a0'));
    expect(allNotes).toContain(formatPercent(aggregates.findings.ospoSmall.share, locale));
  });

  it('names the East Asian font on every run of zh-CN and ja decks', () => {
    if (!isEastAsian(locale)) return;
    const parts = decks.get(locale)!;
    const font = locale === 'zh-CN' ? 'Noto Sans SC' : 'Noto Sans JP';
    for (const slide of slideNames(parts)) {
      for (const rPr of text(parts, slide).match(/<a:rPr\b[^>]*>.*?<\/a:rPr>/gs) ?? []) expect(rPr).toContain(`<a:ea typeface="${font}"`);
    }
  });
});

it('names decks <audience>.<locale>.pptx', async () => {
  const result = await buildDecks({ audiences: ['conference-talk'], locales: ['en'], outDir: tempDir(), cacheDir: tempDir(), brand: 'ember' });
  expect(path.basename(result.decks[0].file)).toBe('conference-talk.en.ember.pptx');
});
