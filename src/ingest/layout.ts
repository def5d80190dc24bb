// Ingest stage: read the three header rows of a SurveyMonkey export into a column layout, checked
// against the reference model. Pure.
//   row 1: question id on a question's first column (blank cells belong to the question on the left)
//   row 2: question text / metadata names   row 3: option label, or "Item - Level" for grids
import { outsideBase, type NonAnswer, type QuestionKind } from '../ir.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ModelOption, ModelQuestion, SurveyModel } from './reference-model.js';
import { columnLetters, type CsvRecord } from './csv-reader.js';
import { cleanText, isOtherLabel, nonAnswerOf, normalizeLabel } from './labels.js';
import { questionSpec, type SpecKind, type SurveySpec } from './survey-spec.js';
import type { NetDefinition } from './tally.js';

export type ColumnRole =
  | { role: 'meta'; name: string }
  /** A choice column; the cell holds the option code. `code` undefined: any code of the question. */
  | { role: 'choice'; q: number; code?: string }
  | { role: 'other'; q: number }
  | { role: 'grid'; q: number; item: number; code: string }
  | { role: 'text'; q: number }
  | { role: 'numeric'; q: number }
  /** A column whose cell is decoded to the codes of question q (option labels, joined answers). */
  /** `box`: the option whose own column this is (ticked or not) and the marks declared, named when a cell is neither. */
  | { role: 'answer'; q: number; decode: (cell: string) => string[] | undefined; box?: { option: string; marks: string } }
  /** One grid row in one column; the cell is decoded to a level code. */
  | { role: 'gridRow'; q: number; item: number; decode: (cell: string) => string | undefined; multi?: (cell: string) => string[] | undefined }
  /** A ranking in one cell: its items in ranked order (Microsoft Forms), decoded to item indices, first ranked first. */
  | { role: 'rankList'; q: number; decode: (cell: string) => number[] | undefined }
  /** One place of a ranking (LimeSurvey's "Question [Ranking 2]"): the cell holds the item ranked there, decoded to its index. */
  | { role: 'rankSlot'; q: number; place: number; decode: (cell: string) => number | undefined }
  /** The respondent's weight. */
  | { role: 'weight' }
  /** Free text beside a grid, or an unlabelled trailing column: must be empty or is not counted. */
  | { role: 'ignored'; q?: number; why: string };

export interface LayoutQuestion {
  model: ModelQuestion;
  kind: QuestionKind;
  /** Id as written in the export. */
  exportId: string;
  /** Wording from header row 2. */
  text: string;
  /** single/multi: valid codes (model order). grid: level codes. */
  codes: string[];
  /** Codes outside the base when the spec excludes non-answers: "Don't know" and "no answer" (`outsideBase`). */
  dontKnowCodes: Set<string>;
  /** grid: rows in export order, matched to the model's codes. */
  items: ModelOption[];
  /** grid: level labels in order, from the export headers. */
  scale: string[];
  /** grid: the code of each level of `scale` (default: its 1-based position). */
  scaleCodes?: string[];
  /** Codes the spec declares (or, where allowed, English labels show) not to be substantive answers. */
  nonAnswers: Map<string, NonAnswer>;
  hasOther: boolean;
  /** Header label of the free-text "Other" column. */
  otherLabel?: string;
  /** grid: a row may take several levels (the spec's `grid-multi`). */
  multiLevel?: boolean;
  /** The spec's nets (and top box), counted once per respondent by the tallies. */
  nets?: NetDefinition[];
  /** numeric: answers written as words (normalised), and the number each counts as (the spec's `numbers`). */
  numberWords?: Map<string, number>;
  /** numeric: answers in words that are non-answers outside the base ("Prefer not to say"), by their normalised form: the answer as declared. */
  nonAnswerWords?: Map<string, string>;
}

export interface ExportLayout {
  width: number;
  columns: ColumnRole[];
  questions: LayoutQuestion[];
  /** Model question ids that have no columns in the export. */
  missing: string[];
}

