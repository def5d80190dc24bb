// A respondent id kept twice (an export appended to itself, a form sent twice) is said, with the lines;
// ids are remembered as hashes in typed arrays, so a million of them stay within a few tens of MiB.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { SeenIds } from '../../src/ingest/seen-ids.js';
import { tempDir } from '../helpers.js';

describe('repeated respondent ids', () => {
  it('remembers 200,000 distinct ids without a false repeat, and names the first repeats with both lines', () => {
    const seen = new SeenIds();
    for (let i = 0; i < 200_000; i++) seen.see(`R_${i.toString(36)}`, i + 2);
    expect(seen.repeats).toBe(0);
    seen.see('R_0', 200_002);
    seen.see('R_zz', 200_003);
    for (let i = 0; i < 5; i++) seen.see('R_1', 200_004 + i);
    expect(seen.repeats).toBe(7);
    expect(seen.examples).toEqual([
      { id: 'R_0', line: 200_002, firstLine: 2 },
      { id: 'R_zz', line: 200_003, firstLine: 2 + parseInt('zz', 36) },
      { id: 'R_1', line: 200_004, firstLine: 3 },
    ]);
  });

  it('aggregate warns of ids kept twice, counting every row; a removed row is no repeat', async () => {
    const dir = tempDir();
    const rows = ['ResponseId,Status,Do you use Git?', 'a1,ok,Yes', 'a2,ok,No', 'a3,test,Yes', 'a1,ok,Yes', 'a3,ok,No'];
    writeFileSync(path.join(dir, 'export.csv'), rows.join('\n') + '\n');
    const spec = (columns: string) =>
      [
        'version: 2',
        'survey: { id: ids, title: Ids, year: 2025 }',
        'source: { publisher: p, title: t, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: a }',
        `input: { format: tidy, file: export.csv, values: labels, columns: { ${columns} } }`,
        'filters: [{ name: tests, removeIf: [{ column: Status, values: [test] }] }]',
        'questions:',
        '  git: { column: "Do you use Git?", kind: single, options: [{ code: 1, label: "Yes" }, { code: 2, label: "No" }] }',
        'populations: { all: { description: respondents, sections: [] } }',
        'base: { nonAnswers: exclude }',
        '',
      ].join('\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec('respondentId: ResponseId'));
    const { aggregates, diagnostics } = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
    expect(aggregates.survey.respondents).toBe(4);
    const repeated = diagnostics.filter((d) => d.code === 'DUPLICATE_RESPONDENT');
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatchObject({ severity: 'warning', line: 5 });
    expect(repeated[0].message).toMatch(/^1 respondent\(s\) kept have an id \(ResponseId\) an earlier kept row has: `a1` on lines 2 and 5; every row is counted$/);
    // No id column named: nothing to compare.
    writeFileSync(path.join(dir, 'survey.yaml'), spec(''));
    const none = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
    expect(none.diagnostics.filter((d) => d.code === 'DUPLICATE_RESPONDENT')).toEqual([]);
  });
});
