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
import { toneRange } from '../../src/charts/palette.js';

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
    expect(cellsAt(sheets, s.categoryFormula)).toEqual(s.writtenCategories);
    expect(cellsAt(sheets, s.valueFormula)).toEqual(s.writtenValues);
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

  it('horizontal bars of a single-choice scale: each bar in its level\'s tone (read from the picture\'s scenegraph), a highlight left as it was', async () => {
    // Very dissatisfied … Very satisfied around a declared neutral, and a non-answer with no tone.
    const labels = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied', "Don't know"];
    const rows: ChartRow[] = labels.map((label, i) => ({ label, share: [0.15, 0.18, 0.27, 0.2, 0.15, 0.05][i], ...(i < 5 ? { tone: i - 2 } : {}), _code: String(i + 1) }));
    const chart = await native(chartRequest('bar-horizontal', rows));
    const xml = readChartXml(chart.chartXml);
    const drawn = xml.series[0].categories.map((_, i) => xml.series[0].pointColors.get(i) ?? xml.series[0].color);
    const want = toneRange(rows.map((r) => ({ ...r, key: String(r._code) })), 'key', harbor.colors.diverging.map((c) => '#' + c), '#' + harbor.colors.muted)!.map((c) => c.slice(1).toUpperCase());
    expect(drawn).toEqual(want);
    expect(new Set(drawn).size).toBe(6); // two bad, grey, two good, muted
    expect(drawn[2]).toBe(want[2]);
    // A highlighted bar keeps the highlight's colours: the tones step aside.
    const highlighted = rows.map((r, i) => ({ ...r, highlight: i >= 3 && i < 5 }));
    const hx = readChartXml((await native(chartRequest('bar-horizontal', highlighted))).chartXml);
    const hdrawn = hx.series[0].categories.map((_, i) => hx.series[0].pointColors.get(i) ?? hx.series[0].color);
    expect(new Set(hdrawn).size).toBe(2);
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

  it('every category label is shown: no skip, and the axis text states its rotation (LibreOffice hides "overlapping" labels otherwise)', async () => {
    for (const [spec, rows] of [['bar-horizontal', BAR_ROWS], ['grouped-bars', GROUPED_ROWS], ['stacked-100', STACKED_ROWS]] as const) {
      const { chartXml } = await native(chartRequest(spec, rows));
      const catAx = /<c:catAx>([\s\S]*?)<\/c:catAx>/.exec(chartXml)![1];
      expect(catAx, spec).toContain('<c:delete val="0"/>');
      expect(catAx, spec).toContain('<c:tickLblSkip val="1"/>');
      expect(catAx, spec).toContain('<c:tickMarkSkip val="1"/>');
      expect(catAx, spec).toMatch(/<c:txPr><a:bodyPr rot="0" vert="horz" wrap="square"\/>/);
    }
  });

  it('writes every element where the DrawingML chart schema puts it (ECMA-376 sequences: PowerPoint refuses a part out of order)', async () => {
    const charts = [
      await native(chartRequest('bar-horizontal', BAR_ROWS)),
      await native(chartRequest('grouped-bars', GROUPED_ROWS.map((r, i) => (r.series === '2024' ? { ...r, highlight: i < 2 } : r)))),
      await native(chartRequest('stacked-100', STACKED_ROWS)),
      await native(chartRequest('diverging', STACKED_ROWS, { specFile: fixtureSpec('diverging') })),
      await native(chartRequest('highlight-sig', BAR_ROWS.map((r, i) => ({ ...r, ...(i === 0 ? { highlight: true, sig: '▲' } : {}) })), { specFile: fixtureSpec('highlight-sig') })),
    ];
    let checked = 0;
    for (const { chartXml } of charts) {
      const root = parseXml(chartXml);
      expect(root.name).toBe('c:chartSpace');
      const visit = (el: XmlElement) => {
        const order = SCHEMA_ORDER[el.name];
        if (order) {
          const at = el.children.map((c) => order.indexOf(c.name));
          el.children.forEach((c, i) => expect(at[i], `${c.name} inside ${el.name}`).toBeGreaterThanOrEqual(0));
          // each child at or after the one before it (repeatable elements repeat in place)
          at.forEach((k, i) => i > 0 && expect(k, `${el.children[i].name} after ${el.children[i - 1].name} in ${el.name}`).toBeGreaterThanOrEqual(at[i - 1]));
          checked++;
        }
        el.children.forEach(visit);
      };
      visit(root);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('no chart text is smaller than the audience\'s minimum, the picture\'s floor: axis, legend and every series\' labels, even a series whose labels are all hidden', async () => {
    // A level so thin the picture labels none of its segments: its labels take no size from the picture.
    const thin = STACKED_ROWS.map((r) => (r.levelIndex === 0 ? { ...r, share: 0.01 } : r));
    const sizesOf = (xml: string) => [...xml.matchAll(/<a:defRPr[^>]*\ssz="(\d+)"/g)].map(([, sz]) => Number(sz) / 100);
    for (const type of [undefined, { fontSizePt: 14, minFontSizePt: 12 }, { fontSizePt: 20, minFontSizePt: 16 }]) {
      const minimum = Math.max(harbor.minFontSizePt, type?.minFontSizePt ?? 0);
      for (const [spec, rows] of [['bar-horizontal', BAR_ROWS], ['grouped-bars', GROUPED_ROWS], ['stacked-100', thin]] as const) {
        const { chartXml } = await native(chartRequest(spec, rows, { ...(type ? { type } : {}), widthIn: 11, heightIn: 5 }));
        const sizes = sizesOf(chartXml);
        expect(sizes.length, spec).toBeGreaterThan(3);
        expect(Math.min(...sizes), `${spec} at ${JSON.stringify(type)}`).toBeGreaterThanOrEqual(minimum);
        if (spec === 'stacked-100') {
          // the thin level: every label hidden, its series-level text still at the minimum or more
          const first = /<c:ser>[\s\S]*?<\/c:ser>/.exec(chartXml)![0];
          expect([...first.matchAll(/<c:dLbl><c:idx val="\d+"\/><c:delete val="1"\/><\/c:dLbl>/g)]).toHaveLength(3);
          expect(Math.min(...sizesOf(first))).toBeGreaterThanOrEqual(minimum);
        }
      }
    }
  });

  it('the parts of a split question share one value-axis maximum (c:max), the scale of the whole question, as their pictures do', async () => {
    const [top, rest] = [BAR_ROWS.slice(0, 3), BAR_ROWS.slice(3)];
    const shareMax = Math.max(...BAR_ROWS.map((r) => Number(r.share)));
    const maxOf = async (rows: ChartRow[], over: Partial<ChartRequest> = {}) => readChartXml((await native(chartRequest('bar-horizontal', rows, over))).chartXml).valueAxis.max;
    const [first, second] = [await maxOf(top, { shareMax }), await maxOf(rest, { shareMax })];
    expect(second).toBe(first);
    expect(first).toBeGreaterThanOrEqual(shareMax);
    // alone, the second part's small shares would get a scale of their own: the shared one is wider
    expect(await maxOf(rest)).toBeLessThan(first / 2);
    // grouped bars too (two waves of one question split in two)
    const labels = [...new Set(GROUPED_ROWS.map((r) => r.label))];
    const wave = (part: unknown[]) => GROUPED_ROWS.filter((r) => part.includes(r.label));
    const groupedMax = Math.max(...GROUPED_ROWS.map((r) => Number(r.share)));
    const grouped = async (rows: ChartRow[]) => readChartXml((await native(chartRequest('grouped-bars', rows, { shareMax: groupedMax }))).chartXml).valueAxis.max;
    expect(await grouped(wave(labels.slice(2)))).toBe(await grouped(wave(labels.slice(0, 2))));
  });

  it('legend order is bar order: grouped horizontal bars are written bottom-up with their series reversed, so PowerPoint and LibreOffice list the legend as the bars run, top down', async () => {
    const chart = await native(chartRequest('grouped-bars', GROUPED_ROWS));
    const xml = readChartXml(chart.chartXml);
    // drawn top-down: 2024 above 2023 in every group, answers in row order (read back through the upward axis)
    expect(xml.bottomUp).toBe(true);
    expect(chart.chartXml).toMatch(/<c:catAx>[\s\S]*?<c:orientation val="minMax"\/>/);
    expect(xml.series.map((s) => s.name)).toEqual(['2024', '2023']);
    expect(xml.series[0].categories).toEqual([...new Set(GROUPED_ROWS.map((r) => String(r.label)))].map((l) => xml.series[0].categories.find((c) => squash(c) === squash(l))));
    // as written: the first series is 2023 (c:order 0, the bottom bar of a group), the first category the last answer
    const written = [...chart.chartXml.matchAll(/<c:ser><c:idx val="(\d+)"\/><c:order val="(\d+)"\/><c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/g)].map(([, idx, order, name]) => ({ idx: Number(idx), order: Number(order), name }));
    expect(written).toEqual([{ idx: 0, order: 0, name: '2023' }, { idx: 1, order: 1, name: '2024' }]);
    expect(squash(xml.series[0].writtenCategories[0])).toBe(squash('Recruiting and retaining developers'));
    // the workbook the same way: Sheet1 lists 2023 before 2024 and the last answer first
    const sheet = (await readWorkbook(chart.workbook)).get('Sheet1')!;
    expect(sheet[0]).toEqual(['label', '2023', '2024']);
    expect(sheet[1]).toEqual([xml.series[0].writtenCategories[0], 0.31, 0.28]);
    // stacked bars and single series keep the top-down axis and the picture's order (one bar per answer)
    for (const [spec, rows] of [['stacked-100', STACKED_ROWS], ['bar-horizontal', BAR_ROWS]] as const) {
      const other = await native(chartRequest(spec, rows));
      expect(readChartXml(other.chartXml).bottomUp, spec).toBe(false);
      expect(other.chartXml, spec).toMatch(/<c:catAx>[\s\S]*?<c:orientation val="maxMin"\/>/);
    }
  });

  it('a bar the picture fades (highlight false) keeps its colour at the picture\'s opacity; highlighted bars and the series (its legend key) stay opaque', async () => {
    // The 2024 wave highlights its first two answers; the rest are faded, the 2023 wave has no highlight.
    const rows = GROUPED_ROWS.map((r) => (r.series === '2024' ? { ...r, highlight: ['Reduced development costs', 'Faster time to market'].includes(String(r.label)) } : r));
    const chart = await native(chartRequest('grouped-bars', rows));
    const xml = await expectChartDraws(chart, rows, 'label', 'series');
    // grouped horizontal bars are written bottom-up: the part holds 2023 first and the last answer first
    expect(xml.bottomUp).toBe(true);
    const parts = /<c:ser>[\s\S]*?<\/c:ser>/g[Symbol.match](chart.chartXml)!;
    const named = (name: string) => parts.find((p) => p.includes(`<c:v>${name}</c:v></c:pt></c:strCache></c:strRef></c:tx>`))!;
    const [current, earlier] = [named('2024'), named('2023')];
    const seriesFill = (ser: string) => /<\/c:tx><c:spPr>([\s\S]*?)<\/c:spPr>/.exec(ser)![1];
    expect(seriesFill(current)).not.toContain('<a:alpha');
    const n = xml.series[0].categoryCount;
    const dPts = new Map([...current.matchAll(/<c:dPt><c:idx val="(\d+)"\/>([\s\S]*?)<\/c:dPt>/g)].map(([, i, body]) => [n - 1 - Number(i), body]));
    // the picture's spec fades with opacity 0.35: 35 000 thousandths of a percent, same colour; the
    // faded bars are the third and fourth answers from the top
    expect([...dPts.keys()].sort()).toEqual([2, 3]);
    expect(earlier).not.toContain('<c:dPt>');
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

interface XmlElement {
  name: string;
  children: XmlElement[];
}

/** Elements only (attributes and text dropped): enough to check where each element sits. */
function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', children: [] };
  const stack = [root];
  for (const [, close, name, selfClosing] of xml.replace(/<\?[^>]*\?>/g, '').matchAll(/<(\/?)([\w:]+)(?:\s[^>]*?)?(\/?)>/g)) {
    if (close) {
      expect(stack.pop()!.name).toBe(name);
      continue;
    }
    const el = { name, children: [] };
    stack[stack.length - 1].children.push(el);
    if (!selfClosing) stack.push(el);
  }
  expect(stack).toHaveLength(1);
  return root.children[0];
}

/** Child sequences of the chart schema (ECMA-376 Part 1, dml-chart.xsd) for the elements written here. */
const SCHEMA_ORDER: Record<string, string[]> = {
  'c:chartSpace': ['c:date1904', 'c:lang', 'c:roundedCorners', 'mc:AlternateContent', 'c:style', 'c:clrMapOvr', 'c:pivotSource', 'c:protection', 'c:chart', 'c:spPr', 'c:txPr', 'c:externalData', 'c:printSettings', 'c:userShapes', 'c:extLst'],
  'c:chart': ['c:title', 'c:autoTitleDeleted', 'c:pivotFmts', 'c:view3D', 'c:floor', 'c:sideWall', 'c:backWall', 'c:plotArea', 'c:legend', 'c:plotVisOnly', 'c:dispBlanksAs', 'c:showDLblsOverMax', 'c:extLst'],
  'c:plotArea': ['c:layout', 'c:barChart', 'c:catAx', 'c:valAx', 'c:dTable', 'c:spPr', 'c:extLst'],
  'c:layout': ['c:manualLayout', 'c:extLst'],
  'c:manualLayout': ['c:layoutTarget', 'c:xMode', 'c:yMode', 'c:wMode', 'c:hMode', 'c:x', 'c:y', 'c:w', 'c:h', 'c:extLst'],
  'c:barChart': ['c:barDir', 'c:grouping', 'c:varyColors', 'c:ser', 'c:dLbls', 'c:gapWidth', 'c:overlap', 'c:serLines', 'c:axId', 'c:extLst'],
  'c:ser': ['c:idx', 'c:order', 'c:tx', 'c:spPr', 'c:invertIfNegative', 'c:pictureOptions', 'c:dPt', 'c:dLbls', 'c:trendline', 'c:errBars', 'c:cat', 'c:val', 'c:shape', 'c:extLst'],
  'c:dPt': ['c:idx', 'c:invertIfNegative', 'c:marker', 'c:bubble3D', 'c:explosion', 'c:spPr', 'c:pictureOptions', 'c:extLst'],
  'c:dLbls': ['c:dLbl', 'c:delete', 'c:numFmt', 'c:spPr', 'c:txPr', 'c:dLblPos', 'c:showLegendKey', 'c:showVal', 'c:showCatName', 'c:showSerName', 'c:showPercent', 'c:showBubbleSize', 'c:separator', 'c:showLeaderLines', 'c:leaderLines', 'c:extLst'],
  'c:dLbl': ['c:idx', 'c:delete', 'c:layout', 'c:tx', 'c:numFmt', 'c:spPr', 'c:txPr', 'c:dLblPos', 'c:showLegendKey', 'c:showVal', 'c:showCatName', 'c:showSerName', 'c:showPercent', 'c:showBubbleSize', 'c:separator', 'c:extLst'],
  'c:catAx': ['c:axId', 'c:scaling', 'c:delete', 'c:axPos', 'c:majorGridlines', 'c:minorGridlines', 'c:title', 'c:numFmt', 'c:majorTickMark', 'c:minorTickMark', 'c:tickLblPos', 'c:spPr', 'c:txPr', 'c:crossAx', 'c:crosses', 'c:auto', 'c:lblAlgn', 'c:lblOffset', 'c:tickLblSkip', 'c:tickMarkSkip', 'c:noMultiLvlLbl', 'c:extLst'],
  'c:valAx': ['c:axId', 'c:scaling', 'c:delete', 'c:axPos', 'c:majorGridlines', 'c:minorGridlines', 'c:title', 'c:numFmt', 'c:majorTickMark', 'c:minorTickMark', 'c:tickLblPos', 'c:spPr', 'c:txPr', 'c:crossAx', 'c:crosses', 'c:crossBetween', 'c:majorUnit', 'c:minorUnit', 'c:dispUnits', 'c:extLst'],
  'c:scaling': ['c:logBase', 'c:orientation', 'c:max', 'c:min', 'c:extLst'],
  'c:legend': ['c:legendPos', 'c:legendEntry', 'c:layout', 'c:overlay', 'c:spPr', 'c:txPr', 'c:extLst'],
  'c:legendEntry': ['c:idx', 'c:delete', 'c:txPr', 'c:extLst'],
  'c:txPr': ['a:bodyPr', 'a:lstStyle', 'a:p'],
  'c:tx': ['c:strRef', 'c:v'],
  'c:strRef': ['c:f', 'c:strCache', 'c:extLst'],
  'c:numRef': ['c:f', 'c:numCache', 'c:extLst'],
  'c:strCache': ['c:ptCount', 'c:pt', 'c:extLst'],
  'c:numCache': ['c:formatCode', 'c:ptCount', 'c:pt', 'c:extLst'],
  'c:externalData': ['c:autoUpdate'],
};

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
