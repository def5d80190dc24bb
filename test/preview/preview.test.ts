// surveydeck preview: exit 3 with the install command when LibreOffice is not on PATH; where it is,
// a real PDF with one page per slide, one PNG per slide and a contact sheet.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleDeck } from '../../src/assemble/index.js';
import { prepareFonts } from '../../src/fonts/index.js';
import { findPreviewTools, PREVIEW_INSTALL_COMMAND, previewDeck } from '../../src/preview/index.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';
import { runCli, tempDir } from '../helpers.js';

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const hasPdftoppm = spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status === 0;
// In CI the consumer test must run: a missing LibreOffice there fails instead of skipping.
const skip = !(hasSoffice && hasPdftoppm) && !process.env.CI;

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('surveydeck preview without LibreOffice', () => {
  it('exits 3 naming the missing programs and the install command, before building anything', async () => {
    const emptyBin = tempDir('sd-nobin-');
    const out = tempDir('sd-preview-out-');
    process.env.PATH = emptyBin;
    const { code, stderr } = await runCli(['preview', '-a', 'executive-briefing', '-l', 'en', '--out', out]);
    expect(code).toBe(3);
    expect(stderr).toContain('TOOL_MISSING');
    expect(stderr).toContain('soffice (LibreOffice)');
    expect(stderr).toContain(PREVIEW_INSTALL_COMMAND);
    expect(readdirSync(out)).toEqual([]);
  });

  it('finds the programs on PATH only (an executable soffice is enough for the check)', () => {
    const bin = tempDir('sd-fakebin-');
    for (const name of ['soffice', 'pdftoppm']) writeFileSync(path.join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
    expect(findPreviewTools(bin)).toEqual({ soffice: path.join(bin, 'soffice'), pdftoppm: path.join(bin, 'pdftoppm') });
    expect(() => findPreviewTools(path.join(bin, 'nowhere'))).toThrow(/pdftoppm \(poppler-utils\)/);
  });
});

describe.skipIf(skip)('previewDeck with LibreOffice', () => {
  it('writes a PDF with one page per slide, one PNG per slide and a contact sheet', async () => {
    const deck = await fixtureDeck({ locale: 'zh-CN' });
    const dir = tempDir('sd-preview-');
    const file = path.join(dir, 'deck.zh-CN.pptx');
    writeFileSync(file, await assembleDeck(deck));
    const outDir = path.join(dir, 'preview');
    mkdirSync(outDir);
    const preview = await previewDeck(file, { tools: findPreviewTools(), fontsConfFile: prepareFonts().fontsConfFile, outDir });
    expect(preview.pdf).toBe(path.join(outDir, 'deck.zh-CN.pdf'));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [preview.pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(deck.slides.length);
    // LibreOffice drew with surveydeck's fonts: they are the ones the PDF embeds (no substitute).
    const fonts = execFileSync('pdffonts', [preview.pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/Inter/);
    expect(fonts).toMatch(/NotoSansSC/);
    expect(preview.slides).toHaveLength(deck.slides.length);
    for (const png of preview.slides) {
      const meta = await sharp(png).metadata();
      expect(meta.width).toBe(1280);
      expect(meta.height).toBe(720);
    }
    const sheet = await sharp(preview.sheet).metadata();
    expect(existsSync(preview.sheet)).toBe(true);
    expect(sheet.width).toBeGreaterThan(4 * 480);
    expect(sheet.height).toBeGreaterThan(Math.ceil(deck.slides.length / 4) * 270);
  }, 180_000);
});
