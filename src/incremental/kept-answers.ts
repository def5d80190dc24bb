// Incremental builds: answers of a pure question kept between builds, by a hash of everything the
// answer depends on (the caller builds the key from its inputs; the code version is added here). One
// file per question under --cache: a header line (code version, sha256 and length of the rest) and
// the answers as one JSON object. Another code version's file is not used; a file whose rest does not
// have its digest (damaged, truncated, edited) is not used at all, and every answer is worked out
// again. Written (atomically) only when the build found a new answer; bounded, oldest answers dropped.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BoundedCache } from '../bounded-cache.js';
import { keptBody, keptHeader, writeKept } from './kept-file.js';

export interface KeptAnswers<T> {
  /** The answer for `key`, kept or worked out now by `answer()` (and kept). */
  get(key: string, answer: () => T): T;
  /** Write the answers back if any is new. A cache that cannot be written only costs speed. */
  save(): void;
  /** The answers worked out in this process (by hashed key), for another thread's `adopt`. */
  fresh(): [string, T][];
  /** Answers another thread worked out (its `fresh()`): kept as if worked out here. */
  adopt(entries: readonly [string, T][]): void;
}

/** Answers read from a file, worked out, and files refused as damaged, in this process: tests see the cache at work. */
export const keptAnswersStats = { kept: 0, worked: 0, damaged: 0 };

const MAX_ANSWERS = 100_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Answers kept in `file` for this code version. Only answers JSON gives back exactly (booleans, numbers, strings) belong here. */
export function keptAnswers<T extends boolean | number | string>(file: string, code: string): KeptAnswers<T> {
  const answers = new BoundedCache<string, T>(MAX_ANSWERS);
  let added = 0;
  const worked = new Map<string, T>();
  try {
    const body = keptBody(readFileSync(file, 'utf8'), 'code', code);
    if (body !== undefined) for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, T>)) answers.set(k, v);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') keptAnswersStats.damaged++;
  }
  return {
    get(key, answer) {
      const hashed = sha256(`${code}\u0000${key}`).slice(0, 32);
      const kept = answers.get(hashed);
      if (kept !== undefined) {
        keptAnswersStats.kept++;
        return kept;
      }
      keptAnswersStats.worked++;
      const value = answer();
      answers.set(hashed, value);
      worked.set(hashed, value);
      added++;
      return value;
    },
    fresh: () => [...worked],
    adopt(entries) {
      for (const [hashed, value] of entries) {
        if (answers.get(hashed) === value) continue;
        answers.set(hashed, value);
        added++;
      }
    },
    save() {
      if (added === 0) return;
      const body = JSON.stringify(Object.fromEntries(answers.entries()));
      if (writeKept(file, `${keptHeader('code', code, body)}${body}`)) added = 0;
    },
  };
}
