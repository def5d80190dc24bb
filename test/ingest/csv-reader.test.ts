// The CSV reader: uDSV's fast path must give exactly what a strict parser gives, for any chunking,
// and still name a ragged row with its real cell count and line.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS, readCsvRecords, type CsvRecord } from '../../src/ingest/csv-reader.js';
import { diagnosticsOf } from './helpers.js';

async function readAll(text: string | Buffer, chunkBytes?: number, delimiter?: string): Promise<CsvRecord[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-csv-'));
  const file = path.join(dir, 'x.csv');
  await writeFile(file, text);
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(file, 'test', { chunkBytes, delimiter })) out.push(r);
  return out;
}

const sample = [
  'id,"q1",q2,q3',
  '"",Question one,"Question, two","Three ""quoted"""',
  '1,a,,"multi',
  'line"',
  '2,,b,c',
  '3,"x",,',
].join('\n') + '\n';

describe('readCsvRecords', () => {
  it('gives the cells csv-parse gives, and the line each record starts on, for every chunk size', async () => {
    const expected = parse(sample, { relax_column_count: true }) as string[][];
    for (const chunkBytes of [1, 2, 3, 5, 7, 16, 64 * 1024]) {
      const got = await readAll(sample, chunkBytes);
      expect(got.map((r) => r.cells), `chunk ${chunkBytes}`).toEqual(expected);
      expect(got.map((r) => r.line), `chunk ${chunkBytes}`).toEqual([1, 2, 3, 5, 6]);
    }
  });

  it('reads a one-column export line by line (uDSV keeps only the last line of a one-column text)', async () => {
    const text = 'score\n1\n2\n3\n"4"\n5\n6\n';
    for (const chunkBytes of [1, 3, 64 * 1024]) {
      const got = await readAll(text, chunkBytes);
      expect(got.map((r) => r.cells), `chunk ${chunkBytes}`).toEqual([['score'], ['1'], ['2'], ['3'], ['4'], ['5'], ['6']]);
      expect(got.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('reads CRLF with a BOM the same as LF', async () => {
    const text = sample.replace(/\n/g, '\r\n');
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    for (const chunkBytes of [1, 4, 64 * 1024]) {
      const got = await readAll(crlf, chunkBytes);
      expect(got.map((r) => r.cells)).toEqual(parse(text, { relax_column_count: true }));
      expect(got.map((r) => r.line)).toEqual([1, 2, 3, 5, 6]);
    }
  });

  it('keeps the real cell count of short, long and empty rows, and the rows after them aligned', async () => {
    const text = ['a,b,c', '1,2', '1,2,"3"', '1,"2"', '1,2,3,4', '', '5,6,7', '8,9', '"1",2,"3,4",5', '"x""y",,"z"'].join('\n');
    for (const chunkBytes of [1, 3, 1024]) {
      const got = await readAll(text, chunkBytes);
      expect(got.map((r) => [r.line, r.cells.length]), `chunk ${chunkBytes}`).toEqual([
        [1, 3],
        [2, 2],
        [3, 3],
        [4, 2],
        [5, 4],
        [6, 1],
        [7, 3],
        [8, 2],
        [9, 4],
        [10, 3],
      ]);
      expect(got[9].cells).toEqual(['x"y', '', 'z']);
      expect(got[6].cells).toEqual(['5', '6', '7']);
      expect(got[7].cells).toEqual(['8', '9']);
    }
  });

  it('lists with a record exactly the columns whose cells are not empty, where it lists them', async () => {
    const text = ['a,b,c,d', '1,,,', ',2,,', ', ,3,', ',,,', '"q",,x,', '5,,,6'].join('\r\n') + '\r\n';
    for (const chunkBytes of [1, 4, 9, 1024]) {
      const got = await readAll(text, chunkBytes);
      const listed = got.filter((r) => r.filled !== undefined);
      expect(listed.length, `chunk ${chunkBytes}`).toBeGreaterThan(3);
      for (const r of listed) expect(r.filled, `line ${r.line}, chunk ${chunkBytes}`).toEqual(r.cells.flatMap((c, i) => (c === '' ? [] : [i])));
    }
  });

  it('splits wide quote-free rows, mostly empty or mostly filled, ragged ones among them, as csv-parse does, with LF or CRLF, comma or tab', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const filled = ['1', '23', ' ', 'a b', 'x\ry'];
    for (const [rd, delimiter] of [['\n', ','], ['\r\n', ','], ['\n', '\t']]) {
      const width = 40;
      const lines = [Array.from({ length: width }, (_, i) => `c${i}`).join(delimiter)];
      for (let r = 0; r < 90; r++) {
        // Mostly the header's width; now and then a cell short or long, or an empty line. Runs of
        // rows with one cell in twenty filled, then runs with most filled.
        const n = r % 11 === 5 ? width - 1 : r % 13 === 7 ? width + 2 : r === 30 ? 0 : width;
        const share = Math.floor(r / 15) % 2 === 0 ? 0.05 : 0.8;
        const cell = () => (random() < share ? filled[Math.floor(random() * filled.length)].replace('\r', rd === '\n' ? '\r' : '') : '');
        lines.push(Array.from({ length: n }, cell).join(delimiter));
      }
      const text = lines.join(rd) + rd;
      const expected = (parse(text, { relax_column_count: true, delimiter, record_delimiter: rd, skip_empty_lines: false }) as string[][]).map((cells) => (cells.length === 0 ? [''] : cells));
      for (const chunkBytes of [1, 7, 300, 64 * 1024]) {
        const got = await readAll(text, chunkBytes, delimiter);
        expect(got.map((r) => r.cells), `${JSON.stringify(rd)} ${JSON.stringify(delimiter)} chunk ${chunkBytes}`).toEqual(expected);
        expect(got.map((r) => r.line)).toEqual(expected.map((_, i) => i + 1));
        for (const r of got.filter((r) => r.filled !== undefined)) expect(r.filled, `line ${r.line}`).toEqual(r.cells.flatMap((c, i) => (c === '' ? [] : [i])));
        expect(got.filter((r) => r.filled !== undefined).length).toBeGreaterThan(70);
      }
    }
  });

  it('reads a tab-separated file when told to, and never guesses the delimiter from the header', async () => {
    expect((await readAll('a\tb,c\n1\t2,3\n', undefined, '\t')).map((r) => r.cells)).toEqual([['a', 'b,c'], ['1', '2,3']]);
    expect((await readAll('a|b,c\n1|2,3\n')).map((r) => r.cells)).toEqual([['a|b', 'c'], ['1|2', '3']]);
  });

  it('names the line of an unclosed quote', async () => {
    const [d] = await diagnosticsOf(readAll('a,b\n1,2\n3,"4\n5,6\n'));
    expect(d.code).toBe('INVALID_CSV');
    expect(d.line).toBe(3);
    expect(d.message).toMatch(/Quote Not Closed/);
  });

  it('refuses a record that runs on past MAX_RECORD_CHARS (an unclosed quote in a large file) by its first line, without reading on', async () => {
    const head = 'a,b\n1,2\n3,"';
    const text = head + 'x'.repeat(MAX_RECORD_CHARS + 4 * 1024 * 1024) + '"\n5,6\n';
    const [d] = await diagnosticsOf(readAll(text, 1024 * 1024));
    expect([d.code, d.line, d.column]).toEqual(['INPUT_TOO_LARGE', 3, 1]);
    expect(d.file).toMatch(/x\.csv$/);
    expect(d.message).toMatch(/^The record starting on line 3 runs on past 16 Mi characters/);
    // Just under the bound, the same record is read whole.
    const fits = await readAll(head + 'x'.repeat(MAX_RECORD_CHARS - 1024) + '"\n5,6\n', 1024 * 1024);
    expect(fits.map((r) => [r.line, r.cells[1].length])).toEqual([[1, 1], [2, 1], [3, MAX_RECORD_CHARS - 1024], [4, 1]]);
  });

  it('names invalid UTF-8 cut across a chunk boundary', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nc,'), Buffer.from([0xe2, 0x82]), Buffer.from('x\n')]);
    for (const chunkBytes of [1, 5, 7, 1024]) {
      const [d] = await diagnosticsOf(readAll(bytes, chunkBytes));
      expect([d.code, d.line, d.column]).toEqual(['INVALID_CSV', 2, 3]);
      expect(d.message).toContain('byte offset 6');
    }
  });
});
