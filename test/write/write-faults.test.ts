// File-system faults while writing (disk full, read-only, no permission) are environment errors
// (exit 3) naming the path with a hint, never INTERNAL (70), and leave no temp file (issue 12, item 4).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exitCodeFor, SurveydeckError } from '../../src/diagnostics.js';
import { tempDir } from '../helpers.js';

// Root ignores permissions and no test can fill a disk: make writeFile fail the way the kernel would,
// after writing part of the file, for paths under `faults.under`.
const faults = vi.hoisted(() => ({ code: '', under: '' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile = (async (file: string, data: Uint8Array, ...rest: unknown[]) => {
    if (faults.code && String(file).startsWith(faults.under)) {
      await real.writeFile(file, Buffer.from(data).subarray(0, 10));
      throw Object.assign(new Error(`${faults.code}: simulated, write '${file}'`), { code: faults.code, path: file });
    }
    return (real.writeFile as (...a: unknown[]) => Promise<void>)(file, data, ...rest);
  }) as typeof real.writeFile;
  return { ...real, default: { ...real, writeFile }, writeFile };
});

const { writeAtomically, writeDeck } = await import('../../src/write/write-deck.js');
const { renderCharts } = await import('../../src/charts/index.js');
const { loadBrand } = await import('../../src/load/brands.js');
const { TEMPLATES_DIR, chartRequest } = await import('../fixtures/charts/requests.js');

afterEach(() => {
  faults.code = '';
});

const HINTS: Record<string, RegExp> = {
  ENOSPC: /the disk holding .* is full/,
  EROFS: /read-only file system/,
  EACCES: /you may not write to/,
};

describe('write faults', () => {
  let brand: ReturnType<typeof loadBrand>;
  beforeAll(() => {
    brand = loadBrand(TEMPLATES_DIR, 'harbor');
  });

  it.each(Object.keys(HINTS))('%s writing a deck: OUTPUT_NOT_WRITABLE, exit 3, no temp file, no deck', async (code) => {
    const out = tempDir();
    Object.assign(faults, { code, under: out });
    const file = path.join(out, 'executive-briefing.en.pptx');
    const err = await writeDeck(file, new Uint8Array(1000)).catch((e) => e);
    expect(err).toBeInstanceOf(SurveydeckError);
    expect(err.diagnostics[0]).toMatchObject({ code: 'OUTPUT_NOT_WRITABLE', file, message: `cannot write the deck (${code})`, hint: expect.stringMatching(HINTS[code]) });
    expect(err.diagnostics[0].hint).toContain('--out');
    expect(exitCodeFor(err.diagnostics)).toBe(3);
    expect(readdirSync(out)).toEqual([]);
  });

  it.each(Object.keys(HINTS))('%s writing the chart cache: CACHE_NOT_WRITABLE, exit 3, no *.tmp left', async (code) => {
    const cacheDir = tempDir();
    Object.assign(faults, { code, under: cacheDir });
    const err = await renderCharts([chartRequest('kpi-bar', [{ share: 0.5 }], { widthIn: 2, heightIn: 1 })], { brand, cacheDir }).catch((e) => e);
    expect(err).toBeInstanceOf(SurveydeckError);
    expect(err.diagnostics[0]).toMatchObject({ code: 'CACHE_NOT_WRITABLE', message: `cannot write a chart cache entry (${code})`, hint: expect.stringMatching(HINTS[code]) });
    expect(err.diagnostics[0].file.startsWith(cacheDir)).toBe(true);
    expect(err.diagnostics[0].hint).toContain('--cache');
    expect(exitCodeFor(err.diagnostics)).toBe(3);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an unexpected errno is not dressed up as an environment error', async () => {
    const out = tempDir();
    Object.assign(faults, { code: 'EWEIRD', under: out });
    const err = await writeAtomically(path.join(out, 'x'), new Uint8Array(1), 'x').catch((e) => e);
    expect(err).not.toBeInstanceOf(SurveydeckError);
    expect(existsSync(path.join(out, 'x'))).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });
});
