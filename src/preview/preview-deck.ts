// Preview stage: a written .pptx → a PDF (LibreOffice), one PNG per slide (pdftoppm) and a contact
// sheet (sharp). Runs external programs and writes files; nothing here changes a deck.
//
//   find soffice + pdftoppm on PATH (else TOOL_MISSING, exit 3, with the install command)
//   ─▶ soffice --convert-to pdf, fontconfig pointed at surveydeck's whole fonts (LibreOffice ignores the
//      EOT fonts embedded in the deck: without this it would substitute its own)
//   ─▶ pdftoppm -png, one file per page ─▶ contact sheet: the pages in a grid, numbered
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { error, SurveydeckError } from '../diagnostics.js';

/** What to install on Debian/Ubuntu for `surveydeck preview`. */
export const PREVIEW_INSTALL_COMMAND = 'apt-get install libreoffice-impress poppler-utils';

export interface PreviewTools {
  soffice: string;
  pdftoppm: string;
}

/** Absolute paths of the programs preview needs, from `PATH`; TOOL_MISSING naming each one absent. */
export function findPreviewTools(envPath = process.env.PATH ?? ''): PreviewTools {
  const soffice = findOnPath(['soffice', 'libreoffice'], envPath);
  const pdftoppm = findOnPath(['pdftoppm'], envPath);
  const missing = [...(soffice ? [] : ['soffice (LibreOffice)']), ...(pdftoppm ? [] : ['pdftoppm (poppler-utils)'])];
  if (missing.length) {
    throw error('TOOL_MISSING', `preview needs ${missing.join(' and ')}, not found on PATH`, {
      hint: `install with: ${PREVIEW_INSTALL_COMMAND}`,
    });
  }
  return { soffice: soffice!, pdftoppm: pdftoppm! };
}

function findOnPath(names: string[], envPath: string): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface PreviewOptions {
  tools: PreviewTools;
  /** fonts.conf listing surveydeck's font cache (prepareFonts). */
  fontsConfFile: string;
  /** Folder for `<deck>.pdf`, `<deck>/slide-NN.png` and `<deck>.sheet.png`. */
  outDir: string;
  /** Resolution of the slide PNGs; 96 gives 1280 × 720 for a 13.33 × 7.5 in slide. */
  dpi?: number;
}

export interface DeckPreview {
  pdf: string;
  slides: string[];
  sheet: string;
}

const DEFAULT_DPI = 96;
const SHEET_COLUMNS = 4;
const THUMB_WIDTH_PX = 480;
const GAP_PX = 24;
const LABEL_PX = 28;

/** Render one deck. Throws PREVIEW_FAILED (with LibreOffice's output) when a program fails. */
export async function previewDeck(pptxFile: string, options: PreviewOptions): Promise<DeckPreview> {
  const base = path.basename(pptxFile).replace(/\.pptx$/i, '');
  mkdirSync(options.outDir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'surveydeck-preview-'));
  try {
    // 1. PDF. A private profile per run: two soffice processes sharing one profile block each other.
    const env = { ...process.env, FONTCONFIG_FILE: options.fontsConfFile, HOME: work };
    run(options.tools.soffice, [`-env:UserInstallation=${pathToFileURL(path.join(work, 'profile')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, pptxFile], env, pptxFile);
    const madePdf = path.join(work, `${base}.pdf`);
    if (!existsSync(madePdf)) throw failed(pptxFile, 'LibreOffice wrote no PDF');
    const pdf = path.join(options.outDir, `${base}.pdf`);
    renameOrCopy(madePdf, pdf);

    // 2. One PNG per slide, replacing those of an earlier preview.
    const slidesDir = path.join(options.outDir, base);
    rmSync(slidesDir, { recursive: true, force: true });
    mkdirSync(slidesDir, { recursive: true });
    run(options.tools.pdftoppm, ['-png', '-r', String(options.dpi ?? DEFAULT_DPI), pdf, path.join(slidesDir, 'slide')], process.env, pdf);
    const slides = readdirSync(slidesDir)
      .filter((f) => /^slide-\d+\.png$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
      .map((f) => path.join(slidesDir, f));
    if (slides.length === 0) throw failed(pdf, 'pdftoppm wrote no page');

    // 3. Contact sheet.
    const sheet = path.join(options.outDir, `${base}.sheet.png`);
    await writeContactSheet(slides, sheet);
    return { pdf, slides, sheet };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Pages in a grid of SHEET_COLUMNS, each scaled to THUMB_WIDTH_PX and numbered below. */
export async function writeContactSheet(pages: string[], file: string): Promise<void> {
  const { default: sharp } = await import('sharp');
  const thumbs = await Promise.all(pages.map((p) => sharp(p).resize({ width: THUMB_WIDTH_PX }).png().toBuffer({ resolveWithObject: true })));
  const thumbH = Math.max(...thumbs.map((t) => t.info.height));
  const columns = Math.min(SHEET_COLUMNS, pages.length);
  const rows = Math.ceil(pages.length / columns);
  const cellH = thumbH + LABEL_PX;
  const width = GAP_PX + columns * (THUMB_WIDTH_PX + GAP_PX);
  const height = GAP_PX + rows * (cellH + GAP_PX);
  const at = (i: number) => ({ left: GAP_PX + (i % columns) * (THUMB_WIDTH_PX + GAP_PX), top: GAP_PX + Math.floor(i / columns) * (cellH + GAP_PX) });
  const labels = pages
    .map((_, i) => `<text x="${at(i).left}" y="${at(i).top + thumbH + LABEL_PX - 8}" font-family="Inter" font-size="18" fill="#374151">${i + 1}</text>`)
    .join('');
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${labels}</svg>`);
  await sharp({ create: { width, height, channels: 3, background: '#E5E7EB' } })
    .composite([...thumbs.map((t, i) => ({ input: t.data, ...at(i) })), { input: overlay, left: 0, top: 0 }])
    .png()
    .toFile(file);
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv, file: string): void {
  const result = spawnSync(program, args, { env, encoding: 'utf8', timeout: 300_000 });
  if (result.error || result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join(' ');
    throw failed(file, `${path.basename(program)} ${result.error ? `could not run: ${result.error.message}` : `exited with ${result.status}`}${output ? `: ${output}` : ''}`);
  }
}

function failed(file: string, message: string): SurveydeckError {
  return error('PREVIEW_FAILED', `Preview failed: ${message}`, { file, hint: 'run with --verbose; try opening the deck in LibreOffice by hand' });
}

function renameOrCopy(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Another file system (tmp on tmpfs): copy, then the temp folder is removed.
    copyFileSync(from, to);
  }
}
