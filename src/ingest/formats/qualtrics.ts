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
  const known = new Set(Object.keys(spec.questions));
  const tags: ColumnTag[] = names.map((rawName, col): ColumnTag => {
    const name = rawName.trim();
    const text = cleanText(texts[col] ?? '');
    const importId = importIdOf(imports[col] ?? '');
    if (!importId || !/^QID\d/i.test(importId)) return { type: 'meta', name };
    if (known.has(name)) return { type: 'whole', qid: name, text };
    const textEntry = /^(.+)_(\d+)_TEXT$/i.exec(name) ?? /^(.+)_TEXT$/i.exec(name);
    if (textEntry && known.has(textEntry[1])) return { type: 'other', qid: textEntry[1], text };
    const part = /^(.+)_([^_]+)$/.exec(name);
    if (part && known.has(part[1])) {
      const kind = questionSpec(spec, part[1]).kind;
      const dash = text.lastIndexOf(' - ');
      if (kind === 'multi' || kind === 'single') return { type: 'option', qid: part[1], text, label: dash === -1 ? text : text.slice(dash + 3) };
      return { type: 'row', qid: part[1], text: dash === -1 ? text : text.slice(0, dash), row: { code: part[2] } };
    }
    return { type: 'whole', qid: name, text };
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
