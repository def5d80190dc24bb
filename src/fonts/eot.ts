// Fonts stage helper: TrueType bytes → an Embedded OpenType (EOT) container, the form PowerPoint reads
// from `ppt/fonts/*.fntdata`; and the reader tests use to check one. Pure.
//
// Written here rather than with `ttf2eot` (npm): that package never copies the OS/2 fsType into the
// header (every font it wraps claims "installable", whatever its licence bits say) and cannot mark
// a subset. The layout follows the W3C EOT submission (Microsoft, 2008), version 0x00020001:
//
//   EOTSize FontDataSize Version Flags FontPANOSE[10] Charset Italic Weight fsType MagicNumber
//   UnicodeRange1-4 CodePageRange1-2 CheckSumAdjustment Reserved1-4 Padding1
//   FamilyNameSize FamilyName Padding2 StyleNameSize StyleName Padding3 VersionNameSize VersionName
//   Padding4 FullNameSize FullName Padding5 RootStringSize RootString FontData
//
// All header integers are little-endian; names are UTF-16LE without a terminator; FontData is the
// TrueType file unchanged (no MTX compression, no XOR obfuscation: Flags says so).

export const EOT_VERSION = 0x00020001;
export const EOT_MAGIC_NUMBER = 0x504c;
/** Flags: the font data is a subset of the original font. */
export const TTEMBED_SUBSET = 0x00000001;
/** The submission asks for DEFAULT_CHARSET in the header (real charsets are for GDI font mapping). */
export const EOT_CHARSET_DEFAULT = 0x01;

const FIXED_HEADER_BYTES = 82;

export interface EotOptions {
  /** Set TTEMBED_SUBSET: the font data holds only some of the font's glyphs. */
  subset?: boolean;
}

