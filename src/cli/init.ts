// CLI: `surveydeck init --raw FILE [--out DIR]` → a commented survey spec drafted from the export,
// and on stderr what was guessed and what a person must confirm. Writes one file (never over one).
import { INPUT_LIMITS } from '../load/input-bounds.js';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { error } from '../diagnostics.js';
import { INPUT_FORMATS, type InputFormat } from '../ingest/input-formats.js';
import { isTextEncoding } from '../ingest/utf8.js';
import { writeAtomically } from '../write/write-deck.js';
import { pathOption, type CliCommand } from './options.js';
import { relative, type Io } from './reporter.js';

interface InitArgs {
  raw: string;
  out?: string;
  format?: InputFormat;
  encoding?: string;
  force: boolean;
  json: boolean;
}

export async function runInit(args: InitArgs, io: Io): Promise<void> {
  const { draftSpec, renderDraft } = await import('../ingest/draft-spec.js');
  const raw = path.resolve(args.raw);
  const name = surveyName(raw);
  const outDir = path.resolve(args.out ?? path.join('data', name));
  const specFile = path.join(outDir, 'survey.yaml');
  if (existsSync(specFile) && !args.force) {
    throw error('INVALID_OPTION', `${relative(io, specFile)} exists; init never overwrites a spec`, { file: specFile, hint: 'choose another --out, or pass --force' });
  }
  if (args.encoding !== undefined && !isTextEncoding(args.encoding)) {
    throw error('INVALID_OPTION', `--encoding ${args.encoding}: not an encoding TextDecoder knows`, { hint: 'e.g. windows-1252 (Excel in Western Europe and the Americas), shift_jis, gbk, utf-16le' });
  }
  const draft = await draftSpec(raw, { format: args.format, ...(args.encoding ? { encoding: args.encoding } : {}) });
  if (draft.questions.length === 0) {
    // A spec of no questions aggregates nothing: said now, not after a person has filled in its title.
    throw error('WRONG_FORMAT', `Found no question in ${relative(io, raw)} (${draft.format}): every column is metadata (${draft.metadata.length ? draft.metadata.join(', ') : 'none named'})`, {
      file: raw,
      hint: 'check the file is the responses export, one column per question; or pass --format',
    });
  }
  const text = Buffer.from(renderDraft(draft, { id: name, specDir: outDir }));
  // A draft no later command would read: said now, before anything is written.
  if (text.length > INPUT_LIMITS.specBytes) {
    throw error('INPUT_TOO_LARGE', `The draft spec of ${relative(io, raw)} would be ${(text.length / (1024 * 1024)).toFixed(1)} MiB (${draft.questions.length} questions), past the ${INPUT_LIMITS.specBytes / (1024 * 1024)} MiB a survey spec is read with`, {
      file: raw,
      hint: 'is this a responses export, one column per question or answer? a wide data dump needs its questions chosen first',
    });
  }
  await mkdir(outDir, { recursive: true });
  await writeAtomically(specFile, text, 'the survey spec');
  const kinds = new Map<string, number>();
  for (const q of draft.questions) kinds.set(q.kind, (kinds.get(q.kind) ?? 0) + 1);
  io.stderr(`Read ${relative(io, raw)}: ${draft.format} export (detected: ${draft.formatWhy}), ${draft.rows} respondent rows\n`);
  io.stderr(`Guessed ${draft.questions.length} questions (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})${draft.fieldedFrom ? `, fieldwork ${draft.fieldedFrom} to ${draft.fieldedTo}` : ''}\n`);
  io.stderr(`Confirm before aggregating (each is marked CONFIRM in the spec):\n${draft.confirm.map((c) => `  - ${c}\n`).join('')}`);
  io.stderr(`  - survey title, source and licence (TODO in the spec); filters for screeners or test responses; who was asked what (populations, asked:); the questions the briefing and the talk show (highlights:)\n`);
  const inside = !path.relative(outDir, raw).startsWith('..');
  io.stderr(
    `Wrote ${relative(io, specFile)}. Next: review it, then\n  surveydeck inspect --spec ${relative(io, specFile)}${inside ? '' : ` --input-dir ${relative(io, path.dirname(raw))}`}\n  surveydeck aggregate --spec ${relative(io, specFile)}${inside ? '' : ` --input-dir ${relative(io, path.dirname(raw))}`}\n`,
  );
  if (args.json) io.stdout(JSON.stringify({ ok: true, file: relative(io, specFile), draft: { ...draft, file: relative(io, draft.file) } }, null, 2) + '\n');
}

/** `exports/Customer Survey 2025.csv` → `customer-survey-2025`. */
function surveyName(file: string): string {
  const base = path.basename(file, path.extname(file));
  const slug = base.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(slug) ? slug : `survey-${slug || 'export'}`;
}

export const initCommand: CliCommand = {
  name: 'init',
  describe: 'Draft a survey spec from an export: questions, kinds, options and codes, non-answers, scales',
  options: (y) =>
    y
      .option('raw', pathOption('file', 'raw', { describe: 'The export (CSV, TSV or XLSX)', demandOption: true }))
      .option('out', pathOption('out-dir', 'out', { alias: 'o', describe: 'Folder for survey.yaml', defaultDescription: 'data/<name of the export>' }))
      .option('format', { type: 'string', choices: [...INPUT_FORMATS], describe: 'The export\'s layout, if detection gets it wrong' })
      .option('encoding', { type: 'string', describe: 'The export\'s encoding, if not UTF-8 (windows-1252 for Excel\'s CSV in Western Europe and the Americas, shift_jis, gbk)' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing survey.yaml' })
      .example('$0 init --raw exports/customers-2025.csv', 'write data/customers-2025/survey.yaml and list what to confirm'),
  run: (args, io) => runInit(args as unknown as InitArgs, io),
};
