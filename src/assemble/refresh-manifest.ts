// Assemble stage (and src/update): stable shape identity and the refresh manifest. Pure over parts.
//
//   package parts ─▶ name every bound shape `sd:<slide key>/<box>` ─▶ read back what each shape says
//     ─▶ customXml/item1.xml: deck identity + per slide its key, shapes' text, pictures, notes, figures
//
// Measured: a LibreOffice round trip keeps shape names (but renames placeholders), notes, picture alt
// text and customXml/; it drops p:custDataLst and slide names and renumbers ids. So identity lives in
// shape names, a title is found as the title placeholder of a slide its other shapes identify, and
// what was generated is kept in customXml, which both PowerPoint and LibreOffice carry along.
import { createHash } from 'node:crypto';
import { strFromU8, strToU8 } from 'fflate';
import type { ChartRow, DeckIdentity } from '../ir.js';
import { attr, decodeXml, encodeXml, parseRels, relsPartFor, resolveTarget } from './ooxml.js';

/** Bump when a manifest written by an older surveydeck can no longer be read: update refuses it. */
export const REFRESH_FORMAT = 1;
export const SHAPE_NAME_PREFIX = 'sd:';
export const MANIFEST_PART = 'customXml/item1.xml';
const MANIFEST_PROPS_PART = 'customXml/itemProps1.xml';
const MANIFEST_NS = 'urn:surveydeck:refresh';
/** Fixed, so the package stays byte-identical across builds. */
const MANIFEST_ITEM_ID = '{8F3C5E2A-61D4-4B7E-9A0C-53D1E2F4A7B9}';
const REL_CUSTOM_XML = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml';
const REL_CUSTOM_XML_PROPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps';
const CT_CUSTOM_XML_PROPS = 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml';

/** What the build put into one shape. */
export interface ShapeRecord {
  /** Paragraphs joined by `\n`, as `shapeText` reads them. */
  text?: string;
  /** Pictures: sha256 of the image bytes, and the alt text. */
  media?: string;
  descr?: string;
}

export interface SlideRecord {
  key: string;
  kind: string;
  /** box → what was written; the title placeholder is `title`. */
  shapes: Record<string, ShapeRecord>;
  notes?: string;
  /** Argument expression → value the slide's text was bound from. */
  figures?: Record<string, string | number>;
  /** The rows the chart draws, with the spec that draws them. */
  chart?: { spec: string; rows: ChartRow[] };
  /** Claim name → outcome, for the claims the slide's sentences rest on. */
  claims?: Record<string, string>;
}

export interface RefreshManifest {
  format: number;
  generator: 'surveydeck';
  audience: string;
  locale: string;
  identity: DeckIdentity;
  slides: SlideRecord[];
  /** The footer the content layouts carry ("Source: … · N = 222 · licence"), as written. */
  footer?: string;
}

/** The footer shape's name in every content layout (masters.ts). */
export const FOOTER_SHAPE = 'Footer';

/** The footer shape of each slide layout that has one, in part order. */
export function layoutFooters(files: Record<string, Uint8Array>): { part: string; xml: string; shape: ShapeXml }[] {
  return Object.keys(files)
    .filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]))
    .flatMap((part) => {
      const xml = strFromU8(files[part]);
      const shape = listShapes(xml).find((sh) => sh.name === FOOTER_SHAPE);
      return shape ? [{ part, xml, shape }] : [];
    });
}

/** What packageDeck needs to write identity: per slide (in order) its key, kind, figures, chart rows. */
export interface RefreshInput {
  audience: string;
  locale: string;
  identity: DeckIdentity;
  slides: { key: string; kind: string; figures?: Record<string, string | number>; chart?: { spec: string; rows: ChartRow[] }; claims?: Record<string, string> }[];
}

/** Shape names the builders give (objectName) → box id. Decorations keep pptxgenjs's names. */
const BOX_NAME = /^(Subtitle|Byline|KPI \d+ (?:value|label|note)|Chart|Takeaway|Big number|Warning|Footnote|Body|Column \d+ (?:heading|body)|Card \d+ (?:number|body)|Quote|Attribution|Section number|Agenda \d+(?: number)?)$/;

export function boxIdOf(objectName: string): string | undefined {
  return BOX_NAME.test(objectName) ? objectName.toLowerCase().replace(/ /g, '-') : undefined;
}

