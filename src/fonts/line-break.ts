// Fonts stage: where a line may break, for the chart labels we wrap ourselves and for the fit's
// measurement of slide text. Pure (the segmenter models and hyphenation patterns load once).
//
//   UAX #14 opportunities (linebreak: spaces, after hyphens, between CJK characters, kinsoku)
//   − protected sequences ("n = 64", "84 %", "4,1×", "4.1倍", "-Communities")
//   = units: words, and Chinese/Japanese phrases (budoux) — a line breaks between units
//   + fallbacks inside a unit, taken only when the unit alone is wider than the line: the UAX #14
//     breaks inside a CJK phrase, German hyphenation points (hyphen, de-1996 patterns; the line then
//     ends in "-") where asked
//
// Slide text is wrapped by PowerPoint or LibreOffice, which know none of this: there, only no-break
// spaces and non-breaking hyphens survive, which `protectSequences` puts into the text.
import { createRequire } from 'node:module';
import type { Parser } from 'budoux';
import LineBreaker from 'linebreak';
import { BoundedCache } from '../bounded-cache.js';

export interface BreakSegment {
  /** The text from one break opportunity to the next, trailing spaces included. */
  text: string;
  /** A line must end after this segment (a hard line break). */
  required: boolean;
  /** The break after it is a hyphenation point: a line ending here shows a hyphen. */
  hyphen?: boolean;
  /** The break after it is inside a unit (CJK phrase, German word): a fallback, not a first choice. */
  inside?: boolean;
  /** An inside break that is also between two words of the phrase (ICU's dictionary): "オープンソース|ライセンスの". */
  word?: boolean;
}

/** A word or phrase a line breaks after, with the places it may be split when wider than a line. */
export interface BreakUnit {
  text: string;
  required: boolean;
  /** The unit cut at its fallback breaks (one part when it has none); `word`: the break after it is between words. */
  parts: { text: string; hyphen?: boolean; word?: boolean }[];
}

export interface LineBreakOptions {
  /** BCP 47 tag of the text's language: picks the phrase model (ja, zh) and hyphenation (de). */
  locale?: string;
  /** Add hyphenation points (German only). Off for slide text: PowerPoint does not hyphenate. */
  hyphenate?: boolean;
}

/** The text cut at every allowed break opportunity. Joining the segments gives the text back. */
export function lineBreakSegments(text: string, options: LineBreakOptions = {}): BreakSegment[] {
  const breaks = new Map<number, { required: boolean; hyphen?: boolean; inside?: boolean; word?: boolean }>();
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) breaks.set(bk.position, { required: bk.required });

  for (const at of protectedPositions(text)) if (!breaks.get(at)?.required) breaks.delete(at);

  const phraseModel = phraseParserFor(text, options.locale);
  if (phraseModel) {
    const boundaries = new Set<number>();
    let at = 0;
    for (const phrase of phraseModel.parse(text)) boundaries.add((at += phrase.length));
    // budoux's models cut some words ("非|公式", "管理生|成式", "许|可证"): a phrase boundary inside a
    // word of ICU's dictionary is no boundary.
    const words = wordBoundaries(text, options.locale);
    for (const b of boundaries) if (!words.has(b) && isCjk(text[b - 1]) && isCjk(text[b])) boundaries.delete(b);
    // A phrase that opens with a bracket may start a line even after a number, where `linebreak` (an
    // older UAX #14: NU × OP) has no break: "n = 12|（30未満）", never "（30未|満）" when it must wrap.
    const kept = new Set(protectedPositions(text));
    for (const b of boundaries) if (b < text.length && OPENING.test(text[b]) && !/\s/.test(text[b - 1]) && !breaks.has(b) && !kept.has(b)) breaks.set(b, { required: false });
    // Inside a phrase is any break budoux does not make that touches a CJK character: between two
    // ideographs, and between a Latin word or number and the kana of its phrase ("84%|が", "生成AI|インフラ"),
    // which UAX #14 allows. A break after a space stays a break between words.
    // A phrase wider than a line is broken between its words before anywhere else ("オープンソース|ライセンスの",
    // not "オープンソースライセ|ンスの"): ICU's word boundaries, which know the dictionary budoux's model lacks.
    for (const [at, bk] of breaks) {
      if (bk.required || boundaries.has(at) || /\s/.test(text[at - 1]) || (!isCjk(text[at - 1]) && !isCjk(text[at]))) continue;
      bk.inside = true;
      if (words.has(at)) bk.word = true;
    }
  }

  if (options.hyphenate && isGerman(options.locale)) {
    const forbidden = new Set(protectedPositions(text));
    for (const at of hyphenationPoints(text)) if (!breaks.has(at) && !forbidden.has(at)) breaks.set(at, { required: false, hyphen: true, inside: true });
  }

  const positions = [...breaks.keys()].filter((p) => p > 0 && p < text.length).sort((a, b) => a - b);
  const segments: BreakSegment[] = [];
  let last = 0;
  for (const p of [...positions, text.length]) {
    if (p <= last) continue;
    const bk = breaks.get(p);
    segments.push({
      text: text.slice(last, p),
      required: p < text.length && !!bk?.required,
      ...(bk?.hyphen ? { hyphen: true } : {}),
      ...(bk?.inside ? { inside: true } : {}),
      ...(bk?.word ? { word: true } : {}),
    });
    last = p;
  }
  return segments;
}

