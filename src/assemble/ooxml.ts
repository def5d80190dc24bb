// Small, pure helpers for reading the OOXML parts of a .pptx: relationship files, target resolution,
// content types. Regular expressions are enough because the parts they read are machine-written.
import path from 'node:path';

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeXml(m[1]) : undefined;
}

export function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function parseRels(xml: string): Relationship[] {
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map(([tag]) => ({
    id: attr(tag, 'Id') ?? '',
    type: attr(tag, 'Type') ?? '',
    target: attr(tag, 'Target') ?? '',
    external: attr(tag, 'TargetMode') === 'External',
  }));
}

/** `ppt/slides/slide1.xml` → `ppt/slides/_rels/slide1.xml.rels`; `''` (the package) → `_rels/.rels`. */
export function relsPartFor(part: string): string {
  const dir = path.posix.dirname(part);
  return path.posix.join(dir === '.' ? '' : dir, '_rels', `${path.posix.basename(part)}.rels`);
}

/** The part a rels file describes: `ppt/slides/_rels/slide1.xml.rels` → `ppt/slides/slide1.xml`. */
export function sourcePartOf(relsPart: string): string {
  const dir = path.posix.dirname(path.posix.dirname(relsPart));
  const name = path.posix.basename(relsPart).replace(/\.rels$/, '');
  return dir === '.' ? name : path.posix.join(dir, name);
}

/** Absolute part name (no leading slash) a relationship target points at. */
export function resolveTarget(relsPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = path.posix.dirname(sourcePartOf(relsPart));
  return path.posix.normalize(path.posix.join(base === '.' ? '' : base, target)).replace(/^\.\//, '');
}

/** The relative target from the part a rels file describes to `part`. */
export function relativeTarget(relsPart: string, part: string): string {
  const base = path.posix.dirname(sourcePartOf(relsPart));
  return path.posix.relative(base === '.' ? '' : base, part);
}

export interface ContentTypes {
  defaults: Map<string, string>;
  overrides: Map<string, string>;
}

export function parseContentTypes(xml: string): ContentTypes {
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const [tag] of xml.matchAll(/<Default\b[^>]*>/g)) defaults.set((attr(tag, 'Extension') ?? '').toLowerCase(), attr(tag, 'ContentType') ?? '');
  for (const [tag] of xml.matchAll(/<Override\b[^>]*>/g)) overrides.set((attr(tag, 'PartName') ?? '').replace(/^\//, ''), attr(tag, 'ContentType') ?? '');
  return { defaults, overrides };
}

export function contentTypeOf(types: ContentTypes, part: string): string | undefined {
  // Not path.extname: it reads `_rels/.rels` as a dotfile without an extension.
  const name = path.posix.basename(part);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return types.overrides.get(part) ?? types.defaults.get(ext);
}

/** Parts whose text is DrawingML: slides, notes, layouts, masters. */
export function isDrawingPart(part: string): boolean {
  return /^ppt\/(slides|notesSlides|slideLayouts|slideMasters|notesMasters)\/[^/]+\.xml$/.test(part);
}