export function shapeName(key: string, box: string): string {
  return `${SHAPE_NAME_PREFIX}${key}/${box}`;
}

/** `sd:exec.genai/chart` → { key, box }. */
export function parseShapeName(name: string): { key: string; box: string } | undefined {
  if (!name.startsWith(SHAPE_NAME_PREFIX)) return undefined;
  const rest = name.slice(SHAPE_NAME_PREFIX.length);
  const slash = rest.lastIndexOf('/');
  // LibreOffice renames the shapes of a moved or copied slide `<name> 1` to keep names unique.
  return slash > 0 ? { key: rest.slice(0, slash), box: rest.slice(slash + 1).replace(/ \d+$/, '') } : undefined;
}

// ───────────────────────────── reading shapes ─────────────────────────────

export interface ShapeXml {
  /** `sp`, `pic` or `graphicFrame`. */
  tag: string;
  xml: string;
  start: number;
  end: number;
  name: string;
  /** Title placeholder (`type="title"` or `ctrTitle`). */
  isTitle: boolean;
}

/** The top-level shapes of a slide's spTree (group shapes are returned whole, not entered). */
export function listShapes(slideXml: string): ShapeXml[] {
  const out: ShapeXml[] = [];
  const tree = /<p:spTree>/.exec(slideXml);
  if (!tree) return out;
  const open = /<p:(sp|pic|graphicFrame|grpSp|cxnSp|contentPart)\b[^>]*?(\/?)>/g;
  open.lastIndex = tree.index + tree[0].length;
  for (let m = open.exec(slideXml); m; m = open.exec(slideXml)) {
    const tag = m[1];
    let end: number;
    if (m[2] === '/') end = m.index + m[0].length;
    else {
      end = closingOf(slideXml, tag, m.index + m[0].length);
      if (end < 0) break;
    }
    const xml = slideXml.slice(m.index, end);
    const cNvPr = /<p:cNvPr\b[^>]*>/.exec(xml)?.[0] ?? '';
    out.push({ tag, xml, start: m.index, end, name: attr(cNvPr, 'name') ?? '', isTitle: isTitlePlaceholder(xml) });
    open.lastIndex = end;
  }
  return out;
}

function isTitlePlaceholder(shapeXml: string): boolean {
  const nv = /<p:nvSpPr>[\s\S]*?<\/p:nvSpPr>/.exec(shapeXml)?.[0] ?? '';
  return /<p:ph\b[^>]*\stype="(?:title|ctrTitle)"/.test(nv);
}

/** Index just past the `</p:tag>` that closes the element opened before `from` (nesting counted). */
function closingOf(xml: string, tag: string, from: number): number {
  const re = new RegExp(`<p:${tag}\\b[^>]*?(/?)>|</p:${tag}>`, 'g');
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[0].startsWith('</')) depth--;
    else if (m[1] !== '/') depth++;
    if (depth === 0) return m.index + m[0].length;
  }
  return -1;
}

/** The text of a shape or a notes body: runs, fields and line breaks per paragraph, paragraphs on lines. */
export function shapeText(xml: string): string {
  const body = /<p:txBody>([\s\S]*?)<\/p:txBody>/.exec(xml)?.[1];
  if (body === undefined) return '';
  const paragraphs = [...body.matchAll(/<a:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/a:p>)/g)].map(([, inner = '']) =>
    // A line break is `<a:br/>` or, with its size (as we and PowerPoint write it), `<a:br><a:rPr …/></a:br>`.
    [...inner.matchAll(/<a:t>([^<]*)<\/a:t>|<a:t\/>|<a:br\b[^>]*\/>|<a:br\b[^>]*>[\s\S]*?<\/a:br>/g)].map(([tag, t]) => (tag.startsWith('<a:br') ? '\n' : decodeXml(t ?? ''))).join(''),
  );
  return normalizeText(paragraphs.join('\n'));
}

