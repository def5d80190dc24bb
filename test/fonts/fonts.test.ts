import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import {
  assertBrandFonts,
  facesOf,
  FONT_PACKAGES,
  measureTextWidthPx,
  prepareFonts,
  useFontCache,
} from '../../src/fonts/index.js';
import { loadBrand } from '../../src/load/brands.js';

const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../../templates');

describe('the font registry', () => {
  it('has one whole, embeddable TrueType file per family and weight, named as brands write it', () => {
    for (const family of Object.keys(FONT_PACKAGES)) {
      const faces = facesOf(family);
      expect(faces.map((f) => f.weight)).toEqual([400, 700]);
      for (const face of faces) {
        const font = fontkit.openSync(face.file) as fontkit.Font;
        expect(font.familyName).toBe(family);
        expect(font['OS/2'].usWeightClass).toBe(face.weight);
        // fsType 0: installable embedding (no restriction bit set); the raw field, not fontkit's decoding.
        const bytes = readFileSync(face.file);
        const os2 = font.directory.tables['OS/2'];
        expect(bytes.readUInt16BE(os2.offset + 8)).toBe(0);
        // glyf outlines: what PowerPoint embeds (it refuses CFF-flavoured fonts).
        expect(font.directory.tables.glyf).toBeDefined();
        // Whole fonts, not unicode-range subsets: Latin, accents, the no-break spaces we set.
        for (const ch of 'AzÄéß€\u00a0\u2011') expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), `${family} ${ch}`).toBe(true);
      }
    }
    expect(fontkit.openSync(facesOf('Noto Sans SC')[0].file).numGlyphs).toBeGreaterThan(20_000);
  });
});

describe('prepareFonts', () => {
  it('copies one TTF per family and weight, removes stale subsets, writes fonts.conf and sets FONTCONFIG_FILE', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'surveydeck-fonts-'));
    // What caches held before fonts came whole: same-named subsets that made LibreOffice draw boxes.
    mkdirSync(path.join(dir, 'ttf'));
    writeFileSync(path.join(dir, 'ttf', 'inter-latin-400-normal.ttf'), 'stale');
    const cache = prepareFonts({ cacheDir: dir });
    expect(process.env.FONTCONFIG_FILE).toBe(cache.fontsConfFile);
    expect(readFileSync(cache.fontsConfFile, 'utf8')).toContain(`<dir>${cache.ttfDir}</dir>`);
    const faces = Object.keys(FONT_PACKAGES).flatMap((f) => facesOf(f));
    expect(readdirSync(cache.ttfDir).sort()).toEqual(faces.map((f) => f.sfntName).sort());
    for (const face of faces) expect(statSync(path.join(cache.ttfDir, face.sfntName)).size).toBe(statSync(face.file).size);
    expect(existsSync(path.join(dir, 'ttf', 'inter-latin-400-normal.ttf'))).toBe(false);
    useFontCache(cache);
  });

  it('does not rewrite unpacked fonts (idempotent across runs)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'surveydeck-fonts-'));
    const first = prepareFonts({ cacheDir: dir });
    const file = path.join(first.ttfDir, facesOf('Inter')[0].sfntName);
    const before = statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    // A new process starts with an empty memo: get a fresh module instance.
    vi.resetModules();
    const fresh = await import('../../src/fonts/font-cache.js');
    expect(fresh.prepareFonts).not.toBe(prepareFonts);
    fresh.prepareFonts({ cacheDir: dir });
    expect(statSync(file).mtimeMs).toBe(before);
  });
});

describe('measureTextWidthPx', () => {
  it('uses real advance widths, scaling with size and weight', () => {
    const w = measureTextWidthPx('WWWW', { family: 'Inter', sizePx: 16 });
    const i = measureTextWidthPx('iiii', { family: 'Inter', sizePx: 16 });
    expect(w).toBeGreaterThan(i * 2.5); // an estimate per character would make them equal
    expect(measureTextWidthPx('WWWW', { family: 'Inter', sizePx: 32 })).toBeCloseTo(w * 2, 5);
    expect(measureTextWidthPx('Revenue', { family: 'Inter', weight: 700, sizePx: 16 })).toBeGreaterThan(
      measureTextWidthPx('Revenue', { family: 'Inter', weight: 400, sizePx: 16 }),
    );
    expect(measureTextWidthPx('Revenue', { family: 'Source Sans 3', sizePx: 16 })).toBeLessThan(
      measureTextWidthPx('Revenue', { family: 'Inter', sizePx: 16 }),
    );
  });

  it('measures CJK in a Latin family with the Noto fallback, Latin with the Latin font', () => {
    const style = { family: "'Inter', 'Noto Sans SC'", sizePx: 20 };
    const cjk = measureTextWidthPx('开源项目', style);
    expect(cjk).toBeCloseTo(4 * 20, 0); // ideographs are one em wide
    expect(measureTextWidthPx('开源项目', { family: 'Inter', sizePx: 20 })).toBeCloseTo(cjk, 5);
    const mixed = measureTextWidthPx('Inter开源', style);
    expect(mixed).toBeCloseTo(measureTextWidthPx('Inter', style) + measureTextWidthPx('开源', style), 0);
    // A rare ideograph, far from the common ones, still measures as a full em.
    expect(measureTextWidthPx('鬱', { family: 'Noto Sans JP', sizePx: 10 })).toBeCloseTo(10, 0);
  });

  it('is FONT_MISSING for a family we have no files for, naming it', () => {
    try {
      measureTextWidthPx('x', { family: 'Helvetica Neue', sizePx: 12 });
      expect.unreachable();
    } catch (e) {
      expect((e as SurveydeckError).code).toBe('FONT_MISSING');
      expect((e as Error).message).toContain('Helvetica Neue');
    }
  });
});

describe('assertBrandFonts', () => {
  it('accepts both brands and names each missing family', () => {
    for (const name of ['harbor', 'ember']) expect(() => assertBrandFonts(loadBrand(TEMPLATES_DIR, name))).not.toThrow();
    const brand = loadBrand(TEMPLATES_DIR, 'harbor');
    const bad = { ...brand, fonts: { ...brand.fonts, heading: 'Futura', body: 'Gill Sans' } };
    try {
      assertBrandFonts(bad);
      expect.unreachable();
    } catch (e) {
      const d = (e as SurveydeckError).diagnostics;
      expect(d.map((x) => x.code)).toEqual(['FONT_MISSING', 'FONT_MISSING']);
      expect(d[0].message).toContain('Futura');
      expect(d[1].message).toContain('Gill Sans');
    }
  });
});
