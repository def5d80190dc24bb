#!/usr/bin/env node
// The only file that touches the process: the exit code, temp files removed on a signal (or `watch`
// stopped cleanly by it), and a build re-run with bounded malloc arenas (cli/malloc-arenas.ts). The
// CLI loads only in the process that runs the command: a build's parent only waits for its child.
import { runWithBoundedArenas } from './cli/malloc-arenas.js';

const reran = runWithBoundedArenas(process.argv.slice(2));
if (reran !== undefined) process.exitCode = reran;
else {
  const [{ run }, { processIo }, { removeTempFilesOnSignal, stopOnSignal }] = await Promise.all([import('./cli/run.js'), import('./cli/reporter.js'), import('./write/write-deck.js')]);
  removeTempFilesOnSignal();
  process.exitCode = await run(process.argv.slice(2), { ...processIo, onInterrupt: stopOnSignal });
}
