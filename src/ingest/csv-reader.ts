// Ingest stage: stream a CSV file as records with the physical line each starts on. Reads the file.
// bytes ─▶ strict UTF-8 (utf8.ts) ─▶ csv-parse (streaming) ─▶ { cells, line }
// Memory stays flat: one record at a time, whatever the number of rows.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import { error } from '../diagnostics.js';
import { createUtf8Decoder, InvalidUtf8Error } from './utf8.js';

export interface CsvRecord {
  cells: string[];
  /** 1-based physical line the record starts on (a quoted cell may span lines). */
  line: number;
}

/** Spreadsheet letters for a 1-based column: 27 → "AA". Messages give both. */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function assertReadable(file: string, what: string): Promise<void> {
  try {
    await access(file);
  } catch (cause) {
    throw error('MISSING_FILE', `Cannot read the ${what} \`${file}\``, { file, hint: 'check the path' }, cause);
  }
}

/** Records of `file`, in order. Throws SurveydeckError INVALID_CSV naming file, line and column. */
export async function* readCsvRecords(file: string, what = 'CSV file'): AsyncGenerator<CsvRecord> {
  await assertReadable(file, what);
  // raw: true because csv-parse's own `info.lines` counts a CRLF inside a quoted cell as two lines;
  // counting "\n" in the raw text of each record gives the right start line.
  const parser = parse({ raw: true, relax_column_count: true, bom: true });
  const feeding = pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), createUtf8Decoder(), parser);
  let feedError: unknown;
  feeding.catch((e: unknown) => {
    feedError = e;
  });
  let line = 1;
  try {
    for await (const chunk of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      yield { cells: chunk.record, line };
      // The raw text ends with "\n" for LF files but stops before it for CRLF files.
      line += countNewlines(chunk.raw) + (chunk.raw.endsWith('\n') ? 0 : 1);
    }
    await feeding;
  } catch (thrown) {
    throw toCsvError(feedError ?? thrown, file, line);
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function toCsvError(thrown: unknown, file: string, line: number) {
  if (thrown instanceof InvalidUtf8Error) {
    const { line: l, column, byteOffset } = thrown.where;
    return error('INVALID_CSV', `Invalid UTF-8 at byte offset ${byteOffset} (line ${l}, column ${column})`, {
      file,
      line: l,
      column,
      hint: 'save the export as UTF-8',
    }, thrown);
  }
  if (thrown instanceof CsvError) {
    const at = (thrown as CsvError & { lines?: number }).lines;
    return error('INVALID_CSV', `Cannot parse CSV: ${thrown.message}`, { file, line: at ?? line, column: 1 }, thrown);
  }
  if (thrown && typeof thrown === 'object' && 'diagnostics' in thrown) return thrown;
  return error('INVALID_CSV', `Cannot read CSV: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { file, line }, thrown);
}
