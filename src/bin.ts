#!/usr/bin/env node
// The only file that touches the process: the exit code, temp files removed on a signal (or `watch`
// stopped cleanly by it), and a build re-run with bounded malloc arenas (cli/malloc-arenas.ts).
import { runWithBoundedArenas } from './cli/malloc-arenas.js';
import { run } from './cli/run.js';
import { processIo } from './cli/reporter.js';
import { removeTempFilesOnSignal, stopOnSignal } from './write/write-deck.js';

const reran = runWithBoundedArenas(process.argv.slice(2));
if (reran !== undefined) process.exitCode = reran;
else {
  removeTempFilesOnSignal();
  process.exitCode = await run(process.argv.slice(2), { ...processIo, onInterrupt: stopOnSignal });
}
