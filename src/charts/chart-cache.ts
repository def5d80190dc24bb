// Charts stage: the disk cache of rendered PNGs, keyed by everything that changes the picture.
// Reads and writes files under the cache folder (atomic rename).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Brand, ChartRequest } from '../ir.js';

/** Bump when the rendering changes (config, fonts, wrapping) so old PNGs are not reused. */
export const CHART_RENDERER_VERSION = 'charts-2';

export function chartCacheKey(request: ChartRequest, specText: string, brand: Brand): string {
  const material = JSON.stringify({
    renderer: CHART_RENDERER_VERSION,
    spec: specText,
    rows: request.rows,
    labels: request.labels,
    brand,
    locale: request.locale,
    widthIn: request.widthIn,
    heightIn: request.heightIn,
  });
  return createHash('sha256').update(material).digest('hex');
}

function cacheFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, `${key}.png`);
}

export async function readCachedPng(cacheDir: string, key: string): Promise<Buffer | undefined> {
  try {
    return await readFile(cacheFile(cacheDir, key));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function writeCachedPng(cacheDir: string, key: string, png: Buffer): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = cacheFile(cacheDir, key);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, png);
  await rename(tmp, file);
}
