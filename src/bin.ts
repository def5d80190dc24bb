#!/usr/bin/env node
// The only file that touches the process: the exit code, and temp files removed on a signal.
import { run } from './cli/run.js';
import { removeTempFilesOnSignal } from './write/write-deck.js';

removeTempFilesOnSignal();
process.exitCode = await run(process.argv.slice(2));
