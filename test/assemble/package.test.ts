import { afterEach, describe, expect, it, vi } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { assembleDeck } from '../../src/assemble/index.js';
import { fixParagraphProperties, packageDeck, renumberShapeIds, setEastAsianFont } from '../../src/assemble/package.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';
import { unzip, xmlOf } from '../fixtures/assemble/ooxml.js';

afterEach(() => vi.useRealTimers());

describe('packageDeck', () => {
  it('is reproducible: the same deck gives byte-identical files, whatever the clock says', async () => {
    const deck = await fixtureDeck();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-07-09T13:14:15Z'));
    const first = await assembleDeck(deck);
    vi.setSystemTime(new Date('1999-12-31T23:59:59Z'));
    const second = await assembleDeck(deck);
    vi.useRealTimers();
    const third = await assembleDeck(deck);
    expect(second.equals(first)).toBe(true);
    expect(third.equals(first)).toBe(true);
  });

  it('writes a fixed timestamp, the deck title and a stable creator into core.xml', async () => {
    const parts = unzip(await assembleDeck(await fixtureDeck()));
    const core = xmlOf(parts, 'docProps/core.xml');
    expect(core).toMatch(/<dcterms:created[^>]*>2024-01-01T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified[^>]*>2024-01-01T00:00:00Z<\/dcterms:modified>/);
    expect(core).toContain('<dc:title>State of Open Source 2024</dc:title>');
    expect(core).toContain('<dc:creator>surveydeck</dc:creator>');
  });

  it('takes createdAt from the options', async () => {
    const parts = unzip(await assembleDeck(await fixtureDeck(), { createdAt: new Date('2025-03-04T05:06:07.890Z') }));
    expect(xmlOf(parts, 'docProps/core.xml')).toContain('>2025-03-04T05:06:07Z</dcterms:created>');
  });

  it('zips [Content_Types].xml first, deflated, with one fixed mtime', async () => {
    const bytes = await assembleDeck(await fixtureDeck());
    const names: string[] = [];
    const times = new Set<number>();
    let offset = 0;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (view.getUint32(offset, true) === 0x04034b50) {
      const method = view.getUint16(offset + 8, true);
      times.add(view.getUint32(offset + 10, true));
      const size = view.getUint32(offset + 18, true);
      const nameLength = view.getUint16(offset + 26, true);
      const extraLength = view.getUint16(offset + 28, true);
      const name = Buffer.from(bytes.subarray(offset + 30, offset + 30 + nameLength)).toString();
      names.push(name);
      if (name.endsWith('.xml')) expect(method, name).toBe(8);
      offset += 30 + nameLength + extraLength + size;
    }
    expect(names[0]).toBe('[Content_Types].xml');
    expect(names[1]).toBe('_rels/.rels');
    expect(times.size).toBe(1);
  });

  it('stores pictures as they are (zip method 0) and deflates XML, so no PNG is compressed twice', async () => {
    const deck = await fixtureDeck();
    const bytes = await assembleDeck(deck);
    const methods = new Map<string, number>();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let offset = 0; view.getUint32(offset, true) === 0x04034b50; ) {
      const size = view.getUint32(offset + 18, true);
      const nameLength = view.getUint16(offset + 26, true);
      const name = Buffer.from(bytes.subarray(offset + 30, offset + 30 + nameLength)).toString();
      methods.set(name, view.getUint16(offset + 8, true));
      offset += 30 + nameLength + view.getUint16(offset + 28, true) + size;
    }
    const pngs = [...methods.keys()].filter((n) => n.endsWith('.png'));
    expect(pngs.length).toBeGreaterThan(0);
    for (const n of pngs) expect(methods.get(n), n).toBe(0);
    for (const n of [...methods.keys()].filter((n) => n.endsWith('.xml'))) expect(methods.get(n), n).toBe(8);
    // The chart pictures are the rendered bytes, not the placeholders pptxgenjs was given.
    const media = Object.values(unzip(bytes)).map((b) => Buffer.from(b));
    for (const slide of deck.slides.filter((s) => s.chart)) expect(media.some((b) => b.equals(slide.chart!.png)), slide.title).toBe(true);
  });

  it('runs the check on the parts before zipping, and throws what it finds instead of a package', async () => {
    const deck = await fixtureDeck();
    let seen: string[] = [];
    const bytes = await assembleDeck(deck, { check: (files) => ((seen = Object.keys(files)), []) });
    expect(seen.sort()).toEqual(Object.keys(unzip(bytes)).sort());
    const problem = { severity: 'error' as const, code: 'PACKAGE_INVALID' as const, message: '[alt-text] made up', file: 'ppt/slides/slide1.xml' };
    await expect(assembleDeck(deck, { check: () => [problem] })).rejects.toMatchObject({ diagnostics: [problem] });
  });

  it('stores the logo once although every layout uses it', async () => {
    const parts = unzip(await assembleDeck(await fixtureDeck()));
    const media = Object.keys(parts).filter((p) => p.startsWith('ppt/media/'));
    // the logo, and two different charts
    expect(media).toHaveLength(3);
    const targets = Object.keys(parts)
      .filter((p) => p.endsWith('.rels'))
      .flatMap((p) => [...strFromU8(parts[p]).matchAll(/Target="\.\.\/media\/([^"]+)"/g)].map((m) => `ppt/media/${m[1]}`));
    for (const t of targets) expect(parts[t], t).toBeDefined();
    for (const [, name] of xmlOf(parts, '[Content_Types].xml').matchAll(/PartName="\/([^"]+)"/g)) expect(parts[name], name).toBeDefined();
  });

  it('renumbers shape ids 1..n within a part', () => {
    expect(renumberShapeIds('<p:cNvPr id="1" name=""/><p:cNvPr id="7" name="a"/><p:cNvPr id="7" name="b"/>')).toBe(
      '<p:cNvPr id="1" name=""/><p:cNvPr id="2" name="a"/><p:cNvPr id="3" name="b"/>',
    );
  });

  it('keeps one <a:pPr> per paragraph, the first', () => {
    const fixed = fixParagraphProperties('<a:p><a:pPr lvl="1"><a:buChar char="x"/></a:pPr><a:r><a:t>A</a:t></a:r><a:pPr indent="0"><a:buNone/></a:pPr><a:r><a:t>B</a:t></a:r></a:p>');
    expect(fixed).toBe('<a:p><a:pPr lvl="1"><a:buChar char="x"/></a:pPr><a:r><a:t>A</a:t></a:r><a:r><a:t>B</a:t></a:r></a:p>');
  });

  it('adds the East Asian typeface in schema order to self-closing and full run properties', () => {
    expect(setEastAsianFont('<a:rPr lang="ja-JP"/>', 'Noto Sans JP')).toBe('<a:rPr lang="ja-JP"><a:ea typeface="Noto Sans JP"/></a:rPr>');
    expect(setEastAsianFont('<a:rPr lang="ja-JP"><a:solidFill/><a:hlinkClick r:id="rId2"/></a:rPr>', 'Noto Sans JP')).toBe(
      '<a:rPr lang="ja-JP"><a:solidFill/><a:ea typeface="Noto Sans JP"/><a:hlinkClick r:id="rId2"/></a:rPr>',
    );
  });

  it('refuses to ship a picture whose alt text is a file name', () => {
    const zip = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'ppt/slides/slide1.xml': strToU8('<p:sld><p:pic><p:nvPicPr><p:cNvPr id="2" name="Image 1" descr="preencoded.png"/></p:nvPicPr></p:pic></p:sld>'),
    });
    expect(() => packageDeck(zip, { title: 't', lang: 'en-US' })).toThrow(/alt text `preencoded.png`/);
    expect(unzipSync(zip)['ppt/slides/slide1.xml']).toBeDefined();
  });
});
