// Ingest stage: one pass over the respondent rows, counting answers into tallies. Pure over records.
// Per row: cells ─▶ answers (checked against the layout) ─▶ disqualified? ─▶ populations, segments
// ─▶ every question the respondent was shown is tallied overall and per segment.
import { SeenIds, type Repeat } from './seen-ids.js';
import { isoDate } from './dates.js';
import type { Diagnostic } from '../diagnostics.js';
import { columnLetters, type CsvRecord } from './csv-reader.js';
import type { ExportLayout } from './layout.js';
import { SegmentedTally, type Tally } from './tally.js';
import { normalizeLabel } from './labels.js';

/** Answer `code` at layout question `q`. */
export interface RowCondition {
  q: number;
  code: string;
}

/** A declarative row test (from the spec's conditions): an answer, a grid row's level, or a
 * metadata column's value; `not` negates it. */
export type RowTest =
  | { kind: 'answer'; q: number; codes: string[]; not?: boolean }
  | { kind: 'grid'; q: number; item: number; codes: string[]; not?: boolean }
  | { kind: 'column'; col: number; values: Set<string>; not?: boolean };

export interface ScanPlan {
  file: string;
  layout: ExportLayout;
  /** Named rules: a row meeting any test of a rule is removed (first matching rule counts it). */
  filters: { name: string; anyOf: RowTest[] }[];
  /** Population id → membership (undefined: everyone). */
  populations: Map<string, RowCondition[] | undefined>;
  /** Per layout question: its population and the tests that show it (empty: always shown). */
  askedWhen: { population: string; showIf: RowTest[] }[];
  /** Metadata columns whose earliest / latest value (a date) gives the fieldwork dates. */
  startedCol?: number;
  endedCol?: number;
  /** Column of the respondent's weight, if the spec names one. */
  weightCol?: number;
  /** Column of the respondent's id, if the spec names one: an id kept twice is reported. */
  idCol?: number;
  /** Segment dimension → question and code → segment id (`size:large`). */
  dimensions: { id: string; q: number; segmentOf: Map<string, string> }[];
  /** Count only the respondents of this segment (`aggregate --per`): its dimension's index in `dimensions`, and its id. */
  only?: { dimension: number; segment: string };
  /** Stop collecting row errors after this many. */
  maxErrors: number;
  /** Per layout question: who keeps its open-ended answers for the verbatim appendix (text questions the spec shows). */
  verbatims?: ({ offer(text: string): void } | undefined)[];
}

export interface QuestionTallies {
  /** single, multi, text, numeric */
  main: SegmentedTally;
  /** grid: one per row, in layout order */
  items: SegmentedTally[];
}

export interface ScanResult {
  /** Respondent rows read (after the header rows). */
  rowsRead: number;
  respondents: number;
  disqualified: number;
  /** Rows removed by each filter rule, in the spec's order. */
  removed: { name: string; rows: number }[];
  weighted: boolean;
  tallies: QuestionTallies[];
  /** Answers given to a question by respondents its show logic hides (not counted). */
  notAsked: number[];
  segmentSizes: Map<string, number>;
  firstStart?: string;
  lastEnd?: string;
  /** Respondents kept whose id (input.columns.respondentId) a kept respondent had before. */
  repeatedIds?: { repeats: number; examples: Repeat[] };
  diagnostics: Diagnostic[];
}

