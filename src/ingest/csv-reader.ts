// Ingest stage: stream a CSV file as records with the physical line each starts on. Reads the file.
// bytes ─▶ strict UTF-8 (utf8.ts, decoded where read) ─▶ lines split at their delimiters, or uDSV
// for a record with quotes ─▶ { cells, line, filled }
// Memory stays flat: one chunk of text and its records at a time, whatever the number of rows.
//
// A line without quotes (nearly every row of an export) is its cells joined by the delimiter: it
// is split at them (a search for the runs between delimiters where most cells are empty, else
// String.prototype.split), which also lists its non-empty columns (`filled`, which the scan reads
// instead of the mostly empty rest). A line with another number of cells than the header's is
// re-read by csv-parse, which counts cells exactly.
//
// A record with quotes is delimited by quote parity and parsed by uDSV, which is fast but, by
// design, does not report a row with the wrong number of cells: it pads a short row with '' and
// leaves a long row's extra cells in the last one. So its cells must account for exactly the
// characters of the record, or csv-parse re-reads that one record. Either way a ragged row is
// reported with its real cell count and the rows after it stay aligned.
import { createReadStream } from 'node:fs';
import { closeSync, openSync, readSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { CsvError, parse as parseCsvSync } from 'csv-parse/sync';
import { initParser, type Parser, type Schema } from 'udsv';
import { error, SurveydeckError } from '../diagnostics.js';
import { decoderFor, encodingOf, InvalidEncodingError, InvalidUtf8Error, type ChunkDecoder } from './utf8.js';

export interface CsvRecord {
  cells: string[];
  /** 1-based physical line the record starts on (a quoted cell may span lines). */
  line: number;
  /** The columns whose cell is not empty, in order, where the reader found them while checking the
   * record anyway (a quote-free line); the scan then skips the empty cells, most of a wide export's. */
  filled?: number[];
}

export interface CsvReadOptions {
  /** Cell delimiter; default ','. */
  delimiter?: string;
  /** Bytes per read; tests make it tiny to cut records and characters at every boundary. */
  chunkBytes?: number;
  /** The file's encoding (`input.encoding`, or as readRecords found it); else UTF-8, or UTF-16 by its byte-order mark. */
  encoding?: string;
}

/** The longest record read (real exports: a few KiB; the widest tried, 1,000 columns of long answers, under 1 MiB). */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** Spreadsheet letters for a 1-based column: 27 → "AA". Messages give both. */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The first `bytes` of a file, or undefined when it cannot be read (the real read then says why). */
export function readHead(file: string, bytes: number): Buffer | undefined {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export async function assertReadable(file: string, what: string): Promise<void> {
  try {
    await access(file);
  } catch (cause) {
    throw error('MISSING_FILE', `Cannot read the ${what} \`${file}\``, { file, hint: 'check the path' }, cause);
  }
}

/** Records of `file`, in order. Throws SurveydeckError INVALID_CSV naming file, line and column. */
export async function* readCsvRecords(file: string, what = 'CSV file', options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  await assertReadable(file, what);
  // readRecords has read the head and passes its encoding; a direct caller's file is looked at here.
  const decoder: ChunkDecoder = decoderFor(options.encoding ?? encodingOf(readHead(file, 2) ?? new Uint8Array(0)));
  const splitter = new RecordSplitter(options.delimiter ?? ',');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: options.chunkBytes ?? 256 * 1024 })) {
      const records = splitter.push(decoder.decode(chunk as Buffer), false);
      for (const r of records) yield r;
    }
    for (const r of splitter.push(decoder.end(), true)) yield r;
  } catch (thrown) {
    throw toCsvError(thrown, file, splitter.line);
  }
}

/** Records of CSV text already in memory (a pasted export, a test). */
export function parseCsvText(text: string, file: string, delimiter = ','): CsvRecord[] {
  const splitter = new RecordSplitter(delimiter);
  try {
    return splitter.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, true);
  } catch (thrown) {
    throw toCsvError(thrown, file, splitter.line);
  }
}

/**
 * Text in (any chunking), complete records out. Keeps the unfinished tail for the next push.
 * Rows are split by uDSV; see the top of the file for how each one is checked.
 */
