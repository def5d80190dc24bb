// Check stage: the project checks its own .pptx before writing it. Pure: bytes → Diagnostic[]
// (PACKAGE_INVALID, `file` = the part). An empty list means the package is sound.
//
// Rules: content types cover every part · internal relationships resolve · shape ids unique per part ·
// no media stored twice · pictures have real alt text · every slide has a titled title placeholder ·
// every run in slides and notes carries `lang` · one <a:pPr>, first, per paragraph · every XML part is
// well-formed (a stray `&` or an unclosed tag is what makes PowerPoint offer a repair) · each embedded
// typeface listed once, its faces related from presentation.xml as EOT containers whose header holds · chart frames
// have alt text and a title and point at chart parts · each chart's embedded workbook is there and
// readable, its cached points count the categories, and its formulas name the cells holding those values.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { SaxesParser as SaxesParserType } from 'saxes';
import { strFromU8, unzipSync } from 'fflate';
import { looksLikeFileName } from '../assemble/validate.js';
import { attr, contentTypeOf, decodeXml, isDrawingPart, parseContentTypes, parseRels, relsPartFor, resolveTarget, type ContentTypes } from '../assemble/ooxml.js';
import { CHART_CONTENT_TYPE, CHART_REL_TYPE, PACKAGE_REL_TYPE, XLSX_CONTENT_TYPE } from '../assemble/native-charts.js';
import { columnLetter, parseRange } from '../charts/native/workbook-layout.js';
import { readWorkbookCells, type CellValue } from './workbook-cells.js';
import type { Diagnostic } from '../diagnostics.js';
import { EOT_MAGIC_NUMBER } from '../fonts/eot.js';
import type { WellFormedMemo } from './well-formed-memo.js';

export const PACKAGE_RULES = ['content-types', 'relationships', 'shape-ids', 'duplicate-media', 'alt-text', 'slide-title', 'run-lang', 'paragraph-properties', 'well-formed', 'embedded-fonts', 'chart-parts', 'chart-data'] as const;
export type PackageRule = (typeof PACKAGE_RULES)[number];

const problem = (rule: PackageRule, file: string, message: string, hint?: string): Diagnostic => ({
  severity: 'error',
  code: 'PACKAGE_INVALID',
  message: `[${rule}] ${message}`,
  file,
  ...(hint ? { hint } : {}),
});

const isSlide = (part: string) => /^ppt\/slides\/slide\d+\.xml$/.test(part);
const isNotes = (part: string) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(part);

/** Check a finished .pptx: unzip it, then checkParts. For tests and for decks made elsewhere. */
export function checkPackage(bytes: Uint8Array): Diagnostic[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    return [problem('content-types', '(package)', `not a zip archive: ${(e as Error).message}`)];
  }
  return checkParts(files);
}

/**
 * Check the parts of a package by name. The build runs this before zipping, so no part is inflated
 * again. With `wellFormed`, an XML part whose very bytes were found well-formed before is not parsed
 * again (well-formed-memo.ts); every other rule runs on every part.
 */
