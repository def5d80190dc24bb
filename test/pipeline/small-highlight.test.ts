// A highlight on a base under the spec's showCounts: its big number and its footnote's highlighted bars
// print counts ("3 of 4"), as its takeaway and the bars do, not a percentage beside them.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, slideNames, tempDir, text, unzip } from '../helpers.js';
import { fixtures } from '../ingest/helpers.js';

describe('a highlight on a small base', () => {
  it('prints its big number and highlighted bars as counts', async () => {
    const dir = tempDir();
    const formats = path.join(fixtures, 'formats');
    copyFileSync(path.join(formats, 'qualtrics-text.csv'), path.join(dir, 'qualtrics-text.csv'));
    const spec = readFileSync(path.join(formats, 'qualtrics-text.yaml'), 'utf8') +
      ['findings:', '  satisfied: { question: sat, codes: [1, 2] }', 'highlights:', '  - { id: happy, finding: satisfied, chart: { rows: options, question: sat } }', ''].join('\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec);
    mkdirSync(path.join(dir, 'locales'));
    writeFileSync(path.join(dir, 'locales', 'en.yaml'), 'highlights:\n  happy:\n    title: "Satisfaction"\n    takeaway: "{share, number, percent} are satisfied."\n');
    const made = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml')]);
    expect(made.code, made.stderr).toBe(0);
    const out = tempDir();
    const built = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--data', path.join(dir, 'aggregates.json'), '--out', out, '--cache', tempDir(), '--charts', 'picture']);
    expect(built.code, built.stderr).toBe(0);
    const parts = unzip(readFileSync(path.join(out, 'executive-briefing.en.pptx')));
    const slide = slideNames(parts)
      .map((n) => [...text(parts, n).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1].replace(/\u00a0/g, ' ')))
      .find((t) => t.includes('Satisfaction'))!;
    // 3 of the 4 who answered more than "don't know" chose 1 or 2
    expect(slide).toContain('3 of 4');
    expect(slide).toContain('3 of 4 are satisfied.');
    expect(slide.join(' ')).toContain('Highlighted bars: 3 of 4 together');
    expect(slide.join(' ')).not.toMatch(/\b75 ?%/);
  });
});
