// Refresh stage entry: an edited deck + new aggregates → the same deck with the new data and the
// person's edits, and a report of what changed. Reads the deck and the data, writes one file.
//
//   1. read    ─ the deck (bounded, checked as untrusted: read-package.ts) and its refresh manifest
//   2. match   ─ the aggregates are of the survey the deck was built from
//   3. build   ─ the same deck (audience, locale, brand from the manifest) with the normal pipeline,
//                into a private temporary folder, so every check of a build applies
//   4. merge   ─ merge.ts: generated text, pictures, notes follow the data; edits stay
//   5. check   ─ the package check; then write atomically, never over the input unless asked
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { error, SurveydeckError, toDiagnostics, type Diagnostic } from '../diagnostics.js';
import { readManifest, REFRESH_FORMAT, type RefreshManifest } from '../assemble/refresh-manifest.js';
import { DEFAULT_CREATED_AT } from '../assemble/package.js';
import { mergeDeck, type UpdateReport } from './merge.js';
import { PACKAGE_LIMITS, readDeckPackage } from './read-package.js';

export interface UpdateOptions {
  deckFile: string;
  dataFile: string;
  /** Default: `<deck>.updated.pptx` beside the input. The input itself only when named here. */
  outFile?: string;
  templatesDir?: string;
  cacheDir?: string;
}

export interface UpdateResult {
  deckFile: string;
  outFile: string;
  audience: string;
  locale: string;
  brand: string;
  /** False when the new data changed nothing: the output is the input's bytes. */
  changed: boolean;
  report: UpdateReport;
  /** Warnings: UPDATE_STALE_TEXT per edited text whose figures or sentence changed, UPDATE_SHAPE_MISSING. */
  diagnostics: Diagnostic[];
  bytes: number;
}

export function defaultOutFile(deckFile: string): string {
  return deckFile.replace(/(\.pptx)?$/i, '.updated.pptx');
}

export async function updateDeck(options: UpdateOptions): Promise<UpdateResult> {
  const deckFile = path.resolve(options.deckFile);
  const outFile = path.resolve(options.outFile ?? defaultOutFile(deckFile));

  // 1. read
  const size = await stat(deckFile).then(
    (s) => s.size,
    (e: NodeJS.ErrnoException) => {
      throw error('MISSING_FILE', `cannot read the deck (${e.code ?? e.message})`, { file: deckFile });
    },
  );
  if (size > PACKAGE_LIMITS.fileBytes) throw error('DECK_UNSAFE', `the file is ${Math.round(size / 1048576)} MiB; at most ${PACKAGE_LIMITS.fileBytes / 1048576} MiB is read`, { file: deckFile });
  const input = await readFile(deckFile);
  const files = readDeckPackage(input, deckFile);
  const found = readManifest(files);
  if (!('manifest' in found)) {
    if (found.problem === 'format') {
      throw error('DECK_INCOMPATIBLE', `the deck was built by a surveydeck whose refresh format is ${found.format}; this one reads ${REFRESH_FORMAT}`, {
        file: deckFile,
        hint: 'build the deck again with this surveydeck (`surveydeck build --force`) and redo the edits once',
      });
    }
    throw error('DECK_NOT_SURVEYDECK', found.problem === 'missing' ? 'the deck has no surveydeck refresh manifest: it was not built by surveydeck, or by a version before refresh existed' : 'the deck\'s refresh manifest cannot be read', {
      file: deckFile,
      hint: 'only decks surveydeck built can be updated; build one with `surveydeck build`',
    });
  }
  const old = found.manifest;

  // 2. match
  const { loadAggregates } = await import('../load/aggregates.js');
  const aggregates = loadAggregates(path.resolve(options.dataFile));
  if (aggregates.survey.id !== old.identity.surveyId) {
    throw error('DECK_OTHER_SURVEY', `the deck was built from survey \`${old.identity.surveyId}\`, the aggregates are of \`${aggregates.survey.id}\``, {
      file: options.dataFile,
      hint: 'pass the aggregates of a new wave of the same survey',
    });
  }

  // 3. build
  const { built, manifest } = await buildAgain(old, options);
  const lost = old.slides.filter((s) => !manifest.slides.some((n) => n.key === s.key));
  const needed = lost.filter((s) => slidePresent(files, s.key));
  if (needed.length > 0) {
    throw error('UPDATE_MISSING_FIGURE', `the new aggregates cannot build slide${needed.length > 1 ? 's' : ''} ${needed.map((s) => `\`${s.key}\``).join(', ')} of the deck`, {
      file: options.dataFile,
      hint: 'a question or finding the deck shows is missing from the new data; delete the slide from the deck or add the data',
    });
  }

  // 4. merge
  const merged = mergeDeck(files, old, built, manifest);
  const bytes = merged.changed ? zipInOrder(merged.files, Object.keys(files)) : input;

  // 5. check and write
  if (merged.changed) {
    const { checkPackage } = await import('../check/package-check.js');
    // Only what the merge broke: an edited deck may break a rule already (a picture without alt text).
    const id = (d: Diagnostic) => `${d.file}\u0000${d.message}`;
    const before = new Set(checkPackage(input).map(id));
    const problems = checkPackage(bytes).filter((d) => !before.has(id(d)));
    if (problems.length) throw new SurveydeckError(problems);
  }
  const { writeAtomically } = await import('../write/write-deck.js');
  await writeAtomically(outFile, bytes, 'the updated deck');

  const diagnostics: Diagnostic[] = [
    ...merged.report.stale.map((s) => ({
      severity: 'warning' as const,
      code: 'UPDATE_STALE_TEXT' as const,
      message:
        s.old === s.new
          ? `slide \`${s.slide}\`, ${s.box}: you rewrote this text and it quotes ${s.figureChanges.join(', ')} with the new data: "${clip(s.edited)}"`
          : `slide \`${s.slide}\`, ${s.box}: you rewrote this text; its generated version changed${s.figureChanges.length ? ` and yours quotes ${s.figureChanges.join(', ')}` : ''}: "${clip(s.old)}" → "${clip(s.new)}"`,
      file: outFile,
      hint: 'check the sentence against the new data',
    })),
    ...merged.report.missing.map((m) => ({
      severity: 'warning' as const,
      code: 'UPDATE_SHAPE_MISSING' as const,
      message: `slide \`${m.slide}\`, ${m.box}: not in the deck any more, so not updated`,
      file: outFile,
    })),
  ];
  return { deckFile, outFile, audience: old.audience, locale: old.locale, brand: old.identity.brand, changed: merged.changed, report: merged.report, diagnostics, bytes: bytes.length };
}

