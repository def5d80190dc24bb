// Incremental builds: a view of a message catalogue that notes every key one deck reads (and every
// key it looked for and did not find), so that editing a message rebuilds only the decks that read
// it. Pure; the catalogue itself is shared by the decks of a locale and left unchanged.
import type { Catalogue } from '../load/catalogue.js';

export interface TrackedCatalogue {
  /** Use this in place of the catalogue: same answers, every key noted. */
  catalogue: Catalogue;
  /** Key → its source text, or null for a key looked up and missing (adding it may change the deck). */
  messages: () => Record<string, string | null>;
}

export function trackMessages(catalogue: Catalogue): TrackedCatalogue {
  const read = new Map<string, string | null>();
  const note = (key: string) => {
    if (!read.has(key)) read.set(key, catalogue.source(key) ?? null);
  };
  // A prototype-linked view keeps `locale`, `file`, `used` and `instanceof Catalogue`.
  const view = Object.create(catalogue) as Catalogue;
  Object.assign(view, {
    has: (key: string) => (note(key), catalogue.has(key)),
    source: (key: string) => (note(key), catalogue.source(key)),
    format: (key: string, args?: Parameters<Catalogue['format']>[1]) => (note(key), catalogue.format(key, args)),
    keys: () => {
      const keys = catalogue.keys();
      keys.forEach(note);
      return keys;
    },
  });
  return {
    catalogue: view,
    messages: () => Object.fromEntries([...read].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
