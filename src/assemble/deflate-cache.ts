// Assemble stage, packaging: deflated parts kept, so the same bytes are not deflated twice. Large
// parts only (the embedded fonts: every deck of a brand embeds the same faces, 0.7 MB that took
// ~0.3 s of CPU to deflate per deck): once per process, and under --cache between builds
// (`<cache>/parts/<key>.deflate`, written by useDeflateCache's caller's build). The key is the part's
// content, the level and the code version (fflate's version is part of it), so an entry is the very
// output fflate gives; an entry is inflated and compared with the part before it is used, so a
// damaged one is deflated afresh, never shipped.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { deflateSync } from 'fflate';

/** Parts under this size are deflated every time: slides, rels, small XML (quick, and each deck's own). */
export const CACHED_PART_MIN_BYTES = 64 * 1024;

let diskDir: string | undefined;
let codeVersion = '';
const inProcess = new Map<string, Uint8Array>();

/** How the large deflated parts of this process were had, so tests can see the cache at work. */
export const deflateStats = { computed: 0, fromProcess: 0, fromDisk: 0 };

/** Keep large deflated parts in `dir` between builds, for this code version (undefined: in this process only). */
export function useDeflateCache(dir: string | undefined, code: string): void {
  diskDir = dir;
  codeVersion = code;
}

/** fflate's raw DEFLATE of `bytes` at `level`, from a cache when the same part was deflated before. */
export function deflatePart(bytes: Uint8Array, level: number): Uint8Array {
  if (bytes.length < CACHED_PART_MIN_BYTES) return deflateSync(bytes, { level: level as 6 });
  const key = createHash('sha256').update(`${codeVersion}\u0000${level}\u0000`).update(bytes).digest('hex');
  const kept = inProcess.get(key);
  if (kept) {
    deflateStats.fromProcess++;
    return kept;
  }
  const file = diskDir && path.join(diskDir, `${key}.deflate`);
  let deflated = file ? readVerified(file, bytes) : undefined;
  if (deflated) deflateStats.fromDisk++;
  else {
    deflateStats.computed++;
    deflated = deflateSync(bytes, { level: level as 6 });
    if (file) writeEntry(file, deflated);
  }
  inProcess.set(key, deflated);
  return deflated;
}

/** The entry, if it inflates to exactly `bytes`. */
function readVerified(file: string, bytes: Uint8Array): Uint8Array | undefined {
  try {
    const deflated = readFileSync(file);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(inflateRawSync(deflated)) ? new Uint8Array(deflated) : undefined;
  } catch {
    return undefined; // missing, unreadable or damaged: deflate again
  }
}

/** Temp file + rename, so a concurrent build never reads half an entry. A cache that cannot be written only costs speed. */
function writeEntry(file: string, deflated: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, deflated);
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}
