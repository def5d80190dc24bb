// Assemble stage, the last step of packaging: ordered parts → zip bytes. Pure. The archive is laid out
// exactly as fflate's zipSync lays it out (test/assemble/zip-parts.test.ts compares them byte for
// byte); the one difference is that a part's deflated bytes come through `deflate`, which may take
// them from a cache (deflate-cache.ts): the two embedded font faces of a deck are 0.7 MB that
// deflated to the same bytes on every build, most of the zip step's CPU.
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  bytes: Uint8Array;
  /** 0 stores the part as it is (zip method 0); 1–9 deflates it at that level (method 8). */
  level: number;
}

/** Raw DEFLATE of `bytes` at `level`, the very bytes fflate's deflateSync gives. */
export type Deflate = (bytes: Uint8Array, level: number) => Uint8Array;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** "Version needed to extract" (and "made by", with host 0, MS-DOS) as fflate writes it: 2.0, deflate. */
const ZIP_VERSION = 20;
/** General purpose flag bit 11: the file name is UTF-8. */
const UTF8_NAME = 1 << 11;

/**
 * The zip of `parts` in their order, every entry stamped with `mtime` (DOS time from its local
 * components, as fflate does). No comments, no extra fields, no data descriptors.
 */
export function zipParts(parts: readonly ZipPart[], mtime: Date, deflate: Deflate): Uint8Array {
  const year = mtime.getFullYear() - 1980;
  if (year < 0 || year > 119) throw new RangeError(`a zip cannot date an entry in ${mtime.getFullYear()}`);
  const dosTime = ((year << 25) | ((mtime.getMonth() + 1) << 21) | (mtime.getDate() << 16) | (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1)) >>> 0;
  const entries = parts.map((p) => {
    const name = Buffer.from(p.name, 'utf8');
    const data = p.level === 0 ? p.bytes : deflate(p.bytes, p.level);
    return { name, utf8: name.length !== p.name.length, method: p.level === 0 ? 0 : 8, crc: crc32(p.bytes), size: p.bytes.length, data, offset: 0 };
  });
  let localBytes = 0;
  let centralBytes = 0;
  for (const e of entries) {
    e.offset = localBytes;
    localBytes += 30 + e.name.length + e.data.length;
    centralBytes += 46 + e.name.length;
  }
  const out = Buffer.alloc(localBytes + centralBytes + 22);
  // The fields local and central headers share, from "version needed" to the name's length.
  const common = (at: number, e: (typeof entries)[number]) => {
    out.writeUInt16LE(ZIP_VERSION, at);
    out.writeUInt16LE(e.utf8 ? UTF8_NAME : 0, at + 2);
    out.writeUInt16LE(e.method, at + 4);
    out.writeUInt32LE(dosTime, at + 6);
    out.writeUInt32LE(e.crc, at + 10);
    out.writeUInt32LE(e.data.length, at + 14);
    out.writeUInt32LE(e.size, at + 18);
    out.writeUInt16LE(e.name.length, at + 22);
    // extra field length: 0
  };
  let at = 0;
  for (const e of entries) {
    out.writeUInt32LE(LOCAL_HEADER, at);
    common(at + 4, e);
    e.name.copy(out, at + 30);
    out.set(e.data, at + 30 + e.name.length);
    at += 30 + e.name.length + e.data.length;
  }
  for (const e of entries) {
    out.writeUInt32LE(CENTRAL_HEADER, at);
    out.writeUInt8(ZIP_VERSION, at + 4); // made by 2.0 on MS-DOS (0)
    common(at + 6, e);
    // comment length, disk number, internal and external attributes: 0
    out.writeUInt32LE(e.offset, at + 42);
    e.name.copy(out, at + 46);
    at += 46 + e.name.length;
  }
  out.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, at);
  out.writeUInt16LE(entries.length, at + 8);
  out.writeUInt16LE(entries.length, at + 10);
  out.writeUInt32LE(centralBytes, at + 12);
  out.writeUInt32LE(localBytes, at + 16);
  return out;
}

// node:zlib's crc32 is Node ≥ 20.15; older 20.x computes it here.
let table: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(bytes);
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
