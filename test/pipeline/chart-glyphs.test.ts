// A chart's words no font draws (an emoji in an answer label, Arabic) are GLYPH_MISSING, as in a text
// box: a picture would show an empty box on the slide. Chinese and Korean in an English deck's chart
// are drawn by the fallback fonts, and pass.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, text, unzip } from '../helpers.js';
import { fixtures } from '../ingest/helpers.js';

/** The Qualtrics fixture's aggregates, written to a temporary file, and its `tools` options to relabel. */
async function toolsQuestion() {
  const aggregates = path.join(tempDir(), 'aggregates.json');
  expect((await runCli(['aggregate', '--spec', path.join(fixtures, 'formats', 'qualtrics-text.yaml'), '--out', aggregates])).code).toBe(0);
  const data = JSON.parse(readFileSync(aggregates, 'utf8'));
  return { aggregates, data, tools: data.questions.tools.options as { label: string }[] };
}

describe('glyphs of chart labels', () => {
  it('an emoji in an answer label fails the deck with the character, slide and label; CJK passes', async () => {
    const { aggregates, data, tools } = await toolsQuestion();
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

  it('Korean answers in an English deck: drawn with Noto Sans KR, named as the East Asian face of their runs, and embedded cut to the characters used', async () => {
    const { aggregates, data, tools } = await toolsQuestion();
    for (const [i, label] of ['리눅스', '윈도우', '맥OS'].entries()) if (tools[i]) tools[i].label = label;
    writeFileSync(aggregates, JSON.stringify(data));
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', aggregates, '--out', out, '--cache', tempDir(), '--charts', 'native']);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain('GLYPH_MISSING');
    const parts = unzip(readFileSync(path.join(out, 'full-results.en.pptx')));
    expect(text(parts, 'ppt/presentation.xml')).toMatch(/<p:embeddedFont><p:font typeface="Noto Sans KR"[^>]*charset="-127"/);
    const slides = [...parts.keys()].filter((k) => /^ppt\/slides\/slide\d+\.xml$/.test(k)).map((k) => text(parts, k));
    expect(slides.some((x) => /<a:ea typeface="Noto Sans KR"\/>(?:(?!<\/a:r>).)*리눅스/s.test(x))).toBe(true);
    // The native chart names it too, as its labels' East Asian face; a chart of Latin labels names none.
    const charts = [...parts.keys()].filter((k) => /^ppt\/charts\/chart\d+\.xml$/.test(k)).map((k) => text(parts, k));
    expect(charts.find((x) => x.includes('리눅스'))).toContain('<a:ea typeface="Noto Sans KR"/>');
    expect(charts.filter((x) => !/[\u3131-\uD7A3]/.test(x)).every((x) => !x.includes('<a:ea '))).toBe(true);
    // The subset holds what the deck writes: a few hundred KiB at most, not the 6 MB face.
    const kr = [...parts.keys()].filter((k) => k.startsWith('ppt/fonts/')).map((k) => parts.get(k)!.length);
    expect(Math.min(...kr)).toBeLessThan(400 * 1024);
  });

  it('labels in a script no shipped font draws: one error per chart naming the characters, the labels and the script', async () => {
    const { aggregates, data, tools } = await toolsQuestion();
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
