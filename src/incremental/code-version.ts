// Incremental builds: which code writes the decks. A new release, a local edit of src/ (or dist/) or
// another installed version of a dependency (pptxgenjs, vega, sharp, the @fontsource fonts…) changes
// it, and every deck is rebuilt. Reads files once per process.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const versions = new Map<string, string>();

/**
 * `<package version>+<hash>` where the hash covers every code file under `codeDir` (src/*.ts or
 * dist/*.js) and the installed version of every dependency in package.json.
 */
export function codeVersion(projectRoot: string, codeDir: string): string {
  const memoKey = `${projectRoot}\u0000${codeDir}`;
  let version = versions.get(memoKey);
  if (version) return version;
  const hash = createHash('sha256');
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string; dependencies?: Record<string, string> };
  for (const file of codeFiles(codeDir)) hash.update(`${path.relative(codeDir, file)}\u0000`).update(readFileSync(file)).update('\u0000');
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) hash.update(`${dep}@${installedVersion(projectRoot, dep)}\u0000`);
  version = `${pkg.version ?? '0.0.0'}+${hash.digest('hex').slice(0, 16)}`;
  versions.set(memoKey, version);
  return version;
}

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(file));
    else if (/\.(js|ts|mjs|cjs|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(file);
  }
  return out.sort();
}

/** The version in node_modules, looked up the way Node resolves it (nearest node_modules upwards). */
function installedVersion(projectRoot: string, dep: string): string {
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', dep, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '?';
    if (path.dirname(dir) === dir) return 'missing';
  }
}
