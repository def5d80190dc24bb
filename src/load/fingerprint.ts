// The fingerprint a translation records of the English text it was reviewed against. Its own module so
// that loading a catalogue (load/catalogue.ts) and binding (bind/labels.ts) use the one formula without
// loading the catalogue checks (load/required-messages.ts, with its ICU parser).
import { createHash } from 'node:crypto';

/**
 * The first 8 hex digits of the SHA-256 of the English text as written (UTF-8). 32 bits: enough to
 * notice an edit, short enough to read.
 */
export function fingerprint(english: string): string {
  return createHash('sha256').update(english, 'utf8').digest('hex').slice(0, 8);
}
