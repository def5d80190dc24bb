// Text is measured once: a string measured at one size is not laid out again at another, and the
// font that draws each character is looked up once per family chain.
import { describe, expect, it, vi } from 'vitest';
import { faceForCodePoint, measureTextWidthPx } from '../../src/fonts/index.js';
import { faceOf } from '../../src/fonts/catalog.js';
import { faceBytes, loadFace } from '../../src/fonts/measure.js';
import { releaseHarfBuzz, subsetFont } from '../../src/fonts/subset.js';

describe('measurement caches', () => {
  it('lays a string out once per font list and weight, whatever the size', () => {
    const inter = loadFace(faceOf('Inter', 400));
    const layout = vi.spyOn(inter, 'layout');
    const text = `Measured once ${Math.random()}`;
    const at12 = measureTextWidthPx(text, { family: 'Inter', sizePx: 12 });
    const at30 = measureTextWidthPx(text, { family: 'Inter', sizePx: 30 });
    expect(layout).toHaveBeenCalledTimes(1);
    expect(at30).toBeCloseTo((at12 * 30) / 12, 9);
    // Another weight is another font; another string is laid out again.
    measureTextWidthPx(text, { family: 'Inter', sizePx: 12, weight: 700 });
    measureTextWidthPx(`${text}!`, { family: 'Inter', sizePx: 12 });
    expect(layout).toHaveBeenCalledTimes(2);
    layout.mockRestore();
  });

  it('finds the face of a code point once per family chain and weight, the same face as before', () => {
    const noto = loadFace(faceOf('Noto Sans SC', 400));
    const hasGlyph = vi.spyOn(noto, 'hasGlyphForCodePoint');
    const chain = ['Inter', 'Noto Sans SC'] as const;
    const first = faceForCodePoint(0x9f8d, chain, 400); // 龍: not in Inter, in Noto Sans SC; not asked before in this file
    const again = faceForCodePoint(0x9f8d, chain, 400);
    expect(first?.family).toBe('Noto Sans SC');
    expect(again).toBe(first);
    expect(hasGlyph.mock.calls.filter(([cp]) => cp === 0x9f8d)).toHaveLength(1);
    expect(faceForCodePoint(0x41, chain, 700)?.family).toBe('Inter');
    hasGlyph.mockRestore();
  });

  it('reads a face once: the measurer parses the very bytes the embedder cuts its subsets from', () => {
    const face = faceOf('Noto Sans JP', 400);
    const font = loadFace(face) as unknown as { stream: { buffer: Buffer } };
    expect(font.stream.buffer).toBe(faceBytes(face));
    expect(faceBytes(face)).toBe(faceBytes(face));
  });

  it('cuts the same subset with a fresh HarfBuzz after letting the last one go', () => {
    const ttf = faceBytes(faceOf('Noto Sans JP', 400));
    const codePoints = [...'日本語のテキスト, 2024 – 42 %'].map((c) => c.codePointAt(0)!);
    const first = subsetFont(ttf, codePoints);
    releaseHarfBuzz();
    const again = subsetFont(ttf, codePoints);
    expect(again.equals(first)).toBe(true);
    expect(subsetFont(ttf, codePoints.slice(0, 3)).length).toBeLessThan(first.length);
  });
});
