// README "Use your own survey", followed as a new user would: its commands, in a fresh folder, on a
// small export of each format written by hand after the vendor's layout (test/fixtures/ingest/formats)
// and a Microsoft Forms .xlsx written here. The draft is used as `init` wrote it (the review step is a
// person's). To keep the suite light the build makes the full-results deck in English only; the
// command is otherwise the README's.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, slideNames, tempDir, unzip } from '../helpers.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Use your own survey'));
const commands = /```sh\n([\s\S]*?)```/
  .exec(section)![1]
  .trim()
  .split('\n')
  .map((l) => l.replace(/\s+#.*$/, '').trim());
const formats = path.join(ROOT, 'test', 'fixtures', 'ingest', 'formats');

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

async function msFormsXlsx(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['ID', 'Start time', 'Completion time', 'Email', 'Name', 'How satisfied are you with the product?', 'Which tools do you use?', 'How old are you?']);
  ws.addRow([1, '3/4/24 9:12:01', '3/4/24 9:15:40', 'anonymous', '', 'Very satisfied', 'Git;Jira;', 34]);
  ws.addRow([2, '3/4/24 10:00:00', '3/4/24 10:04:00', 'anonymous', '', 'Satisfied', 'Jira;', 41]);
  ws.addRow([3, '3/5/24 11:30:00', '3/5/24 11:33:00', 'anonymous', '', 'Satisfied', 'Slack;Git;', 29]);
  await wb.xlsx.writeFile(file);
}

describe('README: Use your own survey', () => {
  it('is five commands or fewer: init, a review, inspect, aggregate, build', () => {
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands.map((c) => (c.startsWith('$EDITOR') ? 'edit' : c.split(/\s+/)[2]))).toEqual(['init', 'edit', 'inspect', 'aggregate', 'build']);
  });

  const cases: [string, string][] = [
    ['SurveyMonkey expanded', 'surveymonkey-expanded.csv'],
    ['SurveyMonkey condensed', 'surveymonkey-condensed.csv'],
    ['Qualtrics', 'qualtrics-numeric.csv'],
    ['Google Forms', 'google-forms.csv'],
    ['Microsoft Forms (.xlsx)', 'xlsx'],
  ];
  for (const [name, fixture] of cases) {
    it(`takes a ${name} export to a deck`, async () => {
      const dir = tempDir('sd-own-');
      mkdirSync(path.join(dir, 'exports'));
      const ext = fixture === 'xlsx' ? '.xlsx' : '.csv';
      if (fixture === 'xlsx') await msFormsXlsx(path.join(dir, 'exports', 'customers-2025.xlsx'));
      else copyFileSync(path.join(formats, fixture), path.join(dir, 'exports', 'customers-2025.csv'));
      process.chdir(dir);
      for (const line of commands.filter((c) => c.startsWith('npx surveydeck '))) {
        const argv = line.replace(/^npx surveydeck /, '').replace('customers-2025.csv', `customers-2025${ext}`).split(/\s+/);
        if (argv[0] === 'build') argv.push('-a', 'full-results', '-l', 'en', '--cache', path.join(dir, 'cache'));
        const r = await runCli(argv);
        expect(r.code, `${line}\n${r.stderr}`).toBe(0);
        if (argv[0] === 'init') expect(r.stderr).toMatch(/Wrote \S*data\/customers-2025\/survey\.yaml/);
        if (argv[0] === 'aggregate') expect(r.stderr).toMatch(/^Aggregated [1-9]\d* respondents, [1-9]\d* questions/m);
      }
      const deck = path.join(dir, 'output', 'full-results.en.pptx');
      expect(existsSync(deck)).toBe(true);
      const aggregates = JSON.parse(readFileSync(path.join(dir, 'data', 'customers-2025', 'aggregates.json'), 'utf8'));
      const charted = Object.values(aggregates.questions as Record<string, { kind: string }>).filter((q) => q.kind !== 'text').length;
      // A title slide, a slide per charted question at least, the methodology slide.
      expect(slideNames(unzip(readFileSync(deck))).length).toBeGreaterThanOrEqual(charted + 2);
    }, 300_000);
  }
});
