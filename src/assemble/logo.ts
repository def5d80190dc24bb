// Assemble stage: the brand logo as a PNG data URI for pptxgenjs. Reads the logo file and converts SVG
// with sharp; cached in memory per path so a build of many decks converts each logo once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { error } from '../diagnostics.js';
import { CACHE, writeAtomically } from '../write/write-deck.js';

/** Logos are drawn at most ~0.8 in wide; 480 px keeps them sharp at 300+ ppi. */
const LOGO_WIDTH_PX = 480;

const cache = new Map<string, Promise<string>>();

/** Where converted logos are kept between builds, and the code version they are valid for. */
let diskCache: { dir: string; version: string } | undefined;

/**
 * Keep converted logos in `dir` (under --cache), keyed by the logo's bytes and `version` (the code
 * and its dependencies, sharp among them): a rebuild whose charts are cached then never loads sharp.
 */
export function useLogoCache(dir: string, version: string): void {
  diskCache = { dir, version };
}

/** `image/png;base64,...` (pptxgenjs wants the data URI without the `data:` prefix). */
export function logoDataUri(logoPath: string): Promise<string> {
  let hit = cache.get(logoPath);
  if (!hit) {
    hit = convert(logoPath);
    cache.set(logoPath, hit);
    hit.catch(() => cache.delete(logoPath));
  }
  return hit;
}

/** Pixels sharp may decode for a logo (the load stage already refused more than 10000 on a side). */
const LOGO_MAX_INPUT_PIXELS = 100_000_000;

async function convert(logoPath: string): Promise<string> {
  try {
    const source = await readFile(logoPath);
    const key = diskCache && createHash('sha256').update(`${diskCache.version}\u0000${LOGO_WIDTH_PX}\u0000`).update(source).digest('hex');
    const file = diskCache && path.join(diskCache.dir, `${key}.png`);
    const kept = file ? await readFile(file).catch(() => undefined) : undefined;
    if (kept && kept.subarray(0, 8).equals(PNG_SIGNATURE)) return `image/png;base64,${kept.toString('base64')}`;
    const { default: sharp } = await import('sharp');
    const png = await sharp(source, { density: 300, limitInputPixels: LOGO_MAX_INPUT_PIXELS })
      .resize({ width: LOGO_WIDTH_PX, withoutEnlargement: false })
      .png({ compressionLevel: 9 })
      .toBuffer();
    if (file) await keep(file, png);
    return `image/png;base64,${png.toString('base64')}`;
  } catch (e) {
    // A logo that passed the load checks but that sharp cannot decode (a corrupt PNG, a broken SVG).
    throw error('INVALID_BRAND', `the logo cannot be read as a picture: ${String((e as Error).message).split('\n')[0].slice(0, 200)}`, { file: logoPath }, e);
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Write a converted logo for the next build; a cache that cannot be written only costs that build's time. */
async function keep(file: string, png: Buffer): Promise<void> {
  await writeAtomically(file, png, 'a converted logo', CACHE).catch(() => undefined);
}
