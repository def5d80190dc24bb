// The bin users run is esbuild's bundle of src/ (src/build/bundle.ts), not the modules the other tests
// import: it must find the project, the templates and the packages left outside it, and write the
// same deck, byte for byte, as the code it was made from.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../src/build/bundle.js';
import { AGGREGATES, ROOT, runCli, tempDir } from '../helpers.js';

describe('the bundled bin', () => {
  // A project like an installed one: package.json, the bundle in dist/, the rest linked.
  const project = tempDir('sd-bundle-');
  const bin = path.join(project, 'dist', 'bin.js');
  beforeAll(async () => {
    cpSync(path.join(ROOT, 'package.json'), path.join(project, 'package.json'));
    for (const dir of ['node_modules', 'templates', 'data']) symlinkSync(path.join(ROOT, dir), path.join(project, dir));
    await bundle({ projectRoot: ROOT, outdir: path.join(project, 'dist') });
  }, 120_000);

  const runBin = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8' });

  it('is one entry and chunks, and prints the package version on stdout', () => {
    expect(readdirSync(path.join(project, 'dist')).sort()).toEqual(['bin.js', 'chunks', 'cli-run.js']);
    const r = runBin(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('loads neither node:https (pptxgenjs would fetch an image by URL), node:assert (yargs) nor zod\'s locales: they are shimmed', async () => {
    const files = ['bin.js', 'cli-run.js', ...readdirSync(path.join(project, 'dist', 'chunks')).map((f) => path.join('chunks', f))];
    const code = files.map((f) => readFileSync(path.join(project, 'dist', f), 'utf8')).join('\n');
    expect(code).toContain('surveydeck does not fetch remote media');
    expect(code).not.toMatch(/import\(\s*["'](node:)?https["']\s*\)|from\s*["'](node:)?https["']/);
    expect(code).not.toMatch(/from\s*["'](node:)?assert["']/);
    // zod's locales but English (surveydeck words its own messages).
    expect(code).toContain('node_modules/zod/v4/locales/en.js');
    expect(code).not.toContain('node_modules/zod/v4/locales/de.js');
    const { get } = await import('../../src/build/shims/pptxgen-no-https.js');
    expect(() => get('https://example.com/logo.png')).toThrow(/does not fetch remote media \(https:\/\/example\.com\/logo\.png\)/);
    const { strictEqual, notStrictEqual } = await import('../../src/build/shims/yargs-assert.js');
    expect(() => strictEqual(1, 1)).not.toThrow();
    expect(() => strictEqual(1, 2, 'differs')).toThrow('differs');
    expect(() => notStrictEqual(1, 1)).toThrow();
  });

  it('builds a deck with picture charts identical to the one the source builds', async () => {
    const args = ['build', '-a', 'executive-briefing', '-l', 'en', '--charts', 'picture', '--data', AGGREGATES];
    const fromBundle = path.join(project, 'out');
    const r = runBin([...args, '--out', fromBundle, '--cache', path.join(project, 'cache')]);
    expect(r.stderr).toMatch(/Wrote 1 deck \(\d+ slides, \d+ charts rendered/);
    expect(r.status).toBe(0);
    const fromSource = tempDir();
    const s = await runCli([...args, '--out', fromSource, '--cache', tempDir()]);
    expect(s.code).toBe(0);
    const deck = 'executive-briefing.en.pptx';
    expect(readFileSync(path.join(fromBundle, deck)).equals(readFileSync(path.join(fromSource, deck)))).toBe(true);
  }, 120_000);

  it('stops on an unknown audience with the usage exit code, as the source does', () => {
    const r = runBin(['build', '-a', 'board', '--out', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/UNKNOWN_AUDIENCE/);
  });
});
