// Charts stage, native charts: where the chart's data sits in its embedded workbook, shared by the
// chart XML (formulas), the workbook writer and the package check. Pure.
//
//   Sheet1: A1 = category field, B1.. = series names; A2:A(n+1) categories; one column per series.
//   Rows:   every bound row with every field (labels, shares, counts, bases), as the bind stage wrote it.

export const SERIES_SHEET = 'Sheet1';
export const ROWS_SHEET = 'Rows';

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let i = index + 1;
  while (i > 0) {
    const r = (i - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    i = Math.floor((i - 1) / 26);
  }
  return s;
}

/** The formula of column `column`'s n data cells: `Sheet1!$B$2:$B$7`. */
export function cellRange(column: number, n: number): string {
  const c = columnLetter(column);
  return `${SERIES_SHEET}!$${c}$2:$${c}$${n + 1}`;
}

/** `Sheet1!$B$2:$B$7` → sheet, column index, first and last row (1-based); undefined if it is not one column range. */
export function parseRange(formula: string): { sheet: string; column: number; firstRow: number; lastRow: number } | undefined {
  const m = /^(?:'([^']+)'|([A-Za-z0-9_]+))!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(formula.trim());
  if (!m) return undefined;
  const [, quoted, plain, c1, r1, c2, r2] = m;
  if (c2 && c2 !== c1) return undefined;
  const column = [...c1].reduce((acc, ch) => acc * 26 + (ch.charCodeAt(0) - 64), 0) - 1;
  return { sheet: quoted ?? plain, column, firstRow: Number(r1), lastRow: Number(r2 ?? r1) };
}
