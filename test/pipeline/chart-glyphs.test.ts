// A chart's words no font draws (an emoji in an answer label) are GLYPH_MISSING, as in a text box: a
// picture would show an empty box on the slide. Chinese in an English deck's chart is drawn by the
// fallback fonts, and passes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { fixtures } from '../ingest/helpers.js';

describe('glyphs of chart labels', () => {
  it('an emoji in an answer label fails the deck with the character, slide and label; CJK passes', async () => {
    const dir = tempDir();
    const aggregates = path.join(dir, 'aggregates.json');
    expect((await runCli(['aggregate', '--spec', path.join(fixtures, 'formats', 'qualtrics-text.yaml'), '--out', aggregates])).code).toBe(0);
    const data = JSON.parse(readFileSync(aggregates, 'utf8'));
    const tools = data.questions.tools.options;
    tools[0].label = `${tools[0].label} 💸`;
    tools[1].label = `${tools[1].label} 工具`;
    writeFileSync(aggregates, JSON.stringify(data));
    const { code, stderr } = await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', aggregates, '--out', tempDir(), '--cache', tempDir(), '--charts', 'picture']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error GLYPH_MISSING: No glyph for U\+1F4B8 "💸" in `Inter` or .*: full-results\.en slide \d+, chart `bar-horizontal`, in ".* 💸"/);
    expect(stderr).not.toMatch(/GLYPH_MISSING.*工/);
    // An emoji is no script: the hint says how to word the label, and names no script.
    expect(stderr).not.toMatch(/no font surveydeck ships draws/);
    expect(stderr.match(/GLYPH_MISSING/g)).toHaveLength(1);
    // Without the emoji the deck builds, CJK label and all.
    tools[0].label = tools[0].label.replace(' 💸', '');
    writeFileSync(aggregates, JSON.stringify(data));
    const again = await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', aggregates, '--out', tempDir(), '--cache', tempDir(), '--charts', 'picture']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('labels in a script no shipped font draws: one error per chart naming the characters, the labels and the script', async () => {
    const dir = tempDir();
    const aggregates = path.join(dir, 'aggregates.json');
    expect((await runCli(['aggregate', '--spec', path.join(fixtures, 'formats', 'qualtrics-text.yaml'), '--out', aggregates])).code).toBe(0);
    const data = JSON.parse(readFileSync(aggregates, 'utf8'));
    const tools = data.questions.tools.options;
    tools[0].label = 'مطور';
    tools[1].label = 'مدير';
    writeFileSync(aggregates, JSON.stringify(data));
    const { code, stderr } = await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', aggregates, '--out', tempDir(), '--cache', tempDir(), '--charts', 'picture']);
    expect(code).toBe(1);
    const errors = stderr.split('\n').filter((l) => l.includes('GLYPH_MISSING') && l.includes('chart `'));
    // Both labels' six distinct letters in one line (the chart's; the slide's text boxes may add theirs).
    expect(errors, stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/No glyph for 6 characters \(U\+0645 "م", U\+0637 "ط", U\+0648 "و", U\+0631 "ر", U\+062F "د", U\+064A "ي"\) in `Inter` or .*, in "مطور", "مدير"/);
    expect(errors[0]).toContain('no font surveydeck ships draws Arabic');
  });
});
