// CLI: `surveydeck messages [--spec FILE | --data FILE] [--locale L…] [--json] [--accept KEY… | --accept-all]`
// → per locale, the messages that are missing, stale (the English changed since the translation was
// reviewed, or it records no fingerprint), unused, or take other arguments than English; in the
// survey's catalogue (data/<survey>/locales/) and the generic one (templates/locales/). With one
// locale, the missing messages go to stdout as YAML to translate. --accept records, for translations
// a person has reviewed, the fingerprint of today's English (writes the catalogue files).
// Exit 0 when nothing is missing, stale or mismatched (unused entries are reported, not fatal);
// 1 otherwise; 2 on usage errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { error, EXIT, expectedOneOf, type ExitCode } from '../diagnostics.js';
import { LOCALES, type Locale } from '../ir.js';
import { Catalogue, cataloguePath, FINGERPRINTS_KEY, loadCatalogue, readCatalogueFile, surveyCataloguePath, surveyDirOf } from '../load/catalogue.js';
import { checkCatalogue, expectedFingerprint, isTranslation, requiredMessages, type CatalogueProblem } from '../load/required-messages.js';
import { writeAtomically } from '../write/write-deck.js';
import { yaml } from '../load/yaml-lazy.js';
import { availableLocales, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../pipeline.js';
import { pathOption, type CliCommand } from './options.js';
import type { Io } from './reporter.js';

export interface MessagesArgs {
  locale?: string[];
  spec?: string;
  data?: string;
  templates?: string;
  json?: boolean;
  accept?: string[];
  acceptAll?: boolean;
}

export const messagesCommand: CliCommand = {
  name: 'messages',
  describe: "Check the message catalogues of a survey and the templates: missing, stale and unused translations; record reviewed ones",
  options: (y) =>
    y
      .option('locale', { alias: 'l', type: 'string', array: true, requiresArg: true, describe: `Locale(s) to check: ${LOCALES.join(', ')}`, defaultDescription: 'every locale but en that has a catalogue' })
      .option('spec', pathOption('file', 'spec', { describe: "The survey's spec: its folder holds aggregates.json and locales/" }))
      .option('data', pathOption('file', 'data', { alias: 'd', describe: 'Aggregates JSON file (its folder holds locales/)', defaultDescription: 'data/ospo-2024/aggregates.json' }))
      .option('accept', { type: 'string', array: true, requiresArg: true, describe: 'Record that these translations were reviewed against today\'s English (writes their fingerprints)' })
      .option('accept-all', { type: 'boolean', describe: 'Record every translation of the locale(s) as reviewed' })
      .conflicts('spec', 'data')
      .conflicts('accept', 'accept-all')
      .example('$0 messages --spec data/my-survey/survey.yaml', 'what each locale lacks, what is stale or unused')
      .example('$0 messages -l de > missing.de.yaml', 'the German texts still to translate, in English, as YAML')
      .example('$0 messages -l de --accept survey.satisfaction.title', 'after checking the German title against the new English'),
  run: async (args, io) => runMessages(args as unknown as MessagesArgs, io),
};

export interface LocaleReport {
  locale: Locale;
  /** Messages the locale should have: the generic ones and every text of the survey. */
  required: number;
  missing: string[];
  stale: { key: string; file?: string; line?: number; detail: string; english: string }[];
  unused: { key: string; file?: string }[];
  arguments: { key: string; detail: string }[];
}

export async function runMessages(args: MessagesArgs, io: Io): Promise<ExitCode> {
  const templatesDir = args.templates ?? DEFAULT_TEMPLATES_DIR;
  const dataFile = args.spec ? path.join(path.dirname(path.resolve(args.spec)), 'aggregates.json') : path.resolve(args.data ?? DEFAULT_DATA_FILE);
  const surveyDir = surveyDirOf(dataFile);
  const known = availableLocales(templatesDir);
  for (const l of args.locale ?? []) {
    if (!(LOCALES as readonly string[]).includes(l)) throw error('UNKNOWN_LOCALE', expectedOneOf('locale', LOCALES, l));
  }
  if (args.spec && !existsSync(dataFile)) {
    throw error('MISSING_FILE', "the survey's aggregates are not computed yet", { file: dataFile, hint: `run \`surveydeck aggregate --spec ${args.spec}\`` });
  }
  const { loadAggregates } = await import('../load/aggregates.js'); // its schema (zod) only for this command
  const aggregates = loadAggregates(dataFile);
  // A survey written in another language than English has its wording translated into English too.
  const language = aggregates.survey.language ?? 'en';
  const locales = (args.locale?.length ? args.locale : known.filter((l) => l !== 'en' || language !== 'en')) as Locale[];
  const required = requiredMessages(aggregates, loadCatalogue(templatesDir, 'en', surveyDir));

  if (args.accept?.length || args.acceptAll) {
    if (locales.includes('en') && language === 'en') throw error('INVALID_OPTION', 'English is the source text: it has no fingerprints to accept', { hint: 'name the translated locale with --locale' });
    for (const locale of locales) {
      const accepted = await acceptTranslations(templatesDir, surveyDir, locale, required, args.acceptAll ? undefined : args.accept!, language);
      io.stderr(`${locale}: recorded ${accepted} fingerprint${accepted === 1 ? '' : 's'}\n`);
    }
  }

  const reports = locales.map((locale) => reportLocale(locale, required, catalogueOf(templatesDir, surveyDir, locale, language), language));
  if (args.json) io.stdout(`${JSON.stringify({ survey: surveyDir, locales: reports }, null, 2)}\n`);
  else {
    if (reports.length === 1 && reports[0].missing.length) {
      const missing: Record<string, unknown> = {};
      for (const key of reports[0].missing) setPath(missing, key, required.get(key)!);
      io.stdout(yaml().stringify(missing, { lineWidth: 0 }));
    }
    for (const r of reports) {
      for (const s of r.stale) io.stderr(`${r.locale} stale ${s.key}${s.file ? ` (${s.file}${s.line ? `:${s.line}` : ''})` : ''}: ${s.detail}\n`);
      for (const a of r.arguments) io.stderr(`${r.locale} arguments ${a.key}: ${a.detail}\n`);
      for (const u of r.unused) io.stderr(`${r.locale} unused ${u.key}${u.file ? ` (${u.file})` : ''}\n`);
      io.stderr(`${r.locale}: ${r.required} messages required; ${r.missing.length} missing, ${r.stale.length} stale, ${r.arguments.length} with other arguments, ${r.unused.length} unused\n`);
    }
  }
  return reports.some((r) => r.missing.length || r.stale.length || r.arguments.length) ? EXIT.content : EXIT.ok;
}

/** A locale being started has no catalogue yet: everything is missing. */
function catalogueOf(templatesDir: string, surveyDir: string, locale: Locale, language: Locale): Catalogue {
  if (existsSync(cataloguePath(templatesDir, locale))) return loadCatalogue(templatesDir, locale, surveyDir, undefined, language);
  return new Catalogue(locale, cataloguePath(templatesDir, locale), new Map());
}

export function reportLocale(locale: Locale, required: Map<string, string>, catalogue: Catalogue, language: Locale = 'en'): LocaleReport {
  const problems = checkCatalogue(required, catalogue, language);
  const of = (kind: CatalogueProblem['problem']) => problems.filter((p) => p.problem === kind);
  return {
    locale,
    required: required.size,
    missing: of('missing').map((p) => p.key),
    stale: of('stale').map((p) => {
      const where = catalogue.whereOf(p.key);
      return { key: p.key, ...(where ? { file: where.file, line: where.line } : {}), detail: p.detail ?? '', english: required.get(p.key)! };
    }),
    unused: of('unused').map((p) => ({ key: p.key, ...(catalogue.fileOf(p.key) ? { file: catalogue.fileOf(p.key) } : {}) })),
    arguments: of('arguments').map((p) => ({ key: p.key, detail: p.detail ?? '' })),
  };
}

/**
 * Write the fingerprint of today's English for `keys` (all translated keys when undefined) into the
 * file each translation lives in. Only the `fingerprints:` block at the end of the file is rewritten,
 * so the translations, their comments and their layout stay as a person wrote them.
 */
async function acceptTranslations(templatesDir: string, surveyDir: string, locale: Locale, required: Map<string, string>, keys: string[] | undefined, language: Locale): Promise<number> {
  const catalogue = loadCatalogue(templatesDir, locale, surveyDir, undefined, language);
  const wanted = keys ?? catalogue.keys().filter((k) => required.has(k) && !catalogue.inEnglish(k) && isTranslation(locale, k, language));
  for (const key of wanted) if (!isTranslation(locale, key, language)) throw error('INVALID_OPTION', `\`${key}\` is the source text in ${locale}: it has no fingerprint to accept`, { hint: 'name a key of the survey\'s wording (survey.…, scale.…)' });
  const byFile = new Map<string, Map<string, string>>();
  for (const key of wanted) {
    // A text shown in English for want of a translation has none to accept (its file is the survey's English).
    const file = catalogue.inEnglish(key) ? undefined : catalogue.fileOf(key);
    if (!file) throw error('MISSING_MESSAGE', `\`${key}\` has no \`${locale}\` translation to accept`, { hint: 'translate it first; `surveydeck messages -l ' + locale + '` prints what is missing' });
    const english = required.get(key);
    if (english === undefined) throw error('INVALID_OPTION', `\`${key}\` is not a message any deck of this survey shows`, { file, hint: 'check the key; `surveydeck messages` lists unused entries' });
    if (!byFile.has(file)) byFile.set(file, new Map());
    byFile.get(file)!.set(key, expectedFingerprint(key, english));
  }
  for (const file of [surveyCataloguePath(surveyDir, locale), cataloguePath(templatesDir, locale)]) {
    const updates = byFile.get(file);
    if (!updates) continue;
    const current = readCatalogueFile(file);
    const merged = new Map([...current.fingerprints].map(([k, v]) => [k, v.value]));
    for (const [k, v] of updates) merged.set(k, v);
    await writeAtomically(file, Buffer.from(withFingerprints(readFileSync(file, 'utf8'), merged)), 'the catalogue');
  }
  return wanted.length;
}

const FINGERPRINTS_COMMENT = [
  '# Fingerprints: for each translated message, the first 8 hex digits of the SHA-256 of the English text',
  '# it was reviewed against. Written by `surveydeck messages --accept KEY` (or --accept-all) after a',
  '# person checked the translation; a translation whose English changed since fails the build (STALE_TRANSLATION).',
];

/** `text` with its top-level `fingerprints:` block (and the comment above it) replaced by `fingerprints`, sorted, at the end. */
export function withFingerprints(text: string, fingerprints: Map<string, string>): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${FINGERPRINTS_KEY}:` || l.startsWith(`${FINGERPRINTS_KEY}: `));
  let kept = lines;
  if (start >= 0) {
    let end = start + 1;
    while (end < lines.length && (lines[end] === '' || /^\s/.test(lines[end]))) end++;
    let from = start;
    while (from > 0 && lines[from - 1].startsWith('#')) from--;
    kept = [...lines.slice(0, from), ...lines.slice(end)];
  }
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  const key = (k: string) => (/^[A-Za-z0-9_.-]+$/.test(k) ? k : JSON.stringify(k));
  const block = [...fingerprints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `  ${key(k)}: "${v}"`);
  return [...kept, '', ...FINGERPRINTS_COMMENT, `${FINGERPRINTS_KEY}:`, ...block, ''].join('\n');
}

function setPath(root: Record<string, unknown>, dotted: string, value: string): void {
  const parts = dotted.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}
