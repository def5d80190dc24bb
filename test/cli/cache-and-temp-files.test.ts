// --cache holds the chart and the font cache; a cache that cannot be written exits 3 before any work;
// temp files a killed build left are removed by the next build, and a signal removes the live ones
// (issue 12, item 4).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, STALE_AFTER_MS, tempFileFor, tempHostName } from '../../src/write/write-deck.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const deadPid = () => spawnSync('true').pid!;
const host = tempHostName();

describe('cache and temp files', () => {
  it('--cache naming a file exits 3 naming it, before any deck is built', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', out, '--cache', blocker]);
    expect(stderr).toMatch(/error CACHE_NOT_WRITABLE: cannot write the font cache \((ENOTDIR|EEXIST)\)/);
    expect(stderr).toContain(blocker);
    expect(stderr).not.toMatch(/INTERNAL/);
    expect(code).toBe(3);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a build keeps fonts under --cache and removes temp files a killed build left (not a live one)', async () => {
    const out = tempDir();
    const cache = tempDir();
    mkdirSync(path.join(cache, 'charts'));
    const dead = deadPid();
    const stale = [
      path.join(out, `.executive-briefing.en.pptx.${host}.${dead}.0a1b2c3d.tmp`),
      path.join(cache, 'charts', `.${'a'.repeat(64)}.entry.${host}.${dead}.0a1b2c3d.tmp`),
    ];
    const live = path.join(out, `.full-results.en.pptx.${host}.${process.ppid}.0a1b2c3d.tmp`); // a concurrent build's
    for (const f of [...stale, live]) writeFileSync(f, Buffer.alloc(1024));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', out, '--cache', cache, '--charts', 'picture']); // pictures: the PNG cache is what is checked
    expect(stderr).toMatch(/Wrote 1 deck/);
    expect(code).toBe(0);
    for (const f of stale) expect(existsSync(f), f).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(path.join(cache, 'fonts', 'ttf')).filter((f) => f.endsWith('.ttf')).length).toBeGreaterThan(5);
    expect(existsSync(path.join(cache, 'fonts', 'fonts.conf'))).toBe(true);
    const entries = readdirSync(path.join(cache, 'charts'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((f) => f.endsWith('.entry'))).toBe(true);
    // A second build skips the unchanged deck and still removes what a killed one left.
    const again = path.join(out, `.executive-briefing.en.pptx.${host}.${deadPid()}.0a1b2c3d.tmp`);
    writeFileSync(again, 'half');
    expect((await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', out, '--cache', cache])).code).toBe(0);
    expect(existsSync(again)).toBe(false);
  });

  it("temp names carry this host and pid; cleanup leaves another machine's fresh temps (a shared cache) and removes them once stale", () => {
    const dir = tempDir();
    const mine = tempFileFor(path.join(dir, 'x.entry'));
    expect(path.basename(mine)).toMatch(new RegExp(`^\\.x\\.entry\\.${host}\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(tempHostName('build-7.ci.example.com')).toBe('build-7-ci-example-com');
    const dead = deadPid();
    const otherHost = `${host === 'elsewhere' ? 'yonder' : 'elsewhere'}`;
    // The other machine's writer may be alive with any pid, including one dead here.
    const foreignFresh = path.join(dir, `.b.entry.${otherHost}.${dead}.0a1b2c3d.tmp`);
    const foreignOld = path.join(dir, `.c.entry.${otherHost}.${dead}.0a1b2c3d.tmp`);
    const legacyFresh = path.join(dir, `.d.entry.${dead}.0a1b2c3d.tmp`); // a name from before hosts were recorded
    const ownDead = path.join(dir, `.e.entry.${host}.${dead}.0a1b2c3d.tmp`);
    const ownAlive = path.join(dir, `.f.entry.${host}.${process.ppid}.0a1b2c3d.tmp`);
    for (const f of [foreignFresh, foreignOld, legacyFresh, ownDead, ownAlive]) writeFileSync(f, 'half');
    const longAgo = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    utimesSync(foreignOld, longAgo, longAgo);
    writeFileSync(mine, 'being written'); // tracked as live by this process
    expect(removeStaleTempFiles(dir)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([foreignFresh, legacyFresh, ownAlive, mine].map((f) => path.basename(f)).sort());
  });

  it('SIGTERM or SIGINT removes the temp files being written, then the process dies of the signal', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const dir = tempDir();
      const script = [
        `import { removeTempFilesOnSignal, tempFileFor } from ${JSON.stringify(path.join(ROOT, 'src/write/write-deck.ts'))};`,
        `import { writeFileSync } from 'node:fs';`,
        `removeTempFilesOnSignal();`,
        `writeFileSync(tempFileFor(${JSON.stringify(path.join(dir, 'deck.pptx'))}), 'half a deck');`,
        `console.log('ready');`,
        `setInterval(() => {}, 1000);`,
      ].join('\n');
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});
