// CLI: `surveydeck aggregate` → ingest stage → the aggregates file, written atomically.
import path from 'node:path';
import { reportDiagnostics, relative, type Io } from './reporter.js';
import { DEFAULT_DATA_FILE, PROJECT_ROOT } from '../pipeline.js';
import { writeAtomically } from '../write/write-deck.js';
import { pathOption, type CliCommand } from './options.js';

export function sharedDataDir(): string {
  return path.resolve(process.env.SURVEYDECK_SHARED_DATA ?? path.join(PROJECT_ROOT, '..', 'shared', 'data'));
}

export interface AggregateArgs {
  raw?: string;
  model?: string;
  filters?: string;
  spec?: string;
  trend?: string;
  out?: string;
  json: boolean;
  verbose: boolean;
}

export async function runAggregate(args: AggregateArgs, io: Io): Promise<void> {
  const { aggregateSurvey, serializeAggregates } = await import('../ingest/index.js');
  const shared = sharedDataDir();
  const started = performance.now();
  const rawFile = path.resolve(args.raw ?? path.join(shared, 'ospo-survey-2024', 'raw-numeric.csv'));
  const { aggregates, diagnostics } = await aggregateSurvey({
    rawFile,
    modelFile: path.resolve(args.model ?? path.join(shared, 'ospo-survey-2024', 'reference-model.csv')),
    filtersFile: path.resolve(args.filters ?? path.join(shared, 'ospo-survey-2024', 'filter-criteria.csv')),
    specFile: path.resolve(args.spec ?? path.join(path.dirname(DEFAULT_DATA_FILE), 'survey.yaml')),
    trend: { rawFile: path.resolve(args.trend ?? path.join(shared, 'ospo-survey-2023', 'raw.csv')), year: 2023 },
  });
  reportDiagnostics(io, diagnostics, args.verbose);
  const out = path.resolve(args.out ?? DEFAULT_DATA_FILE);
  await writeAtomically(out, Buffer.from(serializeAggregates(aggregates)), 'the aggregates');
  const questions = Object.keys(aggregates.questions).length;
  io.stderr(
    `Aggregated ${aggregates.survey.respondents} respondents, ${questions} questions, ${Object.keys(aggregates.findings).length} findings into ${relative(io, out)} in ${((performance.now() - started) / 1000).toFixed(1)} seconds\n`,
  );
  if (args.json) io.stdout(JSON.stringify({ ok: true, file: relative(io, out), respondents: aggregates.survey.respondents, questions, diagnostics }, null, 2) + '\n');
}

export const aggregateCommand: CliCommand = {
  name: 'aggregate',
  describe: 'Aggregate a raw survey export into the aggregates the decks bind to',
  options: (y) =>
    y
      .option('raw', pathOption('file', 'raw', { describe: 'Raw export CSV (3 header rows)', defaultDescription: '../shared/data/ospo-survey-2024/raw-numeric.csv' }))
      .option('model', pathOption('file', 'model', { describe: 'Reference model CSV', defaultDescription: '…/reference-model.csv' }))
      .option('filters', pathOption('file', 'filters', { describe: 'Filter criteria CSV', defaultDescription: '…/filter-criteria.csv' }))
      .option('spec', pathOption('file', 'spec', { describe: 'Survey spec YAML', defaultDescription: 'data/ospo-2024/survey.yaml' }))
      .option('trend', pathOption('file', 'trend', { describe: 'Previous year raw export, for trends', defaultDescription: '../shared/data/ospo-survey-2023/raw.csv' }))
      .option('out', pathOption('out-file', 'out', { alias: 'o', describe: 'Output JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' }))
      .example('$0 aggregate', 'regenerate data/ospo-2024/aggregates.json from ../shared'),
  run: (args, io) => runAggregate(args as unknown as AggregateArgs, io),
};
