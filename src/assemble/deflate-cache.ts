// Assemble stage, packaging: deflated parts kept, so the same bytes are not deflated twice. Every
// part: once per process (the 18 decks of a matrix embed the same faces, 0.7 MB that took ~0.3 s of
// CPU to deflate per deck, and share their layouts, masters and theme) and under --cache between
// builds (`<cache>/parts/<code version>/<key>.deflate`, written by useDeflateCache's caller's build;
// the folders of other code versions are removed, as their entries would never be used), so a forced
// rebuild deflates only the parts that changed (in a fresh process, deflating a deck's ~70 small XML
// parts cost ~0.2 s of CPU, mostly fflate's code warming up). The key is the part's content, the level
// and the code version (fflate's version is part of it), so an entry is the very output fflate gives.
// An entry starts with the sha256 of its key and the deflated bytes it holds: a damaged or truncated
// one, or another part's, is deflated afresh, never shipped. (Inflating each entry to compare it with the part cost ≈ 15 ms of a
// forced one-deck build, most of it for the embedded fonts; hashing what was read costs ≈ 1 ms.)
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'fflate';

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

/** fflate's raw DEFLATE of `bytes` at `level`, from a cache when the same part was deflated before. */
export function deflatePart(bytes: Uint8Array, level: number): Uint8Array {
  const key = createHash('sha256').update(`${codeVersion}\u0000${level}\u0000`).update(bytes).digest('hex');
  const kept = inProcess.get(key);
  if (kept) {
    deflateStats.fromProcess++;
    return kept;
  }
  const file = diskDir && path.join(diskDir, `${key}.deflate`);
  let deflated = file ? readVerified(file, key) : undefined;
  if (deflated) deflateStats.fromDisk++;
  else {
    deflateStats.computed++;
    deflated = deflateSync(bytes, { level: level as 6 });
    if (file) writeEntry(file, key, deflated);
  }
  inProcess.set(key, deflated);
  inProcessBytes += deflated.length;
  for (const [oldKey, old] of inProcess) {
    if (inProcessBytes <= IN_PROCESS_MAX_BYTES) break;
    inProcess.delete(oldKey);
    inProcessBytes -= old.length;
  }
  return deflated;
}

/**
 * Entries of other code versions: each build of new code would otherwise add a deck's every part
 * (a full matrix ~1,000 files, ~6 MB) and never use the old ones again. Entries written by earlier
 * builds directly in `dir` go too. A build of other code running at the same time only deflates again.
 */
function removeOtherVersions(dir: string, keep: string): void {
  try {
    for (const entry of readdirSync(dir)) if (entry !== keep) rmSync(path.join(dir, entry), { recursive: true, force: true });
  } catch {
    // none yet, or not a folder: nothing to remove
  }
}

const DIGEST_BYTES = 32;

const digestOf = (key: string, deflated: Uint8Array) => createHash('sha256').update(`${key}\u0000`).update(deflated).digest();

/** The deflated bytes of the entry for `key`, if they are the ones its digest names. */
function readVerified(file: string, key: string): Uint8Array | undefined {
  try {
    const entry = readFileSync(file);
    const deflated = entry.subarray(DIGEST_BYTES);
    return entry.length > DIGEST_BYTES && digestOf(key, deflated).equals(entry.subarray(0, DIGEST_BYTES)) ? new Uint8Array(deflated) : undefined;
  } catch {
    return undefined; // missing or unreadable: deflate again
  }
}

/** Temp file + rename, so a concurrent build never reads half an entry. A cache that cannot be written only costs speed. */
function writeEntry(file: string, key: string, deflated: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, Buffer.concat([digestOf(key, deflated), deflated]));
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder is not one (a file named as --cache): nothing was written
    }
  }
}