export async function scanRows(plan: ScanPlan, rows: AsyncIterable<CsvRecord>): Promise<ScanResult> {
  const { layout, file } = plan;
  const nq = layout.questions.length;
  const tallies: QuestionTallies[] = layout.questions.map((lq) => ({
    main: new SegmentedTally(lq.nets),
    items: lq.items.map(() => new SegmentedTally(lq.nets)),
  }));
  const result: ScanResult = {
    rowsRead: 0,
    respondents: 0,
    disqualified: 0,
    removed: plan.filters.map((f) => ({ name: f.name, rows: 0 })),
    weighted: plan.weightCol !== undefined,
    tallies,
    notAsked: new Array(nq).fill(0),
    segmentSizes: new Map(),
    diagnostics: [],
  };
  const startCol = plan.startedCol ?? -1;
  const endCol = plan.endedCol ?? -1;
  const ids = plan.idCol !== undefined ? new SeenIds() : undefined;

  // Everything a row is compared with, as small integers: codes per question (CodeIndex), segments
  // (their place in `segmentIds`), populations (their place in `populationIds`).
  const index = layout.questions.map(
    (lq) => new CodeIndex([...(lq.kind === 'grid' ? lq.codes : lq.model.options.map((o) => o.code)), ...(lq.nets ?? []).flatMap((n) => [...n.codes])], lq.dontKnowCodes),
  );
  const otherCode = index.map((ci) => ci.of('other'));
  const plans = columnPlans(layout, index);
  const tests = (list: RowTest[]) => list.map((t) => compileTest(t, index));
  const filters = plan.filters.map((f) => tests(f.anyOf));
  const populationIds = [...plan.populations.keys()];
  const populations = [...plan.populations.values()].map((when) => when?.map((c) => ({ q: c.q, code: index[c.q].of(c.code) })));
  const askedWhen = plan.askedWhen.map((w) => ({ population: populationIds.indexOf(w.population), showIf: tests(w.showIf) }));
  const segmentIds: string[] = [];
  const dimensions = plan.dimensions.map((dim) => {
    const segmentOfCode: number[] = [];
    for (const [code, seg] of dim.segmentOf) {
      if (!segmentIds.includes(seg)) segmentIds.push(seg);
      segmentOfCode[index[dim.q].of(code)] = segmentIds.indexOf(seg);
    }
    return { q: dim.q, segmentOfCode };
  });
  const only = plan.only && { dimension: dimensions[plan.only.dimension], segment: segmentIds.indexOf(plan.only.segment) };
  const segmentSizes = new Array<number>(segmentIds.length).fill(0);
  const sums = new TallySums(layout, index);
  /** The sums a row adds to: everyone's, then its segments'. */
  const rowSums: Float64Array[] = [sums.slot(0)];
  /** Unweighted, every weight is 1: only the counts are kept, and the sums of weights and squared weights are those counts (TallySums.finish). */
  const weighted = plan.weightCol !== undefined || layout.columns.some((c) => c.role === 'weight');

  const wantsText = layout.questions.map((_, q) => plan.verbatims?.[q] !== undefined);
  const fail = (line: number, col: number, code: Diagnostic['code'], message: string) => {
    if (result.diagnostics.length < plan.maxErrors) {
      result.diagnostics.push({ severity: 'error', code, message, file, line, column: col + 1 });
    }
  };
  // Row state, reused across rows.
  const answers = new RowAnswers(layout, index, plans, wantsText, fail);
  const { choice, grid, other, text, numeric, textValue, multiLevels, levelsSet } = answers;
  const row: RowState = { cells: [], choice, grid, member: new Array<boolean>(populationIds.length).fill(false) };
  const { member } = row;
  /** The one level of a grid row, as a list. */
  const oneLevel: number[] = [];
  const width = layout.width;
  const dateOf = recentDates();
  // Both ways a slashed date may be read, until the column shows which (dates.ts, slashOrderOf): day
  // first once a date can be read no other way.
  const fieldwork = { mdy: { first: '', last: '' }, dmy: { first: '', last: '' }, dayFirst: false };
  const seeDate = (cell: string, end: 'first' | 'last') => {
    const [mdy, dmy] = dateOf(cell);
    if (!mdy && dmy) fieldwork.dayFirst = true;
    for (const [d, reading] of [[mdy, fieldwork.mdy], [dmy, fieldwork.dmy]] as const) {
      if (d && (!reading[end] || (end === 'first' ? d < reading[end] : d > reading[end]))) reading[end] = d;
    }
  };

  /** Counts the row just read into the sums of its segments: every question it was asked. */
  const count = (weight: number, w2: number) => {
    for (let q = 0; q < nq; q++) {
      const lq = layout.questions[q];
      const when = askedWhen[q];
      let asked = member[when.population] === true;
      if (asked && when.showIf.length > 0) {
        asked = false;
        for (const holds of when.showIf) if ((asked = holds(row))) break;
      }
      const dk = index[q].dontKnow;
      if (lq.multiLevel) {
        const rowsLevels = multiLevels[q];
        if (!asked) {
          if (levelsSet[q] > 0) result.notAsked[q]++;
          continue;
        }
        for (let item = 0, at = sums.itemAt[q]; item < rowsLevels.length; item++, at += sums.width[q]) {
          const codes = rowsLevels[item];
          let dontKnowOnly = codes.length > 0;
          for (let k = 0; dontKnowOnly && k < codes.length; k++) dontKnowOnly = dk[codes[k]];
          const nets = sums.netsHit(q, codes);
          for (const s of rowSums) countCodes(s, at, sums.known[q], codes, codes.length > 0, -1, dontKnowOnly, nets, sums.netAt[q], weighted, weight, w2);
        }
        continue;
      }
      if (lq.kind === 'grid') {
        const levels = grid[q];
        if (!asked) {
          if (levelsSet[q] > 0) result.notAsked[q]++;
          continue;
        }
        // Every row of the grid was asked: counted once for the question (TallySums.finish gives it to each row).
        const askedAt = sums.gridAskedAt[q];
        for (let k = 0; k < rowSums.length; k++) {
          const s = rowSums[k];
          s[askedAt + ASKED_N]++;
          if (weighted) s[askedAt + ASKED] += weight;
        }
        if (levelsSet[q] === 0) continue;
        const width = sums.width[q];
        const known = sums.known[q];
        const netAt = sums.netAt[q];
        for (let item = 0, at = sums.itemAt[q]; item < levels.length; item++, at += width) {
          if (levels[item] === -1) continue;
          const level = levels[item] < known ? levels[item] : -2;
          if (level >= 0) oneLevel[0] = level;
          const nets = level >= 0 ? sums.netsHit(q, oneLevel) : NO_NETS;
          for (let k = 0; k < rowSums.length; k++) countLevel(rowSums[k], at, level, dk, nets, netAt, weighted, weight, w2);
        }
        continue;
      }
      const answered = (lq.kind === 'numeric' ? numeric[q] : choice[q]).length > 0 || other[q] || text[q];
      if (!asked) {
        if (answered) result.notAsked[q]++;
        continue;
      }
      if (lq.kind === 'numeric') {
        // Numbers are not codes known in advance: counted straight into the tally, in the order met.
        const t = tallies[q].main;
        countNumbers(t.all, numeric[q], other[q], text[q], lq.dontKnowCodes, weight);
        if (text[q] && wantsText[q]) plan.verbatims![q]!.offer(textValue[q]);
        for (let k = 1; k < rowSums.length; k++) countNumbers(t.segment(segmentIds[sums.segmentOf(rowSums[k])]), numeric[q], other[q], text[q], lq.dontKnowCodes, weight);
        continue;
      }
      const at = sums.mainAt[q];
      const codes = choice[q];
      const single = lq.kind === 'single';
      const otherAt = other[q] && (!single || codes.length === 0) ? otherCode[q] : -1;
      const answeredAny = codes.length > 0 || other[q] || text[q];
      // "Don't know" only: every code a don't-know, and no "Other" beside them.
      let dontKnowOnly = codes.length > 0 && !other[q];
      for (let k = 0; dontKnowOnly && k < codes.length; k++) dontKnowOnly = dk[codes[k]];
      const nets = answeredAny ? sums.netsHit(q, codes) : NO_NETS;
      for (let k = 0; k < rowSums.length; k++) countCodes(rowSums[k], at, sums.known[q], codes, answeredAny, otherAt, dontKnowOnly, nets, sums.netAt[q], weighted, weight, w2);
      if (text[q] && wantsText[q]) plan.verbatims![q]!.offer(textValue[q]);
    }
  };

  for await (const { cells, line, filled } of rows) {
    if (result.diagnostics.length >= plan.maxErrors) break;
    result.rowsRead++;
    row.cells = cells;
    if (cells.length !== width) {
      const col = Math.min(cells.length, width);
      fail(line, col, 'INVALID_CSV', `Row has ${cells.length} cells, the header has ${width} (ragged row)`);
      continue;
    }
    let rowOk = answers.read(cells, line, filled);
    const weight = answers.weight;
    if (plan.weightCol !== undefined && cells[plan.weightCol].trim() === '') {
      rowOk = false;
      fail(line, plan.weightCol, 'INVALID_CSV', `No weight in column ${columnLetters(plan.weightCol + 1)}`);
    }
    if (!rowOk) continue;
    const removedBy = filters.findIndex((anyOf) => anyOf.some((holds) => holds(row)));
    if (removedBy !== -1) {
      result.disqualified++;
      result.removed[removedBy].rows++;
      continue;
    }
    if (only) {
      const code = choice[only.dimension.q][0];
      const seg = code === undefined ? undefined : only.dimension.segmentOfCode[code];
      if (seg === undefined || seg !== only.segment) continue;
    }
    result.respondents++;
    const id = ids ? cells[plan.idCol!].trim() : '';
    if (id !== '') ids!.see(id, line);
    // Fieldwork dates: of the respondents kept (a removed test response may predate the fieldwork).
    if (startCol !== -1 && cells[startCol] !== '') seeDate(cells[startCol], 'first');
    // An export with one timestamp (Google Forms) ends its fieldwork at the last one.
    const lastCol = endCol !== -1 ? endCol : startCol;
    if (lastCol !== -1 && cells[lastCol] !== '') seeDate(cells[lastCol], 'last');
    for (let p = 0; p < populations.length; p++) {
      const when = populations[p];
      member[p] = when === undefined || when.some((c) => choice[c.q].includes(c.code));
    }
    rowSums.length = 1;
    for (const dim of dimensions) {
      const code = choice[dim.q][0];
      const seg = code === undefined ? undefined : dim.segmentOfCode[code];
      if (seg !== undefined) {
        rowSums.push(sums.slot(1 + seg));
        // The map keeps the order segments were first met in; the counts are written at the end.
        if (segmentSizes[seg]++ === 0) result.segmentSizes.set(segmentIds[seg], 0);
      }
    }
    count(weight, weight * weight);
  }
  for (const [seg, id] of segmentIds.entries()) if (segmentSizes[seg] > 0) result.segmentSizes.set(id, segmentSizes[seg]);
  sums.finish(weighted);
  sums.writeTo(tallies, segmentIds);
  const dates = fieldwork.dayFirst ? fieldwork.dmy : fieldwork.mdy;
  if (dates.first) result.firstStart = dates.first;
  if (dates.last) result.lastEnd = dates.last;
  if (ids && ids.repeats > 0) result.repeatedIds = { repeats: ids.repeats, examples: ids.examples };
  return result;
}

