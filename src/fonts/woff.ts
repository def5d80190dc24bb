// Fonts stage helper: WOFF 1.0 → plain sfnt (TTF/OTF) bytes. Pure.
// sharp's bundled FreeType is built without WOFF support (text silently falls back to another face),
// so the @fontsource files must be unpacked before fontconfig can offer them to librsvg/pango.
import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER_BYTES = 44;
const WOFF_DIR_ENTRY_BYTES = 20;
const SFNT_HEADER_BYTES = 12;
const SFNT_DIR_ENTRY_BYTES = 16;

export class WoffFormatError extends Error {
  constructor(message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'WoffFormatError';
  }
}

interface WoffTable {
  tag: number;
  offset: number;
  compLength: number;
  origLength: number;
  origChecksum: number;
}

/** True when the bytes start with the WOFF 1.0 signature. */
export function isWoff(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0) === WOFF_SIGNATURE;
}

/**
 * Unpack WOFF 1.0: header + table directory + one zlib stream per table (stored raw when compression
 * did not help). Offsets are recomputed for the sfnt layout; table checksums are kept as stored.
 */
export function decompressWoff(woff: Buffer, file?: string): Buffer {
  if (woff.length < WOFF_HEADER_BYTES || woff.readUInt32BE(0) !== WOFF_SIGNATURE) {
    throw new WoffFormatError('not a WOFF 1.0 file (signature is not wOFF)', file);
  }
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: WoffTable[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = WOFF_HEADER_BYTES + i * WOFF_DIR_ENTRY_BYTES;
    tables.push({
      tag: woff.readUInt32BE(at),
      offset: woff.readUInt32BE(at + 4),
      compLength: woff.readUInt32BE(at + 8),
      origLength: woff.readUInt32BE(at + 12),
      origChecksum: woff.readUInt32BE(at + 16),
    });
  }

  const datas = tables.map((t) => {
    if (t.offset + t.compLength > woff.length) {
      throw new WoffFormatError(`table ${tagName(t.tag)} runs past the end of the file`, file);
    }
    const stored = woff.subarray(t.offset, t.offset + t.compLength);
    const data = t.compLength < t.origLength ? inflateSync(stored) : stored;
    if (data.length !== t.origLength) {
      throw new WoffFormatError(`table ${tagName(t.tag)} is ${data.length} bytes, expected ${t.origLength}`, file);
    }
    return data;
  });

  const dirEnd = SFNT_HEADER_BYTES + numTables * SFNT_DIR_ENTRY_BYTES;
  let size = dirEnd;
  const offsets = datas.map((d) => {
    const at = size;
    size += pad4(d.length);
    return at;
  });

  const out = Buffer.alloc(size);
  const pow2 = 2 ** Math.floor(Math.log2(Math.max(1, numTables)));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(pow2 * 16, 6); // searchRange
  out.writeUInt16BE(Math.log2(pow2), 8); // entrySelector
  out.writeUInt16BE(numTables * 16 - pow2 * 16, 10); // rangeShift
  tables.forEach((t, i) => {
    const at = SFNT_HEADER_BYTES + i * SFNT_DIR_ENTRY_BYTES;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.origChecksum, at + 4);
    out.writeUInt32BE(offsets[i], at + 8);
    out.writeUInt32BE(t.origLength, at + 12);
    datas[i].copy(out, offsets[i]);
  });
  return out;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function tagName(tag: number): string {
  return String.fromCharCode((tag >>> 24) & 255, (tag >>> 16) & 255, (tag >>> 8) & 255, tag & 255);
}
