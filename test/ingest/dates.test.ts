// Fieldwork dates in the conventions exports write them: ISO, US month-first, day-first with slashes
// (Google Forms in British English, French, Spanish …), German dots. A column is read one way.
import { describe, expect, it } from 'vitest';
import { isoDate, slashOrderOf } from '../../src/ingest/dates.js';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers.js';

describe('fieldwork dates', () => {
  it('reads slashed dates month first unless the column shows a day past 12 first', () => {
    expect(slashOrderOf(['03/04/2025 10:00', '03/05/2025 11:00'])).toBe('mdy');
    expect(slashOrderOf(['03/04/2025 10:00', '14/04/2025 11:00'])).toBe('dmy');
    expect(isoDate('03/04/2025 10:00')).toBe('2025-03-04');
    expect(isoDate('03/04/2025 10:00', 'dmy')).toBe('2025-04-03');
    expect(isoDate('14/04/2025', 'mdy')).toBeUndefined();
    expect(isoDate('2025-04-14T10:00:00', 'dmy')).toBe('2025-04-14'); // ISO and dotted dates have one reading
    expect(isoDate('14.04.2025', 'mdy')).toBe('2025-04-14');
  });

  it('reads English month names (Jotform, Excel) and year-first slashes, refusing a day no month has', () => {
    expect(isoDate('Mar 18, 2025 10:04')).toBe('2025-03-18');
    expect(isoDate('September 3 2024')).toBe('2024-09-03');
    expect(isoDate('Sept. 3, 2024')).toBe('2024-09-03');
    expect(isoDate('18-Mar-2025')).toBe('2025-03-18');
    expect(isoDate('5 May 25', 'dmy')).toBe('2025-05-05');
    expect(isoDate('2025/03/18 10:00')).toBe('2025-03-18');
    // Year first with dots (Google Forms in Korean) and in words (Japanese, Chinese, Korean).
    expect(isoDate('2025. 4. 12 오전 10:00:00')).toBe('2025-04-12');
    expect(isoDate('2025.04.12')).toBe('2025-04-12');
    expect(isoDate('2025年4月12日 10:00')).toBe('2025-04-12');
    expect(isoDate('2025년 4월 12일')).toBe('2025-04-12');
    expect(isoDate('2025.5')).toBeUndefined();
    expect(isoDate('2025. 13. 1')).toBeUndefined();
    expect(isoDate('Mar 32, 2025')).toBeUndefined();
    expect(isoDate('Maybe 3, 2025')).toBeUndefined();
    expect(isoDate('Marketing 2025')).toBeUndefined();
  });

  it('aggregate gives a day-first export its fieldwork as written: 3 April to 20 April, not 4 March', async () => {
    const dir = tempDir();
    const rows = ['Timestamp,Do you use Git?', '03/04/2025 09:00:00,Yes', '10/04/2025 09:00:00,No', '20/04/2025 18:00:00,Yes'];
    writeFileSync(path.join(dir, 'export.csv'), rows.join('\n') + '\n');
    writeFileSync(
      path.join(dir, 'survey.yaml'),
      [
        'version: 2',
        'survey: { id: dates, title: Dates, year: 2025 }',
        'source: { publisher: p, title: t, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: a }',
        'input: { format: tidy, file: export.csv, values: labels, columns: { started: Timestamp } }',
        'questions:',
        '  git: { column: "Do you use Git?", kind: single, options: [{ code: 1, label: "Yes" }, { code: 2, label: "No" }] }',
        'populations: { all: { description: respondents, sections: [] } }',
        'base: { nonAnswers: exclude }',
        '',
      ].join('\n'),
    );
    const { aggregates } = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
    expect(aggregates.survey).toMatchObject({ fieldedFrom: '2025-04-03', fieldedTo: '2025-04-20' });
  });
});