/**
 * One row's answers, read from its cells into arrays reused across rows. A class with a plain
 * method rather than a loop inside scanRows: there every variable the loop read lived in the async
 * function's context, and the loop over a wide export's cells (a thousand, nearly all empty) cost
 * more than the parse that made them.
 */
class RowAnswers {
  /** Per question: the codes chosen (CodeIndex numbers). */
  readonly choice: number[][];
  /** Per grid question and row: the level chosen, or -1. */
  readonly grid: Int32Array[];
  readonly other: boolean[];
  readonly text: boolean[];
  readonly numeric: string[][];
  /** Open-ended answers (kept only where a verbatim collector wants them). */
  readonly textValue: string[];
  /** The several levels of a multi-level grid's rows. */
  readonly multiLevels: number[][][];
  /** Per question: the grid levels this row set, so an unasked grid is seen without looking at its rows. */
  readonly levelsSet: Int32Array;
  /** The row's weight (1 unless the spec names a weight column). */
  weight = 1;
  /** The questions this row wrote anything for (each once): only those are cleared before the next row. */
  private readonly touched: Uint8Array;
  private readonly touchedList: Int32Array;
  private touchedCount = 0;
  private readonly kindOf: Uint8Array;
  private readonly qOf: Int32Array;
  private readonly itemOf: Int32Array;
  /** Every grid row's level (-1: none); `grid` holds views of it. */
  private readonly levels: Int32Array;
  /** Per grid column: its grid row's place in `levels`. */
  private readonly levelAt: Int32Array;
  private readonly code: (string | undefined)[];
  private readonly fixedCode: Int32Array;
  private readonly validCodes: Set<string>[];
  private readonly single: boolean[];
  private readonly multiLevel: boolean[];

