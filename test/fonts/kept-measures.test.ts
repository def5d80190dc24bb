// Measures kept between builds (fonts/measure.ts, one file per deck under --cache/fonts/measures): text
// layouts, glyph coverage and line heights read back by a later process are the very values computed,
// and with them no font file is opened; another code version, or a damaged, truncated or edited file, is
// not used: everything is measured again, to the same values. A deck reads its own file only, unless it
// needs a measure that file lacks.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

/** Measure for `deck` in a fresh process, save, and return what was measured. */
async function measureAndSave(dir: string, text: string, deck = 'deck-a') {
  const fonts = await freshFonts();
  fonts.loadTextWidths(dir, 'code-1', [deck]);
  const { layout, glyphs } = fonts.measuringFor(deck, () => ({
    layout: fonts.layoutText(input(text)),
    glyphs: [0x41, 0x5e02, 0x1f600].map((cp) => fonts.fontHasGlyph(fonts.faceOf('Inter', 700), cp)),
  }));
  expect(fonts.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
  fonts.saveTextWidths();
  return { layout, glyphs };
}

const keptFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('measures kept between builds', () => {
  it("takes another thread's measures (exportMeasures, structured-cloned) as its own: no font opened for them, and kept in the deck's file", async () => {
    const dir = tempDir('sd-kept-');
    const text = `Measured elsewhere ${Math.random()}`;
    const worker = await freshFonts();
    worker.loadTextWidths(dir, 'code-1');
    const layout = worker.measuringFor('deck-w', () => worker.layoutText(input(text)));
    const exported = structuredClone(worker.exportMeasures());
    expect(Object.keys(exported)).toEqual(['deck-w']);

    const main = await freshFonts();
    main.loadTextWidths(dir, 'code-1', ['deck-w']);
    main.adoptMeasures(exported);
    expect(main.measuringFor('deck-w', () => main.layoutText(input(text)))).toStrictEqual(layout);
    expect(main.keptMeasuresStats.fontsOpened).toBe(0);
    main.saveTextWidths();
    expect(keptFiles(dir)).toHaveLength(1);

    const later = await freshFonts();
    later.loadTextWidths(dir, 'code-1', ['deck-w']);
    expect(later.measuringFor('deck-w', () => later.layoutText(input(text)))).toStrictEqual(layout);
    expect(later.keptMeasuresStats.fontsOpened).toBe(0);
  });

  it('a later process gets the same layout and glyph coverage without opening a font file', async () => {
    const dir = tempDir('sd-kept-');
    const text = `Kept layout ${Math.random()}`;
    const first = await measureAndSave(dir, text);
    expect(first.layout.lineCount).toBeGreaterThan(2);
    expect(first.glyphs).toEqual([true, false, false]);
    expect(keptFiles(dir)).toHaveLength(1);

    const later = await freshFonts();
    later.loadTextWidths(dir, 'code-1', ['deck-a']);
    expect(later.keptMeasuresStats).toEqual({ loaded: 1, damaged: 0, fontsOpened: 0 });
    expect(later.measuringFor('deck-a', () => later.layoutText(input(text)))).toStrictEqual(first.layout);
    expect([0x41, 0x5e02, 0x1f600].map((cp) => later.fontHasGlyph(later.faceOf('Inter', 700), cp))).toEqual(first.glyphs);
    expect(later.keptMeasuresStats.fontsOpened).toBe(0);
    // Other text is measured: the fonts open then.
    later.layoutText(input(`${text} and more`));
    expect(later.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);

    const otherCode = await freshFonts();
    otherCode.loadTextWidths(dir, 'code-2', ['deck-a']);
    expect(otherCode.layoutText(input(text))).toStrictEqual(first.layout);
    expect(otherCode.keptMeasuresStats).toMatchObject({ loaded: 0, damaged: 0 });
    expect(otherCode.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
  });

  it('a damaged file (an edited figure, truncated, not the format) is not used: the text is measured again, to the same values', async () => {
    const dir = tempDir('sd-kept-');
    const text = `Damaged layout ${Math.random()}`;
    const first = await measureAndSave(dir, text);
    const file = path.join(dir, keptFiles(dir)[0]);
    const good = readFileSync(file, 'utf8');
    const height = JSON.stringify(first.layout.heightPt);
    expect(good).toContain(height);
    const damages = [good.replace(height, String(first.layout.heightPt / 2)), good.slice(0, good.length - 100), good.split('\n')[1]];
    for (const damaged of damages) {
      writeFileSync(file, damaged);
      const later = await freshFonts();
      later.loadTextWidths(dir, 'code-1', ['deck-a']);
      expect(later.keptMeasuresStats).toMatchObject({ loaded: 0, damaged: 1 });
      expect(later.layoutText(input(text))).toStrictEqual(first.layout);
      expect(later.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
    }
  });

  it("a deck reads its own file; a measure it lacks is looked up in the other decks' files before any font opens", async () => {
    const dir = tempDir('sd-kept-');
    const ownText = `Own deck ${Math.random()}`;
    const otherText = `Other deck ${Math.random()}`;
    const own = await measureAndSave(dir, ownText, 'deck-a');
    const other = await measureAndSave(dir, otherText, 'deck-b');
    expect(keptFiles(dir)).toHaveLength(2);

    const later = await freshFonts();
    later.loadTextWidths(dir, 'code-1', ['deck-a']);
    expect(later.measuringFor('deck-a', () => later.layoutText(input(ownText)))).toStrictEqual(own.layout);
    expect(later.keptMeasuresStats).toEqual({ loaded: 1, damaged: 0, fontsOpened: 0 });
    // deck-a now shows deck-b's text: deck-b's file is read, nothing measured, and deck-a keeps it from now on.
    expect(later.measuringFor('deck-a', () => later.layoutText(input(otherText)))).toStrictEqual(other.layout);
    expect(later.keptMeasuresStats).toEqual({ loaded: 2, damaged: 0, fontsOpened: 0 });
    later.saveTextWidths();

    const third = await freshFonts();
    third.loadTextWidths(dir, 'code-1', ['deck-a']);
    expect(third.measuringFor('deck-a', () => [third.layoutText(input(ownText)), third.layoutText(input(otherText))])).toStrictEqual([own.layout, other.layout]);
    expect(third.keptMeasuresStats).toEqual({ loaded: 1, damaged: 0, fontsOpened: 0 });
  });

  it("reads other decks' files newest first, and no more of them than its limit", async () => {
    const dir = tempDir('sd-kept-');
    const oldText = `Older deck ${Math.random()}`;
    const newText = `Newer deck ${Math.random()}`;
    const older = await measureAndSave(dir, oldText, 'deck-old');
    const [oldFile] = keptFiles(dir);
    utimesSync(path.join(dir, oldFile), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const newer = await measureAndSave(dir, newText, 'deck-new');
    const newFile = keptFiles(dir).find((f) => f !== oldFile)!;

    // Room for the newer file only.
    const later = await freshFonts();
    later.loadTextWidths(dir, 'code-1', ['deck-third'], statSync(path.join(dir, newFile)).size);
    expect(later.measuringFor('deck-third', () => later.layoutText(input(newText)))).toStrictEqual(newer.layout);
    expect(later.keptMeasuresStats).toEqual({ loaded: 1, damaged: 0, fontsOpened: 0 });
    expect(later.measuringFor('deck-third', () => later.layoutText(input(oldText)))).toStrictEqual(older.layout);
    expect(later.keptMeasuresStats.loaded).toBe(1);
    expect(later.keptMeasuresStats.fontsOpened).toBeGreaterThan(0);
  });
});
