// Bind stage: number formatting for slides, through Intl for the deck's locale. Pure.
// The report rounds half-up; Intl's default rounding (halfExpand) is half-up for positive numbers,
// but a share like 0.835 may be stored as 0.834999…, so snap to 10 decimals first.
import type { Locale } from '../ir.js';

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

export function snap(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}

/** Whole percent, half-up: 0.835 → "84%" (en), "84 %" (de, fr). */
export function formatPercent(share: number, locale: Locale, fractionDigits = 0): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(snap(share));
}

/**
 * A number in the deck's locale, with a minus sign (U+2212) rather than the hyphen Intl writes: "−49",
 * as typeset figures are ("Net Promoter Score −49"). A value that rounds to zero is "0", never "−0".
 */
export function formatNumber(n: number, locale: Locale, fractionDigits = 0): string {
  const text = numberFormat(locale, { maximumFractionDigits: fractionDigits }).format(snap(n));
  if (!text.startsWith('-')) return text;
  return /^-0(?:[.,]0*)?$/.test(text) ? text.slice(1) : `\u2212${text.slice(1)}`;
}

/** Whole percent as an integer, half-up, for comparisons and tests. */
export function roundPercent(share: number): number {
  return Math.round(snap(share * 100));
}

/** a / b rounded to one decimal, for "4× as likely" phrasing. */
export function ratio(a: number, b: number): number {
  if (b === 0) return Number.POSITIVE_INFINITY;
  return Math.round(snap((a / b) * 10)) / 10;
}
