// The README's error table lists every code in DIAGNOSTIC_CODES with the exit status its class maps
// to, and nothing else (issue 12, item 9). A new code without a row fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, EXIT, exitCodeFor, toDiagnostics, type DiagnosticCode } from '../src/diagnostics.js';
import { ROOT } from './helpers.js';

const CLASS_EXIT = { usage: EXIT.usage, content: EXIT.content, environment: EXIT.environment, internal: EXIT.internal } as const;

function readmeErrorTable(): Map<string, { exit: number; meaning: string }> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Errors\n');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start + 1, readme.indexOf('\n#', start + 2));
  const rows = new Map<string, { exit: number; meaning: string }>();
  for (const line of section.split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]*)` \| (\d+) \| (.+) \|$/.exec(line);
    if (!m) continue;
    expect(rows.has(m[1]), `${m[1]} listed twice`).toBe(false);
    rows.set(m[1], { exit: Number(m[2]), meaning: m[3].trim() });
  }
  return rows;
}

describe('README error table', () => {
  it('lists exactly the codes the source defines, each with its exit status and a meaning', () => {
    const rows = readmeErrorTable();
    expect([...rows.keys()].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
    for (const [code, row] of rows) {
      expect(row.exit, code).toBe(CLASS_EXIT[DIAGNOSTIC_CODES[code as DiagnosticCode]]);
      expect(row.meaning.length, code).toBeGreaterThan(10);
    }
  });

  it('an error of each class exits with the status the table says', () => {
    for (const [code, cls] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(exitCodeFor([{ severity: 'error', code: code as DiagnosticCode, message: 'x' }]), code).toBe(CLASS_EXIT[cls]);
    }
  });
});

describe('file-system errors no stage wrapped', () => {
  it('name the path with a code, and are not INTERNAL', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: x`), { code, path: '/data/in.json', syscall: 'open' });
    expect(toDiagnostics(errno('EACCES'))).toEqual([expect.objectContaining({ code: 'FILE_NOT_READABLE', file: '/data/in.json', message: 'cannot read (EACCES in open)' })]);
    expect(toDiagnostics(errno('ENOENT'))[0]).toMatchObject({ code: 'MISSING_FILE', file: '/data/in.json' });
    expect(exitCodeFor(toDiagnostics(errno('EISDIR')))).toBe(EXIT.environment);
    expect(toDiagnostics(new TypeError('x is undefined'))[0].code).toBe('INTERNAL');
  });
});

describe('an unreadable input through the CLI', () => {
  it('a folder where a catalogue file should be: FILE_NOT_READABLE naming it, exit 3, not 70', async () => {
    const { copyTemplates, runCli, tempDir } = await import('./helpers.js');
    const { rmSync, mkdirSync } = await import('node:fs');
    const templates = copyTemplates();
    const file = path.join(templates, 'locales', 'en.yaml');
    rmSync(file);
    mkdirSync(file);
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', tempDir()]);
    expect(stderr).toContain(`${file}: error FILE_NOT_READABLE: cannot read the catalogue (EISDIR)`);
    expect(stderr).not.toMatch(/INTERNAL/);
    expect(code).toBe(3);
  });
});
