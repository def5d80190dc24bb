// Incremental builds: which code writes the decks. A new release, a local edit of src/ (or dist/) or
// another installed version of a dependency (pptxgenjs, vega, sharp, the @fontsource fonts…) changes
// it, and every deck is rebuilt. Reads files once per process.
//
// Hashing the 6 MB of dist/ was ≈ 25 ms of every build, a tenth of a skipped one. With a stamps file
// (under --cache) the hash of the code files is taken from the last build while every file is still as
// `stat` saw it then (size, modification time, inode: as deck records trust a deck, deck-record.ts) and
// no file was added or removed; the dependencies' versions are read each time.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { keptAnswers } from './kept-answers.js';

const versions = new Map<string, string>();

/**
 * `<package version>+<hash>` where the hash covers every code file under `codeDir` (src/*.ts or
 * dist/*.js) and the installed version of every dependency in package.json. `stampsFile`: where the
 * code files' stamps and hash are kept between processes (none: every file is read and hashed).
 */
export function codeVersion(projectRoot: string, codeDir: string, stampsFile?: string): string {
  const memoKey = `${projectRoot}\u0000${codeDir}`;
  let version = versions.get(memoKey);
  if (version) return version;
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string; dependencies?: Record<string, string> };
  const hash = createHash('sha256').update(codeHash(codeDir, stampsFile));
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) hash.update(`${dep}@${installedVersion(projectRoot, dep)}\u0000`);
  version = `${pkg.version ?? '0.0.0'}+${hash.digest('hex').slice(0, 16)}`;
  versions.set(memoKey, version);
  return version;
}

/** sha256 over every code file's relative path and bytes; kept by the files' stamps. */
function codeHash(codeDir: string, stampsFile: string | undefined): string {
  const files = codeFiles(codeDir);
  const hashFiles = () => {
    const hash = createHash('sha256');
    for (const file of files) hash.update(`${path.relative(codeDir, file)}\u0000`).update(readFileSync(file)).update('\u0000');
    return hash.digest('hex');
  };
  if (!stampsFile) return hashFiles();
  const stamps = files.map((file) => {
    const s = statSync(file, { bigint: true });
    return [path.relative(codeDir, file), String(s.size), String(s.mtimeNs), String(s.ino)];
  });
  const kept = keptAnswers<string>(stampsFile, 'code-file-stamps');
  const sha256 = kept.get(JSON.stringify({ codeDir, stamps }), hashFiles);
  kept.save();
  return sha256;
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
