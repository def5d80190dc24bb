// Test helper: a written .pptx read back as a careful reader sees it, from its XML alone (no src/
// module parses it): per slide, each named shape's text, the alt text of charts and pictures, the
// speaker notes, the values a native chart's XML draws, and the deck's own record (customXml) of the
// rows each chart was drawn from. Plus locale-aware parsing of the percentages and bases printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

export type Row = Record<string, string | number | boolean>;

export interface ReadSlide {
  /** 1-based position in the deck. */
  number: number;
  /** The slide's stable key (its shapes are named `sd:<key>/<box>`). */
  key: string;
  /** box → text: `title`, `takeaway`, `footnote`, `warning`, `kpi-1-value`, `body`, `quote`, … */
  boxes: Record<string, string>;
  /** Alt text of the chart (native frame or picture), if the slide has one. */
  alt?: string;
  notes: string;
  /** What the deck recorded (customXml/item1.xml): chart rows, bound figures, claim outcomes. */
  chart?: { spec: string; rows: Row[] };
  figures: Record<string, string | number>;
  claims: Record<string, string>;
  /** A native chart's series as its XML caches them (c:val numbers), when the chart is native. */
  native?: { name: string; categories: string[]; values: number[] }[];
}

export interface ReadDeck {
  file: string;
  audience: string;
  locale: string;
  slides: ReadSlide[];
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;|&#39;/g, "'").replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};
/** Paragraphs of a text body, runs joined, paragraphs on lines. */
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<a:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/a:p>)/g)]
    .map(([, inner = '']) => [...inner.matchAll(/<a:t>([^<]*)<\/a:t>|<a:br\b[^>]*\/>/g)].map(([tag, t]) => (tag.startsWith('<a:br') ? '\n' : decode(t ?? ''))).join(''))
    .join('\n')
    .trim();

