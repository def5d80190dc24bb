// A single-choice scale with a good end (the spec's `polarity`) is read by its two ends, not by its one
// most common level: "Most common answer: very critical (36%)" left a reader to add up the chart;
// "Very critical or extremely critical: 52%. Not so critical or not at all critical: 16%." does not.
// Each end adds the answers on its side of the neutral point, inside the chart's base.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { buildChartRows, levelTones } from '../../src/bind/chart-rows.js';
import type { Aggregates, ChartSlide, Locale, QuestionAggregate } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { TEMPLATES } from '../helpers.js';

const dir = path.join(TEMPLATES, '..', 'data', 'ospo-2023');
const ospo2023 = loadAggregates(path.join(dir, 'aggregates.json'));
const templates = loadSlideTemplates(TEMPLATES, createHandlebars());
const manifest = loadDeckManifest(TEMPLATES, 'full-results');

function takeaways(aggregates: Aggregates, locale: Locale): Map<string, string> {
  const catalogue = loadCatalogue(TEMPLATES, locale, dir);
  const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(TEMPLATES, 'charts'), chartBox: { widthIn: 9, heightIn: 6 } });
  return new Map(slides.filter((s): s is ChartSlide => s.kind === 'chart').map((s) => [s.key, s.takeaway ?? '']));
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

describe('the takeaway of a single-choice scale', () => {
  const scales = Object.values(ospo2023.questions).filter((q) => q.kind === 'single' && q.polarity && !q.ranking);

  it('names the shares on each side of the neutral point, from the data, for every such question of the 2023 survey', () => {
    expect(scales.length).toBeGreaterThan(0);
    const en = takeaways(ospo2023, 'en');
    for (const q of scales) {
      const tones = levelTones(q);
      const inBase = q.options.filter((o) => !(o.nonAnswer === 'dontKnow' && !q.base.includesDontKnow) && !o.nonAnswer);
      const good = inBase.filter((o) => tones.get(o.code)! > 0).reduce((a, o) => a + o.share, 0);
      const bad = inBase.filter((o) => tones.get(o.code)! < 0).reduce((a, o) => a + o.share, 0);
      const text = en.get(q.id)!;
      expect(text, q.id).toMatch(new RegExp(`^[^:]+: ${pct(good)}\\. [^:]+: ${pct(bad)}\\.$`));
      expect(text, q.id).not.toMatch(/Most common/);
    }
    expect(en.get('q23')).toBe('Very critical or extremely critical: 52%. Not so critical or not at all critical: 16%.');
  });

  it('follows the data: a new wave that moves answers to the bad end says so', () => {
    const aggregates = structuredClone(ospo2023) as Aggregates;
    const q = aggregates.questions.q23 as QuestionAggregate;
    const n = q.base.n;
    const counts: Record<string, number> = { '1': Math.round(n * 0.4), '2': Math.round(n * 0.3), '3': Math.round(n * 0.1), '4': Math.round(n * 0.1) };
    counts['5'] = n - counts['1'] - counts['2'] - counts['3'] - counts['4'];
    q.options = q.options.map((o) => (o.code in counts ? { ...o, count: counts[o.code], share: counts[o.code] / n } : o));
    expect(takeaways(aggregates, 'en').get('q23')).toBe(`Very critical or extremely critical: ${pct((counts['4'] + counts['5']) / n)}. Not so critical or not at all critical: 70%.`);
    expect(takeaways(aggregates, 'de').get('q23')).toMatch(/: 70\s%\.$/);
  });

  it('gives each bar of the scale its level\'s tone, from the bad end to the good, for the chart to colour', () => {
    const catalogue = loadCatalogue(TEMPLATES, 'en', dir);
    const rowsOf = (id: string) => buildChartRows({ spec: 'bar-horizontal', rows: 'options', question: `questions.${id}`, highlight: [] }, ospo2023, catalogue, { file: 'test', line: 1 }).rows;
    expect(rowsOf('q23').map((r) => [r.label, r.tone])).toEqual([
      ['Not at all critical', -2],
      ['Not so critical', -1],
      ['Somewhat critical', 0],
      ['Very critical', 1],
      ['Extremely critical', 2],
    ]);
    const unordered = Object.values(ospo2023.questions).find((q) => q.kind === 'single' && !q.polarity)!;
    expect(rowsOf(unordered.id).some((r) => 'tone' in r)).toBe(false);
  });

  it('leaves a scale with no polarity, and any unordered question, to its most common answer', () => {
    const aggregates = structuredClone(ospo2023) as Aggregates;
    const q = aggregates.questions.q23 as QuestionAggregate;
    delete q.polarity;
    expect(takeaways(aggregates, 'en').get('q23')).toMatch(/^Most common answer: very critical \(36%\)\.$/);
  });
});
