// Ingest stage: draft a survey spec from an export alone (`surveydeck init`). Reads the export once
// (streaming, keeping only per-column value counts), then guesses pure over those counts.
//
//   header rows ─▶ columns grouped into questions (the format's layout)
//   rows ─▶ distinct values per column, answers per respondent per question
//   ─▶ kinds, options and codes, non-answers, scales, metadata and fieldwork dates
//   ─▶ a commented YAML spec + the list of guesses a person must confirm
//
// Guesses from wording ("Don't know", "Weiß nicht", "(select one)", scale words in English, German,
// French and Spanish), from a form tool's own columns (Qualtrics' Status and Finished, Microsoft Forms'
// Start time) and from column names (a weight) are allowed here because the draft prints each one for a
// person to confirm and writes it into the spec as a declaration: the aggregate step itself never reads wording.
import { isoDate, slashOrderOf } from './dates.js';
import path from 'node:path';
import type { CsvRecord } from './csv-reader.js';
import { detectFormat, headerRowsOf } from './formats/detect.js';
import { importIdOf } from './formats/qualtrics.js';
import { boxOfChoice, boxOfSlash, colonSplits, gridPart } from './formats/tidy.js';
import { surveyMonkeyTags } from './formats/surveymonkey-expanded.js';
import { RANK_SLOT, type ColumnTag } from './formats/assemble.js';
import { cleanText, isDontKnowLabel, isNoAnswerLabel, isOtherLabel, normalizeLabel } from './labels.js';
import { INPUT_LIMITS } from '../load/input-bounds.js';
import { fileTypeOf, readLeadingRecords, readRecords, sniffDelimiter } from './records.js';
import { decimalNumber } from './scan.js';
import { DRAFT_TODO, DRAFT_URL, draftTitle, draftWording } from './draft-placeholders.js';
import { kindFromWording } from './reference-model.js';
import { numericOrder, openEndValue, scaleOrder, scaleRank } from './scale-order.js';
import { SHORT_TITLE_MAX, SPEC_VERSION, type InputFormat, type SpecKind, type SurveySpec } from './survey-spec.js';
import { error } from '../diagnostics.js';
import { outsideBase, type Locale } from '../ir.js';
import { languageName } from '../load/survey-language.js';

export interface DraftQuestion {
  id: string;
  text: string;
  kind: SpecKind;
  /** How the kind was found, for the person confirming it. */
  kindWhy: string;
  /** The export's column id/header when it differs from the id (tidy, Qualtrics tags). */
  column?: string;
  options: { code: string; label: string; respondents: number; column?: string }[];
  rows: { code: string; label: string }[];
  nonAnswers: { dontKnow: string[]; noAnswer: string[]; other: string[]; none: string[] };
  scale?: { polarity: 'ascending' | 'descending'; neutral?: string };
  /** Options put in the order of the numbers their labels start with (sizes, spans): charts keep it. */
  ordered?: boolean;
  /** Why `ordered` was drafted, for the line to confirm. */
  orderedWhy?: string;
  answered: number;
  /** Text typed beside an option ("Other (please specify)"). */
  otherText: boolean;
  /** numeric: answers in words and the number each counts as (an open end of the range). */
  numbers?: Record<string, number>;
  /** Why the draft leaves the question out (a kind surveydeck does not count). */
  exclude?: string;
}

export interface SpecDraft {
  format: InputFormat;
  formatWhy: string;
  file: string;
  rows: number;
  metadata: string[];
  columns: { started?: string; ended?: string; respondentId?: string };
  /** A metadata column named as a weight whose values are all positive numbers (input.weight). */
  weight?: string;
  fieldedFrom?: string;
  fieldedTo?: string;
  separator?: string;
  values: 'codes' | 'labels';
  /** A CSV's delimiter other than ",", as found in its first lines (or given). */
  delimiter?: string;
  /** The export's encoding where it is not UTF-8 (given: a legacy code page cannot be told from the bytes). */
  encoding?: string;
  /** What a ticked and an unticked box hold in an option's own column (tidy "Question [Option]"). */
  checked?: string[];
  unchecked?: string[];
  /** Cells that mean no answer (Qualtrics's -99). */
  missing?: string[];
  /** Rules the export's own metadata columns suggest (a Qualtrics preview or partial response), to confirm. */
  filters: DraftFilter[];
  questions: DraftQuestion[];
  /** The language the wording is written in, when not English (guessed from its script and common words). */
  language?: Locale;
  /** One line per guess a person must confirm. */
  confirm: string[];
}

export interface DraftFilter {
  name: string;
  why: string;
  column: string;
  values: string[];
  /** Rows the rule removes in this export. */
  rows: number;
}

const MAX_DISTINCT = 200;
/** The most options a "select all" question drafted from joined answers may have (more: open answers with commas). */
const MAX_JOINED_OPTIONS = 60;

/** What Qualtrics writes for a question seen but not answered, when its export is asked to. */
const MISSING_CODE = '-99';