function relTargets(files: Record<string, Uint8Array>, part: string): Map<string, string> {
  const rels = files[path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`)];
  const out = new Map<string, string>();
  if (!rels) return out;
  for (const [tag] of strFromU8(rels).matchAll(/<Relationship\b[^>]*>/g)) {
    out.set(attr(tag, 'Id')!, path.posix.normalize(path.posix.join(path.posix.dirname(part), attr(tag, 'Target')!)));
  }
  return out;
}

/** The shapes of a slide or notes part: each `p:cNvPr` (name, descr) with the text body that follows it. */
function shapes(xml: string): { name: string; descr?: string; text: string; xml: string }[] {
  const starts = [...xml.matchAll(/<p:cNvPr\b[^>]*>/g)];
  return starts.map((m, i) => {
    const chunk = xml.slice(m.index!, i + 1 < starts.length ? starts[i + 1].index : xml.length);
    return { name: attr(m[0], 'name') ?? '', descr: attr(m[0], 'descr'), text: paragraphs(/<p:txBody>([\s\S]*?)<\/p:txBody>/.exec(chunk)?.[1] ?? ''), xml: chunk };
  });
}

function nativeSeries(chartXml: string): ReadSlide['native'] {
  return [...chartXml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => ({
    name: decode(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)?.[1] ?? ''),
    categories: [.../<c:cat>([\s\S]*?)<\/c:cat>/.exec(ser)?.[1].matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g) ?? []].map((p) => decode(p[1])),
    values: [.../<c:val>([\s\S]*?)<\/c:val>/.exec(ser)?.[1].matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g) ?? []].map((p) => Number(p[1])),
  }));
}

export function readDeck(file: string): ReadDeck {
  const files = unzipSync(readFileSync(file));
  const manifestXml = strFromU8(files['customXml/item1.xml']);
  const manifest = JSON.parse(decode(/<surveydeck\b[^>]*>([\s\S]*)<\/surveydeck>/.exec(manifestXml)![1])) as {
    audience: string;
    locale: string;
    slides: { key: string; figures?: Record<string, string | number>; chart?: { spec: string; rows: Row[] }; claims?: Record<string, string> }[];
  };
  // Slides in presentation order, through presentation.xml's relationships.
  const presRels = relTargets(files, 'ppt/presentation.xml');
  const order = [...strFromU8(files['ppt/presentation.xml']).matchAll(/<p:sldId\b[^>]*>/g)].map(([tag]) => presRels.get(attr(tag, 'r:id')!)!);
  const slides = order.map((part, i): ReadSlide => {
    const rels = relTargets(files, part);
    const boxes: Record<string, string> = {};
    let alt: string | undefined;
    let native: ReadSlide['native'];
    let key = '';
    for (const s of shapes(strFromU8(files[part]))) {
      const m = /^sd:(.+)\/([\w-]+?)(?: \d+)?$/.exec(s.name);
      if (!m) continue;
      key = m[1];
      if (m[2] === 'chart') {
        alt = s.descr;
        const rid = /<c:chart\b[^>]*\sr:id="([^"]+)"/.exec(s.xml)?.[1];
        if (rid) native = nativeSeries(strFromU8(files[rels.get(rid)!]));
      } else boxes[m[2]] = s.text;
    }
    const notesPart = [...rels.values()].find((t) => /notesSlides\/notesSlide\d+\.xml$/.test(t));
    const notes = notesPart ? (shapes(strFromU8(files[notesPart])).find((s) => /<p:ph\b[^>]*type="body"/.test(s.xml))?.text ?? '') : '';
    const record = manifest.slides[i];
    return { number: i + 1, key: key || record.key, boxes, ...(alt !== undefined ? { alt } : {}), notes, ...(record.chart ? { chart: record.chart } : {}), figures: record.figures ?? {}, claims: record.claims ?? {}, ...(native ? { native } : {}) };
  });
  return { file, audience: manifest.audience, locale: manifest.locale, slides };
}

// ───────────────────────── numbers as a locale prints them ─────────────────────────

/** Separators of a locale, as Intl prints them (no-break and narrow no-break spaces included). */
function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A number in the locale's format: "10,000" (en), "10.000" (de), "10 000" (fr), "4,1" (de). */
export function numberPattern(locale: string): string {
  const { group, decimal } = separators(locale);
  // Spanish leaves four-digit numbers ungrouped ("1000"); every locale may, so the group is optional.
  return `\\d{1,3}(?:${esc(group)}\\d{3})+(?:${esc(decimal)}\\d+)?|\\d+(?:${esc(decimal)}\\d+)?`;
}

export function parseNumber(text: string, locale: string): number {
  const { group, decimal } = separators(locale);
  return Number(text.split(group).join('').replace(decimal, '.'));
}

/** Every percentage printed in a text, in order: "84%", "84 %", "84 %", "4,5 %" → 84, 84, 84, 4.5. */
export function percents(text: string, locale: string): number[] {
  const re = new RegExp(`(?<![\\d.,])(${numberPattern(locale)})[\\u00a0\\u202f ]?[%％]`, 'g');
  return [...text.matchAll(re)].map((m) => parseNumber(m[1], locale));
}

/** A range's dash as the catalogues print it: an en dash, or the full-width wave dash of Japanese and Chinese. */
const RANGE_DASH = '[\\u2013\\uff5e]';
const SPACE = '[\\u00a0\\u202f ]?';

/**
 * Every base printed as "n = 64" (any locale writes n the same way), in order; a range of bases
 * ("n = 77–97 per bar", "n = 77～97") gives both ends.
 */
export function bases(text: string, locale: string): number[] {
  return baseRanges(text, locale).flatMap((r) => (r.min === r.max ? [r.min] : [r.min, r.max]));
}

/** Every base printed, as a range: "n = 64" is 64–64, "n = 77–97" is 77–97. */
export function baseRanges(text: string, locale: string): { min: number; max: number }[] {
  const num = numberPattern(locale);
  const re = new RegExp(`\\bn${SPACE}=${SPACE}(${num})(?:${SPACE}${RANGE_DASH}${SPACE}(${num}))?`, 'g');
  return [...text.matchAll(re)].map((m) => ({ min: parseNumber(m[1], locale), max: parseNumber(m[2] ?? m[1], locale) }));
}

/** Ranges of percentages ("3%–23%", "3 %–23 %", "3%～23%"), in order. */
export function percentRanges(text: string, locale: string): { min: number; max: number }[] {
  const num = numberPattern(locale);
  const re = new RegExp(`(?<![\\d.,])(${num})${SPACE}[%％]${SPACE}${RANGE_DASH}${SPACE}(${num})${SPACE}[%％]`, 'g');
  return [...text.matchAll(re)].map((m) => ({ min: parseNumber(m[1], locale), max: parseNumber(m[2], locale) }));
}

/** Counts printed instead of a percentage on a small base ("3 of 5" in the catalogue's words), in order. */
export function countsOf(text: string, pattern: RegExp): { count: number; n: number }[] {
  return [...text.matchAll(pattern)].map((m) => ({ count: Number(m[1]), n: Number(m[2]) }));
}

/** Whole percent as the decks round: half-up on the unrounded share (0.835 → 84). */
export const halfUp = (share: number) => Math.floor(share * 100 + 0.5 + 1e-9);
