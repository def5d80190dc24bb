// CLI: `surveydeck messages --locale de` → what the locale's catalogue lacks, as YAML to translate
// (stdout), and messages whose arguments differ from English (stderr). Exit 1 when anything is off.
import { stringify } from 'yaml';
import { error, EXIT, expectedOneOf, type ExitCode } from '../diagnostics.js';
import { LOCALES, type Locale } from '../ir.js';
import { loadAggregates } from '../load/aggregates.js';
import { existsSync } from 'node:fs';
import { Catalogue, cataloguePath, loadCatalogue } from '../load/catalogue.js';
import { checkCatalogue, requiredMessages } from '../load/required-messages.js';
import { DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../pipeline.js';
import { pathOption, type CliCommand } from './options.js';
import type { Io } from './reporter.js';

export const messagesCommand: CliCommand = {
  name: 'messages',
  describe: "Check a locale's message catalogue; print the messages it lacks, in English, as YAML to translate",
  options: (y) =>
    y
      .option('locale', { alias: 'l', type: 'string', requiresArg: true, demandOption: true, describe: `One of ${LOCALES.join(', ')}` })
      .option('data', pathOption('file', 'data', { alias: 'd', describe: 'Aggregates JSON file', defaultDescription: 'data/ospo-2024/aggregates.json' }))
      .example('$0 messages -l de > missing.de.yaml', 'what the German catalogue still needs'),
  run: async (args, io) => runMessages(args as unknown as { locale: string; data?: string; templates?: string }, io),
};

export function runMessages(args: { locale: string; data?: string; templates?: string }, io: Io): ExitCode {
  if (!(LOCALES as readonly string[]).includes(args.locale)) throw error('UNKNOWN_LOCALE', expectedOneOf('locale', LOCALES, args.locale));
  const templatesDir = args.templates ?? DEFAULT_TEMPLATES_DIR;
  const aggregates = loadAggregates(args.data ?? DEFAULT_DATA_FILE);
  const required = requiredMessages(aggregates, loadCatalogue(templatesDir, 'en'));
  const locale = args.locale as Locale;
  // A locale being started has no catalogue yet: everything is missing.
  const catalogue = existsSync(cataloguePath(templatesDir, locale)) ? loadCatalogue(templatesDir, locale) : new Catalogue(locale, cataloguePath(templatesDir, locale), new Map());
  const problems = checkCatalogue(required, catalogue);
  const missing: Record<string, unknown> = {};
  for (const p of problems.filter((x) => x.problem === 'missing')) setPath(missing, p.key, required.get(p.key)!);
  if (Object.keys(missing).length) io.stdout(stringify(missing, { lineWidth: 0 }));
  for (const p of problems.filter((x) => x.problem !== 'missing')) io.stderr(`${p.problem} ${p.key}${p.detail ? `: ${p.detail}` : ''}\n`);
  const counts = ['missing', 'arguments', 'unused'].map((k) => `${problems.filter((p) => p.problem === k).length} ${k}`).join(', ');
  io.stderr(`${args.locale}: ${required.size} messages required; ${counts}\n`);
  return problems.some((p) => p.problem !== 'unused') ? EXIT.content : EXIT.ok;
}

function setPath(root: Record<string, unknown>, dotted: string, value: string): void {
  const parts = dotted.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}
