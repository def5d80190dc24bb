// Refresh: a native chart (`--charts native`) in an edited deck takes the new build's data while
// keeping what the person restyled. Pure over package parts.
//
//   edited chart part + new chart part ─▶ per series (in order): name, categories and values (with
//   their caches) from the new part; series colours, data-point colours, labels' formatting, axes from
//   the edited one, save the value axis's bounds where the build computed them or a new value passes
//   them ─▶ the new embedded workbook (LibreOffice drops it on save) ─▶ frame alt text
import { strFromU8, strToU8 } from 'fflate';
import { attr, encodeXml, parseRels, relativeTarget, relsPartFor, resolveTarget } from '../assemble/ooxml.js';
import { sha256Hex, slideRelTarget } from '../assemble/refresh-manifest.js';

const PACKAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/package';
const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What a series takes from the new build: its data. Everything else in `<c:ser>` is formatting. */
const DATA_ELEMENTS = ['tx', 'cat', 'val', 'xVal', 'yVal'] as const;

/** The chart part a chart frame shows. */
export function chartPartOf(files: Record<string, Uint8Array>, slidePart: string, frameXml: string): string | undefined {
  const id = /<c:chart\b[^>]*\sr:id="([^"]+)"/.exec(frameXml)?.[1];
  return id ? slideRelTarget(files, slidePart, (r) => r.id === id) : undefined;
}

/** Top-level `<c:name>…</c:name>` (or self-closed) children of `xml`'s element, by name, in order. */
function elements(xml: string, name: string): { start: number; end: number; xml: string }[] {
  const out: { start: number; end: number; xml: string }[] = [];
  const re = new RegExp(`<c:${name}\\b[^>]*?(/?)>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    let end = m.index + m[0].length;
    if (m[1] !== '/') {
      // Series data elements do not nest in themselves; the first closing tag ends it.
      const close = xml.indexOf(`</c:${name}>`, end);
      if (close < 0) break;
      end = close + `</c:${name}>`.length;
    }
    out.push({ start: m.index, end, xml: xml.slice(m.index, end) });
    re.lastIndex = end;
  }
  return out;
}

/** A series' name as its cache or literal holds it ('2024'), or undefined. */
function seriesName(serXml: string): string | undefined {
  const tx = elements(serXml, 'tx')[0]?.xml;
  return tx ? /<c:v>([^<]*)<\/c:v>/.exec(tx)?.[1] : undefined;
}

/** The axes' directions in document order ('minMax', 'maxMin'). */
const orientations = (xml: string) => [...xml.matchAll(/<c:orientation\b[^>]*\bval="([^"]+)"/g)].map((m) => m[1]);

/**
 * The edited chart XML with every series' data (name, categories, values and their caches) taken from
 * the new chart XML, or undefined when the two do not line up: then the new chart replaces the old one
 * whole. They do not line up when the number of series differs, when the same series come in another
 * order (a series keeps its edited colour by position, so '2024' would take 2023's colour), or when an
 * axis runs the other way (categories drawn bottom-up in one and top-down in the other): a deck built
 * by an older surveydeck may differ from today's build in both.
 */
export function refreshChartXml(editedXml: string, newXml: string): string | undefined {
  const mine = elements(editedXml, 'ser');
  const theirs = elements(newXml, 'ser');
  if (mine.length === 0 || mine.length !== theirs.length) return undefined;
  const names = (all: typeof mine) => all.map((s) => seriesName(s.xml));
  const [was, now] = [names(mine), names(theirs)];
  const sameSet = was.every((n) => n !== undefined) && [...was].sort().join('\u0000') === [...now].sort().join('\u0000');
  if (sameSet && was.some((n, i) => n !== now[i])) return undefined;
  if (orientations(editedXml).join() !== orientations(newXml).join()) return undefined;
  let out = editedXml;
  for (let i = mine.length - 1; i >= 0; i--) {
    let ser = mine[i].xml;
    // Bars formatted one by one (a highlighted bar's colour, a significance label) are so by position:
    // where the new wave's answers differ (one added, another order), the new chart's go with its bars.
    if (categoriesOf(ser).join('\u0000') !== categoriesOf(theirs[i].xml).join('\u0000')) ser = withPointsOf(ser, theirs[i].xml);
    for (const name of DATA_ELEMENTS) {
      const had = elements(ser, name)[0];
      const now = elements(theirs[i].xml, name)[0];
      if (had && now) ser = ser.slice(0, had.start) + now.xml + ser.slice(had.end);
      else if (had && !now) ser = ser.slice(0, had.start) + ser.slice(had.end);
      else if (!had && now) return undefined; // where it goes depends on the chart type: take the new chart whole
    }
    out = out.slice(0, mine[i].start) + ser + out.slice(mine[i].end);
  }
  return withValueScaleFor(out, newXml);
}

/**
 * The value axis's bounds follow the new data where the build set them: a bound with more digits
 * than a person types (0.31855…, the picture's scale) is the new build's, and so is any bound a new
 * value passes (a bar cut off at the old maximum is never an edit to keep). A bound a person typed
 * (0.5, 1) and the new values fit is kept.
 */
function withValueScaleFor(editedXml: string, newXml: string): string {
  const axis = (xml: string) => elements(xml, 'valAx')[0];
  const mine = axis(editedXml);
  const theirs = axis(newXml);
  if (!mine || !theirs) return editedXml;
  const values = [...newXml.matchAll(/<c:val>[\s\S]*?<\/c:val>/g)].flatMap((m) => [...m[0].matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => Number(v[1]))).filter(Number.isFinite);
  const bound = (xml: string, name: 'max' | 'min') => {
    const m = new RegExp(`<c:${name} val="([^"]*)"\\/>`).exec(xml);
    return m ? Number(m[1]) : undefined;
  };
  const typed = (v: number) => String(v).replace(/^-?0*\.?0*/, '').replace('.', '').length <= 4;
  let scaled = mine.xml;
  for (const name of ['max', 'min'] as const) {
    const had = bound(mine.xml, name);
    const now = bound(theirs.xml, name);
    if (had === undefined || now === undefined) continue;
    const passed = name === 'max' ? values.some((v) => v > had) : values.some((v) => v < had);
    if (typed(had) && !passed) continue;
    scaled = scaled.replace(new RegExp(`<c:${name} val="[^"]*"\\/>`), `<c:${name} val="${now}"/>`);
  }
  return editedXml.slice(0, mine.start) + scaled + editedXml.slice(mine.end);
}

