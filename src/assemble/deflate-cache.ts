// Assemble stage, packaging: deflated parts kept, so the same bytes are not deflated twice. Every
// part: once per process (the 18 decks of a matrix embed the same faces, 0.7 MB that took ~0.3 s of
// CPU to deflate per deck, and share their layouts, masters and theme) and under --cache between
// builds, one pack per deck (`<cache>/parts/<code version>/<deck>.pack`, holding every part that deck's
// last build deflated; the folders of other code versions are removed, as their entries would never be
// used), so a forced rebuild deflates only the parts that changed (in a fresh process, deflating a
// deck's ~70 small XML parts cost ~0.2 s of CPU, mostly fflate's code warming up). A pack per deck,
// not a file per part: creating a file costs ≈ 1.2 ms of the kernel's CPU on an ext4 disk like this
// machine's, and a cold matrix kept ≈ 1,560 parts (≈ 1.8 s of the packaging, on the main thread;
// writing them from libuv's pool instead cost more, the creations contending for the one folder).
// The key is the part's content, the level and the code version (fflate's version is part of it), so an
// entry is the very output fflate gives. Each entry carries the sha256 of its key and the deflated bytes
// it holds: a damaged or truncated one, or another part's, is deflated afresh, never shipped.
// (Inflating each entry to compare it with the part cost ≈ 15 ms of a forced one-deck build, most of
// it for the embedded fonts; hashing what was read costs ≈ 1 ms.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'fflate';
import { writeKept } from '../incremental/kept-file.js';

let diskDir: string | undefined;
let codeVersion = '';
/** Deflated parts by key, oldest first; bounded, so a long `watch` does not keep every part it ever built. */
const inProcess = new Map<string, Uint8Array>();
const IN_PROCESS_MAX_BYTES = 64 * 1024 * 1024;
let inProcessBytes = 0;

/** How the deflated parts of this process were had, so tests can see the cache at work. */
export const deflateStats = { computed: 0, fromProcess: 0, fromDisk: 0 };

/** Keep deflated parts in `dir` between builds, for this code version (undefined: in this process only). */
export function useDeflateCache(dir: string | undefined, code: string): void {
  const folder = createHash('sha256').update(code).digest('hex').slice(0, 16);
  diskDir = dir && path.join(dir, folder);
  if (dir) removeOtherVersions(dir, folder);
  codeVersion = code;
}

/** fflate's raw DEFLATE of `bytes` at `level`, from this process's cache when the same part was deflated before (no pack). */
export function deflatePart(bytes: Uint8Array, level: number): Uint8Array {
  return deflatedIn(undefined, bytes, level);
}

/** A deck's deflater: parts from this process, then from the deck's pack; `save` keeps what it used. */
export interface DeckDeflater {
  deflate(bytes: Uint8Array, level: number): Uint8Array;
  /** Write the deck's pack if the parts it used are not the ones it holds (nothing without a cache folder). */
  save(): void;
}

/** The deflater for the deck written to `deckFile` (its pack is named after the path). */
export function deckDeflater(deckFile: string): DeckDeflater {
  const file = diskDir && path.join(diskDir, `${createHash('sha256').update(path.resolve(deckFile)).digest('hex').slice(0, 32)}.pack`);
  const pack: Pack = { file, entries: undefined, used: new Map(), damaged: false };
  return {
    deflate: (bytes, level) => deflatedIn(pack, bytes, level),
    save: () => {
      if (!pack.file) return;
      const held = pack.entries ?? readPack(pack.file);
      const same = !pack.damaged && held.size === pack.used.size && [...pack.used.keys()].every((k) => held.has(k));
      if (!same) writePack(pack.file, pack.used);
    },
  };
}

interface Pack {
  file: string | undefined;
  /** The pack's entries as read (undefined: not read yet): key → the entry's digest and deflated bytes, unverified. */
  entries: Map<string, Uint8Array> | undefined;
  /** Every part the deck used, key → deflated bytes, in the order used. */
  used: Map<string, Uint8Array>;
  /** An entry failed its digest: the pack is written again. */
  damaged: boolean;
}

