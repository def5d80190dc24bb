// CLI, process level: bound glibc's malloc arenas for `build`. glibc gives each thread that allocates
// concurrently an arena of its own (up to 8 per core) and never returns their free pages; with
// libvips, pango and libuv threads a cold full build peaked at 771 MiB, 580 MiB with two arenas, for
// the same CPU time (test/bench). glibc reads MALLOC_ARENA_MAX only at process start, so the bin runs
// the build again in a child that has it: one Node start-up more (≈ 50 ms). That child also starts
// with BUILD_NODE_FLAGS (V8's heap growth, below).
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export const BUILD_MALLOC_ARENAS = '2';

/**
 * Node flags of the build child. V8 lets its old generation grow up to about 4× what the last full
 * GC left before collecting again; drawing hundreds of charts promotes a lot of short-lived vega
 * garbage, so the heap reached ≈ 300 MiB (≈ 100 MiB live) at the end of the chart stage. Growing by
 * 40 % at most collects it in ≈ 8 full GCs instead of 2: a cold full matrix peaked at 495 MiB instead
 * of 612–636 MiB, for the CPU time the commit gives. A flag given to node itself comes later and wins.
 */
export const BUILD_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=40'];

/**
 * Run the same command line in a child with MALLOC_ARENA_MAX set, and return its exit code; or
 * undefined when that is not needed or not possible (not Linux, already set, not a build, spawn failed),
 * and the caller runs the command itself.
 */
export function runWithBoundedArenas(argv: readonly string[]): number | undefined {
  if (process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined || !argv.includes('build')) return undefined;
  const child = spawnSync(process.execPath, [...BUILD_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: BUILD_MALLOC_ARENAS },
  });
  if (child.error) return undefined;
  if (child.status !== null) return child.status;
  // Killed by a signal: exit as a shell reports it (128 + signal number).
  return 128 + (constants.signals[child.signal as keyof typeof constants.signals] ?? 0);
}
