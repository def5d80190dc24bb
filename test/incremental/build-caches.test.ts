// Caches a forced rebuild reads under --cache instead of working again: the text widths fit measured
// and the converted brand logo. Each is read back as the very value (bits, bytes) first computed, and
// is used: a later build (a fresh module, as in a new process) neither lays the text out nor loads sharp.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEMPLATES, tempDir } from '../helpers.js';

afterEach(() => {
  vi.doUnmock('sharp');
  vi.resetModules();
});

/** A fresh copy of the font modules, as a later build's process has. */
async function freshFonts() {
  vi.resetModules();
  const [measure, catalog] = await Promise.all([import('../../src/fonts/measure.js'), import('../../src/fonts/catalog.js')]);
  return { ...measure, faceOf: catalog.faceOf };
}

describe('text widths kept between builds', () => {
  it('reads back the width measured, bit for bit, without laying the text out; another code version measures again', async () => {
    const dir = tempDir('sd-widths-');
    const text = `Kept between builds ${Math.random()}`;
    const style = { family: 'Inter', sizePx: 17, weight: 700 };

    const first = await freshFonts();
    first.loadTextWidths(dir, 'code-1', ['deck']);
    const measured = first.measuringFor('deck', () => first.measureTextWidthPx(text, style));
    expect(measured).toBeGreaterThan(0);
    first.saveTextWidths();

    const later = await freshFonts();
    const layout = vi.spyOn(later.loadFace(later.faceOf('Inter', 700)), 'layout');
    later.loadTextWidths(dir, 'code-1', ['deck']);
    expect(later.measuringFor('deck', () => later.measureTextWidthPx(text, style))).toBe(measured);
    expect(layout).not.toHaveBeenCalled();

    const otherCode = await freshFonts();
    const relayout = vi.spyOn(otherCode.loadFace(otherCode.faceOf('Inter', 700)), 'layout');
    otherCode.loadTextWidths(dir, 'code-2', ['deck']);
    expect(otherCode.measureTextWidthPx(text, style)).toBe(measured);
    expect(relayout).toHaveBeenCalled();
  });
});

describe('converted logo kept between builds', () => {
  const logo = path.join(TEMPLATES, 'brands', 'harbor', 'logo.svg');

  it('reads back the converted PNG byte for byte, without loading sharp', async () => {
    const dir = tempDir('sd-logos-');
    vi.resetModules();
    const first = await import('../../src/assemble/logo.js');
    first.useLogoCache(dir, 'code-1');
    const converted = await first.logoDataUri(logo);
    const kept = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(kept).toHaveLength(1);
    expect(`image/png;base64,${readFileSync(path.join(dir, kept[0])).toString('base64')}`).toBe(converted);

    // A later build in which sharp cannot even be loaded gets the same bytes from the cache.
    vi.resetModules();
    vi.doMock('sharp', () => {
      throw new Error('sharp was loaded');
    });
    const later = await import('../../src/assemble/logo.js');
    later.useLogoCache(dir, 'code-1');
    expect(await later.logoDataUri(logo)).toBe(converted);

    // What it returns is the cached file (a marker PNG put there stands in for the logo)…
    const marker = Buffer.concat([readFileSync(path.join(dir, kept[0])).subarray(0, 8), Buffer.from('marker')]);
    writeFileSync(path.join(dir, kept[0]), marker);
    vi.resetModules();
    const tampered = await import('../../src/assemble/logo.js');
    tampered.useLogoCache(dir, 'code-1');
    expect(await tampered.logoDataUri(logo)).toBe(`image/png;base64,${marker.toString('base64')}`);
    // …and another code version converts again rather than trusting it (sharp is needed, and missing).
    vi.resetModules();
    const otherCode = await import('../../src/assemble/logo.js');
    otherCode.useLogoCache(dir, 'code-2');
    await expect(otherCode.logoDataUri(logo)).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ code: 'INVALID_BRAND' })] });
  });
});
