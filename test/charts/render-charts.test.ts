import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chartCacheKey,
  installTextMetrics,
  numberLocaleFor,
  renderCharts,
  renderChartsEach,
  renderChartSvg,
  type ChartOutcome,
} from '../../src/charts/index.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { facesOf, prepareFonts, useFontCache } from '../../src/fonts/index.js';
import type { Brand } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import {
  BAR_ROWS,
  BAR_ROWS_JA,
  BAR_ROWS_ZH,
  FIXTURES_DIR,
  GROUPED_ROWS,
  LONG_LABEL,
  STACKED_ROWS,
  TEMPLATES_DIR,
  chartRequest,
} from '../fixtures/charts/requests.js';

let harbor: Brand;
let ember: Brand;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'surveydeck-charts-'));
const specText = (id: string) => readFileSync(path.join(TEMPLATES_DIR, 'charts', `${id}.vl.json`), 'utf8');

beforeAll(() => {
  harbor = loadBrand(TEMPLATES_DIR, 'harbor');
  ember = loadBrand(TEMPLATES_DIR, 'ember');
  useFontCache(prepareFonts());
  installTextMetrics();
});

/** Visible text of an SVG, line by line (vega writes one <tspan> or <text> per line). */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]*)(?=<)/g)].map((m) => m[1]).filter((t) => t.trim() !== '');
}