class RecordSplitter {
  /** Line the unconsumed text starts on. */
  line = 1;
  private pending = '';
  private rowDelimiter: string | undefined;
  private width: number | undefined;
  private parser: Parser | undefined;
  /** Runs of characters other than the delimiter (a one-character delimiter), and a row of empty cells to copy. */
  private cellRuns: RegExp | undefined;
  private blank: string[] | undefined;
  /** Whether the last quote-free row had few cells filled (splitPlain searches for them). */
  private sparse = true;

  constructor(private readonly delimiter: string) {}

  push(text: string, final: boolean): CsvRecord[] {
    const rd = this.rowDelimiter;
    const lineEnd = rd === undefined || this.pending === '' ? -1 : text.indexOf(rd);
    if (lineEnd !== -1) {
      // Joining the unfinished record to the whole chunk would make a cons string that the first
      // search flattens: a copy of every chunk, as costly as parsing it. Join it to the chunk's
      // first line only, then go on in the chunk itself.
      const out = this.split(this.pending + text.slice(0, lineEnd + rd!.length), false);
      const rest = text.slice(lineEnd + rd!.length);
      // A quoted cell that runs on past that line leaves the record unfinished: join the rest to it.
      const more = this.split(this.pending === '' ? rest : this.pending + rest, final);
      for (const r of more) out.push(r);
      return out;
    }
    return this.split(this.pending + text, final);
  }

  private split(src: string, final: boolean): CsvRecord[] {
    this.pending = '';
    const out: CsvRecord[] = [];
    if (this.rowDelimiter === undefined) {
      // The first line end outside quotes says LF or CRLF (a header cell may hold a bare LF).
      let lf = src.indexOf('\n');
      let quotes = countQuotes(src, 0, lf);
      while (lf !== -1 && quotes % 2 === 1) {
        const next = src.indexOf('\n', lf + 1);
        quotes += countQuotes(src, lf, next === -1 ? src.length : next);
        lf = next;
      }
      if (lf === -1 && !final) {
        this.pending = src;
        return out;
      }
      this.rowDelimiter = lf > 0 && src.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
    }
    const rd = this.rowDelimiter;
    let pos = 0;
    let nextQuote = src.indexOf('"');
    while (pos < src.length) {
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = src.indexOf('"', pos);
      let end = src.indexOf(rd, pos);
      if (end === -1) {
        if (!final) break;
        end = src.length;
      }
      // uDSV 0.7.3 splits a one-column text into its last line only (every earlier line is dropped,
      // with or without a callback), which put the last answer in place of the first: a one-column
      // export is read line by line.
      if (this.width !== undefined && this.width > 1 && (nextQuote === -1 || nextQuote > end)) {
        // A run of quote-free lines: let uDSV split them in one call, checking each row.
        const runEnd = nextQuote === -1 ? (final ? src.length : src.lastIndexOf(rd) + rd.length) : src.lastIndexOf(rd, nextQuote) + rd.length;
        pos = this.cellRuns !== undefined ? this.splitPlain(src, pos, Math.max(runEnd, end), out) : this.splitRun(src, pos, Math.max(runEnd, end), out);
        continue;
      }
      // A record with quotes (or the header, which sets the width): extend it line by line until
      // its quotes balance ("" inside a quoted cell is two quotes, so parity is enough).
      let quotes = countQuotes(src, pos, end);
      while (quotes % 2 === 1) {
        const next = src.indexOf(rd, end + rd.length);
        if (next === -1) {
          end = final ? src.length : -1;
          break;
        }
        quotes += countQuotes(src, end, next);
        end = next;
      }
      if (end === -1) break;
      const window = src.slice(pos, end);
      const record = (this.width !== undefined ? this.splitQuoted(window, quotes) : undefined) ?? this.parseExactly(window);
      if (record !== undefined) out.push(record);
      this.line += countNewlines(src, pos, Math.min(end + rd.length, src.length));
      pos = Math.min(end + rd.length, src.length);
    }
    this.pending = src.slice(pos);
    // An unfinished record past any export's (a quote opened and never closed makes the rest of the
    // file one cell): said now, by the line it starts on, rather than joined chunk by chunk to the end.
    if (this.pending.length > MAX_RECORD_CHARS) {
      throw error('INPUT_TOO_LARGE', `The record starting on line ${this.line} runs on past ${MAX_RECORD_CHARS / (1024 * 1024)} Mi characters: a quote (") opened in it is never closed, or a cell holds a document`, {
        line: this.line,
        column: 1,
        hint: 'look for an unbalanced quote on that line; a cell holds an answer, not a file',
      });
    }
    return out;
  }

