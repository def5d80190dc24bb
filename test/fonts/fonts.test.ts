import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
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

describe('prepareFonts', () => {
  it('unpacks every face once, writes fonts.conf listing the folder and sets FONTCONFIG_FILE', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'surveydeck-fonts-'));
    const cache = prepareFonts({ cacheDir: dir });
    expect(process.env.FONTCONFIG_FILE).toBe(cache.fontsConfFile);
    expect(readFileSync(cache.fontsConfFile, 'utf8')).toContain(`<dir>${cache.ttfDir}</dir>`);
    const faces = Object.keys(FONT_PACKAGES).flatMap((f) => facesOf(f));
    for (const face of faces) expect(existsSync(path.join(cache.ttfDir, face.sfntName))).toBe(true);
    // CJK families come as ~100 subsets per weight.
    expect(facesOf('Noto Sans SC').filter((f) => f.weight === 400).length).toBeGreaterThan(50);
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
    // A character from a far subset file (loaded lazily) still measures as a full em.
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
