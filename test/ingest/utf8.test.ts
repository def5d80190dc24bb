// Strict UTF-8 decoding across chunk boundaries.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createUtf8Decoder, findInvalidUtf8, InvalidUtf8Error } from '../../src/ingest/utf8.js';

async function decodeChunks(chunks: Buffer[]): Promise<string> {
  let text = '';
  for await (const part of Readable.from(chunks).pipe(createUtf8Decoder())) text += part as string;
  return text;
}

describe('createUtf8Decoder', () => {
  const word = Buffer.from('a,€uro,日本\n', 'utf8');

  it('decodes a multi-byte character split at every possible chunk boundary', async () => {
    for (let cut = 1; cut < word.length; cut++) {
      expect(await decodeChunks([word.subarray(0, cut), word.subarray(cut)])).toBe('a,€uro,日本\n');
    }
  });

  it('drops the BOM', async () => {
    expect(await decodeChunks([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf, 0x78])])).toBe('x');
  });

  it('locates an invalid byte in a later chunk by file offset, line and column', async () => {
    const bad = Buffer.concat([Buffer.from('ab\ncd'), Buffer.from([0xe2, 0x82]), Buffer.from('x')]);
    for (let cut = 1; cut < bad.length; cut++) {
      const err = await decodeChunks([bad.subarray(0, cut), bad.subarray(cut)]).catch((e: unknown) => e);
      expect(err, `cut at ${cut}`).toBeInstanceOf(InvalidUtf8Error);
      expect((err as InvalidUtf8Error).where).toEqual({ byteOffset: 5, line: 2, column: 3 });
    }
  });

  it('rejects a sequence cut by the end of the file', async () => {
    const err = await decodeChunks([Buffer.from('ok'), Buffer.from([0xe6, 0x97])]).catch((e: unknown) => e);
    expect((err as InvalidUtf8Error).where.byteOffset).toBe(2);
  });
});

describe('findInvalidUtf8', () => {
  it('finds overlong encodings and surrogates', () => {
    expect(findInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80]), true)).toBe(1);
    expect(findInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]), true)).toBe(0);
    expect(findInvalidUtf8(Buffer.from('€', 'utf8'), true)).toBe(-1);
  });
});
