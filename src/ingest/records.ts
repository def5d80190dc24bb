// Ingest stage: one way to read an export's records whatever the file type. Reads the file.
// .xlsx → exceljs (xlsx-reader.ts); .tsv → tab-separated; anything else → CSV (csv-reader.ts).
import path from 'node:path';
import { error } from '../diagnostics.js';
import { readCsvRecords, type CsvRecord } from './csv-reader.js';
import { readXlsxRecords } from './xlsx-reader.js';

export type FileType = 'csv' | 'tsv' | 'xlsx';

export function fileTypeOf(file: string): FileType {
  const ext = path.extname(file).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.tsv' || ext === '.tab' ? 'tsv' : 'csv';
}

export function readRecords(file: string, what: string, options: { delimiter?: string } = {}): AsyncGenerator<CsvRecord> {
  const type = fileTypeOf(file);
  if (type === 'xlsx') return readXlsxRecords(file, what);
  return readCsvRecords(file, what, { delimiter: options.delimiter ?? (type === 'tsv' ? '\t' : ',') });
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
