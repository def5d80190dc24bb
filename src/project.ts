// Where the running code sits: the project folder (templates/, data/ and the default cache beside it),
// the code that fingerprints every deck, and the package's version. Light on purpose: the CLI reads
// it before loading any stage.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The project folder: the nearest one above this module that holds package.json. src/ (tsx), dist/
 * (tsc) or the bundle the bin runs (dist/chunks/, one level deeper) sit under it.
 */
export const PROJECT_ROOT = projectRootAbove(HERE);

/** src/ (tsx) or dist/ (tsc's modules and the bundle): the code whose hash is part of every deck's fingerprint. */
export const CODE_DIR = path.join(PROJECT_ROOT, path.relative(PROJECT_ROOT, HERE).split(path.sep)[0]);

/** package.json's version, for `surveydeck --version`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
}

function projectRootAbove(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) return at;
    if (path.dirname(at) === at) return path.resolve(dir, '..');
  }
}
