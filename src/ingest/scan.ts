// Ingest stage: one pass over the respondent rows, counting answers into tallies. Pure over records.
// Per row: cells ─▶ answers (checked against the layout) ─▶ disqualified? ─▶ populations, segments
// ─▶ every question the respondent was shown is tallied overall and per segment.
import { isoDate } from './dates.js';
import type { Diagnostic } from '../diagnostics.js';
import { columnLetters, type CsvRecord } from './csv-reader.js';
import type { ExportLayout } from './layout.js';
import { SegmentedTally, type Tally } from './tally.js';

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
  diagnostics: Diagnostic[];
}

export async function scanRows(plan: ScanPlan, rows: AsyncIterable<CsvRecord>): Promise<ScanResult> {
  const { layout, file } = plan;
  const nq = layout.questions.length;
  const tallies: QuestionTallies[] = layout.questions.map((lq) => ({
    main: new SegmentedTally(lq.nets),
    items: lq.items.map(() => new SegmentedTally(lq.nets)),
  }));
  const validCodes = layout.questions.map((lq) =>
    lq.kind === 'grid' ? new Set(lq.codes) : new Set(lq.model.options.map((o) => o.code)),
  );
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

  // Everything a row is compared with, as small integers: codes per question (CodeIndex), segments
  // (their place in `segmentIds`), populations (their place in `populationIds`).
  const index = layout.questions.map(
    (lq) => new CodeIndex([...(lq.kind === 'grid' ? lq.codes : lq.model.options.map((o) => o.code)), ...(lq.nets ?? []).flatMap((n) => [...n.codes])], lq.dontKnowCodes),
  );
  const otherCode = index.map((ci) => ci.of('other'));
  /** The code of a column that holds one fixed code (choice and grid columns), else -1. */
  const fixedCode = layout.columns.map((c) => (c.role === 'grid' || (c.role === 'choice' && c.code !== undefined) ? index[c.q].of(c.code!) : -1));
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

  // Row state, reused across rows.
  const row: RowState = {
    cells: [],
    choice: layout.questions.map(() => []),
    grid: layout.questions.map((lq) => new Int32Array(lq.items.length).fill(-1)),
    member: new Array<boolean>(populationIds.length).fill(false),
  };
  const { choice, grid, member } = row;
  const other = new Array<boolean>(nq).fill(false);
  const text = new Array<boolean>(nq).fill(false);
  const numeric: string[][] = layout.questions.map(() => []);
  // Open-ended answers (kept only where a verbatim collector wants them) and the several levels of a
  // multi-level grid's rows.
  const textValue: string[] = new Array<string>(nq).fill('');
  const multiLevels: number[][][] = layout.questions.map((lq) => (lq.multiLevel ? lq.items.map(() => []) : []));
  const wantsText = layout.questions.map((_, q) => plan.verbatims?.[q] !== undefined);
  /** The one level of a grid row, as a list. */
  const oneLevel: number[] = [];
  const codesOf = (q: number) => choice[q].map((i) => index[q].codes[i]).join(', ');

  const fail = (line: number, col: number, code: Diagnostic['code'], message: string) => {
    if (result.diagnostics.length < plan.maxErrors) {
      result.diagnostics.push({ severity: 'error', code, message, file, line, column: col + 1 });
    }
  };

  for await (const { cells, line } of rows) {
    if (result.diagnostics.length >= plan.maxErrors) break;
    result.rowsRead++;
    row.cells = cells;
    if (cells.length !== layout.width) {
      const col = Math.min(cells.length, layout.width);
      fail(line, col, 'INVALID_CSV', `Row has ${cells.length} cells, the header has ${layout.width} (ragged row)`);
      continue;
    }
    for (let q = 0; q < nq; q++) {
      // The length setter is a runtime call: only where the last row left something.
      if (choice[q].length !== 0) choice[q].length = 0;
      if (numeric[q].length !== 0) numeric[q].length = 0;
      other[q] = false;
      text[q] = false;
      if (grid[q].length !== 0) grid[q].fill(-1);
      if (wantsText[q]) textValue[q] = '';
      for (const levels of multiLevels[q]) if (levels.length !== 0) levels.length = 0;
    }
    let rowOk = true;
    let weight = 1;
    for (let col = 0; col < layout.width; col++) {
      const cell = cells[col];
      if (cell === '') continue;
      const role = layout.columns[col];
      switch (role.role) {
        case 'meta':
          break;
        case 'choice': {
          const v = cell.trim();
          if (v === '') break;
          const lq = layout.questions[role.q];
          if (role.code !== undefined ? v !== role.code : !validCodes[role.q].has(v)) {
            rowOk = false;
            fail(line, col, 'UNKNOWN_OPTION_CODE', unknownCode(lq.model.id, v, col, role.code, [...validCodes[role.q]]));
            break;
          }
          choice[role.q].push(role.code !== undefined ? fixedCode[col] : index[role.q].of(v));
          if (lq.kind === 'single' && choice[role.q].length > 1) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two answers (${codesOf(role.q)}) to single-choice question ${lq.model.id}`);
          }
          break;
        }
        case 'other':
          if (cell.trim() !== '') other[role.q] = true;
          break;
        case 'text':
          if (cell.trim() !== '') {
            text[role.q] = true;
            if (wantsText[role.q]) textValue[role.q] = textValue[role.q] ? `${textValue[role.q]} / ${cell.trim()}` : cell.trim();
          }
          break;
        case 'numeric': {
          const v = cell.trim();
          if (v === '') break;
          if (!Number.isFinite(Number(v))) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Expected a number for ${layout.questions[role.q].model.id}, got \`${v}\``);
          } else numeric[role.q].push(String(Number(v)));
          break;
        }
        case 'grid': {
          const v = cell.trim();
          if (v === '') break;
          const lq = layout.questions[role.q];
          if (v !== role.code) {
            rowOk = false;
            fail(line, col, 'UNKNOWN_OPTION_CODE', unknownCode(lq.model.id, v, col, role.code, lq.codes));
          } else if (lq.multiLevel) multiLevels[role.q][role.item].push(fixedCode[col]);
          else if (grid[role.q][role.item] !== -1) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two levels for one row of grid question ${lq.model.id}`);
          } else grid[role.q][role.item] = fixedCode[col];
          break;
        }
        case 'answer': {
          const v = cell.trim();
          if (v === '') break;
          const lq = layout.questions[role.q];
          const codes = role.decode(v);
          if (codes === undefined) {
            rowOk = false;
            fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is no declared option of ${lq.model.id}: ${lq.model.options.map((o) => `\`${o.label}\``).join(', ')}`);
            break;
          }
          for (const code of codes) {
            const i = index[role.q].of(code);
            if (code === 'other') other[role.q] = true;
            else if (!choice[role.q].includes(i)) choice[role.q].push(i);
          }
          if (lq.kind === 'single' && choice[role.q].length > 1) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two answers (${codesOf(role.q)}) to single-choice question ${lq.model.id}`);
          }
          break;
        }
        case 'gridRow': {
          const v = cell.trim();
          if (v === '') break;
          const lq = layout.questions[role.q];
          if (role.multi) {
            const codes = role.multi(v);
            if (codes === undefined) {
              rowOk = false;
              fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is not made of levels of grid ${lq.model.id}: ${lq.scale.map((l) => `\`${l}\``).join(', ')}`);
            } else for (const code of codes) multiLevels[role.q][role.item].push(index[role.q].of(code));
            break;
          }
          const code = role.decode(v);
          if (code === undefined) {
            rowOk = false;
            fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is no level of grid ${lq.model.id}: ${lq.scale.map((l, i) => `\`${lq.scaleCodes?.[i] ?? i + 1}\` ${l}`).join(', ')}`);
          } else grid[role.q][role.item] = index[role.q].of(code);
          break;
        }
        case 'weight': {
          const w = Number(cell.trim());
          if (cell.trim() === '' || !Number.isFinite(w) || w < 0) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Expected a weight (a number ≥ 0) in column ${columnLetters(col + 1)}, got \`${cell}\``);
          } else weight = w + 0; // never -0 (see TallySums)
          break;
        }
        case 'ignored':
          if (role.why === 'unlabelled last column' && cell.trim() !== '') {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `A value in the unlabelled column ${columnLetters(col + 1)}, which belongs to no question`);
          }
          break;
      }
    }
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
    // Fieldwork dates: of the respondents kept (a removed test response may predate the fieldwork).
    if (startCol !== -1 && cells[startCol] !== '') {
      const d = isoDate(cells[startCol]);
      if (d && (!result.firstStart || d < result.firstStart)) result.firstStart = d;
    }
    // An export with one timestamp (Google Forms) ends its fieldwork at the last one.
    const lastCol = endCol !== -1 ? endCol : startCol;
    if (lastCol !== -1 && cells[lastCol] !== '') {
      const d = isoDate(cells[lastCol]);
      if (d && (!result.lastEnd || d > result.lastEnd)) result.lastEnd = d;
    }
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
    const w2 = weight * weight;
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
          if (rowsLevels.some((l) => l.length > 0)) result.notAsked[q]++;
          continue;
        }
        for (let item = 0, at = sums.itemAt[q]; item < rowsLevels.length; item++, at += sums.width[q]) {
          const codes = rowsLevels[item];
          let dontKnowOnly = codes.length > 0;
          for (let k = 0; dontKnowOnly && k < codes.length; k++) dontKnowOnly = dk[codes[k]];
          const nets = sums.netsHit(q, codes);
          for (const s of rowSums) countCodes(s, at, sums.known[q], codes, codes.length > 0, -1, dontKnowOnly, nets, sums.netAt[q], weight, w2);
        }
        continue;
      }
      if (lq.kind === 'grid') {
        const levels = grid[q];
        if (!asked) {
          if (levels.some((l) => l !== -1)) result.notAsked[q]++;
          continue;
        }
        const width = sums.width[q];
        for (let item = 0, at = sums.itemAt[q]; item < levels.length; item++, at += width) {
          const level = levels[item] < sums.known[q] ? levels[item] : -2;
          if (level >= 0) oneLevel[0] = level;
          const nets = level >= 0 ? sums.netsHit(q, oneLevel) : NO_NETS;
          for (const s of rowSums) countLevel(s, at, level, dk, nets, sums.netAt[q], weight, w2);
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
      for (const s of rowSums) countCodes(s, at, sums.known[q], codes, answeredAny, otherAt, dontKnowOnly, nets, sums.netAt[q], weight, w2);
      if (text[q] && wantsText[q]) plan.verbatims![q]!.offer(textValue[q]);
    }
  }
  for (const [seg, id] of segmentIds.entries()) if (segmentSizes[seg] > 0) result.segmentSizes.set(id, segmentSizes[seg]);
  sums.writeTo(tallies, segmentIds);
  return result;
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

