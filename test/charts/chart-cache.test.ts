// Cached chart pictures are verified on read: a truncated, empty or changed entry is discarded,
// rendered again and reported as a warning, never shipped (issue 12, item 4).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheFile, chartCacheKey, encodeEntry, verifyEntry } from '../../src/charts/chart-cache.js';
import { renderCharts } from '../../src/charts/index.js';
import { SurveydeckError, type Diagnostic } from '../../src/diagnostics.js';
import type { Brand } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';
import { tempDir } from '../helpers.js';

let brand: Brand;
const request = chartRequest('kpi-bar', [{ share: 0.84 }], { widthIn: 4.33, heightIn: 1.1 });
let reference: Buffer;
let cacheDir: string;
let entry: string;

beforeAll(async () => {
  brand = loadBrand(TEMPLATES_DIR, 'harbor');
  cacheDir = tempDir('sd-chart-cache-');
  [{ png: reference }] = await renderCharts([request], { brand, cacheDir });
  const key = chartCacheKey(request, readFileSync(request.specFile, 'utf8'), brand);
  entry = cacheFile(cacheDir, key);
});

async function renderAgain(): Promise<{ cached: boolean; png: Buffer; warnings: Diagnostic[] }> {
  const warnings: Diagnostic[] = [];
  const [chart] = await renderCharts([request], { brand, cacheDir, onDiagnostic: (d) => warnings.push(d) });
  return { cached: chart.cached, png: chart.png, warnings };
}

describe('chart cache entries', () => {
  it('a good entry is reused without a warning', async () => {
    const again = await renderAgain();
    expect(again).toMatchObject({ cached: true, warnings: [] });
    expect(again.png.equals(reference)).toBe(true);
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2)), /does not match its hash/],
    ['emptied', () => Buffer.alloc(0), /is empty/],
    ['with one byte changed', (b: Buffer) => { const c = Buffer.from(b); c[c.length - 20] ^= 0xff; return c; }, /does not match its hash/],
    ['without its header (a bare PNG)', (b: Buffer) => b.subarray(40), /has no surveydeck header/],
  ])('an entry %s is discarded, rendered again and reported as a warning', async (_, damage, why) => {
    writeFileSync(entry, damage(readFileSync(entry)));
    const again = await renderAgain();
    expect(again.cached).toBe(false);
    expect(again.png.equals(reference)).toBe(true);
    expect(again.warnings).toEqual([expect.objectContaining({ severity: 'warning', code: 'CACHE_ENTRY_INVALID', file: entry, message: expect.stringMatching(why) })]);
    expect(verifyEntry(readFileSync(entry))).toEqual({ png: reference }); // repaired on disk
    expect((await renderAgain()).warnings).toEqual([]);
  });

  it('a picture cached by another version of the code is not reused: the code is part of the key', async () => {
    const dir = tempDir('sd-chart-cache-code-');
    const first = await renderCharts([request], { brand, cacheDir: dir, code: 'surveydeck 1 / abc' });
    expect(first[0].cached).toBe(false);
    expect((await renderCharts([request], { brand, cacheDir: dir, code: 'surveydeck 1 / abc' }))[0].cached).toBe(true);
    const upgraded = await renderCharts([request], { brand, cacheDir: dir, code: 'surveydeck 1 / def' });
    expect(upgraded[0].cached).toBe(false);
    expect(chartCacheKey(request, 'spec', brand, 'a')).not.toBe(chartCacheKey(request, 'spec', brand, 'b'));
  });

  it('an entry that is a folder is replaced', async () => {
    const dir = tempDir();
    await renderCharts([request], { brand, cacheDir: dir });
    const file = readdirSync(dir).map((f) => path.join(dir, f))[0];
    rmSync(file);
    mkdirSync(file);
    const warnings: Diagnostic[] = [];
    const [chart] = await renderCharts([request], { brand, cacheDir: dir, onDiagnostic: (d) => warnings.push(d) });
    expect(chart.png.equals(reference)).toBe(true);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/is a folder/)]);
  });

  it('entries carry the PNG hash: encode and verify agree', () => {
    expect(verifyEntry(encodeEntry(reference))).toEqual({ png: reference });
  });

  it('a cache folder that is a file, or under a file, is CACHE_NOT_WRITABLE (exit 3) before any render', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    for (const dir of [blocker, path.join(blocker, 'charts')]) {
      const err = await renderCharts([request], { brand, cacheDir: dir }).catch((e) => e);
      expect(err).toBeInstanceOf(SurveydeckError);
      expect(err.diagnostics[0]).toMatchObject({ code: 'CACHE_NOT_WRITABLE', file: dir, hint: expect.stringMatching(/is a file, not a directory.*--cache/) });
    }
    expect(existsSync(path.join(blocker, 'charts'))).toBe(false);
  });
});
