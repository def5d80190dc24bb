// Assemble stage, part of the package step: embed the fonts a deck's text names, as PowerPoint does —
// each face an EOT container in `ppt/fonts/fontN.fntdata`, related from presentation.xml and listed in
// its <p:embeddedFontLst>. Mutates the unzipped package; reads the font files (memoised per process).
//
//   scan runs of slides, layouts, masters, notes ─▶ typefaces (theme +mj/+mn resolved) with the
//   characters and weights they set ─▶ keep those the registry ships ─▶ Latin faces whole, CJK faces
//   cut to the characters used (a full Noto Sans SC weight is 10 MB) ─▶ EOT ─▶ parts, rels, list
//
// Every shipped font is OFL with OS/2 fsType 0 (installable): embedding is allowed. PowerPoint's own
// acceptance cannot be tested here (LibreOffice ignores embedded EOT); test/assemble/embed-fonts.test.ts
// checks the parts and the containers against the specifications.
import { strFromU8, strToU8 } from 'fflate';
import { faceOf, isKnownFamily, SUBSET_EMBEDDED_FAMILIES, type FontFamily, type FontWeight } from '../fonts/catalog.js';
import { findTable, ttfToEot } from '../fonts/eot.js';
import { faceBytes } from '../fonts/measure.js';
import { releaseHarfBuzz, subsetFont } from '../fonts/subset.js';
import { attr, decodeXml, encodeXml, parseRels } from './ooxml.js';

export const FONT_RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';
export const FONT_CONTENT_TYPE = 'application/x-fontdata';

/** What the deck's text asks of one typeface. */
export interface TypefaceUse {
  typeface: string;
  /** Every character of every run that names the typeface (Latin or East Asian slot). */
  characters: Set<string>;
  bold: boolean;
}

export interface EmbeddedFont {
  typeface: FontFamily;
  weight: FontWeight;
  part: string;
  subset: boolean;
  /** Size of the .fntdata part, bytes. */
  bytes: number;
}

/**
 * Embed every registry typeface the deck uses (regular, and bold when some run or placeholder style
 * is bold). Returns what was embedded, in part order. A deck naming no registry font is left alone.
 */
export function embedFonts(files: Record<string, Uint8Array>): EmbeddedFont[] {
  const uses = [...typefacesUsed(files).values()].filter((u) => isKnownFamily(u.typeface) && u.characters.size > 0);
  if (uses.length === 0) return [];
  uses.sort((a, b) => a.typeface.localeCompare(b.typeface, 'en'));

  const relsPart = 'ppt/_rels/presentation.xml.rels';
  let rels = strFromU8(files[relsPart]);
  let nextRelId = Math.max(0, ...parseRels(rels).map((r) => Number(/^rId(\d+)$/.exec(r.id)?.[1] ?? 0))) + 1;
  const embedded: EmbeddedFont[] = [];
  const listEntries: string[] = [];
  const newRels: string[] = [];
  for (const use of uses) {
    const family = use.typeface as FontFamily;
    const subset = SUBSET_EMBEDDED_FAMILIES.includes(family);
    const weights: FontWeight[] = use.bold ? [400, 700] : [400];
    const refs: string[] = [];
    for (const weight of weights) {
      const part = `ppt/fonts/font${embedded.length + 1}.fntdata`;
      const bytes = subset ? subsetEot(family, weight, use.characters) : wholeEot(family, weight);
      files[part] = bytes;
      const id = `rId${nextRelId++}`;
      newRels.push(`<Relationship Id="${id}" Type="${FONT_RELATIONSHIP_TYPE}" Target="fonts/font${embedded.length + 1}.fntdata"/>`);
      refs.push(`<p:${weight === 700 ? 'bold' : 'regular'} r:id="${id}"/>`);
      embedded.push({ typeface: family, weight, part, subset, bytes: bytes.length });
    }
    listEntries.push(`<p:embeddedFont>${fontElement(family)}${refs.join('')}</p:embeddedFont>`);
  }
  releaseHarfBuzz(); // its memory goes with the next collection, not at the end of the build
  rels = rels.replace('</Relationships>', `${newRels.join('')}</Relationships>`);
  files[relsPart] = strToU8(rels);
  files['ppt/presentation.xml'] = strToU8(addEmbeddedFontList(strFromU8(files['ppt/presentation.xml']), listEntries.join(''), embedded.some((e) => e.subset)));
  files['[Content_Types].xml'] = strToU8(addFontContentType(strFromU8(files['[Content_Types].xml'])));
  return embedded;
}