/** One respondent's level of one grid row (-1: none; -2: a code the layout did not list, not counted). */
function countLevel(s: Float64Array, at: number, level: number, dk: boolean[], nets: number[], netAt: number, w: number, w2: number): void {
  s[at + ASKED_N]++;
  s[at + ASKED] += w;
  if (level === -1) return;
  s[at + ANSWERED_N]++;
  s[at + ANSWERED] += w;
  s[at + ANSWERED_W2] += w2;
  if (level === -2) return;
  if (dk[level]) {
    s[at + DONT_KNOW_N]++;
    s[at + DONT_KNOW] += w;
    s[at + DONT_KNOW_W2] += w2;
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
  w: number,
  w2: number,
): void {
  s[at + ASKED_N]++;
  s[at + ASKED] += w;
  if (!answered) return;
  s[at + ANSWERED_N]++;
  s[at + ANSWERED] += w;
  s[at + ANSWERED_W2] += w2;
  for (const c of codes) if (c < known) s[at + CODES + c] += w;
  for (const n of nets) s[at + netAt + n] += w;
  if (other !== -1) s[at + CODES + other] += w;
  if (dontKnowOnly) {
    s[at + DONT_KNOW_N]++;
    s[at + DONT_KNOW] += w;
    s[at + DONT_KNOW_W2] += w2;
  }
}

/** countMany for a numeric question, whose answers are counted by their text. */
function countNumbers(t: Tally, codes: string[], other: boolean, text: boolean, dk: ReadonlySet<string>, w: number): void {
  t.asked += w;
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
