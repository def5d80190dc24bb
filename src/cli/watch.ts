// CLI: `surveydeck watch [build options]` → watchDecks: one line per rebuild (what changed, which
// decks, how long), each problem once and its fix once, on stderr. Runs until interrupted.
import path from 'node:path';
import { formatDiagnostic } from '../diagnostics.js';
import type { WatchEvent } from '../scale/watch.js';
import { buildCommand, buildOptionsOf, type BuildArgs } from './build.js';
import { pathOption, type CliCommand } from './options.js';
import { relative, type Io } from './reporter.js';

interface WatchArgs extends BuildArgs {
  spec?: string;
  inputDir?: string;
}

/** The line a watch event prints, or undefined for none. Exported for the tests. */
export function formatWatchEvent(io: Io, event: WatchEvent): string | undefined {
  const rel = (f: string) => relative(io, f);
  switch (event.type) {
    case 'ready':
      return `watching ${event.watching.map(rel).join(', ')} (Ctrl-C stops)`;
    case 'problem':
      return formatDiagnostic({ ...event.diagnostic, file: event.diagnostic.file && rel(event.diagnostic.file) });
    case 'cleared':
      return `fixed: ${formatDiagnostic({ ...event.diagnostic, file: event.diagnostic.file && rel(event.diagnostic.file) })}`;
    case 'stopped':
      return event.abandoned ? 'stopped: the rebuild in progress was abandoned' : 'stopped';
    case 'round': {
      const shown = event.changed.slice(0, 3).map(rel).join(', ') + (event.changed.length > 3 ? ` (+${event.changed.length - 3} more)` : '');
      const what = event.changed.length === 0 ? 'start' : `${shown} changed${event.aggregated ? ', aggregates recomputed' : ''}`;
      const names = event.written.map((d) => path.basename(d.file));
      const decks = names.length === 0 ? 'no deck rebuilt' : `rebuilt ${names.length === 1 ? '' : `${names.length} decks: `}${names.slice(0, 6).join(', ')}${names.length > 6 ? ` (+${names.length - 6} more)` : ''}`;
      const unchanged = event.skipped ? `, ${event.skipped} unchanged` : '';
      const failed = event.failed ? ', failed (see above)' : '';
      return `${what}: ${decks}${unchanged}${failed} in ${event.seconds.toFixed(1)} s`;
    }
  }
}

export const watchCommand: CliCommand = {
  name: 'watch',
  describe: 'Rebuild the decks an edit affects whenever templates, catalogues, brands, the spec or the data change',
  options: (y) =>
    buildCommand
      .options(y)
      .option('spec', pathOption('file', 'spec', { describe: 'Survey spec YAML: when it changes, aggregate again into --data', defaultDescription: 'not watched' }))
      .option('input-dir', pathOption('dir', 'input-dir', { describe: "Folder of the spec's export: a change there aggregates again too" }))
      .example('$0 watch -a executive-briefing -l en', 'rebuild the English briefing on every edit')
      .example('$0 watch --spec data/ospo-2024/survey.yaml --input-dir ../shared/data', 'and aggregate again when the spec changes'),
  run: async (argv, io) => {
    const args = argv as unknown as WatchArgs;
    const { onDeck: _progress, ...options } = buildOptionsOf(args, io);
    const { watchDecks } = await import('../scale/watch.js');
    const interrupt = new AbortController();
    const release = io.onInterrupt?.(() => interrupt.abort());
    try {
    await watchDecks({
      ...options,
      spec: args.spec ? { file: args.spec, inputDir: args.inputDir } : undefined,
      // Runs until interrupted: Ctrl-C (the bin's handler, through io.onInterrupt) stops it cleanly.
      signal: interrupt.signal,
      onEvent: (e) => {
        const line = formatWatchEvent(io, e);
        if (line) io.stderr(line + '\n');
      },
    });
    } finally {
      release?.();
    }
  },
};
