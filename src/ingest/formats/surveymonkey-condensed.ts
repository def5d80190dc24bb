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
  const known = new Set([...Object.keys(spec.questions), ...(input.model?.questions.map((q) => q.id) ?? [])]);
  const tags: ColumnTag[] = raw.map((tag) => {
    if (tag.type !== 'whole' || known.has(tag.qid)) return tag;
    // `Q1_3`: row 3 of grid Q1 (only when Q1 is a question and Q1_3 is not).
    const m = /^(.+)_([^_]+)$/.exec(tag.qid);
    if (m && known.has(m[1])) {
      const kind = questionSpec(spec, m[1]).kind;
      if (kind === undefined || kind === 'grid' || kind === 'ranking') return { type: 'row', qid: m[1], text: tag.text, row: { code: m[2] } };
    }
    return tag;
  });
  return assembleLayout(tags, { file: input.file, specFile: input.specFile, spec, headerLine, values: spec.input.values ?? 'codes', separator: spec.input.separator ?? ',', model: input.model });
};
