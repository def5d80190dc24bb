// Bind sizes each chart for the frame its slide's layout gives it (BindInput.chartBox as a function of
// the slide): the request carries that box, a generated question splits by what fits there, and each
// chart is checked for fit once. Grid rows carry the spec's short labels as options do.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSlides, type ChartBoxSlide } from '../../src/bind/bind-slides.js';
import { buildChartRows } from '../../src/bind/chart-rows.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { ChartRequest, ChartSlide } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { AGGREGATES, SURVEY_DIR, TEMPLATES } from '../helpers.js';

const aggregates = loadAggregates(AGGREGATES);
const templates = loadSlideTemplates(TEMPLATES, createHandlebars());
const manifest = loadDeckManifest(TEMPLATES, 'full-results');
const chartsDir = path.join(TEMPLATES, 'charts');
const catalogueOf = (locale: string) => loadCatalogue(TEMPLATES, locale as never, SURVEY_DIR);
const labelsOf = (r: Pick<ChartRequest, 'rows'>) => new Set(r.rows.map((row) => String(row.label ?? row.item))).size;
const charts = (slides: { kind: string }[]) => slides.filter((s): s is ChartSlide => s.kind === 'chart');

describe('the chart box bind checks and requests', () => {
  const catalogue = catalogueOf('en');

  it('is the box the layout gives each slide, from its takeaway, figure, warning and bars', () => {
    const asked: ChartBoxSlide[] = [];
    // A box that differs by what the slide shows, so a request sized for some other slide would be caught.
    const chartBox = (slide: ChartBoxSlide) => {
      asked.push(slide);
      return { widthIn: slide.takeaway ? 7 : 11, heightIn: 2 + labelsOf(slide.chartRequest) / 4 + (slide.warning ? 0.5 : 0) };
    };
    const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir, chartBox });
    const drawn = charts(slides);
    expect(drawn.length).toBeGreaterThan(20);
    for (const s of drawn) {
      expect(s.chartRequest.widthIn, s.title).toBe(s.takeaway ? 7 : 11);
      expect(s.chartRequest.heightIn, s.title).toBe(2 + labelsOf(s.chartRequest) / 4 + (s.warning ? 0.5 : 0));
    }
    expect(drawn.some((s) => s.warning)).toBe(true);
  });

  it('splits a generated question by what fits in its own frame', () => {
    // Half an inch of height per answer fits; a slide's frame is shorter when a takeaway sits above it.
    const fitsIn = (r: ChartRequest) => r.heightIn / labelsOf(r) >= 0.5;
    const roomy = generatedCharts(bindSlides({ manifest, aggregates, templates, catalogue, chartsDir, chartBox: { widthIn: 9, heightIn: 6 }, chartFits: fitsIn }).slides);
    const framed = generatedCharts(bindSlides({ manifest, aggregates, templates, catalogue, chartsDir, chartBox: (s) => ({ widthIn: 9, heightIn: s.takeaway ? 4 : 6 }), chartFits: fitsIn }).slides);
    expect(framed.every((s) => s.takeaway && s.chartRequest.heightIn === 4)).toBe(true);
    for (const s of framed) expect(fitsIn(s.chartRequest), s.title).toBe(true);
    // A question of 9–12 answers is one chart in 6 in and two parts in its 4 in frame.
    const whole = roomy.filter((s) => s.key && !/-p\d+$/.test(s.key) && labelsOf(s.chartRequest) > 8 && labelsOf(s.chartRequest) <= 12);
    expect(whole.length).toBeGreaterThan(0);
    for (const s of whole) expect(framed.filter((f) => f.key?.startsWith(`${s.key}-p`)).length, s.key).toBe(2);
    expect(framed.length).toBeGreaterThan(roomy.length);
  });

  it('moves a takeaway from beside a chart of many bars to under the title before splitting the question', () => {
    // The layout's two arrangements: a column beside the chart (narrow, full height) or the takeaway
    // under the title (full width, shorter). Labels that need 10 in of width fit only in the second.
    const chartBox = (s: ChartBoxSlide) => (s.takeaway && !s.takeawayAtTitle ? { widthIn: 8, heightIn: 5.5 } : { widthIn: 12, heightIn: 4.5 });
    const fitsWide = (r: ChartRequest) => labelsOf(r) <= 8 || r.widthIn >= 10;
    const drawn = generatedCharts(bindSlides({ manifest, aggregates, templates, catalogue, chartsDir, chartBox, chartFits: fitsWide }).slides);
    const many = drawn.filter((s) => labelsOf(s.chartRequest) > 8);
    expect(many.length).toBeGreaterThan(0);
    for (const s of many) {
      expect(s.takeawayAtTitle, s.title).toBe(true);
      expect(s.chartRequest.widthIn, s.title).toBe(12);
    }
    // Nothing split that fits whole: a question of 9–12 answers is one slide.
    const parts = new Map<string, number>();
    for (const s of drawn) if (/-p\d+$/.test(s.key ?? '')) parts.set(s.key!.replace(/-p\d+$/, ''), (parts.get(s.key!.replace(/-p\d+$/, '')) ?? 0) + labelsOf(s.chartRequest));
    for (const [key, answers] of parts) expect(answers, key).toBeGreaterThan(12);
    // A chart that fits beside its takeaway keeps that arrangement.
    expect(drawn.filter((s) => labelsOf(s.chartRequest) <= 8).every((s) => !s.takeawayAtTitle)).toBe(true);
    // Where neither fits, the question is split as before, each part beside its takeaway.
    const never = generatedCharts(bindSlides({ manifest, aggregates, templates, catalogue, chartsDir, chartBox, chartFits: (r) => labelsOf(r) <= 8 }).slides);
    expect(never.length).toBeGreaterThan(drawn.length);
    expect(never.every((s) => !s.takeawayAtTitle)).toBe(true);
  });

  it('checks each generated chart once when its first split fits', () => {
    let checks = 0;
    const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir, chartBox: { widthIn: 9, heightIn: 6 }, chartFits: () => (checks++, true) });
    expect(checks).toBe(generatedCharts(slides).length);
  });
});

