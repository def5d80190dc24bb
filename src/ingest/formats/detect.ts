// Ingest stage: which export format a file is, from its first rows alone, with the reason in words
// (printed as one line). Pure. Only the vendors' own layout markers are used (Qualtrics's ImportId
// row, SurveyMonkey's id / "Row - Level" header rows), never a survey's wording.
import type { CsvRecord } from '../csv-reader.js';
import type { InputFormat } from '../survey-spec.js';
import { importIdOf } from './qualtrics.js';

export interface Detection {
  format?: InputFormat;
  /** Whether the markers are unambiguous (a named format that disagrees is then an error). */
  certain: boolean;
  why: string;
}

export function detectFormat(rows: CsvRecord[], hasModel: boolean): Detection {
  const [r1 = [], r2 = [], r3 = []] = rows.map((r) => r.cells);
  const importIds = r3.filter((c) => importIdOf(c) !== undefined).length;
  if (importIds > 0 && importIds >= r3.filter((c) => c.trim() !== '').length / 2) {
    return { format: 'qualtrics', certain: true, why: `row 3 holds Qualtrics ImportId JSON in ${importIds} of ${r3.length} columns` };
  }
  // SurveyMonkey: blank cells in the header rows mark a question's further columns.
  const idRow = r1.findIndex((c) => c.trim() !== '');
  const blanksAfterFirstId = idRow >= 0 ? r1.slice(idRow).filter((c) => c.trim() === '').length : 0;
  if (idRow > 0 && r2.slice(0, idRow).every((c) => c.trim() !== '')) {
    const ids = r1.filter((c) => c.trim() !== '');
    const suffixed = ids.filter((c) => /_[^_]+$/.test(c.trim())).length;
    if (blanksAfterFirstId === 0 || suffixed > ids.length / 4) {
      return { format: 'surveymonkey-condensed', certain: true, why: `row 1 has question ids from column ${idRow + 1}, one column per question${suffixed ? ` (${suffixed} like \`${ids.find((c) => /_[^_]+$/.test(c))}\`, one per grid row)` : ''}` };
    }
    return { format: 'surveymonkey-expanded', certain: true, why: `row 1 has question ids from column ${idRow + 1}, blank over each question's further columns; row 3 names each column's option` };
  }
  if (r1.length > 0 && r2.length === r1.length && r1.some((c, i) => c.trim() !== '' && r2[i].trim() === '') && r1.some((c) => c.trim() === '')) {
    return { format: 'surveymonkey-expanded', certain: false, why: 'two header rows: question wording over blank cells, then one option per column' };
  }
  if (hasModel) return { format: 'surveymonkey-expanded', certain: false, why: 'a reference model was given' };
  if (r1.length > 0 && r1.every((c) => c.trim() !== '')) {
    return { format: 'tidy', certain: false, why: 'one header row naming every column, then answers' };
  }
  return { certain: false, why: 'no Qualtrics ImportId row, no SurveyMonkey id row, and blank column names' };
}

/** Header rows before the first respondent. */
export function headerRowsOf(format: InputFormat, rows: CsvRecord[]): number {
  switch (format) {
    case 'qualtrics':
      return 3;
    case 'tidy':
      return 1;
    default: {
      // SurveyMonkey: three rows with the id row, two without (row 1 then starts with metadata names).
      const r1 = rows[0]?.cells ?? [];
      return r1[0]?.trim() === '' ? 3 : 2;
    }
  }
}
