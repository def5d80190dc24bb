// Incremental builds: the outcome of a check that is a pure function of some files (and of the code
// that runs it), kept under --cache keyed by their hashes, so a build that changed none of them does
// not run it again. Reads and writes `<cache>/checks/<name>.<which files>.json`; one entry per check
// and set of files, replaced when they change. Only an outcome that lets the build go on is kept: a
// check that throws throws again on every build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomically } from '../write/write-deck.js';
import { canonicalJson, sha256, type FileHashes } from './deck-record.js';

export interface MemoOptions {
  cacheDir: string;
  /** Names the check in the entry's file name. */
  name: string;
  /** codeVersion(): another surveydeck may check otherwise. */
  code: string;
  /** Every file the check reads (a missing file counts as one: creating it changes the key). */
  files: string[];
  hashes: FileHashes;
}

/** Counts of entries used and computed in this process, so tests can see the cache at work. */
export const memoStats = { hits: 0, misses: 0 };

/** `check()`'s JSON value, from the cache when its files and the code are those it was computed from. */
export async function memoisedCheck<T>(opts: MemoOptions, check: () => T | Promise<T>): Promise<T> {
  const files = [...new Set(opts.files)].sort();
  const entryFile = path.join(opts.cacheDir, 'checks', `${opts.name}.${sha256(files.join('\u0000')).slice(0, 16)}.json`);
  const key = sha256(canonicalJson({ code: opts.code, files: await Promise.all(files.map(async (f) => [f, (await opts.hashes.of(f)) ?? null])) }));
  try {
    const entry = JSON.parse(await readFile(entryFile, 'utf8')) as { key?: string; value?: T };
    if (entry.key === key && 'value' in entry) {
      memoStats.hits++;
      return entry.value as T;
    }
  } catch {
    // No entry yet, or an unreadable one: check, and write it again.
  }
  memoStats.misses++;
  const value = await check();
  try {
    await writeAtomically(entryFile, Buffer.from(JSON.stringify({ key, value }) + '\n'), 'a check cache entry');
  } catch {
    // Only the next build's speed depends on it; the chart cache reports an unwritable --cache.
  }
  return value;
}