// ───────────────────────────── what the deck uses ─────────────────────────────

const TEXT_PARTS = /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/;
/** Elements whose `b="1"` makes a typeface's bold face needed (a run, or a placeholder's default). */
const RUN_PROPERTIES = /<a:(rPr|defRPr|endParaRPr)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/a:\1>)/g;

/** Typefaces the text of the deck names, with the characters they set. Pure over the parts. */
export function typefacesUsed(files: Record<string, Uint8Array>): Map<string, TypefaceUse> {
  const theme = themeFonts(files);
  const uses = new Map<string, TypefaceUse>();
  const use = (typeface: string) => {
    let u = uses.get(typeface);
    if (!u) uses.set(typeface, (u = { typeface, characters: new Set(), bold: false }));
    return u;
  };
  const typefacesOf = (props: string): string[] => {
    const latin = attr(/<a:latin\b[^>]*>/.exec(props)?.[0] ?? '', 'typeface') ?? '+mn-lt';
    const ea = attr(/<a:ea\b[^>]*>/.exec(props)?.[0] ?? '', 'typeface') ?? '+mn-ea';
    return [resolveThemeFont(latin, theme), resolveThemeFont(ea, theme)].filter((t): t is string => !!t);
  };
  for (const part of Object.keys(files).filter((p) => TEXT_PARTS.test(p)).sort()) {
    const xml = strFromU8(files[part]);
    for (const [, , attrs, children] of xml.matchAll(RUN_PROPERTIES)) {
      if (/\sb="(1|true)"/.test(attrs)) for (const t of typefacesOf(children ?? '')) use(t).bold = true;
    }
    // Text runs and fields (slide numbers, dates): their characters go to both typefaces they name.
    for (const [, , inner] of xml.matchAll(/<a:(r|fld)\b[^>]*>([\s\S]*?)<\/a:\1>/g)) {
      const props = /<a:rPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>)/.exec(inner)?.[0] ?? '';
      const chars = [...inner.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t]) => decodeXml(t)).join('');
      if (!chars) continue;
      for (const t of typefacesOf(props)) for (const ch of chars) use(t).characters.add(ch);
    }
  }
  // Native charts (src/charts/native) draw category names, series names and data labels in the
  // typefaces of their text properties; without these characters a Chinese or Japanese chart label
  // had no glyph in the subset and PowerPoint fell back to another font for it.
  for (const part of Object.keys(files).filter((p) => CHART_PARTS.test(p)).sort()) {
    const xml = strFromU8(files[part]);
    const shown = [...xml.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map(([, t]) => decodeXml(t)).join('');
    // Data labels print the value through a number format: digits, separators, and its quoted literals.
    const formats = [...xml.matchAll(/formatCode="([^"]*)"/g)].flatMap(([, f]) => [...decodeXml(f).matchAll(/"([^"]*)"/g)].map(([, lit]) => lit)).join('');
    const chars = (shown + formats + '0123456789%.,-').replace(/[\r\n]/g, '');
    for (const [props] of xml.matchAll(/<a:defRPr\b[^>]*>[\s\S]*?<\/a:defRPr>/g)) for (const t of typefacesOf(props)) for (const ch of chars) use(t).characters.add(ch);
  }
  return uses;
}

const CHART_PARTS = /^ppt\/charts\/chart\d+\.xml$/;

interface ThemeFonts {
  majorLatin?: string;
  minorLatin?: string;
  majorEa?: string;
  minorEa?: string;
}

function themeFonts(files: Record<string, Uint8Array>): ThemeFonts {
  // The one slide master pptxgenjs writes uses theme1.
  if (!files['ppt/theme/theme1.xml']) return {};
  const xml = strFromU8(files['ppt/theme/theme1.xml']);
  const block = (name: string) => new RegExp(`<a:${name}>([\\s\\S]*?)</a:${name}>`).exec(xml)?.[1] ?? '';
  const face = (inner: string, slot: string) => attr(new RegExp(`<a:${slot}\\b[^>]*>`).exec(inner)?.[0] ?? '', 'typeface') || undefined;
  const major = block('majorFont');
  const minor = block('minorFont');
  return { majorLatin: face(major, 'latin'), minorLatin: face(minor, 'latin'), majorEa: face(major, 'ea'), minorEa: face(minor, 'ea') };
}

