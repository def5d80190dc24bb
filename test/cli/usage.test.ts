// CLI usage is checked before any work: a misspelled option, a bad value or an unusable path exits 2
// and writes nothing (issue 12, item 1).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/pipeline.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { AGGREGATES, runCli, tempDir } from '../helpers.js';

/** Runs argv and asserts exit 2 with one INVALID_OPTION line matching `message`, and no deck or cache written. */
async function expectUsageError(argv: string[], message: RegExp): Promise<string> {
  const out = tempDir();
  const cache = tempDir();
  const { code, stderr, stdout } = await runCli([...argv, '--out', out, '--cache', cache]);
  expect(stderr).toMatch(message);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(readdirSync(out)).toEqual([]);
  expect(readdirSync(cache)).toEqual([]);
  return stderr;
}

describe('usage checked before any work', () => {
  it('a misspelled option (--ouput) exits 2 without building or writing', async () => {
    const elsewhere = path.join(tempDir(), 'elsewhere');
    const stderr = await expectUsageError(['build', '-a', 'executive-briefing', '-l', 'en', '--ouput', elsewhere], /^error INVALID_OPTION: Unknown argument: ouput \(see surveydeck --help\)$/m);
    expect(stderr).not.toMatch(/^wrote /m);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a value outside its choices (--charts nativ) is named on one line, with the choices', async () => {
    const stderr = await expectUsageError(['build', '-a', 'executive-briefing', '-l', 'en', '--charts', 'nativ'], /^error INVALID_OPTION: Invalid values: Argument: charts, Given: "nativ", Choices: "picture", "native" \(see surveydeck --help\)$/m);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('with --json, a usage error is also JSON on stdout', async () => {
    const { code, stdout } = await runCli(['build', '--ouput', 'x', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ ok: false, diagnostics: [expect.objectContaining({ severity: 'error', code: 'INVALID_OPTION', message: 'Unknown argument: ouput' })] });
  });

  it('aggregate --outt exits 2 and leaves the committed aggregates untouched', async () => {
    const before = statSync(AGGREGATES).mtimeMs;
    const text = readFileSync(AGGREGATES, 'utf8');
    const { code, stderr } = await runCli(['aggregate', '--outt', path.join(tempDir(), 'x.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/INVALID_OPTION: Unknown argument: outt/);
    expect(stderr).not.toMatch(/Aggregated/);
    expect(statSync(AGGREGATES).mtimeMs).toBe(before);
    expect(readFileSync(AGGREGATES, 'utf8')).toBe(text);
  });

  it('a stray positional argument is a usage error', async () => {
    await expectUsageError(['build', 'executive-briefing'], /INVALID_OPTION: Unknown argument: executive-briefing/);
  });

  it('an option without its value, or given twice, exits 2', async () => {
    await expectUsageError(['build', '-a'], /INVALID_OPTION: Not enough arguments following: a/);
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '--out', tempDir(), '--out', tempDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/INVALID_OPTION: `--out` is given 2 times; give it once/);
    expect((await runCli(['build', '--data'])).stderr).toMatch(/Not enough arguments following: data/);
  });

  it('a flag with a value other than true/false exits 2', async () => {
    await expectUsageError(['build', '-a', 'executive-briefing', '--json=maybe'], /INVALID_OPTION: `--json` is a flag/);
    await expectUsageError(['build', '-a', 'executive-briefing', '--force=maybe'], /INVALID_OPTION: `--force` is a flag/);
  });

  it('--data naming a folder exits 2 naming it', async () => {
    const dir = tempDir();
    await expectUsageError(['build', '-a', 'executive-briefing', '-l', 'en', '--data', dir], new RegExp(`^${dir}: error INVALID_OPTION: \`--data\` names a folder; expected a file$`, 'm'));
  });

  it('the library refuses an aggregates folder too (not a crash)', async () => {
    const err = await buildDecks({ audiences: ['executive-briefing'], locales: ['en'], dataFile: tempDir(), outDir: tempDir() }).catch((e) => e);
    expect(err).toBeInstanceOf(SurveydeckError);
    expect(err.code).toBe('INVALID_OPTION');
  });

  it('a too-long --out exits 2 (not a crash on ENAMETOOLONG)', async () => {
    const long = path.join(tempDir(), 'x'.repeat(300));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', long]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/INVALID_OPTION: `--out` is too long: a path may have at most 4096 bytes and 255 per folder or file name/);
    expect(stderr).toMatch(/x…\(\d+ characters\)/); // the path is shortened, not echoed whole
  });

  it('a missing --templates folder says so, naming the folder', async () => {
    const missing = path.join(tempDir(), 'no-such-templates');
    const stderr = await expectUsageError(['build', '-a', 'executive-briefing', '--templates', missing], /INVALID_OPTION: `--templates` folder does not exist/);
    expect(stderr).toContain(missing);
    expect(stderr).not.toMatch(/one of ,/);
    const err = await buildDecks({ templatesDir: missing, outDir: tempDir() }).catch((e) => e);
    expect(err.code).toBe('INVALID_OPTION');
    expect(err.message).toMatch(/templates folder does not exist/);
  });

  it('list with no decks is an error, exit 2', async () => {
    const empty = tempDir();
    const { code, stdout, stderr } = await runCli(['list', '--templates', empty]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${path.join(empty, 'decks')}: error INVALID_OPTION: no decks found`);
  });

  it('aggregate --out naming a folder exits 2 before reading the export', async () => {
    const { code, stderr } = await runCli(['aggregate', '--out', tempDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/INVALID_OPTION: `--out` names a folder; expected a file/);
    expect(stderr).not.toMatch(/Aggregated/);
  });
});
