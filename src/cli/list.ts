// CLI: `surveydeck list` → the audiences, brands, locales and charts a templates folder offers.
// A folder with no decks is an error (exit 2), not an empty list.
import path from 'node:path';
import { error } from '../diagnostics.js';
import type { CliCommand } from './options.js';

export const listCommand: CliCommand = {
  name: 'list',
  describe: 'List the audiences, brands, locales and charts found',
  options: (y) => y.example('$0 list --json', 'as JSON'),
  run: async (args, io) => {
    const { listResources } = await import('../index.js');
    const { DEFAULT_TEMPLATES_DIR } = await import('../pipeline.js');
    const found = listResources({ templatesDir: args.templates });
    if (found.audiences.length === 0) {
      throw error('INVALID_OPTION', 'no decks found (no *.yaml in decks/)', {
        file: path.join(path.resolve(args.templates ?? DEFAULT_TEMPLATES_DIR), 'decks'),
        hint: 'is --templates the templates folder?',
      });
    }
    if (args.json) io.stdout(JSON.stringify(found, null, 2) + '\n');
    else for (const [k, v] of Object.entries(found)) io.stdout(`${k}: ${v.join(', ')}\n`);
  },
};
