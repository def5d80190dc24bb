// CLI: `surveydeck update DECK.pptx --data NEW.json` → updateDeck → the change report on stderr
// (--json: on stdout). Exit 1 under --strict when text you rewrote quotes figures the new data changed.
import { EXIT } from '../diagnostics.js';
import type { UpdateReport, UpdateResult } from '../update/index.js';
import { checkPath, pathOption, type CliCommand } from './options.js';
import { relative, reportDiagnostics, type Io } from './reporter.js';

interface UpdateArgs {
  deck: string;
  data: string;
  out?: string;
  cache?: string;
  strict: boolean;
  templates?: string;
  json: boolean;
  verbose: boolean;
}

export const updateCommand: CliCommand = {
  name: 'update <deck>',
  describe: 'Refresh a deck you edited with new data, keeping your edits, and report what changed',
  options: (y) =>
    y
      .positional('deck', { type: 'string', describe: 'A .pptx surveydeck built (and you may have edited)', coerce: (v: unknown) => checkPath('file', 'deck', v) })
      .option('data', pathOption('file', 'data', { alias: 'd', demandOption: true, describe: 'Aggregates JSON of the new wave' }))
      .option('out', pathOption('out-file', 'out', { alias: 'o', describe: 'Where to write the updated deck (the input only when named here)', defaultDescription: '<deck>.updated.pptx' }))
      .option('cache', pathOption('out-dir', 'cache', { describe: 'Chart and font cache folder', defaultDescription: '.cache/' }))
      .option('strict', { type: 'boolean', default: false, describe: 'Exit 1 when text you rewrote has figures or a sentence the new data changed' })
      .example('$0 update output/executive-briefing.en.pptx --data data/2025/aggregates.json', 'writes output/executive-briefing.en.updated.pptx')
      .example('$0 update deck.pptx -d new.json --out deck.pptx --strict', 'in place; fail if an edited sentence is now stale'),
  run: async (argv, io) => {
    const args = argv as unknown as UpdateArgs;
    const { updateDeck } = await import('../update/index.js');
    const result = await updateDeck({ deckFile: args.deck, dataFile: args.data, outFile: args.out, templatesDir: args.templates, cacheDir: args.cache });
    io.stderr(formatReport(result, io));
    reportDiagnostics(io, result.diagnostics, args.verbose);
    if (args.json) io.stdout(JSON.stringify({ ok: true, ...result, deckFile: relative(io, result.deckFile), outFile: relative(io, result.outFile) }, null, 2) + '\n');
    return args.strict && result.report.stale.length > 0 ? EXIT.content : EXIT.ok;
  },
};

/** Shares as percentages with one decimal (the slide rounds them; the report shows what moved). */
const show = (v: string | number, figure: string) =>
  typeof v !== 'number' ? v : /share\b|\(share\)/.test(figure) && v >= 0 && v <= 1 ? `${(v * 100).toFixed(1)}%` : Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
const clip = (s: string, n = 70) => {
  const one = s.replace(/\n/g, ' ⏎ ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** Two long texts shown around where they start to differ: `"…against 19% of small…" → "…against 70% of small…"`. */
function clipChange(old: string, now: string, n = 70): string {
  let same = 0;
  while (same < old.length && old[same] === now[same]) same++;
  const from = Math.max(0, same - 25);
  const part = (s: string) => `"${from > 0 ? '…' : ''}${clip(s.slice(from), n)}"`;
  return `${part(old)} → ${part(now)}`;
}

/** The change report people read: sections only when they have something to say, one summary line. */
export function formatReport(result: UpdateResult, io: Io): string {
  const r: UpdateReport = result.report;
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`${title}:`, ...items.map((i) => `  ${i}`));
  };
  section('figures', r.figures.map((f) => `${f.slide}  ${f.figure}  ${show(f.old, f.figure)} → ${show(f.new, f.figure)}`));
  section('bars the new data adds or removes', r.bars.map((b) => `${b.slide}  ${b.bar}  ${b.change}${b.share !== undefined ? ` (${show(b.share, '(share)')})` : ''}`));
  section('claims whose outcome changed', r.claims.map((c) => `${c.slide}  ${c.claim}  ${c.old} → ${c.new}`));
  section('sentences whose wording changed', r.sentences.map((s) => `${s.slide}/${s.box}  ${clipChange(s.old, s.new)}`));
  section('small-base flags', r.flags.map((f) => `${f.slide}  ${f.change}: ${clip(f.text)}`));
  section('left as you wrote it, but the data changed (check these)', r.stale.map((s) => `${s.slide}/${s.box}  yours: "${clip(s.edited)}"${s.old !== s.new ? `; generated: "${clip(s.old)}" → "${clip(s.new)}"` : ''}${s.figureChanges.length ? `; quotes ${s.figureChanges.join(', ')}` : ''}`));
  section('left as you wrote it', r.keptEdited.map((k) => `${k.slide}/${k.box}`));
  section('pictures you replaced, kept', r.keptPictures.map((k) => `${k.slide}/${k.box}`));
  section('not found in the deck (not updated)', r.missing.map((m) => `${m.slide}/${m.box}`));
  section('slides you deleted (stay deleted)', r.deletedSlides);
  section('slides the new data adds (not inserted; build the deck to see them)', r.newSlides);
  if (r.duplicatedSlides.length) lines.push(`duplicated slides, every copy updated: ${r.duplicatedSlides.join(', ')}`);
  if (r.addedSlides.length) lines.push(`your own slides, left alone: ${r.addedSlides.map((n) => `#${n}`).join(', ')}`);
  const summary = result.changed
    ? `Updated ${relative(io, result.deckFile)} → ${relative(io, result.outFile)}: ${r.updated.length} text boxes and ${r.charts.length} charts refreshed, ${r.figures.length} figures changed, ${r.stale.length} edited texts to check`
    : `Nothing changed: ${relative(io, result.outFile)} has the bytes of ${relative(io, result.deckFile)}`;
  return [...lines, summary].join('\n') + '\n';
}