/** Read `file` and draft its spec. */
export async function draftSpec(file: string, opts: { format?: InputFormat; delimiter?: string; encoding?: string } = {}): Promise<SpecDraft> {
  const encoding = opts.encoding;
  // A CSV that Excel wrote with ";" (a comma is its decimal mark): said in the spec, so aggregate reads it so too.
  const delimiter = opts.delimiter ?? (fileTypeOf(file) === 'csv' ? sniffDelimiter(file, encoding) : undefined);
  const rows = readRecords(file, 'survey export', { delimiter, encoding });
  const first = await readLeadingRecords(rows, file);
  titleAbove(first, file);
  const detected = detectFormat(first, false);
  const format = opts.format ?? detected.format;
  if (!format) throw error('WRONG_FORMAT', `Cannot tell the export's format: ${detected.why}`, { file, hint: 'pass --format' });
  const headerRows = headerRowsOf(format, first);
  const headers = first.slice(0, headerRows);
  /** The first header row's cells, one line each: how columns are named to a person. */
  const names = headers[0].cells.map(cleanText);
  const shapes = format === 'tidy' ? tidyShapes(names) : undefined;
  const tags = discoverTags(format, headers, shapes);

  // One pass over the rows: distinct values per column, and per question how many of its columns a
  // respondent filled (more than one option column filled: multiple choice).
  const values = tags.map(() => new Map<string, number>());
  /** Per column, the rows that leave it empty (a submit date never written: a partial response). */
  const empties = tags.map(() => 0);
  const byQuestion = groupColumns(tags);
  const maxFilled = new Map<string, number>();
  /** Per question, the most of its columns of any kind one respondent filled with other than an unticked mark (ticked boxes of a tidy export). */
  const maxCells = new Map<string, number>();
  const answered = new Map<string, number>();
  /** Grids in which some respondent gave one value in two rows: no ranking (a rank is given once). */
  const repeatsValue = new Set<string>();
  // Grid rows in "Row - Level" columns: a respondent with two levels in one row makes it a
  // multi-level grid (`grid-multi`), drafted as such for a person to confirm.
  const rowGroups: { qid: string; cols: number[] }[] = [];
  for (const [qid, cols] of byQuestion) {
    const byRow = new Map<string, number[]>();
    for (const c of cols) {
      const t = tags[c];
      if (t.type === 'rowLevel') byRow.set(t.row, [...(byRow.get(t.row) ?? []), c]);
    }
    for (const list of byRow.values()) rowGroups.push({ qid, cols: list });
  }
  const severalLevels = new Set<string>();
  let count = 0;
  // Qualtrics's "seen but unanswered" (-99, an export option) in an answer column, and the missing
  // value R and pandas write ("NA", where the sample shows it so): no answer, drafted as `input.missing`.
  const markers = new Set([MISSING_CODE, ...(format === 'tidy' ? await missingMarkers(file, { delimiter, encoding }, headerRows, tags) : [])]);
  const missingSeen = new Map<string, number>();
  const unanswered = (cell: string, col: number) => markers.has(cell.trim()) && tags[col] !== undefined && tags[col].type !== 'meta';
  const consume = (raw: string[]) => {
    count++;
    let cells = raw;
    if (raw.some(unanswered)) {
      cells = raw.map((c, col) => (unanswered(c, col) ? '' : c));
      for (const m of new Set(raw.filter(unanswered).map((c) => c.trim()))) missingSeen.set(m, (missingSeen.get(m) ?? 0) + 1);
    }
    for (let col = 0; col < tags.length; col++) if ((cells[col] ?? '').trim() === '') empties[col]++;
    cells.forEach((raw, col) => {
      // A cell longer than any label is typed text: its first characters are enough to say so, and a
      // column of such cells (a hostile export's) is not kept whole in memory.
      const v = (raw.length > INPUT_LIMITS.labelChars ? raw.slice(0, INPUT_LIMITS.labelChars + 1) : raw).trim();
      if (v === '' || col >= tags.length) return;
      const m = values[col];
      if (m.size < MAX_DISTINCT || m.has(v)) m.set(v, (m.get(v) ?? 0) + 1);
    });
    for (const [qid, cols] of byQuestion) {
      const filled = cols.filter((c) => tags[c].type === 'option' && (cells[c] ?? '').trim() !== '').length;
      maxFilled.set(qid, Math.max(maxFilled.get(qid) ?? 0, filled));
      if (!repeatsValue.has(qid) && cols.length > 1 && tags[cols[0]].type === 'row') {
        const given = cols.map((c) => (cells[c] ?? '').trim()).filter((v) => v !== '');
        if (new Set(given).size < given.length) repeatsValue.add(qid);
      }
      maxCells.set(qid, Math.max(maxCells.get(qid) ?? 0, cols.filter((c) => (tags[c].type !== 'whole' || cols.length === 1) && (cells[c] ?? '').trim() !== '' && !UNTICKED.test((cells[c] ?? '').trim())).length));
      if (cols.some((c) => (cells[c] ?? '').trim() !== '')) answered.set(qid, (answered.get(qid) ?? 0) + 1);
    }
    for (const g of rowGroups) if (g.cols.filter((c) => (cells[c] ?? '').trim() !== '').length > 1) severalLevels.add(g.qid);
  };
  for (const r of first.slice(headerRows)) consume(r.cells);
  for await (const r of rows) consume(r.cells);

  const confirm: string[] = [];
  for (const [m, rows] of missingSeen) {
    const why = m === MISSING_CODE ? 'Qualtrics: seen but not answered' : 'the missing value R and pandas write';
    confirm.push(`${rows} row(s) hold ${m} in answer columns (${why}): read as no answer (input.missing)`);
  }
  // A tidy export names no column as metadata: its weight, its timestamps (every value a date) and the
  // columns forms add of their own (Microsoft Forms' ID, Start time, Email, Name; Google's Timestamp,
  // Email Address) read as questions. They are metadata.
  const weightCol = weightColumn(tags, values);
  const alchemer = format === 'tidy' && names.filter((n) => ALCHEMER_OWN.test(n.trim())).length >= 3;
  /** A whole column of a tidy export that is metadata: retagged so, out of the questions; whether it was. */
  const toMetadata = (col: number): boolean => {
    const t = tags[col];
    if (t.type !== 'whole' || format !== 'tidy') return false;
    const sample = [...values[col].keys()].slice(0, 20);
    const dated = sample.length > 0 && sample.every((v) => DATE.test(v));
    // A first column whose every value differs (a response number, a code) is the respondents' ids.
    const firstIds = col === 0 && count > 1 && values[col].size > 0 && [...values[col].values()].every((n) => n === 1) && empties[col] === 0;
    const own = firstIds || FORM_METADATA.test(t.text.trim()) || (alchemer && ALCHEMER_METADATA.test(t.text.trim()));
    // A column holding only its own header ("Email", Typeform's column of that answer) is an answer, whatever its name.
    if (col !== weightCol && !dated && (holdsOnlyItsHeader(values[col], t.text) || !own)) return false;
    tags[col] = { type: 'meta', name: t.text };
    byQuestion.delete(t.qid);
    return true;
  };
  tags.forEach((_, col) => toMetadata(col));
  // Choices each in a column headed by the choice alone (Typeform): regrouped, and counted in a second read.
  const headed = format === 'tidy' ? headerBoxGroups(tags, values, byQuestion, names) : [];
  const groupStats = headed.length > 0 ? await countGroups(file, { delimiter, encoding }, headerRows, headed) : [];
  headed.forEach((g, i) => {
    answered.set(g.qid, groupStats[i].answered);
    maxFilled.set(g.qid, groupStats[i].maxFilled);
    maxCells.set(g.qid, groupStats[i].maxFilled);
  });
  const split: number[] = [];
  const boxes = format === 'tidy' ? tickedBoxes(tags, values, byQuestion, confirm, names, split) : undefined;
  const redcap = shapes?.redcap ?? [];
  // Headers that share a ":" but proved no question's parts: questions of their own, or metadata
  // ("Start time: UTC", "End time: UTC").
  if (format === 'tidy') split.push(...uncolon(tags, values, byQuestion, names, new Set((shapes?.colon ?? []).flatMap((p, c) => (p ? [c] : [])))).filter((c) => !toMetadata(c)));
  const decimalComma = delimiter !== undefined && delimiter !== ',';
  const numberGrids = numberRows(tags, values, byQuestion, names, format, decimalComma, repeatsValue, confirm);
  split.push(...numberGrids.split);
  // A column split from a group after the count (a "Question/Option" that is no box): its own figures,
  // its place in the file's order (and a regrouped question's, too).
  if (split.length > 0 || headed.length > 0) {
    const ordered = [...byQuestion].filter(([, cols]) => cols.length > 0).sort((a, b) => Math.min(...a[1]) - Math.min(...b[1]));
    byQuestion.clear();
    for (const [qid, cols] of ordered) byQuestion.set(qid, cols);
  }
  for (const c of split) {
    const qid = (tags[c] as Extract<ColumnTag, { type: 'whole' }>).qid;
    answered.set(qid, count - empties[c]);
    maxCells.set(qid, count > empties[c] ? 1 : 0);
    maxFilled.set(qid, 0);
  }
  const metadata = tags.flatMap((t) => (t.type === 'meta' && t.name ? [t.name] : []));
  if (format === 'tidy' && names.some((n, c) => /^redcap_/i.test(n) || redcap[c] !== undefined) && !names.some((n) => boxOfChoice(n) !== undefined)) {
    confirm.push('a REDCap raw export (codes, field names): its export of labels ("CSV (labels)") drafts the wording and answer labels; else write them');
  }
  const columns = guessMetadata(tags, values, confirm);
  const dates = (name?: string) => {
    const col = name === undefined ? -1 : tags.findIndex((t) => t.type === 'meta' && t.name === name);
    const cells = col === -1 ? [] : [...values[col].keys()];
    const order = slashOrderOf(cells);
    const found = cells.map((c) => isoDate(c, order)).filter((d): d is string => d !== undefined).sort();
    return found;
  };
  const starts = dates(columns.started);
  const ends = dates(columns.ended);
  const valuesKind: 'codes' | 'labels' = format === 'tidy' ? 'labels' : looksCoded(tags, values) ? 'codes' : 'labels';
  const separator = format === 'tidy' ? guessSeparator(tags, values) : format === 'qualtrics' || format === 'surveymonkey-condensed' ? ',' : undefined;

  const questions: DraftQuestion[] = [];
  for (const [qid, cols] of byQuestion) {
    const ticked = boxes?.questions.has(qid) === true;
    const q = draftQuestion(
      qid,
      cols,
      tags,
      values,
      {
        maxFilled: ticked ? (maxCells.get(qid) ?? 0) : (maxFilled.get(qid) ?? 0),
        answered: answered.get(qid) ?? 0,
        valuesKind,
        separator,
        format,
        decimalComma,
        repeatsValue: repeatsValue.has(qid),
        ...(ticked ? { boxes } : {}),
      },
      confirm,
    );
    // REDCap's raw boxes: each option read from its own column (`options[].column`); the codes need labels.
    if (format === 'tidy' && q.kind === 'multi' && cols.every((c) => tags[c].type === 'option' && redcap[c]?.question === qid)) {
      // REDCap's own codes, as its data dictionary lists them.
      const recoded = new Map(q.options.map((o) => [o.code, o.label]));
      for (const o of q.options) Object.assign(o, { code: o.label, column: `${qid}___${o.label}` });
      for (const k of ['dontKnow', 'noAnswer', 'other', 'none'] as const) q.nonAnswers[k] = q.nonAnswers[k].map((c) => recoded.get(c) ?? c);
      delete q.column;
      q.text = qid;
      confirm.push(`${q.id}: REDCap checkbox \`${qid}\` (${cols.length} boxes \`${qid}___…\`): write its wording in \`text:\` and each option's label (its code is in \`column:\`)`);
    }
    const rowText = numberGrids.texts.get(qid);
    if (rowText !== undefined) q.text = rowText;
    const group = headed.find((g) => g.qid === qid);
    if (group) headerBoxQuestion(q, group, names, (c) => count - empties[c], confirm);
    if (severalLevels.has(qid)) {
      q.kind = 'grid-multi';
      q.kindWhy = 'respondents ticked several levels of one row';
      confirm.push(`${q.id}: grid-multi, ${q.kindWhy} (its level shares add up to more than 100%)`);
    }
    questions.push(q);
  }
  // A header met more than once ("Please explain" after two questions): questions of their own, read in
  // column order; their slides would share one title.
  const perColumn = new Map<string, number>();
  for (const q of questions) if (q.column !== undefined) perColumn.set(q.column, (perColumn.get(q.column) ?? 0) + 1);
  const repeated = questions.filter((q) => q.column !== undefined && perColumn.get(q.column)! > 1);
  if (repeated.length) confirm.push(`${repeated.map((q) => q.id).join(', ')}: one header for several columns (“${repeated[0].column}”…), read in column order: give each its own \`text:\` (their slides' titles)`);
  // "1. How satisfied…", "Q2) …": the questionnaire's numbering, not its wording; left out of the slide
  // titles (`column:` keeps the export's header).
  const numbered = questions.filter((q) => {
    const bare = withoutQuestionNumber(q.text);
    if (bare === q.text) return false;
    q.text = bare;
    return true;
  });
  if (numbered.length) confirm.push(`${numbered.map((q) => q.id).join(', ')}: question numbers left out of the wording (slide titles): “${numbered[0].column ?? numbered[0].text}” → “${numbered[0].text}”`);
  const language = guessLanguage(questions);
  if (language !== 'en') confirm.push(`the wording is ${languageName(language)} (survey.language: ${language}): its decks are built in ${languageName(language)} by default, the questions and answers as written`);
  // Headers that are variable names ("MainBranch", "YearsCode", "q7_sat"), not wording: the slide titles until a person writes it.
  const coded = questions.filter((q) => CODE_NAME.test(q.text) && !/^[a-z]+$/.test(q.text) && !/^[A-Z][a-z]+$/.test(q.text));
  if (coded.length) confirm.push(`${coded.map((q) => q.id).join(', ')}: headed by names, not wording (“${coded[0].text}”${coded.length > 1 ? ', …' : ''}): write each question's wording in \`text:\` (the slide titles), or a \`short:\` title`);
  const wordy = questions.filter((q) => q.text.length > SHORT_TITLE_MAX).map((q) => q.id);
  if (wordy.length) confirm.push(`${wordy.join(', ')}: wording over ${SHORT_TITLE_MAX} characters, set small as a slide title: write a \`short:\` title (a commented line marks where)`);
  return {
    format,
    formatWhy: opts.format ? 'named on the command line' : detected.why,
    file,
    rows: count,
    metadata,
    columns,
    fieldedFrom: starts[0],
    fieldedTo: (ends.length ? ends : starts).at(-1),
    separator,
    values: valuesKind,
    ...(delimiter && delimiter !== ',' ? { delimiter } : {}),
    ...(encoding ? { encoding } : {}),
    filters: draftFilters(format, tags, values, empties, confirm),
    ...(boxes ? { checked: boxes.checked, unchecked: boxes.unchecked } : {}),
    ...(missingSeen.size > 0 ? { missing: [...missingSeen.keys()] } : {}),
    ...draftWeight(tags, weightCol, confirm),
    questions,
    ...(language !== 'en' ? { language } : {}),
    confirm,
  };
}

/** Words common in survey wording in each Latin-script language the decks are built in ("de", "la" are in several, so left out). */
const COMMON_WORDS: [Locale, RegExp][] = [
  ['en', /^(the|and|of|you|your|how|what|which|do|to|is|are|with|for|in|or)$/],
  ['de', /^(und|der|die|das|sie|ihre?|ihren|wie|nicht|mit|für|ist|sind|welche[snrm]?|oder|im|zu)$/],
  ['fr', /^(le|les|des|vous|votre|vos|et|est|pour|avec|quel|quelle|quels|quelles|pas|ou|du|au)$/],
  ['es', /^(el|los|las|usted|su|sus|y|es|para|con|qué|cómo|cuál|cuáles|o|del|al)$/],
];

/**
 * The language of the survey's wording: Japanese when kana are written, Chinese when Han characters
 * alone outnumber Latin letters; else whichever of English, German, French and Spanish its common
 * words are most often of (English on a tie). A guess to confirm.
 */
function guessLanguage(questions: DraftQuestion[]): Locale {
  const text = questions.flatMap((q) => [q.text, ...q.options.map((o) => o.label), ...q.rows.map((r) => r.label)]).join(' ').slice(0, 200_000);
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(/\p{Script=Han}/gu);
  if (kana + han > count(/\p{Script=Latin}/gu)) return kana > 0 ? 'ja' : 'zh-CN';
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: [Locale, number] = ['en', 0];
  for (const [locale, re] of COMMON_WORDS) {
    const n = words.filter((w) => re.test(w)).length;
    if (n > best[1]) best = [locale, n];
  }
  return best[0];
}

/**
 * A sheet made by hand may carry a title (and blank rows) above its table: its first row then holds one
 * cell over three or more columns that a later row of the first five names every one of. Said, rather
 * than read as two header rows of a SurveyMonkey export and found to hold no question.
 */
function titleAbove(first: { cells: string[] }[], file: string): void {
  const filled = (r: { cells: string[] }) => r.cells.filter((c) => c.trim() !== '').length;
  const [top] = first;
  if (!top || filled(top) !== 1 || top.cells[0].trim() === '' || top.cells.length < 3) return;
  const header = first.slice(1, 5).findIndex((r) => r.cells.length === top.cells.length && filled(r) === r.cells.length);
  if (header === -1) return;
  throw error('WRONG_FORMAT', `Row 1 holds one cell, “${top.cells[0].trim().slice(0, 80)}”, above a table whose header is row ${header + 2}: a title, not the export's header row`, {
    file,
    hint: `delete the ${header + 1 === 1 ? 'row' : `${header + 1} rows`} above the header row (the one naming every column), save, and run init again`,
  });
}

/** Missing values as statistics software writes them (R's NA, pandas' NaN, Excel's #N/A, SQL's NULL). */
const MISSING_MARKERS = new Set(['NA', 'NaN', '#N/A', 'NULL', 'null']);
/** Rows of the export a marker's use is judged on. */
const MARKER_SAMPLE_ROWS = 2000;

/**
 * Which markers of MISSING_MARKERS the export writes for no answer, judged on its first rows: one that
 * stands beside numbers only in some column (an amount, a score), or that appears in three columns or
 * more. "NA" alone in one column of words may be an answer (a region, North America), and stays one.
 */
async function missingMarkers(file: string, read: { delimiter?: string; encoding?: string }, headerRows: number, tags: ColumnTag[]): Promise<string[]> {
  const seen = new Map<string, Set<number>>();
  const numbers = tags.map(() => 0);
  const words = tags.map(() => 0);
  const isNumber = numberPattern(true);
  let row = 0;
  for await (const r of readRecords(file, 'survey export', read)) {
    if (row++ < headerRows) continue;
    if (row > headerRows + MARKER_SAMPLE_ROWS) break;
    r.cells.forEach((raw, col) => {
      const v = raw.trim();
      if (v === '' || col >= tags.length || tags[col].type === 'meta') return;
      if (MISSING_MARKERS.has(v)) {
        if (!seen.has(v)) seen.set(v, new Set());
        seen.get(v)!.add(col);
      } else if (isNumber.test(v)) numbers[col]++;
      else words[col]++;
    });
  }
  return [...seen].filter(([, cols]) => cols.size >= 3 || [...cols].some((c) => numbers[c] >= 3 && words[c] === 0)).map(([m]) => m);
}

