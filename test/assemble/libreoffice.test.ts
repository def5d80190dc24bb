// Opens the assembled deck with a real consumer: LibreOffice converts it to PDF, one page per slide.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleDeck } from '../../src/assemble/index.js';
import { fixtureDeck } from '../fixtures/assemble/fixture-deck.js';

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
// In CI the consumer test must run: a missing LibreOffice there fails instead of skipping.
const skip = !hasSoffice && !process.env.CI;

function pdfPages(pdf: string): number {
  try {
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  } catch {
    return (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  }
}

describe.skipIf(skip)('LibreOffice opens the deck', () => {
  for (const brand of ['harbor', 'ember']) {
    it(`converts the ${brand} deck to a PDF with one page per slide`, async () => {
      const deck = await fixtureDeck({ brand });
      const dir = mkdtempSync(path.join(tmpdir(), 'surveydeck-lo-'));
      const file = path.join(dir, 'deck.pptx');
      writeFileSync(file, await assembleDeck(deck));
      const result = spawnSync(
        'soffice',
        [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.error, result.stderr).toBeUndefined();
      expect(result.status, result.stderr).toBe(0);
      expect(pdfPages(path.join(dir, 'deck.pdf'))).toBe(deck.slides.length);
    });
  }
});
