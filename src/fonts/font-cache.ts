// Fonts stage: copy every registered face (one whole TTF per family and weight) into a cache folder
// and point fontconfig at it. Writes files (once; idempotent, atomic renames) and sets
// process.env.FONTCONFIG_FILE. sharp/librsvg, the text measurer and LibreOffice (preview) all read it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { error } from '../diagnostics.js';
import { hintFor, notWritableCode, releaseTempFile, removeStaleTempFiles, tempFileFor } from '../write/write-deck.js';
import { allFaces, type FontFace } from './catalog.js';
import { PROJECT_ROOT } from '../project.js';

export interface FontCache {
  /** Folder holding the fonts.conf and the `ttf/` folder. */
  dir: string;
  ttfDir: string;
  fontsConfFile: string;
}

/** `<projectRoot>/.cache/fonts` (project.ts finds the folder holding package.json above the code). */
export function defaultFontCacheDir(): string {
  return path.join(PROJECT_ROOT, '.cache', 'fonts');
}

const prepared = new Map<string, FontCache>();

/**
 * Copy all faces into `<dir>/ttf`, write `<dir>/fonts.conf`, and set FONTCONFIG_FILE.
 * Safe to call often: a face already there (same size as the package's file) is not written again.
 */
export function prepareFonts(opts: { cacheDir?: string } = {}): FontCache {
  const dir = path.resolve(opts.cacheDir ?? process.env.SURVEYDECK_FONT_CACHE ?? defaultFontCacheDir());
  let cache = prepared.get(dir);
  if (!cache) {
    const ttfDir = path.join(dir, 'ttf');
    const fontsConfFile = path.join(dir, 'fonts.conf');
    try {
      mkdirSync(ttfDir, { recursive: true });
      removeStaleTempFiles(ttfDir);
      removeStaleTempFiles(dir);
      const faces = allFaces();
      for (const face of faces) copyFace(face, ttfDir);
      removeStrangers(ttfDir, new Set(faces.map((f) => f.sfntName)));
      writeIfChanged(fontsConfFile, fontsConf(ttfDir, path.join(dir, 'fontconfig-cache')));
    } catch (e) {
      const code = notWritableCode(e);
      if (!code) throw e;
      throw error('CACHE_NOT_WRITABLE', `cannot write the font cache (${code})`, { file: (e as NodeJS.ErrnoException).path ?? dir, hint: hintFor(code, dir, '--cache') }, e);
    }
    cache = { dir, ttfDir, fontsConfFile };
    prepared.set(dir, cache);
  }
  // sharp renders SVG text through librsvg → pango → fontconfig, and fontconfig reads its config once,
  // on the first text render in the process. Without this, labels come out in whatever system font
  // is found (or as empty boxes for Chinese/Japanese). Only our folder is listed so output does not
  // depend on the fonts of the machine.
  process.env.FONTCONFIG_FILE = cache.fontsConfFile;
  return cache;
}

/** Absolute path of a face's cached font (after prepareFonts). */
export function sfntPath(cache: FontCache, face: FontFace): string {
  return path.join(cache.ttfDir, face.sfntName);
}

/**
 * A copy carries its source's modification time. Same size and time: trusted without reading it.
 * Anything else (truncated, overwritten in place, an older copy) is compared byte for byte and
 * copied again if it differs, so a corrupted cached font repairs itself on the next run.
 */
function copyFace(face: FontFace, ttfDir: string): void {
  const target = path.join(ttfDir, face.sfntName);
  const source = statSync(face.file);
  const cached = statSync(target, { throwIfNoEntry: false });
  // utimes sets the time through a Date, rounded to the millisecond (…318.80 ms becomes …319): compare
  // within a millisecond, or every build reads and compares each font byte for byte (1.7 s).
  if (cached && cached.size === source.size && Math.abs(cached.mtimeMs - source.mtimeMs) < 1) return;
  if (!cached || cached.size !== source.size || !readFileSync(target).equals(readFileSync(face.file))) {
    const tmp = tempFileFor(target);
    try {
      copyFileSync(face.file, tmp);
      renameSync(tmp, target);
    } finally {
      rmSync(tmp, { force: true });
      releaseTempFile(tmp);
    }
  }
  utimesSync(target, source.atime, source.mtime);
}

/**
 * Caches written before fonts came whole hold ~200 same-named @fontsource subsets per family; fontconfig
 * would offer those too (LibreOffice then picks one subset for all text and draws boxes). Only the
 * registry's files may stay.
 */
function removeStrangers(ttfDir: string, keep: Set<string>): void {
  for (const name of readdirSync(ttfDir)) {
    if (!keep.has(name) && /\.(ttf|otf)$/i.test(name)) rmSync(path.join(ttfDir, name), { force: true });
  }
}

function fontsConf(ttfDir: string, fcCacheDir: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by surveydeck (src/fonts/font-cache.ts). Only the fonts surveydeck ships. -->
<fontconfig>
  <dir>${esc(ttfDir)}</dir>
  <cachedir>${esc(fcCacheDir)}</cachedir>
</fontconfig>
`;
}

function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeAtomic(file, Buffer.from(text));
}

export function writeAtomic(file: string, bytes: Buffer): void {
  const tmp = tempFileFor(file);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
    releaseTempFile(tmp);
  }
}
