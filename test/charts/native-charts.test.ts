// Native charts from the same Vega-Lite specs: each chart is read back (chart XML and its embedded
// workbook through exceljs) and checked against the rows it was given.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNativeChart } from '../../src/charts/native/index.js';
import { installTextMetrics, renderCharts, samplePalette } from '../../src/charts/index.js';
import { prepareFonts, useFontCache } from '../../src/fonts/index.js';
import type { Brand, ChartRequest, ChartRow, Locale, PlacedNativeChart } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { BAR_ROWS, BAR_ROWS_ZH, FIXTURES_DIR, GROUPED_ROWS, STACKED_ROWS, TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';
import { tempDir } from '../helpers.js';
import { cellsAt, readChartXml, readWorkbook, squash } from './native-chart-reader.js';

let harbor: Brand;
beforeAll(() => {
  useFontCache(prepareFonts({}));
  installTextMetrics();
  harbor = loadBrand(TEMPLATES_DIR, 'harbor');
});

const NBSP = '\u00a0';
const fixtureSpec = (name: string) => path.join(FIXTURES_DIR, 'native', `${name}.vl.json`);

async function native(request: ChartRequest): Promise<PlacedNativeChart> {
  const result = await buildNativeChart(request, readFileSync(request.specFile, 'utf8'), harbor);
  if (!result.ok) throw new Error(`expected a native chart, got: ${result.reason}`);
  return result.chart;
}

/** Rows → category order (first appearance) and value per category and series. */
function expected(rows: ChartRow[], category: string, series?: string) {
  const categories = [...new Set(rows.map((r) => String(r[category])))];
  const seriesNames = series ? [...new Set([...rows].sort((a, b) => Number(a.seriesIndex ?? a.levelIndex) - Number(b.seriesIndex ?? b.levelIndex)).map((r) => String(r[series])))] : ['share'];
  const value = (c: string, s: string) => rows.find((r) => String(r[category]) === c && (!series || String(r[series]) === s))?.share;
  return { categories, seriesNames, value };
}

/** Chart XML and workbook agree with the rows: series, categories (order, text), values, formulas, counts. */
async function expectChartDraws(chart: PlacedNativeChart, rows: ChartRow[], category: string, series?: string) {
  const xml = readChartXml(chart.chartXml);
  const want = expected(rows, category, series);
  const drawn = xml.series.filter((s) => !s.noFill);
  expect(drawn.map((s) => s.name)).toEqual(want.seriesNames);
  const sheets = await readWorkbook(chart.workbook);
  for (const s of drawn) {
    expect(s.categories.map(squash)).toEqual(want.categories.map(squash));
    expect(s.categoryCount).toBe(want.categories.length);
    expect(s.valueCount).toBe(want.categories.length);
    s.values.forEach((v, i) => expect(v).toBeCloseTo(Number(want.value(want.categories[i], s.name)), 12));
    // the workbook holds exactly the cached values at the cells the formulas name
    expect(cellsAt(sheets, s.nameFormula)).toEqual([s.name]);
    expect(cellsAt(sheets, s.categoryFormula)).toEqual(s.categories);
    expect(cellsAt(sheets, s.valueFormula)).toEqual(s.values);
  }
  // and every bound row, field by field
  const rowSheet = sheets.get('Rows')!;
  const header = rowSheet[0] as string[];
  expect(rowSheet.length - 1).toBe(rows.length);
  rows.forEach((r, i) => {
    for (const [k, v] of Object.entries(r)) expect(rowSheet[i + 1][header.indexOf(k)]).toEqual(v);
  });
  return xml;
}

describe('native charts read back against their rows', () => {
  it('horizontal bars: one series in row order, brand colour, percent labels in the locale format', async () => {
    // CLDR's space before % (NBSP in de, narrow NBSP in fr with recent ICU), quoted as literal text
    const space = (tag: string) => new Intl.NumberFormat(tag, { style: 'percent' }).formatToParts(0.45).find((p) => p.type === 'literal')!.value;
    for (const [locale, format] of [['en', '0%'], ['de', `0"${space('de-DE')}"%`], ['fr', `0"${space('fr-FR')}"%`]] as const) {
      const chart = await native(chartRequest('bar-horizontal', BAR_ROWS, { locale: locale as Locale }));
      const xml = await expectChartDraws(chart, BAR_ROWS, 'label');
      expect(xml.barDir).toBe('bar');
      expect(xml.grouping).toBe('clustered');
      expect(xml.series[0].color).toBe(harbor.colors.categorical[0]);
      expect(xml.series[0].labelFormat).toBe(format);
      expect(xml.series[0].pointColors.size).toBe(0);
      // the category axis runs top-down like the picture, and the long label keeps its explicit breaks
      expect(chart.chartXml).toContain('<c:orientation val="maxMin"/>');
      expect(xml.series[0].categories[1].split('\n').length).toBeGreaterThanOrEqual(2);
      expect(xml.legend).toBe(false);
    }
  });

  it('grouped bars: one series per seriesIndex, categorical colours, a legend', async () => {
    const chart = await native(chartRequest('grouped-bars', GROUPED_ROWS));
    const xml = await expectChartDraws(chart, GROUPED_ROWS, 'label', 'series');
    expect(xml.grouping).toBe('clustered');
    expect(xml.series.map((s) => s.color)).toEqual(harbor.colors.categorical.slice(0, 2));
    expect(xml.legend).toBe(true);
  });

  it('100% stacked bars for a grid: levels in levelIndex order, the diverging palette, labels only where the picture has room', async () => {
    const chart = await native(chartRequest('stacked-100', STACKED_ROWS));
    const xml = await expectChartDraws(chart, STACKED_ROWS, 'item', 'level');
    expect(xml.grouping).toBe('percentStacked');
    expect(xml.series.map((s) => '#' + s.color)).toEqual(samplePalette(harbor.colors.diverging.map((c) => '#' + c), 5));
    // "Strongly disagree" 3% of the first item is too narrow for its label in the picture: hidden here too
    expect(xml.series[0].pointLabels.get(0)?.deleted).toBe(true);
    expect(xml.series[3].pointLabels.get(0)?.deleted ?? false).toBe(false);
    // white labels on the dark ends, as in the picture
    expect(xml.series[0].pointLabels.get(1)?.color ?? (chart.chartXml.includes('FFFFFF') ? 'FFFFFF' : undefined)).toBe('FFFFFF');
  });

  it('vertical bars: `col` direction, one decimal from the spec format', async () => {
    const rows = BAR_ROWS.slice(0, 4).map((r) => ({ ...r, label: String(r.label).split(' ').slice(0, 2).join(' ') }));
    const chart = await native(chartRequest('vertical-bars', rows, { specFile: fixtureSpec('vertical-bars') }));
    const xml = await expectChartDraws(chart, rows, 'label');
    expect(xml.barDir).toBe('col');
    expect(xml.series[0].labelFormat).toBe('0.0%');
    expect(xml.valueAxis).toEqual({ min: 0, max: 1 });
  });

  it('highlighted rows get their own colour (c:dPt), significance markers a per-point format that keeps the value linked', async () => {
    const rows = BAR_ROWS.map((r, i) => ({ ...r, ...(i < 2 ? { highlight: true } : {}), ...(i === 0 ? { sig: '▲' } : i === 3 ? { sig: '▼' } : {}) }));
    const chart = await native(chartRequest('highlight-sig', rows, { specFile: fixtureSpec('highlight-sig'), locale: 'de' }));
    const xml = await expectChartDraws(chart, rows, 'label');
    const s = xml.series[0];
    expect(s.color).toBe('0F8B8D');
    expect([...s.pointColors]).toEqual([[0, 'F2A541'], [1, 'F2A541']]);
    expect(s.pointLabels.get(0)?.format).toBe(`0"${NBSP}"%" ▲"`);
    expect(s.pointLabels.get(3)?.format).toBe(`0"${NBSP}"%" ▼"`);
    expect(s.pointLabels.has(2)).toBe(false);
  });

  it('a bar on a small base prints its counts ("3 of 5"): the picture\'s label, written as literal text, the value still linked', async () => {
    // The shipped spec's label is `valueText`: the row's countText where bind set one, else the percent.
    const rows = BAR_ROWS.map((r, i) => (i === 1 ? { ...r, countText: '3 of 5' } : r));
    const chart = await native(chartRequest('bar-horizontal', rows, { locale: 'de' }));
    const xml = await expectChartDraws(chart, rows, 'label');
    const s = xml.series[0];
    expect(s.pointLabels.get(1)?.format).toBe('"3 of 5"');
    // the other bars keep the series' percent format
    expect(s.pointLabels.has(0)).toBe(false);
    expect(chart.chartXml).toContain(`formatCode="0&quot;${NBSP}&quot;%"`);
  });

  it('diverging stacked bars: an invisible offset series starts each bar where the picture does', async () => {
    const chart = await native(chartRequest('diverging', STACKED_ROWS, { specFile: fixtureSpec('diverging') }));
    const xml = await expectChartDraws(chart, STACKED_ROWS, 'item', 'level');
    expect(xml.grouping).toBe('stacked');
    const [offset, ...levels] = xml.series;
    expect(offset.noFill).toBe(true);
    expect(levels).toHaveLength(5);
    // bars are centred on the middle of the neutral level: offset + the bar's left part is the same
    // point (zero in the picture) for every item, and no offset is negative
    const left = [0, 1, 2].map((i) => STACKED_ROWS.filter((r) => r.item === STACKED_ROWS[i * 5].item && Number(r.levelIndex) < 2).reduce((a, r) => a + Number(r.share), 0) + Number(STACKED_ROWS[i * 5 + 2].share) / 2);
    const zero = offset.values[0]! + left[0];
    offset.values.forEach((v, i) => expect(v! + left[i]).toBeCloseTo(zero, 9));
    expect(Math.min(...offset.values.map(Number))).toBeGreaterThanOrEqual(0);
    expect(new Set(offset.values).size).toBe(3);
    // the offset series is drawn first but hidden from the legend (it takes the last index)
    expect(chart.chartXml).toMatch(/<c:legendEntry><c:idx val="5"\/><c:delete val="1"\/><\/c:legendEntry>/);
    expect(chart.chartXml).toContain('<c:idx val="5"/><c:order val="0"/>');
  });

  it('names the East Asian font for zh-CN, the brand font for Latin, sizes in points', async () => {
    const chart = await native(chartRequest('bar-horizontal', BAR_ROWS_ZH, { locale: 'zh-CN' }));
    expect(chart.chartXml).toContain('<a:latin typeface="Inter"/><a:ea typeface="Noto Sans SC"/>');
    expect(chart.chartXml).toContain('<c:lang val="zh-CN"/>');
    for (const [, sz] of chart.chartXml.matchAll(/<a:defRPr[^>]*\ssz="(\d+)"/g)) expect(Number(sz)).toBeGreaterThanOrEqual(900);
    const en = await native(chartRequest('bar-horizontal', BAR_ROWS));
    expect(en.chartXml).not.toContain('<a:ea ');
    // the brand's minimum size where the chart is not crowded
    expect(en.chartXml).toContain(`sz="${harbor.minFontSizePt * 100}"`);
  });

  it('is byte-identical when built again (chart XML and workbook)', async () => {
    const a = await native(chartRequest('stacked-100', STACKED_ROWS, { locale: 'ja' }));
    const b = await native(chartRequest('stacked-100', STACKED_ROWS, { locale: 'ja' }));
    expect(b.chartXml).toBe(a.chartXml);
    expect(Buffer.compare(a.workbook, b.workbook)).toBe(0);
  });
});

describe('a spec with no native equivalent', () => {
  it('is reported with its reason', async () => {
    const request = chartRequest('kpi-bar', [{ share: 0.84 }], { widthIn: 6, heightIn: 1.2 });
    const result = await buildNativeChart(request, readFileSync(request.specFile, 'utf8'), harbor);
    expect(result).toEqual({ ok: false, reason: 'it draws 2 bar layers (a native bar chart has one set of bars)' });
  });

  it('falls back to the picture in renderCharts, which says why', async () => {
    const [kpi, bars] = await renderCharts(
      [chartRequest('kpi-bar', [{ share: 0.84 }], { widthIn: 6, heightIn: 1.2, mode: 'native' }), chartRequest('bar-horizontal', BAR_ROWS, { mode: 'native' })],
      { brand: harbor, cacheDir: tempDir() },
    );
    expect(kpi.kind).toBe('picture');
    expect(kpi.nativeFallback).toMatch(/bar layers/);
    expect(bars.kind).toBe('native');
    expect(bars.nativeFallback).toBeUndefined();
  });
});

describe('native charts in a Chinese deck', () => {
  it('embed the glyphs of their labels: a character only a chart uses is in the Noto Sans SC subset', async () => {
    const [{ assembleDeck }, { fixtureDeck }, { readEot }, { faceOf }, fontkit, { unzipSync, strFromU8 }] = await Promise.all([
      import('../../src/assemble/index.js'),
      import('../fixtures/assemble/fixture-deck.js'),
      import('../../src/fonts/eot.js'),
      import('../../src/fonts/catalog.js'),
      import('fontkit'),
      import('fflate'),
    ]);
    const rows = [{ label: '鬱金香球根', share: 0.4 }, ...BAR_ROWS_ZH.slice(1)];
    const chart = await native(chartRequest('bar-horizontal', rows, { locale: 'zh-CN', widthIn: 8.4, heightIn: 4.45 }));
    const deck = await fixtureDeck({ locale: 'zh-CN' });
    deck.slides = deck.slides.map((s) => (s.kind === 'chart' ? { ...s, chart } : s));
    const parts = unzipSync(await assembleDeck(deck));
    const slidesText = Object.keys(parts).filter((p) => p.startsWith('ppt/slides/')).map((p) => strFromU8(parts[p])).join('');
    expect(slidesText.replace(/descr="[^"]*"/g, '')).not.toContain('鬱'); // only the chart has it
    const presentation = strFromU8(parts['ppt/presentation.xml']);
    const entry = /<p:embeddedFont><p:font typeface="Noto Sans SC"[\s\S]*?<\/p:embeddedFont>/.exec(presentation)![0];
    const relId = /<p:regular r:id="([^"]*)"/.exec(entry)![1];
    const target = new RegExp(`Id="${relId}"[^>]*Target="([^"]+)"`).exec(strFromU8(parts['ppt/_rels/presentation.xml.rels']))![1];
    const subset = (fontkit as unknown as { create(b: Uint8Array): { hasGlyphForCodePoint(c: number): boolean } }).create(readEot(parts[`ppt/${target}`]).fontData);
    expect(faceOf('Noto Sans SC', 400)).toBeDefined();
    for (const ch of '鬱金香球根') expect(subset.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
  });
});
