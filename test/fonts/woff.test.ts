import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { facesOf } from '../../src/fonts/catalog.js';
import { decompressWoff, isWoff, WoffFormatError } from '../../src/fonts/woff.js';

describe('decompressWoff', () => {
  it('unpacks a WOFF into a TrueType font fontkit reads, with the family name brands use', () => {
    const face = facesOf('Source Sans 3').find((f) => f.weight === 700 && f.subset.includes('-latin-'))!;
    const woff = readFileSync(face.woffFile);
    const sfnt = decompressWoff(woff, face.woffFile);
    expect(isWoff(sfnt)).toBe(false);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // flavor
    expect(sfnt.length).toBe(woff.readUInt32BE(16)); // totalSfntSize from the WOFF header
    const font = fontkit.create(sfnt) as fontkit.Font;
    expect(font.familyName).toBe('Source Sans 3');
    expect(font['OS/2'].usWeightClass).toBe(700);
    expect(font.hasGlyphForCodePoint('A'.codePointAt(0)!)).toBe(true);
  });

  it('rejects bytes that are not WOFF', () => {
    expect(() => decompressWoff(Buffer.from('not a font at all, really not one'), 'x.woff')).toThrow(WoffFormatError);
  });
});
