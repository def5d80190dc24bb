// The fonts a deck embeds: parts, relationships, content types, <p:embeddedFontLst>, and the EOT
// containers themselves (header fields per the W3C EOT submission, the TrueType inside them parsed
// with fontkit). PowerPoint's acceptance cannot be tested here; LibreOffice ignores embedded EOT.
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleDeck } from '../../src/assemble/index.js';
import { FONT_CONTENT_TYPE, FONT_RELATIONSHIP_TYPE } from '../../src/assemble/embed-fonts.js';
import { checkPackage } from '../../src/check/package-check.js';
import { faceOf } from '../../src/fonts/catalog.js';
import { EOT_MAGIC_NUMBER, findTable, readEot, ttfToEot, TTEMBED_SUBSET } from '../../src/fonts/eot.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';
import { relsOf, unzip, xmlOf, type Parts } from '../fixtures/assemble/ooxml.js';

let zhBytes: Buffer;
let zh: Parts;
let ember: Parts;

beforeAll(async () => {
  zhBytes = await assembleDeck(await fixtureDeck({ locale: 'zh-CN' }));
  zh = unzip(zhBytes);
  ember = unzip(await assembleDeck(await fixtureDeck({ brand: 'ember' })));
});

interface ListedFont {
  typeface: string;
  charset: string;
  regular?: string;
  bold?: string;
}

function embeddedFontList(parts: Parts): ListedFont[] {
  const xml = xmlOf(parts, 'ppt/presentation.xml');
  const list = /<p:embeddedFontLst>([\s\S]*?)<\/p:embeddedFontLst>/.exec(xml)?.[1] ?? '';
  return [...list.matchAll(/<p:embeddedFont>([\s\S]*?)<\/p:embeddedFont>/g)].map(([, e]) => ({
    typeface: /<p:font typeface="([^"]*)"/.exec(e)![1],
    charset: /<p:font [^>]*charset="([^"]*)"/.exec(e)![1],
    regular: /<p:regular r:id="([^"]*)"/.exec(e)?.[1],
    bold: /<p:bold r:id="([^"]*)"/.exec(e)?.[1],
  }));
}

function fontPart(parts: Parts, relId: string): Uint8Array {
  const rel = relsOf(parts, 'ppt/presentation.xml').find((r) => r.id === relId)!;
  expect(rel.type).toBe(FONT_RELATIONSHIP_TYPE);
  return parts[`ppt/${rel.target}`];
}

