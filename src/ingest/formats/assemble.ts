// Ingest stage: the part every export format shares. A format reader only says what each column is
// (a metadata field, a whole question, one option, one grid row, an "Other" text); this module turns
// those tags plus the spec's `questions:` declarations (or a reference model) into the question
// catalogue and the column roles the scan consumes, with a decoder per cell. Pure.
import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../../diagnostics.js';
import { outsideBase, type NonAnswer, type QuestionKind } from '../../ir.js';
import { columnLetters } from '../csv-reader.js';
import { cleanText, isOtherLabel, normalizeLabel } from '../labels.js';
import { countedKind, declaredNonAnswers, englishOutsideBase, removedCodes, type ColumnRole, type ExportLayout, type LayoutQuestion } from '../layout.js';
import { kindFromWording, type ModelOption, type ModelQuestion, type ModelSection, type SurveyModel } from '../reference-model.js';
import { questionSpec, type SurveySpec } from '../survey-spec.js';

/** What one column of the export is, as the format's headers say. */
export type ColumnTag =
  | { type: 'meta'; name: string }
  /** The whole answer of a question in one cell (single, numeric, text; multi joined by a separator). */
  | { type: 'whole'; qid: string; text: string }
  /** One option of a question; the cell holds its code or label when chosen. */
  | { type: 'option'; qid: string; text: string; label: string }
  /** One grid row; the cell holds the level. `row` is the row's code (from an id suffix) or label. */
  | { type: 'row'; qid: string; text: string; row: { code?: string; label?: string } }
  /** One level of one grid row (expanded layout, "Row - Level"); the cell holds the level's code. */
  | { type: 'rowLevel'; qid: string; text: string; row: string; level: string }
  /** Free text of the question's "Other" answer. */
  | { type: 'other'; qid: string; text: string }
  | { type: 'ignored'; why: string };

/** A ranking's place as LimeSurvey heads its column: "Ranking 2". */
export const RANK_SLOT = /^(?:ranking|rank)\s*(\d{1,3})$/i;

export interface AssembleOptions {
  file: string;
  specFile: string;
  spec: SurveySpec;
  /** Header row to point diagnostics at. */
  headerLine: number;
  /** Cells hold option codes or option labels. */
  values: 'codes' | 'labels';
  /** Separator of answers joined in one cell (multi-select). */
  separator: string;
  /** A reference model, when the survey has one: options, kinds, sections and show logic. */
  model?: SurveyModel;
}

