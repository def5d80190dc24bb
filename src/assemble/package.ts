// Assemble stage, last step: pptxgenjs's zip → a valid, reproducible .pptx. Pure (bytes in, bytes out) but
// for deflated parts, which the deflater it is given may read from and add to a cache (deflate-cache.ts).
//
//   unzip ─▶ chart pictures and native chart parts in place of their placeholders (media.ts,
//   native-charts.ts) ─▶ fix core.xml (fixed dates, title, creator) ─▶ per drawing part: paragraphs, lang, East Asian
//   font, shape ids, notes paragraphs ─▶ assert alt text ─▶ embed the fonts the text names
//   (embed-fonts.ts) ─▶ dedupe media, drop content types of parts that do not exist ─▶ check the parts (the caller's
//   rules, before zipping, so nothing is inflated again) ─▶ zip in a fixed order, pictures stored,
//   large parts deflated once (zip-parts.ts, deflate-cache.ts)
import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { error, SurveydeckError, type Diagnostic } from '../diagnostics.js';
import { deflatePart } from './deflate-cache.js';
import { embedFonts } from './embed-fonts.js';
import { writeRefreshManifest, type RefreshInput } from './refresh-manifest.js';
import { fillPlaceholders } from './media.js';
import { looksLikeFileName } from './validate.js';
import { insertNativeCharts, type NativeChartPart } from './native-charts.js';
import { attr, encodeXml, isDrawingPart, parseRels, relativeTarget, resolveTarget } from './ooxml.js';
import { zipParts, type ZipPart } from './zip-parts.js';

export const DEFAULT_CREATED_AT = new Date('2024-01-01T00:00:00Z');
export const DEFAULT_CREATOR = 'surveydeck';
const DEFLATE_LEVEL = 6;
/**
 * Parts that are compressed already: deflating them again cost 1.9 s of a warm full build and saved
 * under 1 %. They are stored (zip method 0), which also lets a reader map them without inflating.
 */
const STORED_PART = /\.(png|jpe?g|gif|xlsx|docx|pptx|zip)$/i;

export interface PackageOptions {
  /** Written as created and modified date; never the current time. */
  createdAt?: Date;
  title: string;
  creator?: string;
  /** BCP 47 tag for every run, e.g. `de-DE`. */
  lang: string;
  /** East Asian typeface named on every run (zh-CN, ja decks). */
  eastAsianFont?: string;
  /** Name bound shapes `sd:<slide>/<box>` and record what each holds, for `surveydeck update`. */
  refresh?: RefreshInput;
  /** Picture bytes by content hash, for the placeholders builders gave pptxgenjs (media.ts). */
  pictures?: ReadonlyMap<string, Uint8Array>;
  /** Checks of the finished parts (e.g. checkParts); any problem is thrown as a SurveydeckError instead of zipping. */
  check?: (files: Readonly<Record<string, Uint8Array>>) => Diagnostic[];
  /** Native charts whose placeholders the slides carry, in placeholder order. */
  nativeCharts?: NativeChartPart[];
  /** Raw DEFLATE of a part at a level; default deflatePart (kept in this process only). */
  deflate?: (bytes: Uint8Array, level: number) => Uint8Array;
}

export function packageDeck(zip: Uint8Array, options: PackageOptions): Buffer {
  const files = unzipSync(zip);
  if (options.pictures) fillPlaceholders(files, options.pictures);
  const createdAt = options.createdAt ?? DEFAULT_CREATED_AT;
  const text = (part: string) => strFromU8(files[part]);
  const put = (part: string, xml: string) => (files[part] = strToU8(xml));

  if (options.nativeCharts?.length) insertNativeCharts(files, options.nativeCharts);
  if (files['docProps/core.xml']) put('docProps/core.xml', fixCoreProperties(text('docProps/core.xml'), createdAt, options));

  for (const part of Object.keys(files)) {
    if (!isDrawingPart(part)) continue;
    let xml = text(part);
    xml = fixParagraphProperties(xml);
    if (part.startsWith('ppt/notesSlides/')) xml = splitNoteLines(xml);
    xml = sizeLineBreaks(xml);
    xml = setRunLang(xml, options.lang);
    if (options.eastAsianFont) xml = setEastAsianFont(xml, options.eastAsianFont);
    xml = renumberShapeIds(xml);
    assertAltText(part, xml);
    put(part, xml);
  }

  embedFonts(files);
  dedupeMedia(files);
  if (options.refresh) writeRefreshManifest(files, options.refresh);
  dropDanglingOverrides(files);
  const problems = options.check?.(files) ?? [];
  if (problems.length > 0) throw new SurveydeckError(problems);
  return Buffer.from(zipParts(orderEntries(files), zipTime(createdAt), options.deflate ?? deflatePart));
}

// ───────────────────────────── document properties ─────────────────────────────