function generatedCharts(slides: { kind: string }[]): ChartSlide[] {
  return charts(slides).filter((s) => s.templateFile.endsWith('question.hbs'));
}

describe('short labels of grid rows', () => {
  const q = Object.values(aggregates.questions).find((x) => x.kind === 'grid' && !x.ranking && !x.multiLevel && x.items?.some((i) => i.shortLabel));
  const binding = { spec: 'stacked-100', rows: 'items' as const, question: `questions.${q?.id}`, highlight: [] };
  const where = { file: 'test', line: 1 };

  it('are in the aggregates on the rows the spec names, never on a level', () => {
    expect(q, 'a 2024 grid whose rows have short labels').toBeDefined();
    for (const item of q!.items!) for (const level of item.levels) expect(level.shortLabel).toBeUndefined();
  });

  it('reach every locale\'s chart request, translated: full row label → short', () => {
    const shortRows = q!.items!.filter((i) => i.shortLabel);
    for (const locale of ['de', 'es', 'fr', 'ja', 'zh-CN']) {
      const catalogue = catalogueOf(locale);
      const chart = buildChartRows(binding, aggregates, catalogue, where);
      const drawn = new Set(chart.rows.map((r) => String(r.item)));
      const shorts = Object.entries(chart.shortLabels ?? {});
      expect(shorts.length, locale).toBe(shortRows.length);
      for (const [full, short] of shorts) {
        expect(drawn.has(full), `${locale}: ${full} is a drawn row`).toBe(true);
        expect(short.length, `${locale}: ${short}`).toBeLessThan(full.length);
      }
      const translated = shortRows.map((i) => catalogue.format(`survey.${q!.id}.shortLabels.${i.code}`));
      expect(shorts.map(([, s]) => s.toLowerCase()).sort(), locale).toEqual(translated.map((s) => s.toLowerCase()).sort());
    }
  });

  it('are drawn in English, as options\' are (the survey\'s own wording, shortened)', () => {
    const chart = buildChartRows(binding, aggregates, catalogueOf('en'), where);
    const drawn = new Set(chart.rows.map((r) => String(r.item).toLowerCase()));
    for (const item of q!.items!) expect(drawn.has((item.shortLabel ?? item.label).toLowerCase()), item.code).toBe(true);
  });
});
