// Sharding: `--shard i/n` builds every n-th deck of the sorted job; shards are disjoint, together
// complete, and byte-identical to one machine's build, even when they fill one chart cache at once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildDecks, type BuildOptions } from '../../src/pipeline.js';
import { parseShard, resolveShard, sliceJob } from '../../src/scale/shard.js';
import { runCli, tempDir } from '../helpers.js';

// Picture charts: the shared PNG cache is part of what is checked (these decks default to native charts).
const JOB: BuildOptions = { audiences: ['executive-briefing', 'conference-talk'], locales: ['en', 'de', 'fr'], charts: 'picture' };

function decksIn(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.pptx'))
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f))]),
  );
}

describe('shard selection', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('parses i/n and refuses shards that do not exist', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('3/2')).toThrow(/INVALID_SHARD: `--shard 3\/2`: shard 3 does not exist; shards are numbered 1 to 2/);
    expect(() => parseShard('0/0')).toThrow(/INVALID_SHARD: `--shard 0\/0`: the shard count must be at least 1, got 0/);
    expect(() => parseShard('0/3')).toThrow(/shard 0 does not exist/);
    for (const bad of ['', '2', '2/', '/2', 'a/b', '1/2/3', '-1/2', '1.5/2']) expect(() => parseShard(bad), bad).toThrow(/INVALID_SHARD: `--shard` must be i\/n/);
  });

  it('reads a Kubernetes Indexed Job: JOB_COMPLETION_INDEX is 0-based, the count comes from an option or the environment', () => {
    expect(resolveShard({}, {})).toBeUndefined();
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '0', SURVEYDECK_SHARD_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(resolveShard({ shardCount: 3 }, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 3, count: 3 });
    expect(resolveShard({ shard: '1/2' }, { JOB_COMPLETION_INDEX: '5', SURVEYDECK_SHARD_COUNT: '9' })).toEqual({ index: 1, count: 2 });
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '3', SURVEYDECK_SHARD_COUNT: '3' })).toThrow(/JOB_COMPLETION_INDEX=3 of 3: shard 4 does not exist/);
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '1' })).toThrow(/INVALID_SHARD: JOB_COMPLETION_INDEX is set \(1\) but not the shard count/);
    expect(() => resolveShard({ shardCount: 2 }, {})).toThrow(/`--shard-count` needs JOB_COMPLETION_INDEX/);
    expect(() => resolveShard({ shardCount: Number.NaN }, { JOB_COMPLETION_INDEX: '0' })).toThrow(/`--shard-count` must be a whole number, got `NaN`/);
  });

  it('slices are disjoint and together the whole sorted job, whatever order the job came in', () => {
    const job = Array.from({ length: 23 }, (_, i) => `deck-${String((i * 7) % 23).padStart(2, '0')}`);
    for (const count of [1, 2, 3, 5, 23, 40]) {
      const slices = Array.from({ length: count }, (_, i) => sliceJob(job, (d) => d, { index: i + 1, count }));
      const all = slices.flat();
      expect(new Set(all).size, `${count} shards overlap`).toBe(all.length);
      expect([...all].sort()).toEqual([...job].sort());
      expect(sliceJob([...job].reverse(), (d) => d, { index: 1, count })).toEqual(slices[0]);
      // Balanced: no shard has more than one deck more than another.
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  for (const [shard, message] of [
    ['3/2', /^error INVALID_SHARD: `--shard 3\/2`: shard 3 does not exist; shards are numbered 1 to 2 \(give `--shard i\/n` with 1 ≤ i ≤ n, e.g. `--shard 2\/4`\)$/m],
    ['0/0', /^error INVALID_SHARD: `--shard 0\/0`: the shard count must be at least 1, got 0/],
    ['two/four', /^error INVALID_SHARD: `--shard` must be i\/n \(two whole numbers\), got `two\/four`/],
  ] as const) {
    it(`\`build --shard ${shard}\` exits 2 with one line and writes nothing`, async () => {
      const out = tempDir('sd-shard-bad-');
      const { code, stderr } = await runCli(['build', '--shard', shard, '--out', out, '--cache', path.join(out, 'cache')]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(out)).toEqual([]);
    });
  }

  it('a JOB_COMPLETION_INDEX without a count exits 2 before any work', async () => {
    vi.stubEnv('JOB_COMPLETION_INDEX', '1');
    vi.stubEnv('SURVEYDECK_SHARD_COUNT', '');
    const out = tempDir('sd-shard-env-');
    const { code, stderr } = await runCli(['build', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error INVALID_SHARD: JOB_COMPLETION_INDEX is set \(1\) but not the shard count/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('sharded builds', () => {
  it('two shards filling one chart cache at once write the same files, byte for byte, as one unsharded build', async () => {
    const [one, two, whole] = [tempDir('sd-shard-1-'), tempDir('sd-shard-2-'), tempDir('sd-shard-all-')];
    const sharedCache = tempDir('sd-shard-cache-');
    const [first, second] = await Promise.all([
      buildDecks({ ...JOB, outDir: one, cacheDir: sharedCache, shard: { index: 1, count: 2 } }),
      buildDecks({ ...JOB, outDir: two, cacheDir: sharedCache, shard: { index: 2, count: 2 } }),
    ]);
    // A cold cache of its own: the unsharded build renders every chart itself.
    const all = await buildDecks({ ...JOB, outDir: whole, cacheDir: tempDir('sd-shard-cache-all-') });
    expect(all.charts.rendered).toBeGreaterThan(0);

    const [a, b, c] = [decksIn(one), decksIn(two), decksIn(whole)];
    expect(c.size).toBe(6);
    // Sorted by file name, shard 1 takes the 1st, 3rd and 5th deck, shard 2 the others.
    expect([...a.keys()]).toEqual(['conference-talk.de.pptx', 'conference-talk.fr.pptx', 'executive-briefing.en.pptx']);
    expect([...b.keys()]).toEqual(['conference-talk.en.pptx', 'executive-briefing.de.pptx', 'executive-briefing.fr.pptx']);
    expect(first.decks.map((d) => path.basename(d.file)).sort()).toEqual([...a.keys()]);
    expect(second.decks.map((d) => path.basename(d.file)).sort()).toEqual([...b.keys()]);
    expect([...a.keys()].filter((f) => b.has(f))).toEqual([]);
    expect([...a.keys(), ...b.keys()].sort()).toEqual([...c.keys()]);
    for (const [file, bytes] of [...a, ...b]) expect(bytes.equals(c.get(file)!), file).toBe(true);
    // The shards filled the shared cache, each key written once as one whole PNG.
    const cached = readdirSync(sharedCache + '/charts');
    expect(cached.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(cached.length).toBeGreaterThan(0);
  });

  it('a shard with nothing in it builds nothing', async () => {
    const out = tempDir('sd-shard-empty-');
    const result = await buildDecks({ audiences: ['executive-briefing'], locales: ['en'], outDir: out, shard: { index: 2, count: 2 } });
    expect(result.decks).toEqual([]);
    expect(existsSync(path.join(out, 'executive-briefing.en.pptx'))).toBe(false);
  });
});
