// Which code builds the decks (incremental/code-version.ts): a hash of every code file and of the
// installed dependencies. Kept between processes by the files' stamps: while no code file changed, a
// later process takes the hash without reading the files, and it is the hash reading them gives; an
// edited, added or removed file gives another version.
import { mkdirSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers.js';

/** codeVersion of a fresh module (as a later process has), and whether its hash of the files was worked out or kept. */
async function versionOf(projectRoot: string, codeDir: string, stampsFile?: string) {
  vi.resetModules();
  const [{ codeVersion }, { keptAnswersStats }] = await Promise.all([import('../../src/incremental/code-version.js'), import('../../src/incremental/kept-answers.js')]);
  const version = codeVersion(projectRoot, codeDir, stampsFile);
  return { version, hashed: keptAnswersStats.worked, kept: keptAnswersStats.kept };
}

function project(): { root: string; code: string } {
  const root = tempDir('sd-code-');
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ version: '1.2.3', dependencies: { 'left-pad-none': '1.0.0' } }));
  const code = path.join(root, 'dist');
  mkdirSync(path.join(code, 'chunks'), { recursive: true });
  writeFileSync(path.join(code, 'bin.js'), 'console.log("bin")\n');
  writeFileSync(path.join(code, 'chunks', 'a-123.js'), 'export const a = 1;\n');
  return { root, code };
}

describe('code version', () => {
  it('is kept by the code files’ stamps, the same as hashing them; any edit, new or removed file changes it', async () => {
    const { root, code } = project();
    const stamps = path.join(root, 'cache', 'checks', 'code-files.json');
    const unkept = await versionOf(root, code);
    expect(unkept.version).toMatch(/^1\.2\.3\+[0-9a-f]{16}$/);

    const first = await versionOf(root, code, stamps);
    expect(first).toEqual({ version: unkept.version, hashed: 1, kept: 0 });
    const later = await versionOf(root, code, stamps);
    expect(later).toEqual({ version: unkept.version, hashed: 0, kept: 1 });

    // Touched, same bytes: hashed again, same version.
    utimesSync(path.join(code, 'bin.js'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await versionOf(root, code, stamps)).toEqual({ version: unkept.version, hashed: 1, kept: 0 });

    const edited = path.join(code, 'chunks', 'a-123.js');
    writeFileSync(edited, 'export const a = 2;\n');
    const afterEdit = await versionOf(root, code, stamps);
    expect(afterEdit.version).not.toBe(unkept.version);
    expect(afterEdit.version).toBe((await versionOf(root, code)).version);

    writeFileSync(path.join(code, 'chunks', 'b-456.js'), 'export const b = 1;\n');
    const added = await versionOf(root, code, stamps);
    expect(added.version).not.toBe(afterEdit.version);
    rmSync(path.join(code, 'chunks', 'b-456.js'));
    expect((await versionOf(root, code, stamps)).version).toBe(afterEdit.version);
  });
});
