// Ingest stage: one pass over the respondent rows, counting answers into tallies. Pure over records.
// Per row: cells ─▶ answers (checked against the layout) ─▶ disqualified? ─▶ populations, segments
// ─▶ every question the respondent was shown is tallied overall and per segment.
import type { Diagnostic } from '../diagnostics.js';
import { columnLetters, type CsvRecord } from './csv-reader.js';
import type { ExportLayout } from './layout.js';
import { SegmentedTally } from './tally.js';

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

  // Row state, reused across rows.
  const choice: string[][] = layout.questions.map(() => []);
  const other = new Array<boolean>(nq).fill(false);
  const text = new Array<boolean>(nq).fill(false);
  const grid: (string | undefined)[][] = layout.questions.map((lq) => new Array(lq.items.length).fill(undefined));
  const numeric: string[][] = layout.questions.map(() => []);
  // Open-ended answers (kept only where a verbatim collector wants them) and the several levels of a
  // multi-level grid's rows.
  const textValue: string[] = new Array<string>(nq).fill('');
  const multiLevels: string[][][] = layout.questions.map((lq) => (lq.multiLevel ? lq.items.map(() => []) : []));
  const wantsText = layout.questions.map((_, q) => plan.verbatims?.[q] !== undefined);
  const member = new Map<string, boolean>();
  const segments: string[] = [];

  const fail = (line: number, col: number, code: Diagnostic['code'], message: string) => {
    if (result.diagnostics.length < plan.maxErrors) {
      result.diagnostics.push({ severity: 'error', code, message, file, line, column: col + 1 });
    }
  };
  const has = (c: RowCondition) => choice[c.q].includes(c.code);
  let row: string[] = [];
  const holds = (t: RowTest): boolean => {
    const yes =
      t.kind === 'answer'
        ? t.codes.some((c) => choice[t.q].includes(c))
        : t.kind === 'grid'
          ? t.codes.includes(grid[t.q][t.item] ?? '')
          : t.values.has(row[t.col].trim());
    return t.not ? !yes : yes;
  };

  for await (const { cells, line } of rows) {
    if (result.diagnostics.length >= plan.maxErrors) break;
    result.rowsRead++;
    row = cells;
    if (cells.length !== layout.width) {
      const col = Math.min(cells.length, layout.width);
      fail(line, col, 'INVALID_CSV', `Row has ${cells.length} cells, the header has ${layout.width} (ragged row)`);
      continue;
    }
    for (let q = 0; q < nq; q++) {
      choice[q].length = 0;
      numeric[q].length = 0;
      other[q] = false;
      text[q] = false;
      grid[q].fill(undefined);
      if (wantsText[q]) textValue[q] = '';
      for (const levels of multiLevels[q]) levels.length = 0;
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
          choice[role.q].push(v);
          if (lq.kind === 'single' && choice[role.q].length > 1) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two answers (${choice[role.q].join(', ')}) to single-choice question ${lq.model.id}`);
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
          } else if (lq.multiLevel) multiLevels[role.q][role.item].push(v);
          else if (grid[role.q][role.item] !== undefined) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two levels for one row of grid question ${lq.model.id}`);
          } else grid[role.q][role.item] = v;
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
            if (code === 'other') other[role.q] = true;
            else if (!choice[role.q].includes(code)) choice[role.q].push(code);
          }
          if (lq.kind === 'single' && choice[role.q].length > 1) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two answers (${choice[role.q].join(', ')}) to single-choice question ${lq.model.id}`);
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
            } else multiLevels[role.q][role.item].push(...codes);
            break;
          }
          const code = role.decode(v);
          if (code === undefined) {
            rowOk = false;
            fail(line, col, 'UNKNOWN_OPTION_CODE', `\`${v}\` in column ${columnLetters(col + 1)} is no level of grid ${lq.model.id}: ${lq.scale.map((l, i) => `\`${lq.scaleCodes?.[i] ?? i + 1}\` ${l}`).join(', ')}`);
          } else grid[role.q][role.item] = code;
          break;
        }
        case 'weight': {
          const w = Number(cell.trim());
          if (cell.trim() === '' || !Number.isFinite(w) || w < 0) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Expected a weight (a number ≥ 0) in column ${columnLetters(col + 1)}, got \`${cell}\``);
          } else weight = w;
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
    const removedBy = plan.filters.findIndex((f) => f.anyOf.some(holds));
    if (removedBy !== -1) {
      result.disqualified++;
      result.removed[removedBy].rows++;
      continue;
    }
    if (plan.only) {
      const dim = plan.dimensions[plan.only.dimension];
      const code = choice[dim.q][0];
      if (code === undefined || dim.segmentOf.get(code) !== plan.only.segment) continue;
    }
    result.respondents++;
    // Fieldwork dates: of the respondents kept (a removed test response may predate the fieldwork).
    if (startCol !== -1 && cells[startCol] !== '') {
      const d = cells[startCol].slice(0, 10);
      if (!result.firstStart || d < result.firstStart) result.firstStart = d;
    }
    if (endCol !== -1 && cells[endCol] !== '') {
      const d = cells[endCol].slice(0, 10);
      if (!result.lastEnd || d > result.lastEnd) result.lastEnd = d;
    }
    for (const [id, when] of plan.populations) member.set(id, when === undefined || when.some(has));
    segments.length = 0;
    for (const dim of plan.dimensions) {
      const code = choice[dim.q][0];
      const seg = code === undefined ? undefined : dim.segmentOf.get(code);
      if (seg !== undefined) {
        segments.push(seg);
        result.segmentSizes.set(seg, (result.segmentSizes.get(seg) ?? 0) + 1);
      }
    }
    for (let q = 0; q < nq; q++) {
      const lq = layout.questions[q];
      const when = plan.askedWhen[q];
      const asked = member.get(when.population) === true && (when.showIf.length === 0 || when.showIf.some(holds));
      const t = tallies[q];
      if (lq.multiLevel) {
        const rowsLevels = multiLevels[q];
        if (!asked) {
          if (rowsLevels.some((l) => l.length > 0)) result.notAsked[q]++;
          continue;
        }
        for (let item = 0; item < rowsLevels.length; item++) {
          countMany(t.items[item].all, rowsLevels[item], false, false, false, lq.dontKnowCodes, weight);
          for (const seg of segments) countMany(t.items[item].segment(seg), rowsLevels[item], false, false, false, lq.dontKnowCodes, weight);
        }
        continue;
      }
      if (lq.kind === 'grid') {
        const levels = grid[q];
        if (!asked) {
          if (levels.some((l) => l !== undefined)) result.notAsked[q]++;
          continue;
        }
        for (let item = 0; item < levels.length; item++) {
          const level = levels[item];
          countOne(t.items[item].all, level, lq.dontKnowCodes, weight);
          for (const seg of segments) countOne(t.items[item].segment(seg), level, lq.dontKnowCodes, weight);
        }
        continue;
      }
      const codes = lq.kind === 'numeric' ? numeric[q] : choice[q];
      const answered = codes.length > 0 || other[q] || text[q];
      if (!asked) {
        if (answered) result.notAsked[q]++;
        continue;
      }
      countMany(t.main.all, codes, other[q], text[q], lq.kind === 'single', lq.dontKnowCodes, weight);
      if (text[q] && wantsText[q]) plan.verbatims![q]!.offer(textValue[q]);
      for (const seg of segments) countMany(t.main.segment(seg), codes, other[q], text[q], lq.kind === 'single', lq.dontKnowCodes, weight);
    }
  }
  return result;
}

