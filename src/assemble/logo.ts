// Assemble stage: the brand logo as a PNG data URI for pptxgenjs. Reads the logo file and converts SVG
// with sharp; cached in memory per path so a build of many decks converts each logo once.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { error } from '../diagnostics.js';

/** Logos are drawn at most ~0.8 in wide; 480 px keeps them sharp at 300+ ppi. */
const LOGO_WIDTH_PX = 480;

const cache = new Map<string, Promise<string>>();

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
    const png = await sharp(source, { density: 300, limitInputPixels: LOGO_MAX_INPUT_PIXELS })
      .resize({ width: LOGO_WIDTH_PX, withoutEnlargement: false })
      .png({ compressionLevel: 9 })
      .toBuffer();
    return `image/png;base64,${png.toString('base64')}`;
  } catch (e) {
    // A logo that passed the load checks but that sharp cannot decode (a corrupt PNG, a broken SVG).
    throw error('INVALID_BRAND', `the logo cannot be read as a picture: ${String((e as Error).message).split('\n')[0].slice(0, 200)}`, { file: logoPath }, e);
  }
}
