// The bin users run is esbuild's bundle of src/ (src/build/bundle.ts), not the modules the other tests
// import: it must find the project, the templates and the packages left outside it, and write the
// same deck, byte for byte, as the code it was made from.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  const runBin = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });

  it('is one entry and chunks, and prints the package version on stdout', () => {
    expect(readdirSync(path.join(project, 'dist')).sort()).toEqual(['bin.js', 'bind-worker.js', 'chunks', 'cli-run.js']);
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

  it('binds several decks in a worker thread as well: the same decks, and the same measures and chart-fit answers kept, as binding on one thread', () => {
    // Four decks: the main thread binds from the front (by locale), the worker from the back.
    const args = ['build', '-a', 'full-results', '-l', 'de', '-l', 'en', '-l', 'fr', '-l', 'ja', '--charts', 'native', '--data', AGGREGATES, '--json'];
    const build = (env: NodeJS.ProcessEnv) => {
      const dir = tempDir('sd-bind-');
      const r = runBin([...args, '--out', path.join(dir, 'out'), '--cache', path.join(dir, 'cache')], env);
      expect(r.status, r.stderr).toBe(0);
      return { dir, result: JSON.parse(r.stdout) as { bound: { kept: number; bound: number; byWorker: number } } };
    };
    const two = build({});
    const one = build({ SURVEYDECK_BIND_WORKER: '0' });
    expect(two.result.bound.bound).toBe(4);
    expect(two.result.bound.byWorker).toBeGreaterThan(0);
    expect(one.result.bound).toEqual({ kept: 0, bound: 4, byWorker: 0 });
    const files = (dir: string, sub: string) => readdirSync(path.join(dir, sub)).sort();
    expect(files(two.dir, 'out')).toEqual(files(one.dir, 'out'));
    for (const deck of files(one.dir, 'out').filter((f) => f.endsWith('.pptx'))) {
      expect(readFileSync(path.join(two.dir, 'out', deck)).equals(readFileSync(path.join(one.dir, 'out', deck))), deck).toBe(true);
    }
    // What the worker measured is kept in each deck's file, as if measured on the main thread.
    const measures = (dir: string, file: string) => {
      const text = readFileSync(path.join(dir, 'cache', 'fonts', 'measures', file), 'utf8');
      const kept = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { widthsEm: Record<string, number>; layouts: Record<string, unknown> };
      return { widths: Object.entries(kept.widthsEm).sort(), layouts: Object.keys(kept.layouts).sort() };
    };
    expect(files(two.dir, 'cache/fonts/measures')).toEqual(files(one.dir, 'cache/fonts/measures'));
    // Each deck's file; shared.json holds what the charts measured outside any deck, which depends on what
    // the main thread had measured before (the caches above the kept measures), not on what was bound.
    for (const file of files(one.dir, 'cache/fonts/measures').filter((f) => f !== 'shared.json')) expect(measures(two.dir, file), file).toEqual(measures(one.dir, file));
    const fits = (dir: string) => {
      const text = readFileSync(path.join(dir, 'cache', 'checks', 'chart-fits.json'), 'utf8');
      return Object.entries(JSON.parse(text.slice(text.indexOf('\n') + 1)) as Record<string, boolean>).sort();
    };
    expect(fits(two.dir).length).toBeGreaterThan(0);
    expect(fits(two.dir)).toEqual(fits(one.dir));
    // Decks whose text an earlier build measured bind in a fraction of the time: no worker for them.
    rmSync(path.join(two.dir, 'cache', 'bound'), { recursive: true });
    const again = runBin([...args, '--force', '--out', path.join(two.dir, 'out'), '--cache', path.join(two.dir, 'cache')]);
    expect(again.status, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { bound: unknown }).bound).toEqual({ kept: 0, bound: 4, byWorker: 0 });
  }, 240_000);

  it('binds every deck on the main thread when the worker fails', () => {
    const dir = tempDir('sd-bind-');
    const broken = path.join(dir, 'project');
    cpSync(project, broken, { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(broken, 'dist', 'bind-worker.js'), "throw new Error('no worker here');\n");
    const args = ['build', '-a', 'executive-briefing', '-l', 'de', '-l', 'en', '-l', 'fr', '--charts', 'native', '--data', AGGREGATES, '--json', '--cache', path.join(dir, 'cache')];
    const r = spawnSync(process.execPath, [path.join(broken, 'dist', 'bin.js'), ...args, '--out', path.join(dir, 'out')], { cwd: broken, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { bound: unknown }).bound).toEqual({ kept: 0, bound: 3, byWorker: 0 });
    const s = runBin([...args, '--out', path.join(dir, 'out-one')], { SURVEYDECK_BIND_WORKER: '0' });
    expect(s.status, s.stderr).toBe(0);
    for (const deck of readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.pptx'))) {
      expect(readFileSync(path.join(dir, 'out', deck)).equals(readFileSync(path.join(dir, 'out-one', deck))), deck).toBe(true);
    }
  }, 240_000);

  it('stops on an unknown audience with the usage exit code, as the source does', () => {
    const r = runBin(['build', '-a', 'board', '--out', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/UNKNOWN_AUDIENCE/);
  });
});