/** A series' categories as its cache holds them, in point order. */
function categoriesOf(serXml: string): string[] {
  const cat = elements(serXml, 'cat')[0]?.xml ?? '';
  return [...cat.matchAll(/<c:pt\b[^>]*\bidx="(\d+)"[^>]*>\s*<c:v>([^<]*)<\/c:v>/g)].sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => m[2]);
}

/** `ser` with its per-point formatting (`c:dPt`, and `c:dLbl` inside `c:dLbls`) replaced by `from`'s. */
function withPointsOf(ser: string, from: string): string {
  // CT_BarSer order: … spPr?, invertIfNegative?, pictureOptions?, dPt*, dLbls?, trendline*, errBars?, cat? …
  const points = elements(from, 'dPt').map((e) => e.xml).join('');
  let out = ser;
  for (const own of elements(ser, 'dPt').reverse()) out = out.slice(0, own.start) + out.slice(own.end);
  if (points) {
    const before = ['dLbls', 'trendline', 'errBars', 'cat', 'val'].map((n) => out.search(new RegExp(`<c:${n}\\b`))).filter((k) => k >= 0);
    const at = before.length ? Math.min(...before) : out.lastIndexOf('</c:ser>');
    out = out.slice(0, at) + points + out.slice(at);
  }
  const labels = elements(from, 'dLbl').map((e) => e.xml).join('');
  const block = elements(out, 'dLbls')[0];
  if (block) {
    const inner = block.xml.replace(/<c:dLbl\b[\s\S]*?<\/c:dLbl>/g, '');
    const open = /^<c:dLbls\b[^>]*>/.exec(inner)?.[0] ?? '';
    out = out.slice(0, block.start) + open + labels + inner.slice(open.length) + out.slice(block.end);
  }
  return out;
}

/** Point the chart at `workbook` (stored once, by hash), as `<c:externalData>` with a package relationship. */
export function attachWorkbook(files: Record<string, Uint8Array>, chartPart: string, chartXml: string, workbook: Uint8Array): string {
  const relsPart = relsPartFor(chartPart);
  const rels = files[relsPart] ? strFromU8(files[relsPart]) : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const current = parseRels(rels).find((r) => r.type === PACKAGE_REL && !r.external);
  const currentPart = current && resolveTarget(relsPart, current.target);
  if (currentPart && files[currentPart] && sha256Hex(files[currentPart]) === sha256Hex(workbook) && /<c:externalData\b/.test(chartXml)) return chartXml;

  const part = `ppt/embeddings/sd-${sha256Hex(workbook).slice(0, 16)}.xlsx`;
  files[part] ??= workbook;
  const id = current?.id ?? 'rIdSdWorkbook';
  const rel = `<Relationship Id="${id}" Type="${PACKAGE_REL}" Target="${encodeXml(relativeTarget(relsPart, part))}"/>`;
  files[relsPart] = strToU8(current ? rels.replace(/<Relationship\b[^>]*>/g, (tag) => (attr(tag, 'Id') === id ? rel : tag)) : rels.replace('</Relationships>', `${rel}</Relationships>`));

  const types = strFromU8(files['[Content_Types].xml']);
  if (!/<Default\b[^>]*Extension="xlsx"/i.test(types)) files['[Content_Types].xml'] = strToU8(types.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="xlsx" ContentType="${XLSX_CONTENT_TYPE}"/>`));

  const external = `<c:externalData r:id="${id}"><c:autoUpdate val="0"/></c:externalData>`;
  const withoutOld = chartXml.replace(/<c:externalData\b[^>]*?(?:\/>|>[\s\S]*?<\/c:externalData>)/, '');
  // CT_ChartSpace order: … chart, spPr?, txPr?, externalData?, printSettings?, userShapes?, extLst?
  const chartEnd = withoutOld.indexOf('</c:chart>');
  if (chartEnd < 0) return withoutOld;
  let at = chartEnd + '</c:chart>'.length;
  for (const name of ['spPr', 'txPr']) {
    const next = new RegExp(`^\\s*<c:${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</c:${name}>)`).exec(withoutOld.slice(at));
    if (next) at += next[0].length;
  }
  const root = /<c:chartSpace\b[^>]*>/.exec(withoutOld)?.[0] ?? '';
  const xmlnsR = /\sxmlns:r=/.test(root) ? '' : ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return withoutOld.slice(0, at) + external.replace('<c:externalData', `<c:externalData${xmlnsR}`) + withoutOld.slice(at);
}

/** The embedded workbook of a chart part, if it has one. */
export function workbookOf(files: Record<string, Uint8Array>, chartPart: string): Uint8Array | undefined {
  const rels = files[relsPartFor(chartPart)];
  if (!rels) return undefined;
  const rel = parseRels(strFromU8(rels)).find((r) => r.type === PACKAGE_REL && !r.external);
  const part = rel && resolveTarget(relsPartFor(chartPart), rel.target);
  return part ? files[part] : undefined;
}
