// Charts stage, native charts, step 2: a chart description → the DrawingML chart part
// (`ppt/charts/chartN.xml`). Pure; a translation, not a second round of decisions.
//
// The cached values (`c:strCache`, `c:numCache`) are exactly what the embedded workbook holds, at
// the cells the formulas name (see workbook.ts for the layout: categories in A2:A(n+1), one column
// per series from B, names in row 1). The workbook relationship is always `rId1` of the chart part.
import { encodeXml } from '../../assemble/ooxml.js';
import type { NativeChartDescription, NativeFont, NativeSeries, Paint, PointLabel } from './describe-chart.js';
import { cellRange, columnLetter, SERIES_SHEET } from './workbook-layout.js';
import { inWrittenOrder, writtenBottomUp } from './written-order.js';

const NS =
  'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
export const CHART_WORKBOOK_REL_ID = 'rId1';
const CATEGORY_AXIS_ID = 111111111;
const VALUE_AXIS_ID = 222222222;
/**
 * Axis labels set horizontally and wrapped in their room: with the rotation stated, no viewer hides a
 * label as overlapping; a label too long for its room wraps, its size stays.
 */
const AXIS_BODY = '<a:bodyPr rot="0" vert="horz" wrap="square"/>';

export function chartXml(description: NativeChartDescription): string {
  // Categories and series as the workbook holds them (bottom-up for grouped horizontal bars).
  const chart = inWrittenOrder(description);
  const n = chart.categories.length;
  const series = chart.series.map((s, i) => seriesXml(chart, s, i, n)).join('');
  const horizontal = chart.direction === 'bar';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace ${NS}>` +
    '<c:date1904 val="0"/>' +
    `<c:lang val="${encodeXml(chart.font.lang)}"/>` +
    '<c:roundedCorners val="0"/>' +
    '<c:chart>' +
    // The slide title names the chart; a second title inside the frame would repeat it.
    '<c:autoTitleDeleted val="1"/>' +
    `<c:plotArea>${plotLayout(chart)}` +
    '<c:barChart>' +
    `<c:barDir val="${chart.direction}"/>` +
    `<c:grouping val="${chart.grouping}"/>` +
    '<c:varyColors val="0"/>' +
    series +
    `<c:gapWidth val="${chart.gapWidthPct}"/>` +
    (chart.overlapPct ? `<c:overlap val="${chart.overlapPct}"/>` : '') +
    `<c:axId val="${CATEGORY_AXIS_ID}"/><c:axId val="${VALUE_AXIS_ID}"/>` +
    '</c:barChart>' +
    '<c:catAx>' +
    `<c:axId val="${CATEGORY_AXIS_ID}"/>` +
    // Horizontal bars: vega draws the first category at the top, a chart at the bottom unless the axis
    // runs top-down; a chart written bottom-up (written-order.ts) keeps the usual upward axis.
    `<c:scaling><c:orientation val="${horizontal && !writtenBottomUp(chart) ? 'maxMin' : 'minMax'}"/></c:scaling>` +
    `<c:delete val="${chart.categoryAxis.visible ? 0 : 1}"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/>` +
    '<c:numFmt formatCode="General" sourceLinked="0"/>' +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>' +
    // Every category label is shown: the layout sized them so none overlap. PowerPoint reads that from
    // tickLblSkip; LibreOffice ignores it and hides labels it thinks collide (every other one on the
    // talk's two-line labels) unless the axis text states a rotation of 0 (oox axisconverter:
    // TextOverlap is true only for an explicit `bodyPr rot="0"`).
    txPr(chart.font, chart.categoryAxis.fontSizePt, chart.categoryAxis.color, AXIS_BODY) +
    `<c:crossAx val="${VALUE_AXIS_ID}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>` +
    '<c:tickLblSkip val="1"/><c:tickMarkSkip val="1"/><c:noMultiLvlLbl val="1"/>' +
    '</c:catAx>' +
    '<c:valAx>' +
    `<c:axId val="${VALUE_AXIS_ID}"/>` +
    `<c:scaling><c:orientation val="minMax"/><c:max val="${num(chart.valueAxis.max)}"/><c:min val="${num(chart.valueAxis.min)}"/></c:scaling>` +
    `<c:delete val="${chart.valueAxis.visible ? 0 : 1}"/>` +
    `<c:axPos val="${horizontal ? 'b' : 'l'}"/>` +
    `<c:numFmt formatCode="${encodeXml(chart.valueAxis.numFormat)}" sourceLinked="0"/>` +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>' +
    txPr(chart.font, chart.categoryAxis.fontSizePt, chart.categoryAxis.color, AXIS_BODY) +
    `<c:crossAx val="${CATEGORY_AXIS_ID}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>` +
    '</c:valAx>' +
    '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>' +
    '</c:plotArea>' +
    (chart.legend ? legendXml(chart) : '') +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>' +
    txPr(chart.font, chart.categoryAxis.fontSizePt, chart.textColor) +
    `<c:externalData r:id="${CHART_WORKBOOK_REL_ID}"><c:autoUpdate val="0"/></c:externalData>` +
    '</c:chartSpace>'
  );
}