  constructor(
    private readonly layout: ExportLayout,
    private readonly index: CodeIndex[],
    plans: ColumnPlans,
    private readonly wantsText: boolean[],
    private readonly fail: (line: number, col: number, code: Diagnostic['code'], message: string) => void,
  ) {
    const nq = layout.questions.length;
    this.choice = layout.questions.map(() => []);
    // Every grid row's level in one array (each question's rows a view of it), so that a grid cell,
    // most of a wide export's answers, is one index away from its place.
    const starts: number[] = [];
    let total = 0;
    for (const lq of layout.questions) {
      starts.push(total);
      total += lq.items.length;
    }
    this.levels = new Int32Array(total).fill(-1);
    this.grid = layout.questions.map((lq, q) => this.levels.subarray(starts[q], starts[q] + lq.items.length));
    this.levelAt = plans.itemOf.map((item, col) => (item === -1 ? -1 : starts[plans.qOf[col]] + item));
    this.code = plans.code;
    this.fixedCode = plans.fixedCode;
    this.other = new Array<boolean>(nq).fill(false);
    this.text = new Array<boolean>(nq).fill(false);
    this.numeric = layout.questions.map(() => []);
    this.textValue = new Array<string>(nq).fill('');
    this.multiLevels = layout.questions.map((lq) => (lq.multiLevel ? lq.items.map(() => []) : []));
    this.levelsSet = new Int32Array(nq);
    this.touched = new Uint8Array(nq);
    this.touchedList = new Int32Array(nq);
    this.kindOf = plans.kindOf;
    this.qOf = plans.qOf;
    this.itemOf = plans.itemOf;
    this.validCodes = layout.questions.map((lq) => (lq.kind === 'grid' ? new Set(lq.codes) : new Set(lq.model.options.map((o) => o.code))));
    this.single = layout.questions.map((lq) => lq.kind === 'single');
    this.multiLevel = layout.questions.map((lq) => lq.multiLevel === true);
  }

  private touch(q: number): void {
    if (this.touched[q] === 0) {
      this.touched[q] = 1;
      this.touchedList[this.touchedCount++] = q;
    }
  }

  /** A ranking's item at a place (1 = first), as a grid row at that level. */
  private rank(q: number, item: number, place: number): void {
    this.levelsSet[q]++;
    this.grid[q][item] = this.index[q].of(String(place));
  }

  /** A ranking's items, for a message: `A`, `B`, … */
  private itemsOf(q: number): string {
    return this.layout.questions[q].items.map((it) => `\`${it.label}\``).join(', ');
  }

  private codesOf(q: number): string {
    return this.choice[q].map((i) => this.index[q].codes[i]).join(', ');
  }

  /** The last row's answers undone: only the questions it touched. */
  private clear(): void {
    for (let k = 0; k < this.touchedCount; k++) {
      const q = this.touchedList[k];
      this.touched[q] = 0;
      // The length setter is a runtime call: only where the last row left something.
      if (this.choice[q].length !== 0) this.choice[q].length = 0;
      if (this.numeric[q].length !== 0) this.numeric[q].length = 0;
      this.other[q] = false;
      this.text[q] = false;
      if (this.levelsSet[q] !== 0) {
        this.levelsSet[q] = 0;
        this.grid[q].fill(-1);
        for (const levels of this.multiLevels[q]) if (levels.length !== 0) levels.length = 0;
      }
      this.textValue[q] = '';
    }
    this.touchedCount = 0;
  }

  /**
   * Reads a row of the header's width; false when a cell is wrong (reported through `fail`).
   * `filled` (the reader's list of non-empty columns) spares looking at the empty cells, most of a wide export's.
   */
  read(cells: string[], line: number, filled?: readonly number[]): boolean {
    this.clear();
    this.weight = 1;
    let ok = true;
    if (filled !== undefined) {
      for (let k = 0; k < filled.length; k++) {
        const col = filled[k];
        if (!this.cell(cells[col], col, line)) ok = false;
      }
    } else {
      for (let col = 0; col < cells.length; col++) if (cells[col].length !== 0 && !this.cell(cells[col], col, line)) ok = false;
    }
    return ok;
  }

