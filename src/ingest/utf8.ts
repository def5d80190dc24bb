// Ingest stage: strict UTF-8 decoding of a byte stream into text chunks. Pure apart from the stream.
// Invalid bytes are an error naming the line, column and byte offset, never U+FFFD in a label or code.
import { Transform, type TransformCallback } from 'node:stream';

export interface InvalidUtf8 {
  /** 0-based offset of the first invalid byte in the file. */
  byteOffset: number;
  /** 1-based physical line and column (column counted in characters) of that byte. */
  line: number;
  column: number;
}

export class InvalidUtf8Error extends Error {
  constructor(readonly where: InvalidUtf8) {
    super(`invalid UTF-8 at byte ${where.byteOffset} (line ${where.line}, column ${where.column})`);
    this.name = 'InvalidUtf8Error';
  }
}

/** Index of the first byte of the first invalid sequence, or -1. A sequence cut by the end of
 * `bytes` is only invalid when `final` (more bytes may follow). */
export function findInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x7f >> (need + 1));
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Bytes in, strings out. Keeps the few bytes of a character cut by a chunk boundary for the next
 * chunk (TextDecoder `stream: true`), so a valid file split anywhere decodes the same.
 * The BOM is dropped (TextDecoder's default).
 */
export function createUtf8Decoder(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let decodedBytes = 0; // bytes already turned into text (the start offset of `pending`)
  let line = 1;
  let column = 1;
  let pending = new Uint8Array(0); // incomplete trailing sequence of the previous chunk

  const track = (text: string) => {
    for (let k = 0; k < text.length; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        column = 1;
      } else column++;
    }
  };
  const locate = (bytes: Uint8Array, final: boolean): InvalidUtf8 => {
    const bad = Math.max(0, findInvalidUtf8(bytes, final));
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    let l = line;
    let c = column;
    for (let k = 0; k < before.length; k++) {
      if (before.charCodeAt(k) === 10) {
        l++;
        c = 1;
      } else c++;
    }
    return { byteOffset: decodedBytes + bad, line: l, column: c };
  };

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        done(new InvalidUtf8Error(locate(bytes, false)));
        return;
      }
      // Remember the undecoded tail so an error position can be computed across the boundary.
      const tail = trailingIncomplete(bytes);
      pending = tail === 0 ? new Uint8Array(0) : Uint8Array.from(bytes.subarray(bytes.length - tail));
      decodedBytes += bytes.length - tail;
      track(text);
      if (text.length > 0) this.push(text);
      done();
    },
    flush(done: TransformCallback) {
      try {
        const text = decoder.decode();
        if (text.length > 0) this.push(text);
      } catch {
        done(new InvalidUtf8Error(locate(pending, true)));
        return;
      }
      done();
    },
  });
}

/** How many bytes at the end start a multi-byte sequence that is not complete yet. */
function trailingIncomplete(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
