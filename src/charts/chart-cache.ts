// Charts stage: the disk cache of rendered PNGs, keyed by everything that changes the picture.
// Reads and writes files under the cache folder (atomic rename). Each entry carries the SHA-256 of
// its PNG, checked on every read: a truncated, empty or edited entry is never shipped in a deck.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { error } from '../diagnostics.js';
import type { Brand, ChartRequest } from '../ir.js';
import { CACHE, hintFor, notWritableCode, writeAtomically } from '../write/write-deck.js';

/** Bump when the rendering changes (config, fonts, wrapping) so old PNGs are not reused. */
export const CHART_RENDERER_VERSION = 'charts-8';

/** `code`: the version of the code drawing (a build passes it; the renderer version alone relied on a bump). */
export function chartCacheKey(request: ChartRequest, specText: string, brand: Brand, code = ''): string {
  const material = JSON.stringify({
    renderer: CHART_RENDERER_VERSION,
    code,
    spec: specText,
    rows: request.rows,
    labels: request.labels,
    brand,
    locale: request.locale,
    widthIn: request.widthIn,
    heightIn: request.heightIn,
    type: request.type ?? null,
    shareMax: request.shareMax ?? null,
    shareScaleCountTexts: request.shareScaleCountTexts ?? null,
    shortLabels: request.shortLabels ?? null,
  });
  return createHash('sha256').update(material).digest('hex');
}

/** Entry layout: MAGIC (8 bytes) · SHA-256 of the PNG (32 bytes) · the PNG. */
const MAGIC = Buffer.from('sdchart1');
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + DIGEST_BYTES;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `.entry`, not `.png`: entries written before they carried a hash are simply never read. */
export function cacheFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, `${key}.entry`);
}

export type CacheRead = { png: Buffer } | { invalid: string } | undefined;

/** The cached PNG; `{invalid}` (with why) for an entry that fails its hash; undefined for none. */
export async function readCachedPng(cacheDir: string, key: string): Promise<CacheRead> {
  const file = cacheFile(cacheDir, key);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') return { invalid: 'is a folder' };
    throw error('CACHE_NOT_WRITABLE', `cannot read a chart cache entry (${code})`, { file, hint: hintFor(code ?? '', cacheDir, '--cache') }, e);
  }
  return verifyEntry(bytes);
}

export function verifyEntry(bytes: Buffer): { png: Buffer } | { invalid: string } {
  if (bytes.length === 0) return { invalid: 'is empty' };
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return { invalid: 'has no surveydeck header' };
  const png = bytes.subarray(HEADER_BYTES);
  const digest = createHash('sha256').update(png).digest();
  if (!digest.equals(bytes.subarray(MAGIC.length, HEADER_BYTES))) return { invalid: `does not match its hash (${png.length} bytes of PNG; truncated or changed)` };
  if (!png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return { invalid: 'is not a PNG' };
  return { png };
}

export function encodeEntry(png: Buffer): Buffer {
  return Buffer.concat([MAGIC, createHash('sha256').update(png).digest(), png]);
}

export async function writeCachedPng(cacheDir: string, key: string, png: Buffer): Promise<void> {
  await writeAtomically(cacheFile(cacheDir, key), encodeEntry(png), 'a chart cache entry', CACHE);
}

/** Remove a bad entry so the next read does not find it again. */
export async function discardCachedPng(cacheDir: string, key: string): Promise<void> {
  const file = cacheFile(cacheDir, key);
  try {
    await rm(file, { recursive: true, force: true });
  } catch (e) {
    const code = notWritableCode(e) ?? (e as NodeJS.ErrnoException).code ?? '';
    throw error('CACHE_NOT_WRITABLE', `cannot remove a bad chart cache entry (${code})`, { file, hint: hintFor(code, cacheDir, '--cache') }, e);
  }
}