/**
 * Units already cut, per locale, hyphenation and text. Fit, layout and the charts measure the same
 * labels and sentences many times (each candidate box, the chart-fit check in bind and the render):
 * cutting them again cost about 1.4 s of a cold two-deck build. Callers only read the units.
 */
const unitsCache = new BoundedCache<string, readonly BreakUnit[]>(50_000);

/** The text as units: a line breaks between them, and inside one only at its parts when it must. */
export function lineBreakUnits(text: string, options: LineBreakOptions = {}): readonly BreakUnit[] {
  const key = `${options.locale ?? ''}\u0000${options.hyphenate ? 1 : 0}\u0000${text}`;
  const cached = unitsCache.get(key);
  if (cached) return cached;
  const units = cutUnits(text, options);
  unitsCache.set(key, units);
  return units;
}

function cutUnits(text: string, options: LineBreakOptions): BreakUnit[] {
  const out: BreakUnit[] = [];
  let pending: BreakUnit | undefined;
  for (const seg of lineBreakSegments(text, options)) {
    const part = { text: seg.text, ...(seg.hyphen ? { hyphen: true } : {}), ...(seg.word ? { word: true } : {}) };
    pending = pending ? { text: pending.text + seg.text, required: seg.required, parts: [...pending.parts, part] } : { text: seg.text, required: seg.required, parts: [part] };
    if (!seg.inside) {
      out.push(pending);
      pending = undefined;
    }
  }
  if (pending) out.push(pending);
  return out;
}

// ───────────────────────────── protected sequences ─────────────────────────────

const SPACE = '[ \\u00A0\\u202F]';
/** A number with its sign, separators and decimals: 64, 1,204, 4.1, 4,1, 10 000. */
const NUMBER = '[-+−]?\\d(?:[\\d.,\\u00A0\\u202F]*\\d)?';
/** Longest parenthetical kept on one line, characters inside the parentheses. */
const SHORT_ASIDE_CHARS = 24;
const PROTECTED: RegExp[] = [
  // "n = 64", "N = 222", "n=24" — a base is one unit.
  new RegExp(`\\b[nN]${SPACE}*[=＝]${SPACE}*${NUMBER}`, 'g'),
  // a number and what it counts: "84 %", "84 ‰", "4,1 ×", "3 pp", "12 Mio.", and "4.1倍", "84%", "2024年"
  new RegExp(`${NUMBER}${SPACE}?(?:[%‰％×]|pp\\b|Pkt\\.|Mio\\.|Mrd\\.|[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}])`, 'gu'),
  // a short parenthetical of two or three words, "(no answers)", "(keine Antworten)", "(2023: 41 %)": a
  // line that ends in "(no" reads as a slip; longer asides ("(e.g., VS Code, Eclipse)") may still wrap.
  new RegExp(`\\((?=[^()\\n]{1,${SHORT_ASIDE_CHARS}}\\))[^\\s()]+(?:${SPACE}[^\\s()]+){1,2}\\)`, 'gu'),
];

