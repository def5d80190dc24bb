// The zip step: laid out exactly as fflate's zipSync lays out the same parts, and the large parts it
// deflates are kept (in the process and under --cache) and read back as the very bytes, never damaged.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { faceOf } from '../../src/fonts/catalog.js';
import { zipParts, type ZipPart } from '../../src/assemble/zip-parts.js';
import { tempDir } from '../helpers.js';

beforeEach(() => vi.resetModules());

/** The deflate cache's packs under `dir` (one folder per code version), as paths relative to it. */
const entriesOf = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.pack'));

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
  it('deflates a large part once per process and once per deck under the cache folder, reading back the very bytes', async () => {
    const dir = tempDir('sd-parts-');
    const bytes = font();
    const expected = Buffer.from(deflate(bytes, 6));

    const first = await import('../../src/assemble/deflate-cache.js');
    first.useDeflateCache(dir, 'code-1');
    const deck = first.deckDeflater('/out/a.pptx');
    expect(Buffer.from(deck.deflate(bytes, 6)).equals(expected)).toBe(true);
    expect(Buffer.from(first.deckDeflater('/out/b.pptx').deflate(bytes, 6)).equals(expected)).toBe(true);
    expect(first.deflateStats).toEqual({ computed: 1, fromProcess: 1, fromDisk: 0 });
    expect(entriesOf(dir)).toHaveLength(0); // kept when the deck is written
    deck.save();
    const entries = entriesOf(dir);
    expect(entries).toHaveLength(1);
    // The pack: a magic, then per part its key, a digest, its length and the deflated bytes.
    const pack = readFileSync(path.join(dir, entries[0]));
    expect(pack.subarray(0, 8).toString()).toBe('sdparts1');
    expect(pack.subarray(8 + 32 + 32 + 4).equals(expected)).toBe(true);
    const written = statSync(path.join(dir, entries[0])).mtimeMs;

    // A later process reads it from the deck's pack; another deck, code version or level deflates again.
    vi.resetModules();
    const later = await import('../../src/assemble/deflate-cache.js');
    later.useDeflateCache(dir, 'code-1');
    const again = later.deckDeflater('/out/a.pptx');
    expect(Buffer.from(again.deflate(bytes, 6)).equals(expected)).toBe(true);
    expect(later.deflateStats).toEqual({ computed: 0, fromProcess: 0, fromDisk: 1 });
    again.save(); // the same parts as it holds: not written again
    expect(statSync(path.join(dir, entries[0])).mtimeMs).toBe(written);
    vi.resetModules();
    const other = await import('../../src/assemble/deflate-cache.js');
    other.useDeflateCache(dir, 'code-1');
    other.deckDeflater('/out/b.pptx').deflate(bytes, 6);
    expect(other.deflateStats.computed).toBe(1);
    expect(Buffer.from(other.deckDeflater('/out/a.pptx').deflate(bytes, 9)).equals(Buffer.from(deflate(bytes, 9)))).toBe(true);
    expect(other.deflateStats.computed).toBe(2);
    vi.resetModules();
    const newer = await import('../../src/assemble/deflate-cache.js');
    newer.useDeflateCache(dir, 'code-2');
    const newerDeck = newer.deckDeflater('/out/a.pptx');
    newerDeck.deflate(bytes, 6);
    expect(newer.deflateStats.computed).toBe(1);
    newerDeck.save();
    // Another code version's folder is removed: its packs would never be used again.
    expect(readdirSync(dir)).toHaveLength(1);
    expect(entriesOf(dir)).toHaveLength(1);
  });

  it('keeps in a pack the parts its deck used last: a changed part replaces the old one', async () => {
    const dir = tempDir('sd-parts-');
    const small = (t: string) => new TextEncoder().encode(`<a:t>${t}</a:t>`.repeat(100));
    const first = await import('../../src/assemble/deflate-cache.js');
    first.useDeflateCache(dir, 'code-1');
    const deck = first.deckDeflater('/out/a.pptx');
    for (const t of ['one', 'two', 'three']) deck.deflate(small(t), 6);
    deck.save();
    vi.resetModules();
    const later = await import('../../src/assemble/deflate-cache.js');
    later.useDeflateCache(dir, 'code-1');
    const edited = later.deckDeflater('/out/a.pptx');
    for (const t of ['one', 'two', 'four']) expect(Buffer.from(edited.deflate(small(t), 6)).equals(Buffer.from(deflate(small(t), 6)))).toBe(true);
    expect(later.deflateStats).toEqual({ computed: 1, fromProcess: 0, fromDisk: 2 });
    edited.save();
    vi.resetModules();
    const third = await import('../../src/assemble/deflate-cache.js');
    third.useDeflateCache(dir, 'code-1');
    const deck3 = third.deckDeflater('/out/a.pptx');
    for (const t of ['one', 'two', 'four', 'three']) deck3.deflate(small(t), 6);
    expect(third.deflateStats).toEqual({ computed: 1, fromProcess: 0, fromDisk: 3 }); // `three` was let go
  });

  it("never ships a damaged entry: a changed byte, a truncated pack or another deck's is deflated afresh and replaced", async () => {
    const dir = tempDir('sd-parts-');
    const bytes = font();
    const expected = Buffer.from(deflate(bytes, 6));
    const first = await import('../../src/assemble/deflate-cache.js');
    first.useDeflateCache(dir, 'code-1');
    const other = first.deckDeflater('/out/b.pptx');
    other.deflate(bytes.subarray(1), 6);
    other.save();
    const [otherEntry] = entriesOf(dir);
    const otherPack = readFileSync(path.join(dir, otherEntry));
    const deck = first.deckDeflater('/out/a.pptx');
    deck.deflate(bytes, 6);
    deck.save();
    const entry = entriesOf(dir).find((e) => e !== otherEntry)!;
    const good = readFileSync(path.join(dir, entry));
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 1;
    for (const damaged of [flipped, good.subarray(0, good.length >> 1), otherPack, good.subarray(0, 8 + 32 + 32 + 4), Buffer.from('not a pack')]) {
      writeFileSync(path.join(dir, entry), damaged);
      vi.resetModules();
      const later = await import('../../src/assemble/deflate-cache.js');
      later.useDeflateCache(dir, 'code-1');
      const again = later.deckDeflater('/out/a.pptx');
      expect(Buffer.from(again.deflate(bytes, 6)).equals(expected)).toBe(true);
      expect(later.deflateStats).toEqual({ computed: 1, fromProcess: 0, fromDisk: 0 });
      again.save();
      expect(readFileSync(path.join(dir, entry)).equals(good)).toBe(true);
    }
  });

  it('keeps small parts too: a later process deflates none of them again', async () => {
    const dir = tempDir('sd-parts-');
    const cache = await import('../../src/assemble/deflate-cache.js');
    cache.useDeflateCache(dir, 'code-1');
    const small = new TextEncoder().encode('<a:t>small</a:t>'.repeat(100));
    const expected = Buffer.from(deflate(small, 6));
    const deck = cache.deckDeflater('/out/a.pptx');
    expect(Buffer.from(deck.deflate(small, 6)).equals(expected)).toBe(true);
    expect(cache.deflateStats).toEqual({ computed: 1, fromProcess: 0, fromDisk: 0 });
    deck.save();
    vi.resetModules();
    const later = await import('../../src/assemble/deflate-cache.js');
    later.useDeflateCache(dir, 'code-1');
    expect(Buffer.from(later.deckDeflater('/out/a.pptx').deflate(small, 6)).equals(expected)).toBe(true);
    expect(later.deflateStats).toEqual({ computed: 0, fromProcess: 0, fromDisk: 1 });
    expect(entriesOf(dir)).toHaveLength(1);
  });

  it('without a cache folder keeps parts in the process only', async () => {
    const cache = await import('../../src/assemble/deflate-cache.js');
    cache.useDeflateCache(undefined, 'code-1');
    const small = new TextEncoder().encode('<a:t>small</a:t>'.repeat(100));
    const deck = cache.deckDeflater('/out/a.pptx');
    deck.deflate(small, 6);
    deck.save();
    expect(cache.deflatePart(small, 6)).toBe(deck.deflate(small, 6));
    expect(cache.deflateStats).toEqual({ computed: 1, fromProcess: 2, fromDisk: 0 });
  });
});