const clip = (s: string) => (s.length > 90 ? `${s.slice(0, 87)}…` : s).replace(/\n/g, ' ⏎ ');

function slidePresent(files: Record<string, Uint8Array>, key: string): boolean {
  const name = `name="sd:${key}/`;
  return Object.keys(files).some((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p) && strFromU8(files[p]).includes(name));
}


/** Build the deck the manifest describes from the new aggregates, with the normal pipeline. */
async function buildAgain(old: RefreshManifest, options: UpdateOptions): Promise<{ built: Record<string, Uint8Array>; manifest: RefreshManifest }> {
  const { buildDecks, deckFileName } = await import('../pipeline.js');
  const outDir = await mkdtemp(path.join(tmpdir(), 'surveydeck-update-'));
  try {
    try {
      await buildDecks({
        audiences: [old.audience],
        locales: [old.locale],
        brand: old.identity.brand,
        dataFile: options.dataFile,
        templatesDir: options.templatesDir,
        cacheDir: options.cacheDir,
        outDir,
        force: true,
        ...(old.identity.options ?? {}),
        // A segment's deck is rebuilt from the new wave's aggregates of that segment (`aggregate --per`).
        ...(old.identity.segment ? { per: [old.identity.segment] } : {}),
      });
    } catch (e) {
      const diagnostics = toDiagnostics(e);
      const missing = diagnostics.find((d) => d.code === 'UNKNOWN_BINDING' || d.code === 'UNKNOWN_QUESTION');
      if (missing) throw error('UPDATE_MISSING_FIGURE', `the new aggregates lack a figure the deck needs: ${missing.message}`, { file: options.dataFile, hint: missing.file ? `needed by ${missing.file}${missing.line ? `:${missing.line}` : ''}` : undefined }, e);
      throw e;
    }
    const file = path.join(outDir, deckFileName(old.audience, old.locale as never, old.identity.brand, old.identity.segment));
    const built = unzipSync(await readFile(file));
    const found = readManifest(built);
    if (!('manifest' in found)) throw error('INTERNAL', 'the rebuilt deck has no refresh manifest');
    return { built, manifest: found.manifest };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Zip the parts in the input's order (new parts after), one fixed time, as the build does. */
function zipInOrder(files: Record<string, Uint8Array>, order: string[]): Buffer {
  const d = DEFAULT_CREATED_AT;
  const mtime = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  const names = [...order.filter((n) => files[n]), ...Object.keys(files).filter((n) => !order.includes(n)).sort()];
  const out: Zippable = {};
  for (const name of names) out[name] = [files[name], { level: /\.(png|jpe?g|gif|fntdata|xlsx)$/i.test(name) ? 0 : 6, mtime }];
  return Buffer.from(zipSync(out));
}