/** The weight column `weightColumn` found, as the draft declares it (input.weight), with its line to confirm. */
function draftWeight(tags: ColumnTag[], col: number, confirm: string[]): { weight?: string } {
  if (col === -1) return {};
  const name = (tags[col] as { name: string }).name;
  confirm.push(`weight column \`${name}\`: shares are weighted by it, bases add the unweighted and effective n`);
  return { weight: name };
}

/** A weight's column names: English, German, French and Spanish, alone or as a suffix ("final_weight"). */
const WEIGHT_NAME = /^(w|wt|wgt|weights?|weighting|gewicht(ung)?|poids|pond[ée]ration|peso|ponderaci[óo]n|\w*[ _-]weights?)$/i;

/** The column holding a weight per respondent: named as one, every value a positive number (a decimal comma too), not all one value. */
function weightColumn(tags: ColumnTag[], values: Map<string, number>[]): number {
  const nameOf = (t: ColumnTag) => (t.type === 'meta' ? t.name : t.type === 'whole' ? t.qid.split('\u0000')[0] : '');
  return tags.findIndex((t, c) => WEIGHT_NAME.test(nameOf(t).trim()) && values[c].size > 1 && [...values[c].keys()].every((v) => decimalNumber(v) > 0));
}

/**
 * Filters a format's own metadata calls for: Qualtrics marks previews, tests and spam in `Status` and
 * partial responses in `Finished` (by code in a numeric export, by name in a choice-text one). Only
 * values this export holds are named; each rule is a guess to confirm (partial responses are counted by some).
 */
function draftFilters(format: InputFormat, tags: ColumnTag[], values: Map<string, number>[], empties: number[], confirm: string[]): DraftFilter[] {
  if (format === 'tidy') return unsubmitted(tags, values, empties, confirm);
  if (format !== 'qualtrics') return [];
  const column = (name: string) => tags.findIndex((t) => t.type === 'meta' && t.name.toLowerCase() === name.toLowerCase());
  const rule = (name: string, why: string, col: number, matches: (v: string) => boolean) => valueRule(tags, values, confirm, col, name, () => why, why, matches);
  return [
    // Status codes: 1 preview, 2 test, 8 spam, 9 preview spam, 17 offline preview; 0 and 4 (imported), 16 (offline) are responses.
    ...rule('previews', 'Qualtrics survey previews, tests and spam', column('Status'), (v) => /^(1|2|8|9|17)$/.test(v) || /preview|test|spam/i.test(v)),
    ...rule('unfinished', 'partial responses (Qualtrics Finished is false); delete this rule to count them', column('Finished'), (v) => /^(0|false)$/i.test(v)),
  ];
}

/**
 * A rule removing the rows whose metadata column `col` holds a value `matches` finds, with its line to
 * confirm (`said`); none when no row does. `why` words the rule from the values found.
 */
function valueRule(tags: ColumnTag[], values: Map<string, number>[], confirm: string[], col: number, name: string, why: (found: string[]) => string, said: string, matches: (v: string) => boolean): DraftFilter[] {
  if (col === -1) return [];
  const found = [...values[col].entries()].filter(([v]) => matches(v));
  if (!found.length) return [];
  const column = (tags[col] as { name: string }).name;
  const filter = { name, why: why(found.map(([v]) => v)), column, values: found.map(([v]) => v), rows: found.reduce((n, [, c]) => n + c, 0) };
  confirm.push(`filter \`${name}\`: ${filter.rows} rows with ${column} ${filter.values.join(', ')}: ${said}`);
  return [filter];
}

/**
 * A tidy export that keeps partial responses writes no submit date for them (LimeSurvey's "Date
 * submitted", `submitdate`): a rule removing rows whose submit date is empty, to confirm (some count them).
 */
function unsubmitted(tags: ColumnTag[], values: Map<string, number>[], empties: number[], confirm: string[]): DraftFilter[] {
  // A response status column (Alchemer's "Status": Complete, Partial, Disqualified): rules removing
  // the partial and the screened-out responses.
  const state = tags.findIndex((t, c) => t.type === 'meta' && /^(status|response status)$/i.test(t.name.trim()) && values[c].size > 0 && [...values[c].keys()].every((v) => RESPONSE_STATUS.test(v)));
  if (state !== -1) {
    const column = (tags[state] as { name: string }).name;
    const rule = (name: string, why: string, match: RegExp) => valueRule(tags, values, confirm, state, name, (found) => `${why} (${column} ${found.join(', ')})`, why, (v) => match.test(v));
    return [
      ...rule('unfinished', 'partial responses; delete this rule to count them', /^(partial|incomplete|abandoned)$/i),
      ...rule('disqualified', 'responses screened out or marked as tests', /^(disqualified|screened out|test|deleted)$/i),
    ];
  }
  // REDCap marks a response left part-way "Incomplete" (0 in its raw export) in the form's status column.
  const status = tags.findIndex((t, c) => t.type === 'meta' && REDCAP_STATUS_NAME.test(t.name.trim()) && values[c].size > 0 && [...values[c].keys()].every((v) => REDCAP_STATUS.test(v)));
  if (status !== -1) {
    const column = (tags[status] as { name: string }).name;
    return valueRule(tags, values, confirm, status, 'unfinished', () => `partial responses (${column} Incomplete); delete this rule to count them`, 'partial responses', (v) => /^(0|incomplete)$/i.test(v));
  }
  const col = tags.findIndex(
    (t, c) => t.type === 'meta' && SUBMITTED_NAME.test(t.name) && values[c].size > 0 && [...values[c].keys()].slice(0, 20).every((v) => DATE.test(v)) && empties[c] > 0,
  );
  if (col === -1) return [];
  const column = (tags[col] as { name: string }).name;
  const filter = { name: 'unfinished', why: `partial responses (no ${column}); delete this rule to count them`, column, values: [''], rows: empties[col] };
  confirm.push(`filter \`unfinished\`: ${filter.rows} rows with no ${column}: partial responses`);
  return [filter];
}

/** What a response status column holds (Alchemer: Complete, Partial, Disqualified). */
const RESPONSE_STATUS = /^(complete|completed|partial|incomplete|abandoned|disqualified|screened out|test|deleted)$/i;

/** REDCap's form status column, by its label and by its field name, and the states it writes. */
const REDCAP_STATUS_NAME = /^(complete\?|[a-z0-9_]+_complete)$/i;
const REDCAP_STATUS = /^(0|1|2|incomplete|unverified|complete)$/i;

/**
 * "1. ", "Q2) ", "3 - ", "Q4: ", "Question 5. ", "[Q6] ": a question number before the wording, by a
 * mark after it (a number followed by a word, "5 things…", "Q4 revenue", is wording). Up to three
 * digits, sub-numbers and a letter ("12b.", "3.2)").
 */
const QUESTION_NUMBER = /^\s*(?:\[\s*(?:q|question\s*)?\d{1,3}(?:\.\d{1,3})*[a-z]?\s*\]|\(?(?:q|question\s*)?\d{1,3}(?:\.\d{1,3})*[a-z]?(?:[.):]|\s+[-–—]))\s+(?=\S)/i;

