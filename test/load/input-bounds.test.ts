// Bounds on input sizes: hostile sizes are a named error, not exhausted memory or a stack overflow;
// the real survey is far inside them (issue 12, item 5). Timing and memory are measured in the
// report, not asserted here.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapSegments, type Segment } from '../../src/charts/wrap-labels.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { INPUT_LIMITS } from '../../src/load/input-bounds.js';
import { AGGREGATES, copyTemplates, runCli, tempDir } from '../helpers.js';

function aggregatesWithLabel(label: string): string {
  const data = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
  data.questions.q20.options[0].label = label;
  const file = path.join(tempDir(), 'aggregates.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

function thrown(f: () => unknown): SurveydeckError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurveydeckError);
    return e as SurveydeckError;
  }
  throw new Error('expected an error');
}

describe('input bounds', () => {
  it('the real survey and templates are far inside the bounds', () => {
    expect(readFileSync(AGGREGATES).length * 10).toBeLessThan(INPUT_LIMITS.aggregatesBytes);
    expect(() => loadAggregates(AGGREGATES)).not.toThrow();
  });

  it('a 50 MB option label: INPUT_TOO_LARGE naming the file, exit 1, before the file is read', async () => {
    const file = aggregatesWithLabel('x'.repeat(50 * 1024 * 1024));
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--data', file, '--out', out]);
    expect(stderr).toMatch(new RegExp(`^${file}: error INPUT_TOO_LARGE: the aggregates file is \\d+\\.\\d MiB; at most 16\\.0 MiB is accepted`, 'm'));
    expect(stderr.length).toBeLessThan(1000); // the label is not echoed
    expect(code).toBe(1);
  });

  it('a 1 MB label inside a file of acceptable size: INPUT_TOO_LARGE at its JSON path', () => {
    const file = aggregatesWithLabel('y'.repeat(1_000_000));
    const e = thrown(() => loadAggregates(file));
    expect(e.diagnostics[0]).toMatchObject({ code: 'INPUT_TOO_LARGE', file, message: '$.questions.q20.options[0].label is 1000000 characters long; at most 10000 are accepted' });
  });

  it('a 200k-word label is refused; so is one of 1,001 short words', () => {
    const huge = thrown(() => loadAggregates(aggregatesWithLabel('word '.repeat(200_000))));
    expect(huge.diagnostics[0].message).toMatch(/^\$\.questions\.q20\.options\[0\]\.label is 1000000 characters long/);
    const wordy = thrown(() => loadAggregates(aggregatesWithLabel('a '.repeat(1001))));
    expect(wordy.diagnostics[0].message).toBe('$.questions.q20.options[0].label has more than 1000 words');
  });

  it('a question with 200,000 options: INPUT_TOO_LARGE at its JSON path (no stack overflow laying out bars)', () => {
    const data = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    const option = data.questions.q20.options[0];
    data.questions.q20.options = Array.from({ length: 200_000 }, (_, i) => ({ ...option, label: `o${i}` }));
    const file = path.join(tempDir(), 'aggregates.json');
    writeFileSync(file, JSON.stringify(data));
    const e = thrown(() => loadAggregates(file));
    expect(e.diagnostics[0]).toMatchObject({ code: 'INPUT_TOO_LARGE', file, message: '$.questions.q20.options has 200000 entries; at most 1000 are accepted' });
  });

  it('a catalogue message over the bound: INPUT_TOO_LARGE at its line', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'locales', 'en.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: "Appendix: open-text questions"', `title: "${'z'.repeat(20_000)}"`));
    const e = thrown(() => loadCatalogue(templates, 'en'));
    expect(e.diagnostics[0]).toMatchObject({ code: 'INPUT_TOO_LARGE', file, line: expect.any(Number), message: 'message `generated.appendix.title` is 20000 characters long; at most 10000 are accepted' });
  });

  it('a chart spec over 1 MiB: INPUT_TOO_LARGE naming the spec, exit 1', async () => {
    const templates = copyTemplates();
    const spec = path.join(templates, 'charts', 'bar-horizontal.vl.json');
    const json = JSON.parse(readFileSync(spec, 'utf8'));
    json.description = 'd'.repeat(2 * 1024 * 1024);
    writeFileSync(spec, JSON.stringify(json));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', tempDir(), '--cache', tempDir()]);
    expect(stderr).toContain(`${spec}: error INPUT_TOO_LARGE: the chart spec is 2.0 MiB; at most 1.0 MiB is accepted`);
    expect(code).toBe(1);
  });

  it('wrapping 200k words does not overflow the stack', () => {
    const segments: Segment[] = Array.from({ length: 200_000 }, () => ({ text: 'word ', widthPx: 30, trimmedWidthPx: 26 }));
    const wrapped = wrapSegments(segments, 300);
    expect(wrapped.lines.length).toBeGreaterThan(10_000);
  });
});
