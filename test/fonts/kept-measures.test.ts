// Measures kept between builds (fonts/measure.ts, one file under --cache/fonts): text layouts, glyph
// coverage and line heights read back by a later process are the very values computed, and with them
// no font file is opened; another code version, or a damaged, truncated or edited file, is not used:
// everything is measured again, to the same values.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { TextLayoutInput } from '../../src/fonts/layout-text.js';
import { tempDir } from '../helpers.js';

/** Fresh font modules, as a later build's process has. */
async function freshFonts() {
  vi.resetModules();
  const [measure, layout, catalog] = await Promise.all([import('../../src/fonts/measure.js'), import('../../src/fonts/layout-text.js'), import('../../src/fonts/catalog.js')]);
  return { ...measure, ...layout, faceOf: catalog.faceOf };
}

const input = (text: string): TextLayoutInput => ({
  paragraphs: [{ runs: [{ text }, { text: ' 市场 Übersicht', bold: true }], bulletLevel: 0 }, { runs: [{ text: 'A second paragraph that wraps over more than one line of the box' }], bulletLevel: 1 }],
  fontFamily: '"Inter", "Noto Sans SC"',
  fontSizePt: 18,
  widthPt: 160,
  bulletIndentPt: 22,
  paraSpaceAfterPt: 6,
  locale: 'en',
});

/** Measure in a fresh process, save, and return what was measured. */
async function measureAndSave(file: string, text: string) {
  const fonts = await freshFonts();
  fonts.loadTextWidths(file, 'code-1');
  const layout = fonts.layoutText(input(text));
  const glyphs = [0x41, 0x5e02, 0x1f600].map((cp) => fonts.fontHasGlyph(fonts.faceOf('Inter', 700), cp));
  expect(fonts.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
  fonts.saveTextWidths();
  return { layout, glyphs };
}

describe('measures kept between builds', () => {
  it('a later process gets the same layout and glyph coverage without opening a font file', async () => {
    const file = path.join(tempDir('sd-kept-'), 'text-widths.json');
    const text = `Kept layout ${Math.random()}`;
    const first = await measureAndSave(file, text);
    expect(first.layout.lineCount).toBeGreaterThan(2);
    expect(first.glyphs).toEqual([true, false, false]);

    const later = await freshFonts();
    later.loadTextWidths(file, 'code-1');
    expect(later.keptMeasuresStats).toEqual({ loaded: 1, damaged: 0, fontsOpened: 0 });
    expect(later.layoutText(input(text))).toStrictEqual(first.layout);
    expect([0x41, 0x5e02, 0x1f600].map((cp) => later.fontHasGlyph(later.faceOf('Inter', 700), cp))).toEqual(first.glyphs);
    expect(later.keptMeasuresStats.fontsOpened).toBe(0);
    // Other text is measured: the fonts open then.
    later.layoutText(input(`${text} and more`));
    expect(later.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);

    const otherCode = await freshFonts();
    otherCode.loadTextWidths(file, 'code-2');
    expect(otherCode.layoutText(input(text))).toStrictEqual(first.layout);
    expect(otherCode.keptMeasuresStats).toMatchObject({ loaded: 0, damaged: 0 });
    expect(otherCode.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
  });

  it('a damaged file (an edited figure, truncated, not the format) is not used: the text is measured again, to the same values', async () => {
    const file = path.join(tempDir('sd-kept-'), 'text-widths.json');
    const text = `Damaged layout ${Math.random()}`;
    const first = await measureAndSave(file, text);
    const good = readFileSync(file, 'utf8');
    const height = JSON.stringify(first.layout.heightPt);
    expect(good).toContain(height);
    const damages = [good.replace(height, String(first.layout.heightPt / 2)), good.slice(0, good.length - 100), good.split('\n')[1]];
    for (const damaged of damages) {
      writeFileSync(file, damaged);
      const later = await freshFonts();
      later.loadTextWidths(file, 'code-1');
      expect(later.keptMeasuresStats).toMatchObject({ loaded: 0, damaged: 1 });
      expect(later.layoutText(input(text))).toStrictEqual(first.layout);
      expect(later.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
    }
  });
});
