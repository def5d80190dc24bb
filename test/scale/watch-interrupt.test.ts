// `surveydeck watch` stopped with Ctrl-C, as a person stops it: SIGINT to the real bin in a child
// process. During a rebuild the rebuild is abandoned through its AbortSignal (no deck started after
// the signal, no temp file left) and the process exits 0; while idle it exits 0 at once.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGGREGATES, ROOT, runCli, tempDir } from '../helpers.js';

interface Watching {
  stderr: () => string;
  /** Resolves when stderr has a line matching `pattern`. */
  line: (pattern: RegExp) => Promise<void>;
  interrupt: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatch(args: string[]): Watching {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'bin.ts'), 'watch', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.splice(0)) (w.pattern.test(stderr) ? w.resolve() : waiters.push(w));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    stderr: () => stderr,
    line: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`watch exited before printing ${pattern}:\n${stderr}`)));
      }),
    interrupt: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('watch and Ctrl-C', () => {
  // The shipped aggregates, read only: the survey's own texts live beside them (data/<survey>/locales).
  const dataFile = AGGREGATES;
  const outDir = tempDir('sd-watch-int-out-');
  const cacheDir = tempDir('sd-watch-int-cache-');
  const AUDIENCES = ['-a', 'executive-briefing', '-a', 'full-results', '-a', 'conference-talk'];

  it('SIGINT during a rebuild abandons it and exits 0, leaving no temp file and no deck started after it', async () => {
    // The first round starts right after the `watching` line: three decks from an empty chart cache.
    const watch = startWatch([...AUDIENCES, '-l', 'en', '--charts', 'picture', '--data', dataFile, '--out', outDir, '--cache', cacheDir]);
    await watch.line(/^watching .*\(Ctrl-C stops\)$/m);
    const { code, signal } = await watch.interrupt();
    const stderr = watch.stderr();
    expect(signal, stderr).toBeNull(); // it exited, rather than dying of the signal
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^stopped: the rebuild in progress was abandoned$/m);
    expect(stderr).not.toMatch(/^start: /m); // the round did not finish
    expect(stderr).not.toMatch(/error|INTERNAL|Abort/i);
    const left = readdirSync(outDir);
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(left.filter((f) => f.endsWith('.pptx')).length).toBeLessThan(3);
  }, 300_000);

  it('SIGINT while waiting for edits exits 0 at once', async () => {
    const built = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--data', dataFile, '--out', outDir, '--cache', cacheDir]);
    expect(built.code, built.stderr).toBe(0);
    const watch = startWatch(['-a', 'executive-briefing', '-l', 'en', '--data', dataFile, '--out', outDir, '--cache', cacheDir]);
    await watch.line(/^start: no deck rebuilt, 1 unchanged in /m);
    const { code, signal } = await watch.interrupt();
    expect(signal, watch.stderr()).toBeNull();
    expect(code, watch.stderr()).toBe(0);
    expect(watch.stderr()).toMatch(/^stopped$/m);
    expect(readdirSync(outDir)).toContain('executive-briefing.en.pptx');
  }, 300_000);
});
