// CLI: yargs commands → library calls → an exit code. Never calls process.exit; the bin sets
// process.exitCode from what this returns.
import yargs from 'yargs';
import { EXIT, exitCodeFor, toDiagnostics, type ExitCode } from '../diagnostics.js';
import { LOCALES } from '../ir.js';
import { processIo, relative, reportDeck, reportDiagnostics, type Io } from './reporter.js';

interface Common {
  json: boolean;
  verbose: boolean;
  templates?: string;
}

export async function run(argv: string[], io: Io = processIo): Promise<ExitCode> {
  let exit: ExitCode = EXIT.ok;
  let usageError: string | undefined;

  const guard = async (common: Common, body: () => Promise<void>) => {
    try {
      await body();
    } catch (e) {
      const diagnostics = toDiagnostics(e);
      if (common.json) io.stdout(JSON.stringify({ ok: false, diagnostics }, null, 2) + '\n');
      reportDiagnostics(io, diagnostics, common.verbose, e);
      exit = exitCodeFor(diagnostics);
    }
  };

  const parser = yargs(argv)
    .scriptName('surveydeck')
    .usage('$0 <command> [options]\n\nTurn survey results into branded, editable PowerPoint decks.')
    .option('json', { type: 'boolean', default: false, describe: 'Print results as JSON on stdout' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Show stack traces of errors' })
    .option('templates', { type: 'string', describe: 'Templates folder (slides, decks, charts, brands, locales)', defaultDescription: 'templates/' })
    .command(
      'build',
      'Build decks into the output folder',
      (y) =>
        y
          .option('audience', { alias: 'a', type: 'string', array: true, describe: 'Deck(s) to build', defaultDescription: 'all' })
          .option('locale', { alias: 'l', type: 'string', array: true, describe: `Locale(s): ${LOCALES.join(', ')}`, defaultDescription: 'all with a catalogue' })
          .option('brand', { alias: 'b', type: 'string', describe: 'Brand folder under templates/brands', defaultDescription: 'harbor' })
          .option('data', { alias: 'd', type: 'string', describe: 'Aggregates JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' })
          .option('out', { alias: 'o', type: 'string', describe: 'Output folder', defaultDescription: 'output/' })
          .option('cache', { type: 'string', describe: 'Chart and font cache folder', defaultDescription: '.cache/' })
          .example('$0 build', 'every deck in every locale, default brand')
          .example('$0 build -a executive-briefing -l en', 'one deck')
          .example('$0 build --brand ember --out /tmp/decks', 'another brand, another folder'),
      async (args) =>
        guard(args, async () => {
          const { buildDecks } = await import('../pipeline.js');
          const result = await buildDecks({
            audiences: args.audience?.flatMap((a) => a.split(',')),
            locales: args.locale?.flatMap((l) => l.split(',')),
            brand: args.brand,
            dataFile: args.data,
            outDir: args.out,
            templatesDir: args.templates,
            cacheDir: args.cache,
            onDeck: (e) => reportDeck(io, e),
          });
          reportDiagnostics(io, result.diagnostics, args.verbose);
          const slides = result.decks.reduce((s, d) => s + d.slides, 0);
          io.stderr(
            `Wrote ${result.decks.length} deck${result.decks.length === 1 ? '' : 's'} (${slides} slides, ${result.charts.rendered} charts rendered, ${result.charts.cached} from cache) in ${result.seconds.toFixed(1)} seconds\n`,
          );
          if (args.json) io.stdout(JSON.stringify({ ok: true, ...result, decks: result.decks.map((d) => ({ ...d, file: relative(io, d.file) })) }, null, 2) + '\n');
        }),
    )
    .command(
      'list',
      'List the audiences, brands, locales and charts found',
      (y) => y.example('$0 list --json', 'as JSON'),
      async (args) =>
        guard(args, async () => {
          const { listResources } = await import('../index.js');
          const found = listResources({ templatesDir: args.templates });
          if (args.json) io.stdout(JSON.stringify(found, null, 2) + '\n');
          else for (const [k, v] of Object.entries(found)) io.stdout(`${k}: ${v.join(', ')}\n`);
        }),
    )
    .command(
      'aggregate',
      'Aggregate a raw survey export into the aggregates the decks bind to',
      (y) =>
        y
          .option('raw', { type: 'string', describe: 'Raw export CSV (3 header rows)', defaultDescription: '../shared/data/ospo-survey-2024/raw-numeric.csv' })
          .option('model', { type: 'string', describe: 'Reference model CSV', defaultDescription: '…/reference-model.csv' })
          .option('filters', { type: 'string', describe: 'Filter criteria CSV', defaultDescription: '…/filter-criteria.csv' })
          .option('spec', { type: 'string', describe: 'Survey spec YAML', defaultDescription: 'data/ospo-2024/survey.yaml' })
          .option('trend', { type: 'string', describe: 'Previous year raw export, for trends', defaultDescription: '../shared/data/ospo-survey-2023/raw.csv' })
          .option('out', { alias: 'o', type: 'string', describe: 'Output JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' })
          .example('$0 aggregate', 'regenerate data/ospo-2024/aggregates.json from ../shared'),
      async (args) =>
        guard(args, async () => {
          const { runAggregate } = await import('./aggregate.js');
          await runAggregate(args, io);
        }),
    )
    .command(
      'messages',
      'Check a locale\'s message catalogue; print the messages it lacks, in English, as YAML to translate',
      (y) =>
        y
          .option('locale', { alias: 'l', type: 'string', demandOption: true, describe: `One of ${LOCALES.join(', ')}` })
          .option('data', { alias: 'd', type: 'string', describe: 'Aggregates JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' })
          .example('$0 messages -l de > missing.de.yaml', 'what the German catalogue still needs'),
      async (args) =>
        guard(args, async () => {
          const { runMessages } = await import('./messages.js');
          const code = runMessages({ locale: args.locale, data: args.data, templates: args.templates }, io);
          if (code !== 0) exit = EXIT.content;
        }),
    )
    .example('$0 build', 'every deck (executive briefing, full results, conference talk) in every locale')
    .example('$0 build -a executive-briefing -l de --brand ember', 'one deck, in German, in the Ember brand')
    .example('$0 aggregate', 'recompute data/ospo-2024/aggregates.json from the raw export')
    .epilogue('Decks are written to output/<audience>.<locale>.pptx. Exit codes: 0 ok, 1 content error, 2 usage, 3 environment, 70 internal.')
    .demandCommand(1, 'Name a command: build, list, aggregate or messages')
    .strict()
    .help()
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      usageError = msg ?? err?.message ?? 'invalid arguments';
    })
    .showHelpOnFail(false);

  let helpShown = false;
  await parser.parse(argv, {}, (_err, _argv, output) => {
    if (output) {
      helpShown = true;
      io.stderr(output + '\n');
    }
  });
  if (usageError) {
    if (!helpShown) io.stderr(`error INVALID_OPTION: ${usageError} (see surveydeck --help)\n`);
    return EXIT.usage;
  }
  return exit;
}
