// CLI: everything people read goes to stderr, results (--json) to stdout. One line per deck, one
// summary line at the end, no stack traces unless --verbose.
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { DeckEvent } from '../pipeline.js';
import { describeRebuild } from '../incremental/deck-record.js';
import path from 'node:path';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /**
   * A long-running command (`watch`) asks to be stopped on Ctrl-C instead of the process dying:
   * `stop` is called on the first SIGINT or SIGTERM. Returns a function that withdraws the request.
   * Given by the bin only; absent, the command runs until the process ends.
   */
  onInterrupt?: (stop: () => void) => () => void;
}

export const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
};

export function relative(io: Io, file: string): string {
  const rel = path.relative(io.cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function reportDeck(io: Io, event: DeckEvent): void {
  if (event.type === 'written') {
    const { deck } = event;
    const why = deck.reason ? `  (${describeRebuild(deck.reason, (f) => relative(io, f))})` : '';
    io.stderr(
      `wrote ${relative(io, deck.file)}  ${deck.slides} slides, ${event.charts} charts (${event.cachedCharts} cached), ${(deck.bytes / 1024).toFixed(0)} KiB${why}\n`,
    );
  } else if (event.type === 'skipped') {
    io.stderr(`skipped ${relative(io, event.deck.file)}  unchanged: same inputs and bytes as when it was written\n`);
  } else {
    const deck = event.segment ? `${event.audience}.${event.segment.replace(':', '-')}.${event.locale}` : `${event.audience}.${event.locale}`;
    io.stderr(`failed ${deck}: ${event.diagnostics.length} problem(s)\n`);
  }
}

export function reportDiagnostics(io: Io, diagnostics: Diagnostic[], verbose: boolean, thrown?: unknown): void {
  const shown = new Set<string>();
  for (const d of diagnostics) {
    const line = formatDiagnostic({ ...d, file: d.file ? relative(io, d.file) : undefined });
    if (shown.has(line)) continue;
    shown.add(line);
    io.stderr(line + '\n');
  }
  if (verbose && thrown instanceof Error) {
    let e: unknown = thrown;
    while (e instanceof Error) {
      io.stderr((e.stack ?? e.message) + '\n');
      e = e.cause;
    }
  }
}
