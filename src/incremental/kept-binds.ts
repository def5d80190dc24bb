// Incremental builds: a deck's bound slides kept under --cache, for a deck that must be written again
// although nothing it is made from changed (`--force`, or the deck file was deleted or edited). Binding
// is a pure function of the inputs its record fingerprints (aggregates, manifest, templates and chart
// specs it used, brand, the catalogue messages it read, options, code), so slides bound under the same
// fingerprint are the slides binding would give; the deck is then fitted, assembled and written as
// ever. A forced one-deck build spent ≈ 0.25 s of its ≈ 0.8 s loading Handlebars, marked and the bind
// stage and running them.
//
// One entry per deck, `<cache>/bound/<hash of the deck's path>.json`, replaced when the deck is built
// from other inputs: a header line (the record's fingerprint, sha256 and length of the rest) and the
// bound deck as JSON. An entry of another fingerprint is not used; one whose rest does not have its
// digest (damaged, truncated, edited) is not used either. Only a bound deck JSON gives back exactly is
// kept. A cache that cannot be read or written only costs speed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { SlideSpec } from '../ir.js';
import { jsonRoundTrips } from '../load/validation-cache.js';
import { keptBody, keptHeader, writeKept } from './kept-file.js';

/** What binding a deck gave, beyond its record. */
export interface KeptBind {
  title: string;
  footer: string;
  slides: SlideSpec[];
  /** Every catalogue message the deck read (for its record). */
  messages: Record<string, string | null>;
  /** Binding's warnings, reported again. */
  diagnostics: Diagnostic[];
  /** The claims the slides print, by slide number (for the claims report). */
  claims: { slide: number; name: string }[];
}

/** Entries used, and refused as damaged, in this process: tests see the cache at work. */
export const keptBindStats = { used: 0, damaged: 0 };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const entryFile = (cacheDir: string, deckFile: string) => path.join(cacheDir, 'bound', `${sha256(path.resolve(deckFile)).slice(0, 16)}.json`);

/** The deck's bound slides kept under `fingerprint`, or undefined. */
export function readKeptBind(cacheDir: string, deckFile: string, fingerprint: string): KeptBind | undefined {
  let text: string;
  try {
    text = readFileSync(entryFile(cacheDir, deckFile), 'utf8');
  } catch {
    return undefined; // none yet
  }
  try {
    const body = keptBody(text, 'fingerprint', fingerprint);
    if (body === undefined) return undefined; // bound from other inputs: not damaged, just old
    const kept = JSON.parse(body) as KeptBind;
    keptBindStats.used++;
    return kept;
  } catch {
    keptBindStats.damaged++;
    return undefined;
  }
}

/** Keep what binding the deck gave under its record's `fingerprint` (only if JSON gives it back exactly). */
export function keepBind(cacheDir: string, deckFile: string, fingerprint: string, bind: KeptBind): void {
  const body = JSON.stringify(bind);
  if (!jsonRoundTrips(bind, JSON.parse(body))) return;
  writeKept(entryFile(cacheDir, deckFile), `${keptHeader('fingerprint', fingerprint, body)}${body}`);
}
