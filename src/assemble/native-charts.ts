// Assemble stage, package step: native chart parts into the package. Pure: the unzipped parts in,
// changed in place.
//
// The chart builder leaves a rectangle named `surveydeck-native-chart-<k>` in the chart box; here it
// becomes a chart frame (`p:graphicFrame`, alt text and title) pointing at `ppt/charts/chart<k+1>.xml`,
// which points (`rId1`) at its embedded workbook `ppt/embeddings/Microsoft_Excel_Worksheet<k+1>.xlsx`.
// Content types: an Override per chart part, a Default for `.xlsx`.
import { strFromU8, strToU8 } from 'fflate';
import { error } from '../diagnostics.js';
import { attr, encodeXml, parseRels, relsPartFor } from './ooxml.js';

export interface NativeChartPart {
  chartXml: string;
  workbook: Buffer;
  altText: string;
  /** Title of the chart frame (the slide's title), for screen readers and the selection pane. */
  title: string;
}

const PLACEHOLDER_PREFIX = 'surveydeck-native-chart-';
export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CHART_REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
export const PACKAGE_REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/package';
const CHART_URI = 'http://schemas.openxmlformats.org/drawingml/2006/chart';

export function nativeChartPlaceholderName(index: number): string {
  return `${PLACEHOLDER_PREFIX}${index}`;
}

export const chartPartName = (index: number) => `ppt/charts/chart${index + 1}.xml`;
export const workbookPartName = (index: number) => `ppt/embeddings/Microsoft_Excel_Worksheet${index + 1}.xlsx`;

export function insertNativeCharts(files: Record<string, Uint8Array>, charts: NativeChartPart[]): void {
  const placed = new Set<number>();
  const slides = Object.keys(files).filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p));
  for (const part of slides) {
    const xml = strFromU8(files[part]);
    if (!xml.includes(PLACEHOLDER_PREFIX)) continue;
    const relsPart = relsPartFor(part);
    let rels = files[relsPart] ? strFromU8(files[relsPart]) : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const used = new Set(parseRels(rels).map((r) => r.id));
    const fixed = xml.replace(/<p:sp>((?:(?!<\/p:sp>)[\s\S])*?)<\/p:sp>/g, (sp, inner: string) => {
      const cNvPr = /<p:cNvPr\b[^>]*>/.exec(inner)?.[0] ?? '';
      const name = attr(cNvPr, 'name') ?? '';
      if (!name.startsWith(PLACEHOLDER_PREFIX)) return sp;
      const index = Number(name.slice(PLACEHOLDER_PREFIX.length));
      const chart = charts[index];
      if (!chart) throw error('INTERNAL', `slide names native chart ${index}, but the deck has ${charts.length}`, { file: part });
      const off = /<a:off\b[^>]*\/>/.exec(inner)?.[0];
      const ext = /<a:ext\b[^>]*\/>/.exec(inner)?.[0];
      if (!off || !ext) throw error('INTERNAL', `native chart placeholder ${index} has no position`, { file: part });
      let n = used.size + 1;
      while (used.has(`rId${n}`)) n++;
      const relId = `rId${n}`;
      used.add(relId);
      rels = rels.replace('</Relationships>', `<Relationship Id="${relId}" Type="${CHART_REL_TYPE}" Target="../charts/chart${index + 1}.xml"/></Relationships>`);
      placed.add(index);
      return graphicFrame(attr(cNvPr, 'id') ?? '1', relId, off, ext, chart);
    });
    files[part] = strToU8(fixed);
    files[relsPart] = strToU8(rels);
  }

  let types = strFromU8(files['[Content_Types].xml']);
  charts.forEach((chart, index) => {
    if (!placed.has(index)) throw error('INTERNAL', `native chart ${index} has no placeholder on any slide`);
    const chartPart = chartPartName(index);
    files[chartPart] = strToU8(chart.chartXml);
    files[relsPartFor(chartPart)] = strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${PACKAGE_REL_TYPE}" Target="../embeddings/Microsoft_Excel_Worksheet${index + 1}.xlsx"/></Relationships>`,
    );
    files[workbookPartName(index)] = new Uint8Array(chart.workbook);
    types = types.replace('</Types>', `<Override PartName="/${chartPart}" ContentType="${CHART_CONTENT_TYPE}"/></Types>`);
  });
  if (!/<Default\b[^>]*Extension="xlsx"/i.test(types)) types = types.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="xlsx" ContentType="${XLSX_CONTENT_TYPE}"/>`);
  files['[Content_Types].xml'] = strToU8(types);
}

function graphicFrame(id: string, relId: string, off: string, ext: string, chart: NativeChartPart): string {
  return (
    '<p:graphicFrame><p:nvGraphicFramePr>' +
    `<p:cNvPr id="${id}" name="Chart" descr="${encodeXml(chart.altText)}" title="${encodeXml(chart.title)}"/>` +
    '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>' +
    `<p:xfrm>${off}${ext}</p:xfrm>` +
    `<a:graphic><a:graphicData uri="${CHART_URI}"><c:chart xmlns:c="${CHART_URI}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</p:graphicFrame>'
  );
}
