// One bad chart spec fails only the decks that use it: the other decks are written, and every
// diagnostic found (a missing German message too) is reported (issue 12, item 8).
import { copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTemplates, runCli, SURVEY_DIR, tempDir } from '../helpers.js';

describe('chart failures belong to the decks that use the chart', () => {
  it('a broken spec used by one deck and a missing German message: the English briefing is still written', async () => {
    const templates = copyTemplates();
    const charts = path.join(templates, 'charts');
    const broken = path.join(charts, 'broken-bar.vl.json');
    copyFileSync(path.join(charts, 'bar-horizontal.vl.json'), broken);
    const spec = JSON.parse(readFileSync(broken, 'utf8'));
    spec.layer[0].mark = { type: 'not-a-mark' };
    writeFileSync(broken, JSON.stringify(spec));
    writeFileSync(
      path.join(templates, 'decks', 'mini.yaml'),
      [
        'title: deck.executive.title',
        'slides:',
        '  - template: chart',
        '    text: { title: highlights.genai.title, takeaway: highlights.genai.takeaway, notes: highlights.genai.notes }',
        '    args: { share: findings.genaiInvolved.share, n: findings.genaiInvolved.base.n }',
        '    chart: { spec: broken-bar, rows: options, question: questions.q20 }',
        '',
      ].join('\n'),
    );
    // The survey's texts live beside its data (data/ospo-2024/locales): break a copy of the survey folder.
    const survey = tempDir();
    cpSync(SURVEY_DIR, survey, { recursive: true });
    const de = path.join(survey, 'locales', 'de.yaml');
    const before = readFileSync(de, 'utf8');
    // the message and its fingerprint both gone, as when a translator deletes it
    const after = before.replace(/^( {2}genai:\n(?: {4}.*\n)*?) {4}title: .*\n/m, '$1').replace(/^ {2}highlights\.genai\.title: .*\n/m, '');
    expect(after).not.toBe(before);
    writeFileSync(de, after);

    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing,mini', '-l', 'en,de', '--templates', templates, '--data', path.join(survey, 'aggregates.json'), '--out', out, '--cache', tempDir()]);
    expect(code).toBe(1);
    expect(readdirSync(out).filter((f) => f.endsWith('.pptx'))).toEqual(['executive-briefing.en.pptx']);
    expect(stderr).toMatch(/^wrote .*executive-briefing\.en\.pptx/m);
    expect(stderr).toMatch(/^failed mini\.en: 1 problem\(s\)$/m);
    expect(stderr).toMatch(/^failed executive-briefing\.de: /m);
    expect(stderr).toContain(`${broken}: error INVALID_CHART_SPEC`);
    expect(stderr).toMatch(/de\.yaml: error MISSING_MESSAGE: Message `highlights\.genai\.title` is missing from the `de` catalogue/);
  });
});
