// The font cache repairs itself: a cached font truncated or overwritten in place is copied again on
// the next run (a new process: a fresh module instance); a cache folder that cannot be written is
// CACHE_NOT_WRITABLE, not a crash (issue 12, item 4).
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { facesOf } from '../../src/fonts/index.js';
import { tempDir } from '../helpers.js';

async function freshPrepareFonts() {
  vi.resetModules();
  return (await import('../../src/fonts/font-cache.js')).prepareFonts;
}

describe('font cache repair', () => {
  it.each([
    ['overwritten in place (same size)', (file: string) => writeFileSync(file, Buffer.alloc(statSync(file).size, 0))],
    ['truncated', (file: string) => truncateSync(file, 100)],
  ])('a cached font %s is copied again on the next run', async (_, damage) => {
    const dir = tempDir('sd-fonts-');
    const face = facesOf('Inter')[0];
    const cache = (await freshPrepareFonts())({ cacheDir: dir });
    const file = path.join(cache.ttfDir, face.sfntName);
    damage(file);
    expect(readFileSync(file).equals(readFileSync(face.file))).toBe(false);
    (await freshPrepareFonts())({ cacheDir: dir });
    expect(readFileSync(file).equals(readFileSync(face.file))).toBe(true);
  });

  it('a font cache under a file is CACHE_NOT_WRITABLE naming the path', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const prepareFonts = await freshPrepareFonts();
    let err: unknown;
    try {
      prepareFonts({ cacheDir: path.join(blocker, 'fonts') });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ diagnostics: [expect.objectContaining({ code: 'CACHE_NOT_WRITABLE', hint: expect.stringMatching(/is a file, not a directory/) })] });
  });
});
