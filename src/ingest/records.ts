// Ingest stage: one way to read an export's records whatever the file type. Reads the file.
// .xlsx → exceljs (xlsx-reader.ts); .tsv → tab-separated; anything else → CSV (csv-reader.ts).
import path from 'node:path';
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
