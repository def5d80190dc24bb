// Ingest stage: stream the first worksheet of an .xlsx export as the same records the CSV reader
// gives ({ cells, line }: cells as text, line = spreadsheet row). Reads the file with exceljs's
// streaming reader (rows one at a time, so memory stays flat); exceljs is imported lazily.
//
// Styles are read because a date is only a number with a date format.
// Spreadsheets drop trailing empty cells, so a row is padded to the widest header row rather than
// reported as ragged. Numbers are written as a spreadsheet shows them without formatting (1, 2.5),
// dates as `YYYY-MM-DD HH:MM:SS` (the form of SurveyMonkey's and Qualtrics's CSV exports).
import { error } from '../diagnostics.js';
import type { CsvRecord } from './csv-reader.js';
import { assertReadable, MAX_RECORD_CHARS } from './csv-reader.js';

/** The most header rows any export format has (SurveyMonkey expanded, Qualtrics: three). */
const HEADER_ROWS = 3;

export async function* readXlsxRecords(file: string, what = 'spreadsheet'): AsyncGenerator<CsvRecord> {
  await assertReadable(file, what);
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  let width = 0;
  let nextLine = 1;
  // The header rows (up to three) are held until all are read, then padded to the widest: a
  // SurveyMonkey export's question-id row ends at its last question's first column, its option row
  // runs on to the last option, and a question's further columns are where the id row is blank.
  const head: CsvRecord[] = [];
  const flush = function* () {
    for (const r of head.splice(0)) {
      while (r.cells.length < width) r.cells.push('');
      yield r;
    }
  };
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // Blank rows are not in the file: keep line numbers true by yielding them as empty.
        for (; nextLine < row.number; nextLine++) {
          const blank = { cells: new Array<string>(width).fill(''), line: nextLine };
          if (nextLine <= HEADER_ROWS) head.push(blank);
          else {
            yield* flush();
            yield blank;
          }
        }
        const values = row.values as unknown[];
        const cells: string[] = [];
        let chars = 0;
        for (let c = 1; c < values.length; c++) chars += cells[cells.push(cellText(values[c])) - 1].length;
        // A row past any export's (a cell of a hostile workbook can inflate to hundreds of MiB).
        if (chars > MAX_RECORD_CHARS) {
          throw error('INPUT_TOO_LARGE', `Row ${row.number} holds ${Math.round(chars / (1024 * 1024))} Mi characters, past the ${MAX_RECORD_CHARS / (1024 * 1024)} Mi a row is read with`, { file, line: row.number, hint: 'a cell holds an answer, not a file: is this the right workbook?' });
        }
        if (row.number <= HEADER_ROWS) {
          width = Math.max(width, cells.length);
          head.push({ cells, line: row.number });
          nextLine = row.number + 1;
          continue;
        }
        yield* flush();
        while (cells.length < width) cells.push('');
        yield { cells, line: row.number };
        nextLine = row.number + 1;
      }
      break; // the first worksheet is the export
    }
    yield* flush();
  } catch (cause) {
    if (cause && typeof cause === 'object' && 'diagnostics' in cause) throw cause;
    throw error('INVALID_CSV', `Cannot read the ${what} as an .xlsx workbook: ${cause instanceof Error ? cause.message : String(cause)}`, { file, hint: 'save the export as .xlsx or .csv' }, cause);
  }
}

/** A cell's value as the text a CSV export would hold. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return v.error;
  }
  return String(value);
}
