// Ingest stage, format reader: SurveyMonkey's expanded export without a reference model. Pure.
// Header rows (the vendor's layout; the data guide's variant adds a first row of question ids):
//   [ids]   question id on a question's first column, blank cells belong to the question on the left
//   texts   question wording on its first column; metadata names ("Respondent ID", …) before
//   labels  per column: the option ("Response" when one column holds the whole answer), a grid's
//           "Row - Level", or the free text of "Other"
// Without ids, a question's id is the spec question whose `column:` is its wording, else Q1, Q2, … in
// order (SurveyMonkey's own numbering). Option codes come from the spec (`init` drafts them).
import type { FormatInput, FormatReader } from '../source.js';
import { cleanText, normalizeLabel } from '../labels.js';
import { questionSpec } from '../survey-spec.js';
import { assembleLayout, type ColumnTag } from './assemble.js';

export const mapSurveyMonkeyExpanded: FormatReader = (input) => {
  const { tags, headerLine } = surveyMonkeyTags(input, 'expanded');
  return assembleLayout(tags, { file: input.file, specFile: input.specFile, spec: input.spec, headerLine, values: input.spec.input.values ?? 'codes', separator: input.spec.input.separator ?? ',', model: input.model });
};

/** Tags of a SurveyMonkey export (expanded or condensed: the header rows are the same). */
export function surveyMonkeyTags(input: FormatInput, layout: 'expanded' | 'condensed'): { tags: ColumnTag[]; headerLine: number } {
  const { headers, spec } = input;
  const withIds = headers.length === 3;
  const [ids, texts, labels] = withIds ? headers.map((h) => h.cells) : [undefined, headers[0].cells, headers[1].cells];
  const byColumn = new Map(Object.entries(spec.questions).flatMap(([qid, q]) => (q.column ? [[normalizeLabel(q.column), qid] as const] : [])));
  const tags: ColumnTag[] = [];
  let current: { qid: string; text: string; first: number } | undefined;
  let numbered = 0;
  const width = texts.length;
  const starts: number[] = [];
  for (let col = 0; col < width; col++) {
    const id = ids?.[col]?.trim() ?? '';
    const text = cleanText(texts[col] ?? '');
    const label = cleanText(labels[col] ?? '');
    const startsQuestion = withIds ? id !== '' : text !== '' && (label !== '' || current !== undefined);
    if (startsQuestion) {
      numbered++;
      const qid = withIds ? id : (byColumn.get(normalizeLabel(text)) ?? `Q${numbered}`);
      current = { qid, text, first: col };
      starts.push(col);
    }
    if (!current) {
      tags.push({ type: 'meta', name: text });
      continue;
    }
    tags.push({ type: 'whole', qid: current.qid, text: current.text }); // refined below
    void label;
  }
  // Refine each question's columns now that its extent is known.
  starts.forEach((first, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : width;
    const tag = tags[first] as Extract<ColumnTag, { qid: string }>;
    const { qid, text } = tag;
    const kind = questionSpec(spec, qid).kind;
    const n = end - first;
    for (let col = first; col < end; col++) {
      const label = cleanText(labels[col] ?? '');
      const last = col === end - 1;
      if (layout === 'condensed') {
        // One column per question, or one per grid row (`Q3_2`); a blank id continues with "Other".
        const id = ids?.[col]?.trim() ?? '';
        if (col === first) tags[col] = { type: 'whole', qid, text };
        else if (id === '') tags[col] = { type: 'other', qid, text };
        continue;
      }
      if (kind === 'text' || kind === 'numeric' || kind === 'nps' || (n === 1 && kind !== 'grid' && kind !== 'multi')) tags[col] = { type: 'whole', qid, text };
      else if (kind === 'ranking' && !label.includes(' - ')) {
        // A ranking: one column per item, labelled by the item; the cell holds its rank.
        tags[col] = { type: 'row', qid, text, row: { label } };
      } else if (kind === 'grid' || kind === 'grid-multi' || kind === 'ranking' || (kind === undefined && label.includes(' - '))) {
        const cut = label.lastIndexOf(' - ');
        tags[col] = cut === -1 ? (last ? { type: 'other', qid, text } : { type: 'ignored', why: `grid column without "Row - Level": ${label}` }) : { type: 'rowLevel', qid, text, row: label.slice(0, cut), level: label.slice(cut + 3) };
      } else {
        const declared = (questionSpec(spec, qid).options ?? []).some((o) => normalizeLabel(o.label) === normalizeLabel(label) || (o.aliases ?? []).some((a) => normalizeLabel(a) === normalizeLabel(label)));
        // An undeclared column of a question with declared options is its free "Other" text: the
        // last column, or any such column when the spec says the question has one (otherText).
        const qs = questionSpec(spec, qid);
        const other = !declared && n > 1 && (qs.options ?? []).length > 0 && (last || qs.otherText === true);
        tags[col] = other ? { type: 'other', qid, text } : { type: 'option', qid, text, label };
      }
    }
  });
  return { tags, headerLine: headers[headers.length - 1].line };
}