/** Positions (between characters) where no line may break. */
export function protectedPositions(text: string): number[] {
  const out: number[] = [];
  for (const re of PROTECTED) {
    for (const m of text.matchAll(re)) for (let i = m.index! + 1; i < m.index! + m[0].length; i++) out.push(i);
  }
  // Never before a percent sign, whatever precedes it.
  for (const m of text.matchAll(/[%％]/g)) out.push(m.index!);
  // A word-initial hyphen stays with its word: "Organisationen und -Communities".
  for (const m of text.matchAll(/(?:^|\s)[-‐‑](?=\p{L})/gu)) out.push(m.index! + m[0].length);
  return out;
}

/**
 * Slide text with the breaks renderers would take inside protected sequences replaced by characters
 * they do not break at: no-break spaces in "n = 64" and before "%", a non-breaking hyphen at the start
 * of "-Communities". Intl already writes U+202F/U+00A0 in "84 %" for fr and de; this leaves those.
 */
export function protectSequences(text: string): string {
  const positions = new Set(protectedPositions(text));
  if (positions.size === 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ' && (positions.has(i) || positions.has(i + 1))) out += '\u00A0';
    else if ((ch === '-' || ch === '‐') && positions.has(i + 1) && (i === 0 || /\s/.test(text[i - 1]))) out += '\u2011';
    else out += ch;
  }
  return out;
}

// ───────────────────────────── CJK phrases ─────────────────────────────

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF\u30FC]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Opening brackets and quotation marks of Chinese and Japanese text (a line may start with one). */
const OPENING = /[\p{Ps}“‘]/u;

function isCjk(ch: string | undefined): boolean {
  return !!ch && CJK.test(ch);
}

let jaParser: Parser | undefined;
let zhParser: Parser | undefined;

/** Positions between two words of the text, by ICU's word segmenter for the locale (a dictionary for CJK). */
function wordBoundaries(text: string, locale?: string): Set<number> {
  const out = new Set<number>();
  for (const { index } of new Intl.Segmenter(locale?.startsWith('ja') ? 'ja' : 'zh', { granularity: 'word' }).segment(text)) out.add(index);
  return out;
}

/** budoux's model for the text: Japanese for ja (or any kana), Simplified Chinese for other Han text. */
function phraseParserFor(text: string, locale?: string): Parser | undefined {
  if (!/\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(text)) return undefined;
  const { jaModel, Parser, zhHansModel } = budoux();
  if (locale?.startsWith('ja') || (!locale?.startsWith('zh') && KANA.test(text))) return (jaParser ??= new Parser(jaModel));
  return (zhParser ??= new Parser(zhHansModel));
}

/** budoux, loaded for the first Chinese or Japanese text: it loads an HTML DOM (linkedom) too, ≈ 0.3 s. */
function budoux(): typeof import('budoux') {
  return createRequire(import.meta.url)('budoux') as typeof import('budoux');
}

// ───────────────────────────── German hyphenation ─────────────────────────────

function isGerman(locale?: string): boolean {
  return !!locale && /^de\b/i.test(locale);
}

type Hyphenate = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
let hyphenateDe: Hyphenate | undefined;

/** Positions inside words of 8+ letters where the 1996 German patterns allow a hyphen. */
function hyphenationPoints(text: string): number[] {
  hyphenateDe ??= (createRequire(import.meta.url)('hyphen/de-1996') as { hyphenateSync: Hyphenate }).hyphenateSync;
  const marked = hyphenateDe(text, { hyphenChar: '\u00AD', minWordLength: 8 });
  const out: number[] = [];
  let at = 0;
  for (const ch of marked) {
    if (ch === '\u00AD') out.push(at);
    else at += ch.length;
  }
  return out;
}
