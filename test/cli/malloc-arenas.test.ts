// The bin runs a build again in a child with MALLOC_ARENA_MAX set (glibc reads it only at start-up) and
// V8's heap growth bounded (and its young generation started at full size);
// exit codes and output come through unchanged, and nothing else is re-run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_GLIBC_TUNABLES, BUILD_NODE_FLAGS, buildChildEnv, runWithBoundedArenas } from '../../src/cli/malloc-arenas.js';
import { ROOT, tempDir } from '../helpers.js';

describe('runWithBoundedArenas', () => {
  it('leaves other commands, and a build that already has the variable, to this process', () => {
    expect(runWithBoundedArenas(['list'])).toBeUndefined();
    const before = process.env.MALLOC_ARENA_MAX;
    process.env.MALLOC_ARENA_MAX = '4';
    try {
      expect(runWithBoundedArenas(['build', '--audience', 'board'])).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.MALLOC_ARENA_MAX;
      else process.env.MALLOC_ARENA_MAX = before;
    }
  });

  it.runIf(process.platform === 'linux')('re-runs a build through the bin with the variable set, passing its exit code and messages on', () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.GLIBC_TUNABLES;
    // A hook that reports the variable the build process saw, on stderr.
    const probe = `process.stderr.write('arenas=' + process.env.MALLOC_ARENA_MAX + ' flags=' + process.execArgv.filter((a) => /^--(heap|min-semi)/.test(a)).join(',') + ' tunables=' + process.env.GLIBC_TUNABLES + '\\n')`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(probe)}`, path.join(ROOT, 'src', 'bin.ts'), 'build', '--audience', 'board', '--out', tempDir()], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/UNKNOWN_AUDIENCE/);
    // Once in the bin's own process (unset), once in the build it re-ran (2, glibc's thresholds fixed,
    // V8's heap growth bounded).
    expect(r.stderr.match(/arenas=\S+ flags=\S* tunables=\S+/g)).toEqual([
      'arenas=undefined flags= tunables=undefined',
      `arenas=2 flags=${BUILD_NODE_FLAGS.join(',')} tunables=${BUILD_GLIBC_TUNABLES}`,
    ]);
    expect(BUILD_NODE_FLAGS).toEqual(['--heap-growing-percent=40', '--min-semi-space-size=16']);
    expect(BUILD_GLIBC_TUNABLES).toContain('glibc.malloc.mmap_threshold=131072');
  });

  it("keeps a user's own glibc tunables, after the build's so that they win", () => {
    expect(buildChildEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0', HOME: '/h' })).toEqual({
      HOME: '/h',
      MALLOC_ARENA_MAX: '2',
      GLIBC_TUNABLES: `${BUILD_GLIBC_TUNABLES}:glibc.malloc.hugetlb=0`,
    });
  });
});