function deflatedIn(pack: Pack | undefined, bytes: Uint8Array, level: number): Uint8Array {
  const key = createHash('sha256').update(`${codeVersion}\u0000${level}\u0000`).update(bytes).digest('hex');
  let deflated = inProcess.get(key);
  if (deflated) deflateStats.fromProcess++;
  else {
    if (pack?.file) pack.entries ??= readPack(pack.file);
    const entry = pack?.entries?.get(key);
    deflated = entry && verified(key, entry);
    if (entry && !deflated) pack!.damaged = true;
    if (deflated) deflateStats.fromDisk++;
    else {
      deflateStats.computed++;
      deflated = deflateSync(bytes, { level: level as 6 });
    }
    inProcess.set(key, deflated);
    inProcessBytes += deflated.length;
    for (const [oldKey, old] of inProcess) {
      if (inProcessBytes <= IN_PROCESS_MAX_BYTES) break;
      inProcess.delete(oldKey);
      inProcessBytes -= old.length;
    }
  }
  pack?.used.set(key, deflated);
  return deflated;
}

/**
 * Packs of other code versions: each build of new code would otherwise add every deck's pack (a full
 * matrix 18 files, ≈ 10 MB) and never use the old ones again. Anything else in `dir` goes too (entries
 * of earlier releases, a file per part). A build of other code running at the same time only deflates again.
 */
function removeOtherVersions(dir: string, keep: string): void {
  try {
    for (const entry of readdirSync(dir)) if (entry !== keep) rmSync(path.join(dir, entry), { recursive: true, force: true });
  } catch {
    // none yet, or not a folder: nothing to remove
  }
}

const DIGEST_BYTES = 32;
const KEY_BYTES = 32;
/** Pack layout: MAGIC · per entry: key (32 bytes) · digest (32) · length (uint32, little-endian) · deflated bytes. */
const MAGIC = Buffer.from('sdparts1');

const digestOf = (key: string, deflated: Uint8Array) => createHash('sha256').update(`${key}\u0000`).update(deflated).digest();

/** The deflated bytes of `entry` (digest · bytes), if they are the ones its digest names for `key`. */
function verified(key: string, entry: Uint8Array): Uint8Array | undefined {
  const deflated = entry.subarray(DIGEST_BYTES);
  return digestOf(key, deflated).equals(entry.subarray(0, DIGEST_BYTES)) ? new Uint8Array(deflated) : undefined;
}

/** The entries of the pack at `file` (none for a missing, unreadable or foreign file); a truncated tail is left out. */
function readPack(file: string): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return entries; // missing or unreadable: deflate again
  }
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return entries;
  let at = MAGIC.length;
  while (at + KEY_BYTES + DIGEST_BYTES + 4 <= bytes.length) {
    const key = bytes.toString('hex', at, at + KEY_BYTES);
    const length = bytes.readUInt32LE(at + KEY_BYTES + DIGEST_BYTES);
    const end = at + KEY_BYTES + DIGEST_BYTES + 4 + length;
    if (end > bytes.length) break;
    entries.set(key, Buffer.concat([bytes.subarray(at + KEY_BYTES, at + KEY_BYTES + DIGEST_BYTES), bytes.subarray(end - length, end)]));
    at = end;
  }
  return entries;
}

/** Written through a temporary file (writeKept), so a concurrent build never reads half a pack. */
function writePack(file: string, used: ReadonlyMap<string, Uint8Array>): void {
  const chunks: Uint8Array[] = [MAGIC];
  for (const [key, deflated] of used) {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(deflated.length);
    chunks.push(Buffer.from(key, 'hex'), digestOf(key, deflated), length, deflated);
  }
  writeKept(file, Buffer.concat(chunks));
}
