// The bin runs a build again in a child with MALLOC_ARENA_MAX set (glibc reads it only at start-up) and
// V8's heap growth bounded;
// exit codes and output come through unchanged, and nothing else is re-run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_NODE_FLAGS, runWithBoundedArenas } from '../../src/cli/malloc-arenas.js';
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
    // A hook that reports the variable the build process saw, on stderr.
    const probe = `process.stderr.write('arenas=' + process.env.MALLOC_ARENA_MAX + ' flags=' + process.execArgv.filter((a) => a.startsWith('--heap')).join(',') + '\\n')`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(probe)}`, path.join(ROOT, 'src', 'bin.ts'), 'build', '--audience', 'board', '--out', tempDir()], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/UNKNOWN_AUDIENCE/);
    // Once in the bin's own process (unset), once in the build it re-ran (2, with V8's heap growth bounded).
    expect(r.stderr.match(/arenas=\S+ flags=\S*/g)).toEqual(['arenas=undefined flags=', `arenas=2 flags=${BUILD_NODE_FLAGS.join(',')}`]);
    expect(BUILD_NODE_FLAGS).toContain('--heap-growing-percent=40');
  });
});
