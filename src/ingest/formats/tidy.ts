// Ingest stage, format reader: tidy exports (Google Forms, Microsoft Forms, any one-row-per-respondent
// table). Pure. One header row: a column per question, named by its wording; the cells hold option
// labels; multi-select answers are joined by the separator (Google Forms ", ", Microsoft Forms ";")
// and split by matching the declared labels; a grid row is a column "Question [Row]" (Google Forms),
// and so is an option of a choice question whose boxes have a column each (LimeSurvey: "Yes" or empty;
// KoboToolbox: "Question/Option", 1 or 0; REDCap: "Question (choice=Option)", Checked or Unchecked;
// Alchemer: "Option:Question", the option's label or empty, and "Row:Question" for a grid's row; or
// any header `options[].column` names, as Typeform heads a choice's column with the choice alone).
// Columns are matched to spec questions by `column:` (else by the question id itself); any other
// column is metadata (Timestamp, Email, …).
import type { FormatReader } from '../source.js';
import { cleanText, normalizeLabel } from '../labels.js';
import { assembleLayout, type ColumnTag } from './assemble.js';

/**
 * "Question/Option" where another column is headed "Question": the box of one option of a
 * multi-select, as KoboToolbox and ODK export it beside the question's own column (which holds the
 * chosen options joined by spaces, unsplittable when a label has one). The first "/" that leaves a
 * header before it splits: an option may hold one too ("CI/CD").
 */
export function boxOfSlash(name: string, isHeader: (text: string) => boolean): { question: string; option: string } | undefined {
  for (let at = name.indexOf('/'); at > 0; at = name.indexOf('/', at + 1)) {
    const question = name.slice(0, at).trim();
    const option = name.slice(at + 1).trim();
    if (option !== '' && isHeader(question)) return { question, option };
  }
  return undefined;
}

/**
 * "Question <open>Part<close>" → the question and the part, by the last `open` before the closing
 * mark; undefined when either is empty. Written by hand, not as a regular expression: /^(.*\S)\s*\[(.+)\]$/
 * backtracks quadratically on a hostile header ("[ " repeated 20,000 times took 0.35 s; a 16 MB one, hours).
 */
function splitSuffixed(name: string, open: string, close: string): { question: string; option: string } | undefined {
  if (!name.endsWith(close)) return undefined;
  const end = name.length - close.length;
  const at = name.lastIndexOf(open, end - 1);
  if (at <= 0) return undefined;
  const question = name.slice(0, at).trimEnd();
  const option = name.slice(at + open.length, end).trim();
  return question !== '' && option !== '' ? { question, option } : undefined;
}

/** "Question [Row]": a grid row, or the box of an option (Google Forms, LimeSurvey). */
export function gridPart(name: string): { question: string; option: string } | undefined {
  return splitSuffixed(name, '[', ']');
}

/** "Question (choice=Option)": the box of one option of a checkbox question, as REDCap's export of labels heads it. */
export function boxOfChoice(name: string): { question: string; option: string } | undefined {
  return splitSuffixed(name, '(choice=', ')');
}

/** At most this many ":" of a header are tried as where its question and its part meet. */
const MAX_COLON_SPLITS = 8;
/** A header longer than this is read whole: no tool heads a part's column with a paragraph and more. */
const MAX_COLON_HEADER = 4000;

/**
 * A header's readings as two parts either side of one of its first ":" (both non-empty), first colon
 * first. Alchemer (SurveyGizmo) heads a checkbox's box "Option:Question" and a grid's row "Row:Question".
 */
export function colonSplits(name: string): { left: string; right: string }[] {
  const out: { left: string; right: string }[] = [];
  if (name.length > MAX_COLON_HEADER) return out;
  for (let at = name.indexOf(':'), k = 0; at !== -1 && k < MAX_COLON_SPLITS; at = name.indexOf(':', at + 1), k++) {
    const left = name.slice(0, at).trim();
    const right = name.slice(at + 1).trim();
    if (left !== '' && right !== '') out.push({ left, right });
  }
  return out;
}

/** "Option:Question" (Alchemer), else "Question:Option", where `isQuestion` knows the question: the question and its part. */
export function colonPart(name: string, isQuestion: (text: string) => boolean): { question: string; option: string } | undefined {
  const splits = colonSplits(name);
  for (const s of splits) if (isQuestion(s.right)) return { question: s.right, option: s.left };
  for (const s of splits.reverse()) if (isQuestion(s.left)) return { question: s.left, option: s.right };
  return undefined;
}