/** Whitespace differences an editor introduces (trailing blanks, empty last paragraph) are not edits. */
export function normalizeText(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

/** The notes body placeholder of a notes slide. */
export function notesBody(notesXml: string): ShapeXml | undefined {
  return listShapes(notesXml).find((s) => /<p:ph\b[^>]*\stype="body"/.test(s.xml));
}

/** The notes slide part of a slide part, through the slide's relationships. */
export function notesPartOf(files: Record<string, Uint8Array>, slidePart: string): string | undefined {
  return slideRelTarget(files, slidePart, (r) => r.type.endsWith('/notesSlide'));
}

/** The part an internal relationship of a slide points at: the first one `match` accepts. */
export function slideRelTarget(files: Record<string, Uint8Array>, slidePart: string, match: (rel: { id: string; type: string }) => boolean): string | undefined {
  const rels = files[relsPartFor(slidePart)];
  if (!rels) return undefined;
  const rel = parseRels(strFromU8(rels)).find((r) => !r.external && match(r));
  return rel ? resolveTarget(relsPartFor(slidePart), rel.target) : undefined;
}

/** The image part a picture shows. */
export function blipTarget(files: Record<string, Uint8Array>, slidePart: string, picXml: string): string | undefined {
  const id = /<a:blip\b[^>]*\sr:embed="([^"]+)"/.exec(picXml)?.[1];
  return id ? slideRelTarget(files, slidePart, (r) => r.id === id) : undefined;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What one shape holds, for the manifest and for comparing against it. */
export function recordShape(files: Record<string, Uint8Array>, slidePart: string, shape: ShapeXml): ShapeRecord {
  if (shape.tag === 'pic') {
    const cNvPr = /<p:cNvPr\b[^>]*>/.exec(shape.xml)?.[0] ?? '';
    const media = blipTarget(files, slidePart, shape.xml);
    return { ...(media && files[media] ? { media: sha256Hex(files[media]) } : {}), descr: attr(cNvPr, 'descr') ?? '' };
  }
  if (shape.tag === 'graphicFrame') {
    // A native chart: its data is recorded as the slide's chart rows; the frame carries alt text.
    return { descr: attr(/<p:cNvPr\b[^>]*>/.exec(shape.xml)?.[0] ?? '', 'descr') ?? '' };
  }
  return { text: shapeText(shape.xml) };
}

/** Slide parts in presentation order (p:sldIdLst), as a reader sees them. */
export function slidePartsInOrder(files: Record<string, Uint8Array>): string[] {
  const presentation = files['ppt/presentation.xml'];
  const rels = files['ppt/_rels/presentation.xml.rels'];
  if (!presentation || !rels) return [];
  const byId = new Map(parseRels(strFromU8(rels)).map((r) => [r.id, r]));
  const out: string[] = [];
  for (const [tag] of strFromU8(presentation).matchAll(/<p:sldId\b[^>]*>/g)) {
    const rel = byId.get(attr(tag, 'r:id') ?? '');
    if (rel && !rel.external) out.push(resolveTarget('ppt/_rels/presentation.xml.rels', rel.target));
  }
  return out;
}

// ───────────────────────────── writing at build time ─────────────────────────────

/**
 * Name every bound shape `sd:<key>/<box>` and write the manifest of what each holds. `files` is the
 * package as packageDeck finishes it (ids renumbered, text final), changed in place.
 */
