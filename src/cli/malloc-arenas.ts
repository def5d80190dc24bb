// CLI, process level: bound glibc's malloc arenas for `build`. glibc gives each thread that allocates
// concurrently an arena of its own (up to 8 per core) and never returns their free pages; with
// libvips, pango and libuv threads a cold full build peaked at 771 MiB, 580 MiB with two arenas, for
// the same CPU time (test/bench). glibc reads MALLOC_ARENA_MAX only at process start, so the bin runs
// the build again in a child that has it: one Node start-up more (≈ 50 ms).
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export const BUILD_MALLOC_ARENAS = '2';

/**
 * Run the same command line in a child with MALLOC_ARENA_MAX set, and return its exit code; or
 * undefined when that is not needed or not possible (not Linux, already set, not a build, spawn failed),
 * and the caller runs the command itself.
 */
export function runWithBoundedArenas(argv: readonly string[]): number | undefined {
  if (process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined || !argv.includes('build')) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: BUILD_MALLOC_ARENAS },
  });
  if (child.error) return undefined;
  if (child.status !== null) return child.status;
  // Killed by a signal: exit as a shell reports it (128 + signal number).
  return 128 + (constants.signals[child.signal as keyof typeof constants.signals] ?? 0);
}
