// Bad input: every problem is an error naming file, line and column, or is parsed correctly; never
// a silently wrong share. Fixtures: test/fixtures/ingest/mini/ (a four-question survey).
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey, serializeAggregates } from '../../src/ingest/index.js';
import { parseSurveySpec } from '../../src/ingest/survey-spec.js';
import { tempDir } from '../helpers.js';
import { diagnosticsOf, fixtures } from './helpers.js';

const dir = path.join(fixtures, 'mini');
const run = (raw: string, spec = 'spec.yaml') =>
  aggregateSurvey({ rawFile: path.join(dir, raw), modelFile: path.join(dir, 'model.csv'), specFile: path.join(dir, spec) });
const where = (d: { file?: string; line?: number; column?: number }) => `${path.basename(d.file ?? '')}:${d.line}:${d.column}`;

describe('ingest of the mini fixture survey', () => {
  it('aggregates the valid export with no diagnostics', async () => {
    const { aggregates, diagnostics } = await run('valid.csv');
    expect(diagnostics).toEqual([]);
    expect(aggregates.survey.respondents).toBe(4);
    expect(aggregates.questions.q1.options.map((o) => [o.code, o.count])).toEqual([['1', 2], ['2', 1], ['0', 1]]);
    expect(aggregates.questions.q2.options.map((o) => [o.code, o.count])).toEqual([['1', 3], ['2', 2], ['other', 1]]);
    // Non-answers are out of every base by the spec's policy: item 1 had one "Don't know".
    expect(aggregates.questions.q3.items!.map((i) => [i.code, i.base.asked, i.base.n])).toEqual([['1', 2, 1], ['2', 2, 2]]);
    expect(aggregates.questions.q3.items![0].base.excluded).toEqual({ count: 1, share: 0.5 });
    expect(aggregates.questions.q4).toMatchObject({ kind: 'text', textAnswers: 1, options: [], base: { asked: 2 } });
    expect(aggregates.findings.hasOspo).toMatchObject({ count: 2, base: { n: 3, asked: 4, includesDontKnow: false } });
    expect(aggregates.findings.budgetOften).toMatchObject({ count: 1, base: { n: 1, asked: 2 } });
  });

  it('parses a file with a BOM and CRLF line ends (and a CRLF inside a quoted cell) the same', async () => {
    const lf = await run('valid.csv');
    const crlf = await run('valid-crlf-bom.csv');
    expect((await readFile(path.join(dir, 'valid-crlf-bom.csv'))).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(crlf.diagnostics).toEqual([]);
    expect(serializeAggregates(crlf.aggregates)).toBe(serializeAggregates(lf.aggregates));
  });

  it('rejects a ragged row, naming the line after a quoted line break', async () => {
    const [d, ...rest] = await diagnosticsOf(run('invalid-ragged.csv'));
    expect(rest).toEqual([]);
    expect(d.code).toBe('INVALID_CSV');
    // Row 1 spans lines 4-5 (quoted newline), so the short row is on line 6; it has 13 of 14 cells.
    expect(where(d)).toBe('invalid-ragged.csv:6:14');
    expect(d.message).toMatch(/13 cells.*14/);
  });

  it('names the same line when the file has CRLF line ends', async () => {
    const [d] = await diagnosticsOf(run('invalid-ragged-crlf.csv'));
    expect(where(d)).toBe('invalid-ragged-crlf.csv:6:14');
  });

  it('rejects an unknown option code in a cell', async () => {
    const [d] = await diagnosticsOf(run('invalid-unknown-code.csv'));
    expect(d.code).toBe('UNKNOWN_OPTION_CODE');
    expect(where(d)).toBe('invalid-unknown-code.csv:4:3');
    expect(d.message).toContain('`7`');
  });

  it('rejects a question id that the reference model lacks', async () => {
    const diagnostics = await diagnosticsOf(run('invalid-unknown-question.csv'));
    const d = diagnostics.find((x) => x.code === 'UNKNOWN_QUESTION' && x.line === 1)!;
    expect(where(d)).toBe('invalid-unknown-question.csv:1:14');
    expect(d.message).toContain('q9');
  });

  it('rejects an empty file', async () => {
    const [d] = await diagnosticsOf(run('invalid-empty.csv'));
    expect(d.code).toBe('INVALID_CSV');
    expect(where(d)).toBe('invalid-empty.csv:1:1');
  });

  it('rejects invalid UTF-8 with line, column and byte offset', async () => {
    const bytes = await readFile(path.join(dir, 'invalid-utf8.csv'));
    const offset = bytes.indexOf(0xe9);
    const [d] = await diagnosticsOf(run('invalid-utf8.csv'));
    expect(d.code).toBe('INVALID_CSV');
    expect(where(d)).toBe('invalid-utf8.csv:7:20');
    expect(d.message).toContain(`byte offset ${offset}`);
  });

  it('refuses an export that is no text table by name, before parsing it: SPSS, binary, a zip named .csv (UTF-16 text is read: encodings.test.ts)', async () => {
    const tmp = tempDir();
    const valid = await readFile(path.join(dir, 'valid.csv'));
    const cases: [string, Buffer, RegExp][] = [
      ['results.sav', Buffer.from('$FL2@(#) IBM SPSS STATISTICS\0\0'), /is an SPSS data file \(\.sav\): surveydeck reads CSV, TSV and \.xlsx/],
      ['results.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), /is an Excel 97–2003 workbook \(\.xls\)/],
      ['binary.csv', Buffer.concat([valid.subarray(0, 40), Buffer.from([0]), valid.subarray(40)]), /is a binary file \(it holds NUL bytes\)/],
      ['workbook.csv', Buffer.from('PK\x03\x04rest of a zip'), /is a zip archive \(an \.xlsx workbook is one: name it \.xlsx\)/],
    ];
    for (const [name, bytes, message] of cases) {
      writeFileSync(path.join(tmp, name), bytes);
      const [d, ...rest] = await diagnosticsOf(aggregateSurvey({ rawFile: path.join(tmp, name), modelFile: path.join(dir, 'model.csv'), specFile: path.join(dir, 'spec.yaml') }));
      expect(rest, name).toEqual([]);
      expect(d.code, name).toBe('INVALID_CSV');
      expect(d.message, name).toMatch(message);
      expect(d.hint, name).toMatch(/CSV \(UTF-8\) or \.xlsx/);
    }
  });

  it('reports a missing export as MISSING_FILE', async () => {
    const [d] = await diagnosticsOf(run('no-such-file.csv'));
    expect(d.code).toBe('MISSING_FILE');
  });

  it('rejects a spec whose population disagrees with the model show logic', async () => {
    const [d] = await diagnosticsOf(run('valid.csv', 'invalid-spec-population.yaml'));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/page 2 is shown if q1r1/);
  });

  it('rejects an unknown key in the spec with its JSON path and YAML line', async () => {
    const [d] = await diagnosticsOf(run('valid.csv', 'invalid-spec-key.yaml'));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toContain('$.findings.budgetOften');
    expect(d.message).toContain('colour');
    expect(d.line).toBe(23);
  });

  it('names the mistake of a finding written as a deck manifest writes it (`findings.x`) in the spec', async () => {
    const text = (await readFile(path.join(dir, 'spec.yaml'), 'utf8')) + '\nclaims:\n  often: { kind: share, finding: findings.hasOspo, threshold: 0.5 }\n';
    const [d, ...rest] = await diagnosticsOf(Promise.resolve().then(() => parseSurveySpec(path.join(dir, 'spec.yaml'), text)));
    expect(rest).toEqual([]);
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toBe('$.claims.often.finding: a finding id, without `findings.` (the spec names findings by id; deck manifests by path)');
  });
});

describe('a `column:` the export does not have', () => {
  const spec = (column: string) =>
    [
      'version: 2',
      'survey: { id: typo, title: Typo, year: 2025 }',
      'source: { publisher: p, title: t, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: a }',
      'input: { format: tidy, file: export.csv, values: labels }',
      'questions:',
      `  role: { column: ${JSON.stringify(column)}, kind: single, options: [{ code: 1, label: Manager }, { code: 2, label: Engineer }] }`,
      'populations: { all: { description: respondents, sections: [] } }',
      'base: { nonAnswers: exclude }',
      '',
    ].join('\n');

  it('names the header it most likely meant, among those no question reads, and none when nothing is near', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), 'Timestamp,What is your role?,Where do you work?\n2025-01-01,Manager,Home\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec('What is your roles?'));
    const [d] = await diagnosticsOf(aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') }));
    expect(d.code).toBe('UNKNOWN_QUESTION');
    expect(d.message).toBe('questions.role: the export has no column for it (looked for `What is your roles?`); the nearest header no question reads is `What is your role?`');
    writeFileSync(path.join(dir, 'survey.yaml'), spec('How large is your team?'));
    const [far] = await diagnosticsOf(aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') }));
    expect(far.message).toBe('questions.role: the export has no column for it (looked for `How large is your team?`)');
  });
});