function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** pptxgenjs stamps `new Date()` into created/modified: replace with the deck's own date. */
export function fixCoreProperties(xml: string, createdAt: Date, options: PackageOptions): string {
  const when = w3cdtf(createdAt);
  const set = (s: string, tag: string, value: string) =>
    s.replace(new RegExp(`<${tag}([^>]*)>[^<]*</${tag}>|<${tag}([^>]*)/>`), (_m, a1, a2) => `<${tag}${a1 ?? a2 ?? ''}>${value}</${tag}>`);
  let out = xml;
  out = set(out, 'dcterms:created', when);
  out = set(out, 'dcterms:modified', when);
  out = set(out, 'dc:title', encodeXml(options.title));
  out = set(out, 'dc:creator', encodeXml(options.creator ?? DEFAULT_CREATOR));
  out = set(out, 'cp:lastModifiedBy', encodeXml(options.creator ?? DEFAULT_CREATOR));
  return out;
}

// ───────────────────────────── text ─────────────────────────────

/**
 * pptxgenjs writes an `<a:pPr>` before every run of a multi-run paragraph; the schema allows one, first.
 * PowerPoint offers to repair such files. Keep the first, drop the rest. Also drops the explicit
 * `startAt="1"` it puts on every numbered paragraph (the default, and it restarts numbering in some readers).
 */
export function fixParagraphProperties(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_m, inner: string) => {
    let seen = false;
    const body = inner.replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, (pPr) => {
      if (seen) return '';
      seen = true;
      return pPr.replace(/ startAt="1"/g, '');
    });
    return `<a:p>${body}</a:p>`;
  });
}

/** Notes arrive as one run with raw newlines; make one paragraph per line. */
export function splitNoteLines(xml: string): string {
  return xml.replace(/<a:p><a:r>(<a:rPr[^>]*\/>)<a:t>([^<]*)<\/a:t><\/a:r>(<a:endParaRPr[^>]*\/>)<\/a:p>/g, (m, rPr: string, t: string, end: string) => {
    const lines = t.split(/\r?\n/);
    if (lines.length < 2) return m;
    return lines.map((line) => (line ? `<a:p><a:r>${rPr}<a:t>${line}</a:t></a:r>${end}</a:p>` : `<a:p>${end}</a:p>`)).join('');
  });
}

/**
 * pptxgenjs writes a line break inside a paragraph as a bare `<a:br/>`, which PowerPoint sets in the
 * default 18 pt: a 12 pt line ending in one is drawn as tall as an 18 pt line. The break takes the
 * properties of the run after it (size, weight, faces), as PowerPoint itself writes them.
 */
export function sizeLineBreaks(xml: string): string {
  return xml.replace(/<a:br\/>(?=<a:r>(<a:rPr\b[^>]*\/>|<a:rPr\b[^>]*[^/]>[\s\S]*?<\/a:rPr>))/g, (_m, rPr: string) => `<a:br>${rPr.replace(/<a:hlinkClick\b[^>]*\/>|<a:hlinkClick\b[^>]*>[\s\S]*?<\/a:hlinkClick>/g, '')}</a:br>`);
}

const RUN_PROPS = /<a:(rPr|endParaRPr|defRPr)\b([^>]*?)(\/?)>/g;

/** Every run property gets the deck's lang; pptxgenjs hard-codes en-US on notes and slide numbers. */
export function setRunLang(xml: string, lang: string): string {
  return xml.replace(RUN_PROPS, (_m, tag: string, attrs: string, selfClose: string) => {
    const rest = attrs.replace(/\slang="[^"]*"/, '');
    if (tag === 'defRPr' && !/\slang=/.test(attrs)) return `<a:${tag}${attrs}${selfClose}>`;
    return `<a:${tag} lang="${lang}"${rest}${selfClose}>`;
  });
}

/** Children of `<a:rPr>` that must follow `<a:ea>` (CT_TextCharacterProperties sequence). */
const AFTER_EA = ['<a:cs ', '<a:cs/', '<a:sym', '<a:hlinkClick', '<a:hlinkMouseOver', '<a:rtl', '<a:extLst'];

/**
 * Name the East Asian typeface on every run, so CJK text does not fall back to whatever the viewer
 * picks. pptxgenjs has no option for it and writes the Latin face as `<a:ea>`.
 */
export function setEastAsianFont(xml: string, typeface: string): string {
  const ea = `<a:ea typeface="${encodeXml(typeface)}"/>`;
  return xml.replace(/<a:(rPr|endParaRPr)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/a:\1>)/g, (_m, tag: string, attrs: string, children?: string) => {
    let inner = children ?? '';
    if (/<a:ea\b[^>]*\/>/.test(inner)) inner = inner.replace(/<a:ea\b[^>]*\/>/, ea);
    else {
      const latin = /<a:latin\b[^>]*\/>/.exec(inner);
      if (latin) inner = inner.slice(0, latin.index + latin[0].length) + ea + inner.slice(latin.index + latin[0].length);
      else {
        const at = Math.min(...AFTER_EA.map((t) => inner.indexOf(t)).filter((i) => i >= 0), inner.length);
        inner = inner.slice(0, at) + ea + inner.slice(at);
      }
    }
    return `<a:${tag}${attrs}>${inner}</a:${tag}>`;
  });
}

