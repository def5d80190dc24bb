// Incremental builds, the parts that let a warm build read less: a check's outcome kept under --cache
// while its files and the code are unchanged, and a deck's hash taken from its record while the file's
// size, modification time and inode are those it was written with.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHashes, sha256, stampOf } from '../../src/incremental/deck-record.js';
import { memoisedCheck, memoStats } from '../../src/incremental/memo-check.js';
import { tempDir } from '../helpers.js';

describe('memoisedCheck', () => {
  const dir = tempDir('sd-memo-');
  const input = path.join(dir, 'input.txt');
  const missing = path.join(dir, 'not-yet.txt');
  const cacheDir = path.join(dir, 'cache');
  const run = (code = 'v1') => {
    let ran = 0;
    const value = memoisedCheck({ cacheDir, name: 'test', code, files: [input, missing], hashes: new FileHashes() }, () => {
      ran++;
      return { length: readFileSync(input, 'utf8').length };
    });
    return value.then((v) => ({ value: v, ran }));
  };

  it('runs the check once while its files and the code are unchanged, and again when one changes', async () => {
    writeFileSync(input, 'abc');
    expect(await run()).toEqual({ value: { length: 3 }, ran: 1 });
    const hits = memoStats.hits;
    expect(await run()).toEqual({ value: { length: 3 }, ran: 0 });
    expect(memoStats.hits).toBe(hits + 1);
    writeFileSync(input, 'abcd');
    expect(await run()).toEqual({ value: { length: 4 }, ran: 1 });
    expect(await run('v2')).toEqual({ value: { length: 4 }, ran: 1 });
    // A file that did not exist and now does changes the key too.
    writeFileSync(missing, '');
    expect(await run('v2')).toEqual({ value: { length: 4 }, ran: 1 });
    expect(await run('v2')).toEqual({ value: { length: 4 }, ran: 0 });
  });

  it('keeps no outcome of a check that throws', async () => {
    const hashes = new FileHashes();
    const failing = () => memoisedCheck({ cacheDir, name: 'throws', code: 'v1', files: [input], hashes }, () => {
      throw new Error('stale');
    });
    await expect(failing()).rejects.toThrow('stale');
    await expect(failing()).rejects.toThrow('stale');
  });
});

describe('FileHashes.trust', () => {
  it("takes the recorded hash while the file's stamp holds, and reads the file once it does not", async () => {
    const file = path.join(tempDir('sd-stamp-'), 'deck.pptx');
    writeFileSync(file, 'the deck as written');
    const stamp = (await stampOf(file))!;
    const recorded = 'f'.repeat(64); // not the file's hash: seeing it back proves the file was not read
    const trusting = new FileHashes();
    await trusting.trust(file, stamp, recorded);
    expect(await trusting.of(file)).toBe(recorded);

    writeFileSync(file, 'the deck as someone edited it');
    const afterEdit = new FileHashes();
    await afterEdit.trust(file, stamp, recorded);
    expect(await afterEdit.of(file)).toBe(sha256(readFileSync(file)));
    // A file hashed before trust is asked keeps the hash it was read with.
    const read = new FileHashes();
    const hash = await read.of(file);
    await read.trust(file, (await stampOf(file))!, recorded);
    expect(await read.of(file)).toBe(hash);
  });
});
