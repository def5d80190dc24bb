// Ingest stage, format reader: SurveyMonkey's condensed export. Pure.
// The same header rows as the expanded export, but one column per question (multi-select answers
// joined by the separator, default ",") and one column per grid row, whose id is `<question>_<row>`
// (`Q1_1`): the row's code. A blank id after a question is its "Other" text.
import type { FormatReader } from '../source.js';
import { questionSpec } from '../survey-spec.js';
import { assembleLayout, type ColumnTag } from './assemble.js';
import { surveyMonkeyTags } from './surveymonkey-expanded.js';

export const mapSurveyMonkeyCondensed: FormatReader = (input) => {
  const { spec } = input;
  const { tags: raw, headerLine } = surveyMonkeyTags(input, 'condensed');
  // Columns are named by id: the question id, or the `column:` the spec gives it.
  const qidOf = new Map<string, string>((input.model?.questions ?? []).map((q) => [q.id, q.id]));
  for (const [qid, q] of Object.entries(spec.questions)) qidOf.set(q.column ?? qid, qid);
  const tags: ColumnTag[] = raw.map((tag) => {
    if (tag.type !== 'whole' && tag.type !== 'other') return tag;
    const whole = qidOf.get(tag.qid);
    if (whole !== undefined) return { ...tag, qid: whole };
    // `Q1_3`: row 3 of grid Q1 (only when Q1 is a question and Q1_3 is not).
    const m = /^(.+)_([^_]+)$/.exec(tag.qid);
    const parent = m ? qidOf.get(m[1]) : undefined;
    if (m && parent !== undefined && tag.type === 'whole') {
      const kind = questionSpec(spec, parent).kind;
      if (kind === undefined || kind === 'grid' || kind === 'grid-multi' || kind === 'ranking') return { type: 'row', qid: parent, text: tag.text, row: { code: m[2] } };
    }
    return tag;
  });
  return assembleLayout(tags, { file: input.file, specFile: input.specFile, spec, headerLine, values: spec.input.values ?? 'codes', separator: spec.input.separator ?? ',', model: input.model });
};
