// Ingest stage, format reader: Qualtrics CSV export ("Use numeric values" or "Use choice text"). Pure.
// Header rows: 1 export tags (`Q1`, `Q2_1` for row 1 of matrix Q2, `Q3_4_TEXT` for the text of
// choice 4, metadata such as `StartDate`), 2 question text ("Text - Row" for a matrix row),
// 3 `{"ImportId":"QID1"}` JSON. A multiple-answer question holds its choices in one cell joined by
// "," (numeric) or by the separator (choice text). Columns whose ImportId is not a question's
// (`startDate`, `_recordId`) are metadata, named by row 1.
import type { FormatReader } from '../source.js';
import { cleanText } from '../labels.js';
import { questionSpec } from '../survey-spec.js';
import { assembleLayout, type ColumnTag } from './assemble.js';

export const mapQualtrics: FormatReader = (input) => {
  const { spec, headers } = input;
  const [names, texts, imports] = headers.map((h) => h.cells);
  // Columns are named by export tag: the question id, or the `column:` the spec gives it.
  const qidOf = new Map<string, string>();
  for (const [qid, q] of Object.entries(spec.questions)) qidOf.set(q.column ?? qid, qid);
  const tags: ColumnTag[] = names.map((rawName, col): ColumnTag => {
    const name = rawName.trim();
    const text = cleanText(texts[col] ?? '');
    const importId = importIdOf(imports[col] ?? '');
    if (!importId || !/^QID\d/i.test(importId)) return { type: 'meta', name };
    const whole = qidOf.get(name);
    if (whole !== undefined) return { type: 'whole', qid: whole, text };
    // `Q2_5_TEXT`: what a respondent typed beside choice 5, whose code the Q2 cell already counts.
    const textEntry = /^(.+)_(\d+)_TEXT$/i.exec(name);
    if (textEntry && qidOf.has(textEntry[1])) return { type: 'ignored', why: `text typed beside choice ${textEntry[2]} of ${textEntry[1]}` };
    const part = /^(.+)_([^_]+)$/.exec(name);
    const parent = part ? qidOf.get(part[1]) : undefined;
    if (part && parent !== undefined) {
      const kind = questionSpec(spec, parent).kind;
      const dash = text.lastIndexOf(' - ');
      if (kind === 'multi' || kind === 'single') return { type: 'option', qid: parent, text, label: dash === -1 ? text : text.slice(dash + 3) };
      return { type: 'row', qid: parent, text: dash === -1 ? text : text.slice(0, dash), row: { code: part[2], ...(dash === -1 ? {} : { label: text.slice(dash + 3) }) } };
    }
    return { type: 'ignored', why: `question ${name} is not in the spec` };
  });
  return assembleLayout(tags, {
    file: input.file,
    specFile: input.specFile,
    spec,
    headerLine: headers[2].line,
    values: spec.input.values ?? 'codes',
    separator: spec.input.separator ?? ',',
  });
};

/** `{"ImportId":"QID1"}` → `QID1`; anything else → undefined. */
export function importIdOf(cell: string): string | undefined {
  try {
    const v = JSON.parse(cell) as unknown;
    return v && typeof v === 'object' && typeof (v as { ImportId?: unknown }).ImportId === 'string' ? (v as { ImportId: string }).ImportId : undefined;
  } catch {
    return undefined;
  }
}
