import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { writeDeck } from '../../src/write/write-deck.js';

describe('writeDeck', () => {
  it('creates missing directories, writes the bytes, and leaves no temp file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'surveydeck-write-'));
    const file = path.join(dir, 'nested', 'deeper', 'deck.pptx');
    await writeDeck(file, Buffer.from('first'));
    await writeDeck(file, Buffer.from('second'));
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['deck.pptx']);
  });

  it('fails with OUTPUT_NOT_WRITABLE when a parent is a file (root ignores permission bits, not this)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'surveydeck-write-'));
    writeFileSync(path.join(dir, 'file.txt'), 'not a directory');
    const file = path.join(dir, 'file.txt', 'out.pptx');
    const thrown = await writeDeck(file, Buffer.from('x')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SurveydeckError);
    const [d] = (thrown as SurveydeckError).diagnostics;
    expect(d).toMatchObject({ code: 'OUTPUT_NOT_WRITABLE', file });
    expect(d.hint).toMatch(/is a file, not a directory/);
    expect(readdirSync(dir)).toEqual(['file.txt']);
  });

  it('fails with OUTPUT_NOT_WRITABLE when the target is a directory, and cleans up its temp file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'surveydeck-write-'));
    mkdirSync(path.join(dir, 'deck.pptx', 'inside'), { recursive: true });
    const thrown = await writeDeck(path.join(dir, 'deck.pptx'), Buffer.from('x')).catch((e: unknown) => e);
    expect((thrown as SurveydeckError).code).toBe('OUTPUT_NOT_WRITABLE');
    expect(readdirSync(dir)).toEqual(['deck.pptx']);
  });
});