  /** One non-empty cell; false when it is wrong. */
  private cell(cell: string, col: number, line: number): boolean {
    let ok = true;
    const kind = this.kindOf[col];
    if (kind === SKIP) return true;
    const q = this.qOf[col];
    if (kind === GRID) {
      // The cell holds the column's level code (one column per level of a grid row).
      const code = this.code[col]!;
      if (cell !== code) {
        const v = cell.trim();
        if (v === '') return true;
        if (v !== code) {
          this.fail(line, col, 'UNKNOWN_OPTION_CODE', unknownCode(this.layout.questions[q].model.id, v, col, code, this.layout.questions[q].codes));
          return false;
        }
      }
      if (this.levelsSet[q]++ === 0) this.touch(q);
      if (this.multiLevel[q]) this.multiLevels[q][this.itemOf[col]].push(this.fixedCode[col]);
      else if (this.levels[this.levelAt[col]] !== -1) {
        this.fail(line, col, 'INVALID_CSV', `Two levels for one row of grid question ${this.layout.questions[q].model.id}`);
        return false;
      } else this.levels[this.levelAt[col]] = this.fixedCode[col];
      return true;
    }
    if (kind === CHOICE) {
      // A column of one option, holding its code; or (code undefined) a column holding any code of the question.
      const code = this.code[col];
      let v = cell;
      if (cell !== code) {
        v = cell.trim();
        if (v === '') return true;
        if (code !== undefined ? v !== code : !this.validCodes[q].has(v)) {
          this.fail(line, col, 'UNKNOWN_OPTION_CODE', unknownCode(this.layout.questions[q].model.id, v, col, code, [...this.validCodes[q]]));
          return false;
        }
      }
      this.touch(q);
      this.choice[q].push(code !== undefined ? this.fixedCode[col] : this.index[q].of(v));
      if (this.single[q] && this.choice[q].length > 1) {
        ok = false;
        this.fail(line, col, 'INVALID_CSV', `Two answers (${this.codesOf(q)}) to single-choice question ${this.layout.questions[q].model.id}`);
      }
      return ok;
    }
    const role = this.layout.columns[col];
    switch (role.role) {
      case 'other':
        if (cell.trim() !== '') {
          this.touch(role.q);
          this.other[role.q] = true;
        }
        break;
      case 'text':
        if (cell.trim() !== '') {
          this.touch(role.q);
          this.text[role.q] = true;
          if (this.wantsText[role.q]) this.textValue[role.q] = this.textValue[role.q] ? `${this.textValue[role.q]} / ${cell.trim()}` : cell.trim();
        }
        break;
      case 'numeric': {
        const v = cell.trim();
        if (v === '') break;
        const lq = this.layout.questions[role.q];
        const n = lq.numberWords?.get(normalizeLabel(v)) ?? decimalNumber(v);
        const nonAnswer = Number.isFinite(n) ? undefined : lq.nonAnswerWords?.get(normalizeLabel(v));
        if (nonAnswer !== undefined) {
          this.touch(role.q);
          this.numeric[role.q].push(nonAnswer);
        } else if (!Number.isFinite(n)) {
          ok = false;
          const hint = /^-?\d+,\d{3}$/.test(v) ? ' (a thousands separator or a decimal comma? write 1130 or 1.13)' : /\p{L}/u.test(v) ? ` (an answer in words: give it a number under questions.${lq.model.id}.numbers, or, if it is no answer ("N/A"), list it under questions.${lq.model.id}.nonAnswers)` : '';
          this.fail(line, col, 'INVALID_CSV', `Expected a number for ${lq.model.id}, got \`${v}\`${hint}`);
        } else {
          this.touch(role.q);
          this.numeric[role.q].push(String(n));
        }
        break;
      }
      case 'answer': {
        const v = cell.trim();
        if (v === '') break;
        const lq = this.layout.questions[role.q];
        const codes = role.decode(v);
        if (codes === undefined) {
          ok = false;
          if (role.box !== undefined) {
            this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)}, the box of \`${role.box.option}\` (${lq.model.id}), is neither its label nor a mark the spec declares (${role.box.marks}): add it to one of them`);
          } else this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is no declared option of ${lq.model.id}: ${lq.model.options.map((o) => `\`${o.label}\``).join(', ')}`);
          break;
        }
        this.touch(role.q);
        for (const code of codes) {
          const i = this.index[role.q].of(code);
          if (code === 'other') this.other[role.q] = true;
          else if (!this.choice[role.q].includes(i)) this.choice[role.q].push(i);
        }
        if (lq.kind === 'single' && this.choice[role.q].length > 1) {
          ok = false;
          this.fail(line, col, 'INVALID_CSV', `Two answers (${this.codesOf(role.q)}) to single-choice question ${lq.model.id}`);
        }
        break;
      }
      case 'gridRow': {
        const v = cell.trim();
        if (v === '') break;
        const lq = this.layout.questions[role.q];
        if (role.multi) {
          const codes = role.multi(v);
          if (codes === undefined) {
            ok = false;
            this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is not made of levels of grid ${lq.model.id}: ${lq.scale.map((l) => `\`${l}\``).join(', ')}`);
          } else {
            this.touch(role.q);
            this.levelsSet[role.q] += codes.length;
            for (const code of codes) this.multiLevels[role.q][role.item].push(this.index[role.q].of(code));
          }
          break;
        }
        const code = role.decode(v);
        if (code === undefined) {
          ok = false;
          this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is no level of grid ${lq.model.id}: ${lq.scale.map((l, i) => `\`${lq.scaleCodes?.[i] ?? i + 1}\` ${l}`).join(', ')}`);
        } else {
          this.touch(role.q);
          this.levelsSet[role.q]++;
          this.grid[role.q][role.item] = this.index[role.q].of(code);
        }
        break;
      }
      case 'rankList': {
        const v = cell.trim();
        if (v === '') break;
        const lq = this.layout.questions[role.q];
        const order = role.decode(v);
        if (order === undefined) {
          ok = false;
          this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is no ranking of the items of ${lq.model.id} (each once, joined by the separator): ${this.itemsOf(role.q)}`);
          break;
        }
        this.touch(role.q);
        order.forEach((item, place) => this.rank(role.q, item, place + 1));
        break;
      }
      case 'rankSlot': {
        const v = cell.trim();
        if (v === '') break;
        const lq = this.layout.questions[role.q];
        const item = role.decode(v);
        if (item === undefined) {
          ok = false;
          this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} (place ${role.place} of ${lq.model.id}) is none of its items: ${this.itemsOf(role.q)}`);
          break;
        }
        if (this.levelsSet[role.q] !== 0 && this.grid[role.q][item] !== -1) {
          ok = false;
          this.fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is ranked a second time in ${lq.model.id} (place ${role.place}): each item has one place`);
          break;
        }
        this.touch(role.q);
        this.rank(role.q, item, role.place);
        break;
      }
      case 'weight': {
        const w = decimalNumber(cell.trim());
        if (cell.trim() === '' || !Number.isFinite(w) || w < 0) {
          ok = false;
          this.fail(line, col, 'INVALID_CSV', `Expected a weight (a number ≥ 0) in column ${columnLetters(col + 1)}, got \`${cell}\`${/^-?\d+,\d{3}$/.test(cell.trim()) ? ' (a thousands separator or a decimal comma? write 1130 or 1.13)' : ''}`);
        } else this.weight = w + 0; // never -0 (see TallySums)
        break;
      }
      case 'ignored':
        if (role.why === 'unlabelled last column' && cell.trim() !== '') {
          ok = false;
          this.fail(line, col, 'INVALID_CSV', `A value in the unlabelled column ${columnLetters(col + 1)}, which belongs to no question`);
        }
        break;
    }
    return ok;
  }
}

