// Refresh: an edited deck's bytes → its parts, refusing what an untrusted package may carry. Pure.
//
//   zip directory ─▶ entry count, names (no `../`, no absolute, no duplicates), declared sizes capped
//     ─▶ inflate into buffers of the declared size (fflate never grows them: a bomb cannot take memory)
//     ─▶ XML parts: no DOCTYPE or entity declarations ─▶ relationships: inside the package, and
//        external only for hyperlinks
import { strFromU8, unzipSync } from 'fflate';
import { error } from '../diagnostics.js';
import { parseRels } from '../assemble/ooxml.js';

export interface PackageLimits {
  /** Largest .pptx read at all, bytes. */
  fileBytes: number;
  entries: number;
  /** Largest declared uncompressed size of one entry, bytes. */
  entryBytes: number;
  /** Largest declared uncompressed size of all entries together, bytes. */
  totalBytes: number;
}

/** The largest shipped deck is ~6 MiB with 60 pictures; these leave a hand-edited deck much room. */
export const PACKAGE_LIMITS: PackageLimits = {
  fileBytes: 256 * 1024 * 1024,
  entries: 5000,
  entryBytes: 128 * 1024 * 1024,
  totalBytes: 512 * 1024 * 1024,
};

const MiB = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;

/** The parts of a package that passed every check, or DECK_UNSAFE (DECK_NOT_SURVEYDECK if it is not a zip). */
export function readDeckPackage(bytes: Uint8Array, file: string, limits: PackageLimits = PACKAGE_LIMITS): Record<string, Uint8Array> {
  const unsafe = (message: string, hint?: string) => error('DECK_UNSAFE', message, { file, ...(hint ? { hint } : {}) });
  if (bytes.length > limits.fileBytes) throw unsafe(`the file is ${MiB(bytes.length)}; at most ${MiB(limits.fileBytes)} is read`);
  let entries = 0;
  let total = 0;
  const seen = new Set<string>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        if (++entries > limits.entries) throw unsafe(`the package has more than ${limits.entries} entries`);
        const problem = partNameProblem(entry.name);
        if (problem) throw unsafe(`entry \`${printable(entry.name)}\` ${problem}`, 'a package part name is a path inside the package');
        if (seen.has(entry.name.toLowerCase())) throw unsafe(`entry \`${printable(entry.name)}\` is in the package twice`);
        seen.add(entry.name.toLowerCase());
        if (entry.originalSize > limits.entryBytes) throw unsafe(`entry \`${printable(entry.name)}\` unpacks to ${MiB(entry.originalSize)}; at most ${MiB(limits.entryBytes)} per part`);
        total += entry.originalSize;
        if (total > limits.totalBytes) throw unsafe(`the package unpacks to more than ${MiB(limits.totalBytes)}`);
        return !entry.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'SurveydeckError') throw e;
    throw error('DECK_NOT_SURVEYDECK', `not a .pptx (zip) package: ${(e as Error).message}`, { file }, e);
  }

  for (const [part, data] of Object.entries(files)) {
    if (!/\.(xml|rels|vml)$/i.test(part)) continue;
    // Entity declarations are how "billion laughs" expands; a deck never needs them.
    if (/<!DOCTYPE|<!ENTITY/i.test(strFromU8(data))) {
      throw unsafe(`part \`${part}\` declares a DOCTYPE or entities`, 'Office never writes them; refusing them avoids entity expansion');
    }
  }
  for (const relsPart of Object.keys(files).filter((p) => p.endsWith('.rels'))) {
    for (const rel of parseRels(strFromU8(files[relsPart]))) {
      if (rel.external) {
        if (!rel.type.endsWith('/hyperlink')) throw unsafe(`relationship ${rel.id} in \`${relsPart}\` points outside the package (${printable(rel.target)})`, 'only hyperlinks may be external');
        continue;
      }
      // A target is only ever looked up among the parts read here, never on disk; `../` past the root is
      // a dangling reference (LibreOffice writes one for customXml), not a way out. A scheme or a
      // backslash is neither a part nor a hyperlink.
      if (/^[a-z][a-z0-9+.-]*:/i.test(rel.target) || rel.target.includes('\\')) {
        throw unsafe(`relationship ${rel.id} in \`${relsPart}\` points outside the package (${printable(rel.target)})`);
      }
    }
  }
  return files;
}

/** Why a zip entry name cannot be a part name, or undefined. */
export function partNameProblem(name: string): string | undefined {
  if (name === '') return 'has an empty name';
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name)) return 'is an absolute path';
  if (name.includes('\\')) return 'contains a backslash';
  if (/[\u0000-\u001f]/.test(name)) return 'contains a control character';
  if (name.split('/').some((s) => s === '..' || s === '.')) return 'contains a `..` or `.` segment';
  return undefined;
}

function printable(s: string): string {
  const clean = s.replace(/[\u0000-\u001f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}…` : clean;
}
