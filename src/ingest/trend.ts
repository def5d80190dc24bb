// Ingest stage: year-over-year trends: the earlier export's answers to the matched questions,
// counted with this year's codes and labels. Reads the earlier export (streaming).
import type { Trend } from '../ir.js';
import { SurveydeckError, type Diagnostic } from '../diagnostics.js';
import { columnLetters } from './csv-reader.js';
import { readRecords } from './records.js';
import type { ExportLayout, LayoutQuestion } from './layout.js';
import { isOtherLabel } from './labels.js';
import { nonAnswerFor } from './layout.js';
import type { SurveySpec } from './survey-spec.js';
import { Tally } from './tally.js';
import { dontKnowNote } from './build.js';

interface Match {
  lq: LayoutQuestion;
  earlierId: string;
  /** as written in the earlier export */
  writtenId?: string;
  codeMap: Record<string, string>;
  population: string;
  tally: Tally;
}

export async function aggregateTrends(opts: {
  rawFile: string;
  year: number;
  spec: SurveySpec;
  specFile: string;
  layout: ExportLayout;
  populationOf: string[];
  /** The question's base policy (this year's question id). */
  includeDontKnow: (questionId: string) => boolean;
  labelOf: (lq: LayoutQuestion, code: string) => string;
  /** Count only the earlier respondents who gave one of `codes` at `question` (its id there): one segment (`aggregate --per`). */
  only?: { question: string; codes: string[] };
}): Promise<Map<string, Trend>> {
  const { spec, layout, rawFile } = opts;
  const trendSpec = spec.trend;
  const out = new Map<string, Trend>();
  if (!trendSpec) return out;
  const errors: Diagnostic[] = [];
  const specErr = (message: string) => errors.push({ severity: 'error', code: 'INVALID_SURVEY_SPEC', message, file: opts.specFile });
  if (trendSpec.year !== opts.year) specErr(`trend.year is ${trendSpec.year}, but the trend export was given as ${opts.year}`);

  const matches: Match[] = [];
  for (const [qid, m] of Object.entries(trendSpec.questions)) {
    const q = layout.questions.findIndex((lq) => lq.model.id === qid);
    if (q === -1) {
      specErr(`trend.questions.${qid}: no such question in this year's export`);
      continue;
    }
    const lq = layout.questions[q];
    if (lq.kind !== 'single' && lq.kind !== 'multi') {
      specErr(`trend.questions.${qid}: trends are for single and multi questions; ${qid} is ${lq.kind}`);
      continue;
    }
    const population = opts.populationOf[q];
    if (!(population in trendSpec.populations)) {
      specErr(`trend.populations: no \`${population}\` (needed by trend.questions.${qid})`);
      continue;
    }
    const codeMap = Object.fromEntries(Object.entries(m.codeMap ?? {}).map(([k, v]) => [k, String(v)]));
    matches.push({ lq, earlierId: m.id, codeMap, population, tally: new Tally() });
  }
  if (errors.length) throw new SurveydeckError(errors);

  let headerIds: string[] = [];
  let labels: string[] = [];
  // column → what it is: a choice of a match, the "Other" text of a match, or a population question.
  let choiceOf: (Match | undefined)[] = [];
  let otherOf: (Match | undefined)[] = [];
  let popCols = new Map<string, number[]>();
  let onlyCols: number[] = [];
  let row = 0;
  const member = new Map<string, boolean>();
  const chosen = new Map<Match, string[]>();
  const otherGiven = new Set<Match>();
  for await (const { cells, line } of readRecords(rawFile, `${opts.year} export`)) {
    row++;
    if (row === 1) headerIds = cells;
    if (row === 3) {
      labels = cells;
      let owner = '';
      const ownerOf = headerIds.map((h) => (owner = h.trim() ? h.trim() : owner));
      for (const m of matches) {
        const col = ownerOf.findIndex((o) => o.toLowerCase() === m.earlierId);
        if (col === -1) errors.push({ severity: 'error', code: 'UNKNOWN_QUESTION', message: `trend.questions.${m.lq.model.id}: \`${m.earlierId}\` is not in the ${opts.year} export ${rawFile}`, file: opts.specFile });
        else m.writtenId = headerIds[col].trim();
      }
      choiceOf = ownerOf.map((o, col) => {
        const m = matches.find((x) => x.earlierId === o.toLowerCase());
        return m && !isOtherLabel(labels[col]) ? m : undefined;
      });
      otherOf = ownerOf.map((o, col) => {
        const m = matches.find((x) => x.earlierId === o.toLowerCase());
        return m && isOtherLabel(labels[col]) ? m : undefined;
      });
      popCols = new Map(
        Object.values(trendSpec.populations)
          .flatMap((p) => (p.when ? [p.when.question] : []))
          .map((qid) => [qid, ownerOf.flatMap((o, col) => (o.toLowerCase() === qid ? [col] : []))]),
      );
      onlyCols = opts.only ? ownerOf.flatMap((o, col) => (o.toLowerCase() === opts.only!.question.toLowerCase() ? [col] : [])) : [];
      if (opts.only && onlyCols.length === 0) errors.push({ severity: 'error', code: 'UNKNOWN_QUESTION', message: `trend: \`${opts.only.question}\` (to cut the ${opts.year} export by segment) is not in ${rawFile}`, file: opts.specFile });
      for (const [qid, cols] of popCols) {
        if (cols.length === 0) errors.push({ severity: 'error', code: 'UNKNOWN_QUESTION', message: `trend.populations: \`${qid}\` is not in the ${opts.year} export ${rawFile}`, file: opts.specFile });
      }
      if (errors.length) throw new SurveydeckError(errors);
    }
    if (row <= 3) continue;
    if (cells.length !== headerIds.length) {
      errors.push({ severity: 'error', code: 'INVALID_CSV', message: `Row has ${cells.length} cells, the header has ${headerIds.length} (ragged row)`, file: rawFile, line, column: Math.min(cells.length, headerIds.length) + 1 });
      if (errors.length >= 20) break;
      continue;
    }
    if (opts.only && !onlyCols.some((col) => opts.only!.codes.includes(cells[col].trim()))) continue;
    for (const [id, p] of Object.entries(trendSpec.populations)) {
      member.set(id, !p.when || (popCols.get(p.when.question) ?? []).some((col) => p.when!.codes.includes(cells[col].trim())));
    }
    chosen.clear();
    otherGiven.clear();
    for (let col = 0; col < cells.length; col++) {
      const v = cells[col].trim();
      if (v === '') continue;
      const om = otherOf[col];
      if (om) otherGiven.add(om);
      const m = choiceOf[col];
      if (!m) continue;
      const code = m.codeMap[v] ?? v;
      if (!m.lq.codes.includes(code)) {
        errors.push({ severity: 'error', code: 'UNKNOWN_OPTION_CODE', message: `Code \`${v}\` of ${m.writtenId ?? m.earlierId} (column ${columnLetters(col + 1)}) maps to no option of ${m.lq.model.id}; add it to trend.questions.${m.lq.model.id}.codeMap or drop the match`, file: rawFile, line, column: col + 1 });
        continue;
      }
      const list = chosen.get(m) ?? [];
      list.push(code);
      chosen.set(m, list);
    }
    for (const m of matches) {
      if (!member.get(m.population)) continue;
      const t = m.tally;
      t.asked++;
      const codes = chosen.get(m) ?? [];
      const other = otherGiven.has(m) && m.lq.hasOther;
      if (codes.length === 0 && !other) continue;
      t.answer(1);
      for (const c of codes) t.add(c);
      if (other && (m.lq.kind === 'multi' || codes.length === 0)) t.add('other');
      if (codes.length > 0 && !other && codes.every((c) => m.lq.dontKnowCodes.has(c))) t.dontKnow(1);
    }
  }
  if (errors.length) throw new SurveydeckError(errors);
  for (const m of matches) {
    const t = m.tally;
    const include = opts.includeDontKnow(m.lq.model.id);
    const n = t.baseN(include);
    const left = t.answered - n;
    const dk = m.lq.dontKnowCodes.size > 0 || m.lq.model.options.some((o) => nonAnswerFor(m.lq, o.code, o.label, spec.detect.englishLabels) === 'dontKnow');
    let codes = m.lq.model.options.map((o) => o.code);
    if (m.lq.hasOther) codes = [...codes, 'other'];
    out.set(m.lq.model.id, {
      year: opts.year,
      questionId: m.writtenId ?? m.earlierId,
      base: {
        n,
        asked: t.asked,
        population: m.population,
        description: `${opts.year} ${spec.populations[m.population].description} who answered${dk && !include ? ` ${dontKnowNote(m.lq, opts.labelOf)}` : ''}`,
        includesDontKnow: dk ? include : true,
        ...(left > 0 ? { excluded: { count: left, share: left / t.answered } } : {}),
      },
      options: codes.map((code) => {
        const label = opts.labelOf(m.lq, code);
        const nonAnswer = nonAnswerFor(m.lq, code, label, spec.detect.englishLabels);
        const outside = !include && (m.lq.dontKnowCodes.has(code) || nonAnswer === 'dontKnow');
        const of = outside ? t.answered : n;
        return { code, label, count: t.count(code), share: of === 0 ? 0 : t.count(code) / of, ...(nonAnswer ? { nonAnswer } : {}) };
      }),
    });
  }
  return out;
}
