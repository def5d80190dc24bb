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
 * The BOM is dropped (TextDecoder's default). A plain class, so the CSV reader can decode each
 * chunk where it reads it, without a stream stage in between.
 */
export class StrictUtf8Decoder implements ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private decodedBytes = 0; // bytes already turned into text (the start offset of `pending`)
  private line = 1;
  private column = 1;
  private pending: Uint8Array = new Uint8Array(0); // incomplete trailing sequence of the previous chunk

  /** Text of `chunk` (less a trailing incomplete character). Throws InvalidUtf8Error. */
  decode(chunk: Uint8Array): string {
    const bytes = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new InvalidUtf8Error(this.locate(bytes, false));
    }
    // Remember the undecoded tail so an error position can be computed across the boundary.
    const tail = trailingIncomplete(bytes);
    this.pending = tail === 0 ? new Uint8Array(0) : Uint8Array.from(bytes.subarray(bytes.length - tail));
    this.decodedBytes += bytes.length - tail;
    this.track(text);
    return text;
  }

  /** The end of the input: a character still incomplete is invalid. */
  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new InvalidUtf8Error(this.locate(this.pending, true));
    }
  }

  private track(text: string): void {
    // Only the line and column of the chunk's end are needed: count newlines with indexOf.
    let last = -1;
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) {
      this.line++;
      last = k;
    }
    this.column = last === -1 ? this.column + text.length : text.length - last;
  }

  private locate(bytes: Uint8Array, final: boolean): InvalidUtf8 {
    const bad = Math.max(0, findInvalidUtf8(bytes, final));
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    let l = this.line;
    let c = this.column;
    for (let k = 0; k < before.length; k++) {
      if (before.charCodeAt(k) === 10) {
        l++;
        c = 1;
      } else c++;
    }
    return { byteOffset: this.decodedBytes + bad, line: l, column: c };
  }
}

/** Text that is not valid in the encoding the spec names (a Shift_JIS file named GBK). */
export class InvalidEncodingError extends Error {
  constructor(
    readonly encoding: string,
    readonly line: number,
  ) {
    super(`not valid ${encoding} text (after line ${line})`);
    this.name = 'InvalidEncodingError';
  }
}

/** Whether TextDecoder knows `label` ("windows-1252", "shift_jis", "gbk", "utf-16le", …). */
export function isTextEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** A text decoder as the CSV reader uses it: chunks in, text out, an error at the end of a cut character. */
export interface ChunkDecoder {
  decode(chunk: Uint8Array): string;
  end(): string;
}

/**
 * A file in another encoding than UTF-8, as `input.encoding` names it (Excel's "CSV" on Windows
 * writes the system's code page: windows-1252 in Western Europe and the Americas, shift_jis in Japan,
 * gbk in China; its "Unicode Text" writes UTF-16). TextDecoder, fatal: bytes the encoding has no
 * character for are an error, never U+FFFD; the BOM is dropped.
 */
export class EncodedTextDecoder implements ChunkDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private line = 1;

  constructor(readonly encoding: string) {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  decode(chunk: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new InvalidEncodingError(this.encoding, this.line);
    }
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) this.line++;
    return text;
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new InvalidEncodingError(this.encoding, this.line);
    }
  }
}

/**
 * The encoding of a text export: the one its spec names, else UTF-16 where the file starts with its
 * byte-order mark (Excel's "Unicode Text"), else UTF-8.
 */
export function encodingOf(head: Uint8Array, named?: string): string {
  if (named !== undefined) return named.toLowerCase();
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The decoder for `encoding`: strict UTF-8 (errors with byte offsets) or TextDecoder's. */
export function decoderFor(encoding: string): ChunkDecoder {
  return encoding === 'utf-8' || encoding === 'utf8' ? new StrictUtf8Decoder() : new EncodedTextDecoder(encoding);
}

/** The same decoder as a stream stage (object mode out), for callers that pipe. */
export function createUtf8Decoder(): Transform {
  const decoder = new StrictUtf8Decoder();
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      let text: string;
      try {
        text = decoder.decode(chunk);
      } catch (e) {
        done(e as Error);
        return;
      }
      if (text.length > 0) this.push(text);
      done();
    },
    flush(done: TransformCallback) {
      let text: string;
      try {
        text = decoder.end();
      } catch (e) {
        done(e as Error);
        return;
      }
      if (text.length > 0) this.push(text);
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