  /**
   * The quote-free lines [from, to), each split at its delimiters; returns `to`. A line without
   * quotes is its cells joined by the delimiter and nothing more. Where most cells are empty (a
   * wide export of one column per option), one native search for the runs of other characters
   * gives the non-empty cells, and the delimiters between two runs the columns skipped; where most
   * are filled, String.prototype.split is quicker. Which one follows the last row's share of
   * filled cells; both give the same cells. On the 2024 shape (74 of 1,072 cells filled) uDSV's
   * loop over every character and the check of the cells it gave cost four times the search;
   * split beats uDSV on dense rows too. A line with another number of cells is re-read exactly.
   */
  private splitPlain(src: string, from: number, to: number, out: CsvRecord[]): number {
    const rd = this.rowDelimiter!;
    const width = this.width!;
    const delimiter = this.delimiter;
    const runs = this.cellRuns!;
    const blank = this.blank!;
    let pos = from;
    while (pos < to) {
      let end = src.indexOf(rd, pos);
      if (end === -1 || end > to) end = to;
      const text = src.slice(pos, end);
      let cells: string[];
      const filled: number[] = [];
      let exact: boolean;
      if (this.sparse) {
        cells = blank.slice();
        let col = 0;
        let last = 0;
        runs.lastIndex = 0;
        for (let run = runs.exec(text); run !== null; run = runs.exec(text)) {
          col += run.index - last; // one column per delimiter before the run
          if (col >= width) break;
          cells[col] = run[0];
          filled.push(col);
          last = runs.lastIndex;
        }
        exact = col + text.length - last === width - 1;
      } else {
        cells = text.split(delimiter);
        exact = cells.length === width;
        if (exact) for (let i = 0; i < width; i++) if (cells[i].length !== 0) filled.push(i);
      }
      let record: CsvRecord | undefined;
      if (exact) {
        record = { cells, line: this.line, filled };
        this.sparse = filled.length * 8 < width; // fewer than one cell in eight filled
      } else record = this.parseExactly(text); // ragged (an empty line too): csv-parse counts its cells
      if (record !== undefined) out.push(record);
      this.line++;
      pos = Math.min(end + rd.length, to);
    }
    return pos;
  }

  /** uDSV over the quote-free lines [from, to) (a delimiter of several characters); returns where it stopped (a line start). */
  private splitRun(src: string, from: number, to: number, out: CsvRecord[]): number {
    const rd = this.rowDelimiter!;
    const width = this.width!;
    const delimiter = this.delimiter;
    let pos = from;
    let failedAt = -1;
    const run = src.slice(from, to);
    const each = (cells: string[]) => {
      const end = src.indexOf(rd, pos);
      const lineEnd = end === -1 || end > to ? to : end;
      let length = width - 1;
      const filled: number[] = [];
      for (let i = 0; i < width; i++) {
        const n = cells[i].length;
        if (n !== 0) {
          length += n;
          filled.push(i);
        }
      }
      if (cells.length !== width || length !== lineEnd - pos || cells[width - 1].includes(delimiter)) {
        failedAt = pos; // ragged (or an empty line, which uDSV skips): re-read it exactly
        return false;
      }
      out.push({ cells, line: this.line, filled });
      this.line++;
      pos = Math.min(lineEnd + rd.length, to);
      return true;
    };
    this.parser!.stringArrs(run, each);
    if (failedAt === -1 && pos < to) {
      // uDSV stopped short without a callback (a short last line it could not fill): re-read it.
      failedAt = pos;
    }
    if (failedAt !== -1) {
      const end = src.indexOf(rd, failedAt);
      const lineEnd = end === -1 || end > to ? to : end;
      const record = this.parseExactly(src.slice(failedAt, lineEnd));
      if (record !== undefined) out.push(record);
      this.line++;
      pos = Math.min(lineEnd + rd.length, to);
    }
    return pos;
  }

