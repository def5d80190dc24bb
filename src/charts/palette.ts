// Charts stage: colours that carry meaning. Rows say what a colour means (a level's tone on a scale
// with a good end, an earlier wave), the brand gives the palette; these pick each value's colour.
// Pure.
import type { ChartRow } from '../ir.js';

/** Share of the background mixed into the series colour for an earlier wave (lighter on white, darker on charcoal). */
export const PREVIOUS_WAVE_MIX = 0.55;

/**
 * Colour field values in scale order: by the smallest `order` field of their rows when the rows
 * carry it (`levelIndex`, `seriesIndex`, as the specs sort their colour scales), else first seen.
 */
function colourDomain(rows: ChartRow[], field: string, order: string): string[] {
  const first = new Map<string, number>();
  rows.forEach((r, i) => {
    const v = String(r[field]);
    const o = typeof r[order] === 'number' ? (r[order] as number) : i;
    first.set(v, Math.min(first.get(v) ?? Infinity, o));
  });
  return [...first.keys()].sort((a, b) => first.get(a)! - first.get(b)!);
}

/**
 * Scales with a good end: rows carry `tone`, the signed rank of their level from the neutral point
 * (…, -2, -1 bad side; 0 the declared neutral; 1, 2, … good side; no tone: a non-answer). Levels on
 * the good side take the good half of the diverging palette, from its light inner end to its
 * outer end, the bad side the other half; only a declared neutral takes the palette's middle
 * (grey), and a non-answer the brand's muted colour. Undefined when no row carries a tone.
 */
export function toneRange(rows: ChartRow[], field: string, diverging: string[], muted: string): string[] | undefined {
  if (!rows.some((r) => typeof r.tone === 'number')) return undefined;
  const domain = colourDomain(rows, field, 'levelIndex');
  const toneOf = new Map<string, number | undefined>();
  for (const r of rows) if (!toneOf.has(String(r[field]))) toneOf.set(String(r[field]), typeof r.tone === 'number' ? r.tone : undefined);
  const tones = [...toneOf.values()].filter((t): t is number => t !== undefined);
  const good = Math.max(0, ...tones);
  const bad = Math.max(0, ...tones.map((t) => -t));
  const last = diverging.length - 1;
  const middle = last / 2;
  // Inner ends of each half: the first colour past the middle on either side.
  const goodFrom = Math.floor(middle) + 1;
  const badFrom = Math.ceil(middle) - 1;
  const at = (from: number, to: number, rank: number, of: number) => (of <= 1 ? to : from + ((to - from) * (rank - 1)) / (of - 1));
  return domain.map((v) => {
    const t = toneOf.get(v);
    if (t === undefined) return muted;
    if (t === 0) return colourAt(diverging, middle);
    return t > 0 ? colourAt(diverging, at(goodFrom, last, t, good)) : colourAt(diverging, at(badFrom, 0, -t, bad));
  });
}

/**
 * Two waves of one survey: rows of the earlier wave carry `previous: true`. The current wave keeps
 * the series colour and the earlier one is that colour mixed into the background, so the eye reads
 * the current wave first (the two also differ by their order in each group and the legend).
 * Undefined when no row is of an earlier wave.
 */
export function seriesRange(rows: ChartRow[], field: string, categorical: string[], background: string): string[] | undefined {
  if (!rows.some((r) => r.previous === true)) return undefined;
  const domain = colourDomain(rows, field, 'seriesIndex');
  const previous = new Set(rows.filter((r) => r.previous === true).map((r) => String(r[field])));
  let next = 0;
  const current = domain.map((v) => (previous.has(v) ? undefined : categorical[next++ % categorical.length]));
  const base = current.find((c) => c !== undefined) ?? categorical[0];
  return domain.map((v, i) => current[i] ?? mixColours(base, background, PREVIOUS_WAVE_MIX));
}

/** `#RRGGBB` at a fractional position of a palette, interpolated in sRGB between neighbours. */
export function colourAt(palette: string[], position: number): string {
  const lo = Math.max(0, Math.min(palette.length - 1, Math.floor(position)));
  const hi = Math.min(palette.length - 1, lo + 1);
  return mixColours(palette[lo], palette[hi], position - lo);
}

/** `a` moved by `t` (0..1) towards `b`, both `#RRGGBB` (or `RRGGBB`); upper case. */
export function mixColours(a: string, b: string, t: number): string {
  const [x, y] = [rgbOf(a), rgbOf(b)];
  return '#' + x.map((v, k) => Math.round(v + (y[k] - v) * t).toString(16).padStart(2, '0')).join('').toUpperCase();
}

export function rgbOf(hex: string): [number, number, number] {
  const h = hex.replace(/^#/, '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}
