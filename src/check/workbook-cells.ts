// Check stage: read the cells of an .xlsx (an embedded chart workbook) without a spreadsheet library,
// so the package check stays synchronous. Pure: bytes → sheet name → cell reference → value.
// Reads what SpreadsheetML writers put there: shared strings, inline strings, numbers.
import { strFromU8, unzipSync } from 'fflate';
import { attr, decodeXml, parseRels, resolveTarget } from '../assemble/ooxml.js';

export type CellValue = string | number;

export class WorkbookReadError extends Error {}

export function readWorkbookCells(bytes: Uint8Array): Map<string, Map<string, CellValue>> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new WorkbookReadError(`not a zip archive: ${(e as Error).message}`);
  }
  const text = (p: string) => {
    if (!files[p]) throw new WorkbookReadError(`has no \`${p}\``);
    return strFromU8(files[p]);
  };
  const shared = files['xl/sharedStrings.xml']
    ? [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map(([, si]) => [...si.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map(([, t]) => decodeXml(t)).join(''))
    : [];
  const rels = parseRels(text('xl/_rels/workbook.xml.rels'));
  const out = new Map<string, Map<string, CellValue>>();
  for (const [tag] of text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(tag, 'name') ?? '';
    const rel = rels.find((r) => r.id === attr(tag, 'r:id'));
    if (!rel) throw new WorkbookReadError(`sheet \`${name}\` has no relationship`);
    const cells = new Map<string, CellValue>();
    const sheet = text(resolveTarget('xl/_rels/workbook.xml.rels', rel.target));
    for (const [, attrs, body] of sheet.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attr(attrs, 'r');
      if (!ref || body === undefined) continue;
      const type = attr(attrs, 't');
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      if (type === 's') cells.set(ref, shared[Number(v)] ?? '');
      else if (type === 'inlineStr') cells.set(ref, [...body.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map(([, t]) => decodeXml(t)).join(''));
      else if (type === 'str' || type === 'e') cells.set(ref, decodeXml(v ?? ''));
      else if (type === 'b') cells.set(ref, Number(v));
      else if (v !== undefined) cells.set(ref, Number(v));
    }
    out.set(name, cells);
  }
  return out;
}
