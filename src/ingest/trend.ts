// Ingest stage: year-over-year trends: the earlier export's answers to the matched questions,
// counted with this year's codes and labels. Reads the earlier export (streaming).
// A SurveyMonkey expanded export with its id row is read column by column here; any other format
// (named in `trend.format` or detected like the main export) goes through that format's reader and
// the scan, with a spec for the earlier wave made from this year's declarations (codes mapped back).
import { outsideBase, type Trend } from '../ir.js';
import { SurveydeckError, type Diagnostic } from '../diagnostics.js';
import { columnLetters } from './csv-reader.js';
import { readLeadingRecords, readRecords } from './records.js';
import type { CsvRecord } from './csv-reader.js';
import { detectFormat } from './formats/detect.js';
import { openSurveySource } from './source.js';
import { scanRows, type RowCondition, type RowTest } from './scan.js';
import { error } from '../diagnostics.js';
import { questionSpec as questionSpecOf, type InputFormat, type QuestionSpec } from './survey-spec.js';
import type { ExportLayout, LayoutQuestion } from './layout.js';
import { isOtherLabel } from './labels.js';
import { nonAnswerFor } from './layout.js';
import type { SurveySpec } from './survey-spec.js';
import { Tally } from './tally.js';
import { dontKnowNote, excludedKinds } from './build.js';

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

  const records = readRecords(rawFile, `${opts.year} export`, { delimiter: trendSpec.delimiter ?? spec.input.delimiter, encoding: trendSpec.encoding ?? spec.input.encoding });
  const first = await readLeadingRecords(records, rawFile);
  const detected = detectFormat(first, false);
  const format = trendSpec.format ?? detected.format;
  if (format === undefined) {
    throw error('WRONG_FORMAT', `Cannot tell the format of the ${opts.year} export: ${detected.why}`, { file: rawFile, line: 1, column: 1, hint: 'name it in the spec: trend: { format: … }' });
  }
  if (trendSpec.format && detected.format && detected.format !== trendSpec.format && detected.certain) {
    throw error('WRONG_FORMAT', `trend.format says ${trendSpec.format}, but the ${opts.year} export looks like a ${detected.format} export: ${detected.why}`, { file: rawFile, line: 1, column: 1, hint: 'check trend.file and trend.format in the spec' });
  }
  const hasIdRow = first[0]?.cells[0]?.trim() === '';
  if (format !== 'surveymonkey-expanded' || !hasIdRow) {
    await records.return(undefined);
    const tallies = await tallyAnyFormat(opts, format, matches);
    for (const m of matches) m.tally = tallies.get(m)!;
    return trendsOf(opts, matches);
  }
  async function* chained(): AsyncGenerator<CsvRecord> {
    yield* first;
    yield* records;
  }

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
  for await (const { cells, line } of chained()) {
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
      t.askedN++;
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
  return trendsOf(opts, matches);
}

type TrendOptions = Parameters<typeof aggregateTrends>[0];

/** Tallies (this year's codes) ─▶ trends, with this year's labels and the question's base policy. */
function trendsOf(opts: TrendOptions, matches: Match[]): Map<string, Trend> {
  const { spec } = opts;
  const out = new Map<string, Trend>();
  for (const m of matches) {
    const t = m.tally;
    const include = opts.includeDontKnow(m.lq.model.id);
    const n = t.baseN(include);
    const left = t.answered - n;
    const dk = m.lq.dontKnowCodes.size > 0 || m.lq.model.options.some((o) => outsideBase(nonAnswerFor(m.lq, o.code, o.label, spec.detect.englishLabels)));
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
        ...(left > 0 ? { excluded: { count: left, share: left / t.answered, ...excludedKinds(m.lq, t) } } : {}),
      },
      options: codes.map((code) => {
        const label = opts.labelOf(m.lq, code);
        const nonAnswer = nonAnswerFor(m.lq, code, label, spec.detect.englishLabels);
        const outside = !include && (m.lq.dontKnowCodes.has(code) || outsideBase(nonAnswer));
        const of = outside ? t.answered : n;
        return { code, label, count: t.count(code), share: of === 0 ? 0 : t.count(code) / of, ...(nonAnswer ? { nonAnswer } : {}) };
      }),
    });
  }
  return out;
}

/**
 * The earlier export in any format: a spec for it is made from this year's declarations of the
 * matched questions (kind, options with their codes mapped back through `codeMap`, non-answers),
 * under the earlier ids and `column:`s; the format's reader and the scan count it; the counts come
 * back in this year's codes. Population and segment questions of the earlier wave must be matched
 * questions or keep this year's id.
 */
