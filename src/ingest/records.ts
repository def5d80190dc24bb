// Ingest stage: one way to read an export's records whatever the file type. Reads the file.
// .xlsx → exceljs (xlsx-reader.ts); .tsv → tab-separated; anything else → CSV (csv-reader.ts).
import path from 'node:path';
import { error } from '../diagnostics.js';
import { readCsvRecords, readHead, type CsvRecord } from './csv-reader.js';
import { encodingOf } from './utf8.js';
import { readXlsxRecords } from './xlsx-reader.js';

export type FileType = 'csv' | 'tsv' | 'xlsx';

export function fileTypeOf(file: string): FileType {
  const ext = path.extname(file).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.tsv' || ext === '.tab' ? 'tsv' : 'csv';
}

/** The head of a text export read once: what it is (refuseUnreadable), its encoding and its delimiter. */
const HEAD_BYTES = 64 * 1024;

export function readRecords(file: string, what: string, options: { delimiter?: string; encoding?: string } = {}): AsyncGenerator<CsvRecord> {
  const type = fileTypeOf(file);
  const head = type === 'xlsx' ? undefined : readHead(file, HEAD_BYTES);
  refuseUnreadable(file, what, type, head, options.encoding);
  if (type === 'xlsx') return readXlsxRecords(file, what);
  const encoding = head ? encodingOf(head, options.encoding) : options.encoding;
  const delimiter = options.delimiter ?? (type === 'tsv' ? '\t' : ((head && delimiterOf(head, encoding)) ?? ','));
  return readCsvRecords(file, what, { delimiter, ...(encoding ? { encoding } : {}) });
}

/** Files survey tools also export that are not CSV, TSV or .xlsx, by extension: what each is. */
const NOT_READ: Record<string, string> = {
  '.sav': 'an SPSS data file',
  '.zsav': 'an SPSS data file',
  '.por': 'an SPSS portable file',
  '.dta': 'a Stata data file',
  '.sas7bdat': 'a SAS data file',
  '.xls': 'an Excel 97–2003 workbook',
  '.xlsm': 'a macro-enabled Excel workbook',
  '.ods': 'an OpenDocument spreadsheet',
  '.numbers': 'a Numbers spreadsheet',
  '.json': 'a JSON file',
  '.xml': 'an XML file',
  '.pdf': 'a PDF document',
  '.docx': 'a Word document',
  '.zip': 'a zip archive',
};
const EXPORT_HINT = 'export the responses from the survey tool as CSV (UTF-8) or .xlsx';

/**
 * An export that is no text table is refused by name before it is parsed: an SPSS file read as CSV
 * drafted a spec of no questions with its binary header as the respondent id. By extension, then by
 * its first bytes (UTF-16, which Excel's "Unicode Text" writes; a NUL byte; a zip archive named .csv).
 */
function refuseUnreadable(file: string, what: string, type: FileType, fileHead: Buffer | undefined, encoding?: string): void {
  const ext = path.extname(file).toLowerCase();
  if (NOT_READ[ext]) throw error('INVALID_CSV', `The ${what} is ${NOT_READ[ext]} (${ext}): surveydeck reads CSV, TSV and .xlsx`, { file, hint: EXPORT_HINT });
  if (type === 'xlsx' || !fileHead) return; // a file not read says why when it is read for real
  const head = fileHead.subarray(0, 4096);
  const is = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const refuse = (what2: string) => {
    throw error('INVALID_CSV', `The ${what} is ${what2}, not CSV text`, { file, line: 1, column: 1, hint: EXPORT_HINT });
  };
  if (is(0x50, 0x4b, 0x03, 0x04)) refuse(`a zip archive (an .xlsx workbook is one: name it .xlsx)`);
  // UTF-16 (a byte-order mark, or named) holds a NUL in every ASCII character: text all the same.
  if (encodingOf(head, encoding).startsWith('utf-16')) return;
  // Every other byte NUL at the start: UTF-16 text written without its byte-order mark.
  const pairs = Math.min(16, Math.floor(head.length / 2));
  const nulAt = (odd: number) => pairs > 1 && Array.from({ length: pairs }, (_, i) => head[2 * i + odd]).every((b) => b === 0);
  if (nulAt(1) || nulAt(0)) {
    const le = nulAt(1) ? 'utf-16le' : 'utf-16be';
    throw error('INVALID_CSV', `The ${what} looks like UTF-16 text without its byte-order mark`, { file, line: 1, column: 1, hint: `name its encoding: \`input: { encoding: ${le} }\` in the spec, \`--encoding ${le}\` to init; or save it as CSV UTF-8` });
  }
  if (head.includes(0)) refuse('a binary file (it holds NUL bytes)');
}

/** Delimiters a CSV export may use: Excel writes ";" where the decimal mark is a comma (German, French …). */
const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter of a CSV file that is not ",": the candidate found the same number of times (and at
 * least once), outside quotes, on each of its first lines, and more often than ","; undefined for a comma
 * file, or when nothing is clear. A comma CSV's count of commas is the same on every line (a comma inside
 * a cell is quoted), so it is never taken for another. Hand-written: csv-parse and uDSV need the
 * delimiter given (uDSV's guess prefers a tab and reads the header only).
 */
export function sniffDelimiter(file: string, encoding?: string): string | undefined {
  const head = readHead(file, HEAD_BYTES);
  return head ? delimiterOf(head, encoding) : undefined; // a file not read says why when it is read for real
}

/** `sniffDelimiter` of a file's first bytes. */
function delimiterOf(head: Buffer, encoding?: string): string | undefined {
  const text = new TextDecoder(encodingOf(head, encoding)).decode(head);
  // Per line (a newline inside quotes continues the line), how often each candidate is outside quotes.
  const lines: Map<string, number>[] = [];
  let counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < 6; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') {
      lines.push(counts);
      counts = new Map();
    } else if (!quoted && DELIMITERS.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  if (lines.length === 0) lines.push(counts); // one line, no newline yet
  const steady = DELIMITERS.filter((d) => lines.every((l) => (l.get(d) ?? 0) === (lines[0].get(d) ?? 0)) && (lines[0].get(d) ?? 0) > 0);
  const best = steady.sort((a, b) => (lines[0].get(b) ?? 0) - (lines[0].get(a) ?? 0))[0];
  return best && best !== ',' && (lines[0].get(best) ?? 0) > (lines[0].get(',') ?? 0) ? best : undefined;
}

/**
 * The first rows of an export, enough to see every header layout (Qualtrics has three, then data);
 * the generator goes on from the row after them. An export with no row at all is INVALID_CSV.
 */
export async function readLeadingRecords(rows: AsyncGenerator<CsvRecord>, file: string, count = 4): Promise<CsvRecord[]> {
  const first: CsvRecord[] = [];
  for (let i = 0; i < count; i++) {
    const next = await rows.next();
    if (next.done) break;
    first.push(next.value);
  }
  if (first.length === 0) throw error('INVALID_CSV', 'The export is empty', { file, line: 1, column: 1 });
  return first;
}