export function checkParts(files: Readonly<Record<string, Uint8Array>>, memo: { wellFormed?: WellFormedMemo } = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const parts = Object.keys(files).filter((p) => !p.endsWith('/')).sort();
  const text = (p: string) => strFromU8(files[p]);

  // well-formed XML: the other rules read parts with regular expressions, which would not notice.
  const wellFormed: Uint8Array[] = [];
  for (const part of parts.filter((p) => /\.(xml|rels)$/.test(p))) {
    if (memo.wellFormed?.has(files[part])) continue;
    const found = xmlProblem(files[part]);
    if (found) out.push({ ...problem('well-formed', part, `is not well-formed XML: ${found.message}`), line: found.line, column: found.column });
    else wellFormed.push(files[part]);
  }
  memo.wellFormed?.add(wellFormed);

  // content types
  if (!files['[Content_Types].xml']) return [problem('content-types', '[Content_Types].xml', 'the package has no [Content_Types].xml')];
  const types = parseContentTypes(text('[Content_Types].xml'));
  for (const part of parts) {
    if (part === '[Content_Types].xml') continue;
    if (!contentTypeOf(types, part)) out.push(problem('content-types', part, 'has no content type (no Default for its extension, no Override)'));
  }
  for (const part of types.overrides.keys()) {
    if (!files[part]) out.push(problem('content-types', '[Content_Types].xml', `Override names \`/${part}\`, which is not in the package`));
  }

  // relationships
  for (const relsPart of parts.filter((p) => p.endsWith('.rels'))) {
    for (const rel of parseRels(text(relsPart))) {
      if (rel.external) continue;
      const target = resolveTarget(relsPart, rel.target);
      if (!files[target]) out.push(problem('relationships', relsPart, `relationship ${rel.id} points at \`${rel.target}\`, which is not in the package`));
    }
  }

  // duplicate media
  const seen = new Map<string, string>();
  for (const part of parts.filter((p) => p.startsWith('ppt/media/'))) {
    const hash = createHash('sha256').update(files[part]).digest('hex');
    const first = seen.get(hash);
    if (first) out.push(problem('duplicate-media', part, `has the same bytes as \`${first}\`; store it once and point both relationships at it`));
    else seen.set(hash, part);
  }

  if (files['ppt/presentation.xml']) out.push(...checkEmbeddedFonts(files));

  for (const part of parts.filter(isDrawingPart)) {
    const xml = text(part);

    // shape ids
    const ids = new Map<string, number>();
    for (const [, id] of xml.matchAll(/<p:cNvPr\b[^>]*?\sid="(\d+)"/g)) ids.set(id, (ids.get(id) ?? 0) + 1);
    for (const [id, count] of ids) if (count > 1) out.push(problem('shape-ids', part, `shape id ${id} is used ${count} times`));

    // chart frames: alt text, title, a chart relationship to a chart part
    if (isSlide(part)) out.push(...checkChartFrames(part, xml, files, types));

    // alt text
    for (const [pic] of xml.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)) {
      const cNvPr = /<p:cNvPr\b[^>]*>/.exec(pic)?.[0] ?? '';
      const descr = attr(cNvPr, 'descr')?.trim() ?? '';
      const name = attr(cNvPr, 'name') ?? '?';
      if (!descr) out.push(problem('alt-text', part, `picture \`${name}\` has no alt text`));
      else if (looksLikeFileName(descr)) out.push(problem('alt-text', part, `picture \`${name}\` has a file name as alt text: \`${descr}\``));
    }

    // paragraphs: one pPr, first
    for (const [, inner] of xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
      const count = inner.match(/<a:pPr\b/g)?.length ?? 0;
      if (count > 1 || (count === 1 && !inner.startsWith('<a:pPr'))) {
        out.push(problem('paragraph-properties', part, 'a paragraph has more than one <a:pPr> or it is not first'));
        break;
      }
    }

    if (isSlide(part) || isNotes(part)) {
      // lang on every run
      const missing = [...xml.matchAll(/<a:(?:rPr|endParaRPr)\b[^>]*>/g)].filter(([tag]) => !/\slang="[^"]+"/.test(tag)).length;
      if (missing) out.push(problem('run-lang', part, `${missing} run(s) without \`lang\``, 'spell checkers and screen readers need the language'));
    }

    if (isSlide(part)) {
      // a title placeholder with text
      const titled = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].some(([sp]) => {
        if (!/<p:ph\b[^>]*\stype="(title|ctrTitle)"/.test(sp)) return false;
        return [...sp.matchAll(/<a:t>([^<]*)<\/a:t>/g)].some(([, t]) => decodeXml(t).trim() !== '');
      });
      if (!titled) out.push(problem('slide-title', part, 'has no title placeholder with text', 'put the slide title in the layout title placeholder'));
    }
  }
  for (const part of parts.filter((p) => contentTypeOf(types, p) === CHART_CONTENT_TYPE)) out.push(...checkChartData(part, files, types));
  return out;
}

function checkChartFrames(part: string, xml: string, files: Record<string, Uint8Array>, types: ContentTypes): Diagnostic[] {
  const out: Diagnostic[] = [];
  const relsPart = relsPartFor(part);
  const rels = files[relsPart] ? parseRels(strFromU8(files[relsPart])) : [];
  for (const [frame] of xml.matchAll(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g)) {
    const chartRef = /<c:chart\b[^>]*\sr:id="([^"]*)"/.exec(frame)?.[1];
    if (!chartRef) continue;
    const cNvPr = /<p:cNvPr\b[^>]*>/.exec(frame)?.[0] ?? '';
    const name = attr(cNvPr, 'name') ?? '?';
    if (!attr(cNvPr, 'descr')?.trim()) out.push(problem('alt-text', part, `chart \`${name}\` has no alt text`));
    if (!attr(cNvPr, 'title')?.trim()) out.push(problem('chart-parts', part, `chart \`${name}\` has no title`, 'screen readers list a chart frame by its title'));
    const rel = rels.find((r) => r.id === chartRef);
    if (!rel || rel.type !== CHART_REL_TYPE) {
      out.push(problem('chart-parts', part, `chart \`${name}\` points at ${chartRef}, which is not a chart relationship of the slide`));
      continue;
    }
    const target = resolveTarget(relsPart, rel.target);
    if (files[target] && contentTypeOf(types, target) !== CHART_CONTENT_TYPE) {
      out.push(problem('chart-parts', part, `chart \`${name}\` points at \`${target}\`, whose content type is not a chart's`));
    }
  }
  return out;
}