/** Build the layout; problems become diagnostics (errors), never a silently shifted column. */
export function readExportLayout(
  file: string,
  headers: CsvRecord[],
  model: SurveyModel,
  spec: SurveySpec,
): { layout: ExportLayout; diagnostics: Diagnostic[] } {
  const english = spec.detect.englishLabels;
  const diagnostics: Diagnostic[] = [];
  const [ids, texts, labels] = headers.map((h) => h.cells);
  const width = ids.length;
  const byId = new Map(model.questions.map((q) => [q.id, q]));
  const questions: LayoutQuestion[] = [];
  const index = new Map<string, number>();
  const columns: ColumnRole[] = [];
  const at = (row: number, col: number) => ({ file, line: headers[row].line, column: col + 1 });
  for (const [row, h] of headers.entries()) {
    if (h.cells.length !== width) {
      diagnostics.push({
        severity: 'error',
        code: 'INVALID_CSV',
        message: `Header row ${row + 1} has ${h.cells.length} cells, row 1 has ${width}`,
        ...at(row, Math.min(h.cells.length, width)),
      });
    }
  }
  if (diagnostics.length) return { layout: { width, columns, questions, missing: [] }, diagnostics };

  let current: LayoutQuestion | undefined;
  for (let col = 0; col < width; col++) {
    const rawId = ids[col].trim();
    if (rawId) {
      const qid = rawId.toLowerCase();
      const mq = byId.get(qid);
      if (!mq) {
        diagnostics.push({
          severity: 'error',
          code: 'UNKNOWN_QUESTION',
          message: `Question \`${rawId}\` (column ${columnLetters(col + 1)}) is not in the reference model ${model.file}`,
          hint: 'use the reference model that belongs to this export',
          ...at(0, col),
        });
        current = undefined;
      } else {
        const kind = kindOf(spec, qid, mq);
        if (kind === undefined) {
          diagnostics.push({
            severity: 'error',
            code: 'INVALID_SURVEY_SPEC',
            message: `Question ${qid} has options but no kind`,
            hint: `declare it: questions: { ${qid}: { kind: single | multi | grid | ranking | numeric | nps | text } } (or allow English wording: detect: { englishLabels: true })`,
            ...at(0, col),
          });
          current = undefined;
          columns.push({ role: 'ignored', why: 'no kind' });
          continue;
        }
        const nonAnswers = declaredNonAnswers(spec, qid);
        const removed = removedCodes(spec, qid);
        if (kind !== 'grid' && english) {
          for (const o of mq.options) if (!nonAnswers.has(o.code)) englishOutsideBase(o.label, (k) => nonAnswers.set(o.code, k));
        }
        current = {
          model: mq,
          kind,
          exportId: rawId,
          text: cleanText(texts[col]) || mq.text,
          codes: kind === 'grid' ? [] : mq.options.map((o) => o.code),
          dontKnowCodes: new Set(kind === 'grid' ? [] : mq.options.filter((o) => outsideBase(nonAnswers.get(o.code)) && !removed.has(o.code)).map((o) => o.code)),
          items: [],
          scale: [],
          hasOther: false,
          nonAnswers,
          ...(questionSpec(spec, qid).kind === 'grid-multi' ? { multiLevel: true } : {}),
        };
        index.set(qid, questions.length);
        questions.push(current);
      }
    }
    if (!current) {
      columns.push(rawId || questions.length > 0 ? { role: 'ignored', why: 'unknown question' } : { role: 'meta', name: cleanText(texts[col]) });
      continue;
    }
    const q = questions.length - 1;
    const label = cleanText(labels[col]);
    columns.push(roleOf(current, q, label, col));
  }
  const missing = model.questions.filter((mq) => !index.has(mq.id)).map((mq) => mq.id);
  return { layout: { width, columns, questions, missing }, diagnostics };

  function roleOf(lq: LayoutQuestion, q: number, label: string, col: number): ColumnRole {
    if (label === '' && cleanText(texts[col]) === '' && col === width - 1) return { role: 'ignored', q, why: 'unlabelled last column' };
    switch (lq.kind) {
      case 'text':
        return { role: 'text', q };
      case 'numeric':
        return { role: 'numeric', q };
      case 'single':
      case 'multi': {
        if (isOtherColumn(lq.model, label, english)) {
          lq.hasOther = true;
          lq.otherLabel ??= label;
          return { role: 'other', q };
        }
        const match = lq.model.options.find((o) => normalizeLabel(o.label) === normalizeLabel(label));
        return { role: 'choice', q, code: match?.code };
      }
      case 'grid': {
        const cut = label.lastIndexOf(' - ');
        if (cut === -1) {
          if (isOtherColumn(lq.model, label, english)) return { role: 'ignored', q, why: 'free text beside a grid' };
          diagnostics.push({
            severity: 'error',
            code: 'INVALID_CSV',
            message: `Grid column label \`${label}\` of ${lq.model.id} is not "Item - Level"`,
            ...at(2, col),
          });
          return { role: 'ignored', q, why: 'bad grid label' };
        }
        const itemLabel = label.slice(0, cut);
        const levelLabel = label.slice(cut + 3);
        let item = lq.items.findIndex((o) => normalizeLabel(o.label) === normalizeLabel(itemLabel));
        if (item === -1) {
          const mo = lq.model.options.find((o) => normalizeLabel(o.label) === normalizeLabel(itemLabel));
          if (!mo) {
            diagnostics.push({
              severity: 'error',
              code: 'UNKNOWN_OPTION_CODE',
              message: `Grid row \`${itemLabel}\` of ${lq.model.id} is not a row of that question in the reference model`,
              ...at(2, col),
            });
            return { role: 'ignored', q, why: 'unknown grid row' };
          }
          item = lq.items.push({ ...mo, label: itemLabel }) - 1;
        }
        let level = lq.scale.findIndex((s) => normalizeLabel(s) === normalizeLabel(levelLabel));
        if (level === -1) level = lq.scale.push(levelLabel) - 1;
        // Level codes are the 1-based positions of the levels ("Don't know" last, coded 6 on a
        // five-point scale); the rows check every cell against this.
        const code = String(level + 1);
        if (!lq.codes.includes(code)) lq.codes.push(code);
        if (english && !lq.nonAnswers.has(code)) englishOutsideBase(levelLabel, (k) => lq.nonAnswers.set(code, k));
        if (outsideBase(lq.nonAnswers.get(code))) lq.dontKnowCodes.add(code);
        return { role: 'grid', q, item, code };
      }
    }
  }
}

