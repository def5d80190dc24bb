// Load stage: bounds on input sizes, so hostile input is a clear error instead of exhausted memory or
// a stack overflow. Chosen far above the real survey (measured on data/ospo-2024 and templates/):
// aggregates 1.1 MB, longest catalogue 50 KB, longest label or message 800 characters and 112 words.
import { readFileSync, statSync } from 'node:fs';
import { error, SurveydeckError } from '../diagnostics.js';

const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  /** Aggregates JSON (real: 1.1 MB). */
  aggregatesBytes: 16 * MiB,
  /** A locale catalogue (real: ≤ 50 KB). */
  catalogueBytes: 4 * MiB,
  /** A chart spec, slide template, deck manifest or brand.yaml (real: ≤ 20 KB). */
  templateBytes: 1 * MiB,
  /** A survey spec (real: 30–60 KB; 4 MiB holds thousands of questions with dozens of options each). */
  specBytes: 4 * MiB,
  /** A brand logo (real: 1 KB SVG). */
  logoBytes: 4 * MiB,
  /** One label, title or message, in characters (real: ≤ 800). */
  labelChars: 10_000,
  /** Words in one label, title or message (real: ≤ 112). */
  labelWords: 1_000,
  /** Options, grid items or segments in one list of the aggregates (real: ≤ 17); each may become a bar. */
  listLength: 1_000,
} as const;

const fmtBytes = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);

/** Read a file after checking its size, so a huge one is refused before it is in memory. */
export function readBoundedFile(file: string, maxBytes: number, what: string): Buffer {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (stat.size > maxBytes) {
      throw error('INPUT_TOO_LARGE', `${what} is ${fmtBytes(stat.size)}; at most ${fmtBytes(maxBytes)} is accepted`, { file, hint: 'is this the right file?' });
    }
    return readFileSync(file);
  } catch (e) {
    // readFileSync's EISDIR carries no path; name the file here, where it is known.
    if (e instanceof SurveydeckError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    // ENOENT stays as it is: callers say what a missing file means (UNKNOWN_CHART, MISSING_FILE …).
    if (typeof code !== 'string' || code === 'ENOENT') throw e;
    throw error('FILE_NOT_READABLE', `cannot read ${what} (${code})`, { file, hint: code === 'EISDIR' ? 'a folder is where a file should be' : 'check that you may read it' }, e);
  }
}

/** Why a label, title or message is over the character or word bound, or undefined. */
export function labelBoundProblem(text: string): string | undefined {
  if (text.length > INPUT_LIMITS.labelChars) return `is ${text.length} characters long; at most ${INPUT_LIMITS.labelChars} are accepted`;
  let words = 0;
  for (const _ of text.matchAll(/\S+/g)) if (++words > INPUT_LIMITS.labelWords) return `has more than ${INPUT_LIMITS.labelWords} words`;
  return undefined;
}
