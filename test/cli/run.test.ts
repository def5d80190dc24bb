// CLI: run(argv, io) in-process; one test per exit code, asserting on the stderr text.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGGREGATES, copyTemplates, runCli, tempDir } from '../helpers.js';

describe('surveydeck CLI', () => {
  it('--help lists the commands and examples, exit 0', async () => {
    const { code, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/surveydeck build/);
    expect(stderr).toMatch(/aggregate/);
    expect(stderr).toMatch(/Examples:\n {2}surveydeck build /);
    const build = await runCli(['build', '--help']);
    expect(build.code).toBe(0);
    expect(build.stderr).toMatch(/--brand/);
    expect(build.stderr).toMatch(/Examples:/);
  });

  it('an unknown option or no command is a usage error, exit 2', async () => {
    const { code, stderr } = await runCli(['build', '--colour', 'red']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/INVALID_OPTION/);
    expect((await runCli([])).code).toBe(2);
  });

  it('an unknown audience, brand or locale names what exists, exit 2', async () => {
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '--audience', 'board', '--brand', 'neon', '--locale', 'xx', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/UNKNOWN_AUDIENCE: Expected `audience` to be one of `.*executive-briefing.*`, got `board`/);
    expect(stderr).toMatch(/UNKNOWN_BRAND: Expected `brand` to be one of `ember`, `harbor`, got `neon`/);
    expect(stderr).toMatch(/UNKNOWN_LOCALE: .*got `xx`/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  });

  it('a broken template is a content error with file:line:column, exit 1', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'slides', 'bullets.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{t text.title}}', '{{t text.title}'));
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error TEMPLATE_SYNTAX`));
    expect(readdirSync(out)).toEqual([]);
  });

  it('a missing field in a template names the template line, exit 1', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'slides', 'title.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('year=survey.year', 'year=survey.yeer'));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', tempDir()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/title\.hbs:\d+:\d+: error TEMPLATE_RENDER: `t`: year is undefined/);
  });

  it('an aggregates file with a wrong type names the file and JSON path, exit 1', async () => {
    const data = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    data.findings.genaiInvolved.share = '84%';
    const bad = path.join(tempDir(), 'aggregates.json');
    writeFileSync(bad, JSON.stringify(data, null, 2));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--data', bad, '--out', tempDir()]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}: error INVALID_AGGREGATES: $.findings.genaiInvolved.share:`);
  });

  it('a share outside 0..1 is rejected', async () => {
    const data = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    data.questions.q20.options[0].share = 1.5;
    const bad = path.join(tempDir(), 'aggregates.json');
    writeFileSync(bad, JSON.stringify(data));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--data', bad, '--out', tempDir()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\$\.questions\.q20\.options\[0\]\.share/);
  });

  it('a chart spec that is not valid Vega-Lite is a content error naming the spec, exit 1', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'charts', 'bar-horizontal.vl.json');
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    spec.layer[0].mark = { type: 'not-a-mark' };
    writeFileSync(file, JSON.stringify(spec));
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', out, '--cache', tempDir()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bar-horizontal\.vl\.json: error INVALID_CHART_SPEC/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('an unwritable output folder is an environment error, exit 3, no deck left behind', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const out = path.join(blocker, 'decks');
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', out]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/OUTPUT_NOT_WRITABLE/);
    expect(existsSync(out)).toBe(false);
  });

  it('builds a deck: one progress line, one summary line, exit 0, --json on stdout', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--out', out, '--json']);
    expect(stderr).toMatch(/^wrote .*executive-briefing\.en\.pptx {2}\d+ slides, \d+ charts/m);
    expect(stderr).toMatch(/^Wrote 1 deck \(\d+ slides, \d+ charts rendered, \d+ from cache\); \d+ claims checked, \d+ flagged \(small base\) in \d+\.\d seconds$/m);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.ok).toBe(true);
    expect(json.decks).toHaveLength(1);
    // The claims report: every claim with its figures, bases, test, p-value and outcome.
    const bySize = json.claims.find((c: { name: string }) => c.name === 'ospoBySize');
    expect(bySize).toMatchObject({ kind: 'compare', outcome: 'higher', test: { name: 'prop.test', level: 0.95 } });
    expect(bySize.figures.map((f: { n: number }) => f.n)).toEqual([64, 64]);
    expect(bySize.test.pValue).toBeLessThan(0.001);
    expect(bySize.usedBy.map((u: { slide: number }) => u.slide)).toEqual([2, 5]);
    // The deck and the record of what it was built from (for skipping it next time); no temp files.
    expect(readdirSync(out)).toEqual(['.surveydeck', 'executive-briefing.en.pptx']);
    expect(readdirSync(path.join(out, '.surveydeck'))).toEqual(['executive-briefing.en.pptx.json']);
  });

  it('list names the audiences, brands, locales and charts it finds', async () => {
    const { code, stdout } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    const found = JSON.parse(stdout);
    expect(found.audiences).toContain('executive-briefing');
    expect(found.brands).toEqual(['ember', 'harbor']);
    expect(found.locales).toContain('en');
    expect(found.charts).toContain('bar-horizontal');
  });

  it('aggregate regenerates the committed aggregates from the raw export, exit 0', async () => {
    const out = path.join(tempDir(), 'aggregates.json');
    const { code, stderr } = await runCli(['aggregate', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^Aggregated 222 respondents, \d+ questions, \d+ findings into /m);
    // Written outside the spec's folder, the file names the spec by its hash alone (no path a build could follow).
    const committed = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    delete committed.spec.file;
    expect(readFileSync(out, 'utf8')).toBe(JSON.stringify(committed, null, 2) + '\n');
  });

  it('messages lists what a catalogue lacks as YAML and exits 1; a complete one exits 0', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'locales', 'de.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  smallBase: .*$/m, ''));
    // Its fingerprint left behind with nothing to fingerprint: the catalogue is refused, not misread.
    const dangling = await runCli(['messages', '-l', 'de', '--templates', templates]);
    expect(dangling.code).toBe(1);
    expect(dangling.stderr).toMatch(/INVALID_CATALOGUE: `fingerprints` names `chart.smallBase`, which is not a message of this file/);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  chart\.smallBase: .*\n/m, ''));
    const missing = await runCli(['messages', '-l', 'de', '--templates', templates]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^chart:\n {2}smallBase: .*n = \{n, number\}/m);
    expect(missing.stderr).toMatch(/de: \d+ messages required; 1 missing, 0 stale, 0 with other arguments, 0 unused/);
    const complete = await runCli(['messages', '-l', 'de']);
    expect(complete.code).toBe(0);
  });
});