function countOne(t: import('./tally.js').Tally, level: string | undefined, dk: Set<string>, w: number): void {
  t.asked += w;
  if (level === undefined) return;
  t.answer(w);
  if (dk.has(level)) t.dontKnow(w);
  t.add(level, w);
  if (t.nets) t.addNets([level], w);
}

function countMany(
  t: import('./tally.js').Tally,
  codes: string[],
  other: boolean,
  text: boolean,
  single: boolean,
  dk: Set<string>,
  w: number,
): void {
  t.asked += w;
  if (codes.length === 0 && !other && !text) return;
  t.answer(w);
  for (const c of codes) t.add(c, w);
  if (t.nets) t.addNets(codes, w);
  // A single-choice "Other" is an answer of its own; beside a code it is only the text of that code.
  if (other && (!single || codes.length === 0)) t.add('other', w);
  if (codes.length > 0 && !other && codes.every((c) => dk.has(c))) t.dontKnow(w);
}

function unknownCode(qid: string, got: string, col: number, expected: string | undefined, valid: string[]): string {
  const where = `column ${columnLetters(col + 1)}`;
  return expected !== undefined
    ? `Unknown option code \`${got}\` for ${qid} in ${where}: this column holds code \`${expected}\``
    : `Unknown option code \`${got}\` for ${qid} in ${where}: the reference model has ${valid.map((v) => `\`${v}\``).join(', ')}`;
}
