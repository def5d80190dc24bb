// Error lines: one line each with file:line:column, never echoing unbounded input or raw control
// characters (issue 12, item 7).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlebars } from '../../src/bind/helpers.js';
import { formatDiagnostic, printable, SurveydeckError } from '../../src/diagnostics.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { AGGREGATES, copyTemplates, runCli, tempDir } from '../helpers.js';

function dataFile(text: string | Buffer): string {
  const file = path.join(tempDir(), 'aggregates.json');
  writeFileSync(file, text);
  return file;
}

async function buildWith(args: string[]): Promise<{ code: number; stderr: string }> {
  return runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', tempDir(), '--cache', tempDir(), ...args]);
}

const oneLine = (stderr: string) => stderr.trimEnd().split('\n');

describe('error lines', () => {
  it('a YAML alias bomb in a deck manifest is INVALID_DECK naming the file, exit 2', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'decks', 'executive-briefing.yaml');
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    writeFileSync(file, `${bomb.join('\n')}\n${readFileSync(file, 'utf8')}`);
    const { code, stderr } = await buildWith(['--templates', templates]);
    expect(oneLine(stderr)).toEqual([expect.stringMatching(new RegExp(`^${file}: error INVALID_DECK: Excessive alias count`))]);
    expect(code).toBe(2);
  });

  it('NaN in the aggregates: one line with line:column and a short message of our own', async () => {
    const text = readFileSync(AGGREGATES, 'utf8').replace(/"share": [0-9.]+/, '"share": NaN');
    const file = dataFile(text);
    const offset = text.indexOf('NaN');
    const line = text.slice(0, offset).split('\n').length;
    const column = offset - text.lastIndexOf('\n', offset - 1);
    const { code, stderr } = await buildWith(['--data', file]);
    expect(oneLine(stderr)).toEqual([`${file}:${line}:${column}: error INVALID_AGGREGATES: not valid JSON: unexpected \`N\`, expected a value (JSON has no NaN or Infinity; use null)`]);
    expect(code).toBe(1);
  });

  it('a byte order mark is dropped, not an error', () => {
    const file = dataFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(AGGREGATES)]));
    expect(loadAggregates(file).survey.respondents).toBe(222);
  });

  it('a broken chart spec: one line with the spec file, line and column', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'charts', 'bar-horizontal.vl.json');
    const text = readFileSync(file, 'utf8').replace('"data":', '"data": ,');
    writeFileSync(file, text);
    const { code, stderr } = await buildWith(['--templates', templates]);
    const errors = oneLine(stderr).filter((l) => l.includes('INVALID_CHART_SPEC'));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${file}:\\d+:\\d+: error INVALID_CHART_SPEC: not valid JSON \\(a chart spec\\): unexpected \`,\`, expected a value$`))]);
    expect(code).toBe(1);
  });

  it('a 12 MB line of bad JSON and raw NUL bytes are not echoed', async () => {
    const huge = await buildWith(['--data', dataFile(`{"a": "${'x'.repeat(12 * 1024 * 1024)}" oops}`)]);
    expect(huge.stderr.length).toBeLessThan(600);
    expect(huge.stderr).toMatch(/:1:\d+: error INVALID_AGGREGATES: not valid JSON: unexpected `o`, expected `,` or `}`/);
    const nul = await buildWith(['--data', dataFile('{"a":\u0000\u0000\u0000}')]);
    expect(nul.stderr).not.toMatch(/\u0000/);
    expect(nul.stderr).toMatch(/:1:6: error INVALID_AGGREGATES: not valid JSON: unexpected U\+0000, expected a value/);
  });

  it('every diagnostic line is capped and printable, whatever a message holds', () => {
    const line = formatDiagnostic({ severity: 'error', code: 'INTERNAL', message: `a\u0000b\u001b[31m\n${'z'.repeat(30_000_000)}`, file: `f\nile` });
    expect(line.length).toBeLessThan(1500);
    expect(line).not.toMatch(/[\u0000-\u001f]/);
    expect(line).toContain('a\\u0000b\\u001b[31m\\u000a');
    expect(line).toContain('…(30000009 characters in all)');
    expect(new SurveydeckError({ severity: 'error', code: 'INTERNAL', message: 'q'.repeat(5000) }).diagnostics[0].message.length).toBeLessThan(1100);
    expect(printable('fine')).toBe('fine');
  });

  it('a missing partial is TEMPLATE_SYNTAX at its line:column', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'slides', 'bullets.hbs');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(lines.length - 1, 0, 'text {{> footnoteBlock}}');
    writeFileSync(file, lines.join('\n'));
    let err: unknown;
    try {
      loadSlideTemplates(templates, createHandlebars());
    } catch (e) {
      err = e;
    }
    expect((err as SurveydeckError).diagnostics).toEqual([
      expect.objectContaining({ code: 'TEMPLATE_SYNTAX', file, line: lines.length - 1, column: 6, message: 'partial `footnoteBlock` is not defined' }),
    ]);
  });
});