interface CachedRef {
  formula: string;
  ptCount: number;
  points: Map<number, string>;
}

function cachedRef(xml: string | undefined): CachedRef | undefined {
  if (!xml) return undefined;
  const formula = /<c:f>([\s\S]*?)<\/c:f>/.exec(xml)?.[1];
  const ptCount = /<c:ptCount val="(\d+)"\/>/.exec(xml)?.[1];
  if (formula === undefined || ptCount === undefined) return undefined;
  const points = new Map([...xml.matchAll(/<c:pt idx="(\d+)"[^>]*><c:v>([\s\S]*?)<\/c:v><\/c:pt>/g)].map(([, i, v]) => [Number(i), decodeXml(v)] as [number, string]));
  return { formula: decodeXml(formula), ptCount: Number(ptCount), points };
}

/** A chart's embedded workbook is there and readable, and its cache agrees with the cells its formulas name. */
function checkChartData(part: string, files: Record<string, Uint8Array>, types: ContentTypes): Diagnostic[] {
  const fail = (message: string, hint?: string) => [problem('chart-data', part, message, hint)];
  const xml = strFromU8(files[part]);
  const dataRef = /<c:externalData\b[^>]*\sr:id="([^"]*)"/.exec(xml)?.[1];
  if (!dataRef) return fail('has no embedded workbook (`c:externalData`)', '"Edit Data" in PowerPoint needs the workbook');
  const relsPart = relsPartFor(part);
  const rel = files[relsPart] ? parseRels(strFromU8(files[relsPart])).find((r) => r.id === dataRef) : undefined;
  if (!rel || rel.type !== PACKAGE_REL_TYPE) return fail(`its workbook relationship ${dataRef} is missing or not a package relationship`);
  const workbookPart = resolveTarget(relsPart, rel.target);
  if (!files[workbookPart]) return fail(`its workbook \`${workbookPart}\` is not in the package`);
  if (contentTypeOf(types, workbookPart) !== XLSX_CONTENT_TYPE) return fail(`its workbook \`${workbookPart}\` does not have the .xlsx content type`);
  let sheets: Map<string, Map<string, CellValue>>;
  try {
    sheets = readWorkbookCells(files[workbookPart]);
  } catch (e) {
    return fail(`its workbook \`${workbookPart}\` is not readable: ${(e as Error).message}`);
  }
  const out: Diagnostic[] = [];
  const cellsOf = (ref: CachedRef, what: string) => {
    const range = parseRange(ref.formula);
    const cells = range && sheets.get(range.sheet);
    if (!range || !cells) {
      out.push(problem('chart-data', part, `${what} formula \`${ref.formula}\` does not name a column range of a sheet in the workbook`));
      return undefined;
    }
    if (range.lastRow - range.firstRow + 1 !== ref.ptCount) {
      out.push(problem('chart-data', part, `${what} formula \`${ref.formula}\` spans ${range.lastRow - range.firstRow + 1} cells but the cache counts ${ref.ptCount} points`));
      return undefined;
    }
    return Array.from({ length: ref.ptCount }, (_, i) => cells.get(`${columnLetter(range.column)}${range.firstRow + i}`));
  };
  let categories: number | undefined;
  for (const [ser, index] of [...xml.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m, i) => [m[0], i + 1] as const)) {
    const cat = cachedRef(/<c:cat>[\s\S]*?<\/c:cat>/.exec(ser)?.[0]);
    const val = cachedRef(/<c:val>[\s\S]*?<\/c:val>/.exec(ser)?.[0]);
    if (!cat || !val) {
      out.push(problem('chart-data', part, `series ${index} has no cached categories or values with a formula`));
      continue;
    }
    categories ??= cat.ptCount;
    if (cat.ptCount !== categories || cat.points.size !== cat.ptCount) {
      out.push(problem('chart-data', part, `series ${index} caches ${cat.points.size} of ${cat.ptCount} category points; the chart has ${categories} categories`));
    }
    if (val.ptCount !== cat.ptCount) out.push(problem('chart-data', part, `series ${index} caches ${val.ptCount} value points for ${cat.ptCount} categories`));
    const catCells = cellsOf(cat, `series ${index} category`);
    catCells?.forEach((cell, i) => {
      if (String(cell ?? '') !== (cat.points.get(i) ?? '')) out.push(problem('chart-data', part, `series ${index} category ${i + 1} is cached as \`${cat.points.get(i)}\` but the workbook holds \`${cell}\``));
    });
    const valCells = cellsOf(val, `series ${index} value`);
    valCells?.forEach((cell, i) => {
      const cached = val.points.get(i);
      const same = cached === undefined ? cell === undefined : typeof cell === 'number' && Math.abs(cell - Number(cached)) <= 1e-12 * Math.max(1, Math.abs(cell));
      if (!same) out.push(problem('chart-data', part, `series ${index} value ${i + 1} is cached as \`${cached}\` but the workbook holds \`${cell}\``));
    });
  }
  if (categories === undefined) out.push(problem('chart-data', part, 'has no series'));
  return out;
}

