// Files kept under --cache between builds (validated inputs, kept answers, bound slides, text measures):
// a header line naming what the rest was made for (`{"<field>": id, "digest": sha256 of the rest,
// "bytes": its UTF-8 length}`), then the rest. A file made for another id is old, not damaged; one whose
// rest does not have its digest or length (truncated, edited, half written) is damaged. Written through a
// temporary file and a rename, so a build running at the same time never reads half a file.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The header line (with its newline) of a kept file whose rest is `body`. */
export function keptHeader(field: string, id: string, body: string | Uint8Array): string {
  return `${JSON.stringify({ [field]: id, digest: sha256(body), bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.length })}\n`;
}

/** The rest of a kept file's `text` made for `id`; undefined when it was made for another. Throws when it is damaged. */
export function keptBody(text: string, field: string, id: string): string | undefined {
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
  if (header[field] !== id) return undefined;
  const body = text.slice(newline + 1);
  if (header.bytes !== Buffer.byteLength(body) || header.digest !== sha256(body)) throw new Error('damaged');
  return body;
}

/** Write `data` to `file` through a temporary file and a rename. A cache that cannot be written only costs speed: false then. */
export function writeKept(file: string, data: string | Uint8Array): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder is not one (a file named as --cache): nothing was written
    }
    return false;
  }
}
