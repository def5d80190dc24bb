// Ingest stage entry: raw survey export + reference model + survey spec ─▶ validated Aggregates.
// Reads files (streaming the export); everything after the read is pure (layout, scan, build).
//
//   1. load the survey spec (YAML, zod), the reference model and the filter criteria
//   2. read the export's three header rows into a column layout checked against the model
//   3. resolve populations, show logic, segments and disqualifications to column conditions
//   4. stream the respondent rows once, counting into tallies (memory flat in the row count)
//   5. stream the earlier export for trends, if given
//   6. build questions, crosstabs and findings; validate against the aggregates schema
import type { Aggregates } from '../ir.js';
import { SurveydeckError, error, type Diagnostic } from '../diagnostics.js';
import { aggregatesSchema } from '../load/aggregates-schema.js';
import { buildAggregates, optionLabel } from './build.js';
import type { CsvRecord } from './csv-reader.js';
import { readRecords } from './records.js';
import { loadFilterCriteria } from './filter-criteria.js';
import { readExportLayout, type ExportLayout } from './layout.js';
import { loadReferenceModel, type AnswerCondition, type SurveyModel } from './reference-model.js';
import { scanRows, type RowCondition, type ScanPlan } from './scan.js';
import { includesNonAnswers, loadSurveySpec, type SurveySpec } from './survey-spec.js';
import { aggregateTrends } from './trend.js';

export interface AggregateSurveyOptions {
  rawFile: string;
  modelFile: string;
  filtersFile?: string;
  specFile: string;
  trend?: { rawFile: string; year: number };
}

export async function aggregateSurvey(opts: AggregateSurveyOptions): Promise<{ aggregates: Aggregates; diagnostics: Diagnostic[] }> {
  const [spec, model, filters] = await Promise.all([
    loadSurveySpec(opts.specFile),
    loadReferenceModel(opts.modelFile),
    opts.filtersFile ? loadFilterCriteria(opts.filtersFile) : Promise.resolve([]),
  ]);

  const records = readRecords(opts.rawFile, 'survey export');
  const headers: CsvRecord[] = [];
  for (let i = 0; i < 3; i++) {
    const next = await records.next();
    if (next.done) {
      throw error(
        'INVALID_CSV',
        headers.length === 0 ? 'The export is empty' : `The export has ${headers.length} header row(s); expected 3 (question id, question text, option label)`,
        { file: opts.rawFile, line: headers.length + 1, column: 1 },
      );
    }
    headers.push(next.value);
  }
  const { layout, diagnostics: layoutDiagnostics } = readExportLayout(opts.rawFile, headers, model, spec.kinds);
  if (layoutDiagnostics.length > 0) throw new SurveydeckError(layoutDiagnostics);

  const { plan, populationOf } = planScan(opts, spec, model, layout, filters);
  const scan = await scanRows(plan, records);
  if (scan.diagnostics.length > 0) throw new SurveydeckError(scan.diagnostics);
  if (scan.respondents === 0) {
    throw error('INVALID_CSV', 'The export has no respondent rows after the three header rows', { file: opts.rawFile, line: 4, column: 1 });
  }
  const diagnostics: Diagnostic[] = [];
  layout.questions.forEach((lq, q) => {
    if (scan.notAsked[q] > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'INVALID_CSV',
        message: `${scan.notAsked[q]} respondent(s) answered ${lq.model.id} although its show logic hides it from them; those answers are not counted`,
        file: opts.rawFile,
      });
    }
  });

  const trends = opts.trend
    ? await aggregateTrends({
        rawFile: opts.trend.rawFile,
        year: opts.trend.year,
        spec,
        specFile: opts.specFile,
        layout,
        populationOf,
        includeDontKnow: (qid) => includesNonAnswers(spec, qid),
        labelOf: (lq, code) => optionLabel(spec, lq, code),
      })
    : new Map();

  const built = buildAggregates({ spec, specFile: opts.specFile, model, layout, scan, populationOf, trends });
  if (built.diagnostics.some((d) => d.severity === 'error')) throw new SurveydeckError(built.diagnostics);
  const checked = aggregatesSchema.safeParse(built.aggregates);
  if (!checked.success) {
    throw error('INTERNAL', `The ingest built aggregates that fail their schema: ${checked.error.issues[0]?.message} at ${checked.error.issues[0]?.path.join('.')}`);
  }
  return { aggregates: built.aggregates, diagnostics: [...diagnostics, ...built.diagnostics] };
}

/**
 * Stable, deterministic JSON: parsing through the schema fixes the key order of every object to the
 * schema's (records keep their built order, which is reference-model order), 2-space indent, final newline.
 */
export function serializeAggregates(a: Aggregates): string {
  return JSON.stringify(aggregatesSchema.parse(a), null, 2) + '\n';
}

