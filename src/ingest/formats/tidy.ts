// Ingest stage, format reader: tidy exports (Google Forms, Microsoft Forms, any one-row-per-respondent
// table). Pure. One header row: a column per question, named by its wording; the cells hold option
// labels; multi-select answers are joined by the separator (Google Forms ", ", Microsoft Forms ";")
// and split by matching the declared labels; a grid row is a column "Question [Row]" (Google Forms),
// and so is an option of a choice question whose boxes have a column each (LimeSurvey: "Yes" or empty).
// Columns are matched to spec questions by `column:` (else by the question id itself); any other
// column is metadata (Timestamp, Email, …).
import type { FormatReader } from '../source.js';
import { cleanText, normalizeLabel } from '../labels.js';
import { assembleLayout, type ColumnTag } from './assemble.js';

export const mapTidy: FormatReader = (input) => {
  const { spec, headers } = input;
  const byColumn = new Map<string, string>();
  for (const [qid, q] of Object.entries(spec.questions)) byColumn.set(normalizeLabel(q.column ?? qid), qid);
  const tags: ColumnTag[] = headers[0].cells.map((raw): ColumnTag => {
    const name = cleanText(raw);
    const qid = byColumn.get(normalizeLabel(name));
    if (qid !== undefined) return { type: 'whole', qid, text: name };
    const grid = /^(.*\S)\s*\[(.+)\]$/.exec(name);
    const parent = grid ? byColumn.get(normalizeLabel(grid[1])) : undefined;
    if (grid && parent !== undefined) {
      // "Question [Option]" of a choice question: the option's own column, ticked or not (LimeSurvey).
      const kind = spec.questions[parent]?.kind;
      if (kind === 'multi' || kind === 'single') return { type: 'option', qid: parent, text: grid[1], label: grid[2].trim() };
      return { type: 'row', qid: parent, text: grid[1], row: { label: grid[2].trim() } };
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