/** Wrap a TrueType font in an EOT 0x00020001 container. Throws when a required table is missing. */
export function ttfToEot(ttf: Uint8Array, options: EotOptions = {}): Buffer {
  const font = Buffer.from(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const os2 = requireTable(font, 'OS/2');
  const head = requireTable(font, 'head');
  const names = readWindowsNames(font, requireTable(font, 'name'));

  const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
  // EOTSize is written last, once the whole length is known.
  fixed.writeUInt32LE(font.length, 4); // FontDataSize
  fixed.writeUInt32LE(EOT_VERSION, 8);
  fixed.writeUInt32LE(options.subset ? TTEMBED_SUBSET : 0, 12); // Flags
  font.copy(fixed, 16, os2 + 32, os2 + 42); // FontPANOSE: OS/2 panose[10]
  fixed.writeUInt8(EOT_CHARSET_DEFAULT, 26);
  fixed.writeUInt8(font.readUInt16BE(os2 + 62) & 0x01, 27); // Italic: fsSelection bit 0
  fixed.writeUInt32LE(font.readUInt16BE(os2 + 4), 28); // Weight: usWeightClass
  fixed.writeUInt16LE(font.readUInt16BE(os2 + 8), 32); // fsType: the font's own embedding bits
  fixed.writeUInt16LE(EOT_MAGIC_NUMBER, 34);
  for (let i = 0; i < 4; i++) fixed.writeUInt32LE(font.readUInt32BE(os2 + 42 + 4 * i), 36 + 4 * i); // ulUnicodeRange1-4
  if (font.readUInt16BE(os2) >= 1) {
    for (let i = 0; i < 2; i++) fixed.writeUInt32LE(font.readUInt32BE(os2 + 78 + 4 * i), 52 + 4 * i); // ulCodePageRange1-2
  }
  fixed.writeUInt32LE(font.readUInt32BE(head + 8), 60); // CheckSumAdjustment
  // Reserved1-4 and Padding1 stay zero.

  const parts: Buffer[] = [fixed];
  const nameOrder = [names.family, names.style, names.version, names.full];
  nameOrder.forEach((name, i) => {
    if (i > 0) parts.push(Buffer.alloc(2)); // Padding2..4
    parts.push(sizePrefixed(name));
  });
  parts.push(Buffer.alloc(2)); // Padding5
  parts.push(sizePrefixed(Buffer.alloc(0))); // RootStringSize 0: no URL restriction (a deck has no URL)
  parts.push(font);
  const eot = Buffer.concat(parts);
  eot.writeUInt32LE(eot.length, 0); // EOTSize
  return eot;
}

export interface EotHeader {
  eotSize: number;
  fontDataSize: number;
  version: number;
  flags: number;
  panose: number[];
  charset: number;
  italic: number;
  weight: number;
  fsType: number;
  magicNumber: number;
  unicodeRange: number[];
  codePageRange: number[];
  checkSumAdjustment: number;
  familyName: string;
  styleName: string;
  versionName: string;
  fullName: string;
  rootString: string;
  /** The wrapped TrueType bytes. */
  fontData: Buffer;
}

/** Read an EOT 0x00020001 / 0x00020002 header and its font data (uncompressed, unobfuscated only). */
export function readEot(bytes: Uint8Array): EotHeader {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = b.readUInt32LE(8);
  if (version !== 0x00020001 && version !== 0x00020002) throw new Error(`EOT version 0x${version.toString(16)} is not read here`);
  let at = FIXED_HEADER_BYTES;
  const readName = () => {
    const size = b.readUInt16LE(at);
    const s = b.subarray(at + 2, at + 2 + size).toString('utf16le');
    at += 2 + size;
    return s;
  };
  const familyName = readName();
  at += 2;
  const styleName = readName();
  at += 2;
  const versionName = readName();
  at += 2;
  const fullName = readName();
  at += 2;
  const rootString = readName();
  if (version === 0x00020002) {
    at += 4 + 4 + 2; // RootStringCheckSum, EUDCCodePage, Padding6
    at += 2 + b.readUInt16LE(at); // SignatureSize, Signature
    at += 4; // EUDCFlags
    at += 4 + b.readUInt32LE(at); // EUDCFontSize, EUDCFontData
  }
  const fontDataSize = b.readUInt32LE(4);
  return {
    eotSize: b.readUInt32LE(0),
    fontDataSize,
    version,
    flags: b.readUInt32LE(12),
    panose: [...b.subarray(16, 26)],
    charset: b.readUInt8(26),
    italic: b.readUInt8(27),
    weight: b.readUInt32LE(28),
    fsType: b.readUInt16LE(32),
    magicNumber: b.readUInt16LE(34),
    unicodeRange: [0, 1, 2, 3].map((i) => b.readUInt32LE(36 + 4 * i)),
    codePageRange: [0, 1].map((i) => b.readUInt32LE(52 + 4 * i)),
    checkSumAdjustment: b.readUInt32LE(60),
    familyName,
    styleName,
    versionName,
    fullName,
    rootString,
    fontData: b.subarray(at, at + fontDataSize),
  };
}

/** Offset of a table in an sfnt, or undefined. */
export function findTable(font: Buffer, tag: string): number | undefined {
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const entry = 12 + 16 * i;
    if (font.toString('latin1', entry, entry + 4) === tag) return font.readUInt32BE(entry + 8);
  }
  return undefined;
}

function requireTable(font: Buffer, tag: string): number {
  const at = findTable(font, tag);
  if (at === undefined) throw new Error(`not a usable TrueType font: no \`${tag}\` table`);
  return at;
}

interface WindowsNames {
  family: Buffer;
  style: Buffer;
  version: Buffer;
  full: Buffer;
}

/** Name IDs 1, 2, 5, 4 from the Windows Unicode (3, 1) US English records, as UTF-16LE. */
function readWindowsNames(font: Buffer, name: number): WindowsNames {
  const count = font.readUInt16BE(name + 2);
  const strings = name + font.readUInt16BE(name + 4);
  const found = new Map<number, Buffer>();
  for (let i = 0; i < count; i++) {
    const rec = name + 6 + 12 * i;
    const [platform, encoding, language, nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => font.readUInt16BE(rec + o));
    if (platform !== 3 || encoding !== 1 || language !== 0x0409 || found.has(nameId)) continue;
    const utf16be = font.subarray(strings + offset, strings + offset + length);
    const le = Buffer.alloc(utf16be.length);
    for (let j = 0; j + 1 < utf16be.length; j += 2) le.writeUInt16LE(utf16be.readUInt16BE(j), j);
    found.set(nameId, le);
  }
  const get = (id: number) => found.get(id) ?? Buffer.alloc(0);
  return { family: get(1), style: get(2), version: get(5), full: get(4) };
}

function sizePrefixed(bytes: Buffer): Buffer {
  const size = Buffer.alloc(2);
  size.writeUInt16LE(bytes.length, 0);
  return Buffer.concat([size, bytes]);
}