/** saxes, loaded when a part is first parsed: a rebuild whose parts are all known well-formed never needs it. */
let SaxesParser: typeof SaxesParserType | undefined;

/**
 * The first well-formedness error of an XML part, from a conforming parser: saxes rejects what XML
 * 1.0 forbids (control characters, `&#x1;`, U+FFFE) where fast-xml-parser's validator let them pass,
 * and bytes that are not UTF-8 are an error here rather than U+FFFD.
 */
export function xmlProblem(bytes: Uint8Array): { message: string; line?: number; column?: number } | undefined {
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { message: 'its bytes are not valid UTF-8' };
  }
  SaxesParser ??= (createRequire(import.meta.url)('saxes') as typeof import('saxes')).SaxesParser;
  const parser = new SaxesParser({ xmlns: false, position: true });
  let first: { message: string; line?: number; column?: number } | undefined;
  parser.on('error', (e) => {
    // saxes prefixes `line:column: `; keep the position as data.
    first ??= { message: e.message.replace(/^\d+:\d+: /, ''), line: parser.line, column: parser.column };
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    first ??= { message: (e as Error).message };
  }
  return first;
}

const FONT_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';

/** <p:embeddedFontLst>: one entry per typeface, each face a font relationship to an EOT part. */
function checkEmbeddedFonts(files: Record<string, Uint8Array>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const presentation = strFromU8(files['ppt/presentation.xml']);
  const relsPart = 'ppt/_rels/presentation.xml.rels';
  const rels = new Map(files[relsPart] ? parseRels(strFromU8(files[relsPart])).map((r) => [r.id, r]) : []);
  const typefaces = new Set<string>();
  const listedParts = new Set<string>();
  for (const [, entry] of presentation.matchAll(/<p:embeddedFont>([\s\S]*?)<\/p:embeddedFont>/g)) {
    const typeface = attr(/<p:font\b[^>]*>/.exec(entry)?.[0] ?? '', 'typeface') ?? '';
    if (typefaces.has(typeface)) out.push(problem('embedded-fonts', 'ppt/presentation.xml', `typeface \`${typeface}\` is listed twice in <p:embeddedFontLst>`));
    typefaces.add(typeface);
    for (const [, face, id] of entry.matchAll(/<p:(regular|bold|italic|boldItalic)\b[^>]*\sr:id="([^"]*)"/g)) {
      const rel = rels.get(id);
      if (!rel || rel.type !== FONT_RELATIONSHIP) {
        out.push(problem('embedded-fonts', 'ppt/presentation.xml', `\`${typeface}\` ${face} points at ${id}, which is not a font relationship`));
        continue;
      }
      const part = resolveTarget(relsPart, rel.target);
      listedParts.add(part);
      const bytes = files[part];
      if (!bytes) continue; // the relationships rule reports it
      const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const version = b.length >= 36 ? b.readUInt32LE(8) : 0;
      if (b.length < 82 || b.readUInt32LE(0) !== b.length || b.readUInt16LE(34) !== EOT_MAGIC_NUMBER || (version !== 0x00020001 && version !== 0x00020002) || b.readUInt32LE(4) >= b.length) {
        out.push(problem('embedded-fonts', part, `is not an EOT container PowerPoint reads (EOTSize, MagicNumber 0x504C, Version 0x00020001/2, FontDataSize)`));
      }
    }
  }
  for (const part of Object.keys(files).filter((p) => p.startsWith('ppt/fonts/') && !listedParts.has(p))) {
    out.push(problem('embedded-fonts', part, 'is in the package but listed in no <p:embeddedFont>'));
  }
  return out;
}
