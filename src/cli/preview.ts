// CLI: `surveydeck preview [build options]` → build (as `build` does) → per deck a PDF, one PNG per
// slide and a contact sheet under <out>/preview/, rendered by LibreOffice with surveydeck's fonts.
// Without LibreOffice or pdftoppm on PATH: exit 3 with the install command, before any work.
import path from 'node:path';
import { buildCommand, buildOptionsOf, type BuildArgs } from './build.js';
import type { CliCommand } from './options.js';
import { relative, reportDiagnostics } from './reporter.js';

export const previewCommand: CliCommand = {
  name: 'preview',
  describe: 'Build decks, then render each to PDF, slide PNGs and a contact sheet (LibreOffice)',
  options: (y) =>
    buildCommand
      .options(y)
      .example('$0 preview -a conference-talk -l en', 'output/preview/conference-talk.en.pdf, .sheet.png and one PNG per slide'),
  run: async (argv, io) => {
    const args = argv as unknown as BuildArgs;
    const { findPreviewTools, previewDeck } = await import('../preview/index.js');
    const tools = findPreviewTools(); // TOOL_MISSING (exit 3) before building anything
    const [{ buildDecks, DEFAULT_CACHE_DIR, DEFAULT_OUT_DIR }, { prepareFonts }] = await Promise.all([import('../pipeline.js'), import('../fonts/index.js')]);
    // The options `build` takes, read the way `build` reads them (--charts, --per, --shard included).
    const result = await buildDecks(buildOptionsOf(args, io));
    reportDiagnostics(io, result.diagnostics, args.verbose);
    // The font cache the build measured and drew charts with: <--cache>/fonts.
    const fonts = prepareFonts({ cacheDir: path.join(path.resolve(args.cache ?? DEFAULT_CACHE_DIR), 'fonts') });
    const outDir = path.join(path.resolve(args.out ?? DEFAULT_OUT_DIR), 'preview');
    const files = [...result.decks, ...result.skipped].map((d) => d.file).sort();
    const previews = [];
    for (const file of files) {
      const preview = await previewDeck(file, { tools, fontsConfFile: fonts.fontsConfFile, outDir });
      io.stderr(`previewed ${relative(io, file)}  ${preview.slides.length} slides → ${relative(io, preview.pdf)}, ${relative(io, preview.sheet)}\n`);
      previews.push({ deck: relative(io, file), pdf: relative(io, preview.pdf), sheet: relative(io, preview.sheet), slides: preview.slides.map((s) => relative(io, s)) });
    }
    io.stderr(`Previewed ${previews.length} deck${previews.length === 1 ? '' : 's'}\n`);
    if (args.json) io.stdout(JSON.stringify({ ok: true, previews }, null, 2) + '\n');
  },
};
