// Check stage: XML parts found well-formed before, remembered by content, so a rebuild does not parse
// the parts it did not change again (in a fresh process, parsing a deck's ~70 XML parts with saxes
// was ~0.1 s of CPU, mostly the parser's code warming up). Well-formedness is a function of the bytes
// alone; the key is sha256(code version, bytes), kept in this process and, one per line, in
// `<cache>/checks/well-formed-xml.txt` (appended to; emptied once it passes 4 MiB). A line is trusted
// only when it is exactly the key of a part being checked: a damaged line matches no part's key, so the
// part is parsed as if the line were not there.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface WellFormedMemo {
  /** True when these bytes were found well-formed before (by this code). */
  has(bytes: Uint8Array): boolean;
  /** Remember these bytes as well-formed. */
  add(bytes: readonly Uint8Array[]): void;
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Counts of parts taken as known and parts remembered in this process, so tests can see the memo at work. */
export const wellFormedStats = { known: 0, added: 0 };

/** A memo for this code version, kept in `file` between builds (undefined: in this process only). */
export function wellFormedMemo(file: string | undefined, code: string): WellFormedMemo {
  const keyOf = (bytes: Uint8Array) => createHash('sha256').update(`${code}\u0000`).update(bytes).digest('hex');
  const known = new Set<string>();
  if (file) {
    try {
      if (statSync(file).size > MAX_FILE_BYTES) rmSync(file, { force: true });
      else for (const line of readFileSync(file, 'utf8').split('\n')) if (line) known.add(line);
    } catch {
      // none yet, or unreadable: every part is parsed
    }
  }
  return {
    has(bytes) {
      const found = known.has(keyOf(bytes));
      if (found) wellFormedStats.known++;
      return found;
    },
    add(parts) {
      const keys = [...new Set(parts.map(keyOf))].filter((k) => !known.has(k));
      if (keys.length === 0) return;
      for (const k of keys) known.add(k);
      wellFormedStats.added += keys.length;
      if (!file) return;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        // One write of whole lines with O_APPEND: concurrent builds never interleave inside a line.
        appendFileSync(file, keys.map((k) => `${k}\n`).join(''));
      } catch {
        // Only the next build's speed depends on it.
      }
    },
  };
}