function seriesXml(chart: NativeChartDescription, s: NativeSeries, index: number, n: number): string {
  const column = columnLetter(index + 1);
  const fill = s.offset ? '<a:noFill/>' : solid(s.color);
  const line = s.line && !s.offset ? `<a:ln w="${Math.round(s.line.widthPt * 12700)}">${solid(s.line.color)}</a:ln>` : '<a:ln><a:noFill/></a:ln>';
  const dPts = s.pointFills
    .map((p: Paint | undefined, i) => (p ? `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${solid(p.color, p.alpha)}${line}</c:spPr></c:dPt>` : ''))
    .join('');
  const numFormat = s.labels?.numFormat ?? 'General';
  return (
    '<c:ser>' +
    `<c:idx val="${seriesIdx(chart, index)}"/><c:order val="${index}"/>` +
    `<c:tx><c:strRef><c:f>${SERIES_SHEET}!$${column}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${encodeXml(s.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
    `<c:spPr>${fill}${line}</c:spPr>` +
    '<c:invertIfNegative val="0"/>' +
    dPts +
    (s.labels ? dataLabelsXml(chart.font, s) : s.offset ? '<c:dLbls><c:delete val="1"/></c:dLbls>' : '') +
    `<c:cat><c:strRef><c:f>${cellRange(0, n)}</c:f><c:strCache><c:ptCount val="${n}"/>` +
    chart.categories.map((c, i) => `<c:pt idx="${i}"><c:v>${encodeXml(c)}</c:v></c:pt>`).join('') +
    '</c:strCache></c:strRef></c:cat>' +
    `<c:val><c:numRef><c:f>${cellRange(index + 1, n)}</c:f><c:numCache><c:formatCode>${encodeXml(numFormat)}</c:formatCode><c:ptCount val="${n}"/>` +
    s.values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${num(v)}</c:v></c:pt>`)).join('') +
    '</c:numCache></c:numRef></c:val>' +
    '</c:ser>'
  );
}

function dataLabelsXml(font: NativeFont, s: NativeSeries): string {
  const l = s.labels!;
  const shows = '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>';
  const noBox = '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>';
  const point = (p: PointLabel | undefined, i: number) => {
    if (!p) return '';
    if (p.hidden) return `<c:dLbl><c:idx val="${i}"/><c:delete val="1"/></c:dLbl>`;
    return (
      `<c:dLbl><c:idx val="${i}"/>` +
      `<c:numFmt formatCode="${encodeXml(p.numFormat ?? l.numFormat)}" sourceLinked="0"/>` +
      noBox +
      txPr(font, l.fontSizePt, p.color ?? l.color) +
      `<c:dLblPos val="${l.position}"/>` +
      shows +
      '</c:dLbl>'
    );
  };
  return (
    '<c:dLbls>' +
    l.points.map(point).join('') +
    `<c:numFmt formatCode="${encodeXml(l.numFormat)}" sourceLinked="0"/>` +
    noBox +
    txPr(font, l.fontSizePt, l.color) +
    `<c:dLblPos val="${l.position}"/>` +
    shows +
    '</c:dLbls>'
  );
}

function legendXml(chart: NativeChartDescription): string {
  const l = chart.legend!;
  // The offset series of a diverging stack is scaffolding, not data: no legend entry.
  const hidden = chart.series.map((s, i) => (s.offset ? `<c:legendEntry><c:idx val="${seriesIdx(chart, i)}"/><c:delete val="1"/></c:legendEntry>` : '')).join('');
  return `<c:legend><c:legendPos val="${l.position}"/>${hidden}<c:overlay val="0"/>${txPr(chart.font, l.fontSizePt, l.color)}</c:legend>`;
}

/**
 * A series' `c:idx`: its position, except that the offset series of a diverging stack, drawn first
 * (`c:order` 0), takes the last index, so the data series keep indices 0.. in their legend order
 * and the legend entry that hides the offset names an index no data series has.
 */
function seriesIdx(chart: NativeChartDescription, position: number): number {
  const offsets = chart.series.filter((s) => s.offset).length;
  if (!offsets) return position;
  return chart.series[position].offset ? chart.series.length - 1 : position - offsets;
}

function plotLayout(chart: NativeChartDescription): string {
  const p = chart.plotArea;
  if (!p) return '<c:layout/>';
  return (
    '<c:layout><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>' +
    `<c:x val="${p.x}"/><c:y val="${p.y}"/><c:w val="${p.w}"/><c:h val="${p.h}"/>` +
    '</c:manualLayout></c:layout>'
  );
}

/** Text properties: brand font for Latin and (zh-CN, ja) East Asian text, size in points, colour. */
export function txPr(font: NativeFont, sizePt: number, color: string, bodyPr = '<a:bodyPr/>'): string {
  const ea = font.eastAsian ? `<a:ea typeface="${encodeXml(font.eastAsian)}"/>` : '';
  return (
    `<c:txPr>${bodyPr}<a:lstStyle/><a:p><a:pPr>` +
    `<a:defRPr lang="${encodeXml(font.lang)}" sz="${Math.round(sizePt * 100)}" b="0">${solid(color)}<a:latin typeface="${encodeXml(font.latin)}"/>${ea}<a:cs typeface="${encodeXml(font.latin)}"/></a:defRPr>` +
    `</a:pPr><a:endParaRPr lang="${encodeXml(font.lang)}"/></a:p></c:txPr>`
  );
}

/** A solid fill; `alpha` (0–1) as DrawingML's thousandths of a percent. */
function solid(color: string, alpha?: number): string {
  if (alpha === undefined || alpha >= 1) return `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>`;
  return `<a:solidFill><a:srgbClr val="${color}"><a:alpha val="${Math.round(alpha * 100000)}"/></a:srgbClr></a:solidFill>`;
}

/** Shortest round-tripping decimal, never exponent notation (1e-7 → 0.0000001). */
function num(v: number): string {
  const s = String(v);
  return /e/i.test(s) ? v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : s;
}
