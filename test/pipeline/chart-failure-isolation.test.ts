// One bad chart spec fails only the decks that use it: the other decks are written, and every
// diagnostic found (a missing German message too) is reported (issue 12, item 8).
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTemplates, runCli, tempDir } from '../helpers.js';

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
    // A message of the templates' German catalogue gone (and its fingerprint), as when a translator
    // deletes it: MISSING_MESSAGE. (A text of the survey's own catalogue missing shows in English.)
    const de = path.join(templates, 'locales', 'de.yaml');
    const before = readFileSync(de, 'utf8');
    const after = before.replace(/^ {2}excluded: .*\n/m, '').replace(/^ {2}base\.excluded: .*\n/m, '');
    expect(after).not.toBe(before);
    writeFileSync(de, after);

    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing,mini', '-l', 'en,de', '--templates', templates, '--out', out, '--cache', tempDir()]);
    expect(code).toBe(1);
    expect(readdirSync(out).filter((f) => f.endsWith('.pptx'))).toEqual(['executive-briefing.en.pptx']);
    expect(stderr).toMatch(/^wrote .*executive-briefing\.en\.pptx/m);
    expect(stderr).toMatch(/^failed mini\.en: 1 problem\(s\)$/m);
    expect(stderr).toMatch(/^failed executive-briefing\.de: /m);
    expect(stderr).toContain(`${broken}: error INVALID_CHART_SPEC`);
    expect(stderr).toMatch(/de\.yaml: error MISSING_MESSAGE: Message `base\.excluded` is missing from the `de` catalogue/);
  });
});