/** What a row test reads: the row's cells and the answers found in them (code indices). */
interface RowState {
  cells: string[];
  /** Per question: the codes chosen (CodeIndex numbers). */
  choice: number[][];
  /** Per grid question and row: the level chosen, or -1. */
  grid: Int32Array[];
  /** Per population: whether the respondent belongs to it. */
  member: boolean[];
}

/** A spec row test over code indices. */
function compileTest(t: RowTest, index: CodeIndex[]): (row: RowState) => boolean {
  const not = t.not === true;
  switch (t.kind) {
    case 'answer': {
      const codes = t.codes.map((c) => index[t.q].of(c));
      return (row) => codes.some((c) => row.choice[t.q].includes(c)) !== not;
    }
    case 'grid': {
      const codes = t.codes.map((c) => index[t.q].of(c));
      const unanswered = t.codes.includes(''); // a test for no level at all
      return (row) => {
        const level = row.grid[t.q][t.item];
        return (level === -1 ? unanswered : codes.includes(level)) !== not;
      };
    }
    case 'column':
      return (row) => t.values.has(row.cells[t.col].trim()) !== not;
  }
}

/**
 * One question's codes as small integers, so that a row's answers are counted by array index: the
 * scan used to spend most of its time in Map lookups of code strings, once per tally per code.
 * Codes met in the data that the layout did not list (a decoded answer) are added as they come.
 */
class CodeIndex {
  readonly codes: string[] = [];
  /** Per code: whether it is a "Don't know". */
  readonly dontKnow: boolean[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(
    codes: Iterable<string>,
    private readonly dontKnowCodes: ReadonlySet<string>,
  ) {
    for (const c of codes) this.of(c);
  }

  of(code: string): number {
    let i = this.numbers.get(code);
    if (i === undefined) {
      i = this.codes.length;
      this.numbers.set(code, i);
      this.codes.push(code);
      this.dontKnow.push(this.dontKnowCodes.has(code));
    }
    return i;
  }
}

// A tally's sums in a TallySums block: the counts (unweighted) of respondents asked, answering, and
// answering nothing but "Don't know"; their weights and squared weights; then one sum per code.
const ASKED_N = 0;
const ASKED = 1;
const ANSWERED_N = 2;
const ANSWERED = 3;
const ANSWERED_W2 = 4;
const DONT_KNOW_N = 5;
const DONT_KNOW = 6;
const DONT_KNOW_W2 = 7;
const CODES = 8;

/**
 * Every tally's sums for everyone (slot 0) and for each segment (slot 1 + s), one Float64Array per
 * slot with a block per tally, written into the Tally objects once at the end. Counting into a
 * Tally per row (a Map lookup per code and per segment, objects spread over the heap) was most of
 * the scan's time. The sums are added in the same order as the tally's own would be, so the
 * figures are the same to the last bit. A code sum starts at -0, which adding any weight (never
 * -0 itself) turns into a number: that tells a code counted with weight 0 from one never met.
 */
class TallySums {
  /** Per question: its main tally's block, its grid rows' first block, and the block size. */
  readonly mainAt: number[] = [];
  readonly itemAt: number[] = [];
  readonly width: number[] = [];
  /** Per question: how many codes have a sum, and where the nets' sums start in a block. */
  readonly known: number[] = [];
  readonly netAt: number[] = [];
  /** Per grid question (not multi-level): where its asked counts are, which every row of it shares; else -1. */
  readonly gridAskedAt: number[] = [];
  /** Per question and net: whether each code (by index) is one of the net's. */
  private readonly netCodes: boolean[][][] = [];
  private readonly hits: number[] = [];
  private readonly empty: Float64Array;
  private readonly slots: Float64Array[] = [];