describe('renderCharts', () => {
  it('renders PNGs at ≥ 150 px per inch of placed size, in request order', async () => {
    const requests = [
      chartRequest('bar-horizontal', BAR_ROWS, { widthIn: 10, heightIn: 4.5 }),
      chartRequest('kpi-bar', [{ share: 0.84 }], { widthIn: 4.33, heightIn: 1.1 }),
    ];
    const charts = await renderCharts(requests, { brand: harbor, cacheDir: tmp() });
    expect(charts.map((c) => c.specId)).toEqual(['bar-horizontal', 'kpi-bar']);
    for (const [i, chart] of charts.entries()) {
      const meta = await sharp(chart.png).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBe(chart.widthPx);
      expect(meta.height).toBe(chart.heightPx);
      expect(meta.width! / requests[i].widthIn).toBeGreaterThanOrEqual(150);
      expect(meta.height! / requests[i].heightIn).toBeGreaterThanOrEqual(150);
      expect(chart.altText).toBe(requests[i].altText);
      expect(chart.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('never cuts a long label: all its words are in the SVG, wrapped onto 2–3 lines, and no "…"', async () => {
    for (const [specId, rows] of [['bar-horizontal', BAR_ROWS], ['grouped-bars', GROUPED_ROWS]] as const) {
      const svg = await renderChartSvg(chartRequest(specId, rows), specText(specId), harbor);
      expect(svg).not.toContain('…');
      const texts = svgTexts(svg);
      const lines = texts.filter((t) => LONG_LABEL.includes(t.trim()) && t.trim().split(' ').length > 1);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(lines.map((l) => l.trim()).join(' ')).toBe(LONG_LABEL);
    }
  });

  it('keeps every legend entry whole (five Likert levels, long level names)', async () => {
    for (const brand of [harbor, ember]) {
      const svg = await renderChartSvg(chartRequest('stacked-100', STACKED_ROWS, { widthIn: 8 }), specText('stacked-100'), brand);
      const texts = svgTexts(svg);
      for (const level of ['Strongly disagree', 'Neither agree nor disagree', 'Strongly agree']) expect(texts).toContain(level);
      expect(svg).not.toContain('…');
    }
  });

  it('wraps CJK labels between characters and keeps every character', async () => {
    const long = String(BAR_ROWS_JA[1].label);
    const svg = await renderChartSvg(chartRequest('bar-horizontal', BAR_ROWS_JA, { locale: 'ja', widthIn: 6.5 }), specText('bar-horizontal'), ember);
    const lines = svgTexts(svg).filter((t) => long.includes(t) && t.length > 1);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.join('')).toBe(long);
    expect(svg).toContain("font-family=\"'Source Sans 3', 'Noto Sans JP'\"");
  });

  it('formats German percentages with a no-break space before %', async () => {
    expect(numberLocaleFor('de').percent).toBe('\u00a0%');
    expect(numberLocaleFor('fr').percent).toMatch(/^[\u00a0\u202f]%$/);
    expect(numberLocaleFor('en').percent).toBe('%');
    const [de, en] = await Promise.all([
      renderChartSvg(chartRequest('bar-horizontal', BAR_ROWS, { locale: 'de' }), specText('bar-horizontal'), harbor),
      renderChartSvg(chartRequest('bar-horizontal', BAR_ROWS, { locale: 'en' }), specText('bar-horizontal'), harbor),
    ]);
    expect(svgTexts(de)).toContain('62\u00a0%');
    expect(svgTexts(en)).toContain('62%');
  });

  it('caches: the same request again is cached and byte-identical; brand or locale changes the key', async () => {
    const cacheDir = tmp();
    const request = chartRequest('stacked-100', STACKED_ROWS);
    const [first] = await renderCharts([request], { brand: harbor, cacheDir });
    const [second] = await renderCharts([request], { brand: harbor, cacheDir });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.png.equals(first.png)).toBe(true);
    expect(second.hash).toBe(first.hash);
    const text = specText('stacked-100');
    const key = chartCacheKey(request, text, harbor);
    expect(chartCacheKey({ ...request, locale: 'de' }, text, harbor)).not.toBe(key);
    expect(chartCacheKey(request, text, ember)).not.toBe(key);
    expect(chartCacheKey({ ...request, rows: request.rows.slice(1) }, text, harbor)).not.toBe(key);
    const [other] = await renderCharts([{ ...request, locale: 'de' }], { brand: harbor, cacheDir });
    expect(other.cached).toBe(false);
  });

  it('renders the same inputs to the same bytes without a cache', async () => {
    const request = chartRequest('grouped-bars', GROUPED_ROWS);
    const [a] = await renderCharts([request], { brand: ember, cacheDir: tmp() });
    const [b] = await renderCharts([request], { brand: ember, cacheDir: tmp() });
    expect(a.cached || b.cached).toBe(false);
    expect(b.hash).toBe(a.hash);
  });

  it('is INVALID_CHART_SPEC with the file for each invalid fixture, all reported together', async () => {
    const names = ['invalid-not-json', 'invalid-warning', 'invalid-mark'];
    const requests = names.map((n) => chartRequest(n, BAR_ROWS, { specFile: path.join(FIXTURES_DIR, `${n}.vl.json`) }));
    const err = await renderCharts(requests, { brand: harbor, cacheDir: tmp() }).catch((e) => e);
    expect(err).toBeInstanceOf(SurveydeckError);
    const d = (err as SurveydeckError).diagnostics;
    expect(d.map((x) => [x.code, path.basename(x.file!)])).toEqual(names.map((n) => ['INVALID_CHART_SPEC', `${n}.vl.json`]));
    expect(d[0].line).toBe(2);
    expect(d[0].message).toContain('not valid JSON');
    expect(d[1].message).toContain('shape dropped');
  });

  it('hands each outcome over once, by its index, as it settles: a failure before the drawings still under way', async () => {
    // The pipeline packages a deck as soon as its own charts are drawn, while the others are drawn.
    const requests = [chartRequest('bar-horizontal', BAR_ROWS), chartRequest('pie-3d', BAR_ROWS), chartRequest('bar-horizontal', BAR_ROWS)];
    const handed: [number, ChartOutcome][] = [];
    await renderChartsEach(requests, { brand: harbor, cacheDir: tmp() }, (i, o) => handed.push([i, o]));
    expect(handed.map(([i]) => i).sort()).toEqual([0, 1, 2]);
    expect(handed[0][0]).toBe(1);
    expect(handed[0][1]).toMatchObject({ diagnostics: [{ code: 'UNKNOWN_CHART' }] });
    const [first, again] = [0, 2].map((n) => handed.find(([i]) => i === n)![1] as { chart: { png: Buffer; cached: boolean } });
    expect(first.chart.cached).toBe(false);
    expect(again.chart.cached).toBe(true); // the same request shares the one drawing
    expect(again.chart.png.equals(first.chart.png)).toBe(true);
  });

  it('is UNKNOWN_CHART naming the file when the spec does not exist', async () => {
    const err = await renderCharts([chartRequest('pie-3d', BAR_ROWS)], { brand: harbor, cacheDir: tmp() }).catch((e) => e);
    expect((err as SurveydeckError).diagnostics[0]).toMatchObject({ code: 'UNKNOWN_CHART', file: expect.stringContaining('pie-3d.vl.json') });
    expect((err as SurveydeckError).diagnostics[0].hint).toContain('bar-horizontal');
  });

  it('is INVALID_CHART_SPEC when the spec uses a label the request lacks', async () => {
    const dir = tmp();
    const file = path.join(dir, 'titled.vl.json');
    const spec = JSON.parse(specText('bar-horizontal'));
    spec.encoding.y.axis.title = { $label: 'yTitle' };
    writeFileSync(file, JSON.stringify(spec));
    const err = await renderCharts([chartRequest('titled', BAR_ROWS, { specFile: file })], { brand: harbor, cacheDir: dir }).catch((e) => e);
    expect((err as SurveydeckError).diagnostics[0].code).toBe('INVALID_CHART_SPEC');
    expect((err as SurveydeckError).diagnostics[0].message).toContain('yTitle');
    const ok = await renderChartSvg(chartRequest('titled', BAR_ROWS, { specFile: file, labels: { yTitle: 'Benefit named' } }), JSON.stringify(spec), harbor);
    expect(svgTexts(ok)).toContain('Benefit named');
  });
});

describe('CJK glyphs', () => {
  /** Crop of the chart's label column, as raw pixels. */
  async function labelPixels(rows: typeof BAR_ROWS_ZH): Promise<Buffer> {
    const [chart] = await renderCharts([chartRequest('bar-horizontal', rows, { locale: 'zh-CN', widthIn: 6, heightIn: 1.2 })], {
      brand: harbor,
      cacheDir: tmp(),
    });
    return sharp(chart.png).extract({ left: 0, top: 0, width: 300, height: chart.heightPx }).raw().toBuffer();
  }

  it('draws different pixels for different Chinese labels in the chart font (tofu boxes would match)', async () => {
    const a = await labelPixels([{ label: '调查结果', share: 0.5 }]);
    const b = await labelPixels([{ label: '开源项目', share: 0.5 }]);
    expect(a.equals(b)).toBe(false);
  });

  it('differs from a rendering where fontconfig has only Latin fonts', () => {
    const cache = prepareFonts();
    const latinDir = path.join(tmp(), 'latin');
    mkdirSync(latinDir);
    for (const face of facesOf('Inter')) symlinkSync(path.join(cache.ttfDir, face.sfntName), path.join(latinDir, face.sfntName));
    const latinConf = path.join(latinDir, '..', 'fonts.conf');
    writeFileSync(latinConf, `<?xml version="1.0"?><fontconfig><dir>${latinDir}</dir><cachedir>${latinDir}/.fc</cachedir></fontconfig>`);
    const render = (conf: string) => {
      const out = spawnSync(process.execPath, [path.join(FIXTURES_DIR, 'render-text.mjs'), "'Inter', 'Noto Sans SC'", '调查', '结果'], {
        env: { ...process.env, FONTCONFIG_FILE: conf },
        encoding: 'utf8',
      });
      expect(out.status, out.stderr).toBe(0);
      return out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { hash: string; ink: number });
    };
    const withCjk = render(cache.fontsConfFile);
    const latinOnly = render(latinConf);
    expect(withCjk[0].hash).not.toBe(withCjk[1].hash);
    expect(withCjk[0].hash).not.toBe(latinOnly[0].hash);
    expect(withCjk[0].ink).toBeGreaterThan(0);
  });
});
