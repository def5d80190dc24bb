// XML parts remembered as well-formed (check/well-formed-memo.ts): a part whose very bytes passed is
// not parsed again, in this process or (from the memo's file) in a later one; a malformed part is
// never remembered and is reported every time; a damaged or foreign line of the file vouches for no
// part.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleDeck } from '../../src/assemble/index.js';
import { checkParts } from '../../src/check/package-check.js';
import { wellFormedMemo, wellFormedStats } from '../../src/check/well-formed-memo.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';
import { tempDir } from '../helpers.js';

let files: Record<string, Uint8Array>;
let xmlParts: string[];

beforeAll(async () => {
  files = unzipSync(await assembleDeck(await fixtureDeck()));
  xmlParts = Object.keys(files).filter((p) => /\.(xml|rels)$/.test(p));
});

/** Parts taken as known (not parsed) while `f` ran. */
function known<T>(f: () => T): { value: T; known: number } {
  const before = wellFormedStats.known;
  const value = f();
  return { value, known: wellFormedStats.known - before };
}

describe('well-formed parts remembered', () => {
  it('a second check of the same parts parses none of them; a later process reads them from the file', () => {
    const file = path.join(tempDir('sd-wf-'), 'well-formed-xml.txt');
    const memo = wellFormedMemo(file, 'code-1');
    expect(known(() => checkParts(files, { wellFormed: memo }))).toEqual({ value: [], known: 0 });
    expect(known(() => checkParts(files, { wellFormed: memo }))).toEqual({ value: [], known: xmlParts.length });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(new Set(xmlParts.map((p) => Buffer.from(files[p]).toString('base64'))).size);
    expect(known(() => checkParts(files, { wellFormed: wellFormedMemo(file, 'code-1') }))).toEqual({ value: [], known: xmlParts.length });
    // another code version trusts none of them
    expect(known(() => checkParts(files, { wellFormed: wellFormedMemo(file, 'code-2') })).known).toBe(0);
  });

  it('a malformed part is reported every time, never remembered, although the good bytes of the same part are', () => {
    const memo = wellFormedMemo(path.join(tempDir('sd-wf-'), 'well-formed-xml.txt'), 'code-1');
    checkParts(files, { wellFormed: memo });
    const slide = 'ppt/slides/slide1.xml';
    const broken = { ...files, [slide]: strToU8(new TextDecoder().decode(files[slide]).replace('</p:cSld>', '<a:t>Q&A</a:t></p:cSld>')) };
    for (let i = 0; i < 2; i++) {
      const problems = checkParts(broken, { wellFormed: memo });
      expect(problems.filter((d) => d.message.startsWith('[well-formed]')).map((d) => d.file)).toEqual([slide]);
    }
  });

  it('a damaged line of the file vouches for nothing: that part is parsed again', () => {
    const file = path.join(tempDir('sd-wf-'), 'well-formed-xml.txt');
    checkParts(files, { wellFormed: wellFormedMemo(file, 'code-1') });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const flip = (line: string) => (line[0] === '0' ? '1' : '0') + line.slice(1);
    writeFileSync(file, [flip(lines[0]), lines[1].slice(0, 20), ...lines.slice(2)].join('\n') + '\n');
    const again = known(() => checkParts(files, { wellFormed: wellFormedMemo(file, 'code-1') }));
    expect(again.value).toEqual([]);
    expect(again.known).toBe(xmlParts.length - 2);
  });
});
