// Test helper: read a native chart back: its chart XML (series, categories, values, formats,
// colours, per-point overrides) and its embedded workbook through exceljs, as a consumer would.
import ExcelJS from 'exceljs';

export interface ReadSeries {
  name: string;
  nameFormula: string;
  color: string | undefined;
  noFill: boolean;
  /** Top-down, as drawn (see `bottomUp`); `written*` hold the chart part's own order. */
  categories: string[];
  writtenCategories: string[];
  categoryCount: number;
  categoryFormula: string;
  values: (number | undefined)[];
  writtenValues: (number | undefined)[];
  valueCount: number;
  valueFormula: string;
  labelFormat: string | undefined;
  /** drawn index (top-down) → colour of a `c:dPt`. */
  pointColors: Map<number, string>;
  /** idx → per-point label: deleted, or its own format. */
  pointLabels: Map<number, { deleted: boolean; format?: string; color?: string }>;
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export interface ReadChart {
  barDir: string;
  grouping: string;
  /**
   * Horizontal bars on a category axis that runs bottom-up (`minMax`): the part lists the bottom
   * category first. `series` is then in drawn order, top-down, and their categories too.
   */
  bottomUp: boolean;
  /** In drawn order: top to bottom for horizontal bars. */
  series: ReadSeries[];
  legend: boolean;
  valueAxis: { min: number; max: number };
}

export function readChartXml(xml: string): ReadChart {
  const barDir = /<c:barDir val="(\w+)"/.exec(xml)![1];
  const catAx = /<c:catAx>[\s\S]*?<\/c:catAx>/.exec(xml)![0];
  const bottomUp = barDir === 'bar' && catAx.includes('<c:orientation val="minMax"/>');
  const written = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]): ReadSeries => {
    const tx = /<c:tx>([\s\S]*?)<\/c:tx>/.exec(ser)![1];
    const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(ser)![1];
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)![1];
    const pts = (s: string) => new Map([...s.matchAll(/<c:pt idx="(\d+)"><c:v>([\s\S]*?)<\/c:v><\/c:pt>/g)].map(([, i, v]) => [Number(i), decode(v)]));
    const count = (s: string) => Number(/<c:ptCount val="(\d+)"\/>/.exec(s)![1]);
    const catPts = pts(cat);
    const valPts = pts(val);
    const ownSpPr = /^[\s\S]*?<c:spPr>([\s\S]*?)<\/c:spPr>/.exec(ser.replace(/<c:tx>[\s\S]*?<\/c:tx>/, ''))![1];
    const dLbls = /<c:dLbls>([\s\S]*?)<\/c:dLbls>/.exec(ser)?.[1] ?? '';
    const seriesLevel = dLbls.replace(/<c:dLbl>[\s\S]*?<\/c:dLbl>/g, '');
    return {
      name: pts(tx).get(0) ?? '',
      nameFormula: /<c:f>([^<]*)<\/c:f>/.exec(tx)![1],
      color: /<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(ownSpPr)?.[1],
      noFill: ownSpPr.startsWith('<a:noFill/>'),
      categories: Array.from({ length: count(cat) }, (_, i) => catPts.get(i) ?? ''),
      writtenCategories: [],
      categoryCount: count(cat),
      categoryFormula: /<c:f>([^<]*)<\/c:f>/.exec(cat)![1],
      values: Array.from({ length: count(val) }, (_, i) => (valPts.has(i) ? Number(valPts.get(i)) : undefined)),
      writtenValues: [],
      valueCount: count(val),
      valueFormula: /<c:f>([^<]*)<\/c:f>/.exec(val)![1],
      labelFormat: /<c:numFmt formatCode="([^"]*)"/.exec(seriesLevel) ? decode(/<c:numFmt formatCode="([^"]*)"/.exec(seriesLevel)![1]) : undefined,
      pointColors: new Map([...ser.matchAll(/<c:dPt><c:idx val="(\d+)"\/>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/g)].map(([, i, c]) => [Number(i), c])),
      pointLabels: new Map(
        [...dLbls.matchAll(/<c:dLbl><c:idx val="(\d+)"\/>([\s\S]*?)<\/c:dLbl>/g)].map(([, i, body]) => [
          Number(i),
          {
            deleted: body.includes('<c:delete val="1"/>'),
            format: /<c:numFmt formatCode="([^"]*)"/.exec(body) ? decode(/<c:numFmt formatCode="([^"]*)"/.exec(body)![1]) : undefined,
            color: /<a:defRPr[^>]*><a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(body)?.[1],
          },
        ]),
      ),
    };
  });
  for (const s of written) [s.writtenCategories, s.writtenValues] = [s.categories, s.values];
  // Bottom-up: the last written category is drawn at the top, and within each group the last series.
  const flip = <V>(m: Map<number, V>, n: number) => new Map([...m].map(([i, v]) => [n - 1 - i, v]));
  const series = bottomUp
    ? [...written].reverse().map((s) => ({
        ...s,
        categories: [...s.categories].reverse(),
        values: [...s.values].reverse(),
        pointColors: flip(s.pointColors, s.categoryCount),
        pointLabels: flip(s.pointLabels, s.categoryCount),
      }))
    : written;
  return {
    barDir,
    grouping: /<c:grouping val="(\w+)"/.exec(xml)![1],
    bottomUp,
    series,
    legend: xml.includes('<c:legend>'),
    valueAxis: { min: Number(/<c:valAx>[\s\S]*?<c:min val="([^"]+)"/.exec(xml)![1]), max: Number(/<c:valAx>[\s\S]*?<c:max val="([^"]+)"/.exec(xml)![1]) },
  };
}

export type Sheets = Map<string, unknown[][]>;

/** Every sheet as rows of cell values (1-based rows and columns shifted to 0-based arrays). */
export async function readWorkbook(bytes: Uint8Array): Promise<Sheets> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  const out: Sheets = new Map();
  wb.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, r) => {
      const values = (row.values as unknown[]).slice(1);
      rows[r - 1] = values.map((v) => (v && typeof v === 'object' && 'richText' in (v as object) ? (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('') : v));
    });
    out.set(sheet.name, rows);
  });
  return out;
}

/** `Sheet1!$B$2:$B$6` → the values of those cells. */
export function cellsAt(sheets: Sheets, formula: string): unknown[] {
  const m = /^(\w+)!\$([A-Z]+)\$(\d+)(?::\$[A-Z]+\$(\d+))?$/.exec(formula)!;
  const rows = sheets.get(m[1])!;
  const col = m[2].charCodeAt(0) - 65;
  const first = Number(m[3]);
  const last = Number(m[4] ?? m[3]);
  return Array.from({ length: last - first + 1 }, (_, i) => rows[first - 1 + i]?.[col]);
}

/** Labels compared without the line breaks and spaces the layout put in (CJK wraps without spaces). */
export const squash = (s: string) => s.replace(/[\s\u00ad-]+/g, '');
