// CLI: `surveydeck build` → buildDecks → one line per deck and a summary on stderr (--json: stdout).
import { LOCALES } from '../ir.js';
import { pathOption, type CliCommand } from './options.js';
import { relative, reportDeck, reportDiagnostics } from './reporter.js';

interface BuildArgs {
  audience?: string[];
  locale?: string[];
  brand?: string;
  data?: string;
  out?: string;
  cache?: string;
  templates?: string;
  json: boolean;
  verbose: boolean;
}

export const buildCommand: CliCommand = {
  name: 'build',
  describe: 'Build decks into the output folder',
  options: (y) =>
    y
      .option('audience', { alias: 'a', type: 'string', array: true, requiresArg: true, describe: 'Deck(s) to build', defaultDescription: 'all' })
      .option('locale', { alias: 'l', type: 'string', array: true, requiresArg: true, describe: `Locale(s): ${LOCALES.join(', ')}`, defaultDescription: 'all with a catalogue' })
      .option('brand', { alias: 'b', type: 'string', requiresArg: true, describe: 'Brand folder under templates/brands', defaultDescription: 'harbor' })
      .option('data', pathOption('file', 'data', { alias: 'd', describe: 'Aggregates JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' }))
      .option('out', pathOption('out-dir', 'out', { alias: 'o', describe: 'Output folder', defaultDescription: 'output/' }))
      .option('cache', pathOption('out-dir', 'cache', { describe: 'Chart and font cache folder', defaultDescription: '.cache/' }))
      .example('$0 build', 'every deck in every locale, default brand')
      .example('$0 build -a executive-briefing -l en', 'one deck')
      .example('$0 build --brand ember --out /tmp/decks', 'another brand, another folder'),
  run: async (argv, io) => {
    const args = argv as unknown as BuildArgs;
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
  },
};
