// CLI: every command, in the order `--help` lists them. A new command is a file exporting a
// CliCommand (see options.ts) and one line here; its options are checked before it runs.
import { aggregateCommand } from './aggregate.js';
import { buildCommand } from './build.js';
import { initCommand } from './init.js';
import { inspectCommand } from './inspect.js';
import { listCommand } from './list.js';
import { messagesCommand } from './messages.js';
import { previewCommand } from './preview.js';
import type { CliCommand } from './options.js';
import { updateCommand } from './update.js';
import { watchCommand } from './watch.js';

export const CLI_COMMANDS: CliCommand[] = [buildCommand, listCommand, aggregateCommand, initCommand, inspectCommand, messagesCommand, watchCommand, previewCommand, updateCommand];