export const mapTidy: FormatReader = (input) => {
  const { spec, headers } = input;
  // Questions by their column's header. Two questions may name one header ("Please explain" after
  // each of two questions): the columns that carry it are theirs in order, first to the first.
  const byHeader = new Map<string, string[]>();
  for (const [qid, q] of Object.entries(spec.questions)) {
    const key = normalizeLabel(q.column ?? qid);
    byHeader.set(key, [...(byHeader.get(key) ?? []), qid]);
  }
  const byColumn = new Map([...byHeader].map(([key, qids]) => [key, qids[0]]));
  const isChoice = (qid: string | undefined) => qid !== undefined && (spec.questions[qid]?.kind === 'multi' || spec.questions[qid]?.kind === 'single');
  const names = headers[0].cells.map(cleanText);
  // "Question/Option" box columns of a choice question (KoboToolbox, ODK): its own column, which joins
  // the same options with spaces, is left unread.
  const slashed = names.map((name) => (byHeader.has(normalizeLabel(name)) ? undefined : boxOfSlash(name, (text) => isChoice(byColumn.get(normalizeLabel(text))))));
  // Columns the spec names as an option's box (`options[].column`: Typeform heads a choice's column
  // with the choice alone).
  const optionColumn = new Map<string, { qid: string; label: string }>();
  for (const [qid, q] of Object.entries(spec.questions)) {
    if (!isChoice(qid)) continue;
    for (const o of q.options ?? []) if (o.column !== undefined) optionColumn.set(normalizeLabel(o.column), { qid, label: o.label });
  }
  // Headers that are a question's own column (its whole answer), not one part of it.
  const own = new Set(names.map(normalizeLabel).filter((key) => byHeader.has(key)));
  const boxed = new Set(slashed.flatMap((b) => (b ? [byColumn.get(normalizeLabel(b.question))!] : [])));
  const taken = new Map<string, number>();
  const tags: ColumnTag[] = names.map((name, col): ColumnTag => {
    const key = normalizeLabel(name);
    const qids = byHeader.get(key);
    const box = slashed[col];
    if (box) return { type: 'option', qid: byColumn.get(normalizeLabel(box.question))!, text: box.question, label: box.option };
    const named = optionColumn.get(key);
    if (named) return { type: 'option', qid: named.qid, text: spec.questions[named.qid].text ?? named.qid, label: named.label };
    if (qids !== undefined && qids.length === 1 && boxed.has(qids[0])) return { type: 'ignored', why: `the options of ${qids[0]}, read from its box columns` };
    if (qids !== undefined) {
      const k = taken.get(key) ?? 0;
      taken.set(key, k + 1);
      // A header repeated more often than the spec names it: a column no question reads (the
      // assemble step reports a spec question's missing column, never this one as another's).
      if (k >= qids.length) return { type: 'ignored', why: `a further column headed \`${name}\` (the spec's questions read the first ${qids.length})` };
      return { type: 'whole', qid: qids[k], text: name };
    }
    const choice = boxOfChoice(name);
    const choiceOf = choice ? byColumn.get(normalizeLabel(choice.question)) : undefined;
    if (choice && isChoice(choiceOf)) return { type: 'option', qid: choiceOf!, text: choice.question, label: choice.option };
    const grid = gridPart(name);
    const parent = grid ? byColumn.get(normalizeLabel(grid.question)) : undefined;
    if (grid && parent !== undefined) {
      const kind = spec.questions[parent]?.kind;
      // "Question [Other]" beside the question's own column "Question" (LimeSurvey's list with
      // "Other"): the words typed for "Other", which the own column answers.
      if ((kind === 'multi' || kind === 'single') && own.has(normalizeLabel(grid.question)) && spec.questions[parent].otherText === true) {
        return { type: 'other', qid: parent, text: grid.question };
      }
      // "Question [Option]" of a choice question: the option's own column, ticked or not (LimeSurvey).
      if (kind === 'multi' || kind === 'single') return { type: 'option', qid: parent, text: grid.question, label: grid.option };
      return { type: 'row', qid: parent, text: grid.question, row: { label: grid.option } };
    }
    // "Option:Question" (Alchemer's box of a checkbox question, or a grid's row), or "Question:Option".
    const colon = colonPart(name, (text) => byColumn.has(normalizeLabel(text)));
    if (colon) {
      const qid = byColumn.get(normalizeLabel(colon.question))!;
      const kind = spec.questions[qid]?.kind;
      if (kind === 'multi' || kind === 'single') return { type: 'option', qid, text: colon.question, label: colon.option };
      return { type: 'row', qid, text: colon.question, row: { label: colon.option } };
    }
    return { type: 'meta', name };
  });
  return assembleLayout(tags, {
    file: input.file,
    specFile: input.specFile,
    spec,
    headerLine: headers[0].line,
    values: spec.input.values ?? 'labels',
    separator: spec.input.separator ?? ', ',
  });
};
