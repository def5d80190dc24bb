// CLI, process level: bound glibc's malloc arenas for `build`. glibc gives each thread that allocates
// concurrently an arena of its own (up to 8 per core) and never returns their free pages; with
// libvips, pango and libuv threads a cold full build peaked at 771 MiB, 580 MiB with two arenas, for
// the same CPU time (test/bench). glibc reads MALLOC_ARENA_MAX only at process start, so the bin runs
// the build again in a child that has it: one Node start-up more (≈ 50 ms). That child also gets
// glibc's thresholds fixed (BUILD_GLIBC_TUNABLES) and starts with BUILD_NODE_FLAGS (V8's heap growth).
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export const BUILD_MALLOC_ARENAS = '2';

/**
 * glibc tunables of the build child. By default glibc raises its mmap threshold to the size of each
 * large block freed (up to 32 MiB), so once the first chart's raster is freed, every later raster
 * (libvips, librsvg's cairo surface: 4–9 MB) comes from the arenas' heaps, and the pages freed
 * between live blocks there are never given back. Fixed at 128 KiB, large blocks get mappings of
 * their own, returned to the system on free, and a heap's top is trimmed once 128 KiB are free.
 * Mapping each raster afresh costs page faults (1.7 M more in a cold full matrix, 4 s more system
 * CPU); `hugetlb=1` has the kernel back those mappings with transparent huge pages where it allows
 * them (`madvise` mode), which leaves ≈ 0.4 M more faults. Seven cold full matrices each way,
 * alternating (load ≈ 3): peak RSS 492–545 MiB (median 505) without these, 432–471 (median 443)
 * with them; CPU median 49.2 → 53.1 s, of which system 2.0 → 4.4 s (user time varies ±5 s between
 * runs here). Bytes unchanged. MALLOC_ARENA_MAX=1 instead measured 453–484 MiB, 51.1 s (3 runs).
 */
export const BUILD_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072:glibc.malloc.hugetlb=1';

/** The environment of the build child: `env` with two arenas and the tunables (a user's own tunables come later, and win). */
export function buildChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: BUILD_MALLOC_ARENAS, GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${BUILD_GLIBC_TUNABLES}:${env.GLIBC_TUNABLES}` : BUILD_GLIBC_TUNABLES };
}

/**
 * Node flags of the build child. V8 lets its old generation grow up to about 4× what the last full
 * GC left before collecting again; drawing hundreds of charts promotes a lot of short-lived vega
 * garbage, so the heap reached ≈ 300 MiB (≈ 100 MiB live) at the end of the chart stage. Growing by
 * 40 % at most collects it in ≈ 8 full GCs instead of 2: a cold full matrix peaked at 495 MiB instead
 * of 612–636 MiB, for the CPU time the commit gives. The young generation starts at its full 16 MiB
 * semi-spaces instead of growing to them through a scavenge per MiB: a forced one-deck build spent
 * ≈ 0.07 s less CPU (0.88 → 0.82 s, medians of 9 alternating runs), and the full matrix, whose young
 * generation grows to that size anyway, peaked at 431–440 MiB against 424–453 without it (two cold runs
 * each). A flag given to node itself comes later and wins.
 */
export const BUILD_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=40', '--min-semi-space-size=16'];

/**
 * Run the same command line in a child with MALLOC_ARENA_MAX set, and return its exit code; or
 * undefined when that is not needed or not possible (not Linux, already set, not a build, spawn failed),
 * and the caller runs the command itself.
 */
export function runWithBoundedArenas(argv: readonly string[]): number | undefined {
  if (process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined || !argv.includes('build')) return undefined;
  const child = spawnSync(process.execPath, [...BUILD_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: buildChildEnv(),
  });
  if (child.error) return undefined;
  if (child.status !== null) return child.status;
  // Killed by a signal: exit as a shell reports it (128 + signal number).
  return 128 + (constants.signals[child.signal as keyof typeof constants.signals] ?? 0);
}
