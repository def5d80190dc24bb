// Charts stage, native charts, step 3: the embedded workbook behind a chart, so "Edit Data" in
// PowerPoint opens the numbers the chart draws. exceljs writes it; the zip is then rewritten with
// fixed dates and a fixed entry order, because exceljs stamps the current time into the zip entries
// (and, unless told, into docProps/core.xml), which made every build's bytes differ.
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { NativeChartDescription } from './describe-chart.js';
import { ROWS_SHEET, SERIES_SHEET } from './workbook-layout.js';
import { inWrittenOrder } from './written-order.js';

/** Written as the workbook's created/modified date and every zip entry's time. */
export const WORKBOOK_DATE = new Date('2024-01-01T00:00:00Z');

type ExcelJs = typeof import('exceljs');
let excel: Promise<ExcelJs> | undefined;
// Imported lazily: exceljs is large and only native charts need it.
const loadExcelJs = () =>
  (excel ??= import('exceljs').then((m) => ((m as unknown as { default?: ExcelJs }).default ?? m) as ExcelJs));

export async function writeChartWorkbook(description: NativeChartDescription): Promise<Buffer> {
  // The series sheet in the chart's written order (its formulas name these cells); Rows as bound.
  const chart = inWrittenOrder(description);
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'surveydeck';
  wb.lastModifiedBy = 'surveydeck';
  wb.created = WORKBOOK_DATE;
  wb.modified = WORKBOOK_DATE;

  const sheet = wb.addWorksheet(SERIES_SHEET);
  sheet.addRow([chart.categoryField, ...chart.series.map((s) => s.name)]);
  chart.categories.forEach((category, i) => {
    const row = sheet.addRow([category, ...chart.series.map((s) => s.values[i])]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
    chart.series.forEach((s, k) => (row.getCell(k + 2).numFmt = s.labels?.numFormat ?? 'General'));
  });
  sheet.getColumn(1).width = 48;

  const rows = wb.addWorksheet(ROWS_SHEET);
  const fields = [...new Set(chart.rows.flatMap((r) => Object.keys(r)))];
  rows.addRow(fields);
  for (const r of chart.rows) {
    const row = rows.addRow(fields.map((f) => (r[f] === undefined ? null : r[f])));
    fields.forEach((f, k) => {
      if (f === chart.valueField && typeof r[f] === 'number') row.getCell(k + 1).numFmt = '0.0%';
    });
  }

  const written = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return reproducibleZip(written);
}

/** Same entries, sorted by name, one fixed mtime (built from local components, as the deck zip is). */
export function reproducibleZip(zip: Uint8Array): Buffer {
  const files = unzipSync(zip);
  const d = WORKBOOK_DATE;
  const mtime = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  const first = '[Content_Types].xml';
  const names = Object.keys(files).sort((a, b) => (a === first ? -1 : b === first ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out: Zippable = {};
  for (const name of names) out[name] = [files[name], { level: 6, mtime }];
  return Buffer.from(zipSync(out));
}
