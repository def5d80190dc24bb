// Write stage: bytes → a file. Creates the directory, writes a temp file beside the target and renames
// it over, so a reader never sees a half-written deck (or aggregates file).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { error } from '../diagnostics.js';

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'EEXIST', 'EISDIR', 'ENOSPC']);

function hintFor(code: string, dir: string): string {
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return `a part of \`${dir}\` is a file, not a directory: choose another --out directory`;
    case 'EROFS':
      return `\`${dir}\` is on a read-only file system: choose another --out directory`;
    case 'EISDIR':
      return 'the output path is a directory: remove it or choose another name';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return `check that \`${dir}\` exists or can be created, and that you may write to it`;
  }
}

export async function writeDeck(file: string, bytes: Uint8Array): Promise<void> {
  return writeAtomically(file, bytes, 'the deck');
}

/** Write `bytes` to `file` atomically; `what` names the file in the OUTPUT_NOT_WRITABLE message. */
export async function writeAtomically(file: string, bytes: Uint8Array, what: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (NOT_WRITABLE.has(code)) {
      throw error('OUTPUT_NOT_WRITABLE', `cannot write ${what} (${code})`, { file, hint: hintFor(code, dir) }, e);
    }
    throw e;
  }
}
