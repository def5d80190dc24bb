// Incremental builds: what each deck was built from, kept beside the decks as
// `<out>/.surveydeck/<deck file>.json`, and why a deck must be built again (or that it need not be).
// Reads and writes those records and hashes input files; comparing is pure over the hashes.
//
//   record (inputs + sha256 of the bytes written) ─┬▶ code, options, brand, files, messages the same?
//                                                  └▶ deck on disk still those bytes?  ─▶ skip, or the first reason
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RebuildReason } from '../ir.js';

/** Folder inside the output folder that holds one record per deck. */
export const RECORD_DIR = '.surveydeck';
// 2: the catalogue is two files (the templates' texts and the survey's own); a record of format 1
// named only the first, so an edit of the survey's texts alone left its decks as they were.
const RECORD_FORMAT = 2;

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
  /**
   * The locale's catalogue: the hash of each file it is merged from (the templates' texts, the survey's
   * own; null for one that did not exist), and every message the deck read (null: looked up, missing).
   */
  catalogue: { files: Record<string, string | null>; messages: Record<string, string | null> };
}

export interface DeckRecord {
  format: typeof RECORD_FORMAT;
  /** sha256 of the deck's bytes as written. */
  sha256: string;
  /** sha256 of `inputs`, canonical JSON. */
  fingerprint: string;
  inputs: DeckInputs;
  /**
   * The deck file as it was once written: while its size, modification time and inode are these, its
   * bytes are taken to be `sha256` without reading them (hashing every deck was most of a warm build).
   * A deck changed without changing any of them is then skipped, never overwritten.
   */
  written?: FileStamp;
}

/** What `stat` says of a file: enough to see that it was replaced or written to. */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ino: string;
}

export async function stampOf(file: string): Promise<FileStamp | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return { size: Number(s.size), mtimeNs: String(s.mtimeNs), ino: String(s.ino) };
  } catch {
    return undefined;
  }
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

  /** Take `sha256` as the file's hash, without reading it, if the file is still as `stamp` says. */
  async trust(file: string, stamp: FileStamp, sha256: string): Promise<void> {
    if (this.hashes.has(file)) return;
    const now = await stampOf(file);
    if (now && now.size === stamp.size && now.mtimeNs === stamp.mtimeNs && now.ino === stamp.ino && !this.hashes.has(file)) this.hashes.set(file, Promise.resolve(sha256));
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
    // 1 MiB reads: a deck of several MiB in 64 KiB chunks spent more CPU in reads than in hashing.
    createReadStream(file, { highWaterMark: 1 << 20 })
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

export function deckRecord(inputs: DeckInputs, bytes: Uint8Array, written?: FileStamp): DeckRecord {
  return { format: RECORD_FORMAT, sha256: sha256(bytes), fingerprint: fingerprintOf(inputs), inputs, ...(written ? { written } : {}) };
}

/** The inputs as they are now, for comparison with a record. */
export interface CurrentInputs {
  code: string;
  options: Record<string, string>;
  brand: string;
  files: FileHashes;
  /** The catalogue as it is now; undefined when it cannot be read. */
  messages: () => Promise<CurrentMessages | undefined>;
}

export interface CurrentMessages {
  /** The current source of a key (null: missing). */
  source: (key: string) => string | null;
  /** The file the key is read from now. */
  fileOf: (key: string) => string | undefined;
}

/** The catalogue files whose hash is not the one recorded. */
async function changedCatalogueFiles(record: DeckRecord, files: FileHashes): Promise<string[]> {
  const changed: string[] = [];
  for (const [file, hash] of Object.entries(record.inputs.catalogue.files)) {
    if (((await files.of(file)) ?? null) !== hash) changed.push(file);
  }
  return changed;
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
  const changed = await changedCatalogueFiles(record, now.files);
  if (changed.length > 0) {
    // A catalogue file changed; only the messages this deck read matter.
    const current = await now.messages();
    const keys = current ? Object.entries(was.catalogue.messages).filter(([key, text]) => current.source(key) !== text).map(([key]) => key) : [];
    if (!current || keys.length > 0) return { kind: 'messages', file: (keys.length > 0 && current?.fileOf(keys[0])) || changed[0], keys };
  }
  const onDisk = await now.files.of(deckFile);
  if (onDisk === undefined) return { kind: 'deck-missing' };
  if (onDisk !== record.sha256) return { kind: 'deck-modified' };
  return undefined;
}

/**
 * The record of a deck that is skipped although a catalogue file changed (no message it reads did),
 * with the catalogue's new hashes: the next build then need not load the catalogue to see that again.
 * Undefined when the record is current.
 */
export async function refreshedRecord(record: DeckRecord, files: FileHashes): Promise<DeckRecord | undefined> {
  const changed = await changedCatalogueFiles(record, files);
  if (changed.length === 0) return undefined;
  const catalogueFiles = { ...record.inputs.catalogue.files };
  for (const file of changed) catalogueFiles[file] = (await files.of(file)) ?? null;
  const inputs: DeckInputs = { ...record.inputs, catalogue: { ...record.inputs.catalogue, files: catalogueFiles } };
  return { ...record, fingerprint: fingerprintOf(inputs), inputs };
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