/** Column tags ─▶ question catalogue + column roles. */
export function assembleLayout(tags: ColumnTag[], opts: AssembleOptions): { model: SurveyModel; layout: ExportLayout; diagnostics: Diagnostic[] } {
  const { spec } = opts;
  const english = spec.detect.englishLabels;
  const diagnostics: Diagnostic[] = [];
  const at = (col: number) => ({ file: opts.file, line: opts.headerLine, column: col + 1 });
  const fail = (col: number, code: Diagnostic['code'], message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', code, message, ...at(col), ...(hint ? { hint } : {}) });

  const modelById = new Map(opts.model?.questions.map((q) => [q.id, q]) ?? []);
  const questions: LayoutQuestion[] = [];
  const index = new Map<string, number>();
  const modelQuestions: ModelQuestion[] = [];
  const columns: ColumnRole[] = [];
  const weightColumn = spec.input.weight;
  // What a ticked and an unticked box hold in an option's own column, besides its label and nothing.
  const checked = new Set((spec.input.checked ?? []).map(normalizeLabel));
  const unchecked = new Set((spec.input.unchecked ?? []).map(normalizeLabel));

  // Columns of each question, in export order.
  const byQuestion = new Map<string, { col: number; tag: Exclude<ColumnTag, { type: 'meta' | 'ignored' }> }[]>();
  tags.forEach((tag, col) => {
    if (tag.type === 'meta' || tag.type === 'ignored') return;
    if (questionSpec(spec, tag.qid).exclude) return;
    const list = byQuestion.get(tag.qid) ?? [];
    list.push({ col, tag });
    byQuestion.set(tag.qid, list);
  });

  for (const [qid, cols] of byQuestion) {
    const qs = questionSpec(spec, qid);
    const mq = modelById.get(qid);
    const text = cleanText(qs.text ?? cols[0].tag.text) || qid;
    const hasRows = cols.some((c) => c.tag.type === 'row' || c.tag.type === 'rowLevel');
    let kind: QuestionKind | undefined = qs.kind ? countedKind(qs.kind, (qs.options ?? mq?.options ?? []).length > 0) : mq?.kind;
    if (!kind && english) kind = mq?.wordingKind ?? kindFromWording(text);
    if (!kind && hasRows) kind = 'grid';
    if (!kind) {
      const declared = qs.options ?? mq?.options;
      if (!declared || declared.length === 0) kind = 'text';
    }
    if (!kind) {
      fail(cols[0].col, 'INVALID_SURVEY_SPEC', `Question ${qid} has options but no kind`, `declare it: questions: { ${qid}: { kind: single | multi | grid | ranking | numeric | nps | text } }`);
      continue;
    }
    // Options (grid: levels) and rows, from the spec, else the model, else the headers.
    const labelsFix = qs.labels ?? {};
    let options: ModelOption[] = (qs.options ?? []).map((o) => ({ code: o.code, label: labelsFix[o.code] ?? o.label, disqualifies: false }));
    if (qs.kind === 'ranking' && options.length === 0) {
      // A ranking's levels are the ranks 1…n, n its items (the vendors write the rank in each item's cell).
      const items = qs.rows?.length ?? new Set(cols.map((c) => (c.tag.type === 'row' ? (c.tag.row.code ?? c.tag.row.label) : c.tag.type === 'rowLevel' ? c.tag.row : undefined)).filter((r) => r !== undefined)).size;
      options = Array.from({ length: items }, (_, i) => ({ code: String(i + 1), label: String(i + 1), disqualifies: false }));
    }
    const aliases = new Map<string, string>();
    for (const o of qs.options ?? []) for (const a of o.aliases ?? []) aliases.set(normalizeLabel(a), o.code);
    if (options.length === 0 && mq && kind !== 'grid') options = mq.options.map((o) => ({ ...o, label: labelsFix[o.code] ?? o.label }));
    let rows: ModelOption[] = (qs.rows ?? []).map((r) => ({ code: r.code, label: r.label, disqualifies: false }));
    if (rows.length === 0 && mq && kind === 'grid') rows = mq.options.map((o) => ({ ...o }));
    const rowColumn = new Map((qs.rows ?? []).flatMap((r) => (r.column ? [[normalizeLabel(r.column), r.code] as const] : [])));

    const nonAnswers = declaredNonAnswers(spec, qid);
    const removed = removedCodes(spec, qid);
    if (english) for (const o of options) if (!nonAnswers.has(o.code)) englishOutsideBase(o.label, (k) => nonAnswers.set(o.code, k));
    const lq: LayoutQuestion = {
      model: {
        id: qid,
        number: questions.length + 1,
        section: qs.section ?? mq?.section ?? '',
        text,
        kind,
        options: kind === 'grid' ? rows : options,
        hasOther: cols.some((c) => c.tag.type === 'other') || qs.otherText === true,
        showIf: mq?.showIf ?? [],
        line: opts.headerLine,
      },
      kind,
      exportId: qid,
      text,
      codes: options.map((o) => o.code),
      dontKnowCodes: new Set([...nonAnswers].filter(([c, k]) => outsideBase(k) && !removed.has(c)).map(([c]) => c)),
      items: [],
      scale: kind === 'grid' ? options.map((o) => o.label) : [],
      scaleCodes: kind === 'grid' ? options.map((o) => o.code) : undefined,
      hasOther: cols.some((c) => c.tag.type === 'other') || qs.otherText === true,
      nonAnswers,
      ...(qs.kind === 'grid-multi' ? { multiLevel: true } : {}),
    };
    const q = questions.length;
    const codeOfLabel = new Map<string, string>();
    for (const o of options) codeOfLabel.set(normalizeLabel(o.label), o.code);
    for (const [a, c] of aliases) codeOfLabel.set(a, c);
    // A label fixed for the decks (`labels:`) is still written as declared in the export.
    for (const o of qs.options ?? []) if (labelsFix[o.code] !== undefined && !codeOfLabel.has(normalizeLabel(o.label))) codeOfLabel.set(normalizeLabel(o.label), o.code);
    const codeSet = new Set(options.map((o) => o.code));
    const decodeOne = (cell: string): string | undefined => (opts.values === 'codes' ? (codeSet.has(cell) ? cell : undefined) : codeOfLabel.get(normalizeLabel(cell)));

    const itemOf = (col: number, row: { code?: string; label?: string }): number | undefined => {
      let item = lq.items.findIndex((it) => (row.code !== undefined ? it.code === row.code : normalizeLabel(it.label) === normalizeLabel(row.label ?? '')));
      if (item !== -1) return item;
      const declared =
        rows.find((r) => (row.code !== undefined ? r.code === row.code : normalizeLabel(r.label) === normalizeLabel(row.label ?? ''))) ??
        (row.label !== undefined ? rows.find((r) => r.code === rowColumn.get(normalizeLabel(row.label!))) : undefined);
      if (declared) return lq.items.push({ ...declared }) - 1;
      if (rows.length > 0 || !row.label) {
        fail(col, 'UNKNOWN_OPTION_CODE', `Grid row \`${row.label ?? row.code}\` of ${qid} is not one of its declared rows`, `declare it under questions.${qid}.rows`);
        return undefined;
      }
      // No rows declared: the export's own rows, coded by position as the survey tools number them.
      return lq.items.push({ code: row.code ?? String(lq.items.length + 1), label: row.label, disqualifies: false }) - 1;
    };

    // A question with `otherText`: its last option column, when undeclared, is where "Other" was typed
    // (the tools put it last); an undeclared column before it is an option the spec lacks (a new wave's).
    const typedOtherCol = qs.otherText === true && !cols.some((c) => c.tag.type === 'other') ? cols.filter((c) => c.tag.type === 'option').at(-1)?.col : undefined;
    for (const { col, tag } of cols) {
      switch (tag.type) {
        case 'other':
          columns[col] = { role: 'other', q };
          lq.otherLabel ??= undefined;
          break;
        case 'whole':
          if (kind === 'text') columns[col] = { role: 'text', q };
          else if (kind === 'numeric') columns[col] = { role: 'numeric', q };
          else if (qs.kind === 'ranking') {
            // A ranking in one cell: the items in the respondent's order, joined by the separator
            // (Microsoft Forms: "B;A;C;"). Each item's rank is its place in the list.
            if (rows.length === 0) {
              fail(col, 'INVALID_SURVEY_SPEC', `Ranking ${qid} is one column: declare its items under questions.${qid}.rows`);
              columns[col] = { role: 'ignored', q, why: 'ranking without rows' };
              break;
            }
            for (const r of rows) itemOf(col, { code: r.code });
            const rowCode = new Map(rows.map((r) => [normalizeLabel(r.label), r.code]));
            const labels = rows.map((r) => r.label);
            columns[col] = {
              role: 'rankList',
              q,
              decode: (cell) => {
                const codes = decodeJoined(cell, opts.separator, 'labels', (label) => rowCode.get(normalizeLabel(label)), labels, false);
                const items = codes?.map((c) => lq.items.findIndex((it) => it.code === c));
                return items && items.every((i) => i >= 0) && new Set(items).size === items.length ? items : undefined;
              },
            };
          } else if (kind === 'grid') {
            fail(col, 'WRONG_FORMAT', `Grid question ${qid} has one column for all its rows`, 'a grid needs one column per row');
            columns[col] = { role: 'ignored', q, why: 'grid in one column' };
          } else if (kind === 'single') {
            columns[col] = { role: 'answer', q, decode: (cell) => decodeSingle(cell, decodeOne, lq.hasOther) };
          } else {
            const labels = options.map((o) => o.label);
            columns[col] = {
              role: 'answer',
              q,
              decode: (cell) => decodeJoined(cell, opts.separator, opts.values, decodeOne, labels, lq.hasOther),
            };
          }
          break;
        case 'option': {
          if (kind !== 'single' && kind !== 'multi') {
            fail(col, 'WRONG_FORMAT', `Column ${columnLetters(col + 1)} is one option of ${qid}, a ${kind} question`);
            columns[col] = { role: 'ignored', q, why: 'option of a non-choice question' };
            break;
          }
          if (opts.model === undefined && (isOtherLabelAllowed(tag.label, english) || col === typedOtherCol) && !codeOfLabel.has(normalizeLabel(tag.label))) {
            lq.hasOther = lq.model.hasOther = true;
            lq.otherLabel ??= tag.label;
            columns[col] = { role: 'other', q };
            break;
          }
          const code = codeOfLabel.get(normalizeLabel(tag.label));
          if (code === undefined) {
            fail(col, 'UNKNOWN_OPTION_CODE', `Option \`${tag.label}\` of ${qid} (column ${columnLetters(col + 1)}) is not one of its declared options`, `declare it under questions.${qid}.options with its code`);
            columns[col] = { role: 'ignored', q, why: 'unknown option' };
          } else if (opts.values === 'codes') columns[col] = { role: 'choice', q, code };
          else {
            const label = normalizeLabel(tag.label);
            // The box of the "Other" answer may hold the words typed beside it (Typeform): any text ticks it.
            const typedTicks = nonAnswers.get(code) === 'other';
            columns[col] = {
              role: 'answer',
              q,
              box: { option: tag.label, marks: `input.checked: ${spec.input.checked?.join(', ') ?? 'none'}; input.unchecked: ${spec.input.unchecked?.join(', ') ?? 'none'}` },
              decode: (cell) => (cell === '' || unchecked.has(normalizeLabel(cell)) ? [] : typedTicks || checked.has(normalizeLabel(cell)) || decodeOne(cell) === code || normalizeLabel(cell) === label ? [code] : undefined),
            };
          }
          break;
        }
        case 'row': {
          // A place of a ranking, the item ranked there in its cell (LimeSurvey: "Question [Ranking 2]").
          const slot = qs.kind === 'ranking' && tag.row.label !== undefined ? RANK_SLOT.exec(tag.row.label.trim()) : null;
          if (slot && rows.length > 0 && !rows.some((r) => normalizeLabel(r.label) === normalizeLabel(tag.row.label!))) {
            for (const r of rows) itemOf(col, { code: r.code });
            const itemByLabel = new Map(rows.map((r) => [normalizeLabel(r.label), lq.items.findIndex((it) => it.code === r.code)]));
            columns[col] = { role: 'rankSlot', q, place: Number(slot[1]), decode: (cell) => itemByLabel.get(normalizeLabel(cell)) };
            break;
          }
          const item = itemOf(col, tag.row);
          const levelLabels = options.map((o) => o.label);
          if (item === undefined) columns[col] = { role: 'ignored', q, why: 'unknown grid row' };
          else if (lq.multiLevel) {
            // A row's several levels joined in its one cell, split as a multi-select answer is.
            columns[col] = { role: 'gridRow', q, item, decode: decodeOne, multi: (cell) => decodeJoined(cell, opts.separator, opts.values, decodeOne, levelLabels, false) };
          } else columns[col] = { role: 'gridRow', q, item, decode: decodeOne };
          break;
        }
        case 'rowLevel': {
          const item = itemOf(col, { label: tag.row });
          let code = codeOfLabel.get(normalizeLabel(tag.level));
          if (code === undefined && (qs.options ?? []).length === 0) {
            // Levels undeclared: coded by position, as the expanded export numbers them.
            let level = lq.scale.findIndex((s) => normalizeLabel(s) === normalizeLabel(tag.level));
            if (level === -1) {
              level = lq.scale.push(tag.level) - 1;
              lq.scaleCodes!.push(String(level + 1));
              lq.codes.push(String(level + 1));
              if (english && !nonAnswers.has(String(level + 1))) {
                englishOutsideBase(tag.level, (k) => nonAnswers.set(String(level + 1), k));
                if (nonAnswers.has(String(level + 1))) lq.dontKnowCodes.add(String(level + 1));
              }
            }
            code = String(level + 1);
          }
          if (item === undefined || code === undefined) {
            if (code === undefined) fail(col, 'UNKNOWN_OPTION_CODE', `Level \`${tag.level}\` of grid ${qid} is not one of its declared options`);
            columns[col] = { role: 'ignored', q, why: 'unknown grid level' };
          } else if (opts.values === 'labels') {
            // "Actual answer text" exports write the level's label in its column.
            const level = tag.level;
            const levelCode = code;
            columns[col] = { role: 'gridRow', q, item, decode: (cell) => (normalizeLabel(cell) === normalizeLabel(level) || decodeOne(cell) === levelCode ? levelCode : undefined) };
          } else columns[col] = { role: 'grid', q, item, code };
          break;
        }
      }
    }
    index.set(qid, q);
    questions.push(lq);
    modelQuestions.push(lq.model);
  }

  tags.forEach((tag, col) => {
    if (columns[col]) return;
    if (tag.type === 'meta') columns[col] = weightColumn !== undefined && tag.name === weightColumn ? { role: 'weight' } : { role: 'meta', name: tag.name };
    else columns[col] = { role: 'ignored', why: tag.type === 'ignored' ? tag.why : 'excluded question' };
  });
  for (let col = 0; col < tags.length; col++) columns[col] ??= { role: 'ignored', why: 'no header' };
  if (weightColumn !== undefined && !columns.some((c) => c.role === 'weight')) {
    diagnostics.push({ severity: 'error', code: 'INVALID_SURVEY_SPEC', message: `input.weight: the export has no column \`${weightColumn}\``, file: opts.specFile });
  }
  // Headers no question reads: where a mistyped `column:` ("What is your roles?") most likely meant.
  const unread = tags.flatMap((t) => (t.type === 'meta' ? [t.name] : []));
  for (const qid of Object.keys(spec.questions)) {
    const qs = spec.questions[qid];
    if (!index.has(qid) && !qs.exclude && !qs.notInExport && !modelById.has(qid)) {
      const wanted = qs.column ?? qid;
      const near = nearestHeader(wanted, unread);
      diagnostics.push({
        severity: 'error',
        code: 'UNKNOWN_QUESTION',
        message: `questions.${qid}: the export has no column for it${qs.column ? ` (looked for \`${qs.column}\`)` : ''}${near ? `; the nearest header no question reads is \`${near}\`` : ''}`,
        file: opts.specFile,
        hint: 'fix its id or `column:`, or mark it `exclude: true`',
      });
    }
  }

  const sections: ModelSection[] = opts.model?.sections ?? sectionsOf(modelQuestions, spec);
  const missing = opts.model ? opts.model.questions.filter((mq) => !index.has(mq.id) && !questionSpec(spec, mq.id).exclude).map((mq) => mq.id) : [];
  return {
    model: { file: opts.model?.file ?? opts.specFile, sections, questions: opts.model ? orderLike(opts.model.questions, modelQuestions) : modelQuestions },
    layout: { width: tags.length, columns, questions, missing },
    diagnostics,
  };
}

/** Sections in first-seen order of the questions' `section` (one unnamed section if none). */
function sectionsOf(questions: ModelQuestion[], spec: SurveySpec): ModelSection[] {
  const out: ModelSection[] = [];
  for (const q of questions) if (!out.some((s) => s.id === q.section)) out.push({ id: q.section, title: spec.sections[q.section]?.title ?? q.section, showIf: [], line: 0 });
  return out;
}

/** The model's question order, with what the export has in place of the model's entries. */
function orderLike(modelOrder: ModelQuestion[], found: ModelQuestion[]): ModelQuestion[] {
  const byId = new Map(found.map((q) => [q.id, q]));
  return modelOrder.map((q) => byId.get(q.id) ?? q);
}

function isOtherLabelAllowed(label: string, english: boolean): boolean {
  return english && isOtherLabel(label);
}

/** A single answer: one code, or (with an "Other" text entry) any text not matching an option. */
function decodeSingle(cell: string, decodeOne: (cell: string) => string | undefined, hasOther: boolean): string[] | undefined {
  const code = decodeOne(cell);
  if (code !== undefined) return [code];
  return hasOther ? ['other'] : undefined;
}

/**
 * Several answers in one cell. Codes split on the separator. Labels are matched, not split: a label
 * may itself contain the separator (Google Forms joins "Git, Jira" and "Other" with ", "), so the
 * cell must be covered exactly by declared labels joined by the separator; a leftover piece is the
 * "Other" text when the question has one.
 */
export function decodeJoined(
  cell: string,
  separator: string,
  values: 'codes' | 'labels',
  decodeOne: (cell: string) => string | undefined,
  labels: string[],
  hasOther: boolean,
): string[] | undefined {
  const sep = separator.trim() === '' ? separator : separator;
  if (values === 'codes') {
    const parts = cell.split(sep.trim() || sep).map((p) => p.trim()).filter((p) => p !== '');
    const codes = parts.map(decodeOne);
    return codes.every((c): c is string => c !== undefined) ? codes : undefined;
  }
  const text = cell.trim();
  const norm = labels.map((l) => ({ label: normalizeLabel(l), code: decodeOne(l)! }));
  const sepNorm = normalizeLabel(`x${sep}x`).slice(1, -1) || sep;
  const hay = normalizeLabel(text);
  // Exact cover by labels (longest first), allowing one unmatched run as "Other".
  const memo = new Map<string, string[] | null>();
  const cover = (pos: number, otherUsed: boolean): string[] | null => {
    if (pos === hay.length) return [];
    const key = `${pos}:${otherUsed}`;
    if (memo.has(key)) return memo.get(key)!;
    let found: string[] | null = null;
    for (const { label, code } of [...norm].sort((a, b) => b.label.length - a.label.length)) {
      if (!hay.startsWith(label, pos)) continue;
      const end = pos + label.length;
      if (end === hay.length) found = [code];
      else if (hay.startsWith(sepNorm, end)) {
        const rest = cover(end + sepNorm.length, otherUsed);
        if (rest) found = [code, ...rest];
      }
      if (found) break;
    }
    if (!found && hasOther && !otherUsed) {
      // The "Other" text runs to the next separator that starts a label, or to the end.
      for (let end = hay.indexOf(sepNorm, pos); ; end = hay.indexOf(sepNorm, end + 1)) {
        if (end === -1) {
          found = ['other'];
          break;
        }
        const rest = cover(end + sepNorm.length, true);
        if (rest) {
          found = ['other', ...rest];
          break;
        }
      }
    }
    memo.set(key, found);
    return found;
  };
  return cover(0, false) ?? undefined;
}

/** The header a mistyped name most likely meant: within a few edits (a quarter of its length, at least 2), else none. */
function nearestHeader(wanted: string, headers: string[]): string | undefined {
  if (headers.length === 0) return undefined;
  const key = normalizeLabel(wanted);
  const normalized = headers.map(normalizeLabel);
  const best = closest(key, normalized);
  return distance(key, best) <= Math.max(2, Math.floor(key.length / 4)) ? headers[normalized.indexOf(best)] : undefined;
}
