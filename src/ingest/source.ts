// Ingest stage: open an export in any supported format and turn its header rows into the one
// internal layout the scan consumes (a question catalogue + a role per column). Reads the file's
// first rows; the mapping itself (formats/*.ts) is pure.
//
//   spec `input.format` (or detection, explained in one line) ─▶ header rows ─▶ format reader
//   ─▶ { model: questions and sections, layout: column roles } + the remaining respondent rows
import type { Diagnostic } from '../diagnostics.js';
import { outsideBase } from '../ir.js';
import { SurveydeckError, error } from '../diagnostics.js';
import type { CsvRecord } from './csv-reader.js';
import { detectFormat, headerRowsOf } from './formats/detect.js';
import { mapQualtrics } from './formats/qualtrics.js';
import { mapSurveyMonkeyCondensed } from './formats/surveymonkey-condensed.js';
import { mapSurveyMonkeyExpanded } from './formats/surveymonkey-expanded.js';
import { mapTidy } from './formats/tidy.js';
import { readExportLayout, type ExportLayout } from './layout.js';
import { readLeadingRecords, readRecords } from './records.js';
import type { SurveyModel } from './reference-model.js';
import type { InputFormat, SurveySpec } from './survey-spec.js';
import { normalizeLabel } from './labels.js';

export interface SurveySource {
  format: InputFormat;
  /** One line: how the format was chosen ("named in the spec", or what detection saw). */
  explanation: string;
  model: SurveyModel;
  layout: ExportLayout;
  headerRows: number;
  /** The respondent rows after the header rows, not read yet. */
  rows: AsyncGenerator<CsvRecord>;
}

/** What a format reader gets: the header records, the spec and (SurveyMonkey) a reference model. */
export interface FormatInput {
  file: string;
  headers: CsvRecord[];
  spec: SurveySpec;
  specFile: string;
  model?: SurveyModel;
}

export type FormatReader = (input: FormatInput) => { model: SurveyModel; layout: ExportLayout; diagnostics: Diagnostic[] };

/** One reader per format: a new format without one is a type error. */
const READERS: { [F in InputFormat]: FormatReader } = {
  'surveymonkey-expanded': (input) => {
    if (!input.model) return mapSurveyMonkeyExpanded(input);
    const { layout, diagnostics } = readExportLayout(input.file, input.headers, input.model, input.spec);
    return { model: input.model, layout, diagnostics };
  },
  'surveymonkey-condensed': mapSurveyMonkeyCondensed,
  qualtrics: mapQualtrics,
  tidy: mapTidy,
};

export async function openSurveySource(opts: { file: string; spec: SurveySpec; specFile: string; model?: SurveyModel; format?: InputFormat }): Promise<SurveySource> {
  const { file, spec } = opts;
  const rows = readRecords(file, 'survey export', { delimiter: spec.input.delimiter, encoding: spec.input.encoding });
  const first = await readLeadingRecords(rows, file);
  const named = opts.format ?? spec.input.format;
  const detected = detectFormat(first, opts.model !== undefined);
  const format = named ?? detected.format;
  if (format === undefined) {
    throw error('WRONG_FORMAT', `Cannot tell the export's format: ${detected.why}`, {
      file,
      line: 1,
      column: 1,
      hint: `name it in the spec: input: { format: ${['surveymonkey-expanded', 'surveymonkey-condensed', 'qualtrics', 'tidy'].join(' | ')} }`,
    });
  }
  if (named && detected.format && detected.format !== named && detected.certain) {
    throw error('WRONG_FORMAT', `The spec expects a ${named} export, but this file looks like a ${detected.format} export: ${detected.why}`, {
      file,
      line: 1,
      column: 1,
      hint: 'check input.file and input.format in the spec',
    });
  }
  const headerRows = headerRowsOf(format, first);
  if (first.length < headerRows) {
    throw error('WRONG_FORMAT', `A ${format} export has ${headerRows} header rows; this file has ${first.length} row(s)`, { file, line: first.length + 1, column: 1 });
  }
  const headers = first.slice(0, headerRows);
  const { model, layout, diagnostics } = READERS[format]({ file, headers, spec, specFile: opts.specFile, model: opts.model });
  if (diagnostics.length > 0) throw new SurveydeckError(diagnostics);
  for (const lq of layout.questions) {
    if (lq.kind !== 'numeric') continue;
    const words = spec.questions[lq.model.id]?.numbers;
    if (words) lq.numberWords = new Map(Object.entries(words).map(([w, n]) => [normalizeLabel(w), n]));
    // A numeric question's non-answers are answers as written ("Prefer not to say" beside ages): read
    // as that answer, out of the base, and never a number.
    const outside = [...lq.nonAnswers].filter(([, kind]) => outsideBase(kind)).map(([code]) => code);
    if (outside.length) {
      lq.nonAnswerWords = new Map(outside.map((code) => [normalizeLabel(code), code]));
      for (const code of outside) lq.dontKnowCodes.add(code);
    }
  }
  const weight = spec.input.weight;
  if (weight !== undefined) {
    const col = layout.columns.findIndex((c) => (c.role === 'meta' && c.name === weight) || c.role === 'weight');
    if (col === -1) throw error('INVALID_SURVEY_SPEC', `input.weight: the export has no column \`${weight}\``, { file: opts.specFile });
    layout.columns[col] = { role: 'weight' };
  }
  const buffered = first.slice(headerRows);
  // Cells the spec says mean no answer (`input.missing`, Qualtrics's -99) are read as empty.
  const missing = new Set(spec.input.missing ?? []);
  const blank = (r: CsvRecord): CsvRecord => {
    if (!r.cells.some((c) => missing.has(c.trim()))) return r;
    return { line: r.line, cells: r.cells.map((c) => (missing.has(c.trim()) ? '' : c)) };
  };
  async function* rest(): AsyncGenerator<CsvRecord> {
    if (missing.size === 0) {
      yield* buffered;
      yield* rows;
      return;
    }
    for (const r of buffered) yield blank(r);
    for await (const r of rows) yield blank(r);
  }
  return {
    format,
    explanation: named ? `${format} export (named in the spec)` : `${format} export (detected: ${detected.why})`,
    model,
    layout,
    headerRows,
    rows: rest(),
  };
}
