// CLI: argv → checked usage → one command → an exit code. Never calls process.exit; the bin sets
// process.exitCode from what this returns.
//
//   1. parse  ─ yargs, strict: unknown options, missing or repeated values, bad paths (exit 2)
//   2. run    ─ only then the chosen command does its work (see commands.ts)
import yargs, { type Argv } from 'yargs';
import { EXIT, exitCodeFor, SurveydeckError, toDiagnostics, type Diagnostic, type ExitCode } from '../diagnostics.js';
import { CLI_COMMANDS } from './commands.js';
import { pathOption, takeCoerceError, type CliCommand, type CommonArgs } from './options.js';
import { processIo, reportDiagnostics, type Io } from './reporter.js';
import { packageVersion } from '../project.js';


export async function run(argv: string[], io: Io = processIo): Promise<ExitCode> {
  let usage: Diagnostic[] | undefined;
  /** Boolean flags; `--json=maybe` is a usage error rather than silently false. */
  const flags: string[] = ['json', 'verbose'];
  let chosen: { command: CliCommand; args: CommonArgs & Record<string, unknown> } | undefined;
  // yargs lays some messages out on lines ('Invalid values:\n  Argument: charts, …'); a diagnostic is one line.
  const usageError = (message: string) => toDiagnostics(new SurveydeckError({ severity: 'error', code: 'INVALID_OPTION', message: message.replace(/\s*\n\s*/g, ' '), hint: 'see surveydeck --help' }));

  let parser = yargs(argv)
    .scriptName('surveydeck')
    .usage('$0 <command> [options]\n\nTurn survey results into branded, editable PowerPoint decks.')
    .option('json', { type: 'boolean', default: false, describe: 'Print results as JSON on stdout' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Show stack traces of errors' })
    .option('templates', pathOption('dir', 'templates', { describe: 'Templates folder (slides, decks, charts, brands, locales)', defaultDescription: 'templates/' }));
  for (const command of CLI_COMMANDS) {
    const options = (y: Argv) => {
      const built = command.options(y);
      // the chosen command's own flags (--force, --strict …); getOptions is public yargs API missing from @types/yargs 17
      flags.push(...(built as unknown as { getOptions: () => { boolean: string[] } }).getOptions().boolean);
      return built;
    };
    parser = parser.command(command.name, command.describe, options, (args) => {
      chosen = { command, args: args as unknown as CommonArgs & Record<string, unknown> };
    });
  }
  parser = parser
    .example('$0 build', 'every deck (executive briefing, full results, conference talk) in every locale')
    .example('$0 build -a executive-briefing -l de --brand ember', 'one deck, in German, in the Ember brand')
    .example('$0 aggregate', 'recompute data/ospo-2024/aggregates.json from the raw export')
    .epilogue('Decks are written to output/<audience>.<locale>.pptx. Exit codes: 0 ok, 1 content error, 2 usage, 3 environment, 70 internal.')
    .demandCommand(1, `Name a command: ${CLI_COMMANDS.map((c) => c.name).join(', ')}`)
    .strict()
    .help()
    .version(packageVersion())
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      const ours = takeCoerceError(err?.message ?? msg);
      usage ??= ours ? ours.diagnostics : usageError(msg ?? err?.message ?? 'invalid arguments');
    })
    .showHelpOnFail(false);

  // yargs renders the whole help text once a command is parsed, in case the command shows it later
  // (≈ 0.15 s of CPU: string widths of every option, most of a build that skips its decks); ours never
  // do, and --help renders its own. Internal API: if it moves, the help is just rendered as before.
  const usageInstance = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance?.();
  if (typeof usageInstance?.cacheHelpMessage === 'function') usageInstance.cacheHelpMessage = () => {};

  // 1. parse
  let helpShown = false;
  await parser.parse(argv, {}, (_err, _argv, output) => {
    if (output) {
      helpShown = true;
      // the version is an answer a script reads (`$(surveydeck --version)`); help is for a person
      if (argv.includes('--version') && !argv.includes('--help')) io.stdout(output + '\n');
      else io.stderr(output + '\n');
    }
  });
  const badFlag = argv.find((a) => flags.some((f) => a.startsWith(`--${f}=`) && !/^--[\w-]+=(true|false)$/.test(a)));
  if (!usage && badFlag) usage = usageError(`\`${badFlag.split('=')[0]}\` is a flag: give it without a value (or =true/=false)`);
  if (usage) {
    if (!helpShown) reportDiagnostics(io, usage, false);
    // Scripts that asked for JSON get the usage error as JSON too, like any other failure.
    if (argv.includes('--json')) io.stdout(JSON.stringify({ ok: false, diagnostics: usage }, null, 2) + '\n');
    return EXIT.usage;
  }
  if (!chosen) return EXIT.ok; // --help

  // 2. run
  const { command, args } = chosen;
  try {
    return (await command.run(args, io)) ?? EXIT.ok;
  } catch (e) {
    const diagnostics = toDiagnostics(e);
    if (args.json) io.stdout(JSON.stringify({ ok: false, diagnostics }, null, 2) + '\n');
    reportDiagnostics(io, diagnostics, args.verbose, e);
    return exitCodeFor(diagnostics);
  }
}