function planScan(
  opts: AggregateSurveyOptions,
  spec: SurveySpec,
  model: SurveyModel,
  layout: ExportLayout,
  filters: AnswerCondition[],
): { plan: ScanPlan; populationOf: string[] } {
  const errors: Diagnostic[] = [];
  const specErr = (message: string, hint?: string) =>
    errors.push({ severity: 'error', code: 'INVALID_SURVEY_SPEC', message, file: opts.specFile, ...(hint ? { hint } : {}) });
  const index = new Map(layout.questions.map((lq, i) => [lq.model.id, i]));
  const choiceQuestion = (qid: string, where: string): number | undefined => {
    const q = index.get(qid);
    if (q === undefined) specErr(`${where}: question \`${qid}\` is not in the export`);
    else if (layout.questions[q].kind !== 'single' && layout.questions[q].kind !== 'multi') specErr(`${where}: ${qid} is a ${layout.questions[q].kind} question; conditions need single or multi`);
    else return q;
    return undefined;
  };
  const conditions = (anyOf: AnswerCondition[], where: string): RowCondition[] =>
    anyOf.flatMap((c) => {
      const q = choiceQuestion(c.question, where);
      if (q === undefined) return [];
      if (!layout.questions[q].model.options.some((o) => o.code === c.code)) specErr(`${where}: ${c.question} has no code \`${c.code}\``);
      return [{ q, code: c.code }];
    });

  // Questions the model has but the export lacks must be declared, with the reason.
  for (const qid of layout.missing) {
    if (!(qid in spec.notInExport)) {
      errors.push({
        severity: 'error',
        code: 'UNKNOWN_QUESTION',
        message: `Question ${qid} of the reference model has no columns in the export`,
        file: opts.rawFile,
        line: 1,
        hint: `if that is on purpose, say why under notInExport.${qid} in ${opts.specFile}`,
      });
    }
  }
  for (const qid of Object.keys(spec.notInExport)) {
    if (index.has(qid)) specErr(`notInExport.${qid}: the export does have ${qid}`);
  }

  // Populations: membership conditions, and the model's page show logic must agree with them.
  const populations = new Map<string, RowCondition[] | undefined>();
  const populationOfSection = new Map<string, string>();
  let everyone: string | undefined;
  for (const [id, p] of Object.entries(spec.populations)) {
    populations.set(id, p.when ? conditions(p.when.codes.map((code) => ({ question: p.when!.question, code })), `populations.${id}.when`) : undefined);
    if (!p.when) everyone ??= id;
    for (const s of p.sections) {
      const section = model.sections.find((ms) => ms.id === s);
      if (!section) specErr(`populations.${id}.sections: the reference model has no page ${s}`);
      else {
        populationOfSection.set(s, id);
        const modelRule = section.showIf.map((c) => `${c.question}r${c.code}`).sort().join(' or ');
        const specRule = p.when ? p.when.codes.map((c) => `${p.when!.question}r${c}`).sort().join(' or ') : '';
        if (modelRule !== specRule) {
          specErr(`populations.${id}: page ${s} is shown ${modelRule ? `if ${modelRule}` : 'to everyone'} in the reference model, but the population is ${specRule || 'everyone'}`);
        }
      }
    }
  }
  for (const section of model.sections) {
    if (section.showIf.length > 0 && !populationOfSection.has(section.id) && model.questions.some((q) => q.section === section.id)) {
      specErr(`No population covers page ${section.id} (“${section.title}”), shown only if ${section.showIf.map((c) => `${c.question}r${c.code}`).join(' or ')}`, 'list the page under the population it was shown to');
    }
  }
  if (!everyone) specErr('populations: one population must have no `when` (everyone)');

  const populationOf = layout.questions.map((lq) => populationOfSection.get(lq.model.section) ?? everyone ?? 'all');
  const askedWhen = layout.questions.map((lq, q) => ({
    population: populationOf[q],
    showIf: conditions(lq.model.showIf, `reference model show logic of ${lq.model.id}`),
  }));

  const dimensions: ScanPlan['dimensions'] = [];
  for (const [dim, def] of Object.entries(spec.segments)) {
    const q = choiceQuestion(def.question, `segments.${dim}`);
    if (q === undefined) continue;
    if (layout.questions[q].kind !== 'single') specErr(`segments.${dim}: ${def.question} must be single-choice`);
    const segmentOf = new Map<string, string>();
    for (const s of def.segments) {
      for (const code of s.codes) {
        if (!layout.questions[q].codes.includes(code)) specErr(`segments.${dim}.${s.id}: ${def.question} has no code \`${code}\``);
        if (segmentOf.has(code)) specErr(`segments.${dim}.${s.id}: code \`${code}\` is already in ${segmentOf.get(code)}`);
        segmentOf.set(code, `${dim}:${s.id}`);
      }
    }
    dimensions.push({ id: dim, q, segmentOf });
  }
  for (const dim of spec.crosstabs) if (!(dim in spec.segments)) specErr(`crosstabs: no segment dimension \`${dim}\``);

  // Disqualifying answers: the filter criteria file and the model's own "DQ" marks.
  const modelDq = model.questions.flatMap((mq) => mq.options.filter((o) => o.disqualifies).map((o) => ({ question: mq.id, code: o.code })));
  const disqualify = [...filters, ...modelDq]
    .filter((c) => index.has(c.question))
    .map((c) => ({ q: index.get(c.question)!, code: c.code }));

  if (errors.length > 0) throw new SurveydeckError(errors);
  return { plan: { file: opts.rawFile, layout, disqualify, populations, askedWhen, dimensions, maxErrors: 20 }, populationOf };
}
