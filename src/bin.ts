#!/usr/bin/env node
// The only file that touches the process.
import { run } from './cli/run.js';

process.exitCode = await run(process.argv.slice(2));
