// CLI: `surveydeck aggregate` → ingest stage → the aggregates file, written atomically.
import path from 'node:path';
import { reportDiagnostics, relative, type Io } from './reporter.js';
import { DEFAULT_DATA_FILE, PROJECT_ROOT } from '../pipeline.js';
import { removeStaleTempFiles, writeAtomically } from '../write/write-deck.js';
import { pathOption, type CliCommand } from './options.js';

export function sharedDataDir(): string {
  return path.resolve(process.env.SURVEYDECK_SHARED_DATA ?? path.join(PROJECT_ROOT, '..', 'shared', 'data'));
}

export interface AggregateArgs {
  raw?: string;
  model?: string;
  spec?: string;
  trend?: string;
  inputDir?: string;
  format?: string;
  out?: string;
  per?: string[];
  json: boolean;
  verbose: boolean;
}

export async function runAggregate(args: AggregateArgs, io: Io): Promise<void> {
  const { aggregateSurvey, serializeAggregates, specSha256 } = await import('../ingest/index.js');
  const started = performance.now();
  // Without --spec: the bundled example, the 2024 OSPO survey, read from the shared data folder.
  // Said out loud, so nothing is a hidden default.
  const bundled = args.spec === undefined;
  const specFile = path.resolve(args.spec ?? path.join(path.dirname(DEFAULT_DATA_FILE), 'survey.yaml'));
  const inputDir = args.inputDir !== undefined ? path.resolve(args.inputDir) : bundled ? sharedDataDir() : undefined;
  if (bundled) io.stderr(`No --spec: aggregating the bundled example ${relative(io, specFile)} from ${relative(io, inputDir!)}\n`);
  const sha256 = specSha256(specFile);
  const { aggregates, diagnostics, summary } = await aggregateSurvey({
    specFile,
    inputDir,
    rawFile: args.raw !== undefined ? path.resolve(args.raw) : undefined,
    modelFile: args.model !== undefined ? path.resolve(args.model) : undefined,
    trendFile: args.trend !== undefined ? path.resolve(args.trend) : undefined,
    format: args.format as import('../ingest/survey-spec.js').InputFormat | undefined,
  });
  reportDiagnostics(io, diagnostics, args.verbose);
  io.stderr(`Read ${relative(io, summary.file)}: ${summary.explanation}\n`);
  io.stderr(
    `${summary.rowsRead} rows read${summary.removed.map((r) => `, ${r.rows} removed by ${r.name}`).join('')}, ${summary.respondents} respondents kept${summary.weighted ? ' (weighted)' : ''}\n`,
  );
  const out = path.resolve(args.out ?? (bundled ? DEFAULT_DATA_FILE : path.join(path.dirname(specFile), 'aggregates.json')));
  removeStaleTempFiles(path.dirname(out)); // what a killed run left beside the file
  await writeAtomically(out, Buffer.from(serializeAggregates(aggregates, { specFile, specSha256: sha256, outFile: out })), 'the aggregates');
  const questions = Object.keys(aggregates.questions).length;
  io.stderr(
    `Aggregated ${aggregates.survey.respondents} respondents, ${questions} questions, ${Object.keys(aggregates.findings).length} findings into ${relative(io, out)} in ${((performance.now() - started) / 1000).toFixed(1)} seconds\n`,
  );
  let segments: { segment: string; file: string; respondents: number }[] = [];
  if (args.per?.length) {
    const { aggregateSegmentFiles } = await import('../scale/segments.js');
    const per = await aggregateSegmentFiles({ specFile, inputDir, rawFile: args.raw && path.resolve(args.raw), modelFile: args.model && path.resolve(args.model), format: args.format as import('../ingest/survey-spec.js').InputFormat | undefined, aggregates, dataFile: out, per: args.per.flatMap((p) => p.split(',')) });
    segments = per.files.map((f) => ({ ...f, file: relative(io, f.file) }));
    for (const f of segments) io.stderr(`Aggregated ${f.respondents} respondents of ${f.segment} into ${f.file}\n`);
  }
  if (args.json) io.stdout(JSON.stringify({ ok: true, file: relative(io, out), segments, respondents: aggregates.survey.respondents, questions, summary: { ...summary, file: relative(io, summary.file) }, diagnostics }, null, 2) + '\n');
}

export const aggregateCommand: CliCommand = {
  name: 'aggregate',
  describe: 'Aggregate a raw survey export into the aggregates the decks bind to',
  options: (y) =>
    y
      .option('spec', pathOption('file', 'spec', { describe: 'Survey spec YAML: names the export and how to read it', defaultDescription: 'the bundled example data/ospo-2024/survey.yaml' }))
      .option('raw', pathOption('file', 'raw', { describe: 'The export (CSV, TSV or XLSX), instead of the spec\'s input.file' }))
      .option('model', pathOption('file', 'model', { describe: 'SurveyMonkey reference model CSV, instead of the spec\'s input.model' }))
      .option('trend', pathOption('file', 'trend', { describe: 'The earlier wave\'s export, instead of the spec\'s trend.file' }))
      .option('input-dir', pathOption('dir', 'input-dir', { describe: 'Folder the spec\'s file names are relative to', defaultDescription: 'the spec\'s folder (../shared/data for the bundled example)' }))
      .option('format', { type: 'string', choices: ['surveymonkey-expanded', 'surveymonkey-condensed', 'qualtrics', 'tidy'], describe: 'The export\'s layout, instead of the spec\'s input.format' })
      .option('out', pathOption('out-file', 'out', { alias: 'o', describe: 'Output JSON file', defaultDescription: 'aggregates.json beside the spec' }))
      .option('per', { type: 'string', array: true, requiresArg: true, describe: 'Also one aggregates file per segment of these dimensions (region, size, …), in segments/ beside --out' })
      .example('$0 aggregate --spec data/my-survey/survey.yaml', 'read the export the spec names, write data/my-survey/aggregates.json')
      .example('$0 aggregate', 'regenerate data/ospo-2024/aggregates.json from ../shared/data'),
  run: (args, io) => runAggregate(args as unknown as AggregateArgs, io),
};