/** The wording without its question number, when what follows is wording (a letter). */
function withoutQuestionNumber(text: string): string {
  const m = QUESTION_NUMBER.exec(text);
  if (!m) return text;
  const rest = text.slice(m[0].length);
  return /^\p{L}|^["“'‘¿¡(]/u.test(rest) ? rest : text;
}

/** A variable name rather than wording: one token of letters, digits and "_" with a capital inside it, a digit or a "_" ("MainBranch", "q7_sat", "Q12"). */
const CODE_NAME = /^(?=.*(?:[a-z][A-Z]|\d|_))[A-Za-z][A-Za-z0-9_]{1,40}$/;

/** Wording that asks how likely one is to recommend (the NPS question), in the languages init reads. */
const RECOMMEND = /recommend|empfehl|recommand|recomend|勧め|薦め|すすめ|推荐|推薦/i;

/** A column of the date a response was sent in (not begun): LimeSurvey, Typeform, SurveyMonkey, Forms. */
const SUBMITTED_NAME = /submi(t|ssion)|complet|finish|\bend(ed)?\b|enddate/i;
/** A column of the date a response was begun. */
const STARTED_NAME = /start|begin|began/i;

/**
 * Groups of "Question [Option]" columns of a tidy export that are boxes to tick, not grid rows: every
 * cell empty, the column's own label, or one mark shared by the group ("Yes", "1", "X"); an unticked
 * box may hold a word of its own ("No"), and then only a "select all" wording makes it a multi-select
 * rather than a grid of yes/no rows. One column may hold the text typed for "Other". The groups are
 * retagged as option columns.
 */
function tickedBoxes(tags: ColumnTag[], values: Map<string, number>[], byQuestion: Map<string, number[]>, confirm: string[], headers: string[], split: number[]): { questions: Set<string>; checked: string[]; unchecked: string[] } | undefined {
  const questions = new Set<string>();
  const checked = new Set<string>();
  const unchecked = new Set<string>();
  for (const [qid, all] of [...byQuestion]) {
    // The question's own column beside its boxes (KoboToolbox's "Question" before "Question/Option")
    // repeats what they hold: it is left unread when they are boxes.
    const own = all.filter((c) => tags[c].type === 'whole');
    const cols = all.filter((c) => !own.includes(c));
    // "Question [Other]" beside the question's own column (LimeSurvey's list with "Other"): the words
    // typed for "Other", which the own column answers with "Other" (otherText), not a grid of one row.
    // Already read as that (Alchemer's "Other - Write In:Question"): the question keeps it.
    if (own.length === 1 && cols.length === 1 && tags[cols[0]].type === 'other') continue;
    const lone = cols.length === 1 ? tags[cols[0]] : undefined;
    if (own.length === 1 && lone?.type === 'row' && isOtherWording(lone.row.label ?? '') && ![...values[cols[0]].keys()].every((v) => BOX_TICKED.test(v) || BOX_UNTICKED.test(v))) {
      const mine = tags[own[0]] as Extract<ColumnTag, { type: 'whole' }>;
      tags[cols[0]] = { type: 'other', qid: mine.qid, text: mine.text };
      continue;
    }
    if (own.length > 1 || cols.length < 2 || !cols.every((c) => tags[c].type === 'row')) {
      if (own.length > 0 && cols.length > 0) split.push(...unslash(tags, byQuestion, qid, cols, headers));
      continue;
    }
    const labelOf = (c: number) => (tags[c] as Extract<ColumnTag, { type: 'row' }>).row.label ?? '';
    const boxMarks = (c: number) => [...values[c].keys()].every((v) => BOX_TICKED.test(v) || BOX_UNTICKED.test(v));
    // A column of many different words is where "Other" was typed; an "Other" of box marks is a box.
    const typed = cols.filter((c) => (isOtherWording(labelOf(c)) && !(values[c].size > 0 && boxMarks(c))) || [...values[c].keys()].filter((v) => v !== labelOf(c)).length > 2);
    if (typed.length > 1) {
      if (own.length > 0 && cols.length > 0) split.push(...unslash(tags, byQuestion, qid, cols, headers));
      continue;
    }
    const marks = new Set<string>();
    const offs = new Set<string>();
    for (const c of cols) {
      if (typed.includes(c)) continue;
      for (const v of values[c].keys()) {
        if (v === labelOf(c)) continue;
        (UNTICKED.test(v) ? offs : marks).add(v);
      }
    }
    // "1"/"0", "TRUE"/"FALSE" are how tools write a box; "Yes"/"No" may as well be a yes/no row of a grid.
    const boxWords = [...marks].every((m) => BOX_TICKED.test(m)) && [...offs].every((o) => BOX_UNTICKED.test(o));
    if (marks.size > 1 || cols.length - typed.length < 2 || (offs.size > 0 && !boxWords && kindFromWording(tags[cols[0]].type === 'row' ? (tags[cols[0]] as { text: string }).text : '') !== 'multi')) {
      if (own.length > 0 && cols.length > 0) split.push(...unslash(tags, byQuestion, qid, cols, headers));
      continue;
    }
    for (const c of own) tags[c] = { type: 'ignored', why: 'the options its box columns hold' };
    byQuestion.set(qid, cols);
    questions.add(qid);
    for (const m of marks) checked.add(m);
    for (const o of offs) unchecked.add(o);
    for (const c of cols) {
      const t = tags[c] as Extract<ColumnTag, { type: 'row' }>;
      tags[c] = { type: 'option', qid: t.qid, text: t.text, label: labelOf(c) };
    }
  }
  if (questions.size === 0) return undefined;
  const q = JSON.stringify;
  confirm.push(
    `${[...questions].length} question(s) with a column per box (${[...questions].map((x) => q(x)).join(', ')}): ticked ${[...checked].map((m) => q(m)).join(', ') || 'with the option’s own label'}${unchecked.size ? `, unticked ${[...unchecked].map((m) => q(m)).join(', ')}` : ''}`,
  );
  return { questions, checked: [...checked], unchecked: [...unchecked] };
}

/** A column whose every answer is its own header: the box of that answer (Typeform), whatever the header says. */
function holdsOnlyItsHeader(values: Map<string, number>, header: string): boolean {
  return values.size === 1 && normalizeLabel([...values.keys()][0]) === normalizeLabel(header);
}

/** A group of columns each headed by one choice of a question the export does not name (Typeform). */
interface HeaderBoxGroup {
  qid: string;
  cols: number[];
  /** The column where "Other" was typed, if the group has one. */
  other?: number;
}

/** Question ids of header-box groups start so; their wording is for a person to write. */
const HEADER_BOXES = '\u0001choices';

/**
 * Runs of two or more adjacent columns each holding nothing but its own header (the choice, when it
 * was chosen): one multi-select whose wording the export leaves out (Typeform writes a "select
 * several" question so). A column after the run headed "Other" holds the words typed for it.
 * The columns are retagged as options of one question.
 */
function headerBoxGroups(tags: ColumnTag[], values: Map<string, number>[], byQuestion: Map<string, number[]>, headers: string[]): HeaderBoxGroup[] {
  const own = (c: number) => tags[c].type === 'whole' && holdsOnlyItsHeader(values[c], headers[c]);
  const groups: HeaderBoxGroup[] = [];
  for (let c = 0; c < tags.length; ) {
    let end = c;
    while (end < tags.length && own(end)) end++;
    if (end - c < 2) {
      c = Math.max(end, c + 1);
      continue;
    }
    const cols = Array.from({ length: end - c }, (_, i) => c + i);
    const other = end < tags.length && tags[end].type === 'whole' && isOtherWording(headers[end]) ? end : undefined;
    if (other !== undefined) cols.push(other);
    const qid = `${HEADER_BOXES}${groups.length + 1}`;
    for (const col of cols) {
      byQuestion.delete((tags[col] as Extract<ColumnTag, { type: 'whole' }>).qid);
      tags[col] = { type: 'option', qid, text: '', label: headers[col] };
    }
    byQuestion.set(qid, cols);
    groups.push({ qid, cols, ...(other !== undefined ? { other } : {}) });
    c = cols.at(-1)! + 1;
  }
  return groups;
}

/**
 * The draft of a header-box group: a multi-select whose options are its columns, each read by its
 * header (`options[].column`); the "Other" column an option too, ticked by any words typed in it.
 * The export holds no wording: a placeholder naming the answers, to write.
 */
function headerBoxQuestion(q: DraftQuestion, group: HeaderBoxGroup, headers: string[], filled: (col: number) => number, confirm: string[]): void {
  const labels = group.cols.filter((c) => c !== group.other).map((c) => headers[c]);
  q.text = draftWording(labels);
  delete q.column;
  q.kind = 'multi';
  q.kindWhy = `a column per answer, each holding its own header when chosen; up to ${group.cols.length} columns`;
  q.options = group.cols.map((c, i) => ({ code: String(i + 1), label: headers[c], respondents: filled(c), column: headers[c] }));
  q.otherText = false;
  q.nonAnswers = { dontKnow: [], noAnswer: [], none: [], other: group.other !== undefined ? [String(group.cols.indexOf(group.other) + 1)] : [] };
  confirm.push(`${q.id}: columns headed by their answers (${labels.map((l) => `“${l}”`).join(', ')}${group.other !== undefined ? `, and “${headers[group.other]}” where it was typed` : ''}) read as one multi-select: write its wording in \`text:\``);
}

/** One second read of the export for the regrouped questions: per group, the rows that filled any of its columns, and the most one row filled. */
async function countGroups(file: string, read: { delimiter?: string; encoding?: string }, headerRows: number, groups: HeaderBoxGroup[]): Promise<{ answered: number; maxFilled: number }[]> {
  const stats = groups.map(() => ({ answered: 0, maxFilled: 0 }));
  let row = 0;
  for await (const r of readRecords(file, 'survey export', read)) {
    if (row++ < headerRows) continue;
    groups.forEach((g, i) => {
      const filled = g.cols.filter((c) => (r.cells[c] ?? '').trim() !== '').length;
      if (filled > 0) stats[i].answered++;
      stats[i].maxFilled = Math.max(stats[i].maxFilled, filled);
    });
  }
  return stats;
}

/**
 * A question's own column and columns beside it that proved no boxes: "Question/Option" columns are
 * questions of their own, by their headers; "Question [Row]" columns stay a grid, the own column
 * another question of the same wording.
 */
function unslash(tags: ColumnTag[], byQuestion: Map<string, number[]>, qid: string, cols: number[], headers: string[]): number[] {
  const own = byQuestion.get(qid)!.filter((c) => !cols.includes(c));
  if (cols.every((c) => headers[c].endsWith(']') || boxOfChoice(headers[c]) !== undefined)) {
    byQuestion.set(qid, cols);
    for (const c of own) {
      tags[c] = { type: 'whole', qid: `${qid}\u0000own`, text: headers[c] };
      byQuestion.set(`${qid}\u0000own`, [c]);
    }
    return own;
  }
  for (const c of cols) {
    tags[c] = { type: 'whole', qid: headers[c], text: headers[c] };
    byQuestion.set(headers[c], [c]);
  }
  byQuestion.set(qid, own);
  return cols;
}

/** A box's own marks, never an answer's words: ticked and unticked. */
const BOX_TICKED = /^(1|true|x|✓|✔|checked|selected)$/i;
const BOX_UNTICKED = /^(0|false|unchecked|not selected)$/i;

/** What an export writes in an unticked box, when it writes anything. */
const UNTICKED = /^(no|n|0|false|not selected|unchecked|unticked|nein|non|nee)$/i;

/** A header's question and part, where its shape names them. */
type HeaderPart = { question: string; option: string } | undefined;

/** Per header of a tidy export, read once for init: its REDCap raw box, and its place in a ":" group (Alchemer). */
interface TidyShapes {
  redcap: HeaderPart[];
  colon: HeaderPart[];
}

function tidyShapes(names: string[]): TidyShapes {
  const redcap = redcapBoxes(names);
  return { redcap, colon: colonGroupsOf(names, redcap) };
}

/** Header rows ─▶ what each column is, with no spec to go by (`shapes`: a tidy export's, read by tidyShapes). */
function discoverTags(format: InputFormat, headers: CsvRecord[], shapes: TidyShapes | undefined): ColumnTag[] {
  const empty = { version: SPEC_VERSION, questions: {}, input: { columns: {} }, detect: { englishLabels: false } } as unknown as SurveySpec;
  switch (format) {
    case 'surveymonkey-expanded':
      return surveyMonkeyTags({ file: '', headers, spec: empty, specFile: '' }, 'expanded').tags;
    case 'surveymonkey-condensed': {
      const tags = surveyMonkeyTags({ file: '', headers, spec: empty, specFile: '' }, 'condensed').tags;
      const ids = new Set(tags.flatMap((t) => (t.type === 'whole' ? [t.qid] : [])));
      return tags.map((t) => {
        const m = t.type === 'whole' ? /^(.+)_([^_]+)$/.exec(t.qid) : null;
        if (t.type === 'whole' && m && !ids.has(m[1])) return { type: 'row', qid: m[1], text: t.text.replace(/ - [^-]*$/, ''), row: { code: m[2], label: t.text.includes(' - ') ? t.text.slice(t.text.lastIndexOf(' - ') + 3) : m[2] } };
        return t;
      });
    }
    case 'qualtrics': {
      const [names, texts, imports] = headers.map((h) => h.cells);
      return names.map((raw, col): ColumnTag => {
        const name = raw.trim();
        // " - Selected Choice" is what Qualtrics adds to a question with a text box beside a choice.
        const text = cleanText(texts[col] ?? '').replace(/ - Selected Choice$/i, '');
        const id = importIdOf(imports[col] ?? '');
        // Qualtrics's promoter/passive/detractor group of an NPS question is derived from its score: metadata.
        if (!id || !/^QID\d/i.test(id) || /_NPS_GROUP$/i.test(name)) return { type: 'meta', name };
        if (/_\d+_TEXT$/i.test(name)) return { type: 'ignored', why: 'text typed beside a choice' };
        const m = /^(.+)_(\d+)$/.exec(name);
        if (m && /^QID\d+_\d+$/i.test(id)) {
          const dash = text.lastIndexOf(' - ');
          return { type: 'row', qid: m[1], text: dash === -1 ? text : text.slice(0, dash), row: { code: m[2], label: dash === -1 ? m[2] : text.slice(dash + 3) } };
        }
        return { type: 'whole', qid: name, text };
      });
    }
    case 'tidy': {
      // A header met again ("Please explain" after two questions) is another question: its own id
      // (the header and its occurrence), the same `column:` text, read in order by the tidy reader.
      const seen = new Map<string, number>();
      const once = (name: string) => {
        const k = (seen.get(name) ?? 0) + 1;
        seen.set(name, k);
        return k === 1 ? name : `${name}\u0000${k}`;
      };
      const names = headers[0].cells.map(cleanText);
      const headed = new Set(names);
      const { redcap, colon } = shapes ?? tidyShapes(names);
      return names.map((name, col): ColumnTag => {
        const grid = gridPart(name);
        if (grid) return { type: 'row', qid: grid.question, text: grid.question, row: { label: grid.option } };
        // "Question/Option" after a column headed "Question" (KoboToolbox, ODK): that option's box.
        // "Question (choice=Option)" (REDCap's labels): that option's box; `field___code` (REDCap's raw
        // export) where another column shares the field.
        const box = boxOfSlash(name, (text) => headed.has(text)) ?? boxOfChoice(name) ?? redcap[col];
        if (box) return { type: 'row', qid: box.question, text: box.question, row: { label: box.option } };
        const part = colon[col];
        if (part) return { type: 'row', qid: part.question, text: part.question, row: { label: part.option } };
        // "Other - Write In:Question" beside the question's own column (Alchemer's single choice): the
        // words typed for its "Other", which the own column answers.
        const typed = colonSplits(name).find((s) => headed.has(s.right) && s.right !== name && isOtherWording(s.left));
        if (typed) return { type: 'other', qid: typed.right, text: typed.right };
        // The first column too may be a question (a table made by hand); an id or a timestamp there is
        // found metadata by its name or values, with every other column's (draftSpec).
        return name === '' ? { type: 'meta', name } : { type: 'whole', qid: once(name), text: name };
      });
    }
  }
}

/** `colonGroups` of a tidy export's headers, where no other header shape (grid row, REDCap box) reads them. The first column may start one, as it may be a question. */
function colonGroupsOf(names: string[], redcap: HeaderPart[]): HeaderPart[] {
  return colonGroups(names, (col) => gridPart(names[col]) === undefined && boxOfChoice(names[col]) === undefined && redcap[col] === undefined);
}

/**
 * Runs of two or more adjacent headers that share one side of a ":" (Alchemer's "Option:Question" boxes
 * and "Row:Question" grid rows; "Question:Option" too): per header in a run, the shared side as its
 * question and the other as its part. Of the readings of a run, the longest run wins, then the
 * question on the right (Alchemer's order), then the longest shared text (a question may hold a ":").
 * Whether the parts are boxes, a grid's rows or questions of their own under one heading is for their
 * answers to say (`tickedBoxes`, `uncolon`).
 */
export function colonGroups(names: string[], eligible: (col: number) => boolean): HeaderPart[] {
  const out: HeaderPart[] = names.map(() => undefined);
  const splits = names.map((n, c) => (eligible(c) ? colonSplits(n) : []));
  for (let c = 0; c < names.length; ) {
    let best: { end: number; side: 'right' | 'left'; key: string } | undefined;
    for (const side of ['right', 'left'] as const) {
      for (const s of splits[c]) {
        const key = s[side];
        let end = c + 1;
        while (end < names.length && splits[end].some((t) => t[side] === key)) end++;
        if (end - c >= 2 && (!best || end > best.end || (end === best.end && side === best.side && key.length > best.key.length))) best = { end, side, key };
      }
    }
    if (!best) {
      c++;
      continue;
    }
    for (let i = c; i < best.end; i++) {
      const s = splits[i].find((t) => t[best.side] === best.key)!;
      out[i] = { question: best.key, option: best.side === 'right' ? s.left : s.right };
    }
    c = best.end;
  }
  return out;
}

/**
 * A run of ":" headers whose answers are no boxes and share no scale ("About you: Age", "About you:
 * Role"): questions of their own, each by its header. Numbers entered (a slider per row) stay for
 * `numberRows`. Returns the columns split off.
 */
function uncolon(tags: ColumnTag[], values: Map<string, number>[], byQuestion: Map<string, number[]>, names: string[], colon: Set<number>): number[] {
  const split: number[] = [];
  for (const [qid, cols] of [...byQuestion]) {
    if (!cols.every((c) => colon.has(c) && tags[c].type === 'row')) continue;
    const found = new Set(cols.flatMap((c) => [...values[c].keys()]));
    if (found.size === 0 || [...found].every((v) => numberPattern(true).test(v))) continue;
    const widest = Math.max(...cols.map((c) => values[c].size));
    // A grid's rows are answered on one scale: few answers beyond those of its widest row; dates are no scale.
    const dated = [...found].slice(0, 20).every((v) => DATE.test(v));
    if (!dated && found.size <= widest + Math.max(1, Math.floor(widest / 2))) continue;
    byQuestion.delete(qid);
    for (const c of cols) {
      tags[c] = { type: 'whole', qid: names[c], text: names[c] };
      byQuestion.set(names[c], [c]);
      split.push(c);
    }
  }
  return split;
}

/** REDCap's raw export heads a checkbox field's boxes `field___code`: the box of code `code`, where two or more columns share the field. */
const REDCAP_RAW_BOX = /^([a-z][a-z0-9_]*?)___([a-z0-9_-]+)$/i;

/** Per header, its REDCap raw box, if two or more headers share its field; counted once (an export may have 100,000 columns). */
function redcapBoxes(names: string[]): HeaderPart[] {
  // REDCap's field names have at most 100 characters; a longer header is none (and the lazy pattern
  // would backtrack quadratically on a hostile one).
  const found = names.map((n) => (n.length <= 200 ? REDCAP_RAW_BOX.exec(n) : null));
  const fields = new Map<string, number>();
  for (const m of found) if (m) fields.set(m[1], (fields.get(m[1]) ?? 0) + 1);
  return found.map((m) => (m && fields.get(m[1])! >= 2 ? { question: m[1], option: m[2] } : undefined));
}

function groupColumns(tags: ColumnTag[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  tags.forEach((t, col) => {
    if (t.type === 'meta' || t.type === 'ignored') return;
    const list = out.get(t.qid) ?? [];
    list.push(col);
    out.set(t.qid, list);
  });
  return out;
}

/** A cell that starts with a date, in any convention dates.ts reads. */
const DATE = { test: (cell: string) => isoDate(cell, 'mdy') !== undefined || isoDate(cell, 'dmy') !== undefined };

/** Columns a form tool adds beside the answers (Microsoft Forms, Google Forms): who, when, from where. */
const FORM_METADATA = new RegExp(
  '^(' +
    [
      // Microsoft Forms, Google Forms
      'id|respondent ?id|response ?id|submission ?id|entry ?id|record ?id|e-?mail|e-?mail address|name|full name|start time|completion time|last modified time|timestamp|ip|ip address|user ?agent|score|total score',
      // LimeSurvey, by code and by its full headings
      'submitdate|startdate|datestamp|lastpage|startlanguage|seed|token|ipaddr|refurl|interviewtime|date submitted|date started|date last action|last page|start language|referr?er url|total time',
      // Typeform
      '#|network id|tags|response type|start date \\(utc\\)|submit date \\(utc\\)|stage date \\(utc\\)',
      // REDCap, by its labels and by its field names (`record_id`, `<instrument>_timestamp`, `<instrument>_complete`)
      'survey identifier|survey timestamp|complete\\?|event name|repeat instrument|repeat instance|data access group|redcap_.*|[a-z0-9_]+_timestamp|[a-z0-9_]+_complete',
      // KoboToolbox and ODK (every column of their own starts with "_"), SurveyCTO
      '_.*|start|end|today|deviceid|subscriberid|simserial|simid|phonenumber|devicephonenum|username|audit|instanceid|meta[/-]instanceid|key|submissiondate|submitterid|submittername|attachmentspresent|attachmentsexpected|reviewstate|formversion|formdef_version|starttime|endtime|duration|caseid',
    ].join('|') +
    ')$',
  'i',
);

/** Columns only Alchemer (SurveyGizmo) writes: three of them mark its export. */
const ALCHEMER_OWN = /^(time started|date submitted|sessionid|legacy comments|contact id|referer)$/i;
/**
 * Alchemer's columns of its own in an export it marks: the response's status, comments left on it, its
 * language, where it came from and where the respondent's IP address places them. Elsewhere "Country"
 * or "Language" may well be a question.
 */
const ALCHEMER_METADATA = /^(status|contact id|legacy comments|comments|language|referer|sessionid|tags|longitude|latitude|country|city|state\/region|postal|postal code|region|dma code)$/i;

function guessMetadata(tags: ColumnTag[], values: Map<string, number>[], confirm: string[]): SpecDraft['columns'] {
  const meta = tags.flatMap((t, col) => (t.type === 'meta' ? [{ name: t.name, col }] : []));
  const dated = meta.filter((m) => [...values[m.col].keys()].slice(0, 20).every((v) => DATE.test(v)) && values[m.col].size > 0);
  const out: SpecDraft['columns'] = {};
  if (dated.length > 0) {
    // Named for when a response was begun and sent in (LimeSurvey's "Date started" comes after its
    // "Date submitted"); else the first two date columns.
    const started = dated.find((m) => STARTED_NAME.test(m.name) && !SUBMITTED_NAME.test(m.name));
    const ended = dated.find((m) => m !== started && SUBMITTED_NAME.test(m.name));
    out.started = (started ?? dated.find((m) => m !== ended) ?? dated[0]).name;
    // One date column (a submit date alone) is both ends of the fieldwork: `started` says it.
    const rest = ended && ended.name !== out.started ? ended : dated.find((m) => m.name !== out.started);
    if (rest) out.ended = rest.name;
    const why = started || ended ? 'named so' : 'the first date columns';
    confirm.push(`fieldwork dates from \`${out.started}\`${out.ended ? ` and \`${out.ended}\`` : ''} (${why})`);
  }
  // A column named as an id (Qualtrics `ResponseId`, SurveyMonkey `Respondent ID`) before any other whose
  // values are all different; never an IP or e-mail address or a name (personal data, and shared by people at one site).
  const unique = meta
    .filter((m) => m.name !== out.started && m.name !== out.ended && !/\bip\b|ip ?address|e-?mail|name$/i.test(m.name))
    .filter((m) => values[m.col].size >= MAX_DISTINCT || [...values[m.col].values()].every((n) => n === 1));
  const named = unique.find((m) => /(^|[^a-z])(response|respondent|record|participant|submission)?[ _-]?id$/i.test(m.name.trim()));
  if (named ?? unique[0]) out.respondentId = (named ?? unique[0]).name;
  return out;
}

/** Option columns of an expanded export hold one value each (the option's code): a coded export.
 * One-column answers decide only when there are no option columns. */
function looksCoded(tags: ColumnTag[], values: Map<string, number>[]): boolean {
  const vote = (type: ColumnTag['type']) => {
    let coded = 0;
    let labelled = 0;
    tags.forEach((t, col) => {
      if (t.type !== type || values[col].size === 0) return;
      if ([...values[col].keys()].every((v) => /^-?\d+$/.test(v))) coded++;
      else labelled++;
    });
    return { coded, labelled };
  };
  const options = vote('option');
  if (options.coded + options.labelled > 0) return options.coded >= options.labelled;
  const whole = vote('whole');
  return whole.coded >= whole.labelled;
}

function guessSeparator(tags: ColumnTag[], values: Map<string, number>[]): string {
  // Written by hand: no library guesses how a form tool joined several answers in one cell.
  let semi = 0;
  let comma = 0;
  let trailing = 0;
  // Jotform puts each chosen answer on a line of its own: lines that recur across a column's cells
  // (open answers of several paragraphs do not).
  let lines = 0;
  tags.forEach((t, col) => {
    if (t.type !== 'whole') return;
    const seen = new Map<string, number>();
    for (const v of values[col].keys()) for (const line of v.split(/\r?\n/)) seen.set(line.trim(), (seen.get(line.trim()) ?? 0) + 1);
    for (const v of values[col].keys()) {
      const parts = v.split(/\r?\n/);
      if (parts.length > 1 && parts.every((p) => (seen.get(p.trim()) ?? 0) > 1)) lines++;
    }
  });
  if (lines > 0) return '\n';
  tags.forEach((t, col) => {
    if (t.type !== 'whole') return;
    for (const v of values[col].keys()) {
      if (v.includes(';')) semi++;
      if (v.includes(', ')) comma++;
      // Microsoft Forms ends every joined cell with ";" ("A;B;Support, phone and chat;"): its mark,
      // whatever the commas of labels and open answers.
      if (/;\s*$/.test(v) && v.indexOf(';') < v.length - 1) trailing++;
    }
  });
  return trailing > 0 || semi > comma ? ';' : ', ';
}

function draftQuestion(
  qid: string,
  cols: number[],
  tags: ColumnTag[],
  values: Map<string, number>[],
  /** decimalComma: a CSV not delimited by "," (Excel where the comma is the decimal mark), whose "1,5" is a number; elsewhere "1,2" is two codes. */
  ctx: { maxFilled: number; answered: number; valuesKind: 'codes' | 'labels'; separator?: string; format: InputFormat; decimalComma: boolean; boxes?: { checked: string[]; unchecked: string[] }; repeatsValue?: boolean },
  confirm: string[],
): DraftQuestion {
  const first = tags[cols[0]] as Extract<ColumnTag, { qid: string }>;
  const text = first.text;
  const q: DraftQuestion = { id: safeId(qid), text, kind: 'text', kindWhy: '', options: [], rows: [], nonAnswers: { dontKnow: [], noAnswer: [], other: [], none: [] }, answered: ctx.answered, otherText: false };
  if (ctx.format === 'tidy') q.column = text;
  else if (ctx.format === 'qualtrics' || ctx.format === 'surveymonkey-condensed') q.column = qid;
  if (ctx.format === 'tidy') q.id = `q${cols[0]}`;
  const optionCols = cols.filter((c) => tags[c].type === 'option');
  const rowCols = cols.filter((c) => tags[c].type === 'row' || tags[c].type === 'rowLevel');
  const wholeCols = cols.filter((c) => tags[c].type === 'whole');
  const wording = kindFromWording(text);
  // A column per place of a ranking, each holding the item ranked there (LimeSurvey: "Question [Ranking 1]"):
  // a ranking of those items, listed by their mean place.
  const slotOf = (c: number) => {
    const t = tags[c];
    const m = t.type === 'row' && t.row.label !== undefined ? RANK_SLOT.exec(t.row.label.trim()) : null;
    return m ? Number(m[1]) : undefined;
  };
  if (rowCols.length >= 2 && ctx.valuesKind === 'labels' && rowCols.every((c) => slotOf(c) !== undefined)) {
    const placed = new Map<string, { sum: number; n: number }>();
    for (const c of rowCols) {
      for (const [item, n] of values[c]) {
        const p = placed.get(item) ?? { sum: 0, n: 0 };
        placed.set(item, { sum: p.sum + slotOf(c)! * n, n: p.n + n });
      }
    }
    const items = [...placed.keys()].sort((a, b) => placed.get(a)!.sum / placed.get(a)!.n - placed.get(b)!.sum / placed.get(b)!.n);
    if (items.length >= 2 && items.length <= MAX_JOINED_OPTIONS) {
      q.kind = 'ranking';
      q.kindWhy = `a column per place (${rowCols.length}), each holding the item ranked there`;
      q.rows = items.map((label, i) => ({ code: String(i + 1), label }));
      confirm.push(`${q.id}: a ranking, a column per place holding the item ranked there (LimeSurvey), ${items.length} items listed by mean place`);
      return q;
    }
  }
  if (rowCols.length > 0) {
    q.kind = 'grid';
    q.kindWhy = 'one column per grid row (or row and level)';
    const levels = new Map<string, string>();
    for (const c of rowCols) {
      const t = tags[c];
      if (t.type === 'rowLevel') {
        if (!q.rows.some((r) => r.label === t.row)) q.rows.push({ code: String(q.rows.length + 1), label: t.row });
        const code = [...values[c].keys()][0] ?? String(levels.size + 1);
        if (![...levels.values()].includes(t.level)) levels.set(code, t.level);
      } else if (t.type === 'row') {
        q.rows.push({ code: t.row.code ?? String(q.rows.length + 1), label: t.row.label ?? t.row.code ?? '' });
        for (const v of values[c].keys()) if (!levels.has(v)) levels.set(v, v);
      }
    }
    const fromLabels = ctx.valuesKind === 'labels' && rowCols.every((c) => tags[c].type === 'row');
    // Levels written as text carry no order of their own: the scale's wording or numbers give it. A
    // level's own column (SurveyMonkey's "Row - Level") is in the questionnaire's order: kept, unless
    // its cells hold numeric codes, which give it.
    const entries = [...levels.entries()];
    const sorted = fromLabels ? inScaleOrder(entries, ([, label]) => label) : entries.every(([code]) => /^-?\d+(\.\d+)?$/.test(code)) ? entries.sort((a, b) => numericFirst(a[0], b[0])) : entries;
    q.options = sorted.map(([code, label], i) => ({ code: fromLabels ? String(i + 1) : code, label, respondents: 0 }));
    // Ranks written in each item's column (Qualtrics' rank order, a "Question [Item]" of 1, 2, 3): the
    // levels are 1…k for k items or fewer, each rank given as often as every other (once per
    // respondent who ranked), and no respondent gives one twice, which no grid of answers does by chance.
    const ranks = rowCols.every((c) => tags[c].type === 'row') ? rankLevels(rowCols, values, ctx.repeatsValue === true) : undefined;
    if (ranks !== undefined && rowCols.length >= 3) {
      q.kind = 'ranking';
      q.kindWhy = `each item's column holds a rank 1–${ranks}, each rank given ${rankTotal(rowCols, values, '1')} times`;
      q.options = [];
      confirm.push(`${q.id}: a ranking, a rank 1–${ranks} in each item's column (1 = first)`);
      return q;
    }
    if (rowCols.every((c) => tags[c].type === 'row') && ctx.valuesKind === 'codes') confirm.push(`${q.id}: grid level labels are unknown (the export holds codes ${q.options.map((o) => o.code).join(', ')}): write them`);
  } else if (optionCols.length > 0) {
    q.kind = ctx.maxFilled > 1 || ctx.boxes ? 'multi' : 'single';
    q.kindWhy = ctx.boxes
      ? `a column per box, up to ${ctx.maxFilled} ticked by one respondent`
      : ctx.maxFilled > 1
        ? `up to ${ctx.maxFilled} option columns filled by one respondent`
        : 'never more than one option column filled';
    if (wording && wording !== q.kind && (wording === 'single' || wording === 'multi')) {
      q.kind = wording;
      q.kindWhy = `the wording says ${wording} choice`;
    }
    for (const c of optionCols) {
      const t = tags[c] as Extract<ColumnTag, { type: 'option' }>;
      // A ticked box's mark stands for the label; an unticked one's for nothing.
      const found = [...values[c].entries()].filter(([v]) => !ctx.boxes?.unchecked.includes(v)).map(([v, n]): [string, number] => [ctx.boxes?.checked.includes(v) ? t.label : v, n]);
      const codes = found.filter(([v]) => /^-?\d+$/.test(v));
      if (ctx.valuesKind === 'codes' && found.length > 0 && codes.length === 0) {
        q.otherText = true; // free text in an option column: its "Other (please specify)"
        continue;
      }
      // An export of answer text writes an option's own label in its column; a column holding other
      // words is where respondents typed their "other" answer.
      if (ctx.valuesKind === 'labels' && found.some(([v]) => v.trim() !== t.label.trim())) {
        q.otherText = true;
        continue;
      }
      if (ctx.valuesKind === 'codes' && found.length === 0 && isOtherLabel(t.label)) {
        q.otherText = true;
        continue;
      }
      const code = ctx.valuesKind === 'codes' ? (codes[0]?.[0] ?? `?${q.options.length + 1}`) : String(q.options.length + 1);
      if (code.startsWith('?')) confirm.push(`${q.id}: nobody chose “${t.label}”, so its code is unknown: write it`);
      q.options.push({ code, label: t.label, respondents: found.reduce((s, [, n]) => s + n, 0) });
    }
  } else {
    const c = wholeCols[0];
    const found = [...values[c].entries()];
    if (found.some(([v]) => v.length > INPUT_LIMITS.labelChars)) {
      q.kind = 'text';
      q.kindWhy = `answers longer than ${INPUT_LIMITS.labelChars.toLocaleString('en')} characters, which no option label is`;
      return finishDraft(q, confirm);
    }
    // Numbers as written, with a decimal comma too ("1,5" in a German export).
    const number = numberPattern(ctx.decimalComma);
    const isNumber = (v: string) => number.test(v) && Number.isFinite(decimalNumber(v));
    // Numbers entered, with one or two open ends of the range in words ("Less than 1 year", "More than
    // 50 years", as Stack Overflow's survey writes years of coding): each end counted as a number.
    const words = found.filter(([v]) => !isNumber(v));
    const ends = words.map(([v]) => [v, openEndValue(v)] as const);
    const withEnds = ctx.valuesKind === 'labels' && words.length > 0 && words.length <= 2 && found.length - words.length >= 8 && ends.every(([, n]) => n !== undefined);
    const numeric = found.length > 0 && (withEnds || found.every(([v]) => isNumber(v)));
    const distinct = found.length;
    const nums = numeric ? found.map(([v]) => (isNumber(v) ? decimalNumber(v) : openEndValue(v)!)) : [];
    // Whole numbers over most of 0–10: an NPS question where the wording asks about recommending.
    const isZeroToTen = (ns: number[]) => ns.every((n) => Number.isInteger(n) && n >= 0 && n <= 10) && Math.max(...ns) - Math.min(...ns) >= 8;
    const zeroToTen = numeric && isZeroToTen(nums);
    // A rating of numbers with non-answers beside them ("N/A", "Prefer not to say", "Don't know" on a
    // 1–5 or 0–10 scale): the numbers rate, the words are options after them (finishDraft marks them).
    const aside = ctx.valuesKind === 'labels' && !numeric && words.length > 0 && words.every(([v]) => isNonAnswerLabel(v)) ? words : [];
    const scored = aside.length > 0 ? found.filter(([v]) => isNumber(v)) : [];
    const scoredNums = scored.map(([v]) => decimalNumber(v));
    const rated = scored.length >= 3 && smallCodes(scoredNums);
    if (withEnds && !smallCodes(nums)) {
      q.numbers = Object.fromEntries(ends.map(([v, n]) => [v, n!]));
      confirm.push(`${q.id}: numbers entered, the range's ends in words counted as ${ends.map(([v, n]) => `“${v}” = ${n}`).join(', ')} (questions.${q.id}.numbers)`);
    }
    if (ctx.valuesKind === 'codes' && numeric && smallCodes(nums) && ctx.format !== 'tidy') {
      q.kind = 'single';
      q.kindWhy = `${distinct} distinct codes`;
      q.options = found.sort((a, b) => numericFirst(a[0], b[0])).map(([v, n]) => ({ code: v, label: v, respondents: n }));
      confirm.push(`${q.id}: option labels are unknown (the export holds codes): write them`);
      // A run of codes whose labels are unknown is shown in its order until they say otherwise: by share,
      // "3, 2, 5, 1, 4" reads as nothing.
      if (distinct >= 3) {
        q.ordered = true;
        q.orderedWhy = 'its codes kept in their order until the labels are written; delete `ordered` if the answers have none';
      }
    } else if (ctx.valuesKind === 'codes' && ctx.format !== 'tidy' && !numeric) {
      q.kind = 'text';
      q.kindWhy = 'words in a coded export';
    } else if (numeric && !smallCodes(nums)) {
      q.kind = 'numeric';
      q.kindWhy = `${distinct} distinct numbers from ${Math.min(...nums)} to ${Math.max(...nums)}`;
    } else if (zeroToTen && distinct >= 6 && RECOMMEND.test(text)) {
      // Whole numbers over most of 0–10, asking how likely one is to recommend: the NPS question. (A 0–10
      // satisfaction or effort scale is no NPS: scored as one, it would print a Net Promoter Score.)
      q.kind = 'nps';
      q.kindWhy = `${distinct} distinct whole numbers from ${Math.min(...nums)} to ${Math.max(...nums)} (an NPS scale, scored promoters − detractors)`;
      q.options = found.sort((a, b) => numericFirst(a[0], b[0])).map(([v, n], i) => ({ code: ctx.valuesKind === 'codes' ? v : String(i + 1), label: v, respondents: n }));
    } else if (scored.length >= 3 && !rated && aside.every(([v]) => outsideBase(nonAnswerKind(v)))) {
      // Numbers entered (ages, years), with non-answers in words beside them: a numeric question whose
      // non-answers are those words, out of its base and never a number.
      q.kind = 'numeric';
      q.kindWhy = `${scored.length} distinct numbers from ${Math.min(...scoredNums)} to ${Math.max(...scoredNums)}, and ${aside.map(([v]) => `“${v}”`).join(', ')}`;
      for (const [v] of aside) {
        const kind = nonAnswerKind(v);
        if (outsideBase(kind)) q.nonAnswers[kind].push(v);
      }
    } else if (rated) {
      const nps = isZeroToTen(scoredNums) && scored.length >= 6 && RECOMMEND.test(text);
      q.kind = nps ? 'nps' : 'single';
      q.kindWhy = `${scored.length} distinct numbers from ${Math.min(...scoredNums)} to ${Math.max(...scoredNums)}${nps ? ' (an NPS scale, scored promoters − detractors)' : ''}, and ${aside.map(([v]) => `“${v}”`).join(', ')}`;
      q.options = [...scored.sort((a, b) => numericFirst(a[0], b[0])), ...aside].map(([v, n], i) => ({ code: String(i + 1), label: v, respondents: n }));
      if (!nps) {
        q.scale = { polarity: 'ascending' };
        confirm.push(`${q.id}: an ordered scale of numbers, the highest best`);
      }
    } else if (numeric && ctx.valuesKind === 'labels') {
      // A short run of numbers written as answers: a rating scale, lowest first.
      q.kind = 'single';
      q.kindWhy = `${distinct} distinct numbers from ${Math.min(...nums)} to ${Math.max(...nums)}`;
      q.options = found.sort((a, b) => numericFirst(a[0], b[0])).map(([v, n], i) => ({ code: String(i + 1), label: v, respondents: n }));
      if (distinct >= 3) {
        q.scale = { polarity: 'ascending' };
        confirm.push(`${q.id}: an ordered scale of numbers, the highest best${zeroToTen ? ' (if it asks how likely one is to recommend, write kind: nps)' : ''}`);
      }
    } else {
      const sep = ctx.separator;
      const sepShown = sep === '\n' ? 'line breaks' : `“${sep}”`;
      const parts = new Map<string, number>();
      // The separator exactly as the export writes it (", " between answers, not the comma of 10,000);
      // Microsoft Forms ends every cell with it ("A;B;").
      // Joined by "," (Qualtrics), a part that starts with a space is the rest of a label holding ", "
      // ("On-premises, bare metal"): the export writes nothing between two answers.
      const splitCell = (v: string) => {
        if (!sep || ctx.format === 'surveymonkey-condensed') return [v];
        const raw = v.split(sep);
        const parts = /\s$/.test(sep) ? raw : raw.reduce<string[]>((out, p) => (out.length && /^\s/.test(p) ? [...out.slice(0, -1), out[out.length - 1] + sep + p] : [...out, p]), []);
        return parts.map((p) => p.trim()).filter(Boolean);
      };
      const cells = found.map(([v, n]) => ({ parts: splitCell(v), n }));
      const whole = new Set(cells.flatMap((c) => (c.parts.length === 1 ? c.parts : [])));
      let splits = false;
      // Evidence of answers joined in one cell, beyond a separator inside an answer ("Yes, formally",
      // "10,000 or more"): a part of a joined cell that is another cell's whole answer.
      let recurs = false;
      for (const { parts: split, n } of cells) {
        if (split.length > 1) {
          splits = true;
          if (split.some((p) => whole.has(p))) recurs = true;
        }
        for (const p of split) parts.set(p, (parts.get(p) ?? 0) + n);
      }
      // Many distinct cells are open answers, unless they are combinations of a few options joined by
      // the separator (a "select all" question: every respondent's own set).
      const combinations = splits && parts.size <= MAX_JOINED_OPTIONS && (wording === 'multi' || recurs || parts.size < distinct / 2);
      // Every cell lists the same three or more parts, each once: answers joined, whatever their count.
      const listsAll = splits && parts.size >= 3 && cells.every((c) => c.parts.length === parts.size && new Set(c.parts).size === parts.size);
      const joined = splits && wording !== 'single' && (wording === 'multi' || recurs || parts.size < distinct || listsAll);
      // Every one of eight or more answers given by one respondent alone: typed, not chosen.
      const eachOnce = !joined && distinct >= 8 && found.every(([, n]) => n === 1);
      if (distinct === 0 || eachOnce || (distinct > Math.max(20, ctx.answered / 2) && !(joined && combinations))) {
        q.kind = 'text';
        q.kindWhy = distinct === 0 ? 'no answers' : eachOnce ? `${distinct} distinct answers, each given once` : `${distinct} distinct answers`;
        return finishDraft(q, confirm);
      }
      // Every respondent lists every one of three or more answers, in an order of their own: a ranking in
      // one cell (Microsoft Forms writes a ranking so), not a "select all" that everyone ticked in full.
      if (joined && listsAll && distinct > 1) {
        const place = new Map<string, number>();
        for (const { parts: order, n } of cells) order.forEach((p, i) => place.set(p, (place.get(p) ?? 0) + (i + 1) * n));
        const items = [...parts.keys()].sort((a, b) => place.get(a)! - place.get(b)!);
        q.kind = 'ranking';
        q.kindWhy = `every respondent lists all ${items.length} answers joined by ${sepShown}, each in an order of their own (a ranking: first is rank 1)`;
        q.rows = items.map((label, i) => ({ code: String(i + 1), label }));
        confirm.push(`${q.id}: a ranking in one column (items in the respondent's order, first ranked first), items listed by mean rank`);
        return q;
      }
      q.kind = joined ? 'multi' : 'single';
      q.kindWhy = joined ? `answers joined by ${sepShown}` : `${distinct} distinct answers`;
      const labels = joined ? [...parts.entries()] : found;
      // Most chosen first; a scale's labels from its bad end to its good, numbered labels by their
      // numbers ("1-49" … "10,000 or more"), which charts then keep (scale-order.ts).
      const byShare = labels.sort((a, b) => b[1] - a[1]);
      const ordered = joined ? byShare : inScaleOrder(byShare, ([v]) => v);
      // Google Forms writes what a respondent typed beside "Other" in place of an answer: a tail of
      // answers each given once, beside answers given again and again, is that typed text (otherText).
      const once = ordered.filter(([v, n]) => n === 1 && !isNonAnswerLabel(v));
      const again = ordered.filter(([, n]) => n > 1);
      const typed = ctx.format === 'tidy' && ctx.answered >= 20 && again.length >= 2 && once.length >= 3 && once.length >= again.length && !numericOrder(again.map(([v]) => v)) && !guessScale(again.map(([v]) => v));
      const kept = typed ? ordered.filter(([v, n]) => n > 1 || isNonAnswerLabel(v)) : ordered;
      q.options = kept.map(([v, n], i) => ({ code: ctx.valuesKind === 'codes' ? v : String(i + 1), label: v, respondents: n }));
      if (typed) {
        q.otherText = true;
        confirm.push(`${q.id}: ${once.length} answers given once each (${once.slice(0, 3).map(([v]) => `“${v}”`).join(', ')}${once.length > 3 ? ', …' : ''}) read as typed beside “Other” (otherText: true): declare as an option any that is one`);
      }
      if (!joined && ordered !== byShare && numericOrder(ordered.map(([v]) => v).filter((v) => !isNonAnswerLabel(v)))) q.ordered = true;
      if (joined) confirm.push(`${q.id}: options split on ${sepShown} for the draft: merge any label that contains it (the aggregate matches whole labels)`);
    }
  }
  if (cols.some((c) => tags[c].type === 'other')) q.otherText = true;
  return finishDraft(q, confirm);
}

/** A label that is an answer code, not words: LimeSurvey's "A1", "SQ001" in an export of codes. */
const CODE_LIKE = /^[A-Za-z]{1,4}\d{1,4}$/;

/** How often rank `v` was given across an item's columns. */
function rankTotal(cols: number[], values: Map<string, number>[], v: string): number {
  return cols.reduce((n, c) => n + (values[c].get(v) ?? 0), 0);
}

/**
 * k when the columns hold the ranks 1…k (k at most their count, at least 2), each rank as often as the
 * others, and no respondent gave one value in two of them (`repeated`); else undefined.
 */
function rankLevels(cols: number[], values: Map<string, number>[], repeated: boolean): number | undefined {
  if (repeated) return undefined;
  const seen = new Set(cols.flatMap((c) => [...values[c].keys()]));
  const k = seen.size;
  if (k < 2 || k > cols.length || ![...seen].every((v) => /^[1-9]\d*$/.test(v) && Number(v) <= k)) return undefined;
  const first = rankTotal(cols, values, '1');
  for (let r = 2; r <= k; r++) if (rankTotal(cols, values, String(r)) !== first) return undefined;
  return first > 0 ? k : undefined;
}

/**
 * Grid rows whose cells are numbers entered (a slider, hours per activity: many values or a wide
 * spread, as a numeric question's are), not levels to choose: each row is drafted as a numeric
 * question of its own, read from its column. Qualtrics and tidy exports, whose readers find a
 * question by its column's name. Returns the columns split off, and their wording (question and row).
 */
function numberRows(tags: ColumnTag[], values: Map<string, number>[], byQuestion: Map<string, number[]>, names: string[], format: InputFormat, decimalComma: boolean, repeated: Set<string>, confirm: string[]): { split: number[]; texts: Map<string, string> } {
  const split: number[] = [];
  const texts = new Map<string, string>();
  if (format !== 'qualtrics' && format !== 'tidy') return { split, texts };
  const number = numberPattern(decimalComma);
  for (const [qid, cols] of [...byQuestion]) {
    if (cols.length < 2 || !cols.every((c) => tags[c].type === 'row')) continue;
    const found = new Set(cols.flatMap((c) => [...values[c].keys()]));
    if (found.size === 0 || ![...found].every((v) => number.test(v) && Number.isFinite(decimalNumber(v)))) continue;
    const nums = [...found].map(decimalNumber);
    if (smallCodes(nums) || rankLevels(cols, values, repeated.has(qid)) !== undefined) continue;
    const ids: string[] = [];
    for (const c of cols) {
      const t = tags[c] as Extract<ColumnTag, { type: 'row' }>;
      const id = format === 'qualtrics' ? names[c].trim() : names[c];
      tags[c] = { type: 'whole', qid: id, text: format === 'tidy' ? names[c] : t.text };
      byQuestion.set(id, [c]);
      texts.set(id, `${t.text} — ${t.row.label ?? t.row.code ?? ''}`.trim());
      ids.push(id);
      split.push(c);
    }
    byQuestion.delete(qid);
    confirm.push(`${qid}: numbers entered in each row (${found.size} values from ${Math.min(...nums)} to ${Math.max(...nums)}), drafted as ${ids.length} numeric questions, one per row`);
  }
  return { split, texts };
}

/**
 * Numbers as written (a decimal comma too, "1,5", where the CSV is not comma-delimited), and whether
 * such numbers are codes: a short run of small whole numbers; a wide spread (ages, amounts, a slider)
 * is a number entered.
 */
function numberPattern(decimalComma: boolean): RegExp {
  return decimalComma ? /^-?\d+([.,]\d+)?$/ : /^-?\d+(\.\d+)?$/;
}
function smallCodes(nums: number[]): boolean {
  return nums.every(Number.isInteger) && nums.length <= 12 && Math.max(...nums) - Math.min(...nums) <= 12;
}

/** Non-answers and scales: guesses from wording (English, German, French, Spanish), written as declarations to confirm. */
function finishDraft(q: DraftQuestion, confirm: string[]): DraftQuestion {
  // Answers that are codes ("A1", "A2" …): listed in their codes' order (each keeps its code), and said to need labels.
  if ((q.kind === 'single' || q.kind === 'multi') && q.options.length >= 2 && q.options.every((o) => CODE_LIKE.test(o.label))) {
    q.options.sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
    confirm.push(`${q.id}: its answers look like codes (${q.options.slice(0, 3).map((o) => o.label).join(', ')}…): give the labels to show as \`labels: { <code>: <label> }\` (the export's codes still match)`);
  }
  for (const o of q.options) {
    const kind = nonAnswerKind(o.label);
    if (kind) q.nonAnswers[kind].push(o.code);
  }
  const marked = [...q.nonAnswers.dontKnow, ...q.nonAnswers.noAnswer, ...q.nonAnswers.other, ...q.nonAnswers.none];
  // A numeric question's non-answers are the words themselves, with no code of their own.
  if (marked.length > 0) confirm.push(`${q.id}: non-answers ${marked.map((c) => { const label = q.options.find((o) => o.code === c)?.label; return label === undefined ? `“${c}”` : `${c} “${label}”`; }).join(', ')} guessed from their wording`);
  const scale = guessScale(q.options.filter((o) => !marked.includes(o.code)).map((o) => o.label));
  if (scale && (q.kind === 'single' || q.kind === 'grid')) {
    const substantive = q.options.filter((o) => !marked.includes(o.code));
    q.scale = { polarity: scale.polarity, ...(scale.neutral !== undefined ? { neutral: substantive[scale.neutral].code } : {}) };
    confirm.push(`${q.id}: an ordered scale, ${scale.polarity === 'ascending' ? 'last' : 'first'} option best${scale.neutral !== undefined ? `, neutral “${substantive[scale.neutral].label}”` : ''}`);
  }
  if (q.scale) delete q.ordered; // a scale is kept in order anyway
  else if (q.ordered) confirm.push(`${q.id}: an ordered list (${q.orderedWhy ?? 'by the numbers its answers start with'}): charts keep the order`);
  return q;
}

const GOOD = /\b(extremely|very|always|excellent|strongly agree|satisfied|important|effective|critical|impactful|likely|good|frequently)\b/i;
const BAD = /\b(not at all|never|poor|strongly disagree|dissatisfied|unimportant|not important|ineffective|not critical|unlikely|bad|rarely)\b/i;
const NEUTRAL = /\b(neither|neutral|somewhat|sometimes|moderately|average)\b/i;

/** A scale if its labels run from bad to good words (or good to bad). */
function guessScale(labels: string[]): { polarity: 'ascending' | 'descending'; neutral?: number } | undefined {
  if (labels.length < 3) return undefined;
  const first = labels[0];
  const last = labels[labels.length - 1];
  // Ranked by their wording (scale-order.ts, four languages) when every label has a rank, else by these English words.
  const ranks = labels.map(scaleRank);
  const ranked = ranks.every((r) => r !== undefined) ? (ranks[0]! < 0 && ranks.at(-1)! > 0 ? 'ascending' : ranks[0]! > 0 && ranks.at(-1)! < 0 ? 'descending' : undefined) : undefined;
  const polarity = ranked ?? (BAD.test(first) && GOOD.test(last) && !BAD.test(last) ? 'ascending' : BAD.test(last) && GOOD.test(first) && !BAD.test(first) ? 'descending' : undefined);
  if (!polarity) return undefined;
  const mid = labels.findIndex((l, i) => NEUTRAL.test(l) || ranks[i] === 0);
  return { polarity, ...(mid !== -1 && labels.length % 2 === 1 && mid === (labels.length - 1) / 2 ? { neutral: mid } : {}) };
}

/**
 * `items` with the labels of an ordered scale from its bad end to its good (its wording, or the numbers
 * its labels start with), non-answers last in the order given; unchanged when the labels are no scale.
 */
function inScaleOrder<T>(items: T[], labelOf: (item: T) => string): T[] {
  const scale = items.filter((i) => !isNonAnswerLabel(labelOf(i)));
  const order = numericOrder(scale.map(labelOf)) ?? scaleOrder(scale.map(labelOf));
  if (!order) return items;
  const byLabel = new Map(scale.map((i) => [labelOf(i), i]));
  return [...order.map((l) => byLabel.get(l)!), ...items.filter((i) => isNonAnswerLabel(labelOf(i)))];
}

/** The non-answer a label reads as (the draft declares it, to confirm); undefined for an answer. */
function nonAnswerKind(label: string): keyof DraftQuestion['nonAnswers'] | undefined {
  const l = label.trim();
  // English, German, French and Spanish wording (a guess to confirm, as every non-answer of a draft).
  // Words end where no letter follows (`\b` does not see the end of "No lo sé": é is no \w).
  if (isDontKnowLabel(l) || /^(i don.t know|wei(ß|ss) nicht|wei(ß|ss) ich nicht|je ne sais pas|ne sai[st] pas|no (lo )?s[ée]|ns\/nc)(?![\p{L}\p{N}])/iu.test(l)) return 'dontKnow';
  // Japanese and Chinese: written whole, no spaces.
  if (/^(わからない|分からない|わかりません|分かりません|不明|不知道|不清楚|不确定|不確定|说不清|說不清)[。.]?$/u.test(l)) return 'dontKnow';
  if (/^(その他|そのほか|其他|其它)([(（].*[)）])?$/u.test(l)) return 'other';
  if (/^(なし|特になし|該当なし|ない|无|無|没有|沒有)$/u.test(l)) return 'none';
  // Korean: words with spaces, so a label that is one of these, or starts with one.
  if (/^(모름|모르겠|잘 모르겠|잘 모름)/u.test(l)) return 'dontKnow';
  if (/^기타(\s?[(（].*[)）])?$/u.test(l)) return 'other';
  if (/^(없음|없다|해당 사항 없음|특별히 없음)$/u.test(l)) return 'none';
  // "Other (please specify)", and Alchemer's column of words typed for it, "Other - Write In".
  if (/^(other|andere[sr]?|sonstige[sr]?|autres?|otr[oa]s?)( \(.*\)| ?[-–:] ?(write[- ]in|please specify|specify)\b.*)?$/i.test(l)) return 'other';
  if (/^(none|nothing)\b/i.test(l) || /^(keine[sr]?|nichts|aucune?|rien|ning[uú]n[oa]?|nada)( \(.*\))?$/iu.test(l)) return 'none';
  if (isNoAnswerLabel(l)) return 'noAnswer';
  return undefined;
}

/** "Other", "Other (please specify)", "Sonstige": the answer beside which words are typed. */
function isOtherWording(label: string): boolean {
  return nonAnswerKind(label) === 'other' || isOtherLabel(label);
}

/** A label that is no point of a scale or list: a non-answer ("Don't know", "Prefer not to say", "Other", "None"). */
function isNonAnswerLabel(label: string): boolean {
  return nonAnswerKind(label) !== undefined;
}

function numericFirst(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

function safeId(qid: string): string {
  return qid.trim() || 'q';
}

/** The draft as a commented YAML spec (strings JSON-quoted, which YAML reads as they are). */
export function renderDraft(draft: SpecDraft, opts: { id: string; specDir: string }): string {
  const q = JSON.stringify;
  const rel = path.relative(opts.specDir, draft.file);
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  const year = Number((draft.fieldedFrom ?? '').slice(0, 4)) || new Date().getUTCFullYear();
  const lines: string[] = [
    '# yaml-language-server: $schema=../../schemas/survey-spec.schema.json',
    `# Drafted by \`surveydeck init\` from ${path.basename(draft.file)} (${draft.rows} rows). Every line marked`,
    '# CONFIRM is a guess: check it against the questionnaire before aggregating.',
    `version: ${SPEC_VERSION}`,
    '',
    `survey: { id: ${q(opts.id)}, title: ${q(draftTitle(opts.id))}, year: ${year}${draft.language ? `, language: ${q(draft.language)}` : ''} }${draft.language ? `  # CONFIRM: the wording is ${languageName(draft.language)}` : ''}`,
    'source:  # who published the data and under which licence (printed on every deck)',
    `  publisher: ${DRAFT_TODO}`,
    `  title: ${DRAFT_TODO}`,
    `  license: ${DRAFT_TODO}`,
    `  licenseUrl: ${DRAFT_URL}licence`,
    `  dataUrl: ${DRAFT_URL}data`,
    `  attribution: ${DRAFT_TODO}`,
    '',
    'input:',
    `  format: ${draft.format}  # detected: ${draft.formatWhy}`,
    `  file: ${q(inside ? rel : path.basename(draft.file))}${inside ? '' : '  # outside this folder: pass --input-dir or --raw to aggregate'}`,
    `  values: ${draft.values}`,
    ...(draft.delimiter ? [`  delimiter: ${q(draft.delimiter)}  # found in its first lines`] : []),
    ...(draft.encoding ? [`  encoding: ${q(draft.encoding)}  # given to init`] : []),
    ...(draft.separator ? [`  separator: ${q(draft.separator)}  # CONFIRM: joins multi-select answers in one cell`] : []),
    ...(draft.checked?.length ? [`  checked: [${draft.checked.map((m) => q(m)).join(', ')}]  # CONFIRM: a ticked box in an option's own column`] : []),
    ...(draft.unchecked?.length ? [`  unchecked: [${draft.unchecked.map((m) => q(m)).join(', ')}]  # CONFIRM: an unticked box`] : []),
    ...(draft.missing?.length ? [`  missing: [${draft.missing.map((m) => q(m)).join(', ')}]  # CONFIRM: no answer (Qualtrics -99: seen, not answered; R NA), read as empty`] : []),
    ...(draft.weight ? [`  weight: ${q(draft.weight)}  # CONFIRM: a weight per respondent (delete for unweighted shares)`] : []),
    // No id and no dates (a table made by hand): an empty map, which YAML would otherwise read as null.
    `  columns:${draft.columns.respondentId || draft.columns.started || draft.columns.ended ? '' : ' {}'}`,
    ...(draft.columns.respondentId ? [`    respondentId: ${q(draft.columns.respondentId)}`] : []),
    ...(draft.columns.started ? [`    started: ${q(draft.columns.started)}  # CONFIRM: fieldwork ${draft.fieldedFrom ?? '?'} to ${draft.fieldedTo ?? '?'}`] : []),
    ...(draft.columns.ended ? [`    ended: ${q(draft.columns.ended)}`] : []),
    `  # metadata columns: ${draft.metadata.map((m) => q(m)).join(', ') || 'none'}`,
    '',
    '# Rows to remove before counting (screeners, test responses), as named rules.' + (draft.filters.length ? '' : ' None drafted.'),
    ...(draft.filters.length
      ? [
          'filters:',
          ...draft.filters.flatMap((f) => [
            `  - name: ${f.name}  # CONFIRM: ${f.rows} rows in this export`,
            `    why: ${q(f.why)}`,
            `    removeIf: [{ column: ${q(f.column)}, values: [${f.values.map((v) => q(v)).join(', ')}] }]`,
          ]),
        ]
      : ['filters: []']),
    '',
    'questions:',
  ];
  for (const d of draft.questions) {
    lines.push(`  ${q(d.id)}:`);
    lines.push(`    text: ${q(d.text)}`);
    if (d.column !== undefined && d.column !== d.id) lines.push(`    column: ${q(d.column)}`);
    // A slide titled by a paragraph of wording is set small: a short title reads better (written by a person).
    if (d.text.length > SHORT_TITLE_MAX) lines.push(`    # short: "…"  # CONFIRM: the wording has ${d.text.length} characters; slides title the question by a short title of at most ${SHORT_TITLE_MAX}`);
    lines.push(`    kind: ${d.kind}  # CONFIRM: ${d.kindWhy}; ${d.answered} answered`);
    if (d.rows.length > 0) lines.push(`    rows:`, ...d.rows.map((r) => `      - { code: ${q(r.code)}, label: ${q(r.label)} }`));
    if (d.options.length > 0) lines.push(`    options:`, ...d.options.map((o) => `      - { code: ${q(o.code)}, label: ${q(o.label)}${o.column !== undefined ? `, column: ${q(o.column)}` : ''} }`));
    const na = Object.entries(d.nonAnswers).filter(([, v]) => v.length > 0);
    if (na.length > 0) lines.push(`    nonAnswers: { ${na.map(([k, v]) => `${k}: [${v.map((c) => q(c)).join(', ')}]`).join(', ')} }  # CONFIRM`);
    if (d.otherText) lines.push('    otherText: true');
    if (d.exclude) lines.push(`    exclude: true  # CONFIRM: ${d.exclude}`);
    if (d.scale) lines.push(`    scale: { polarity: ${d.scale.polarity}${d.scale.neutral !== undefined ? `, neutral: ${q(d.scale.neutral)}` : ''} }  # CONFIRM`);
    if (d.ordered) lines.push('    ordered: true  # CONFIRM: the options are a list in this order (sizes, spans)');
    if (d.numbers) lines.push(`    numbers: { ${Object.entries(d.numbers).map(([w, n]) => `${q(w)}: ${n}`).join(', ')} }  # CONFIRM: answers in words, counted as these numbers`);
  }
  const highlights = draftHighlights(draft.questions);
  lines.push(
    '',
    '# Who was asked what: populations for base descriptions ("respondents with …"); a question',
    '# shown only to some gets `asked:` conditions under questions.',
    'populations:',
    '  all: { description: respondents, sections: [] }',
    '',
    '# Non-answers ("Don\'t know") out of bases, and said so in footnotes; `include` keeps them in.',
    'base: { nonAnswers: exclude }',
    '',
    '# Open answers are counted but not quoted until a person has read them (personal details, and',
    '# scripts the brand font may lack). To quote some: { max: 10, minLength: 15 }.',
    'verbatims: { show: false }  # CONFIRM',
    '',
    '# What the executive briefing and the talk show between their title and sources slides, in order.',
    '# `question:` puts a question\'s own slide there, its takeaway computed from the data; a highlight',
    '# of your own (a finding, its chart, the sentences in locales/) is in the README, "Highlights".',
    ...(highlights.length
      ? ['highlights:  # CONFIRM: the questions that matter most', ...highlights.map((h) => `  - { id: ${h.id}, question: ${q(h.question)} }`)]
      : ['highlights: []']),
    '',
  );
  return lines.join('\n');
}

/** How many questions a draft puts in the briefing and the talk. */
const DRAFTED_HIGHLIGHTS = 4;

/**
 * The questions a draft shows in the briefing and the talk, in questionnaire order: scales and NPS
 * first (how people rate something), then lists and grids, then other choices (often who answered),
 * then numbers; never open text or a question left out.
 */
function draftHighlights(questions: DraftQuestion[]): { id: string; question: string }[] {
  const rank = (d: DraftQuestion) => (d.scale || d.kind === 'nps' ? 0 : d.kind === 'multi' || d.kind === 'grid' || d.kind === 'grid-multi' || d.kind === 'ranking' ? 1 : d.kind === 'single' ? 2 : d.kind === 'numeric' ? 3 : undefined);
  const chosen = questions
    .map((d, order) => ({ d, order, rank: d.exclude ? undefined : rank(d) }))
    .filter((c): c is { d: DraftQuestion; order: number; rank: number } => c.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, DRAFTED_HIGHLIGHTS)
    .sort((a, b) => a.order - b.order);
  const used = new Set<string>();
  return chosen.map(({ d }, i) => {
    // A highlight id is camelCase (it names messages): the question id without other characters.
    let id = d.id.replace(/[^A-Za-z0-9]/g, '');
    id = /^[A-Za-z]/.test(id) ? id[0].toLowerCase() + id.slice(1) : `q${id}`;
    if (used.has(id)) id = `${id}${i + 1}`;
    used.add(id);
    return { id, question: d.id };
  });
}