  constructor(
    private readonly layout: ExportLayout,
    private readonly index: CodeIndex[],
  ) {
    let size = 0;
    layout.questions.forEach((lq, q) => {
      const nets = lq.nets ?? [];
      this.known[q] = index[q].codes.length;
      this.netAt[q] = CODES + this.known[q];
      this.width[q] = this.netAt[q] + nets.length;
      this.netCodes[q] = nets.map((n) => index[q].codes.map((c) => n.codes.has(c)));
      this.mainAt[q] = size;
      this.itemAt[q] = size + this.width[q];
      size += this.width[q] * (1 + lq.items.length);
    });
    layout.questions.forEach((lq, q) => {
      this.gridAskedAt[q] = lq.kind === 'grid' && !lq.multiLevel ? size : -1;
      if (this.gridAskedAt[q] !== -1) size += CODES;
    });
    this.empty = new Float64Array(size);
    for (let q = 0; q < this.width.length; q++) {
      for (let at = this.mainAt[q]; at < this.itemAt[q] + this.width[q] * layout.questions[q].items.length; at += this.width[q]) {
        this.empty.fill(-0, at + CODES, at + this.width[q]); // codes' and nets' sums
      }
    }
  }

  slot(n: number): Float64Array {
    return (this.slots[n] ??= this.empty.slice());
  }

  /**
   * Completes the sums: each row of a grid gets its question's asked counts (every row of an asked
   * grid was asked, so the sums are the same additions in the same order), and unweighted, every
   * sum of weights and of squared weights is its count (sums of ones, exact).
   */
  finish(weighted: boolean): void {
    for (const s of this.slots) {
      if (s === undefined) continue;
      this.layout.questions.forEach((lq, q) => {
        const askedAt = this.gridAskedAt[q];
        for (let item = 0; item < lq.items.length; item++) {
          const at = this.itemAt[q] + item * this.width[q];
          if (askedAt !== -1) {
            s[at + ASKED_N] = s[askedAt + ASKED_N];
            s[at + ASKED] = s[askedAt + ASKED];
          }
          if (!weighted) unweighted(s, at);
        }
        if (!weighted) unweighted(s, this.mainAt[q]);
      });
    }
  }

  /** The nets of question q that `codes` touch (each once), in a list reused by the next call. */
  netsHit(q: number, codes: number[]): number[] {
    const nets = this.netCodes[q];
    if (nets.length === 0) return NO_NETS;
    this.hits.length = 0;
    for (let n = 0; n < nets.length; n++) if (codes.some((c) => nets[n][c] === true)) this.hits.push(n);
    return this.hits;
  }

  /** The segment whose sums `s` are. */
  segmentOf(s: Float64Array): number {
    return this.slots.indexOf(s) - 1;
  }

