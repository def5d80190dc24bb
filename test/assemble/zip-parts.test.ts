// The zip step: laid out exactly as fflate's zipSync lays out the same parts, and the large parts it
// deflates are kept (in the process and under --cache) and read back as the very bytes, never damaged.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { faceOf } from '../../src/fonts/catalog.js';
import { zipParts, type ZipPart } from '../../src/assemble/zip-parts.js';
import { tempDir } from '../helpers.js';

beforeEach(() => vi.resetModules());

/** The deflate cache's entries under `dir` (one folder per code version), as paths relative to it. */
const entriesOf = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.deflate'));

const deflate = (bytes: Uint8Array, level: number) => deflateSync(bytes, { level: level as 6 });
const font = () => new Uint8Array(readFileSync(faceOf('Inter', 400).file));

/** Parts like a deck's: XML deflated, a picture stored, a large font deflated, a non-ASCII name. */
function someParts(): ZipPart[] {
  const xml = (n: number) => new TextEncoder().encode(`<?xml version="1.0"?><p:sld n="${n}">${'<a:t>Hallo Welt</a:t>'.repeat(n * 40)}</p:sld>`);
  const picture = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
  return [
    { name: '[Content_Types].xml', bytes: xml(1), level: 6 },
    { name: 'ppt/media/image-1.png', bytes: picture, level: 0 },
    { name: 'ppt/fonts/font1.fntdata', bytes: font(), level: 6 },
    { name: 'ppt/slides/slide2.xml', bytes: xml(2), level: 6 },
    { name: 'ppt/slides/é.xml', bytes: new Uint8Array(0), level: 6 },
  ];
}

describe('zipParts', () => {
  it('writes the bytes fflate zipSync writes for the same parts, levels and time', () => {
    const mtime = new Date(2024, 0, 1, 13, 14, 16);
    const parts = someParts();
    const zippable: Zippable = Object.fromEntries(parts.map((p) => [p.name, [p.bytes, { level: p.level as 6, mtime }]]));
    const ours = zipParts(parts, mtime, deflate);
    expect(Buffer.from(ours).equals(Buffer.from(zipSync(zippable)))).toBe(true);
    const back = unzipSync(ours);
    expect(Object.keys(back)).toEqual(parts.map((p) => p.name));
    for (const p of parts) expect(Buffer.from(back[p.name]).equals(Buffer.from(p.bytes)), p.name).toBe(true);
  });

  it('takes the deflated bytes from `deflate`, and asks it only for parts not stored', () => {
    const asked: number[] = [];
    const zip = zipParts(someParts(), new Date(2024, 0, 1), (bytes, level) => (asked.push(bytes.length), deflate(bytes, level)));
    expect(asked).toHaveLength(4);
    expect(asked).not.toContain(5000);
    expect(zip.length).toBeGreaterThan(0);
  });
});

describe('deflated parts kept', () => {
  it('deflates a large part once per process and once per cache folder, reading back the very bytes', async () => {
    const dir = tempDir('sd-parts-');
    const bytes = font();
    const expected = Buffer.from(deflate(bytes, 6));

    const first = await import('../../src/assemble/deflate-cache.js');
    first.useDeflateCache(dir, 'code-1');
    expect(Buffer.from(first.deflatePart(bytes, 6)).equals(expected)).toBe(true);
    expect(Buffer.from(first.deflatePart(bytes, 6)).equals(expected)).toBe(true);
    expect(first.deflateStats).toEqual({ computed: 1, fromProcess: 1, fromDisk: 0 });
    const entries = entriesOf(dir);
    expect(entries).toHaveLength(1);
    // The entry: a digest (32 bytes), then the deflated bytes.
    expect(readFileSync(path.join(dir, entries[0])).subarray(32).equals(expected)).toBe(true);

    // A later process reads it from the folder; another code version or level deflates again.
    vi.resetModules();
    const later = await import('../../src/assemble/deflate-cache.js');
    later.useDeflateCache(dir, 'code-1');
    expect(Buffer.from(later.deflatePart(bytes, 6)).equals(expected)).toBe(true);
    expect(later.deflateStats).toEqual({ computed: 0, fromProcess: 0, fromDisk: 1 });
    later.useDeflateCache(dir, 'code-2');
    later.deflatePart(bytes, 6);
    later.useDeflateCache(dir, 'code-1');
    expect(Buffer.from(later.deflatePart(bytes, 9)).equals(Buffer.from(deflate(bytes, 9)))).toBe(true);
    expect(later.deflateStats.computed).toBe(2);
    // Another code version's folder is removed: its entries would never be used again.
    expect(readdirSync(dir)).toHaveLength(1);
    expect(entriesOf(dir)).toHaveLength(1);
  });

  it("never ships a damaged entry: a changed byte, a truncated one or another part's is deflated afresh and replaced", async () => {
    const dir = tempDir('sd-parts-');
    const bytes = font();
    const expected = Buffer.from(deflate(bytes, 6));
    const first = await import('../../src/assemble/deflate-cache.js');
    first.useDeflateCache(dir, 'code-1');
    first.deflatePart(bytes.subarray(1), 6);
    const [otherEntry] = entriesOf(dir);
    const otherPart = readFileSync(path.join(dir, otherEntry));
    first.deflatePart(bytes, 6);
    const entry = entriesOf(dir).find((e) => e !== otherEntry)!;
    const good = readFileSync(path.join(dir, entry));
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 1;
    for (const damaged of [flipped, good.subarray(0, good.length >> 1), otherPart, good.subarray(0, 32)]) {
      writeFileSync(path.join(dir, entry), damaged);
      vi.resetModules();
      const later = await import('../../src/assemble/deflate-cache.js');
      later.useDeflateCache(dir, 'code-1');
      expect(Buffer.from(later.deflatePart(bytes, 6)).equals(expected)).toBe(true);
      expect(later.deflateStats).toEqual({ computed: 1, fromProcess: 0, fromDisk: 0 });
      expect(readFileSync(path.join(dir, entry)).equals(good)).toBe(true);
    }
  });

  it('keeps small parts too: a later process deflates none of them again', async () => {
    const dir = tempDir('sd-parts-');
    const cache = await import('../../src/assemble/deflate-cache.js');
    cache.useDeflateCache(dir, 'code-1');
    const small = new TextEncoder().encode('<a:t>small</a:t>'.repeat(100));
    const expected = Buffer.from(deflate(small, 6));
    expect(Buffer.from(cache.deflatePart(small, 6)).equals(expected)).toBe(true);
    expect(cache.deflateStats).toEqual({ computed: 1, fromProcess: 0, fromDisk: 0 });
    vi.resetModules();
    const later = await import('../../src/assemble/deflate-cache.js');
    later.useDeflateCache(dir, 'code-1');
    expect(Buffer.from(later.deflatePart(small, 6)).equals(expected)).toBe(true);
    expect(later.deflateStats).toEqual({ computed: 0, fromProcess: 0, fromDisk: 1 });
    expect(entriesOf(dir)).toHaveLength(1);
  });
});
