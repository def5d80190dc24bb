// Ingest stage entry: raw survey export + reference model + survey spec ─▶ validated Aggregates.
// Reads files (streaming the export); everything after the read is pure (layout, scan, build).
//
//   1. load the survey spec (YAML, zod), the reference model and the filter criteria
//   2. read the export's three header rows into a column layout checked against the model
//   3. resolve populations, show logic, segments and disqualifications to column conditions
//   4. stream the respondent rows once, counting into tallies (memory flat in the row count)
//   5. stream the earlier export for trends, if given
//   6. build questions, crosstabs and findings; validate against the aggregates schema
import { isDraftPlaceholder } from './draft-placeholders.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Aggregates } from '../ir.js';
import { SurveydeckError, error, expectedOneOf, type Diagnostic } from '../diagnostics.js';
import { aggregatesSchema } from '../load/aggregates-schema.js';
import { buildAggregates, optionLabel } from './build.js';
import type { ExportLayout } from './layout.js';
import { loadReferenceModel, type SurveyModel } from './reference-model.js';
import { scanRows, type RowCondition, type RowTest, type ScanPlan, type ScanResult } from './scan.js';
import { openSurveySource } from './source.js';
import { includesNonAnswers, loadSurveySpec, resolveSpecFile, type Condition, type InputFormat, type SurveySpec } from './survey-spec.js';
import { aggregateTrends } from './trend.js';
import { resolveNets, VerbatimCollector, verbatimRules } from './kinds.js';

export interface AggregateSurveyOptions {
  specFile: string;
  /** Folder the spec's `input.file`, `input.model` and `trend.file` are relative to (default: the spec's folder). */
  inputDir?: string;
  /** Files given on the command line: they override the spec's. */
  rawFile?: string;
  modelFile?: string;
  trendFile?: string;
  format?: InputFormat;
  /** Aggregate only the respondents of one segment, e.g. `region:europe` (`aggregate --per`); trends are dropped unless the earlier wave can be cut the same way. */
  segment?: string;
}

/** What the ingest read and removed, for the summary line. */
export interface IngestSummary {
  file: string;
  format: InputFormat;
  /** How the format was chosen, in one line. */
  explanation: string;
  rowsRead: number;
  removed: { name: string; rows: number }[];
  respondents: number;
  weighted: boolean;
}

export interface AggregateResult {
  aggregates: Aggregates;
  diagnostics: Diagnostic[];
  summary: IngestSummary;
}

/** The files the spec and the command line name, resolved (a spec cannot reach outside its folder). */
export function resolveInputs(spec: SurveySpec, opts: AggregateSurveyOptions): { rawFile: string; modelFile?: string; trendFile?: string } {
  const base = opts.inputDir ?? path.dirname(opts.specFile);
  const rawFile = opts.rawFile ?? (spec.input.file ? resolveSpecFile(opts.specFile, base, spec.input.file, 'input.file') : undefined);
  if (!rawFile) {
    throw error('MISSING_FILE', 'No export named: the spec has no `input.file` and no --raw was given', { file: opts.specFile, hint: 'add input: { file: export.csv } to the spec, or pass --raw' });
  }
  const modelFile = opts.modelFile ?? (spec.input.model ? resolveSpecFile(opts.specFile, base, spec.input.model, 'input.model') : undefined);
  const trendFile = opts.trendFile ?? (spec.trend?.file ? resolveSpecFile(opts.specFile, base, spec.trend.file, 'trend.file') : undefined);
  return { rawFile, modelFile, trendFile };
}