  /** Into the tallies: a segment's tally is made where one of its respondents was asked. */
  writeTo(tallies: QuestionTallies[], segmentIds: string[]): void {
    this.slots.forEach((s, n) => {
      const tallyOf = (st: SegmentedTally) => (n === 0 ? st.all : st.segment(segmentIds[n - 1]));
      tallies.forEach((t, q) => {
        const codes = this.index[q].codes;
        const write = (st: SegmentedTally, at: number) => {
          if (s[at + ASKED_N] === 0) return;
          const tally = tallyOf(st);
          tally.asked += s[at + ASKED];
          tally.askedN += s[at + ASKED_N];
          tally.answered += s[at + ANSWERED];
          tally.answeredN += s[at + ANSWERED_N];
          tally.answeredW2 += s[at + ANSWERED_W2];
          tally.dontKnowOnly += s[at + DONT_KNOW];
          tally.dontKnowOnlyN += s[at + DONT_KNOW_N];
          tally.dontKnowOnlyW2 += s[at + DONT_KNOW_W2];
          for (let c = 0; c < this.known[q]; c++) if (!Object.is(s[at + CODES + c], -0)) tally.add(codes[c], s[at + CODES + c]);
          (tally.nets ?? []).forEach((net, n) => {
            const sum = s[at + this.netAt[q] + n];
            if (!Object.is(sum, -0)) tally.netCounts.set(net.id, (tally.netCounts.get(net.id) ?? 0) + sum);
          });
        };
        if (this.layout.questions[q].kind !== 'numeric') write(t.main, this.mainAt[q]);
        t.items.forEach((item, i) => write(item, this.itemAt[q] + i * this.width[q]));
      });
    });
  }
}

const NO_NETS: number[] = [];

/** A block's sums of weights (and of squared weights) when every weight is 1: its counts. */
function unweighted(s: Float64Array, at: number): void {
  s[at + ASKED] = s[at + ASKED_N];
  s[at + ANSWERED] = s[at + ANSWERED_N];
  s[at + ANSWERED_W2] = s[at + ANSWERED_N];
  s[at + DONT_KNOW] = s[at + DONT_KNOW_N];
  s[at + DONT_KNOW_W2] = s[at + DONT_KNOW_N];
}

/**
 * One respondent's level of one grid row that has one (-2: a code the layout did not list, not
 * counted). The grid's asked counts are the question's (TallySums.gridAskedAt). Unweighted, only
 * the counts are added (see TallySums.finish).
 */
function countLevel(s: Float64Array, at: number, level: number, dk: boolean[], nets: number[], netAt: number, weighted: boolean, w: number, w2: number): void {
  s[at + ANSWERED_N]++;
  if (weighted) {
    s[at + ANSWERED] += w;
    s[at + ANSWERED_W2] += w2;
  }
  if (level === -2) return;
  if (dk[level]) {
    s[at + DONT_KNOW_N]++;
    if (weighted) {
      s[at + DONT_KNOW] += w;
      s[at + DONT_KNOW_W2] += w2;
    }
  }
  s[at + CODES + level] += w;
  for (const n of nets) s[at + netAt + n] += w;
}

/** One respondent's codes for a single- or multi-choice question (`other`: the "Other" code to count, or -1). */
function countCodes(
  s: Float64Array,
  at: number,
  known: number,
  codes: number[],
  answered: boolean,
  other: number,
  dontKnowOnly: boolean,
  nets: number[],
  netAt: number,
  weighted: boolean,
  w: number,
  w2: number,
): void {
  s[at + ASKED_N]++;
  if (weighted) s[at + ASKED] += w;
  if (!answered) return;
  s[at + ANSWERED_N]++;
  if (weighted) {
    s[at + ANSWERED] += w;
    s[at + ANSWERED_W2] += w2;
  }
  for (const c of codes) if (c < known) s[at + CODES + c] += w;
  for (const n of nets) s[at + netAt + n] += w;
  if (other !== -1) s[at + CODES + other] += w;
  if (dontKnowOnly) {
    s[at + DONT_KNOW_N]++;
    if (weighted) {
      s[at + DONT_KNOW] += w;
      s[at + DONT_KNOW_W2] += w2;
    }
  }
}

/** countMany for a numeric question, whose answers are counted by their text. */
function countNumbers(t: Tally, codes: string[], other: boolean, text: boolean, dk: ReadonlySet<string>, w: number): void {
  t.asked += w;
  t.askedN++;
  if (codes.length === 0 && !other && !text) return;
  t.answer(w);
  for (const c of codes) t.add(c, w);
  if (t.nets) t.addNets(codes, w);
  if (other) t.add('other', w);
  if (codes.length > 0 && !other && codes.every((c) => dk.has(c))) t.dontKnow(w);
}

function unknownCode(qid: string, got: string, col: number, expected: string | undefined, valid: string[]): string {
  const where = `column ${columnLetters(col + 1)}`;
  return expected !== undefined
    ? `Unknown option code \`${got}\` for ${qid} in ${where}: this column holds code \`${expected}\``
    : `Unknown option code \`${got}\` for ${qid} in ${where}: the reference model has ${valid.map((v) => `\`${v}\``).join(', ')}`;
}

// What a column feeds, for the row loop: choice and grid columns (nearly all of a wide export's)
// are handled from these arrays without reading the column's role object; every other column
// that can hold an answer goes by its role.
const SKIP = 0;
const CHOICE = 1;
const GRID = 2;
const BY_ROLE = 3;

interface ColumnPlans {
  kindOf: Uint8Array;
  qOf: Int32Array;
  itemOf: Int32Array;
  /** The one code a choice or grid column holds (undefined: any code of its question). */
  code: (string | undefined)[];
  /** That code as its CodeIndex number, else -1. */
  fixedCode: Int32Array;
}

function columnPlans(layout: ExportLayout, index: CodeIndex[]): ColumnPlans {
  const n = layout.width;
  const plans: ColumnPlans = { kindOf: new Uint8Array(n), qOf: new Int32Array(n).fill(-1), itemOf: new Int32Array(n).fill(-1), code: new Array(n).fill(undefined), fixedCode: new Int32Array(n).fill(-1) };
  layout.columns.forEach((c, col) => {
    switch (c.role) {
      case 'meta':
        plans.kindOf[col] = SKIP;
        break;
      case 'ignored':
        plans.kindOf[col] = c.why === 'unlabelled last column' ? BY_ROLE : SKIP;
        break;
      case 'choice':
        plans.kindOf[col] = CHOICE;
        plans.qOf[col] = c.q;
        plans.code[col] = c.code;
        if (c.code !== undefined) plans.fixedCode[col] = index[c.q].of(c.code);
        break;
      case 'grid':
        plans.kindOf[col] = GRID;
        plans.qOf[col] = c.q;
        plans.itemOf[col] = c.item;
        plans.code[col] = c.code;
        plans.fixedCode[col] = index[c.q].of(c.code);
        break;
      default:
        plans.kindOf[col] = BY_ROLE;
    }
  });
  return plans;
}

/**
 * isoDate, remembering the dates of recent cells: a fieldwork has a few days and a timestamp on every
 * row. The answer depends only on the cell's leading run of digits, dots, slashes and dashes and the
 * character after it (the patterns' word boundary), so that is the key; a cell starting otherwise
 * (a space) is converted each time.
 */
function recentDates(): (cell: string) => readonly [string | undefined, string | undefined] {
  const known = new Map<string, readonly [string | undefined, string | undefined]>();
  const both = (text: string) => [isoDate(text, 'mdy'), isoDate(text, 'dmy')] as const;
  return (cell) => {
    let end = 0;
    for (; end < cell.length; end++) {
      const c = cell.charCodeAt(end);
      if (!((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 47)) break;
    }
    if (end === 0) return both(cell);
    const key = cell.slice(0, end + 1);
    let d = known.get(key);
    if (d === undefined) {
      if (known.size >= 4096) known.clear();
      d = both(key);
      known.set(key, d);
    }
    return d;
  };
}

/**
 * A number as written (a weight, a numeric answer): "1.13", or "1,13" where a comma is the decimal mark
 * (Excel in German, French …). "1,130" could be either, so it is no number (the row's error asks for
 * 1.130 or 1130); "0,130" is a decimal.
 */
export function decimalNumber(text: string): number {
  const comma = /^(-?)(\d+),(\d+)$/.exec(text);
  if (comma) return comma[3].length !== 3 || comma[2] === '0' ? Number(`${comma[1]}${comma[2]}.${comma[3]}`) : NaN;
  return text === '' ? NaN : Number(text);
}
