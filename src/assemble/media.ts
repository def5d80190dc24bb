// Assemble stage: chart pictures reach the package without a base64 round trip. pptxgenjs only takes
// images as data URIs (it base64-decodes them again in JS while zipping), so a builder hands it a tiny
// placeholder PNG that names the picture's hash, and the package step swaps the real bytes in. Pure.
import { error } from '../diagnostics.js';

/** A valid 1×1 PNG (so pptxgenjs and any reader accept it) followed by a marker chunk with the hash. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAW9yaXQAAAABJRU5ErkJggg==', 'base64');
const MARKER = Buffer.from('surveydeck-media:');

/** The data URI pptxgenjs gets in place of the picture whose content hash is `hash` (hex). */
export function placeholderDataUri(hash: string): string {
  return `image/png;base64,${Buffer.concat([PNG_1X1, MARKER, Buffer.from(hash)]).toString('base64')}`;
}

/** The hash a placeholder names, or undefined for any other bytes. */
function placeholderHash(bytes: Uint8Array): string | undefined {
  const at = PNG_1X1.length;
  if (bytes.length <= at + MARKER.length || bytes.length > at + MARKER.length + 128) return undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buf.subarray(0, at).equals(PNG_1X1) || !buf.subarray(at, at + MARKER.length).equals(MARKER)) return undefined;
  return buf.subarray(at + MARKER.length).toString('latin1');
}

/** Replace every placeholder in `ppt/media/` by the picture it names; a name with no picture is a bug. */
export function fillPlaceholders(files: Record<string, Uint8Array>, pictures: ReadonlyMap<string, Uint8Array>): void {
  for (const part of Object.keys(files)) {
    if (!part.startsWith('ppt/media/')) continue;
    const hash = placeholderHash(files[part]);
    if (hash === undefined) continue;
    const bytes = pictures.get(hash);
    if (!bytes) throw error('INTERNAL', `no picture for placeholder ${hash}`, { file: part, hint: 'pass every chart picture to packageDeck in `pictures`' });
    files[part] = bytes;
  }
}