/** Every character of every text run in slides, layouts, masters and notes. */
function deckCharacters(parts: Parts): Set<string> {
  const chars = new Set<string>();
  for (const p of Object.keys(parts).filter((p) => /^ppt\/(slides|slideLayouts|slideMasters|notesSlides)\/[^/]+\.xml$/.test(p))) {
    for (const [, t] of strFromU8(parts[p]).matchAll(/<a:t>([^<]*)<\/a:t>/g)) {
      for (const ch of t.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')) chars.add(ch);
    }
  }
  return chars;
}

describe('embedded fonts (harbor, zh-CN)', () => {
  it('lists each typeface the deck uses once, regular and bold, between notesSz and defaultTextStyle', () => {
    const xml = xmlOf(zh, 'ppt/presentation.xml');
    const list = embeddedFontList(zh);
    expect(list.map((f) => f.typeface)).toEqual(['Inter', 'Noto Sans SC']);
    for (const f of list) {
      expect(f.regular).toBeDefined();
      expect(f.bold).toBeDefined(); // titles are bold
    }
    expect(list.find((f) => f.typeface === 'Noto Sans SC')!.charset).toBe('-122'); // GB2312 as a signed byte
    expect(xml.indexOf('<p:notesSz')).toBeLessThan(xml.indexOf('<p:embeddedFontLst>'));
    expect(xml.indexOf('</p:embeddedFontLst>')).toBeLessThan(xml.indexOf('<p:defaultTextStyle'));
    expect(xml).toMatch(/<p:presentation\b[^>]*\sembedTrueTypeFonts="1"/);
  });

  it('stores each face as ppt/fonts/fontN.fntdata with the font content type and a relationship from presentation.xml', () => {
    const fontParts = Object.keys(zh).filter((p) => p.startsWith('ppt/fonts/'));
    expect(fontParts.sort()).toEqual(['ppt/fonts/font1.fntdata', 'ppt/fonts/font2.fntdata', 'ppt/fonts/font3.fntdata', 'ppt/fonts/font4.fntdata']);
    expect(xmlOf(zh, '[Content_Types].xml')).toContain(`<Default Extension="fntdata" ContentType="${FONT_CONTENT_TYPE}"/>`);
    const rels = relsOf(zh, 'ppt/presentation.xml').filter((r) => r.type === FONT_RELATIONSHIP_TYPE);
    expect(rels.map((r) => r.target).sort()).toEqual(fontParts.map((p) => p.replace('ppt/', '')).sort());
    expect(new Set(rels.map((r) => r.id)).size).toBe(rels.length);
    expect(checkPackage(zhBytes)).toEqual([]);
  });

  it('wraps the whole Latin font in an EOT whose header matches the spec and the font', () => {
    const [inter] = embeddedFontList(zh);
    for (const [relId, weight] of [[inter.regular!, 400], [inter.bold!, 700]] as const) {
      const part = fontPart(zh, relId);
      const eot = readEot(part);
      const ttf = readFileSync(faceOf('Inter', weight).file);
      expect(eot.eotSize).toBe(part.length);
      expect(eot.fontDataSize).toBe(ttf.length);
      expect(eot.fontData.equals(ttf)).toBe(true); // full embedding: the file as shipped
      expect(eot.version).toBe(0x00020001);
      expect(eot.magicNumber).toBe(EOT_MAGIC_NUMBER);
      expect(eot.flags).toBe(0); // not a subset, not compressed, not obfuscated
      expect(eot.charset).toBe(1); // DEFAULT_CHARSET
      expect(eot.weight).toBe(weight);
      expect(eot.italic).toBe(0);
      expect(eot.fsType).toBe(0);
      expect(eot.familyName).toBe('Inter');
      expect(eot.styleName).toBe(weight === 700 ? 'Bold' : 'Regular');
      expect(eot.fullName).toBe(weight === 700 ? 'Inter Bold' : 'Inter Regular');
      expect(eot.versionName).toMatch(/^Version \d/);
      expect(eot.rootString).toBe('');
      const os2 = findTable(ttf, 'OS/2')!;
      expect(eot.panose).toEqual([...ttf.subarray(os2 + 32, os2 + 42)]);
      expect(eot.checkSumAdjustment).toBe(ttf.readUInt32BE(findTable(ttf, 'head')! + 8));
    }
  });

  it('subsets the CJK font to the characters the deck uses, and the subset has every one of them', () => {
    const sc = embeddedFontList(zh).find((f) => f.typeface === 'Noto Sans SC')!;
    const inter = embeddedFontList(zh).find((f) => f.typeface === 'Inter')!;
    const full = fontkit.openSync(faceOf('Noto Sans SC', 400).file) as fontkit.Font;
    const chars = deckCharacters(zh);
    expect([...chars].some((c) => /\p{Script=Han}/u.test(c))).toBe(true);
    for (const relId of [sc.regular!, sc.bold!]) {
      const part = fontPart(zh, relId);
      const eot = readEot(part);
      expect(eot.flags & TTEMBED_SUBSET).toBe(TTEMBED_SUBSET);
      expect(eot.familyName).toBe('Noto Sans SC');
      expect(eot.eotSize).toBe(part.length);
      expect(part.length).toBeLessThan(1_000_000); // the whole weight is over 10 MB
      const subset = fontkit.create(eot.fontData) as fontkit.Font;
      expect(subset.familyName).toBe('Noto Sans SC');
      for (const ch of chars) {
        if (full.hasGlyphForCodePoint(ch.codePointAt(0)!)) expect(subset.hasGlyphForCodePoint(ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
      }
      expect(subset.hasGlyphForCodePoint('鬱'.codePointAt(0)!)).toBe(false); // not in the deck: cut
    }
    // Every character of the deck is in one of the embedded faces.
    const latin = fontkit.create(readEot(fontPart(zh, inter.regular!)).fontData) as fontkit.Font;
    const cjk = fontkit.create(readEot(fontPart(zh, sc.regular!)).fontData) as fontkit.Font;
    const missing = [...chars].filter((c) => !latin.hasGlyphForCodePoint(c.codePointAt(0)!) && !cjk.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it('writes the same bytes on every build', async () => {
    expect((await assembleDeck(await fixtureDeck({ locale: 'zh-CN' }))).equals(zhBytes)).toBe(true);
  });
});

describe('embedded fonts (ember, en)', () => {
  it('embeds only the typefaces the deck names: heading and body faces, no CJK, no Inter', () => {
    expect(embeddedFontList(ember).map((f) => f.typeface)).toEqual(['IBM Plex Sans', 'Source Sans 3']);
    expect(Object.keys(ember).filter((p) => p.startsWith('ppt/fonts/')).length).toBeGreaterThanOrEqual(3);
    const plex = readEot(fontPart(ember, embeddedFontList(ember)[0].regular!));
    expect(plex.fullName).toBe('IBM Plex Sans Regular');
    expect(plex.flags).toBe(0);
  });
});

describe('embedded fonts (ember, en, with a Japanese answer)', () => {
  it('names and embeds a fallback East Asian face for the CJK text a Latin deck holds, cut to its characters', async () => {
    const deck = await fixtureDeck({ brand: 'ember' });
    deck.slides[0] = { ...deck.slides[0], title: `${deck.slides[0].title} ドキュメントをもっと` };
    const bytes = await assembleDeck(deck);
    const parts = unzip(bytes);
    expect(embeddedFontList(parts).map((f) => f.typeface)).toEqual(['IBM Plex Sans', 'Noto Sans SC', 'Source Sans 3']);
    const sc = readEot(fontPart(parts, embeddedFontList(parts)[1].regular!));
    expect(sc.flags).toBe(TTEMBED_SUBSET);
    const font = fontkit.create(sc.fontData) as fontkit.Font;
    for (const ch of 'ドキュメントをもっと') expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
    expect(xmlOf(parts, 'ppt/slides/slide1.xml')).toContain('<a:ea typeface="Noto Sans SC"/>');
    // The same deck without it names and embeds no CJK face (above).
    expect(Object.values(ember).some((bytes) => strFromU8(bytes).includes('Noto Sans SC'))).toBe(false);
    expect(checkPackage(bytes).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('ttfToEot', () => {
  it("copies the font's own embedding bits (ttf2eot leaves fsType 0 whatever the font says)", () => {
    const ttf = Buffer.from(readFileSync(faceOf('Inter', 400).file));
    ttf.writeUInt16BE(0x0008, findTable(ttf, 'OS/2')! + 8); // editable embedding
    expect(readEot(ttfToEot(ttf)).fsType).toBe(0x0008);
    expect(readEot(ttfToEot(ttf, { subset: true })).flags).toBe(TTEMBED_SUBSET);
  });

  it('refuses bytes that are not a TrueType font', () => {
    expect(() => ttfToEot(Buffer.from('\0\x01\0\0\0\0\0\0\0\0\0\0'))).toThrow(/no `OS\/2` table/);
  });
});
