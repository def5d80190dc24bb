// Assemble stage: the brand logo as a PNG data URI for pptxgenjs. Reads the logo file and converts SVG
// with sharp; cached in memory per path so a build of many decks converts each logo once.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

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

async function convert(logoPath: string): Promise<string> {
  const source = await readFile(logoPath);
  const png = await sharp(source, { density: 300 })
    .resize({ width: LOGO_WIDTH_PX, withoutEnlargement: false })
    .png({ compressionLevel: 9 })
    .toBuffer();
  return `image/png;base64,${png.toString('base64')}`;
}