export async function aggregateSurvey(opts: AggregateSurveyOptions): Promise<AggregateResult> {
  const spec = await loadSurveySpec(opts.specFile);
  const { rawFile, modelFile, trendFile } = resolveInputs(spec, opts);
  const model = modelFile ? await loadReferenceModel(modelFile) : undefined;
  const source = await openSurveySource({ file: rawFile, spec, specFile: opts.specFile, model, format: opts.format });
  const { layout } = source;

  const { plan, populationOf } = planScan(opts.specFile, rawFile, spec, source.model, layout);
  if (opts.segment !== undefined) plan.only = onlySegment(plan, opts.segment, opts.specFile);
  const scan = await scanRows(plan, source.rows);
  const verbatims = new Map(layout.questions.flatMap((lq, q) => (plan.verbatims?.[q] instanceof VerbatimCollector ? [[lq.model.id, plan.verbatims[q].kept] as const] : [])));
  if (scan.diagnostics.length > 0) throw new SurveydeckError(scan.diagnostics);
  if (scan.respondents === 0) {
    throw error('INVALID_CSV', `The export has no respondents left: ${scan.rowsRead} row(s) read${scan.removed.map((r) => `, ${r.rows} removed by ${r.name}`).join('')}`, {
      file: rawFile,
      line: source.headerRows + 1,
      column: 1,
    });
  }
  const diagnostics: Diagnostic[] = [];
  layout.questions.forEach((lq, q) => {
    if (scan.notAsked[q] > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'INVALID_CSV',
        message: `${scan.notAsked[q]} respondent(s) answered ${lq.model.id} although its show logic hides it from them; those answers are not counted`,
        file: rawFile,
      });
    }
  });

  // A respondent id kept twice: an export appended to itself, or a respondent who sent the form twice.
  // Each row is counted as it stands (which to keep is the survey owner's call, made in the export or
  // by a filter), and said.
  if (scan.repeatedIds) {
    const { repeats, examples } = scan.repeatedIds;
    diagnostics.push({
      severity: 'warning',
      code: 'DUPLICATE_RESPONDENT',
      message: `${repeats} respondent(s) kept have an id (${spec.input.columns.respondentId}) an earlier kept row has: ${examples.map((e) => `\`${e.id}\` on lines ${e.firstLine} and ${e.line}`).join(', ')}${repeats > examples.length ? ', …' : ''}; every row is counted`,
      file: rawFile,
      line: examples[0].line,
      hint: 'remove the repeated rows from the export, or add a filter that removes them, then aggregate again',
    });
  }

  // What `init` drafts as TODO is printed on every deck (title slide, sources, footer): say so now.
  const placeholders = [
    ['survey.title', spec.survey.title],
    ...Object.entries(spec.source).map(([k, v]) => [`source.${k}`, String(v)]),
    ...Object.entries(spec.questions).flatMap(([id, q]) => (q.text !== undefined && !q.exclude ? [[`questions.${id}.text`, q.text]] : [])),
  ].filter(([, v]) => isDraftPlaceholder(v));
  if (placeholders.length) {
    diagnostics.push({
      severity: 'warning',
      code: 'DRAFT_PLACEHOLDER',
      message: `the survey spec still holds placeholders of its draft: ${placeholders.map(([k, v]) => `${k} (${JSON.stringify(v)})`).join(', ')}; every deck prints them`,
      file: opts.specFile,
      hint: 'write the survey\'s title and who published it, under which licence, in survey: and source:, and each question\'s wording the export left out in its text:',
    });
  }
  if (spec.trend && !trendFile) {
    diagnostics.push({ severity: 'warning', code: 'MISSING_FILE', message: `trend: no ${spec.trend.year} export named, so no trends`, file: opts.specFile, hint: 'add trend.file to the spec or pass --trend' });
  }
  const earlier = opts.segment !== undefined ? earlierSegment(spec, opts.segment) : undefined;
  if (opts.segment !== undefined && spec.trend && trendFile && !earlier) {
    diagnostics.push({ severity: 'warning', code: 'MISSING_FILE', message: `trend: no way to cut the ${spec.trend.year} export by ${opts.segment}, so its aggregates have no trends`, file: opts.specFile, hint: 'match the segment question under trend.questions to cut the earlier wave too' });
  }
  const trends =
    spec.trend && trendFile && (opts.segment === undefined || earlier)
      ? await aggregateTrends({
          rawFile: trendFile,
          year: spec.trend.year,
          spec,
          specFile: opts.specFile,
          layout,
          populationOf,
          includeDontKnow: (qid) => includesNonAnswers(spec, qid),
          labelOf: (lq, code) => optionLabel(spec, lq, code),
          only: earlier,
        })
      : new Map();

  const built = buildAggregates({ spec, specFile: opts.specFile, model: source.model, layout, scan, populationOf, trends, verbatims, segmentWithoutTrends: opts.segment !== undefined && !earlier });
  if (built.diagnostics.some((d) => d.severity === 'error')) throw new SurveydeckError(built.diagnostics);
  const checked = aggregatesSchema.safeParse(built.aggregates);
  if (!checked.success) {
    throw error('INTERNAL', `The ingest built aggregates that fail their schema: ${checked.error.issues[0]?.message} at ${checked.error.issues[0]?.path.join('.')}`);
  }
  return {
    aggregates: built.aggregates,
    diagnostics: [...diagnostics, ...built.diagnostics],
    summary: summaryOf(rawFile, source.format, source.explanation, scan),
  };
}

/** The scan restriction for `segment` (`dim:id`); UNKNOWN_SEGMENT (exit 2) naming the known ones. */
function onlySegment(plan: ScanPlan, segment: string, specFile: string): NonNullable<ScanPlan['only']> {
  const [dim, id] = segment.split(':');
  const dimension = plan.dimensions.findIndex((d) => d.id === dim);
  const known = plan.dimensions.flatMap((d) => [...new Set(d.segmentOf.values())]);
  if (dimension === -1 || !known.includes(segment) || id === undefined) {
    throw error('UNKNOWN_SEGMENT', expectedOneOf('segment', known, segment), { file: specFile });
  }
  return { dimension, segment };
}

/**
 * The earlier wave's respondents of `segment` (`dim:id`), when trend.questions matches the dimension's
 * question (codes read back through its codeMap); otherwise the earlier wave cannot be cut that way.
 */
function earlierSegment(spec: SurveySpec, segment: string): { question: string; codes: string[] } | undefined {
  const [dim, value] = segment.split(':');
  const def = spec.segments[dim];
  const match = def && spec.trend?.questions[def.question];
  const seg = def?.segments.find((s) => s.id === value);
  if (!match || !seg) return undefined;
  const map = Object.entries(match.codeMap ?? {});
  const codes = seg.codes.flatMap((c) => {
    const before = map.filter(([, now]) => String(now) === String(c)).map(([was]) => was);
    return before.length ? before : [String(c)];
  });
  return { question: match.id, codes };
}

function summaryOf(file: string, format: InputFormat, explanation: string, scan: ScanResult): IngestSummary {
  return { file, format, explanation, rowsRead: scan.rowsRead, removed: scan.removed, respondents: scan.respondents, weighted: scan.weighted };
}

/**
 * Stable, deterministic JSON: parsing through the schema fixes the key order of every object to the
 * schema's (records keep their built order, which is reference-model order), 2-space indent, final newline.
 */
/**
 * The aggregates as written to `outFile`, naming the spec they were computed from (`specSha256`: the
 * hash of the bytes read), by its path from `outFile`'s folder when the spec is inside it.
 */
export function serializeAggregates(a: Aggregates, from?: { specFile: string; specSha256?: string; outFile: string }): string {
  let out = a;
  if (from?.specSha256) {
    const rel = path.relative(path.dirname(from.outFile), from.specFile).split(path.sep).join('/');
    const inside = rel !== '' && !path.isAbsolute(rel) && !rel.split('/').includes('..');
    // Second in the file, after schemaVersion.
    const { schemaVersion, ...rest } = a;
    out = { schemaVersion, spec: { ...(inside ? { file: rel } : {}), sha256: from.specSha256 }, ...rest };
  }
  return JSON.stringify(aggregatesSchema.parse(out), null, 2) + '\n';
}

/**
 * The SHA-256 of a spec file's bytes, to read before aggregating (an edit during the run then shows as
 * stale, never as current); undefined when it cannot be read (aggregating then says why).
 */
export function specSha256(specFile: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(specFile)).digest('hex');
  } catch {
    return undefined;
  }
}

function planScan(specFile: string, rawFile: string, spec: SurveySpec, model: SurveyModel, layout: ExportLayout): { plan: ScanPlan; populationOf: string[] } {
  const errors: Diagnostic[] = [];
  const specErr = (message: string, hint?: string) =>
    errors.push({ severity: 'error', code: 'INVALID_SURVEY_SPEC', message, file: specFile, ...(hint ? { hint } : {}) });
  const index = new Map(layout.questions.map((lq, i) => [lq.model.id, i]));
  const choiceQuestion = (qid: string, where: string): number | undefined => {
    const q = index.get(qid);
    if (q === undefined) specErr(`${where}: question \`${qid}\` is not in the export`);
    else if (layout.questions[q].kind !== 'single' && layout.questions[q].kind !== 'multi') specErr(`${where}: ${qid} is a ${layout.questions[q].kind} question; conditions need single or multi`);
    else return q;
    return undefined;
  };
  const conditions = (anyOf: { question: string; code: string }[], where: string): RowCondition[] =>
    anyOf.flatMap((c) => {
      const q = choiceQuestion(c.question, where);
      if (q === undefined) return [];
      if (!layout.questions[q].model.options.some((o) => o.code === c.code)) specErr(`${where}: ${c.question} has no code \`${c.code}\``);
      return [{ q, code: c.code }];
    });
  const metaCol = (name: string | undefined, where: string): number | undefined => {
    if (name === undefined) return undefined;
    const col = layout.columns.findIndex((c) => c.role === 'meta' && c.name === name);
    if (col === -1) specErr(`${where}: the export has no metadata column \`${name}\``, `its metadata columns are ${layout.columns.flatMap((c) => (c.role === 'meta' && c.name ? [`\`${c.name}\``] : [])).join(', ')}`);
    return col === -1 ? undefined : col;
  };
  /** A spec condition ─▶ row tests (one per code or value set). */
  const compile = (c: Condition, where: string): RowTest[] => {
    if ('column' in c) {
      const col = metaCol(c.column, where);
      return col === undefined ? [] : [{ kind: 'column', col, values: new Set(c.values), not: c.not }];
    }
    const q = index.get(c.question);
    if (q === undefined) {
      specErr(`${where}: question \`${c.question}\` is not in the export`);
      return [];
    }
    const lq = layout.questions[q];
    if (c.item !== undefined) {
      const item = lq.items.findIndex((it) => it.code === c.item);
      if (lq.kind !== 'grid' || item === -1) {
        specErr(`${where}: ${c.question} has no grid row \`${c.item}\``);
        return [];
      }
      return [{ kind: 'grid', q, item, codes: c.codes, not: c.not }];
    }
    for (const code of c.codes) if (!lq.model.options.some((o) => o.code === code) && !lq.codes.includes(code)) specErr(`${where}: ${c.question} has no code \`${code}\``);
    return [{ kind: 'answer', q, codes: c.codes, not: c.not }];
  };
  const compileAll = (list: Condition[], where: string): RowTest[] => list.flatMap((c, i) => compile(c, `${where}[${i}]`));

  // Questions the model has but the export lacks must be declared, with the reason.
  for (const qid of layout.missing) {
    if (!spec.questions[qid]?.notInExport) {
      errors.push({
        severity: 'error',
        code: 'UNKNOWN_QUESTION',
        message: `Question ${qid} of the reference model has no columns in the export`,
        file: rawFile,
        line: 1,
        hint: `if that is on purpose, say why: questions: { ${qid}: { notInExport: … } } in ${specFile}`,
      });
    }
  }
  for (const [qid, q] of Object.entries(spec.questions)) {
    if (q.notInExport && index.has(qid)) specErr(`questions.${qid}.notInExport: the export does have ${qid}`);
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
      if (!section) specErr(`populations.${id}.sections: there is no section ${s}`);
      else {
        populationOfSection.set(s, id);
        const modelRule = section.showIf.map((c) => `${c.question}r${c.code}`).sort().join(' or ');
        const specRule = p.when ? p.when.codes.map((c) => `${p.when!.question}r${c}`).sort().join(' or ') : '';
        if (section.showIf.length > 0 && modelRule !== specRule) {
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
  const askedWhen = layout.questions.map((lq, q) => {
    const declared = spec.questions[lq.model.id]?.asked;
    const showIf: RowTest[] = declared
      ? compileAll(declared, `questions.${lq.model.id}.asked`)
      : conditions(lq.model.showIf, `reference model show logic of ${lq.model.id}`).map((c) => ({ kind: 'answer' as const, q: c.q, codes: [c.code] }));
    return { population: populationOf[q], showIf };
  });

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

  // Rows removed before counting: the spec's named rules, nothing else.
  const filters = spec.filters.map((f, i) => ({ name: f.name, anyOf: compileAll(f.removeIf, `filters[${i}] (${f.name}).removeIf`) }));
  const cols = spec.input.columns;
  const startedCol = metaCol(cols.started, 'input.columns.started');
  const endedCol = metaCol(cols.ended, 'input.columns.ended');
  const idCol = metaCol(cols.respondentId, 'input.columns.respondentId');
  const weightCol = spec.input.weight !== undefined ? layout.columns.findIndex((c) => c.role === 'weight') : undefined;

  // Nets (and top box) are counted by the tallies, once per respondent; open answers are kept only
  // for the text questions whose verbatims the spec shows.
  for (const lq of layout.questions) {
    const { nets, problems } = resolveNets(spec, lq);
    problems.forEach((p) => specErr(p));
    if (nets.length) lq.nets = nets;
  }
  const verbatims = layout.questions.map((lq) => {
    if (lq.kind !== 'text') return undefined;
    const rules = verbatimRules(spec, lq.model.id);
    return rules.show ? new VerbatimCollector(rules) : undefined;
  });

  if (errors.length > 0) throw new SurveydeckError(errors);
  return {
    plan: { file: rawFile, layout, filters, populations, askedWhen, dimensions, maxErrors: 20, startedCol, endedCol, idCol, weightCol: weightCol === -1 ? undefined : weightCol, verbatims },
    populationOf,
  };
}