// ───────────────────────────── shapes and pictures ─────────────────────────────

/** pptxgenjs numbers shapes by list position, and tables and slide numbers can collide: renumber 1..n. */
export function renumberShapeIds(xml: string): string {
  let next = 1;
  return xml.replace(/<p:cNvPr\b([^>]*?)\sid="\d+"/g, (_m, before: string) => `<p:cNvPr${before} id="${next++}"`);
}

/** pptxgenjs writes the file name ("preencoded.png") when a picture has no alt text; we never ship that. */
function assertAltText(part: string, xml: string): void {
  for (const [pic] of xml.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)) {
    const cNvPr = /<p:cNvPr\b[^>]*>/.exec(pic)?.[0] ?? '';
    const descr = attr(cNvPr, 'descr') ?? '';
    if (!descr.trim() || looksLikeFileName(descr)) {
      throw error('INTERNAL', `picture \`${attr(cNvPr, 'name') ?? '?'}\` has alt text \`${descr}\``, {
        file: part,
        hint: 'every addImage call must pass altText',
      });
    }
  }
}

// ───────────────────────────── media ─────────────────────────────

/** pptxgenjs stores a picture once per use (the logo once per layout): keep one copy per content hash. */
export function dedupeMedia(files: Record<string, Uint8Array>): void {
  const keepByHash = new Map<string, string>();
  const replace = new Map<string, string>();
  const media = Object.keys(files)
    .filter((p) => p.startsWith('ppt/media/'))
    .sort(comparePartNames);
  for (const part of media) {
    const hash = createHash('sha256').update(files[part]).digest('hex');
    const kept = keepByHash.get(hash);
    if (kept) replace.set(part, kept);
    else keepByHash.set(hash, part);
  }
  if (replace.size === 0) return;
  for (const relsPart of Object.keys(files).filter((p) => p.endsWith('.rels'))) {
    const xml = strFromU8(files[relsPart]);
    const fixed = xml.replace(/<Relationship\b[^>]*>/g, (tag) => {
      const rel = parseRels(tag)[0];
      if (rel.external) return tag;
      const kept = replace.get(resolveTarget(relsPart, rel.target));
      return kept ? tag.replace(/\sTarget="[^"]*"/, ` Target="${encodeXml(relativeTarget(relsPart, kept))}"`) : tag;
    });
    if (fixed !== xml) files[relsPart] = strToU8(fixed);
  }
  for (const dup of replace.keys()) delete files[dup];
  const types = strFromU8(files['[Content_Types].xml']);
  files['[Content_Types].xml'] = strToU8(
    types.replace(/<Override\b[^>]*\/>/g, (tag) => (replace.has((attr(tag, 'PartName') ?? '').replace(/^\//, '')) ? '' : tag)),
  );
}

/** pptxgenjs declares a content type for slideMaster2..N (one per slide) but writes only slideMaster1. */
export function dropDanglingOverrides(files: Record<string, Uint8Array>): void {
  const types = strFromU8(files['[Content_Types].xml']);
  const fixed = types.replace(/<Override\b[^>]*\/>/g, (tag) => (files[(attr(tag, 'PartName') ?? '').replace(/^\//, '')] ? tag : ''));
  if (fixed !== types) files['[Content_Types].xml'] = strToU8(fixed);
}

// ───────────────────────────── zip ─────────────────────────────

/** slide2 before slide10, so the order reads naturally and never depends on insertion order. */
/** Part names in natural order (slide2 before slide10); one collator, as `localeCompare` with options builds one per call. */
const comparePartNames = new Intl.Collator('en', { numeric: true }).compare;

/** `[Content_Types].xml` first (some readers sniff it), then the package rels, then every part by name. */
function orderEntries(files: Record<string, Uint8Array>): ZipPart[] {
  const first = ['[Content_Types].xml', '_rels/.rels'];
  const names = [...first.filter((n) => files[n]), ...Object.keys(files).filter((n) => !first.includes(n)).sort(comparePartNames)];
  return names.map((name) => ({ name, bytes: files[name], level: STORED_PART.test(name) ? 0 : DEFLATE_LEVEL }));
}

/**
 * One fixed mtime for every entry. DOS time is local wall-clock, so build it from local components,
 * which keeps the bytes the same in every time zone.
 */
function zipTime(createdAt: Date): Date {
  return new Date(createdAt.getUTCFullYear(), createdAt.getUTCMonth(), createdAt.getUTCDate(), createdAt.getUTCHours(), createdAt.getUTCMinutes(), createdAt.getUTCSeconds());
}