  /**
   * One record with quotes, by uDSV, if its cells account for every character of `text`:
   * a quoted cell adds its two quotes and one more for each quote inside it, so a well-formed
   * record is Σ cell lengths + (quotes − quotes inside cells) + (width − 1) delimiters long.
   * Anything else (ragged, stray quotes, a delimiter in the last cell) is left to csv-parse.
   */
  private splitQuoted(text: string, quotes: number): CsvRecord | undefined {
    const width = this.width!;
    const rows = this.parser!.stringArrs<string[]>(text);
    if (rows.length !== 1) return undefined;
    const cells = rows[0];
    let length = width - 1 + quotes;
    for (let i = 0; i < width; i++) {
      const cell = cells[i];
      length += cell.length;
      if (cell.length > 0) length -= countQuotes(cell, 0, cell.length);
    }
    if (cells.length !== width || length !== text.length || cells[width - 1].includes(this.delimiter)) return undefined;
    return { cells, line: this.line };
  }

  /** One record by csv-parse, with its true number of cells (an empty line is one empty cell). */
  private parseExactly(text: string): CsvRecord | undefined {
    let records: string[][];
    try {
      records = parseCsvSync(text, { relax_column_count: true, delimiter: this.delimiter, record_delimiter: this.rowDelimiter });
    } catch (e) {
      // The record's first line: where an unclosed quote opens, not where csv-parse gave up.
      if (e instanceof CsvError) (e as CsvError & { lines?: number }).lines = this.line;
      throw e;
    }
    const cells = records[0] ?? [''];
    if (this.width === undefined) {
      this.width = cells.length;
      this.parser = initParser(udsvSchema(this.delimiter, this.rowDelimiter!, cells.length));
      if (this.delimiter.length === 1) this.cellRuns = new RegExp(`[^${this.delimiter.replace(/[\\\]^-]/g, '\\$&')}]+`, 'g');
      this.blank = Array.from({ length: cells.length }, () => '');
    }
    return { cells, line: this.line };
  }
}

/** A fixed schema: uDSV's own inference guesses the delimiter from the header (tab before comma). */
function udsvSchema(col: string, row: string, width: number): Schema {
  return {
    col,
    row,
    encl: '"',
    esc: '"',
    trim: false,
    cols: Array.from({ length: width }, (_, i) => ({ name: String(i), type: 's' as const, repl: { empty: undefined, null: undefined, NaN: undefined } })),
    // `skip` (header rows to drop) is read by the parser although the typings omit it.
    ...{ skip: 0 },
  };
}

function countQuotes(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('"', from); i !== -1 && i < to; i = text.indexOf('"', i + 1)) n++;
  return n;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Encodings Excel writes a CSV in besides UTF-8, by where its Windows runs. */
const ENCODING_EXAMPLES = "Excel's CSV on Windows: windows-1252 in Western Europe and the Americas, shift_jis in Japan, gbk in China";

function toCsvError(thrown: unknown, file: string, line: number) {
  if (thrown instanceof InvalidUtf8Error) {
    const { line: l, column, byteOffset } = thrown.where;
    return error('INVALID_CSV', `Invalid UTF-8 at byte offset ${byteOffset} (line ${l}, column ${column})`, {
      file,
      line: l,
      column,
      hint: `save the export as UTF-8, or name its encoding: \`input: { encoding: windows-1252 }\` in the spec, \`--encoding windows-1252\` to init (${ENCODING_EXAMPLES})`,
    }, thrown);
  }
  if (thrown instanceof InvalidEncodingError) {
    return error('INVALID_CSV', `The export is not valid ${thrown.encoding} text (after line ${thrown.line})`, { file, line: thrown.line, hint: `check input.encoding (${ENCODING_EXAMPLES}), or save the export as UTF-8` }, thrown);
  }
  if (thrown instanceof CsvError) {
    const at = (thrown as CsvError & { lines?: number }).lines;
    return error('INVALID_CSV', `Cannot parse CSV: ${thrown.message.replace(/ at line \d+/, '')}`, { file, line: at ?? line, column: 1 }, thrown);
  }
  if (thrown instanceof SurveydeckError) {
    // Raised where the file is not known (the splitter): name it here.
    for (const d of thrown.diagnostics) d.file ??= file;
    return thrown;
  }
  if (thrown && typeof thrown === 'object' && 'diagnostics' in thrown) return thrown;
  return error('INVALID_CSV', `Cannot read CSV: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { file, line }, thrown);
}
