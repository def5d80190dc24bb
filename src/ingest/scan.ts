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

export interface ScanPlan {
  file: string;
  layout: ExportLayout;
  /** A respondent giving any of these answers is disqualified. */
  disqualify: RowCondition[];
  /** Population id → membership (undefined: everyone). */
  populations: Map<string, RowCondition[] | undefined>;
  /** Per layout question: its population and the answers that show it (empty: always shown). */
  askedWhen: { population: string; showIf: RowCondition[] }[];
  /** Segment dimension → question and code → segment id (`size:large`). */
  dimensions: { id: string; q: number; segmentOf: Map<string, string> }[];
  /** Stop collecting row errors after this many. */
  maxErrors: number;
}

export interface QuestionTallies {
  /** single, multi, text, numeric */
  main: SegmentedTally;
  /** grid: one per row, in layout order */
  items: SegmentedTally[];
}

export interface ScanResult {
  respondents: number;
  disqualified: number;
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
    main: new SegmentedTally(),
    items: lq.items.map(() => new SegmentedTally()),
  }));
  const validCodes = layout.questions.map((lq) =>
    lq.kind === 'grid' ? new Set(lq.codes) : new Set(lq.model.options.map((o) => o.code)),
  );
  const result: ScanResult = {
    respondents: 0,
    disqualified: 0,
    tallies,
    notAsked: new Array(nq).fill(0),
    segmentSizes: new Map(),
    diagnostics: [],
  };
  const startCol = layout.columns.findIndex((c) => c.role === 'meta' && /^start date$/i.test(c.name));
  const endCol = layout.columns.findIndex((c) => c.role === 'meta' && /^end date$/i.test(c.name));

  // Row state, reused across rows.
  const choice: string[][] = layout.questions.map(() => []);
  const other = new Array<boolean>(nq).fill(false);
  const text = new Array<boolean>(nq).fill(false);
  const grid: (string | undefined)[][] = layout.questions.map((lq) => new Array(lq.items.length).fill(undefined));
  const numeric: string[][] = layout.questions.map(() => []);
  const member = new Map<string, boolean>();
  const segments: string[] = [];

  const fail = (line: number, col: number, code: Diagnostic['code'], message: string) => {
    if (result.diagnostics.length < plan.maxErrors) {
      result.diagnostics.push({ severity: 'error', code, message, file, line, column: col + 1 });
    }
  };
  const has = (c: RowCondition) => choice[c.q].includes(c.code);

  for await (const { cells, line } of rows) {
    if (result.diagnostics.length >= plan.maxErrors) break;
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
    }
    let rowOk = true;
    for (let col = 0; col < layout.width; col++) {
      const cell = cells[col];
      if (cell === '') continue;
      const role = layout.columns[col];
      switch (role.role) {
        case 'meta':
          if (col === startCol) {
            const d = cell.slice(0, 10);
            if (!result.firstStart || d < result.firstStart) result.firstStart = d;
          } else if (col === endCol) {
            const d = cell.slice(0, 10);
            if (!result.lastEnd || d > result.lastEnd) result.lastEnd = d;
          }
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
          if (cell.trim() !== '') text[role.q] = true;
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
          } else if (grid[role.q][role.item] !== undefined) {
            rowOk = false;
            fail(line, col, 'INVALID_CSV', `Two levels for one row of grid question ${lq.model.id}`);
          } else grid[role.q][role.item] = v;
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
    if (!rowOk) continue;
    if (plan.disqualify.some(has)) {
      result.disqualified++;
      continue;
    }
    result.respondents++;
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
      const asked = member.get(when.population) === true && (when.showIf.length === 0 || when.showIf.some(has));
      const t = tallies[q];
      if (lq.kind === 'grid') {
        const levels = grid[q];
        if (!asked) {
          if (levels.some((l) => l !== undefined)) result.notAsked[q]++;
          continue;
        }
        for (let item = 0; item < levels.length; item++) {
          const level = levels[item];
          countOne(t.items[item].all, level, lq.dontKnowCodes);
          for (const seg of segments) countOne(t.items[item].segment(seg), level, lq.dontKnowCodes);
        }
        continue;
      }
      const codes = lq.kind === 'numeric' ? numeric[q] : choice[q];
      const answered = codes.length > 0 || other[q] || text[q];
      if (!asked) {
        if (answered) result.notAsked[q]++;
        continue;
      }
      countMany(t.main.all, codes, other[q], text[q], lq.kind === 'single', lq.dontKnowCodes);
      for (const seg of segments) countMany(t.main.segment(seg), codes, other[q], text[q], lq.kind === 'single', lq.dontKnowCodes);
    }
  }
  return result;
}

function countOne(t: import('./tally.js').Tally, level: string | undefined, dk: Set<string>): void {
  t.asked++;
  if (level === undefined) return;
  t.answered++;
  if (dk.has(level)) t.dontKnowOnly++;
  t.add(level);
}

function countMany(
  t: import('./tally.js').Tally,
  codes: string[],
  other: boolean,
  text: boolean,
  single: boolean,
  dk: Set<string>,
): void {
  t.asked++;
  if (codes.length === 0 && !other && !text) return;
  t.answered++;
  for (const c of codes) t.add(c);
  // A single-choice "Other" is an answer of its own; beside a code it is only the text of that code.
  if (other && (!single || codes.length === 0)) t.add('other');
  if (codes.length > 0 && !other && codes.every((c) => dk.has(c))) t.dontKnowOnly++;
}

function unknownCode(qid: string, got: string, col: number, expected: string | undefined, valid: string[]): string {
  const where = `column ${columnLetters(col + 1)}`;
  return expected !== undefined
    ? `Unknown option code \`${got}\` for ${qid} in ${where}: this column holds code \`${expected}\``
    : `Unknown option code \`${got}\` for ${qid} in ${where}: the reference model has ${valid.map((v) => `\`${v}\``).join(', ')}`;
}
