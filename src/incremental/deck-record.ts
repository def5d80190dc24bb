// Incremental builds: what each deck was built from, kept beside the decks as
// `<out>/.surveydeck/<deck file>.json`, and why a deck must be built again (or that it need not be).
// Reads and writes those records and hashes input files; comparing is pure over the hashes.
//
//   record (inputs + sha256 of the bytes written) ─┬▶ code, options, brand, files, messages the same?
//                                                  └▶ deck on disk still those bytes?  ─▶ skip, or the first reason
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RebuildReason } from '../ir.js';

/** Folder inside the output folder that holds one record per deck. */
export const RECORD_DIR = '.surveydeck';
const RECORD_FORMAT = 1;

/** Everything a deck's bytes are a function of. */
export interface DeckInputs {
  /** codeVersion(): package version + hash of the code and of the installed dependencies (fonts too). */
  code: string;
  /** The build options that change a deck's bytes (audience, locale, brand, data file, templates folder…). */
  options: Record<string, string>;
  /** sha256 of the brand as loaded (colours, fonts, sizes, footer); its logo is under `files`. */
  brand: string;
  /** Files the deck was made from (aggregates, deck manifest, slide templates, chart specs, logo) → sha256. */
  files: Record<string, string>;
  /** The locale's catalogue: its hash, and every message the deck read (null: looked up, missing). */
  catalogue: { file: string; sha256: string; messages: Record<string, string | null> };
}

export interface DeckRecord {
  format: typeof RECORD_FORMAT;
  /** sha256 of the deck's bytes as written. */
  sha256: string;
  /** sha256 of `inputs`, canonical JSON. */
  fingerprint: string;
  inputs: DeckInputs;
}

export function recordFileFor(deckFile: string): string {
  return path.join(path.dirname(deckFile), RECORD_DIR, `${path.basename(deckFile)}.json`);
}

export function fingerprintOf(inputs: DeckInputs): string {
  return sha256(canonicalJson(inputs));
}

export function sha256(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON with object keys sorted, so the same inputs always give the same fingerprint. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** sha256 of each file, read once per build; undefined for a file that does not exist. */
export class FileHashes {
  private readonly hashes = new Map<string, Promise<string | undefined>>();

  of(file: string): Promise<string | undefined> {
    let hit = this.hashes.get(file);
    if (!hit) {
      hit = hashFile(file);
      this.hashes.set(file, hit);
    }
    return hit;
  }

  /** Hashes of files already asked for (a file read before it was loaded keeps that hash). */
  async pick(files: Iterable<string>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const file of [...new Set(files)].sort()) {
      const hash = await this.of(file);
      if (hash) out[file] = hash;
    }
    return out;
  }
}

function hashFile(file: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'EISDIR' ? resolve(undefined) : reject(e)));
  });
}

export async function readDeckRecord(deckFile: string): Promise<DeckRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(recordFileFor(deckFile), 'utf8')) as DeckRecord;
    return record?.format === RECORD_FORMAT && record.inputs ? record : undefined;
  } catch {
    // Missing or unreadable: the deck is simply built again.
    return undefined;
  }
}

export function deckRecord(inputs: DeckInputs, bytes: Uint8Array): DeckRecord {
  return { format: RECORD_FORMAT, sha256: sha256(bytes), fingerprint: fingerprintOf(inputs), inputs };
}

/** The inputs as they are now, for comparison with a record. */
export interface CurrentInputs {
  code: string;
  options: Record<string, string>;
  brand: string;
  files: FileHashes;
  /** The catalogue's current source of a key (null: missing); undefined when the catalogue cannot be read. */
  messages: (catalogueFile: string) => Promise<((key: string) => string | null) | undefined>;
}

/** The first reason the deck at `deckFile` must be built again, or undefined when its record still holds. */
export async function rebuildReason(record: DeckRecord | undefined, deckFile: string, now: CurrentInputs): Promise<RebuildReason | undefined> {
  if (!record) return { kind: 'new' };
  const was = record.inputs;
  if (was.code !== now.code) return { kind: 'code' };
  for (const name of new Set([...Object.keys(was.options), ...Object.keys(now.options)])) {
    if (was.options[name] !== now.options[name]) return { kind: 'option', name };
  }
  if (was.brand !== now.brand) return { kind: 'brand' };
  for (const [file, hash] of Object.entries(was.files)) {
    if ((await now.files.of(file)) !== hash) return { kind: 'file', file };
  }
  const catalogue = was.catalogue;
  if ((await now.files.of(catalogue.file)) !== catalogue.sha256) {
    // The catalogue changed; only the messages this deck read matter.
    const source = await now.messages(catalogue.file);
    const keys = source ? Object.entries(catalogue.messages).filter(([key, text]) => source(key) !== text).map(([key]) => key) : [];
    if (!source || keys.length > 0) return { kind: 'messages', file: catalogue.file, keys };
  }
  const onDisk = await now.files.of(deckFile);
  if (onDisk === undefined) return { kind: 'deck-missing' };
  if (onDisk !== record.sha256) return { kind: 'deck-modified' };
  return undefined;
}

/** For the progress line: "templates/slides/chart.hbs changed". `rel` shortens paths. */
export function describeRebuild(reason: RebuildReason, rel: (file: string) => string = (f) => f): string {
  switch (reason.kind) {
    case 'forced':
      return '--force';
    case 'new':
      return 'no record of an earlier build';
    case 'code':
      return 'surveydeck or a dependency changed';
    case 'option':
      return `option \`${reason.name}\` changed`;
    case 'brand':
      return 'brand changed';
    case 'file':
      return `${rel(reason.file)} changed`;
    case 'messages': {
      if (reason.keys.length === 0) return `${rel(reason.file)} changed`;
      const shown = reason.keys.slice(0, 3).join(', ');
      return `message${reason.keys.length > 1 ? 's' : ''} ${shown}${reason.keys.length > 3 ? ` (+${reason.keys.length - 3} more)` : ''} changed in ${rel(reason.file)}`;
    }
    case 'deck-missing':
      return 'the deck is missing';
    case 'deck-modified':
      return 'the deck on disk is not the one last written';
  }
}