async function tallyAnyFormat(opts: TrendOptions, format: InputFormat, matches: Match[]): Promise<Map<Match, Tally>> {
  const { spec, rawFile } = opts;
  const trendSpec = spec.trend!;
  const errors: Diagnostic[] = [];
  const questions: Record<string, QuestionSpec> = {};
  /** Earlier code ─▶ this year's code, per earlier question id. */
  const toNow = new Map<string, Map<string, string>>();
  const declare = (earlierId: string, lq: LayoutQuestion, codeMap: Record<string, string>, column?: string) => {
    if (questions[earlierId]) return;
    const now = questionSpecOf(spec, lq.model.id);
    const back = (code: string) => {
      const before = Object.entries(codeMap).filter(([, c]) => c === code).map(([was]) => was);
      return before.length ? before : [code];
    };
    const map = new Map<string, string>();
    const options = lq.model.options.flatMap((o) =>
      back(o.code).map((was) => {
        map.set(was, o.code);
        const aliases = now.options?.find((x) => x.code === o.code)?.aliases;
        return { code: was, label: o.label, ...(aliases ? { aliases } : {}) };
      }),
    );
    const nonAnswers: NonNullable<QuestionSpec['nonAnswers']> = {};
    for (const [code, kind] of lq.nonAnswers) if (code !== 'other') (nonAnswers[kind] ??= []).push(...back(code));
    questions[earlierId] = {
      kind: lq.kind === 'multi' ? 'multi' : 'single',
      options,
      ...(Object.keys(nonAnswers).length ? { nonAnswers } : {}),
      ...(lq.hasOther ? { otherText: true } : {}),
      // This year's column header only where the earlier wave has the same id (else its own id names it).
      ...((column ?? (earlierId === lq.model.id ? now.column : undefined)) ? { column: column ?? now.column } : {}),
    };
    toNow.set(earlierId, map);
  };
  for (const m of matches) declare(m.earlierId, m.lq, m.codeMap, trendSpec.questions[m.lq.model.id].column);
  // Population and segment questions: matched ones are declared above; others keep this year's id.
  const extra = [...Object.values(trendSpec.populations).flatMap((p) => (p.when ? [p.when.question] : [])), ...(opts.only ? [opts.only.question] : [])];
  for (const qid of extra) {
    if (questions[qid]) continue;
    const lq = opts.layout.questions.find((x) => x.model.id === qid);
    if (lq && (lq.kind === 'single' || lq.kind === 'multi')) declare(qid, lq, {});
    else errors.push({ severity: 'error', code: 'INVALID_SURVEY_SPEC', message: `trend: \`${qid}\` (who is in a population of the ${opts.year} wave) is neither matched under trend.questions nor a choice question of this year's spec`, file: opts.specFile });
  }
  if (errors.length) throw new SurveydeckError(errors);

  const earlier = {
    ...spec,
    input: {
      format,
      values: trendSpec.values ?? spec.input.values,
      separator: trendSpec.separator ?? spec.input.separator,
      delimiter: trendSpec.delimiter ?? spec.input.delimiter,
      // The same tool writes the same "no answer" code in every wave.
      ...(spec.input.missing ? { missing: spec.input.missing } : {}),
      columns: {},
    },
    filters: [],
    questions,
    findings: {},
    claims: {},
    segments: {},
    crosstabs: [],
    trend: undefined,
  };
  const source = await openSurveySource({ file: rawFile, spec: earlier, specFile: opts.specFile, format });
  const index = new Map(source.layout.questions.map((lq, q) => [lq.model.id, q]));
  const answerTest = (question: string, codes: string[], not?: boolean): RowTest | undefined => {
    const q = index.get(question);
    return q === undefined ? undefined : { kind: 'answer', q, codes, not };
  };
  const populations = new Map<string, RowCondition[] | undefined>();
  for (const [id, p] of Object.entries(trendSpec.populations)) {
    const q = p.when ? index.get(p.when.question) : undefined;
    populations.set(id, p.when && q !== undefined ? p.when.codes.map((code) => ({ q, code })) : undefined);
  }
  const populationOf = new Map(matches.map((m) => [m.earlierId, m.population]));
  const only = opts.only ? answerTest(opts.only.question, opts.only.codes, true) : undefined;
  const scan = await scanRows(
    {
      file: rawFile,
      layout: source.layout,
      // A segment's deck (`aggregate --per`): respondents outside the segment are left out.
      filters: only ? [{ name: 'segment', anyOf: [only] }] : [],
      populations,
      askedWhen: source.layout.questions.map((lq) => ({ population: populationOf.get(lq.model.id) ?? 'all', showIf: [] })),
      dimensions: [],
      maxErrors: 20,
    },
    source.rows,
  );
  if (scan.diagnostics.length) throw new SurveydeckError(scan.diagnostics);
  const out = new Map<Match, Tally>();
  for (const m of matches) {
    const q = index.get(m.earlierId)!;
    const from = scan.tallies[q].main.all;
    const map = toNow.get(m.earlierId)!;
    const t = new Tally();
    Object.assign(t, { asked: from.asked, answered: from.answered, dontKnowOnly: from.dontKnowOnly, answeredN: from.answeredN, dontKnowOnlyN: from.dontKnowOnlyN, answeredW2: from.answeredW2, dontKnowOnlyW2: from.dontKnowOnlyW2 });
    for (const [code, count] of from.counts) t.add(code === 'other' ? 'other' : (map.get(code) ?? code), count);
    m.writtenId = m.earlierId;
    out.set(m, t);
  }
  return out;
}
