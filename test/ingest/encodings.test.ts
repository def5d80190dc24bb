// Exports in other encodings than UTF-8: Excel's "Unicode Text" (UTF-16 with its byte-order mark, tab
// between cells) is read as it is; Excel's "CSV" on Windows (the system's code page) is read when the
// spec names it (`input.encoding`), and is an error naming the way out when it does not. One small
// survey written in each encoding must give the same aggregates as its UTF-8 file.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { readCsvRecords } from '../../src/ingest/csv-reader.js';
import { parseSurveySpec } from '../../src/ingest/survey-spec.js';
import { KINDS_SPEC_HEAD } from '../helpers.js';
import { diagnosticsOf } from './helpers.js';

const header = ['Horodateur', 'Quel est votre rôle ?', 'Satisfaction'];
const rows = [
  ['2025-01-02 10:00', 'Développeur', 'Très satisfait'],
  ['2025-01-03 10:00', 'Ingénieure', 'Satisfait'],
  ['2025-01-04 10:00', 'Développeur', 'Peu satisfait'],
  ['2025-01-05 10:00', 'Chef de projet', 'Très satisfait'],
];
const spec = (encoding?: string, delimiter?: string) =>
  `input: { format: tidy, file: export.csv${delimiter ? `, delimiter: ${JSON.stringify(delimiter)}` : ''}${encoding ? `, encoding: ${encoding}` : ''} }
questions:
  role:
    kind: single
    column: "Quel est votre rôle ?"
    options: [{ code: "1", label: "Développeur" }, { code: "2", label: "Ingénieure" }, { code: "3", label: "Chef de projet" }]
  satisfaction:
    kind: single
    column: "Satisfaction"
    options: [{ code: "1", label: "Peu satisfait" }, { code: "2", label: "Satisfait" }, { code: "3", label: "Très satisfait" }]
`;
const text = (delimiter: string, eol = '\r\n') => [header, ...rows].map((r) => r.join(delimiter)).join(eol) + eol;

/** windows-1252 bytes of Latin-1 text (every character here is below U+0100, where the two agree). */
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

async function aggregate(specText: string, bytes: Buffer) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'encodings-'));
  await writeFile(path.join(dir, 'export.csv'), bytes);
  await writeFile(path.join(dir, 'survey.yaml'), KINDS_SPEC_HEAD + specText);
  return aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
}

const counts = (a: Awaited<ReturnType<typeof aggregate>>['aggregates']) => Object.fromEntries(Object.values(a.questions).map((q) => [q.id, q.options.map((o) => [o.label, o.count])]));

describe('export encodings', () => {
  it('reads UTF-16 by its byte-order mark (Excel\'s "Unicode Text", tab-separated), little- and big-endian, as its UTF-8 file', async () => {
    const expected = counts((await aggregate(spec(), Buffer.from(text(','), 'utf8'))).aggregates);
    expect(expected.role).toEqual([['Développeur', 2], ['Ingénieure', 1], ['Chef de projet', 1]]);
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text('\t'), 'utf16le')]), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text('\t'))])]) {
      const { aggregates, diagnostics } = await aggregate(spec(), bytes);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(counts(aggregates)).toEqual(expected);
    }
  });

  it('reads windows-1252 where the spec names it, and refuses it as UTF-8 naming input.encoding and init --encoding', async () => {
    const expected = counts((await aggregate(spec(), Buffer.from(text(';'), 'utf8'))).aggregates);
    const ansi = latin1(text(';'));
    const [d] = await diagnosticsOf(aggregate(spec(), ansi));
    expect(d.code).toBe('INVALID_CSV');
    expect(`${d.message} ${d.hint}`).toMatch(/Invalid UTF-8 .*encoding: windows-1252.*--encoding windows-1252/);
    expect(counts((await aggregate(spec('windows-1252'), ansi)).aggregates)).toEqual(expected);
  });

  it('reads Shift_JIS where named, cut at any byte, and names a file that is not valid in the encoding given', async () => {
    // 日本 = 93 FA 96 7B, あ = 82 A0 in Shift_JIS: cut between a character's two bytes by 1-byte chunks.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'encodings-'));
    const file = path.join(dir, 'sjis.csv');
    await writeFile(file, Buffer.from([0x51, 0x2c, 0x52, 0x0a, 0x93, 0xfa, 0x96, 0x7b, 0x2c, 0x82, 0xa0, 0x0a]));
    for (const chunkBytes of [1, 3, 1024]) {
      const got: string[][] = [];
      for await (const r of readCsvRecords(file, 'test', { encoding: 'shift_jis', chunkBytes })) got.push(r.cells);
      expect(got, `chunk ${chunkBytes}`).toEqual([['Q', 'R'], ['日本', 'あ']]);
    }
    // 0x82 0x0A is no Shift_JIS character.
    await writeFile(file, Buffer.from([0x51, 0x2c, 0x52, 0x0a, 0x82, 0x0a]));
    const [d] = await diagnosticsOf((async () => {
      for await (const _ of readCsvRecords(file, 'test', { encoding: 'shift_jis' })) void _;
    })());
    expect(d.code).toBe('INVALID_CSV');
    expect(d.message).toMatch(/not valid shift_jis text/);
  });

  it('names the encoding to declare for UTF-16 written without its byte-order mark, and reads it once declared', async () => {
    const expected = counts((await aggregate(spec(), Buffer.from(text(','), 'utf8'))).aggregates);
    const bare = Buffer.from(text(','), 'utf16le');
    const [d] = await diagnosticsOf(aggregate(spec(), bare));
    expect(d.code).toBe('INVALID_CSV');
    expect(`${d.message} ${d.hint}`).toMatch(/UTF-16 text without its byte-order mark .*encoding: utf-16le/);
    const [be] = await diagnosticsOf(aggregate(spec(), utf16be(text(','))));
    expect(be.hint).toMatch(/encoding: utf-16be/);
    expect(counts((await aggregate(spec('utf-16le'), bare)).aggregates)).toEqual(expected);
  });

  it('refuses an encoding TextDecoder does not know, in the spec', () => {
    const yaml = `version: 2\nsurvey: { id: s, title: S, year: 2025 }\ninput: { format: tidy, file: x.csv, encoding: latin-9000 }\nquestions: { q1: { kind: text } }\n`;
    let caught: unknown;
    try {
      parseSurveySpec('survey.yaml', yaml);
    } catch (e) {
      caught = e;
    }
    const diagnostics = (caught as { diagnostics?: { code: string; message: string }[] }).diagnostics ?? [];
    expect(diagnostics.map((x) => x.code)).toContain('INVALID_SURVEY_SPEC');
    expect(diagnostics.map((x) => x.message).join(' ')).toMatch(/input\.encoding.*not an encoding TextDecoder knows/);
  });
});
