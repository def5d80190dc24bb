// CLI: `surveydeck inspect --spec FILE` → what the ingest sees: per question its kind, codes,
// non-answers, base (answered of asked) and who was asked; as a table, or JSON with --json.
// Reads the export like `aggregate` but writes nothing.
import path from 'node:path';
import type { Aggregates } from '../ir.js';
import { INPUT_FORMATS, type InputFormat } from '../ingest/input-formats.js';
import type { SurveySpec } from '../ingest/survey-spec.js';
import { respondentsAsked, respondentsIn } from '../stats/kish.js';
import { pathOption, type CliCommand } from './options.js';
import { relative, reportDiagnostics, type Io } from './reporter.js';

interface InspectArgs {
  spec: string;
  raw?: string;
  model?: string;
  inputDir?: string;
  format?: InputFormat;
  json: boolean;
  verbose: boolean;
}

export interface InspectedQuestion {
  id: string;
  kind: string;
  text: string;
  codes: { code: string; label: string; count: number; nonAnswer?: string }[];
  rows?: { code: string; label: string }[];
  /** Respondents (people, weighted data too): shown the question, who answered, in the base. */
  asked: number;
  answered: number;
  base: number;
  /** Weighted data: the base's Kish effective n, which the tests use. */
  effectiveN?: number;
  askedWhen: string;
}

export async function runInspect(args: InspectArgs, io: Io): Promise<void> {
  const { aggregateSurvey } = await import('../ingest/index.js');
  const { loadSurveySpec } = await import('../ingest/survey-spec.js');
  const specFile = path.resolve(args.spec);
  const [spec, result] = await Promise.all([
    loadSurveySpec(specFile),
    aggregateSurvey({
      specFile,
      inputDir: args.inputDir !== undefined ? path.resolve(args.inputDir) : undefined,
      rawFile: args.raw !== undefined ? path.resolve(args.raw) : undefined,
      modelFile: args.model !== undefined ? path.resolve(args.model) : undefined,
      format: args.format,
    }),
  ]);
  const { aggregates, diagnostics, summary } = result;
  reportDiagnostics(io, diagnostics, args.verbose);
  const questions = inspectQuestions(aggregates, spec);
  io.stderr(`${relative(io, summary.file)}: ${summary.explanation}\n`);
  io.stderr(`${summary.rowsRead} rows read${summary.removed.map((r) => `, ${r.rows} removed by ${r.name}`).join('')}, ${summary.respondents} respondents kept${summary.weighted ? ' (weighted)' : ''}\n`);
  if (args.json) {
    io.stdout(JSON.stringify({ ok: true, summary: { ...summary, file: relative(io, summary.file) }, questions, diagnostics }, null, 2) + '\n');
    return;
  }
  io.stdout(renderTable(questions));
}

export function inspectQuestions(a: Aggregates, spec: SurveySpec): InspectedQuestion[] {
  return Object.values(a.questions).map((q) => {
    const stats = q.kind === 'grid' ? (q.items?.[0]?.levels ?? []) : q.options;
    const asked = spec.questions[q.id]?.asked;
    const population = spec.populations[q.base.population];
    const who = [
      population?.when ? `${q.base.population} (${population.when.question} in ${population.when.codes.join(', ')})` : q.base.population,
      ...(asked ? [asked.map((c) => ('column' in c ? `${c.column}${c.not ? ' not' : ''} in ${c.values.join(', ')}` : `${c.question}${c.item ? `[${c.item}]` : ''}${c.not ? ' not' : ''} in ${c.codes.join(', ')}`)).join(' or ')] : []),
    ];
    return {
      id: q.id,
      // The declared kind where it is counted as another (ranking and grid-multi as grids, nps as a number or a choice).
      kind: spec.questions[q.id]?.kind ?? q.kind,
      text: q.shortText ?? q.text,
      codes: stats.map((o) => ({ code: o.code, label: o.label, count: o.count, ...(o.nonAnswer ? { nonAnswer: o.nonAnswer } : {}) })),
      ...(q.items ? { rows: q.items.map((i) => ({ code: i.code, label: i.label })) } : {}),
      // People, not sums of weights: a weighted survey's bases carry the respondents apart.
      asked: respondentsAsked(q.base),
      answered: q.base.unweightedAnswered ?? q.base.n + (q.base.excluded?.count ?? 0),
      base: respondentsIn(q.base),
      ...(q.base.effectiveN !== undefined ? { effectiveN: q.base.effectiveN } : {}),
      askedWhen: who.join(', '),
    };
  });
}

function renderTable(questions: InspectedQuestion[]): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const weighted = questions.some((q) => q.effectiveN !== undefined);
  const header = ['id', 'kind', 'asked', 'answered', 'base', ...(weighted ? ['eff. n'] : []), 'who was asked', 'codes (non-answers marked *)'];
  const numbers = weighted ? 5 : 4;
  const rows = questions.map((q) => [
    q.id,
    q.kind,
    String(q.asked),
    String(q.answered),
    String(q.base),
    ...(weighted ? [q.effectiveN === undefined ? '' : String(Math.round(q.effectiveN))] : []),
    cut(q.askedWhen, 36),
    cut(q.codes.map((c) => `${c.code}${c.nonAnswer ? '*' : ''}=${cut(c.label, 18)}`).join('; ') + (q.rows ? ` | rows ${q.rows.map((r) => r.code).join(',')}` : ''), 90),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= numbers ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  return line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  describe: 'Show what the ingest detects: questions, kinds, codes, bases and who was asked',
  options: (y) =>
    y
      .option('spec', pathOption('file', 'spec', { describe: 'Survey spec YAML', demandOption: true }))
      .option('raw', pathOption('file', 'raw', { describe: 'The export, instead of the spec\'s input.file' }))
      .option('model', pathOption('file', 'model', { describe: 'SurveyMonkey reference model, instead of the spec\'s input.model' }))
      .option('input-dir', pathOption('dir', 'input-dir', { describe: 'Folder the spec\'s file names are relative to', defaultDescription: 'the spec\'s folder' }))
      .option('format', { type: 'string', choices: [...INPUT_FORMATS], describe: 'The export\'s layout, instead of the spec\'s input.format' })
      .example('$0 inspect --spec data/my-survey/survey.yaml', 'a table of questions, kinds, codes and bases')
      .example('$0 inspect --spec data/my-survey/survey.yaml --json', 'the same as JSON'),
  run: (args, io) => runInspect(args as unknown as InspectArgs, io),
};