/** The question's kind as the ingest counts it: the spec's, else the model's structure, else (only
 * where the spec allows English wording) the instruction text. Rankings are grids of item × rank;
 * NPS is a 0–10 numeric. */
export function kindOf(spec: SurveySpec, qid: string, mq: Pick<ModelQuestion, 'kind' | 'wordingKind' | 'options'>): QuestionKind | undefined {
  const declared = questionSpec(spec, qid).kind;
  if (declared) return countedKind(declared, (questionSpec(spec, qid).options ?? mq.options).length > 0);
  if (mq.kind) return mq.kind;
  if (spec.detect.englishLabels) return mq.wordingKind ?? 'text';
  return mq.options.length === 0 ? 'text' : undefined;
}

/**
 * How a declared kind is counted: rankings are grids of item × rank, a multi-level grid is a grid whose
 * rows take several levels, and NPS is a 0–10 number, or a single choice when its options are declared
 * (a SurveyMonkey or Qualtrics NPS question exports its options, in either order).
 */
export function countedKind(kind: SpecKind, hasOptions = false): QuestionKind {
  switch (kind) {
    case 'ranking':
    case 'grid-multi':
      return 'grid';
    case 'nps':
      return hasOptions ? 'single' : 'numeric';
    default:
      return kind;
  }
}

/** Non-answer codes the spec declares for a question. */
export function declaredNonAnswers(spec: SurveySpec, qid: string): Map<string, NonAnswer> {
  const out = new Map<string, NonAnswer>();
  const declared = questionSpec(spec, qid).nonAnswers ?? {};
  for (const kind of ['dontKnow', 'noAnswer', 'other', 'none'] as const) for (const c of declared[kind] ?? []) out.set(c, kind);
  return out;
}

/** Where the spec allows English wording: a label read as a non-answer outside the base ("Don't know", "Prefer not to say"). */
export function englishOutsideBase(label: string, set: (kind: 'dontKnow' | 'noAnswer') => void): void {
  const kind = nonAnswerOf(label, '');
  if (outsideBase(kind)) set(kind);
}

/**
 * What kind of non-answer an option is: declared in the spec; the free-text "Other" answer; or,
 * only where the spec allows English wording, read from its label.
 */
export function nonAnswerFor(lq: LayoutQuestion, code: string, label: string, english: boolean): NonAnswer | undefined {
  return lq.nonAnswers.get(code) ?? (code === 'other' ? 'other' : english ? nonAnswerOf(label, code) : undefined);
}

/** The free-text "Other" column: the model's own text entry, or (English allowed) "(please specify)". */
function isOtherColumn(mq: ModelQuestion, label: string, english: boolean): boolean {
  return (mq.otherLabel !== undefined && normalizeLabel(mq.otherLabel) === normalizeLabel(label)) || (english && isOtherLabel(label));
}

/**
 * Codes of `qid` whose rows a filter rule removes outright: no kept respondent gave them, so they
 * never sit in a base (a screener's "Don't know" does not make bases say "excluding Don't know").
 */
export function removedCodes(spec: SurveySpec, qid: string): Set<string> {
  const out = new Set<string>();
  for (const f of spec.filters) for (const c of f.removeIf) if ('question' in c && c.question === qid && c.item === undefined && !c.not) for (const code of c.codes) out.add(code);
  return out;
}