function resolveThemeFont(typeface: string, theme: ThemeFonts): string | undefined {
  switch (typeface) {
    case '+mj-lt':
      return theme.majorLatin;
    case '+mn-lt':
      return theme.minorLatin;
    case '+mj-ea':
      return theme.majorEa;
    case '+mn-ea':
      return theme.minorEa;
    default:
      return typeface.startsWith('+') ? undefined : typeface || undefined;
  }
}

// ───────────────────────────── containers ─────────────────────────────

const wholeEots = new Map<string, Buffer>();

function wholeEot(family: FontFamily, weight: FontWeight): Buffer {
  const key = `${family}/${weight}`;
  let eot = wholeEots.get(key);
  if (!eot) wholeEots.set(key, (eot = ttfToEot(fontBytes(family, weight))));
  return eot;
}

/**
 * Both weights get the same characters: a title placeholder can draw a run bold that does not say so.
 * A subset limits editing in PowerPoint to the characters present; the README says so.
 */
function subsetEot(family: FontFamily, weight: FontWeight, characters: Set<string>): Buffer {
  const codePoints = [...characters].map((c) => c.codePointAt(0)!).sort((a, b) => a - b);
  return ttfToEot(subsetFont(fontBytes(family, weight), codePoints), { subset: true });
}

/** The face's bytes, the very buffer the text measurer parsed (fonts/measure.ts), not a second copy. */
function fontBytes(family: FontFamily, weight: FontWeight): Buffer {
  return faceBytes(faceOf(family, weight));
}

// ───────────────────────────── presentation.xml, content types ─────────────────────────────

/** OOXML `charset` (a signed byte): GB2312 (134), Shift JIS (128) and Hangul (129) for the CJK faces, ANSI otherwise. */
const OOXML_CHARSET: Partial<Record<FontFamily, number>> = { 'Noto Sans SC': 134 - 256, 'Noto Sans JP': 128 - 256, 'Noto Sans KR': 129 - 256 };

/**
 * `<p:font>` with the PANOSE, pitch/family and charset PowerPoint uses to pick a substitute when it
 * cannot use the embedded face. pitchFamily 34 = VARIABLE_PITCH | FF_SWISS: every registry family is
 * a proportional sans serif (PANOSE cannot say so for all: Inter's serif-style digit is 0, "any").
 */
function fontElement(family: FontFamily): string {
  const ttf = fontBytes(family, 400);
  const os2 = findTable(ttf, 'OS/2')!;
  const panose = ttf.subarray(os2 + 32, os2 + 42).toString('hex').toUpperCase();
  return `<p:font typeface="${encodeXml(family)}" panose="${panose}" pitchFamily="34" charset="${OOXML_CHARSET[family] ?? 0}"/>`;
}

/** CT_Presentation children that come after embeddedFontLst, in schema order. */
const AFTER_EMBEDDED_FONT_LIST = ['p:custShowLst', 'p:photoAlbum', 'p:custDataLst', 'p:kinsoku', 'p:defaultTextStyle', 'p:modifyVerifier', 'p:extLst'];

export function addEmbeddedFontList(xml: string, entries: string, anySubset: boolean): string {
  const at = Math.min(...AFTER_EMBEDDED_FONT_LIST.map((t) => xml.search(new RegExp(`<${t}[\\s>/]`))).filter((i) => i >= 0), xml.lastIndexOf('</p:presentation>'));
  let out = `${xml.slice(0, at)}<p:embeddedFontLst>${entries}</p:embeddedFontLst>${xml.slice(at)}`;
  // embedTrueTypeFonts: PowerPoint keeps embedding on save. saveSubsetFonts only when a subset is in the file.
  out = out.replace(/<p:presentation\b[^>]*>/, (tag) => {
    let t = tag.replace(/\s(embedTrueTypeFonts|saveSubsetFonts)="[^"]*"/g, '');
    t = t.replace(/\s*>$/, ` embedTrueTypeFonts="1"${anySubset ? ' saveSubsetFonts="1"' : ''}>`);
    return t;
  });
  return out;
}

function addFontContentType(xml: string): string {
  if (/<Default\b[^>]*\sExtension="fntdata"/i.test(xml)) return xml;
  return xml.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="fntdata" ContentType="${FONT_CONTENT_TYPE}"/>`);
}