export function writeRefreshManifest(files: Record<string, Uint8Array>, input: RefreshInput): void {
  const slideParts = slidePartsInOrder(files);
  const slides: SlideRecord[] = slideParts.map((part, i) => {
    const spec = input.slides[i];
    if (!spec) throw new Error(`refresh manifest: no slide spec for ${part}`);
    let xml = strFromU8(files[part]);
    const shapes: Record<string, ShapeRecord> = {};
    // Last to first, so earlier offsets stay valid while names change length.
    for (const shape of listShapes(xml).reverse()) {
      const box = shape.isTitle ? 'title' : boxIdOf(shape.name);
      if (!box) continue;
      const renamed = shape.xml.replace(/(<p:cNvPr\b[^>]*?\sname=")[^"]*"/, `$1${encodeXml(shapeName(spec.key, box))}"`);
      xml = xml.slice(0, shape.start) + renamed + xml.slice(shape.end);
      shapes[box] = recordShape(files, part, { ...shape, xml: renamed });
    }
    files[part] = strToU8(xml);
    const notesPart = notesPartOf(files, part);
    const notesShape = notesPart && files[notesPart] ? notesBody(strFromU8(files[notesPart])) : undefined;
    const notes = notesShape ? shapeText(notesShape.xml) : '';
    return {
      key: spec.key,
      kind: spec.kind,
      shapes: Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      ...(notes ? { notes } : {}),
      ...(spec.figures ? { figures: spec.figures } : {}),
      ...(spec.chart ? { chart: spec.chart } : {}),
      ...(spec.claims && Object.keys(spec.claims).length ? { claims: spec.claims } : {}),
    };
  });
  const footer = layoutFooters(files)[0];
  const manifest: RefreshManifest = {
    format: REFRESH_FORMAT,
    generator: 'surveydeck',
    audience: input.audience,
    locale: input.locale,
    identity: input.identity,
    slides,
    ...(footer ? { footer: shapeText(footer.shape.xml) } : {}),
  };
  putManifest(files, manifest);
}

/** Write (or replace) the manifest parts, their relationship and content type. */
export function putManifest(files: Record<string, Uint8Array>, manifest: RefreshManifest): void {
  files[MANIFEST_PART] = strToU8(manifestXml(manifest));
  files[MANIFEST_PROPS_PART] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="${MANIFEST_ITEM_ID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="${MANIFEST_NS}"/></ds:schemaRefs></ds:datastoreItem>`,
  );
  files['customXml/_rels/item1.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_CUSTOM_XML_PROPS}" Target="itemProps1.xml"/></Relationships>`,
  );
  // LibreOffice moves the customXml relationship to the package and keeps its target, `../customXml/…`,
  // which points above the package root: point it at the part.
  if (files['_rels/.rels']) {
    const pkg = strFromU8(files['_rels/.rels']);
    const fixed = pkg.replace(/(\sTarget=")\.\.\/customXml\//g, '$1customXml/');
    if (fixed !== pkg) files['_rels/.rels'] = strToU8(fixed);
  }
  if (files['_rels/.rels'] && parseRels(strFromU8(files['_rels/.rels'])).some((r) => r.type === REL_CUSTOM_XML && resolveTarget('_rels/.rels', r.target) === MANIFEST_PART)) return;
  const presRels = 'ppt/_rels/presentation.xml.rels';
  const rels = strFromU8(files[presRels]);
  if (!parseRels(rels).some((r) => r.type === REL_CUSTOM_XML && resolveTarget(presRels, r.target) === MANIFEST_PART)) {
    const ids = new Set(parseRels(rels).map((r) => r.id));
    let n = ids.size + 1;
    while (ids.has(`rId${n}`)) n++;
    files[presRels] = strToU8(rels.replace('</Relationships>', `<Relationship Id="rId${n}" Type="${REL_CUSTOM_XML}" Target="../customXml/item1.xml"/></Relationships>`));
  }
  const types = strFromU8(files['[Content_Types].xml']);
  if (!types.includes(`PartName="/${MANIFEST_PROPS_PART}"`)) {
    files['[Content_Types].xml'] = strToU8(types.replace('</Types>', `<Override PartName="/${MANIFEST_PROPS_PART}" ContentType="${CT_CUSTOM_XML_PROPS}"/></Types>`));
  }
}

export function manifestXml(manifest: RefreshManifest): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<surveydeck xmlns="${MANIFEST_NS}" format="${manifest.format}">${encodeXml(JSON.stringify(manifest))}</surveydeck>`;
}

/**
 * The manifest of a package, or why there is none: `missing` (not a surveydeck deck, or built before
 * decks carried one), `unreadable`, or `format` (written by an incompatible surveydeck).
 */
export function readManifest(files: Record<string, Uint8Array>): { manifest: RefreshManifest } | { problem: 'missing' | 'unreadable' | 'format'; format?: number } {
  const bytes = files[MANIFEST_PART];
  if (!bytes) return { problem: 'missing' };
  const xml = strFromU8(bytes);
  const m = new RegExp(`<surveydeck\\b[^>]*xmlns="${MANIFEST_NS}"[^>]*>([\\s\\S]*)</surveydeck>`).exec(xml);
  if (!m) return { problem: 'missing' };
  let parsed: RefreshManifest;
  try {
    parsed = JSON.parse(decodeXml(m[1])) as RefreshManifest;
  } catch {
    return { problem: 'unreadable' };
  }
  if (!parsed || typeof parsed !== 'object' || parsed.generator !== 'surveydeck') return { problem: 'unreadable' };
  if (parsed.format !== REFRESH_FORMAT) return { problem: 'format', format: parsed.format };
  if (!Array.isArray(parsed.slides) || !parsed.identity || typeof parsed.audience !== 'string' || typeof parsed.locale !== 'string') return { problem: 'unreadable' };
  return { manifest: parsed };
}
