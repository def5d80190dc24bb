// Hostile survey specs: a spec names no file outside its folder (by `..`, an absolute path or a
// symbolic link) unless the command line gives it; YAML aliases cannot blow up; a huge spec is refused
// before it is parsed; conditions and filters are data, never an expression. Each is a one-line
// error with a code, never a read of the file or a crash.
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { INPUT_LIMITS } from '../../src/load/input-bounds.js';
import { runCli } from '../helpers.js';
import { diagnosticsOf, fixtures } from './helpers.js';

const formats = path.join(fixtures, 'formats');

/** A folder holding the Google Forms fixture's export and its spec, edited by `change`. */
async function surveyFolder(change: (spec: string) => string = (s) => s): Promise<{ dir: string; spec: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-hostile-'));
  await mkdir(path.join(dir, 'survey'));
  await copyFile(path.join(formats, 'google-forms.csv'), path.join(dir, 'survey', 'google-forms.csv'));
  const text = await readFile(path.join(formats, 'google-forms.yaml'), 'utf8');
  const edited = change(text);
  const spec = path.join(dir, 'survey', 'survey.yaml');
  await writeFile(spec, edited);
  return { dir, spec };
}

const trend = (file: string) => (s: string) => `${s}\ntrend:\n  year: 2023\n  file: ${file}\n  populations: { all: {} }\n  questions: { sat: { id: sat } }\n`;

async function only(p: Promise<unknown>) {
  const d = await diagnosticsOf(p);
  expect(d).toHaveLength(1);
  return d[0];
}

describe('a spec names no file outside its folder', () => {
  it('trend.file with ../ is refused, and never read', async () => {
    const { dir, spec } = await surveyFolder(trend('../outside.csv'));
    await copyFile(path.join(formats, 'google-forms.csv'), path.join(dir, 'outside.csv'));
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/^trend\.file: `\.\.\/outside\.csv` is outside the folder /);
  });

  it('an absolute input.model is refused', async () => {
    const { spec } = await surveyFolder((s) => s.replace('  file: google-forms.csv\n', '  file: google-forms.csv\n  model: /etc/passwd\n'));
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/^input\.model: `\/etc\/passwd` is outside the folder /);
  });

  it('an absolute path to a file inside the folder is refused too, naming the relative one to write', async () => {
    const { dir, spec } = await surveyFolder((s) => s);
    const inside = path.join(dir, 'survey', 'google-forms.csv');
    await writeFile(spec, (await readFile(spec, 'utf8')).replace('file: google-forms.csv', `file: ${JSON.stringify(inside)}`));
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/^input\.file: `.*google-forms\.csv` is an absolute path: name it relative to the folder .*, as `google-forms\.csv`$/);
  });

  it('a symbolic link inside the folder to a file outside it is refused; the same file given on the command line is read', async () => {
    const { dir, spec } = await surveyFolder((s) => s.replace('file: google-forms.csv', 'file: linked.csv'));
    await mkdir(path.join(dir, 'elsewhere'));
    const outside = path.join(dir, 'elsewhere', 'export.csv');
    await copyFile(path.join(formats, 'google-forms.csv'), outside);
    await symlink(outside, path.join(dir, 'survey', 'linked.csv'));
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/^input\.file: `linked\.csv` is a link to a file outside the folder /);
    const { aggregates } = await aggregateSurvey({ specFile: spec, rawFile: outside });
    expect(aggregates.survey.respondents).toBeGreaterThan(0);
  });

  it('a link that stays inside the folder is read', async () => {
    const { dir, spec } = await surveyFolder((s) => s.replace('file: google-forms.csv', 'file: linked.csv'));
    await symlink(path.join(dir, 'survey', 'google-forms.csv'), path.join(dir, 'survey', 'linked.csv'));
    const { aggregates } = await aggregateSurvey({ specFile: spec });
    expect(aggregates.survey.respondents).toBeGreaterThan(0);
  });

  it('a weight names a column, not a file: a path is a column the export lacks', async () => {
    const { spec } = await surveyFolder((s) => s.replace('  values: labels\n', '  values: labels\n  weight: ../../etc/passwd\n'));
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.message).toContain('../../etc/passwd');
    expect(d.message).not.toMatch(/root:/);
  });

  it('a locale is one of the known names: a path as a locale is a usage error (exit 2), no catalogue is read', async () => {
    const r = await runCli(['build', '-l', '../../../etc/passwd', '-a', 'executive-briefing', '--out', await mkdtemp(path.join(os.tmpdir(), 'surveydeck-hostile-out-'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('../../../etc/passwd');
  });
});

describe('YAML that would blow up', () => {
  it('aliases that expand exponentially ("billion laughs") are refused with a one-line error', async () => {
    const laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const { spec } = await surveyFolder((s) => `${s}\nx-laughs:\n${laughs.map((l) => `  ${l}`).join('\n')}\n`);
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toMatch(/^YAML: .*alias/i);
    expect(d.message).not.toContain('\n');
  });

  it('an alias to itself (a recursive anchor) is a one-line error, not a hang or a crash', async () => {
    const { spec } = await surveyFolder((s) => s.replace('    kind: single\n', '    kind: single\n    labels: &loop { x: *loop }\n'));
    const d = (await diagnosticsOf(aggregateSurvey({ specFile: spec })))[0];
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toContain('labels');
    expect(d.message).not.toContain('\n');
  });

  it('a huge spec is refused before it is parsed', async () => {
    const { spec } = await surveyFolder((s) => `${s}\n# ${'x'.repeat(INPUT_LIMITS.specBytes + 1024)}\n`);
    const d = await only(aggregateSurvey({ specFile: spec }));
    expect(d.code).toBe('INPUT_TOO_LARGE');
    expect(d.file).toBe(spec);
  });
});

describe('conditions and filters are data', () => {
  it('an expression string where a condition belongs is refused', async () => {
    const { spec } = await surveyFolder((s) => s.replace('    kind: single\n', '    kind: single\n    asked: "process.exit(1) || true"\n'));
    const d = (await diagnosticsOf(aggregateSurvey({ specFile: spec })))[0];
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toContain('asked');
  });

  it('a filter written as an expression is refused', async () => {
    const { spec } = await surveyFolder((s) => s.replace(/removeIf: \[.*\]/, 'removeIf: "row.email.endsWith(\'@example.org\')"'));
    const d = (await diagnosticsOf(aggregateSurvey({ specFile: spec })))[0];
    expect(d.code).toBe('INVALID_SURVEY_SPEC');
    expect(d.message).toContain('removeIf');
  });
});
