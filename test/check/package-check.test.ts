import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleDeck } from '../../src/assemble/index.js';
import { checkPackage, checkParts } from '../../src/check/package-check.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';

let good: Buffer;

beforeAll(async () => {
  good = await assembleDeck(await fixtureDeck());
});

/** Unzip our own deck, let `edit` break it, zip it again. */
function broken(edit: (files: Record<string, Uint8Array>, xml: (name: string, change: (s: string) => string) => void) => void): Uint8Array {
  const files = unzipSync(good);
  edit(files, (name, change) => {
    const before = strFromU8(files[name]);
    const after = change(before);
    if (after === before) throw new Error(`edit of ${name} changed nothing`);
    files[name] = strToU8(after);
  });
  return zipSync(files);
}

const CHART_SLIDE = 'ppt/slides/slide4.xml';

describe('checkPackage', () => {
  it('finds nothing wrong with our own output, for both brands and an East Asian deck', async () => {
    expect(checkPackage(good)).toEqual([]);
    expect(checkPackage(await assembleDeck(await fixtureDeck({ brand: 'ember' })))).toEqual([]);
    expect(checkPackage(await assembleDeck(await fixtureDeck({ locale: 'zh-CN' })))).toEqual([]);
  });

  it('finds the same in the parts before zipping (what the build checks) as in the finished package', () => {
    const files = unzipSync(good);
    files[CHART_SLIDE] = strToU8(strFromU8(files[CHART_SLIDE]).replace(/(<p:cNvPr\b[^>]*?\sid=")3"/, '$12"'));
    const found = checkParts(files);
    expect(found).toEqual([expect.objectContaining({ file: CHART_SLIDE, message: '[shape-ids] shape id 2 is used 2 times' })]);
    expect(checkPackage(zipSync(files))).toEqual(found);
  });

  it('finds a part without a content type', () => {
    const bytes = broken((_, xml) => xml('[Content_Types].xml', (s) => s.replace(/<Default Extension="png"[^>]*\/>/, '')));
    const found = checkPackage(bytes);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.code === 'PACKAGE_INVALID' && d.file?.startsWith('ppt/media/') && d.message.includes('[content-types]'))).toBe(true);
  });

  it('finds a relationship whose target is missing', () => {
    const bytes = broken((_, xml) =>
      xml('ppt/slides/_rels/slide4.xml.rels', (s) => s.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/gone.png"/></Relationships>')),
    );
    expect(checkPackage(bytes)).toEqual([
      expect.objectContaining({ code: 'PACKAGE_INVALID', file: 'ppt/slides/_rels/slide4.xml.rels', message: '[relationships] relationship rId99 points at `../media/gone.png`, which is not in the package' }),
    ]);
  });

  it('finds a shape id used twice on a slide', () => {
    const bytes = broken((_, xml) => xml(CHART_SLIDE, (s) => s.replace(/(<p:cNvPr\b[^>]*?\sid=")3"/, '$12"')));
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: CHART_SLIDE, message: '[shape-ids] shape id 2 is used 2 times' })]);
  });

  it('finds the same picture stored twice', () => {
    const bytes = broken((files, xml) => {
      const chart = /Target="\.\.\/media\/([^"]+)"/.exec(strFromU8(files['ppt/slides/_rels/slide4.xml.rels']))![1];
      files['ppt/media/zz-copy.png'] = files[`ppt/media/${chart}`];
      xml('ppt/slides/_rels/slide4.xml.rels', (s) => s.replace(`../media/${chart}`, '../media/zz-copy.png'));
    });
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: 'ppt/media/zz-copy.png', message: expect.stringMatching(/^\[duplicate-media\]/) })]);
  });

  it('finds a picture without alt text', () => {
    const bytes = broken((_, xml) => xml(CHART_SLIDE, (s) => s.replace(/(<p:pic>[\s\S]*?<p:cNvPr\b[^>]*?)\sdescr="[^"]*"/, '$1')));
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: CHART_SLIDE, message: '[alt-text] picture `Chart` has no alt text' })]);
  });

  it('finds a picture whose alt text is a file name', () => {
    const bytes = broken((_, xml) => xml(CHART_SLIDE, (s) => s.replace(/(<p:pic>[\s\S]*?<p:cNvPr\b[^>]*?\sdescr=")[^"]*"/, '$1preencoded.png"')));
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: CHART_SLIDE, message: '[alt-text] picture `Chart` has a file name as alt text: `preencoded.png`' })]);
  });

  it('finds a slide whose title placeholder is empty', () => {
    const bytes = broken((_, xml) => xml(CHART_SLIDE, (s) => s.replace(/<a:t>Larger organisations[^<]*<\/a:t>/, '<a:t> </a:t>')));
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: CHART_SLIDE, message: '[slide-title] has no title placeholder with text' })]);
  });

  it('finds an embedded font whose part is not an EOT container, a typeface listed twice and a font part listed nowhere', () => {
    const bytes = broken((files, xml) => {
      const eot = Buffer.from(files['ppt/fonts/font1.fntdata']);
      eot.writeUInt16LE(0x1234, 34); // MagicNumber
      files['ppt/fonts/font1.fntdata'] = eot;
      files['ppt/fonts/font9.fntdata'] = files['ppt/fonts/font2.fntdata'];
      xml('ppt/presentation.xml', (s) => s.replace(/(<p:embeddedFontLst>)(<p:embeddedFont>[\s\S]*?<\/p:embeddedFont>)/, '$1$2$2'));
    });
    expect(checkPackage(bytes).map((d) => `${d.file}: ${d.message}`)).toEqual([
      'ppt/fonts/font1.fntdata: [embedded-fonts] is not an EOT container PowerPoint reads (EOTSize, MagicNumber 0x504C, Version 0x00020001/2, FontDataSize)',
      'ppt/presentation.xml: [embedded-fonts] typeface `Inter` is listed twice in <p:embeddedFontLst>',
      'ppt/fonts/font1.fntdata: [embedded-fonts] is not an EOT container PowerPoint reads (EOTSize, MagicNumber 0x504C, Version 0x00020001/2, FontDataSize)',
      'ppt/fonts/font9.fntdata: [embedded-fonts] is in the package but listed in no <p:embeddedFont>',
    ]);
  });

  it('finds runs without lang in slides and notes', () => {
    const bytes = broken((_, xml) => xml('ppt/notesSlides/notesSlide1.xml', (s) => s.replace(/ lang="en-US"/g, '')));
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: 'ppt/notesSlides/notesSlide1.xml', message: expect.stringMatching(/^\[run-lang\] \d+ run\(s\) without `lang`/) })]);
  });

  it('finds a paragraph with a second <a:pPr>, as pptxgenjs writes them', () => {
    const bytes = broken((_, xml) => xml('ppt/slides/slide6.xml', (s) => s.replace(/(<a:t>Program offices are <\/a:t><\/a:r>)/, '$1<a:pPr indent="0" marL="0"><a:buNone/></a:pPr>')));
    expect(checkPackage(bytes)).toEqual([expect.objectContaining({ file: 'ppt/slides/slide6.xml', message: expect.stringMatching(/^\[paragraph-properties\]/) })]);
  });

  it('finds a part that is not well-formed XML, with its line and column', () => {
    const bytes = broken((_, xml) => xml(CHART_SLIDE, (s) => s.replace('<a:t>Larger organisations', '<a:t>R&D <b>Larger organisations')));
    const problems = checkPackage(bytes).filter((d) => d.message.startsWith('[well-formed]'));
    expect(problems).toEqual([expect.objectContaining({ file: CHART_SLIDE, message: expect.stringMatching(/^\[well-formed\] is not well-formed XML: /), line: expect.any(Number), column: expect.any(Number) })]);
  });

  it.each([
    ['a raw control character in slide text', CHART_SLIDE, (s: string) => s.replace('<a:t>Larger organisations', '<a:t>Larger\u0001 organisations')],
    ['an escape character in notes', 'ppt/notesSlides/notesSlide1.xml', (s: string) => s.replace(/<a:t>/, '<a:t>\u001b[31m')],
    ['a character reference &#x1;', CHART_SLIDE, (s: string) => s.replace('<a:t>Larger organisations', '<a:t>Larger&#x1; organisations')],
    ['U+FFFE in the document properties', 'docProps/core.xml', (s: string) => s.replace(/<dc:title>/, '<dc:title>\uFFFE')],
  ])('finds %s with a conforming XML parser (the old validator passed it)', (_, part, change) => {
    const bytes = broken((_, xml) => xml(part, change));
    const problems = checkPackage(bytes).filter((d) => d.message.startsWith('[well-formed]'));
    expect(problems).toEqual([expect.objectContaining({ file: part, line: expect.any(Number), column: expect.any(Number) })]);
    expect(problems[0].message).toMatch(/disallowed character|malformed character entity/);
  });

  it('finds a part that is not UTF-8', () => {
    const bytes = broken((files) => {
      files[CHART_SLIDE] = Uint8Array.from([...files[CHART_SLIDE].subarray(0, 200), 0xff, ...files[CHART_SLIDE].subarray(200)]);
    });
    expect(checkPackage(bytes).filter((d) => d.message.startsWith('[well-formed]'))).toEqual([
      expect.objectContaining({ file: CHART_SLIDE, message: '[well-formed] is not well-formed XML: its bytes are not valid UTF-8' }),
    ]);
  });

  it('reports a file that is not a zip', () => {
    expect(checkPackage(strToU8('not a zip'))).toEqual([expect.objectContaining({ code: 'PACKAGE_INVALID' })]);
  });
});
