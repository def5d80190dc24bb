// CLI: `surveydeck build` → buildDecks → one line per deck and a summary on stderr (--json: stdout).
import { describeRebuild } from '../incremental/deck-record.js';
import { CHART_MODES, LOCALES, type ChartMode, type RebuildReason } from '../ir.js';
import { resolveShard, SHARD_ENV } from '../scale/shard.js';
import { pathOption, type CliCommand } from './options.js';
import type { BuildOptions } from '../pipeline.js';
import { relative, reportDeck, reportDiagnostics, type Io } from './reporter.js';

export interface BuildArgs {
  audience?: string[];
  locale?: string[];
  brand?: string;
  data?: string;
  out?: string;
  cache?: string;
  force: boolean;
  shard?: string;
  shardCount?: number;
  per?: string[];
  charts?: ChartMode;
  templates?: string;
  json: boolean;
  verbose: boolean;
}

/** The command line's build options; throws INVALID_SHARD for a bad `--shard` or shard environment. */
export function buildOptionsOf(args: BuildArgs, io: Io): BuildOptions {
  return {
    audiences: args.audience?.flatMap((a) => a.split(',')),
    locales: args.locale?.flatMap((l) => l.split(',')),
    brand: args.brand,
    dataFile: args.data,
    outDir: args.out,
    templatesDir: args.templates,
    cacheDir: args.cache,
    force: args.force,
    per: args.per?.flatMap((p) => p.split(',')),
    shard: resolveShard({ shard: args.shard, shardCount: args.shardCount }, process.env),
    charts: args.charts,
    onDeck: (e) => reportDeck(io, e),
  };
}

export const buildCommand: CliCommand = {
  name: 'build',
  describe: 'Build decks into the output folder',
  options: (y) =>
    y
      .option('audience', { alias: 'a', type: 'string', array: true, requiresArg: true, describe: 'Deck(s) to build', defaultDescription: 'all' })
      .option('locale', { alias: 'l', type: 'string', array: true, requiresArg: true, describe: `Locale(s): ${LOCALES.join(', ')}`, defaultDescription: 'English and each locale the survey has texts in' })
      .option('brand', { alias: 'b', type: 'string', requiresArg: true, describe: 'Brand folder under templates/brands', defaultDescription: 'harbor' })
      .option('data', pathOption('file', 'data', { alias: 'd', describe: 'Aggregates JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' }))
      .option('out', pathOption('out-dir', 'out', { alias: 'o', describe: 'Output folder', defaultDescription: 'output/' }))
      .option('cache', pathOption('out-dir', 'cache', { describe: 'Chart and font cache folder', defaultDescription: '.cache/' }))
      .option('force', { type: 'boolean', default: false, describe: 'Build every deck, even those whose inputs have not changed since they were written' })
      .option('per', { type: 'string', array: true, requiresArg: true, describe: 'One deck per segment value of a dimension the survey spec defines (a dimension, or dimension:segment for one), from `aggregate --per`' })
      .option('shard', { type: 'string', requiresArg: true, describe: 'Build slice i of n of the whole job (1-based), e.g. 2/4; shards are disjoint and together the whole build' })
      .option('shard-count', { type: 'number', requiresArg: true, describe: `Shard count when the index comes from ${SHARD_ENV.index} (0-based, Kubernetes Indexed Jobs)`, defaultDescription: `$${SHARD_ENV.count}` })
      .option('charts', { type: 'string', choices: CHART_MODES, requiresArg: true, describe: 'Charts as pictures or as native, editable charts with their data', defaultDescription: "each deck's `charts:`, else picture" })
      .example('$0 build', "every deck in English and the survey's translated locales, default brand")
      .example('$0 build -a executive-briefing -l en', 'one deck')
      .example('$0 build --brand ember --out /tmp/decks', 'another brand, another folder')
      .example('$0 build --per region -a executive-briefing', "one briefing per region, each with that region's own figures")
      .example('$0 build --charts native', 'editable PowerPoint charts with their data, in every deck'),
  run: async (argv, io) => {
    const args = argv as unknown as BuildArgs;
    const options = buildOptionsOf(args, io); // usage first: a bad shard exits 2 before any work
    const shard = options.shard;
    const { buildDecks } = await import('../pipeline.js');
    const result = await buildDecks(options);
    reportDiagnostics(io, result.diagnostics, args.verbose);
    const slides = result.decks.reduce((s, d) => s + d.slides, 0);
    const decks = (n: number) => `${n} deck${n === 1 ? '' : 's'}`;
    const unchanged = `${result.skipped.length} unchanged (same inputs and bytes as when written; --force rebuilds them)`;
    const wrote = `Wrote ${decks(result.decks.length)} (${slides} slides, ${result.charts.rendered} charts rendered, ${result.charts.cached} from cache)`;
    const summary = result.decks.length === 0 && result.skipped.length > 0 ? `Skipped ${decks(result.skipped.length)}: all ${unchanged}` : `${wrote}${result.skipped.length ? `, skipped ${unchanged}` : ''}`;
    const slice = shard ? `Shard ${shard.index}/${shard.count}: ` : '';
    const flagged = result.claims.filter((c) => c.flagged).length;
    const claims = result.claims.length ? `; ${result.claims.length} claims checked, ${flagged} flagged (small base)` : '';
    io.stderr(`${slice}${summary}${claims} in ${result.seconds.toFixed(1)} seconds\n`);
    if (args.json) {
      const rel = (f: string) => relative(io, f);
      const reason = (r: RebuildReason) => ({ ...r, ...('file' in r ? { file: rel(r.file) } : {}), text: describeRebuild(r, rel) });
      const written = result.decks.map((d) => ({ ...d, file: rel(d.file), ...(d.reason ? { reason: reason(d.reason) } : {}) }));
      const skipped = result.skipped.map((d) => ({ ...d, file: rel(d.file) }));
      io.stdout(JSON.stringify({ ok: true, ...result, decks: written, skipped }, null, 2) + '\n');
    }
  },
};
